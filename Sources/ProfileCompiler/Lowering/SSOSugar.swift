import Diagnostics
import ProfileSyntax
import PropertyList

/// Facts about the Microsoft Enterprise SSO plug-in (SPEC §2; reference/enrollment-facts.md §1).
public enum MicrosoftSSO {
  public static let iOSExtensionIdentifier = "com.microsoft.azureauthenticator.ssoextension"
  public static let macOSExtensionIdentifier = "com.microsoft.CompanyPortalMac.ssoextension"
  public static let macOSTeamIdentifier = "UBF8T346G9"
  public static let authenticatorBundleID = "com.microsoft.azureauthenticator"
  /// The Microsoft Entra URLs, in the order Microsoft documents them.
  public static let urls = [
    "https://login.microsoftonline.com",
    "https://login.microsoft.com",
    "https://sts.windows.net",
    "https://login.partner.microsoftonline.cn",
    "https://login.chinacloudapi.cn",
    "https://login.microsoftonline.us",
    "https://login-us.microsoftonline.com",
  ]
  public static let deviceRegistrationToken = "{{DEVICEREGISTRATION}}"
  /// ExtensionData keys the plug-in reads as one comma-separated string.
  public static let listKeys = ["AppAllowList", "AppBlockList", "AppPrefixAllowList", "AppCookieSSOAllowList"]

  /// `sso:` sugar keys that become a comma-joined ExtensionData string.
  static let listSugar: [(sugar: String, key: String)] = [
    ("app-allow-list", "AppAllowList"),
    ("app-prefix-allow-list", "AppPrefixAllowList"),
    ("app-block-list", "AppBlockList"),
    ("app-cookie-sso-allow-list", "AppCookieSSOAllowList"),
  ]
  /// `sso:` sugar keys that become a 1/0 integer.
  static let booleanSugar: [(sugar: String, key: String)] = [
    ("browser-sso-interaction", "browser_sso_interaction_enabled")
  ]
  static let metaKeys = ["provider", "name", "description", "organization", "uuid", "extension-data"]
  static var allKeys: [String] { metaKeys + listSugar.map(\.sugar) + booleanSugar.map(\.sugar) }

  /// True when a payload dictionary configures the Microsoft plug-in.
  public static func isMicrosoftPayload(_ content: PlistDict) -> Bool {
    guard content["PayloadType"]?.stringValue == "com.apple.extensiblesso" else { return false }
    let ext = content["ExtensionIdentifier"]?.stringValue
    return ext == iOSExtensionIdentifier || ext == macOSExtensionIdentifier
  }
}

extension DocumentLowerer {
  /// Expands `sso: {provider: microsoft, ...}` into a com.apple.extensiblesso payload.
  mutating func expandSSO(
    _ entry: MappingEntry, context: EnrollmentContext, enrollment: EnrollmentSpec?
  ) -> (PendingPayload, SSOSpec)? {
    guard case .mapping(let entries, _) = entry.value.kind else {
      if !entry.value.isMissing {
        emit(
          .wrongShape,
          "'sso' must be a mapping with 'provider: microsoft', found \(entry.value.isEmptyPlain ? "no value" : entry.value.kindDescription)",
          entry.value.isEmptyPlain ? entry.key.range : entry.value.range, path: "sso")
      }
      return nil
    }
    var spec = SSOSpec(
      provider: nil, keyRange: entry.key.range, range: entry.range, payloadIndex: nil, sugarKeys: [:],
      addedDeviceRegistration: false)
    var meta: [(String, PlistNode, SourceRange)] = []
    var explicitUUID: PlistNode? = nil
    var extensionData = PlistDict()
    var extensionDataRange: SourceRange? = nil
    var written: [String: String] = [:]  // ExtensionData key -> the sugar key that wrote it
    let macOS = context.platform == .macOS

    for e in entries {
      guard let key = e.key.scalarText, !e.key.isMissing else { continue }
      let path = "sso." + key
      spec.sugarKeys[key] = e.key.range
      if key == "provider" {
        if let node = lowerString(e, path: path), let text = node.stringValue {
          spec.provider = Located(text, node.range ?? e.value.range)
          if text != "microsoft" {
            var fixIts: [FixIt] = []
            if text.lowercased() == "microsoft", let r = node.range {
              fixIts.append(FixIt("replace with 'microsoft'", edits: [TextEdit(range: r, replacement: "microsoft")]))
            }
            emit(
              .invalidEnumValue, "sso provider '\(text)' has no sugar; only 'microsoft' does", node.range,
              path: path,
              notes: ["write other SSO extensions as a com.apple.extensiblesso payload under 'payloads:'"],
              fixIts: fixIts)
          }
        }
      } else if key == "name" {
        if let node = lowerString(e, path: path) { meta.append(("PayloadDisplayName", node, e.key.range)) }
      } else if key == "description" {
        if let node = lowerString(e, path: path) { meta.append(("PayloadDescription", node, e.key.range)) }
      } else if key == "organization" {
        if let node = lowerString(e, path: path) { meta.append(("PayloadOrganization", node, e.key.range)) }
      } else if key == "uuid" {
        explicitUUID = lowerUUID(e, path: path)
      } else if let sugar = MicrosoftSSO.listSugar.first(where: { $0.sugar == key }) {
        if let node = lowerList(e, path: path) {
          extensionData.set(sugar.key, node, keyRange: e.key.range)
          written[sugar.key] = key
        }
      } else if let sugar = MicrosoftSSO.booleanSugar.first(where: { $0.sugar == key }) {
        if let node = lowerTyped(e, .boolean, path: path), let b = node.boolValue {
          extensionData.set(sugar.key, PlistNode(.integer(b ? 1 : 0), range: node.range), keyRange: e.key.range)
          written[sugar.key] = key
        }
      } else if key == "extension-data" {
        extensionDataRange = e.value.range
        guard case .mapping(let dataEntries, _) = e.value.kind else {
          if !e.value.isMissing {
            emit(.wrongShape, "'extension-data' must be a mapping of ExtensionData keys", e.value.range, path: path)
          }
          continue
        }
        let shape = options.shapes.microsoftExtensionDataShape()
        for d in dataEntries {
          guard let dk = d.key.scalarText, !d.key.isMissing else { continue }
          if let by = written[dk] {
            emit(
              .ssoSugarConflict, "'\(dk)' is set twice: by '\(by)' and in 'extension-data'", d.key.range,
              path: path + "." + dk, notes: ["keep one of them"])
            continue
          }
          if let node = values.lower(d.value, shape: shape?.shape(forKey: dk), path: "sso.ExtensionData." + dk) {
            extensionData.entries.append(PlistEntry(key: dk, keyRange: d.key.range, value: node))
          }
        }
      } else if key == "PayloadDisplayName" || key == "PayloadType" || key == "PayloadIdentifier"
        || key == "PayloadUUID"
      {
        let meta = ["PayloadDisplayName": "name", "PayloadUUID": "uuid"][key]
        emit(
          .handWrittenPayloadKey, "'\(key)' is written by the compiler" + (meta.map { "; use '\($0)'" } ?? ""),
          e.key.range, path: path,
          fixIts: meta.map { [FixIt("rename to '\($0)'", edits: [TextEdit(range: e.key.range, replacement: $0)])] } ?? [])
      } else {
        unknownKey(key, e, candidates: MicrosoftSSO.allKeys, block: "sso", path: path)
      }
    }
    if spec.provider == nil {
      emit(
        .missingRequiredKey, "'sso' has no 'provider'", entry.key.range, path: "sso.provider",
        notes: ["the sugar expands the Microsoft Enterprise SSO plug-in: provider: microsoft"])
    }

    let type = "com.apple.extensiblesso"
    let anchor = entry.key.range
    var content = PlistDict()
    content.set("PayloadType", .string(type), keyRange: anchor)
    content.set("PayloadVersion", .integer(1), keyRange: anchor)
    for (k, node, range) in meta { content.set(k, node, keyRange: range) }
    content.set(
      "ExtensionIdentifier",
      .string(macOS ? MicrosoftSSO.macOSExtensionIdentifier : MicrosoftSSO.iOSExtensionIdentifier),
      keyRange: spec.sugarKeys["provider"] ?? anchor)
    if macOS {
      content.set("TeamIdentifier", .string(MicrosoftSSO.macOSTeamIdentifier), keyRange: anchor)
    }
    content.set("Type", .string("Redirect"), keyRange: anchor)
    content.set("URLs", .array(MicrosoftSSO.urls.map { .string($0) }), keyRange: anchor)
    content.set("ExtensionData", PlistNode(.dict(extensionData), range: extensionDataRange), keyRange: anchor)
    let model = PayloadModel(
      origin: .sso, type: type, content: content, path: "sso", anchor: anchor, range: entry.range)
    return (PendingPayload(model: model, suffix: "extensiblesso", explicitUUID: explicitUUID), spec)
  }

  /// A list sugar value: a sequence of strings (or one string) joined with commas.
  mutating func lowerList(_ e: MappingEntry, path: String) -> PlistNode? {
    switch e.value.kind {
    case .sequence(let items, _):
      var parts: [String] = []
      for (i, item) in items.enumerated() {
        guard let node = values.lower(item, shape: .string, path: path + "[\(i)]") else { continue }
        guard let s = node.stringValue else {
          emit(.wrongType, "'\(e.keyText)' lists bundle identifiers (strings)", item.range, path: path + "[\(i)]")
          continue
        }
        parts.append(s)
      }
      return PlistNode(.string(parts.joined(separator: ",")), range: e.value.range)
    case .scalar:
      guard let node = lowerString(e, path: path) else { return nil }
      return node
    case .mapping:
      emit(.wrongShape, "'\(e.keyText)' must be a list of bundle identifiers", e.value.range, path: path)
      return nil
    case .missing:
      return nil
    }
  }
}
