import Diagnostics
import ProfileSchemas
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

  public func applies(to schema: KeySchema, isElement: Bool) -> Bool {
    schema.rangeMin?.numericValue != nil || schema.rangeMax?.numericValue != nil
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
    let shown = visit.model.describe(visit.value)
    let label = visit.isElement ? "an item of '\(visit.name)'" : "'\(visit.name)'"
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
    // Spelled out with `if let`: `rangeMin?.numericValue.map(RangeRule.show)` crashes the
    // Swift 6.3.1 optimizer (CopyPropagation, "Found outside of lifetime use") in -O builds.
    var lo = "-"
    var hi = "-"
    if let min = visit.schema.rangeMin, let value = min.numericValue { lo = RangeRule.show(value) }
    if let max = visit.schema.rangeMax, let value = max.numericValue { hi = RangeRule.show(value) }
    return ["allowed range: \(lo) to \(hi)"] + (visit.variantNote.map { [$0] } ?? [])
  }

  static func show(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : RealFormat.python(d)
  }
}
