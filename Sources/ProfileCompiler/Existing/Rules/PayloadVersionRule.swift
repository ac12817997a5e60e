import Diagnostics
import PropertyList

/// PayloadVersion is the integer 1, at the top level and in every payload. A payload
/// without one is an error: Apple's schema requires it.
public struct PayloadVersionRule: PlistRule {
  public static let codes: [DiagnosticDescriptor] = [
    .missingProfileKey, .unsupportedPayloadVersion,
  ]
  public init() {}

  public func check(
    _ plist: ExistingPlist, _ context: ValidationContext, _ out: inout DiagnosticBag
  ) {
    for (index, dict, range) in plist.identityDictionaries {
      let path = ExistingPlist.path(index, "PayloadVersion")
      guard let node = dict["PayloadVersion"] else {
        out.emit(
          .missingProfileKey, "\(ExistingPlist.owner(dict, index: index)) has no PayloadVersion",
          range,
          path: path, notes: ["add PayloadVersion with the integer 1"])
        continue
      }
      if node.integerValue == 1 { continue }
      out.emit(
        .unsupportedPayloadVersion,
        "PayloadVersion of \(ExistingPlist.owner(dict, index: index)) is \(ExistingPlist.describe(node)); expected the integer 1",
        node.range ?? ExistingPlist.anchor(dict, "PayloadVersion", fallback: range), path: path)
    }
  }
}
