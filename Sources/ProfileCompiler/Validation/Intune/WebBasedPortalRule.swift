import Diagnostics

/// SPEC §3: web-based enrollment without JIT registration should give users the Company
/// Portal website as a web clip (the Company Portal app cannot see the enrollment).
public struct WebBasedPortalRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.webBasedWithoutPortalClip]
  public static let portalURL = "https://portal.manage.microsoft.com/"
  public init() {}

  static func isPortal(_ url: String) -> Bool {
    var u = url.lowercased()
    while u.hasSuffix("/") { u.removeLast() }
    return u == "https://portal.manage.microsoft.com"
  }

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard model.context.type == .webBased, model.enrollment?.jitRegistration?.value != true else { return }
    let hasClip = model.payloads.contains { p in
      p.type == "com.apple.webClip.managed" && (p.content["URL"]?.stringValue).map(WebBasedPortalRule.isPortal) == true
    }
    if hasClip { return }
    let anchor = model.enrollment?.type?.range ?? model.enrollment?.keyRange
    out.emit(
      .webBasedWithoutPortalClip,
      "web-based enrollment without JIT registration should include a web clip to the Company Portal website",
      anchor, path: "enrollment.type",
      notes: ["without it (or JIT with the SSO extension) the Company Portal app cannot tell the device is enrolled"],
      fixIts: model.origin == .source ? [FixIt("add a Company Portal web clip", edits: [insertClip(model)])] : [])
  }

  /// The offset of the last byte in `start..<end` that is neither blank, a line break nor
  /// inside a comment (`#` after a blank or at the start, to the line's end); quoted
  /// scalars are skipped whole, so a `#` inside one starts nothing. nil when there is none.
  static func lastContent(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
    var last: Int? = nil
    var i = start
    while i < end {
      let b = bytes[i]
      if b == UInt8(ascii: "#") && (i == start || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i - 1])) {
        while i < end && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
        continue
      }
      if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
        // To the closing quote ('' inside single quotes, \x inside double quotes).
        var j = i + 1
        while j < end {
          if b == UInt8(ascii: "\"") && bytes[j] == UInt8(ascii: "\\") {
            j += 2
            continue
          }
          if bytes[j] == b {
            if b == UInt8(ascii: "'") && j + 1 < end && bytes[j + 1] == b {
              j += 2
              continue
            }
            break
          }
          j += 1
        }
        last = min(j, end - 1)
        i = j + 1
        continue
      }
      if ![0x20, 0x09, 0x0A, 0x0D].contains(b) { last = i }
      i += 1
    }
    return last
  }

  /// Appends a web clip entry to `payloads:` (or a new `payloads:` block).
  func insertClip(_ model: ProfileModel) -> TextEdit {
    let entry = [
      "- type: com.apple.webClip.managed", "  id: company-portal", "  name: Company Portal",
      "  URL: \(WebBasedPortalRule.portalURL)", "  Label: Company Portal", "  IsRemovable: false",
    ]
    // Before the closing ']' when `payloads:` is a flow sequence (a second `payloads:`
    // block would be a duplicate key).
    if let flow = model.payloadsFlowRange {
      let bytes = model.file.bytes
      let close = flow.end - 1
      if close > flow.start, close < bytes.count, bytes[close] == UInt8(ascii: "]") {
        // Right after the last thing written in the brackets, so a comment after it stays
        // a comment after the clip (and the clip is not commented out).
        let last = WebBasedPortalRule.lastContent(bytes, from: flow.start + 1, to: close)
        let clip =
          "{type: com.apple.webClip.managed, id: company-portal, name: Company Portal, "
          + "URL: \"\(WebBasedPortalRule.portalURL)\", Label: Company Portal, IsRemovable: false}"
        guard let last else { return TextEdit(range: SourceRange(at: flow.start + 1), replacement: clip) }
        let separator = bytes[last] == UInt8(ascii: ",") ? " " : ", "
        return TextEdit(range: SourceRange(at: last + 1), replacement: separator + clip)
      }
    }
    // After the last payload entry, at its indentation, when `payloads:` is a block sequence.
    let entries = model.payloads.filter { if case .entry = $0.origin { return true } else { return false } }
    if let last = entries.last, let range = last.range {
      let file = model.file
      let line = file.lineIndex(of: range.start)
      let lineStart = file.lineStarts[line]
      var dash = lineStart
      while dash < file.bytes.count && file.bytes[dash] == 0x20 { dash += 1 }
      if dash < file.bytes.count && file.bytes[dash] == UInt8(ascii: "-") {
        let indent = String(repeating: " ", count: dash - lineStart)
        let endLine = file.lineIndex(of: max(range.start, range.end - 1))
        let insertAt = endLine + 1 < file.lineStarts.count ? file.lineStarts[endLine + 1] : file.bytes.count
        let needsNewline = insertAt == file.bytes.count && insertAt > 0 && file.bytes[insertAt - 1] != 0x0A
        let text = (needsNewline ? "\n" : "") + entry.map { indent + $0 }.joined(separator: "\n") + "\n"
        return TextEdit(range: SourceRange(at: insertAt), replacement: text)
      }
    }
    return JITRegistrationRule.appendBlock("payloads:\n" + entry.map { "  " + $0 }.joined(separator: "\n") + "\n", to: model)
  }
}
