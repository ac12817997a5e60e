import Diagnostics
import ProfileSchemas

/// SPEC §3: a payload type without a schema is compiled but not validated: a warning,
/// an error under `--strict`.
public struct UnknownPayloadTypeRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.noSchema]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    let known = context.schemas.payloadTypes
    for payload in model.payloads where context.schemas.schemas(forPayloadType: payload.type).isEmpty {
      let suggestion = Suggest.closest(to: payload.type, in: known)
      var d = Diagnostic(
        .noSchema,
        "payload type '\(payload.type)' has no schema; its keys are not checked"
          + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
        file: model.file, range: payload.anchor, path: payload.path + ".PayloadType",
        notes: context.strict ? ["--strict makes unknown payload types errors"] : [])
      if context.strict { d.severity = .error }
      if let suggestion, model.origin == .source, let r = payload.anchor, payload.origin != .sso {
        d.fixIts = [FixIt("replace with '\(suggestion)'", edits: [TextEdit(range: r, replacement: suggestion)])]
      }
      out.add(d)
    }
  }
}
