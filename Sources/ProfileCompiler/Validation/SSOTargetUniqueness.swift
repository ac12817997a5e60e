import Diagnostics
import PropertyList

/// SSO `URLs` and `Hosts` must be unique across every Extensible SSO payload compiled
/// together (SPEC §3): within one profile and across all profiles of one run.
public enum SSOTargetUniqueness {
  struct Seen {
    var model: Int
    var payload: Int
    var text: String
  }

  /// Scheme and host compare case-insensitively; the rest of a URL exactly.
  static func normalizedURL(_ s: String) -> String {
    guard let schemeEnd = s.firstRange(of: "://") else { return s }
    let afterScheme = s[schemeEnd.upperBound...]
    let hostEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
    var rest = String(afterScheme[hostEnd...])
    if rest == "/" { rest = "" }
    return s[..<schemeEnd.upperBound].lowercased() + afterScheme[..<hostEnd].lowercased() + rest
  }

  static let payloadType = "com.apple.extensiblesso"

  /// Whether `model` has a payload this check reads.
  static func concerns(_ model: ProfileModel) -> Bool {
    model.payloads.contains { $0.type == payloadType }
  }

  public static func check(_ models: [ProfileModel]) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var urls: [String: Seen] = [:]
    var hosts: [String: Seen] = [:]
    for (mi, model) in models.enumerated() {
      for (pi, payload) in model.payloads.enumerated() where payload.type == payloadType {
        for (key, normalize) in [("URLs", normalizedURL), ("Hosts", { $0.lowercased() })] as [(String, (String) -> String)] {
          guard let items = payload.content[key]?.arrayValue else { continue }
          for item in items {
            guard let text = item.stringValue else { continue }
            let norm = normalize(text)
            let here = Seen(model: mi, payload: pi, text: text)
            if let first = (key == "URLs" ? urls : hosts)[norm] {
              let other = models[first.model]
              let whereText =
                first.model == mi
                ? "payload \(other.payloads[first.payload].path) of this profile"
                : "\(other.file.path) (\(other.payloads[first.payload].path))"
              var d = Diagnostic(
                .ssoDuplicateTarget,
                "SSO \(key == "URLs" ? "URL" : "host") '\(text)' is already used by \(whereText)",
                file: model.file, range: item.range ?? model.keyRange(payload, key),
                path: payload.path(of: key),
                notes: ["a URL or host may belong to one SSO extension payload per device, across all profiles"])
              if payload.origin == .sso { d.range = model.sso?.keyRange ?? d.range }
              out.append(d)
            } else if key == "URLs" {
              urls[norm] = here
            } else {
              hosts[norm] = here
            }
          }
        }
      }
    }
    return out
  }
}
