// Placeholder until `lint` is built: a usage error, never a silent success.
enum LintCommand {
  static func run(_ o: Options) throws -> Int32 {
    throw UsageError(message: "'lint' is not available in this build yet", command: "lint")
  }
}
