import Diagnostics
import PropertyList

/// SPEC §3: a key whose name says it holds a secret, written with a literal value, should
/// be interpolated from the environment instead (sources only: existing profiles carry
/// their secrets by nature).
public struct SecretRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.literalSecret]
  public init() {}

  /// True when the key ends in Password, Passphrase, Secret (any of the three capitalized
  /// or not) or PIN, perhaps followed by digits: `Password`, `SharedSecret`, `AuthPassword`,
  /// `PIN`. A key that only starts or contains such a word names something about secrets
  /// (`passwordContentRegex`, `maxPINAgeInDays`, `XAuthPasswordEncryption`), not one.
  static func looksSecret(_ key: String) -> Bool {
    // Runs for every scalar of every payload: bytes in place, no allocation, and most keys
    // are turned away by their last letter.
    func scan(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
      var end = u.count
      while end > 0 && u[end - 1] >= 0x30 && u[end - 1] <= 0x39 { end -= 1 }
      guard end > 0 else { return false }
      /// `u[..<end]` ends in `rest` preceded by `first` (either case when `anyCase`).
      func endsIn(_ first: UInt8, _ rest: StaticString, anyCase: Bool) -> Bool {
        rest.withUTF8Buffer { w in
          let start = end - w.count - 1
          guard start >= 0 else { return false }
          for k in 0..<w.count where u[start + 1 + k] != w[k] { return false }
          return u[start] == first || (anyCase && u[start] == first | 0x20)
        }
      }
      switch u[end - 1] {
      case UInt8(ascii: "d"): return endsIn(UInt8(ascii: "P"), "assword", anyCase: true)
      case UInt8(ascii: "e"): return endsIn(UInt8(ascii: "P"), "assphrase", anyCase: true)
      case UInt8(ascii: "t"): return endsIn(UInt8(ascii: "S"), "ecret", anyCase: true)
      case UInt8(ascii: "N"): return endsIn(UInt8(ascii: "P"), "IN", anyCase: false)
      default: return false
      }
    }
    if let found = key.utf8.withContiguousStorageIfAvailable(scan) { return found }
    return Array(key.utf8).withUnsafeBufferPointer(scan)
  }

  /// True when the data value at `range` is written inline (`{base64: ...}`), not read
  /// from a file.
  static func isInlineData(_ model: ProfileModel, _ range: SourceRange) -> Bool {
    // The value's first key: `{base64: ...}` or a block `base64: ...`, not `{file: ...}`.
    let bytes = model.file.bytes
    guard range.start < range.end, range.end <= bytes.count else { return false }
    var i = range.start
    while i < range.end && (bytes[i] == UInt8(ascii: "{") || bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D) {
      i += 1
    }
    return bytes[i..<range.end].starts(with: Array("base64".utf8))
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
    for i in model.payloads.indices {
      visit(model.payloads[i].content, base: model.payloads[i].path, steps: &steps, model: model, out: &out)
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

  /// PC4018 for the value at `range` of `key`; `replaceable` when an `${env:NAME}` string
  /// may stand in its place (the fix-it), else the same advice as a note.
  func report(_ key: String, _ range: SourceRange, base: String, steps: [Step], replaceable: Bool, out: inout DiagnosticBag) {
    let reference = "${env:\(SecretRule.variableName(key))}"
    let why = "secrets in sources end up in the repository and in build logs"
    out.emit(
      .literalSecret, "'\(key)' holds a literal secret", range, path: SecretRule.path(base, steps, key),
      notes: replaceable ? [why] : [why, "read it from the environment instead: \(reference)"],
      fixIts: replaceable
        ? [FixIt("read it from the environment: \(reference)", edits: [TextEdit(range: range, replacement: reference)])] : [])
  }

  func visit(_ dict: PlistDict, base: String, steps: inout [Step], model: ProfileModel, out: inout DiagnosticBag) {
    // Entries are read in place (this walk visits every value of every payload): a copy of
    // each entry, and of each string matched out of it, cost more than the checks.
    dict.entries.withUnsafeBufferPointer { entries in
      for i in entries.indices {
        switch entries[i].value.value {
        case .string:
          guard SecretRule.looksSecret(entries[i].key), let s = entries[i].value.stringValue else { continue }
          guard !s.isEmpty, model.mayQuote(entries[i].value), !SecretRule.isPlaceholder(s),
            let r = entries[i].value.range
          else { continue }
          report(entries[i].key, r, base: base, steps: steps, replaceable: true, out: &out)
        case .integer, .real, .data:
          // A number (`PIN: 1234`) or inline data (`SharedSecret: {base64: ...}`) is as
          // literal as a string; data read from a `{file: ...}` is not in the source.
          guard SecretRule.looksSecret(entries[i].key), let r = entries[i].value.range else { continue }
          if case .data = entries[i].value.value, !SecretRule.isInlineData(model, r) { continue }
          // No fix-it: an interpolated value is a string, which the key may not take.
          report(entries[i].key, r, base: base, steps: steps, replaceable: false, out: &out)
        case .dict(let d):
          steps.append(.member(entries[i].key))
          visit(d, base: base, steps: &steps, model: model, out: &out)
          steps.removeLast()
        case .array(let items):
          for j in items.indices {
            if case .dict(let d) = items[j].value {
              steps.append(.item(entries[i].key, j))
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

}
