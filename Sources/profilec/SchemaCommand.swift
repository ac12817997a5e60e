// Placeholder until `schema` is built: a usage error, never a silent success.
enum SchemaCommand {
  static func run(_ o: Options) throws -> Int32 {
    throw UsageError(message: "'schema' is not available in this build yet", command: "schema")
  }
}
