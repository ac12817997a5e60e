import Diagnostics
import ProfileSchemas
import PropertyList

/// SPEC §3: a value of the wrong type is an error. Integers are valid reals.
public struct TypeRule: KeyRule {
  public static let codes: [DiagnosticDescriptor] = [.wrongType]
  public init() {}

  public func check(_ visit: KeyVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    let schema = visit.schema
    let actual = visit.value.value.schemaType
    if schema.accepts(actual) { return }
    if actual == .integer && schema.accepts(.real) { return }
    // A Microsoft list key written as an array is the Microsoft SSO rule's (PC4012).
    if actual == .array && MicrosoftSSORule.isListKey(visit) { return }
    let expected = schema.acceptedTypes.map(typeWord).joined(separator: " or ")
    let found =
      !visit.model.mayQuote(visit.value)
      ? "an interpolated " + typeWord(actual)
      : article(typeWord(actual)) + (isScalar(actual) ? " " + visit.model.describe(visit.value) : "")
    let message =
      visit.isElement
      ? "items of '\(visit.name)' must be \(expected)s, found \(found)"
      : "'\(visit.name)' expects \(article(expected)), found \(found)"
    var fixIts: [FixIt] = []
    if let fix = unquoteFix(visit) { fixIts.append(fix) }
    out.emit(
      .wrongType, message, visit.value.range ?? visit.range, path: visit.path,
      notes: visit.variantNote.map { [$0] } ?? [], fixIts: fixIts)
  }

  func isScalar(_ t: SchemaType) -> Bool { t != .array && t != .dictionary && t != .data }

  /// In a source, `"false"` where a boolean is expected: offer to drop the quotes.
  func unquoteFix(_ visit: KeyVisit) -> FixIt? {
    guard visit.model.origin == .source, case .string(let text) = visit.value.value,
      let range = visit.value.range, range.start < visit.model.file.bytes.count
    else { return nil }
    let first = visit.model.file.bytes[range.start]
    guard first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") else { return nil }
    let fits: Bool
    switch visit.schema.type {
    case .boolean: fits = text == "true" || text == "false"
    case .integer:
      if case .value = ScalarForms.integer(text) { fits = true } else { fits = false }
    case .real:
      if case .value = ScalarForms.real(text) { fits = true } else { fits = false }
    case .date: fits = PlistDate.parseISO8601(text) != nil
    default: fits = false
    }
    guard fits else { return nil }
    return FixIt("remove the quotes", edits: [TextEdit(range: range, replacement: text)])
  }
}
