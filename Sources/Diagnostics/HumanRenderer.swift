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
    out += paint(": " + d.message, .bold) + "\n"

    var gutterWidth = 1
    if let file = d.file, let range = d.range, !file.lineStarts.isEmpty {
      let line = file.lineIndex(of: range.start)
      let lineNumber = String(line + 1)
      gutterWidth = lineNumber.count
      let pad = String(repeating: " ", count: gutterWidth)
      let content = file.lineContentRange(line)
      let text = String(decoding: file.bytes[content], as: UTF8.self)
      // Caret columns are display columns: tabs print as 4 spaces.
      let startCol = displayWidth(file.bytes[content.lowerBound..<min(range.start, content.upperBound)])
      let endOffset = min(max(range.end, range.start), content.upperBound)
      var width = displayWidth(file.bytes[min(range.start, content.upperBound)..<endOffset])
      if width < 1 { width = 1 }
      out += paint(pad + " |", .blue) + "\n"
      out += paint(lineNumber + " |", .blue) + " " + expandTabs(text) + "\n"
      let marker = "^" + String(repeating: "~", count: width - 1)
      out += paint(pad + " |", .blue) + " " + String(repeating: " ", count: startCol)
        + paint(marker, severityStyle(d.severity)) + "\n"
    }
    let pad = String(repeating: " ", count: gutterWidth)
    for note in d.notes {
      out += pad + " " + paint("= note:", .bold) + " " + note + "\n"
    }
    for fix in d.fixIts {
      out += pad + " " + paint("= help:", .bold) + " " + fix.message + "\n"
    }
    return out
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
