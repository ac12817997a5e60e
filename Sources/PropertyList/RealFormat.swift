/// Formats a Double exactly as Python's `repr(float)` does, which is what plistlib writes
/// inside `<real>`: the shortest digits that round-trip, fixed notation when the decimal
/// exponent is in -4..<16, otherwise `d.ddde+XX`; `inf`, `-inf`, `nan`.
public enum RealFormat {
  public static func python(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
    let (negative, digits, decpt) = shortestDigits(x)
    var out = negative ? "-" : ""
    // Python: value = 0.DIGITS x 10^decpt; exponent notation if decpt <= -4 or decpt > 16.
    if decpt <= -4 || decpt > 16 {
      out += String(digits.first!)
      if digits.count > 1 { out += "." + String(digits.dropFirst()) }
      let exp = decpt - 1
      out += exp < 0 ? "e-" : "e+"
      let e = String(abs(exp))
      out += e.count < 2 ? "0" + e : e
    } else if decpt <= 0 {
      out += "0." + String(repeating: "0", count: -decpt) + String(digits)
    } else if decpt >= digits.count {
      out += String(digits) + String(repeating: "0", count: decpt - digits.count) + ".0"
    } else {
      let i = digits.index(digits.startIndex, offsetBy: decpt)
      out += String(digits[..<i]) + "." + String(digits[i...])
    }
    return out
  }

  /// Shortest round-trip decimal digits (no leading/trailing zeros) and the decimal point
  /// position, taken from Swift's own shortest formatting (`description`).
  static func shortestDigits(_ x: Double) -> (Bool, [Character], Int) {
    let s = abs(x).description  // e.g. "1.5", "1e-05", "1.2345e+20", "123.0"
    var mantissa = Substring(s)
    var exp = 0
    if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = s[..<e]
      exp = Int(s[s.index(after: e)...])!
    }
    var intPart = Substring(mantissa)
    var fracPart = Substring("")
    if let dot = mantissa.firstIndex(of: ".") {
      intPart = mantissa[..<dot]
      fracPart = mantissa[mantissa.index(after: dot)...]
    }
    var digits = Array(intPart) + Array(fracPart)
    var decpt = intPart.count + exp
    while let f = digits.first, f == "0", digits.count > 1 {
      digits.removeFirst()
      decpt -= 1
    }
    while let l = digits.last, l == "0", digits.count > 1 { digits.removeLast() }
    return (x < 0, digits, decpt)
  }
}
