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
        let clip =
          "{type: com.apple.webClip.managed, id: company-portal, name: Company Portal, "
          + "URL: \"\(WebBasedPortalRule.portalURL)\", Label: Company Portal, IsRemovable: false}"
        // Right after the last item (the parser knows where it ends), so a trailing comma
        // or a comment after it stays after the clip.
        guard let last = model.payloadsFlowLastItemEnd else {
          return TextEdit(range: SourceRange(at: flow.start + 1), replacement: clip)
        }
        return TextEdit(range: SourceRange(at: last), replacement: ", " + clip)
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
