import Diagnostics
import ProfileSchemas
import PropertyList

/// SPEC §3: a value outside the schema's `rangelist` is an error.
public struct RangeListRule: KeyRule {
  public static let codes: [DiagnosticDescriptor] = [.valueNotAllowed]
  public init() {}

  static func matches(_ allowed: SchemaValue, _ value: PlistValue) -> Bool {
    switch (allowed, value) {
    case (.string(let a), .string(let b)): return scalarEqual(a, b)
    case (.boolean(let a), .bool(let b)): return a == b
    case (.integer(let a), .integer(let b)): return Int64(a) == b
    case (.integer(let a), .real(let b)): return Double(a) == b
    case (.real(let a), .real(let b)): return a == b
    case (.real(let a), .integer(let b)): return a == Double(b)
    case (.boolean(let a), .integer(let b)): return (a ? 1 : 0) == b && false
    default: return false
    }
  }

  public func applies(to schema: KeySchema, isElement: Bool) -> Bool {
    schema.hasRangeList
  }

  /// False when ``check(_:_:_:)`` cannot report `value` against `schema`: no list, a
  /// container, a value of the wrong type (TypeRule's business) or an allowed value. The
  /// walk asks before it builds a visit (most listed values are allowed ones); the rule
  /// begins with it.
  static func mightReport(_ value: PlistValue, _ schema: KeySchema) -> Bool {
    guard let allowed = schema.rangeList, !allowed.isEmpty else { return false }
    switch value {
    case .array, .dict, .data: return false
    default: break
    }
    let t = value.schemaType
    guard schema.accepts(t) || (t == .integer && schema.accepts(.real)) else { return false }
    return !allowed.contains(where: { RangeListRule.matches($0, value) })
  }

  public func check(_ visit: KeyVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard RangeListRule.mightReport(visit.value.value, visit.schema), let allowed = visit.schema.rangeList else { return }
    // device_registration has its own, more precise rule (PC4005/PC4006).
    if visit.name == "device_registration" && MicrosoftSSORule.isExtensionDataKey(visit) { return }
    // A key with both a list and a range (Energy Saver timers) accepts either.
    if RangeRule.withinRange(visit) == true { return }
    let shown = allowed.prefix(12).map(RangeListRule.show).joined(separator: ", ") + (allowed.count > 12 ? ", ..." : "")
    var fixIts: [FixIt] = []
    var message = "'\(visit.name)' must be one of \(shown); found \(visit.model.describe(visit.value))"
    if visit.isElement { message = "items of '\(visit.name)' must be one of \(shown); found \(visit.model.describe(visit.value))" }
    if case .string(let text) = visit.value.value {
      let candidates = allowed.compactMap(\.stringValue)
      if let suggestion = Suggest.closest(to: text, in: candidates) {
        message += "; did you mean '\(suggestion)'?"
        if visit.model.origin == .source, let r = visit.value.range {
          fixIts.append(FixIt("replace with '\(suggestion)'", edits: [TextEdit(range: r, replacement: YAMLText.scalar(suggestion))]))
        }
      }
    }
    out.emit(
      .valueNotAllowed, message, visit.value.range ?? visit.range, path: visit.path,
      notes: visit.variantNote.map { [$0] } ?? [], fixIts: fixIts)
  }

  static func show(_ v: SchemaValue) -> String {
    switch v {
    case .string(let s): return "'\(s)'"
    case .integer(let i): return String(i)
    case .real(let d): return RealFormat.python(d)
    case .boolean(let b): return b ? "true" : "false"
    }
  }
}

/// Writing scalars back as source text (fix-its, import, fmt).
public enum YAMLText {
  /// `text` as a YAML scalar that reads back as the same string: plain when that is
  /// unambiguous, double-quoted otherwise.
  public static func scalar(_ text: String) -> String {
    needsQuotes(text) ? doubleQuoted(text) : text
  }

  public static func doubleQuoted(_ text: String) -> String {
    var out = "\""
    for c in text.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if c.value < 0x20 || c.value == 0x7F || (0x80...0x9F).contains(c.value) || c.value == 0xFEFF
          || c.value == 0x2028 || c.value == 0x2029 || c.value == 0xFFFE || c.value == 0xFFFF
        {
          let hex = String(c.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        } else {
          out.unicodeScalars.append(c)
        }
      }
    }
    return out + "\""
  }

  /// True when a plain scalar would not read back as this exact string.
  public static func needsQuotes(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return true }
    if first == " " || last == " " || first == "\t" || last == "\t" { return true }
    // Anything the plain form would type as non-string, or null.
    if ScalarForms.isNull(s) || ScalarForms.boolean(s) != nil || ScalarForms.booleanLookalike(s) != nil { return true }
    if case .value = ScalarForms.integer(s) { return true }
    if case .overflow = ScalarForms.integer(s) { return true }
    switch ScalarForms.real(s) {
    case .notReal: break
    default: return true
    }
    if PlistDate.parseISO8601(s) != nil { return true }
    if ScalarForms.looksLikeDate(s) { return true }
    if ByteSearch.contains(s, "${env:") { return true }
    // Indicators that cannot start a plain scalar.
    let indicators: Set<Unicode.Scalar> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
    if indicators.contains(first) {
      if first == "-" || first == "?" || first == ":" {
        // Allowed when followed by a non-space ("-1" is handled above as a number).
        let second = s.unicodeScalars.dropFirst().first
        if second == nil || second == " " || second == "\t" { return true }
        if first == "-" && s.hasPrefix("---") { return true }
      } else {
        return true
      }
    }
    var previous: Unicode.Scalar = " "
    for c in s.unicodeScalars {
      if c.value < 0x20 || c.value == 0x7F || (0x80...0x9F).contains(c.value) || c.value == 0xFEFF
        || c.value == 0x2028 || c.value == 0x2029 || c.value == 0x85 || c.value == 0xFFFE || c.value == 0xFFFF
      {
        return true
      }
      if c == "#" && (previous == " " || previous == "\t") { return true }
      if previous == ":" && (c == " " || c == "\t") { return true }
      // Flow indicators would end the scalar inside [ ] or { }; quote them everywhere.
      if c == "," || c == "[" || c == "]" || c == "{" || c == "}" { return true }
      previous = c
    }
    if last == ":" { return true }
    return false
  }
}
