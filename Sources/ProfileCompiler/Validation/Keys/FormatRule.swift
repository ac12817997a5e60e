import Diagnostics
import ProfileSchemas
import PropertyList

/// SPEC §3: a string not matching the schema's `format` (a regular expression, matched
/// against the whole value) is an error.
public struct FormatRule: KeyRule {
  public static let codes: [DiagnosticDescriptor] = [.formatMismatch]
  public init() {}

  public func applies(to schema: KeySchema, isElement: Bool) -> Bool { schema.format != nil }

  public func check(_ visit: KeyVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard case .string(let text) = visit.value.value, let pattern = visit.schema.format,
      let regex = visit.schema.formatRegex
    else { return }
    // Apple writes some patterns anchored and some not; the whole value must match.
    let matched = (try? regex.wholeMatch(in: text)) != nil
    if matched { return }
    let label = visit.isElement ? "an item of '\(visit.name)'" : "'\(visit.name)'"
    out.emit(
      .formatMismatch, "\(label) value \(visit.model.describe(visit.value)) does not match the format \(pattern)",
      visit.value.range ?? visit.range, path: visit.path, notes: visit.variantNote.map { [$0] } ?? [])
  }
}
