import Diagnostics
import PropertyList

/// The meta keys every payload may carry have fixed types even where no schema checks
/// them: PayloadEnabled (a legacy key, also at the top level) is a boolean everywhere;
/// PayloadDisplayName, PayloadDescription and PayloadOrganization are strings in payloads
/// whose type has no schema (the schema walk checks the others).
public struct MetaKeyTypesRule: PlistRule {
  public static let codes: [DiagnosticDescriptor] = [.wrongType]
  public init() {}

  public func check(
    _ plist: ExistingPlist, _ context: ValidationContext, _ out: inout DiagnosticBag
  ) {
    for (index, dict, _) in plist.identityDictionaries {
      expect(dict, "PayloadEnabled", "a boolean", index: index, &out) { $0.boolValue != nil }
      guard let index, let type = dict["PayloadType"]?.stringValue,
        context.schemas.schemaNames(forPayloadType: type).isEmpty
      else { continue }
      for key in ["PayloadDisplayName", "PayloadDescription", "PayloadOrganization"] {
        expect(dict, key, "a string", index: index, &out) { $0.stringValue != nil }
      }
    }
  }

  func expect(
    _ dict: PlistDict, _ key: String, _ expected: String, index: Int?, _ out: inout DiagnosticBag,
    _ fits: (PlistNode) -> Bool
  ) {
    guard let node = dict[key], !fits(node) else { return }
    out.emit(
      .wrongType, "'\(key)' expects \(expected), found \(ExistingPlist.describe(node))",
      node.range ?? ExistingPlist.anchor(dict, key, fallback: nil),
      path: ExistingPlist.path(index, key))
  }
}
