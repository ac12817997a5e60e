/// A date as whole seconds since 1970-01-01T00:00:00Z. XML plists carry whole seconds
/// only (plistlib drops fractions), so every reader truncates to seconds.
public struct PlistDate: Sendable, Equatable, Hashable, Comparable {
  public var secondsSince1970: Int64
  public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

  public static func < (a: PlistDate, b: PlistDate) -> Bool {
    a.secondsSince1970 < b.secondsSince1970
  }

  /// Years 1...9999, as Python's datetime allows.
  public static let minSeconds: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
  public static let maxSeconds: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z

  public init?(
    year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0
  ) {
    guard (1...9999).contains(year), (1...12).contains(month), (0...23).contains(hour),
      (0...59).contains(minute), (0...59).contains(second)
    else { return nil }
    guard (1...PlistDate.daysIn(month: month, year: year)).contains(day) else { return nil }
    let days = PlistDate.daysFromCivil(year, month, day)
    secondsSince1970 = days * 86400 + Int64(hour * 3600 + minute * 60 + second)
  }

  static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Howard Hinnant's days_from_civil.
  static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
    let y = Int64(m <= 2 ? y0 - 1 : y0)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = Int64(m > 2 ? m - 3 : m + 9)
    let doy = (153 * mp + 2) / 5 + Int64(d) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
    var days = secondsSince1970 / 86400
    var rem = secondsSince1970 % 86400
    if rem < 0 {
      rem += 86400
      days -= 1
    }
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return (Int(y), Int(m), Int(d), Int(rem / 3600), Int(rem % 3600 / 60), Int(rem % 60))
  }

  /// `YYYY-MM-DDTHH:MM:SSZ`, as plistlib writes it.
  public var iso8601: String {
    let c = components
    return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T" + pad(c.hour, 2)
      + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2) + "Z"
  }

  private func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  /// Parses `YYYY-MM-DDTHH:MM:SSZ` exactly (the source language's date form).
  public static func parseISO8601(_ text: Substring.UTF8View) -> PlistDate? {
    let b = Array(text)
    guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
      b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
      b[19] == UInt8(ascii: "Z")
    else { return nil }
    func num(_ r: Range<Int>) -> Int? {
      var v = 0
      for i in r {
        guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
        v = v * 10 + Int(b[i] - 0x30)
      }
      return v
    }
    guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
      let mi = num(14..<16), let s = num(17..<19)
    else { return nil }
    return PlistDate(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
  }

  public static func parseISO8601(_ text: String) -> PlistDate? {
    parseISO8601(text[...].utf8)
  }
}
