import Diagnostics
import PropertyList

/// PayloadContent is an array of payload dictionaries, each naming its PayloadType. An
/// encrypted profile has EncryptedPayloadContent instead (EncryptedProfileRule).
public struct PayloadContentRule: PlistRule {
  public static let codes: [DiagnosticDescriptor] = [.malformedPayloadContent, .missingProfileKey]
  public init() {}

  public func check(
    _ plist: ExistingPlist, _ context: ValidationContext, _ out: inout DiagnosticBag
  ) {
    guard let top = plist.top else { return }
    guard let content = top["PayloadContent"] else {
      if top["EncryptedPayloadContent"] == nil {
        out.emit(
          .malformedPayloadContent, "the profile has no PayloadContent", plist.root.range,
          path: "PayloadContent", notes: ["a profile without payloads has an empty array"])
      }
      return
    }
    guard let items = content.arrayValue else {
      out.emit(
        .malformedPayloadContent,
        "PayloadContent is \(ExistingPlist.describe(content)), not an array of payloads",
        content.range ?? ExistingPlist.anchor(top, "PayloadContent", fallback: plist.root.range),
        path: "PayloadContent")
      return
    }
    for (i, item) in items.enumerated() {
      let path = "PayloadContent[\(i)]"
      guard let dict = item.dictValue else {
        out.emit(
          .malformedPayloadContent,
          "\(path) is \(ExistingPlist.describe(item)), not a payload dictionary",
          item.range, path: path)
        continue
      }
      guard let type = dict["PayloadType"] else {
        out.emit(
          .missingProfileKey, "payload \(path) has no PayloadType", item.range,
          path: path + ".PayloadType")
        continue
      }
      if type.stringValue == nil {
        out.emit(
          .missingProfileKey,
          "PayloadType of payload \(path) is \(ExistingPlist.describe(type)); expected a string",
          type.range, path: path + ".PayloadType")
      } else if type.stringValue == "" {
        out.emit(
          .missingProfileKey, "PayloadType of payload \(path) is empty", type.range,
          path: path + ".PayloadType")
      }
    }
  }
}
