import Diagnostics
import PropertyList

/// SPEC §3: a number outside the schema's `range` is an error.
public struct RangeRule: KeyRule {
  public static let codes: [DiagnosticDescriptor] = [.valueOutOfRange]
  public init() {}

  /// True/false when the key has a range and the value is a number; nil otherwise.
  static func withinRange(_ visit: KeyVisit) -> Bool? {
    guard visit.schema.rangeMin != nil || visit.schema.rangeMax != nil else { return nil }
    let number: Double
    switch visit.value.value {
    case .integer(let i): number = Double(i)
    case .real(let r): number = r
    default: return nil
    }
    if let min = visit.schema.rangeMin?.numericValue, number < min { return false }
    if let max = visit.schema.rangeMax?.numericValue, number > max { return false }
    return true
  }

  public func check(_ visit: KeyVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    // A key with both a list and a range accepts a listed value outside the range.
    if let list = visit.schema.rangeList, list.contains(where: { RangeListRule.matches($0, visit.value.value) }) {
      return
    }
    let number: Double
    switch visit.value.value {
    case .integer(let i): number = Double(i)
    case .real(let r): number = r
    default: return
    }
    // Spelled out only for a report: most numbers are within range.
    var shown: String { visit.model.describe(visit.value) }
    var label: String { visit.isElement ? "an item of '\(visit.name)'" : "'\(visit.name)'" }
    if let min = visit.schema.rangeMin?.numericValue, number < min {
      out.emit(
        .valueOutOfRange, "\(label) is \(shown), below the minimum \(RangeRule.show(min))",
        visit.value.range ?? visit.range, path: visit.path, notes: bounds(visit))
    } else if let max = visit.schema.rangeMax?.numericValue, number > max {
      out.emit(
        .valueOutOfRange, "\(label) is \(shown), above the maximum \(RangeRule.show(max))",
        visit.value.range ?? visit.range, path: visit.path, notes: bounds(visit))
    }
  }

  func bounds(_ visit: KeyVisit) -> [String] {
    // Spelled out: the optional-chained form crashes Swift 6.3's optimizer (CopyPropagation).
    var lo = "-"
    var hi = "-"
    if let min = visit.schema.rangeMin, let v = min.numericValue { lo = RangeRule.show(v) }
    if let max = visit.schema.rangeMax, let v = max.numericValue { hi = RangeRule.show(v) }
    var notes = ["allowed range: \(lo) to \(hi)"]
    if let note = visit.variantNote { notes.append(note) }
    return notes
  }

  static func show(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : RealFormat.python(d)
  }
}
