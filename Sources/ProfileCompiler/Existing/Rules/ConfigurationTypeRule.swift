import Diagnostics
import PropertyList

/// A profile is a dictionary whose top-level PayloadType is `Configuration`.
public struct ConfigurationTypeRule: PlistRule {
  public static let codes: [DiagnosticDescriptor] = [.notAConfigurationProfile]
  public init() {}

  public func check(
    _ plist: ExistingPlist, _ context: ValidationContext, _ out: inout DiagnosticBag
  ) {
    guard let top = plist.top else {
      out.emit(
        .notAConfigurationProfile,
        "the property list holds \(ExistingPlist.describe(plist.root)), not a profile dictionary",
        plist.root.range, notes: ["a profile is a dictionary with PayloadType 'Configuration'"])
      return
    }
    guard let node = top["PayloadType"] else {
      out.emit(
        .notAConfigurationProfile,
        "the profile has no top-level PayloadType; expected 'Configuration'",
        plist.root.range, path: "PayloadType")
      return
    }
    guard let type = node.stringValue, type != "Configuration" else {
      if node.stringValue == nil {
        out.emit(
          .notAConfigurationProfile,
          "top-level PayloadType is \(ExistingPlist.describe(node)); expected the string 'Configuration'",
          node.range, path: "PayloadType")
      }
      return
    }
    var notes: [String] = []
    if type.lowercased() == "configuration" {
      notes.append("the value is case-sensitive")
    } else if top["PayloadContent"] == nil && type.contains(".") {
      notes.append("this looks like a single payload; put it in the PayloadContent of a profile")
    }
    out.emit(
      .notAConfigurationProfile, "top-level PayloadType '\(type)' is not 'Configuration'",
      node.range,
      path: "PayloadType", notes: notes)
  }
}
