import Diagnostics
import PropertyList

/// SPEC §3: com.apple.extensiblesso — `Type: Redirect` needs `URLs`, `Credential` needs
/// `Hosts`; URLs are http(s) with a host and no query or fragment. (Uniqueness across
/// every SSO payload of a run is SSOTargetUniqueness.)
public struct SSOPayloadRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.ssoMissingTargets, .ssoInvalidURL]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    for payload in model.payloads where payload.type == "com.apple.extensiblesso" {
      let type = payload.content["Type"]?.stringValue
      let needed = type == "Redirect" ? "URLs" : type == "Credential" ? "Hosts" : nil
      if let needed {
        let items = payload.content[needed]?.arrayValue
        if items == nil || items!.isEmpty {
          out.emit(
            .ssoMissingTargets, "an SSO payload of Type '\(type!)' needs \(needed)",
            model.keyRange(payload, "Type"), path: payload.path(of: needed),
            notes: [needed == "URLs" ? "Redirect extensions act on the URLs they list" : "Credential extensions act on the hosts they list"])
        }
      }
      guard let urls = payload.content["URLs"]?.arrayValue else { continue }
      for (i, node) in urls.enumerated() {
        guard let url = node.stringValue else { continue }
        if let problem = SSOPayloadRule.urlProblem(url) {
          out.emit(
            .ssoInvalidURL, "SSO URL \(model.describe(node)) \(problem)", node.range ?? model.keyRange(payload, "URLs"),
            path: payload.path(of: "URLs") + "[\(i)]")
        }
      }
    }
  }

  /// Why `url` is not a valid Extensible SSO URL, or nil.
  static func urlProblem(_ url: String) -> String? {
    let lower = url.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return "must start with https:// or http://" }
    if ByteSearch.contains(url, "?") { return "must not have a query string" }
    if ByteSearch.contains(url, "#") { return "must not have a fragment" }
    let afterScheme = url.drop { $0 != "/" }.dropFirst(2)
    let host = afterScheme.prefix { $0 != "/" && $0 != ":" }
    if host.isEmpty { return "has no host" }
    if ByteSearch.contains(url, " ") { return "must not contain spaces" }
    return nil
  }
}
