// Placeholder until `diff` is built: a usage error, never a silent success.
enum DiffCommand {
  static func run(_ o: Options) throws -> Int32 {
    throw UsageError(message: "'diff' is not available in this build yet", command: "diff")
  }
}
