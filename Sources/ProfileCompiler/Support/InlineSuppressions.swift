import Diagnostics
import ProfileSyntax

/// `# profilec: allow PC3102` on the line before a diagnostic, or at the end of its line,
/// silences that code there (SPEC §7). Several codes may be listed, separated by commas
/// or spaces. Errors are never silenced, except an unknown key (PC2002) and a missing
/// schema-required key (PC2007): allowing one where it is reported says the profile is
/// meant that way, which is how `import` keeps existing profiles exact (`lint` reports
/// both as warnings).
public struct InlineSuppressions: Sendable {
  /// Error codes an inline comment may silence: the ones `lint` reports as warnings.
  public static var suppressibleErrors: Set<String> { ExistingRules.warningCodes }

  /// 0-based line index -> codes allowed on that line.
  var byLine: [Int: Set<String>] = [:]

  public init(file: SourceFile, comments: [Comment]) {
    for c in comments {
      let text = String(decoding: file.bytes[c.range.start..<c.range.end], as: UTF8.self)
      guard let codes = InlineSuppressions.codes(in: text) else { continue }
      let line = file.lineIndex(of: c.range.start)
      // An own-line comment covers the next line; a trailing one its own line.
      byLine[c.ownLine ? line + 1 : line, default: []].formUnion(codes)
    }
  }

  /// The codes of a `# profilec: allow ...` comment, or nil for any other comment.
  static func codes(in comment: String) -> Set<String>? {
    var s = Substring(comment)
    while s.first == "#" || s.first == " " || s.first == "\t" { s = s.dropFirst() }
    guard s.hasPrefix("profilec:") else { return nil }
    s = s.dropFirst("profilec:".count)
    while s.first == " " || s.first == "\t" { s = s.dropFirst() }
    guard s.hasPrefix("allow") else { return nil }
    s = s.dropFirst("allow".count)
    let codes = s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map { $0.uppercased() }
      .filter { $0.hasPrefix("PC") }
    return codes.isEmpty ? nil : Set(codes)
  }

  public var isEmpty: Bool { byLine.isEmpty }

  public func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    guard !byLine.isEmpty else { return diagnostics }
    return diagnostics.filter { d in
      guard d.severity != .error || InlineSuppressions.suppressibleErrors.contains(d.code),
        let file = d.file, let range = d.range
      else { return true }
      let line = file.lineIndex(of: range.start)
      return !(byLine[line]?.contains(d.code) ?? false)
    }
  }
}
