import ProfileSyntax
import PropertyList

/// How `fmt` writes one scalar: plain where that reads back as the same value, quoted
/// otherwise (issue 6.4).
///
/// A plain scalar's type depends on the schema (SPEC §1): `1` is an integer where the
/// schema wants one and a string elsewhere, while `"1"` is always a string. So quotes
/// come off only when the plain text would be a string under *every* schema
/// (`YAMLText.needsQuotes` is false: not a boolean, number, date, null or look-alike).
/// Plain scalars stay plain.
enum ScalarWriting {
  enum Context { case block, flow }

  /// True when `text`, written plain on one line, parses back to exactly `text`.
  static func plainIsSafe(_ text: String, context: Context, isKey: Bool) -> Bool {
    let s = Array(text.unicodeScalars)
    guard let first = s.first, let last = s.last else { return false }
    if first == " " || last == " " || last == ":" { return false }
    // Indicators that cannot start a plain scalar; `-`, `?` and `:` can when followed by
    // a non-blank character.
    if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
    if first == "-" || first == "?" || first == ":" {
      if s.count == 1 || s[1] == " " { return false }
      // In [ ] and { }, YAML 1.1 readers (PyYAML) take `?x` for a key and reject `:x`.
      if context == .flow && first != "-" { return false }
    }
    // A document marker at the start of a line.
    if isKey && (text.hasPrefix("---") || text.hasPrefix("...")) { return false }
    for (i, c) in s.enumerated() {
      if needsEscape(c) { return false }
      if c == ":" && i + 1 < s.count && (s[i + 1] == " " || (context == .flow && isFlowIndicator(s[i + 1]))) {
        return false
      }
      if c == "#" && i > 0 && s[i - 1] == " " { return false }
      // `?` inside a flow scalar ends it for YAML 1.1 readers.
      if context == .flow && (isFlowIndicator(c) || c == "?") { return false }
    }
    return true
  }

  static func isFlowIndicator(_ c: Unicode.Scalar) -> Bool {
    c == "," || c == "[" || c == "]" || c == "{" || c == "}"
  }

  /// Characters written only as escapes: controls (tab and line breaks included), DEL,
  /// C1 controls, line/paragraph separators, the byte-order mark and non-characters.
  static func needsEscape(_ c: Unicode.Scalar) -> Bool {
    let v = c.value
    return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029
      || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF
  }

  /// The scalar as `fmt` writes it on one line.
  static func render(_ text: String, style: ScalarStyle, context: Context, isKey: Bool) -> String {
    if style == .plain {
      // Plain stays plain (its type is the schema's business); only text a plain scalar
      // cannot hold on one line (folded empty lines) is quoted, and that is always a string.
      if plainIsSafe(text, context: context, isKey: isKey) { return text }
      return quoted(text)
    }
    // The project's one rule for writing a string plain (shared with fix-its and import),
    // plus what YAML 1.1 readers need inside [ ].
    if !YAMLText.needsQuotes(text) && (context == .block || plainIsSafe(text, context: .flow, isKey: isKey)) {
      return text
    }
    return quoted(text)
  }

  /// Double quotes, or single quotes when that avoids escaping backslashes and quotes.
  static func quoted(_ text: String) -> String {
    let scalars = text.unicodeScalars
    if !scalars.contains(where: needsEscape) && scalars.contains(where: { $0 == "\\" || $0 == "\"" }) {
      var out = "'"
      for c in scalars {
        out.unicodeScalars.append(c)
        if c == "'" { out.unicodeScalars.append(c) }
      }
      return out + "'"
    }
    return YAMLText.doubleQuoted(text)
  }
}
