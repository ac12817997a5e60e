import PropertyList

/// How plain scalars read (SPEC §1): exactly `true`/`false` are booleans; YAML 1.2
/// integers and reals; `null`, `~` and the empty value are null.
enum ScalarForms {
  // Every spelling below is ASCII, so a byte count that cannot match rules a string out
  // before any comparison: these run for every plain scalar.
  static func isNull(_ s: String) -> Bool {
    switch s.utf8.count {
    case 0: return true
    case 1: return s == "~"
    case 4: return s == "null" || s == "Null" || s == "NULL"
    default: return false
    }
  }

  static func boolean(_ s: String) -> Bool? {
    let n = s.utf8.count
    guard n == 4 || n == 5 else { return nil }
    if s == "true" { return true }
    if s == "false" { return false }
    return nil
  }

  /// Spellings YAML 1.1 (or 1.2's core schema) would read as booleans; the value they
  /// probably mean.
  static func booleanLookalike(_ s: String) -> Bool? {
    guard s.utf8.count <= 5 else { return nil }
    switch s {
    case "yes", "Yes", "YES", "on", "On", "ON", "y", "Y", "True", "TRUE": return true
    case "no", "No", "NO", "off", "Off", "OFF", "n", "N", "False", "FALSE": return false
    default: return nil
    }
  }

  enum IntegerForm {
    case value(Int64)
    case overflow
    case notInteger
  }

  /// `[-+]?[0-9]+`, `0x[0-9a-fA-F]+`, `0o[0-7]+` (YAML 1.2 core schema).
  static func integer(_ s: String) -> IntegerForm {
    if let form = s.utf8.withContiguousStorageIfAvailable({ integer(bytes: $0) }) { return form }
    return Array(s.utf8).withUnsafeBufferPointer { integer(bytes: $0) }
  }

  private static func integer(bytes: UnsafeBufferPointer<UInt8>) -> IntegerForm {
    var u = bytes[...]
    guard !u.isEmpty else { return .notInteger }
    var negative = false
    var radix: UInt64 = 10
    let first = u[u.startIndex]
    if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      u.removeFirst()
    } else if u.count > 2 && first == UInt8(ascii: "0")
      && (u[u.startIndex + 1] == UInt8(ascii: "x") || u[u.startIndex + 1] == UInt8(ascii: "o"))
    {
      radix = u[u.startIndex + 1] == UInt8(ascii: "x") ? 16 : 8
      u.removeFirst(2)
    }
    guard !u.isEmpty else { return .notInteger }
    var magnitude: UInt64 = 0
    var overflow = false
    for c in u {
      let d: UInt64
      switch c {
      case 0x30...0x39: d = UInt64(c - 0x30)
      case 0x61...0x66 where radix == 16: d = UInt64(c - 0x61 + 10)
      case 0x41...0x46 where radix == 16: d = UInt64(c - 0x41 + 10)
      default: return .notInteger
      }
      if d >= radix { return .notInteger }
      let (m1, o1) = magnitude.multipliedReportingOverflow(by: radix)
      let (m2, o2) = m1.addingReportingOverflow(d)
      if o1 || o2 { overflow = true }
      magnitude = m2
    }
    if overflow { return .overflow }
    if negative {
      if magnitude > UInt64(Int64.max) + 1 { return .overflow }
      return .value(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
    }
    if magnitude > UInt64(Int64.max) { return .overflow }
    return .value(Int64(magnitude))
  }

  enum RealForm {
    case value(Double)
    case nonFinite
    case notReal
  }

  /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, plus YAML's `.inf`/`.nan`
  /// spellings, which a profile cannot hold.
  static func real(_ s: String) -> RealForm {
    // Every spelling of infinity or NaN starts with '.', '+' or '-'.
    if let c = s.utf8.first, c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
      switch s {
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
        ".NaN", ".NAN":
        return .nonFinite
      default: break
      }
    }
    // Anything else must start with a sign, a digit or '.' to be a number at all.
    guard let c = s.utf8.first,
      c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39)
    else { return .notReal }
    let u = Array(s.utf8)
    var i = 0
    if i < u.count && (u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+")) { i += 1 }
    var digits = 0
    while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 {
      i += 1
      digits += 1
    }
    if i < u.count && u[i] == UInt8(ascii: ".") {
      i += 1
      while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 {
        i += 1
        digits += 1
      }
    }
    guard digits > 0 else { return .notReal }
    if i < u.count && (u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E")) {
      i += 1
      if i < u.count && (u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+")) { i += 1 }
      var expDigits = 0
      while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 {
        i += 1
        expDigits += 1
      }
      guard expDigits > 0 else { return .notReal }
    }
    guard i == u.count else { return .notReal }
    guard let v = Double(s) else { return .notReal }
    return v.isFinite ? .value(v) : .nonFinite
  }

  /// Text that was probably meant as a date (`2027-01-31...`), for a precise message.
  static func looksLikeDate(_ s: String) -> Bool {
    let u = Array(s.utf8)
    guard u.count >= 8 else { return false }
    for i in 0..<4 where !(u[i] >= 0x30 && u[i] <= 0x39) { return false }
    return u[4] == UInt8(ascii: "-")
  }
}
