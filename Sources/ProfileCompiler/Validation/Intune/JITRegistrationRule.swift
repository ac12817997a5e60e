import Diagnostics

/// SPEC §3: `jit-registration: true` needs an Intune enrollment type and the Microsoft
/// SSO extension (the `sso:` block), whose ExtensionData then carries device_registration.
public struct JITRegistrationRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.jitNeedsIntune, .jitNeedsMicrosoftSSO]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard let jit = model.enrollment?.jitRegistration, jit.value else { return }
    let type = model.context.type
    if !type.isIntune {
      out.emit(
        .jitNeedsIntune, "JIT registration is an Intune feature; '\(type.rawValue)' is not an Intune enrollment type",
        jit.range, path: "enrollment.jit-registration",
        notes: ["Intune types: app-based, web-based, account-driven-user, user-with-company-portal"])
    }
    if model.sso == nil {
      let hasRawMicrosoft = model.payloads.contains { MicrosoftSSO.isMicrosoftPayload($0.content) }
      let insertion = JITRegistrationRule.appendBlock("sso:\n  provider: microsoft\n", to: model)
      out.emit(
        .jitNeedsMicrosoftSSO,
        hasRawMicrosoft
          ? "JIT registration needs the 'sso:' block; the raw Microsoft SSO payload does not get device_registration added"
          : "JIT registration needs the Microsoft SSO extension, but the profile has no 'sso:' block",
        jit.range, path: "enrollment.jit-registration",
        notes: ["the sso block expands to the Microsoft Enterprise SSO plug-in payload with device_registration"],
        fixIts: [FixIt("add an 'sso:' block with provider microsoft", edits: [insertion])])
    } else if let provider = model.sso?.provider, provider.value != "microsoft" {
      out.emit(
        .jitNeedsMicrosoftSSO, "JIT registration needs the Microsoft SSO extension, not '\(provider.value)'",
        provider.range, path: "sso.provider",
        fixIts: [FixIt("use provider microsoft", edits: [TextEdit(range: provider.range, replacement: "microsoft")])])
    }
  }

  /// An edit that appends a top-level block at the end of the document.
  static func appendBlock(_ block: String, to model: ProfileModel) -> TextEdit {
    let bytes = model.file.bytes
    let end = bytes.count
    let needsNewline = end > 0 && bytes[end - 1] != 0x0A && bytes[end - 1] != 0x0D
    return TextEdit(range: SourceRange(at: end), replacement: (needsNewline ? "\n" : "") + block)
  }
}
