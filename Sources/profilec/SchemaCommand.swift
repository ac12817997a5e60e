import ProfileCompiler
import ProfileSchemas

/// `profilec schema list | show TYPE | export --json-schema` (issues 3.6 and 6.5).
enum SchemaCommand {
  static func run(_ o: Options) throws -> Int32 {
    guard let sub = o.positional.first else {
      throw UsageError(message: "schema needs a subcommand: list, show TYPE or export --json-schema", command: "schema")
    }
    let set = try CompilerSetup.schemas(o)
    let args = Array(o.positional.dropFirst())
    switch sub {
    case "list":
      guard args.isEmpty else { throw UsageError(message: "schema list takes no arguments", command: "schema") }
      FileIO.writeStandardOutput(SchemaTables.list(set))
    case "show":
      guard args.count == 1 else {
        throw UsageError(message: "schema show takes one payload type, e.g. com.apple.webClip.managed", command: "schema")
      }
      guard let schemas = SchemaTables.schemas(named: args[0], in: set) else {
        let candidates = SchemaTables.suggestions(for: args[0], in: set)
        var message = "no schema for payload type '\(args[0])'"
        if candidates.count == 1 {
          message += "; did you mean '\(candidates[0])'?"
        } else if !candidates.isEmpty {
          message += "; did you mean one of: " + candidates.map { "'\($0)'" }.joined(separator: ", ") + "?"
        }
        throw UsageError(message: message + "\n'profilec schema list' lists every payload type", command: "schema")
      }
      FileIO.writeStandardOutput(SchemaTables.show(schemas, set: set))
    case "export":
      guard o.jsonSchema else {
        throw UsageError(message: "schema export needs --json-schema (the only export format)", command: "schema")
      }
      guard args.isEmpty else { throw UsageError(message: "schema export takes no arguments", command: "schema") }
      FileIO.writeStandardOutput(JSONSchemaExport.render(set))
    default:
      let suggestion = Suggest.didYouMean(sub, ["list", "show", "export"])
      throw UsageError(message: "unknown schema subcommand '\(sub)'\(suggestion)", command: "schema")
    }
    return 0
  }
}
