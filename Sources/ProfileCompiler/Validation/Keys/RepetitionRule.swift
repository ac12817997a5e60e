import Diagnostics
import ProfileSchemas
import PropertyList

/// SPEC §4: an array with fewer or more items than the schema's `repetition` allows.
public struct RepetitionRule: KeyRule {
  public static let codes: [DiagnosticDescriptor] = [.repetitionOutOfRange]
  public init() {}

  /// The bounds on an array's item count: Apple writes them on the array's element entry
  /// (sometimes on the array).
  static func bounds(_ schema: KeySchema) -> (minimum: Int?, maximum: Int?) {
    let element = schema.elementSchema
    return (element?.repetitionMin ?? schema.repetitionMin, element?.repetitionMax ?? schema.repetitionMax)
  }

  public func applies(to schema: KeySchema, isElement: Bool) -> Bool {
    let (minimum, maximum) = RepetitionRule.bounds(schema)
    return minimum != nil || maximum != nil
  }

  /// False when ``check(_:_:_:)`` cannot report `value` (an array within its bounds, or
  /// one without bounds): the walk asks before it builds a visit.
  static func mightReport(_ value: PlistValue, _ schema: KeySchema) -> Bool {
    guard case .array(let items) = value else { return false }
    let (minimum, maximum) = bounds(schema)
    return minimum.map { items.count < $0 } == true || maximum.map { items.count > $0 } == true
  }

  public func check(_ visit: KeyVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard case .array(let items) = visit.value.value else { return }
    let (minimum, maximum) = RepetitionRule.bounds(visit.schema)
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
