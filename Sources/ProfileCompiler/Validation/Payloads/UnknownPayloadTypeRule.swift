import Diagnostics
import ProfileSchemas

/// SPEC §3: a payload type without a schema is compiled but not validated: a warning,
/// an error under `--strict`.
public struct UnknownPayloadTypeRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.noSchema]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    // Only a payload without a schema needs the sorted list of every type (for "did you
    // mean"); building it for each profile cost more than the rest of validation.
    var known: [String]? = nil
    // A type has no schema exactly when no schema is chosen for it.
    for (i, payload) in model.payloads.enumerated() where context.schemaChoice(model, i) == nil {
      if known == nil { known = context.schemas.payloadTypes }
      let known = known!
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
