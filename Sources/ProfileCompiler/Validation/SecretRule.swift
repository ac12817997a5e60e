import Diagnostics
import PropertyList

/// SPEC §3: a key whose name says it holds a secret, written with a literal value, should
/// be interpolated from the environment instead (sources only: existing profiles carry
/// their secrets by nature).
public struct SecretRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.literalSecret]
  public init() {}

  /// True when the key contains Password, password, Secret, secret, Passphrase,
  /// passphrase or PIN. One pass over the key's bytes: this runs for every string-valued
  /// key of every payload.
  static func looksSecret(_ key: String) -> Bool {
    func scan(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
      func at(_ i: Int, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { w in
          guard i + w.count <= u.count else { return false }
          for k in 1..<w.count where u[i + k] != w[k] { return false }
          return true
        }
      }
      for i in u.indices {
        switch u[i] {
        case UInt8(ascii: "P"):
          if at(i, "Password") || at(i, "Passphrase") || at(i, "PIN") { return true }
        case UInt8(ascii: "p"):
          if at(i, "password") || at(i, "passphrase") { return true }
        case UInt8(ascii: "S"):
          if at(i, "Secret") { return true }
        case UInt8(ascii: "s"):
          if at(i, "secret") { return true }
        default:
          continue
        }
      }
      return false
    }
    if let found = key.utf8.withContiguousStorageIfAvailable(scan) { return found }
    return Array(key.utf8).withUnsafeBufferPointer(scan)
  }

  /// MDM variables are placeholders, not secrets.
  static func isPlaceholder(_ s: String) -> Bool {
    (s.hasPrefix("{{") && s.hasSuffix("}}")) || (s.hasPrefix("$") && s.count > 1) || (s.hasPrefix("%") && s.hasSuffix("%") && s.count > 2)
  }

  /// `WifiPassword` -> `WIFI_PASSWORD`.
  static func variableName(_ key: String) -> String {
    var out = ""
    var previousLower = false
    for c in key.unicodeScalars {
      let isUpper = c.properties.isUppercase
      if isUpper && previousLower { out += "_" }
      if c.properties.isAlphabetic || ("0"..."9").contains(c) {
        out += String(c).uppercased()
      } else {
        out += "_"
      }
      previousLower = c.properties.isLowercase || ("0"..."9").contains(c)
    }
    return out
  }

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard model.origin == .source else { return }
    var steps: [Step] = []
    for payload in model.payloads {
      visit(payload.content, base: payload.path, steps: &steps, model: model, out: &out)
    }
  }

  /// One step below a payload; the data path is spelled out only for a report (this rule
  /// walks every dictionary of every payload and almost never reports).
  enum Step {
    case member(String)
    case item(String, Int)
  }

  static func path(_ base: String, _ steps: [Step], _ key: String) -> String {
    var path = base
    for step in steps {
      switch step {
      case .member(let k): path += "." + k
      case .item(let k, let i): path += "." + k + "[\(i)]"
      }
    }
    return path + "." + key
  }

  func visit(_ dict: PlistDict, base: String, steps: inout [Step], model: ProfileModel, out: inout DiagnosticBag) {
    for entry in dict.entries {
      switch entry.value.value {
      case .string(let s) where SecretRule.looksSecret(entry.key):
        guard !s.isEmpty, model.mayQuote(entry.value), !SecretRule.isPlaceholder(s), let r = entry.value.range else { continue }
        let name = SecretRule.variableName(entry.key)
        out.emit(
          .literalSecret, "'\(entry.key)' holds a literal secret", r, path: SecretRule.path(base, steps, entry.key),
          notes: ["secrets in sources end up in the repository and in build logs"],
          fixIts: [FixIt("read it from the environment: ${env:\(name)}", edits: [TextEdit(range: r, replacement: "${env:\(name)}")])])
      case .dict(let d):
        steps.append(.member(entry.key))
        visit(d, base: base, steps: &steps, model: model, out: &out)
        steps.removeLast()
      case .array(let items):
        for (i, item) in items.enumerated() {
          if case .dict(let d) = item.value {
            steps.append(.item(entry.key, i))
            visit(d, base: base, steps: &steps, model: model, out: &out)
            steps.removeLast()
          }
        }
      default:
        continue
      }
    }
  }
}
