import Diagnostics
import PropertyList

/// The Microsoft Enterprise SSO plug-in's ExtensionData (SPEC §3, seed rules), for the
/// `sso:` sugar and for raw com.apple.extensiblesso payloads alike: device_registration's
/// exact token, no whitespace around keys and values, list keys as comma-separated
/// strings, prefixes ending in '.', never Microsoft Authenticator.
public struct MicrosoftSSORule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [
    .deviceRegistrationWrongValue, .extensionDataWhitespace, .microsoftListNotString, .prefixWithoutDot,
    .authenticatorListed,
  ]
  public init() {}

  /// True when the visit is a key of the Microsoft plug-in's ExtensionData.
  static func isExtensionDataKey(_ visit: KeyVisit) -> Bool {
    guard let payload = visit.payload, MicrosoftSSO.isMicrosoftPayload(payload.content) else { return false }
    return visit.path == payload.path(of: "ExtensionData") + "." + visit.name
  }

  static func isListKey(_ visit: KeyVisit) -> Bool {
    MicrosoftSSO.listKeys.contains(visit.name) && isExtensionDataKey(visit)
  }

  static func hasOuterWhitespace(_ s: String) -> Bool {
    guard let f = s.unicodeScalars.first, let l = s.unicodeScalars.last else { return false }
    return f.properties.isWhitespace || l.properties.isWhitespace
  }

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    for payload in model.payloads where MicrosoftSSO.isMicrosoftPayload(payload.content) {
      guard let ext = payload.content["ExtensionData"]?.dictValue else { continue }
      let base = payload.path(of: "ExtensionData")
      for entry in ext.entries {
        let path = base + "." + entry.key
        let keyRange = entry.keyRange ?? entry.value.range
        let valueRange = entry.value.range ?? keyRange
        if MicrosoftSSORule.hasOuterWhitespace(entry.key) {
          out.emit(
            .extensionDataWhitespace, "ExtensionData key '\(entry.key)' has leading or trailing whitespace",
            keyRange, path: path, notes: ["the plug-in does not trim keys; JIT registration fails with it"])
        }
        if case .string(let s) = entry.value.value, entry.key != "device_registration",
          MicrosoftSSORule.hasOuterWhitespace(s)
        {
          out.emit(
            .extensionDataWhitespace, "ExtensionData value of '\(entry.key)' has leading or trailing whitespace",
            valueRange, path: path, notes: ["the plug-in does not trim values"])
        }
        if entry.key == "device_registration" {
          checkDeviceRegistration(entry, model: model, path: path, out: &out)
        }
        if MicrosoftSSO.listKeys.contains(entry.key) {
          checkList(entry, model: model, path: path, out: &out)
        }
      }
    }
  }

  func checkDeviceRegistration(_ entry: PlistEntry, model: ProfileModel, path: String, out: inout DiagnosticBag) {
    let token = MicrosoftSSO.deviceRegistrationToken
    let range = entry.value.range ?? entry.keyRange
    guard case .string(let s) = entry.value.value else {
      out.emit(
        .deviceRegistrationWrongValue, "device_registration must be the string '\(token)'", range, path: path,
        fixIts: model.origin == .source && entry.value.range != nil
          ? [FixIt("replace with \"\(token)\"", edits: [TextEdit(range: entry.value.range!, replacement: "\"\(token)\"")])] : [])
      return
    }
    if s == token { return }
    let trimmed = String(String.UnicodeScalarView(s.unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }.reversed()))
    let fix: [FixIt] =
      model.origin == .source && entry.value.range != nil
      ? [FixIt("replace with \"\(token)\"", edits: [TextEdit(range: entry.value.range!, replacement: "\"\(token)\"")])] : []
    if trimmed == token {
      out.emit(
        .extensionDataWhitespace, "device_registration has whitespace around '\(token)'", range, path: path,
        notes: ["Microsoft documents that JIT registration fails when the value has leading or trailing whitespace"],
        fixIts: fix)
    } else {
      out.emit(
        .deviceRegistrationWrongValue,
        "device_registration is \(model.describe(entry.value)); the plug-in only understands '\(token)'", range,
        path: path, notes: ["any other value turns just-in-time registration off"], fixIts: fix)
    }
  }

  func checkList(_ entry: PlistEntry, model: ProfileModel, path: String, out: inout DiagnosticBag) {
    let range = entry.value.range ?? entry.keyRange
    var items: [String] = []
    switch entry.value.value {
    case .array(let nodes):
      let strings = nodes.compactMap(\.stringValue)
      var fixIts: [FixIt] = []
      if model.origin == .source, let r = entry.value.range, strings.count == nodes.count {
        fixIts.append(
          FixIt("write one comma-separated string", edits: [TextEdit(range: r, replacement: YAMLText.scalar(strings.joined(separator: ",")))]))
      }
      out.emit(
        .microsoftListNotString,
        "'\(entry.key)' must be one comma-separated string, not an array", range, path: path,
        notes: ["the plug-in ignores a property-list array here; the sso: sugar keys join lists for you"],
        fixIts: fixIts)
      items = strings
    case .string(let s):
      items = s.split(separator: ",").map { String($0) }
    default:
      return  // the schema's type rule reports other types
    }
    for item in items {
      let trimmed = item.trimmingWhitespace()
      if trimmed == MicrosoftSSO.authenticatorBundleID {
        out.emit(
          .authenticatorListed, "'\(entry.key)' lists Microsoft Authenticator (\(trimmed))", range, path: path,
          notes: ["Authenticator hosts the SSO plug-in; Microsoft says never to list it"])
      }
      if (entry.key == "AppPrefixAllowList" || entry.key == "AppCookieSSOAllowList") && !trimmed.isEmpty
        && !trimmed.hasSuffix(".")
      {
        out.emit(
          .prefixWithoutDot, "prefix '\(trimmed)' in '\(entry.key)' does not end in '.'", range, path: path,
          notes: ["'\(trimmed)' also matches '\(trimmed)evil.app'; write '\(trimmed).'"])
      }
    }
  }
}

extension String {
  func trimmingWhitespace() -> String {
    var s = Substring(self)
    while let f = s.unicodeScalars.first, f.properties.isWhitespace { s = s.dropFirst() }
    while let l = s.unicodeScalars.last, l.properties.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}
