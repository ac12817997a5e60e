// Placeholder until `fmt` is built: a usage error, never a silent success.
enum FmtCommand {
  static func run(_ o: Options) throws -> Int32 {
    throw UsageError(message: "'fmt' is not available in this build yet", command: "fmt")
  }
}
