import Diagnostics
import ProfileSchemas
import PropertyList

/// SPEC §4: an array with fewer or more items than the schema's `repetition` allows.
public struct RepetitionRule: KeyRule {
  public static let codes: [DiagnosticDescriptor] = [.repetitionOutOfRange]
  public init() {}

  public func applies(to schema: KeySchema, isElement: Bool) -> Bool {
    let element = schema.elementSchema
    return (element?.repetitionMin ?? schema.repetitionMin) != nil
      || (element?.repetitionMax ?? schema.repetitionMax) != nil
  }

  /// False when ``check(_:_:_:)`` cannot report `value` (an array within its bounds, or
  /// one without bounds): the walk asks before it builds a visit.
  static func mightReport(_ value: PlistValue, _ schema: KeySchema) -> Bool {
    guard case .array(let items) = value else { return false }
    let element = schema.elementSchema
    if let min = element?.repetitionMin ?? schema.repetitionMin, items.count < min { return true }
    if let max = element?.repetitionMax ?? schema.repetitionMax, items.count > max { return true }
    return false
  }

  public func check(_ visit: KeyVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard case .array(let items) = visit.value.value else { return }
    // Apple writes the bounds on the array's element entry (sometimes on the array).
    let element = visit.schema.elementSchema
    let minimum = element?.repetitionMin ?? visit.schema.repetitionMin
    let maximum = element?.repetitionMax ?? visit.schema.repetitionMax
    if let min = minimum, items.count < min {
      out.emit(
        .repetitionOutOfRange, "'\(visit.name)' has \(items.count) item\(items.count == 1 ? "" : "s"); at least \(min) required",
        visit.value.range ?? visit.range, path: visit.path)
    } else if let max = maximum, items.count > max {
      out.emit(
        .repetitionOutOfRange, "'\(visit.name)' has \(items.count) items; at most \(max) allowed",
        visit.value.range ?? visit.range, path: visit.path)
    }
  }
}
