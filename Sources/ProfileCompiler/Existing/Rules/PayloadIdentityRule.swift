import Diagnostics
import PropertyList

/// PayloadIdentifier and PayloadUUID, at the top level and in every payload: present,
/// non-empty strings. A UUID not in 8-4-4-4-12 form is a warning (devices only compare
/// UUIDs), an error under `--strict`. Duplicates are DuplicatePayloadIdentityRule's.
public struct PayloadIdentityRule: PlistRule {
  public static let codes: [DiagnosticDescriptor] = [.missingProfileKey, .malformedPayloadUUID]
  public init() {}

  public func check(
    _ plist: ExistingPlist, _ context: ValidationContext, _ out: inout DiagnosticBag
  ) {
    for (index, dict, range) in plist.identityDictionaries {
      let owner = ExistingPlist.owner(dict, index: index)
      for key in ["PayloadIdentifier", "PayloadUUID"] {
        let path = ExistingPlist.path(index, key)
        guard let node = dict[key] else {
          out.emit(.missingProfileKey, "\(owner) has no \(key)", range, path: path)
          continue
        }
        guard let text = node.stringValue else {
          out.emit(
            .missingProfileKey,
            "\(key) of \(owner) is \(ExistingPlist.describe(node)); expected a string",
            node.range, path: path)
          continue
        }
        if text.isEmpty {
          out.emit(.missingProfileKey, "\(key) of \(owner) is empty", node.range, path: path)
        } else if key == "PayloadUUID" && !UUIDv5.isWellFormed(text) {
          var d = Diagnostic(
            .malformedPayloadUUID, "PayloadUUID '\(text)' of \(owner) is not in 8-4-4-4-12 form",
            file: out.file, range: node.range, path: path,
            notes: ["devices only need it to be unique, but tools that parse UUIDs may reject it"])
          if context.strict {
            d.severity = .error
            d.notes.append("--strict makes malformed UUIDs errors")
          }
          out.add(d)
        }
      }
    }
  }
}
