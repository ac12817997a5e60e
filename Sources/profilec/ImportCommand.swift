// Placeholder until `import` is built: a usage error, never a silent success.
enum ImportCommand {
  static func run(_ o: Options) throws -> Int32 {
    throw UsageError(message: "'import' is not available in this build yet", command: "import")
  }
}
