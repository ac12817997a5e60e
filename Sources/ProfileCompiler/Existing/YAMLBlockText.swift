/// Multi-line strings as YAML literal block scalars (`|`, `|-`, `|+`), for `import`.
extension YAMLText {
  /// A literal block scalar that reads back as exactly `text`: the header (`|`, `|-`,
  /// `|+`, with an indentation indicator when the first line starts with a space) and the
  /// content lines, unindented (the caller indents them; empty lines stay empty). Nil when
  /// no block scalar reproduces the text: a single line, characters that need escapes, or
  /// no line with visible text.
  public static func literalBlock(_ text: String) -> (header: String, lines: [String])? {
    guard text.utf8.contains(UInt8(ascii: "\n")) else { return nil }
    for c in text.unicodeScalars {
      if c == "\n" || c == "\t" { continue }
      if c.value < 0x20 || c.value == 0x7F || (0x80...0x9F).contains(c.value) || c.value == 0xFEFF
        || c.value == 0x2028 || c.value == 0x2029 || c.value == 0xFFFE || c.value == 0xFFFF
      {
        return nil
      }
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Trailing line breaks decide the chomping indicator.
    var trailing = 0
    while lines.count > 1, lines.last == "" {
      lines.removeLast()
      trailing += 1
    }
    guard
      lines.contains(where: { line in line.unicodeScalars.contains { $0 != " " && $0 != "\t" } })
    else {
      return nil
    }
    // Content indentation is detected from the first non-empty line: lines before it may
    // not be longer, and it may not start with a space or tab unless an indicator is given.
    var header = "|"
    let leadIndex = lines.firstIndex { !$0.isEmpty }!
    let lead = lines[leadIndex]
    if lead.hasPrefix(" ") || lead.hasPrefix("\t")
      || lines[..<leadIndex].contains(where: { !$0.isEmpty })
    {
      header += "2"
    }
    switch trailing {
    case 0: header += "-"
    case 1: break
    default:
      header += "+"
      lines += Array(repeating: "", count: trailing - 1)
    }
    return (header, lines)
  }
}

extension YAMLText {
  /// `text` as a value in block context (`key: value`, `- value`): like `scalar(_:)`, but
  /// commas and brackets inside the text stay plain (`Kandji, Inc.`), since they only end
  /// a scalar inside a flow collection.
  public static func blockScalar(_ text: String) -> String {
    guard needsQuotes(text) else { return text }
    let flow = ",[]{}".unicodeScalars
    guard let first = text.unicodeScalars.first, !flow.contains(first) else {
      return doubleQuoted(text)
    }
    var relaxed = String.UnicodeScalarView()
    for c in text.unicodeScalars { relaxed.append(flow.contains(c) ? "a" : c) }
    return needsQuotes(String(relaxed)) ? doubleQuoted(text) : text
  }
}
