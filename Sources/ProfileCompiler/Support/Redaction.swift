import Diagnostics

/// One string value that `${env:NAME}` interpolation produced.
public struct Interpolation: Sendable {
  /// The string the value became.
  public var value: String
  /// The source text it came from, e.g. `https://${env:HOST}/x`.
  public var source: String
  /// Each variable's value with the reference that produced it (`${env:TOKEN}`).
  public var variables: [Variable]
  /// Where the value is written in the source.
  public var range: SourceRange

  public struct Variable: Sendable {
    public var value: String
    public var reference: String
  }
}

extension Array where Element == Interpolation {
  /// True when one of these values is the one written at `start` in the source.
  public func contains(valueAt start: Int) -> Bool {
    contains { $0.range.start == start }
  }
}

/// SPEC §1: "Interpolated values never appear in diagnostics." Rules that describe a value
/// already say "the interpolated value" for one from the environment; this is the net
/// under all of them, run over every diagnostic of a compile:
/// - in messages and notes, each interpolated value (whole, each variable's, and the
///   forms rules make of them: trimmed, split at commas, escaped) is replaced by the
///   source text that produced it (`'${env:SCOPE}'`) where it stands as a token of its own
///   (not inside a longer word: a value `app` leaves `com.apple` alone);
/// - a fix-it is dropped when it touches an interpolated value's source or would write
///   one: its edits are source text, and rewriting them could break the source.
public enum Redaction {
  /// Forms derived from a value (trimmed, split, escaped) are looked for from this length
  /// on: shorter pieces are too likely to be ordinary words.
  static let minimumDerivedLength = 3

  public static func scrub(_ diagnostics: [Diagnostic], _ interpolations: [Interpolation]) -> [Diagnostic] {
    guard !interpolations.isEmpty else { return diagnostics }
    let secrets = secretForms(interpolations)
    guard !secrets.isEmpty else { return diagnostics }
    return diagnostics.map { d in
      var d = d
      d.message = replace(d.message, secrets)
      d.notes = d.notes.map { replace($0, secrets) }
      d.fixIts = d.fixIts.filter { fix in
        let touches = fix.edits.contains { edit in
          interpolations.contains { $0.range.start < max(edit.range.end, edit.range.start + 1) && edit.range.start < $0.range.end }
        }
        let writes = ([fix.message] + fix.edits.map(\.replacement)).contains { text in
          secrets.contains { contains(text, $0.secret) }
        }
        return !touches && !writes
      }
      return d
    }
  }

  /// Each secret with what is shown in its place, whole values first (their source
  /// spelling reads best).
  static func secretForms(_ interpolations: [Interpolation]) -> [(secret: [UInt8], shown: [UInt8])] {
    var out: [(secret: [UInt8], shown: [UInt8])] = []
    var seen: Set<[UInt8]> = []
    func add(_ secret: [UInt8], _ shown: String, derived: Bool) {
      guard !secret.isEmpty, !derived || secret.count >= minimumDerivedLength, seen.insert(secret).inserted else { return }
      out.append((secret, Array(shown.utf8)))
    }
    func addWithForms(_ value: String, _ shown: String) {
      let bytes = Array(value.utf8)
      add(bytes, shown, derived: false)
      add(trimmed(bytes[...]), shown, derived: true)
      for part in bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
        add(trimmed(part), shown, derived: true)
      }
      // As YAML and JSON write it inside double quotes.
      var escaped: [UInt8] = []
      for b in bytes {
        if b == UInt8(ascii: "\\") || b == UInt8(ascii: "\"") { escaped.append(UInt8(ascii: "\\")) }
        escaped.append(b)
      }
      add(escaped, shown, derived: true)
    }
    for i in interpolations { addWithForms(i.value, i.source) }
    for i in interpolations { for v in i.variables { addWithForms(v.value, v.reference) } }
    // Longest first, so a value is replaced before a piece of it.
    return out.sorted { $0.secret.count > $1.secret.count }
  }

  static func trimmed(_ s: ArraySlice<UInt8>) -> [UInt8] {
    var s = s
    while let f = s.first, f == 0x20 || f == 0x09 || f == 0x0A || f == 0x0D { s = s.dropFirst() }
    while let l = s.last, l == 0x20 || l == 0x09 || l == 0x0A || l == 0x0D { s = s.dropLast() }
    return Array(s)
  }

  /// Letters, digits, `_` and every non-ASCII byte: what continues a word.
  static func isWordByte(_ b: UInt8) -> Bool {
    b >= 0x80 || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
  }

  /// Where `secret` occurs in `t`, by how likely a match is the value rather than text
  /// that happens to hold the same letters:
  /// - 6 bytes or more: anywhere (inside `'com.secretcorpevil.app'` too);
  /// - shorter, with a digit or a sign (`14`, `a1`) or 4-5 letters: as a token of its own,
  ///   not inside a longer word (`Full` leaves `FullScreen` alone);
  /// - 1 to 3 letters only (`app`, `web`): only where quoted, `'app'`.
  static func matches(_ t: [UInt8], _ secret: [UInt8]) -> [Int] {
    guard !secret.isEmpty, t.count >= secret.count else { return [] }
    let lettersOnly = secret.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    let anywhere = secret.count >= 6
    let quotedOnly = !anywhere && lettersOnly && secret.count <= 3
    func isQuote(_ b: UInt8) -> Bool { b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") }
    var found: [Int] = []
    var i = 0
    while i + secret.count <= t.count {
      if t[i] == secret[0] && t[i..<(i + secret.count)].elementsEqual(secret) {
        let j = i + secret.count
        let startsClean: Bool
        let endsClean: Bool
        if anywhere {
          startsClean = true
          endsClean = true
        } else if quotedOnly {
          startsClean = i > 0 && isQuote(t[i - 1])
          endsClean = j < t.count && t[j] == t[i - 1]
        } else {
          startsClean = i == 0 || !isWordByte(t[i - 1]) || !isWordByte(secret[0])
          endsClean = j == t.count || !isWordByte(t[j]) || !isWordByte(secret[secret.count - 1])
        }
        if startsClean && endsClean {
          found.append(i)
          i = j
          continue
        }
      }
      i += 1
    }
    return found
  }

  static func contains(_ text: String, _ secret: [UInt8]) -> Bool {
    !matches(Array(text.utf8), secret).isEmpty
  }

  static func replace(_ text: String, _ secrets: [(secret: [UInt8], shown: [UInt8])]) -> String {
    var t = Array(text.utf8)
    var changed = false
    for (secret, shown) in secrets {
      let at = matches(t, secret)
      guard !at.isEmpty else { continue }
      t = ByteSearch.splice(t, at: at, length: secret.count, with: shown)
      changed = true
    }
    return changed ? String(decoding: t, as: UTF8.self) : text
  }
}
