/// Renders diagnostics the way a person reads them in a terminal (SPEC §7):
///
///     byod.profile.yaml:12:5: warning[PC3102]: 'allowAirDrop' requires a supervised device ...
///        |
///     12 |     allowAirDrop: false
///        |     ^~~~~~~~~~~~
///        = help: remove it, or target enrollment type 'automated'
public struct HumanRenderer: Sendable {
  public var color: Bool
  public init(color: Bool) { self.color = color }

  private enum Style: String {
    case bold = "\u{1B}[1m"
    case red = "\u{1B}[1;31m"
    case yellow = "\u{1B}[1;33m"
    case cyan = "\u{1B}[1;36m"
    case blue = "\u{1B}[1;34m"
    case green = "\u{1B}[1;32m"
    case reset = "\u{1B}[0m"
  }

  private func paint(_ text: String, _ style: Style) -> String {
    color ? style.rawValue + text + Style.reset.rawValue : text
  }

  private func severityStyle(_ s: Severity) -> Style {
    switch s {
    case .error: return .red
    case .warning: return .yellow
    case .note: return .cyan
    }
  }

  public func render(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    for d in diagnostics { out += render(d) }
    return out
  }

  public func render(_ d: Diagnostic) -> String {
    var out = ""
    var header = ""
    if let name = d.displayFileName {
      header += name
      if let loc = d.startLocation { header += ":\(loc.line):\(loc.column)" }
      header += ": "
    } else {
      header += "profilec: "
    }
    out += paint(header, .bold)
    out += paint("\(d.severity.rawValue)[\(d.code)]", severityStyle(d.severity))
    out += paint(": " + HumanRenderer.sanitize(d.message), .bold) + "\n"

    var gutterWidth = 1
    if let file = d.file, let range = d.range, !file.lineStarts.isEmpty {
      let line = file.lineIndex(of: range.start)
      let lineNumber = String(line + 1)
      gutterWidth = lineNumber.count
      let pad = String(repeating: " ", count: gutterWidth)
      var content = file.lineContentRange(line)
      if line == 0 && file.byteOrderMarkLength > 0 && range.start >= file.byteOrderMarkLength {
        content = min(file.byteOrderMarkLength, content.upperBound)..<content.upperBound
      }
      // Very long lines (minified or hostile input) show a window around the caret.
      var prefix = "", suffix = ""
      let caretStart = min(range.start, content.upperBound)
      if content.count > HumanRenderer.maxLineBytes {
        let from = scalarBoundary(file.bytes, max(content.lowerBound, caretStart - 40), floor: content.lowerBound)
        let to = scalarBoundary(file.bytes, min(content.upperBound, from + HumanRenderer.maxLineBytes - 40), floor: from)
        if from > content.lowerBound { prefix = "..." }
        if to < content.upperBound { suffix = "..." }
        content = from..<max(to, caretStart)
      }
      let text = prefix + String(decoding: file.bytes[content], as: UTF8.self) + suffix
      // Caret columns are display columns: tabs print as 4 spaces.
      let startCol = prefix.count + displayWidth(file.bytes[content.lowerBound..<min(range.start, content.upperBound)])
      let endOffset = min(max(range.end, range.start), content.upperBound)
      var width = displayWidth(file.bytes[min(range.start, content.upperBound)..<endOffset])
      if width < 1 { width = 1 }
      out += paint(pad + " |", .blue) + "\n"
      out += paint(lineNumber + " |", .blue) + " " + HumanRenderer.sanitize(expandTabs(text)) + "\n"
      let marker = "^" + String(repeating: "~", count: width - 1)
      out += paint(pad + " |", .blue) + " " + String(repeating: " ", count: startCol)
        + paint(marker, severityStyle(d.severity)) + "\n"
    }
    let pad = String(repeating: " ", count: gutterWidth)
    for note in d.notes {
      out += pad + " " + paint("= note:", .bold) + " " + HumanRenderer.sanitize(note) + "\n"
    }
    for fix in d.fixIts {
      out += pad + " " + paint("= help:", .bold) + " " + HumanRenderer.sanitize(fix.message) + "\n"
    }
    return out
  }

  static let maxLineBytes = 160

  /// Control characters from a file must never reach the terminal (escape sequences could
  /// rewrite the screen); each prints as U+FFFD, keeping caret columns aligned.
  public static func sanitize(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || (0x7F...0x9F).contains($0.value) }) else {
      return s
    }
    var out = ""
    for c in s.unicodeScalars {
      if (c.value < 0x20 && c != "\t") || (0x7F...0x9F).contains(c.value) {
        out.unicodeScalars.append("\u{FFFD}")
      } else {
        out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// Moves `i` back to the first byte of a UTF-8 sequence.
  private func scalarBoundary(_ bytes: [UInt8], _ i: Int, floor: Int) -> Int {
    var j = i
    while j > floor && j < bytes.count && bytes[j] & 0xC0 == 0x80 { j -= 1 }
    return j
  }

  private func displayWidth(_ bytes: ArraySlice<UInt8>) -> Int {
    var w = 0
    for b in bytes where b & 0xC0 != 0x80 { w += b == 0x09 ? 4 : 1 }
    return w
  }

  private func expandTabs(_ s: String) -> String {
    s.contains("\t") ? s.replacingTabs() : s
  }
}

extension String {
  fileprivate func replacingTabs() -> String {
    var out = ""
    for c in self.unicodeScalars {
      if c == "\t" { out += "    " } else { out.unicodeScalars.append(c) }
    }
    return out
  }
}
