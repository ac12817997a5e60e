import Diagnostics
import PropertyList

/// An encrypted profile's payloads are readable only by the device it was encrypted for.
public struct EncryptedProfileRule: PlistRule {
  public static let codes: [DiagnosticDescriptor] = [.encryptedProfile]
  public init() {}

  public func check(
    _ plist: ExistingPlist, _ context: ValidationContext, _ out: inout DiagnosticBag
  ) {
    guard let top = plist.top, top["EncryptedPayloadContent"] != nil else { return }
    out.emit(
      .encryptedProfile,
      "the profile is encrypted (EncryptedPayloadContent); its payloads cannot be checked",
      ExistingPlist.anchor(top, "EncryptedPayloadContent", fallback: plist.root.range),
      path: "EncryptedPayloadContent",
      notes: [
        "only the device it was encrypted for can read it; lint the profile before encryption"
      ])
  }
}
