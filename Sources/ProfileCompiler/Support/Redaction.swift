import Diagnostics

/// One string value that `${env:NAME}` interpolation produced.
public struct Interpolation: Sendable {
  /// The string the value became.
  public var value: String
  /// The source text it came from, e.g. `https://${env:HOST}/x`.
  public var source: String
  /// Each variable's value with the reference that produced it (`${env:TOKEN}`).
  public var variables: [Variable]

  public struct Variable: Sendable {
    public var value: String
    public var reference: String
  }
}

/// SPEC §1: "Interpolated values never appear in diagnostics." Rules that describe a value
/// already say "the interpolated value" for one from the environment; this is the net
/// under all of them, run over every diagnostic of a compile: each interpolated value
/// still found in a message, note or fix-it is put back as the source text that produced
/// it (`'${env:SCOPE}'`), which tells the reader what to look at without showing it.
public enum Redaction {
  /// Shorter values are replaced only where they stand quoted (`'1'`): a bare `1` in a
  /// message is far more likely something else than the value.
  static let minimumBareLength = 3

  /// `sensitiveStarts`: where interpolated values start in the source. A fix-it that would
  /// overwrite one is dropped: it would replace the `${env:NAME}` reference with a literal
  /// made from the value.
  public static func scrub(
    _ diagnostics: [Diagnostic], _ interpolations: [Interpolation], sensitiveStarts: Set<Int> = []
  ) -> [Diagnostic] {
    guard !interpolations.isEmpty else { return diagnostics }
    // Whole values first (their source spelling reads best), then each variable's value
    // wherever it still shows inside other text.
    var pairs: [(secret: String, shown: String)] = []
    for i in interpolations { pairs.append((i.value, i.source)) }
    for i in interpolations { for v in i.variables { pairs.append((v.value, v.reference)) } }
    pairs.removeAll { $0.secret.isEmpty }
    guard !pairs.isEmpty else { return diagnostics }
    return diagnostics.map { d in
      var d = d
      d.message = scrub(d.message, pairs)
      d.notes = d.notes.map { scrub($0, pairs) }
      d.fixIts = d.fixIts.filter { fix in !fix.edits.contains { sensitiveStarts.contains($0.range.start) } }.map { fix in
        var fix = fix
        fix.message = scrub(fix.message, pairs)
        // A replacement is source text: the source spelling is also the right edit.
        fix.edits = fix.edits.map { TextEdit(range: $0.range, replacement: scrub($0.replacement, pairs)) }
        return fix
      }
      return d
    }
  }

  static func scrub(_ text: String, _ pairs: [(secret: String, shown: String)]) -> String {
    var out = text
    for (secret, shown) in pairs {
      if secret.utf8.count >= minimumBareLength {
        out = replacing(out, secret, with: shown)
      } else {
        for q in ["'", "\""] { out = replacing(out, q + secret + q, with: q + shown + q) }
      }
    }
    return out
  }

  /// Every occurrence of `target`'s bytes replaced (valid UTF-8 in valid UTF-8 only
  /// matches at character boundaries).
  static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
    let t = Array(text.utf8)
    let n = Array(target.utf8)
    guard !n.isEmpty, t.count >= n.count else { return text }
    var out: [UInt8] = []
    var i = 0
    var changed = false
    while i < t.count {
      if t[i] == n[0] && i + n.count <= t.count && t[i..<(i + n.count)].elementsEqual(n) {
        out.append(contentsOf: replacement.utf8)
        i += n.count
        changed = true
      } else {
        out.append(t[i])
        i += 1
      }
    }
    return changed ? String(decoding: out, as: UTF8.self) : text
  }
}
