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
