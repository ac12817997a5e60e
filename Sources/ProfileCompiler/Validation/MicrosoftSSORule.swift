import Diagnostics
import PropertyList

/// The Microsoft Enterprise SSO plug-in's ExtensionData rules (SPEC §3, seed rules).
public struct MicrosoftSSORule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = []
  public init() {}
  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {}

  /// True when the visit is a key of the Microsoft plug-in's ExtensionData.
  static func isExtensionDataKey(_ visit: KeyVisit) -> Bool {
    guard let payload = visit.payload, MicrosoftSSO.isMicrosoftPayload(payload.content) else { return false }
    return visit.path == payload.path(of: "ExtensionData") + "." + visit.name
  }

  static func isListKey(_ visit: KeyVisit) -> Bool {
    MicrosoftSSO.listKeys.contains(visit.name) && isExtensionDataKey(visit)
  }
}
