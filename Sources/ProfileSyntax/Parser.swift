import Diagnostics

/// The recovering parser for profilec's YAML subset (SPEC §1).
///
/// It works on UTF-8 bytes and never throws: a syntax error becomes a diagnostic and, where
/// a node was expected, a `.missing` node, so one run reports every problem it can. Nesting
/// is bounded by `ParseLimits.maxDepth`, so no input can overflow the stack.
public enum Parser {
  public static func parse(_ file: SourceFile, limits: ParseLimits = .default) -> SyntaxTree {
    var parser = YAMLParser(file: file, limits: limits)
    return parser.run()
  }
}

// Byte constants (ASCII).
private let SP: UInt8 = 0x20
private let TAB: UInt8 = 0x09
private let LF: UInt8 = 0x0A
private let CR: UInt8 = 0x0D
private let HASH: UInt8 = 0x23
private let COLON: UInt8 = 0x3A
private let DASH: UInt8 = 0x2D
private let COMMA: UInt8 = 0x2C
private let DQUOTE: UInt8 = 0x22
private let SQUOTE: UInt8 = 0x27
private let BACKSLASH: UInt8 = 0x5C
private let LBRACKET: UInt8 = 0x5B
private let RBRACKET: UInt8 = 0x5D
private let LBRACE: UInt8 = 0x7B
private let RBRACE: UInt8 = 0x7D
private let QUESTION: UInt8 = 0x3F
private let AMP: UInt8 = 0x26
private let STAR: UInt8 = 0x2A
private let BANG: UInt8 = 0x21
private let PIPE: UInt8 = 0x7C
private let GT: UInt8 = 0x3E
private let PERCENT: UInt8 = 0x25
private let AT: UInt8 = 0x40
private let BACKTICK: UInt8 = 0x60
private let DOT: UInt8 = 0x2E

@inline(__always) private func isBreak(_ c: UInt8) -> Bool { c == LF || c == CR }
@inline(__always) private func isBlank(_ c: UInt8) -> Bool { c == SP || c == TAB }
@inline(__always) private func isFlowIndicator(_ c: UInt8) -> Bool {
  c == COMMA || c == LBRACKET || c == RBRACKET || c == LBRACE || c == RBRACE
}

struct YAMLParser {
  let file: SourceFile
  let b: [UInt8]
  let n: Int
  let limits: ParseLimits
  var pos = 0
  /// Indentation of the content line `pos` stands on; -1 at the end of the document.
  var lineIndent = -1
  /// The line at `pos` is a `---` or `...` marker at column 0.
  var atDocumentMarker = false
  var depth = 0
  var reportedDepth = false
  var diags: DiagnosticBag
  var comments: [Comment] = []
  var errorCount = 0
  var stopped = false
  var lastUnterminatedFlowCut = -1
  /// Values made so far (see `ParseLimits.maxValues`).
  var valueCount = 0
  /// Lines whose indentation held a tab: their indentation errors follow from the tab
  /// error already reported, so they are not reported again.
  var tabLineStarts: Set<Int> = []
  /// The keys of the mappings being parsed, innermost last (see ``SeenKeys``).
  var seenKeys: [SeenKey] = []
  static let maxErrors = 100

  init(file: SourceFile, limits: ParseLimits) {
    self.file = file
    self.b = file.bytes
    self.n = file.bytes.count
    self.limits = limits
    self.diags = DiagnosticBag(file: file)
  }

  // MARK: - Diagnostics

  mutating func error(
    _ d: DiagnosticDescriptor, _ message: String, _ start: Int, _ end: Int,
    notes: [String] = [], fixIts: [FixIt] = []
  ) {
    guard !stopped else { return }
    if d.code == DiagnosticDescriptor.badIndentation.code && tabLineStarts.contains(lineStart(start)) { return }
    errorCount += 1
    if errorCount > YAMLParser.maxErrors {
      stopped = true
      if var last = diags.diagnostics.popLast() {
        last.notes.append("too many syntax errors; the rest of the file was not checked")
        diags.add(last)
      }
      return
    }
    diags.emit(d, message, SourceRange(start, max(end, start)), notes: notes, fixIts: fixIts)
  }

  /// The end of the UTF-8 scalar starting at `i` (for one-character ranges).
  func scalarEnd(_ i: Int) -> Int {
    guard i < n else { return i }
    var j = i + 1
    while j < n && b[j] & 0xC0 == 0x80 && j - i < 4 { j += 1 }
    return j
  }

  /// The source's bytes `start..<end` as a string (invalid UTF-8 repaired, as
  /// `String(decoding:)` repairs it). Short texts, most keys and values, are written in
  /// place as small strings: about 200 instructions for an 11-byte key, against 350 by
  /// decoding from the array.
  func text(_ start: Int, _ end: Int) -> String {
    b.withUnsafeBufferPointer { p in
      let bytes = UnsafeBufferPointer(rebasing: p[start..<end])
      guard bytes.count <= 15, let source = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
      return String(unsafeUninitializedCapacity: bytes.count) { out in
        guard let target = out.baseAddress else { return 0 }
        target.update(from: source, count: bytes.count)
        return bytes.count
      }
    }
  }

  /// A short quotation of source text for messages (never more than 40 scalars).
  func quote(_ start: Int, _ end: Int) -> String {
    let s = text(start, end)
    if s.unicodeScalars.count <= 40 { return s }
    return String(String.UnicodeScalarView(s.unicodeScalars.prefix(37))) + "..."
  }

  // MARK: - Lines

  @inline(__always) func isBlankOrBreakOrEOF(_ i: Int) -> Bool {
    i >= n || isBlank(b[i]) || isBreak(b[i])
  }

  @inline(__always) func lineEnd(_ from: Int) -> Int {
    var i = from
    while i < n && !isBreak(b[i]) { i += 1 }
    return i
  }

  @inline(__always) func skipBreak(_ i: Int) -> Int {
    guard i < n else { return i }
    if b[i] == CR { return i + 1 < n && b[i + 1] == LF ? i + 2 : i + 1 }
    if b[i] == LF { return i + 1 }
    return i
  }

  func lineStart(_ i: Int) -> Int {
    var j = i
    while j > 0 && !isBreak(b[j - 1]) { j -= 1 }
    return j
  }

  var atLineStart: Bool { pos == 0 || pos >= n || isBreak(b[pos - 1]) }

  func isDocumentMarker(_ i: Int) -> Bool {
    guard i + 2 < n else { return false }
    let c = b[i]
    guard (c == DASH || c == DOT), b[i + 1] == c, b[i + 2] == c else { return false }
    return isBlankOrBreakOrEOF(i + 3)
  }

  /// From a line start, skips blank and comment-only lines and stops at the first content
  /// character. Sets `lineIndent` (-1 at the end or at a document marker).
  @discardableResult
  mutating func advanceToContent() -> Int {
    atDocumentMarker = false
    while pos < n && !stopped {
      let start = pos
      var i = pos
      var tabAt = -1
      while i < n && (b[i] == SP || b[i] == TAB) {
        if b[i] == TAB && tabAt < 0 { tabAt = i }
        i += 1
      }
      if i >= n {
        pos = n
        break
      }
      if isBreak(b[i]) {
        pos = skipBreak(i)
        continue
      }
      if b[i] == HASH {
        let end = lineEnd(i)
        comments.append(Comment(range: SourceRange(i, end), ownLine: true))
        pos = skipBreak(end)
        continue
      }
      if tabAt >= 0 {
        tabLineStarts.insert(start)
        error(
          .tabIndentation, "tab character in indentation", tabAt, tabAt + 1,
          notes: ["indent with spaces; a tab's width differs between editors"],
          fixIts: [
            FixIt(
              "replace the tab with spaces",
              edits: [TextEdit(range: SourceRange(tabAt, tabAt + 1), replacement: "  ")])
          ])
      }
      pos = i
      let indent = i - start
      if indent == 0 && isDocumentMarker(i) {
        atDocumentMarker = true
        lineIndent = -1
        return -1
      }
      lineIndent = indent
      return indent
    }
    if stopped { pos = n }
    lineIndent = -1
    return -1
  }

  /// After a complete node on a line: allows trailing blanks and a comment, then moves to
  /// the next line start. Anything else is unexpected content.
  mutating func finishLine() {
    while pos < n && isBlank(b[pos]) { pos += 1 }
    guard pos < n else { return }
    let c = b[pos]
    if isBreak(c) {
      pos = skipBreak(pos)
      return
    }
    if c == HASH && (pos == 0 || isBlank(b[pos - 1])) {
      let end = lineEnd(pos)
      comments.append(Comment(range: SourceRange(pos, end), ownLine: false))
      pos = skipBreak(end)
      return
    }
    var end = lineEnd(pos)
    let stop = end
    while end > pos && isBlank(b[end - 1]) { end -= 1 }
    let what = c == HASH ? "a comment needs a space before '#'" : "unexpected '\(quote(pos, end))' after the value"
    error(.unexpectedContent, what, pos, end)
    pos = skipBreak(stop)
  }

  /// Skips the rest of the current line and every following line indented deeper than
  /// `parentIndent`: the recovery after an error that invalidates a whole block.
  mutating func skipBlock(deeperThan parentIndent: Int) {
    // `pos` is on the offending line (possibly at its first column): skip that line.
    pos = skipBreak(lineEnd(pos))
    advanceToContent()
    while lineIndent > parentIndent && pos < n && !stopped {
      pos = skipBreak(lineEnd(pos))
      advanceToContent()
    }
  }

  // MARK: - Document

  mutating func run() -> SyntaxTree {
    validateBytes()
    if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3 }
    var hasStartMarker = false
    var root: Node? = nil

    advanceToContent()
    // Directives may only precede the first `---`.
    while lineIndent == 0 && pos < n && b[pos] == PERCENT {
      let end = lineEnd(pos)
      var nameEnd = pos
      while nameEnd < end && !isBlank(b[nameEnd]) { nameEnd += 1 }
      error(
        .directive, "directive '\(quote(pos, nameEnd))' is not supported", pos, nameEnd,
        fixIts: [FixIt("remove the directive line", edits: [lineDeletion(pos)])])
      pos = skipBreak(end)
      advanceToContent()
    }
    if atDocumentMarker && b[pos] == DASH {
      hasStartMarker = true
      pos += 3
      while pos < n && isBlank(b[pos]) { pos += 1 }
      if pos < n && !isBreak(b[pos]) && b[pos] != HASH {
        // `--- value` on the marker line.
        root = parseInlineNode(parentIndent: -1)
      } else {
        finishLine()
        advanceToContent()
      }
    }
    if root == nil && lineIndent >= 0 {
      root = parseBlockNode(parentIndent: -1)
    }
    // Whatever is left is an error: a less-indented line, a second document, or junk.
    var reportedSecondDocument = false
    while pos < n && !stopped {
      if atDocumentMarker {
        if b[pos] == DOT {
          pos += 3
          finishLine()
          advanceToContent()
          if pos < n && !atDocumentMarker && !reportedSecondDocument {
            reportedSecondDocument = true
            error(
              .severalDocuments, "content after the document end marker '...'", pos, lineEnd(pos),
              notes: ["a source file holds one profile"])
            pos = n
          }
          continue
        }
        if !reportedSecondDocument {
          reportedSecondDocument = true
          error(
            .severalDocuments, "a second document starts here; a source file holds one profile",
            pos, pos + 3, notes: ["put each profile in its own .profile.yaml file"])
        }
        pos = n
        break
      }
      if lineIndent >= 0 {
        let end = trimmedLineEnd(pos)
        error(
          .badIndentation,
          root == nil
            ? "unexpected content" : "this line does not fit the indentation of the lines above",
          pos, end)
        // Parse the stray block so its own errors are reported, then discard it.
        _ = parseBlockNode(parentIndent: -1)
      } else {
        break
      }
    }
    return SyntaxTree(
      file: file, root: root, comments: comments, diagnostics: diags.diagnostics,
      hasDocumentStartMarker: hasStartMarker)
  }

  /// True when the line from `start` (a `[` or `{`) is a flow collection closed on this
  /// line and followed by `:`, i.e. a collection used as a mapping key (`[a, b]: 1`).
  /// Brackets inside quotes do not count.
  func flowCollectionKeyEnd(from start: Int, to end: Int) -> Bool {
    guard start < end, b[start] == LBRACKET || b[start] == LBRACE else { return false }
    var depth = 0
    var i = start
    var quote: UInt8 = 0
    while i < end {
      let c = b[i]
      if quote != 0 {
        if c == quote {
          // '' inside single quotes is an escaped quote.
          if quote == UInt8(ascii: "'") && i + 1 < end && b[i + 1] == c { i += 2; continue }
          quote = 0
        } else if c == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
          i += 1
        }
      } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
        quote = c
      } else if c == LBRACKET || c == LBRACE {
        depth += 1
      } else if c == RBRACKET || c == RBRACE {
        depth -= 1
        if depth == 0 { return i + 1 < end && b[i + 1] == COLON }
      }
      i += 1
    }
    return false
  }

  func trimmedLineEnd(_ from: Int) -> Int {
    var end = lineEnd(from)
    while end > from && isBlank(b[end - 1]) { end -= 1 }
    return end
  }

  /// An edit deleting the whole line that contains `offset`, terminator included.
  func lineDeletion(_ offset: Int) -> TextEdit {
    let start = lineStart(offset)
    let end = skipBreak(lineEnd(offset))
    return TextEdit(range: SourceRange(start, end), replacement: "")
  }

  // MARK: - Byte validation

  /// Reports invalid UTF-8 and characters neither YAML nor a property list can hold. The
  /// parser still runs over such bytes (they are part of no valid token) so later
  /// structure errors are reported too.
  mutating func validateBytes() {
    var i = 0
    var invalidCount = 0
    var controlCount = 0
    let cap = limits.maxRepeatedDiagnostics
    let b = self.b
    let n = b.count
    while i < n {
      // Runs of printable ASCII, tabs and line breaks (nearly every byte) are skipped here,
      // eight bytes at a time where they can be.
      i = b.withUnsafeBufferPointer { YAMLParser.skipPlainASCII($0, from: i) }
      if i >= n { break }
      let c = b[i]
      if c >= 0x20 && c < 0x7F || c == LF || c == CR || c == TAB {
        i += 1
        continue
      }
      if c < 0x80 {
        // C0 controls and DEL.
        controlCount += 1
        if controlCount <= cap {
          let name = c == 0 ? "NUL" : "U+" + hex4(UInt32(c))
          error(.controlCharacter, "control character \(name) is not allowed in a source", i, i + 1)
        }
        i += 1
        continue
      }
      // Multi-byte sequence: validate per RFC 3629.
      var len = 0
      var scalar: UInt32 = 0
      if c & 0xE0 == 0xC0 {
        len = 2
        scalar = UInt32(c & 0x1F)
      } else if c & 0xF0 == 0xE0 {
        len = 3
        scalar = UInt32(c & 0x0F)
      } else if c & 0xF8 == 0xF0 {
        len = 4
        scalar = UInt32(c & 0x07)
      }
      var valid = len > 0 && i + len <= n
      if valid {
        for k in 1..<len {
          let cc = b[i + k]
          if cc & 0xC0 != 0x80 {
            valid = false
            break
          }
          scalar = scalar << 6 | UInt32(cc & 0x3F)
        }
      }
      if valid {
        let minimum: UInt32 = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
          valid = false
        }
      }
      if !valid {
        invalidCount += 1
        if invalidCount <= cap {
          error(
            .invalidUTF8, "invalid UTF-8 byte 0x" + hex2(c), i, i + 1,
            notes: invalidCount == 1 ? ["save the file as UTF-8"] : [])
        }
        i += 1
        continue
      }
      // C1 controls (other than NEL) and the noncharacters U+FFFE/U+FFFF are not YAML.
      if (0x80...0x9F).contains(scalar) && scalar != 0x85 || scalar == 0xFFFE || scalar == 0xFFFF {
        controlCount += 1
        if controlCount <= cap {
          error(
            .controlCharacter, "character U+\(hex4(scalar)) is not allowed in a source", i, i + len)
        }
      }
      i += len
    }
  }

  /// The index of the first byte at or after `start` that is not printable ASCII, a tab
  /// or a line break (`p.count` when there is none).
  static func skipPlainASCII(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    let n = p.count
    var i = start
    guard let base = p.baseAddress else { return n }
    while i < n {
      // A word of eight bytes in 0x20...0x7E: no byte has its high bit set, none is below
      // 0x20 and none is 0x7F (the classic "has less than" and "has zero" bit tests).
      while i + 8 <= n {
        let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        let high: UInt64 = 0x8080_8080_8080_8080
        let below = (x &- 0x2020_2020_2020_2020) & ~x & high
        let y = x ^ 0x7F7F_7F7F_7F7F_7F7F
        let del = (y &- 0x0101_0101_0101_0101) & ~y & high
        if (x & high) | below | del != 0 {
          // Usually a line break: check this word's bytes one by one and go on past it
          // (retrying the word from its next byte tested the same break up to 8 times).
          for k in 0..<8 {
            let c = p[i + k]
            if !(c >= 0x20 && c < 0x7F || c == LF || c == CR || c == TAB) { return i + k }
          }
          i += 8
          continue
        }
        i += 8
      }
      guard i < n else { break }
      let c = p[i]
      if c >= 0x20 && c < 0x7F || c == LF || c == CR || c == TAB {
        i += 1
        continue
      }
      return i
    }
    return n
  }

  /// The index of the first ':', '#', LF or CR at or after `start` (`p.count` if none):
  /// the only bytes that end or split a plain scalar in block context. Eight bytes at a
  /// time, with the exact "has a zero byte" test on the word xor-ed with each byte.
  static func nextLineSpecial(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    let n = p.count
    var i = start
    guard let base = p.baseAddress else { return n }
    @inline(__always) func zeroMask(_ v: UInt64) -> UInt64 {
      (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
    }
    while i + 8 <= n {
      let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
      // Each mask's lowest set bit is exact (only bits above a real match can be false).
      let m =
        zeroMask(x ^ 0x3A3A_3A3A_3A3A_3A3A) | zeroMask(x ^ 0x2323_2323_2323_2323)
        | zeroMask(x ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroMask(x ^ 0x0D0D_0D0D_0D0D_0D0D)
      if m != 0 { return i + m.trailingZeroBitCount >> 3 }
      i += 8
    }
    while i < n {
      let c = p[i]
      if c == COLON || c == HASH || c == LF || c == CR { return i }
      i += 1
    }
    return n
  }

  // MARK: - Block nodes

  /// Parses the node whose first character is at `pos` on a content line (indentation
  /// `lineIndent`). Returns with `pos` at the next content line.
  mutating func parseBlockNode(parentIndent: Int) -> Node {
    let indent = lineIndent
    skipProperties()
    if pos < n && !isBreak(b[pos]) {
      if isSequenceIndicator(pos) { return parseBlockSequence(indent: indent, parentIndent: parentIndent) }
      if lineHasMappingKey(pos) || (b[pos] == QUESTION && isBlankOrBreakOrEOF(pos + 1)) {
        return parseBlockMapping(indent: indent, parentIndent: parentIndent)
      }
    }
    return parseInlineNode(parentIndent: parentIndent)
  }

  func isSequenceIndicator(_ i: Int) -> Bool {
    i < n && b[i] == DASH && isBlankOrBreakOrEOF(i + 1)
  }

  /// Anchors and tags ("node properties") are reported and skipped, so the node after
  /// them is still parsed.
  @inline(__always) mutating func skipProperties() {
    // Nearly every node has none: the check is inlined, the reporting loop is not.
    if pos < n && (b[pos] == AMP || b[pos] == BANG) { skipPropertiesFound() }
  }

  @inline(never) mutating func skipPropertiesFound() {
    while pos < n && (b[pos] == AMP || b[pos] == BANG) {
      let start = pos
      var end = pos + 1
      while end < n && !isBlank(b[end]) && !isBreak(b[end]) && !(b[end] == COMMA) { end += 1 }
      if b[start] == AMP {
        error(
          .anchorOrAlias, "anchor '\(quote(start, end))' is not supported", start, end,
          notes: ["write the value out where it is used"])
      } else {
        error(
          .tag, "tag '\(quote(start, end))' is not supported", start, end,
          notes: ["the schema decides a value's type; quote a scalar to make it a string"])
      }
      pos = end
      while pos < n && isBlank(b[pos]) { pos += 1 }
    }
  }

  /// True when the line from `i` reads `key:` followed by a blank or the line end.
  func lineHasMappingKey(_ i: Int) -> Bool {
    guard i < n else { return false }
    var j = i
    let c = b[i]
    if c == DQUOTE || c == SQUOTE {
      j += 1
      while j < n && !isBreak(b[j]) {
        if c == DQUOTE && b[j] == BACKSLASH {
          j += 2
          continue
        }
        if b[j] == c {
          if c == SQUOTE && j + 1 < n && b[j + 1] == SQUOTE {
            j += 2
            continue
          }
          break
        }
        j += 1
      }
      guard j < n && b[j] == c else { return false }
      j += 1
      while j < n && isBlank(b[j]) { j += 1 }
      return j < n && b[j] == COLON && isBlankOrBreakOrEOF(j + 1)
    }
    if c == LBRACKET || c == LBRACE { return false }
    // Every line is scanned here first: a tight loop over the buffer.
    return b.withUnsafeBufferPointer { p in
      let n = p.count
      while j < n {
        j = YAMLParser.nextLineSpecial(p, from: j)
        guard j < n else { return false }
        let d = p[j]
        if d == LF || d == CR { return false }
        if d == COLON {
          if j + 1 >= n || isBlank(p[j + 1]) || isBreak(p[j + 1]) { return true }
        } else if d == HASH && j > i && isBlank(p[j - 1]) {
          return false
        }
        j += 1
      }
      return false
    }
  }

  mutating func parseBlockMapping(indent: Int, parentIndent: Int) -> Node {
    let start = pos
    if depth >= limits.maxDepth {
      reportDepth(pos)
      skipBlock(deeperThan: indent - 1)
      return Node(.missing, SourceRange(start, start))
    }
    depth += 1
    defer { depth -= 1 }
    // Room for a typical mapping's keys at once: growing 1, 2, 4, 8 cost four allocations.
    var entries: [MappingEntry] = []
    entries.reserveCapacity(8)
    var seen = SeenKeys(base: seenKeys.count)
    defer { seen.release(&seenKeys) }
    var end = start
    while !stopped {
      let lineBegin = pos
      if pos + 1 <= n && pos < n && b[pos] == QUESTION && isBlankOrBreakOrEOF(pos + 1) {
        error(
          .complexKey, "explicit keys ('? ') are not supported", pos, pos + 1,
          notes: ["write 'key: value' with a plain or quoted key"])
        skipBlock(deeperThan: indent)
        // The explicit key's value line (`: value`) goes with it.
        if lineIndent == indent && !atDocumentMarker && pos < n && b[pos] == COLON && isBlankOrBreakOrEOF(pos + 1) {
          skipBlock(deeperThan: indent)
        }
      } else if isSequenceIndicator(pos) {
        error(
          .mappingInSequenceMix, "a sequence item cannot appear among the keys of a mapping",
          pos, pos + 1)
        skipBlock(deeperThan: indent)
      } else if lineHasMappingKey(pos) {
        skipProperties()
        let key = parseBlockKey()
        checkScalarLength(key)
        while pos < n && isBlank(b[pos]) { pos += 1 }
        // lineHasMappingKey guarantees the colon.
        if pos < n && b[pos] == COLON { pos += 1 }
        let value = parseValue(parentIndent: indent, sequenceItem: false)
        end = max(end, value.isMissing ? key.range.end : value.range.end, key.range.end)
        if let keyText = key.scalarText, let first = seen.insert(keyText, key.range, in: &seenKeys) {
          let loc = file.location(of: first.start)
          error(
            .duplicateKey, "duplicate key '\(keyText)'", key.range.start, key.range.end,
            notes: ["first defined at line \(loc.line), column \(loc.column)"])
        }
        entries.append(MappingEntry(key: key, value: value))
        countValue(at: key.range.start)
      } else {
        let lineEndPos = trimmedLineEnd(pos)
        if flowCollectionKeyEnd(from: pos, to: lineEndPos) {
          // `[a, b]: 1`: a collection used as a key, not a missing colon.
          error(
            .complexKey, "a collection cannot be a mapping key", pos, lineEndPos,
            notes: ["property-list keys are strings"])
        } else {
          error(
            .missingColon, "expected 'key: value', found '\(quote(pos, lineEndPos))'", pos,
            lineEndPos, notes: ["a mapping key ends with ':' followed by a space or the line end"])
        }
        skipBlock(deeperThan: indent)
      }
      if pos == lineBegin && lineIndent == indent {
        // No progress; never loop forever on bad input.
        pos = skipBreak(lineEnd(pos))
        advanceToContent()
      }
      if lineIndent == indent && !atDocumentMarker { continue }
      if lineIndent > indent {
        error(
          .badIndentation,
          "this line is indented deeper than the mapping key above it (column \(indent + 1))",
          pos, trimmedLineEnd(pos),
          notes: ["a deeper line must follow a key that has no value on its own line"])
        skipBlock(deeperThan: indent)
        if lineIndent == indent && !atDocumentMarker { continue }
      }
      break
    }
    if lineIndent > parentIndent && lineIndent < indent && !atDocumentMarker {
      error(
        .badIndentation,
        "this line's indentation (column \(lineIndent + 1)) matches no enclosing block",
        pos, trimmedLineEnd(pos))
      skipBlock(deeperThan: parentIndent)
    }
    return Node(.mapping(entries, flow: false), SourceRange(start, end))
  }

  mutating func parseBlockSequence(indent: Int, parentIndent: Int) -> Node {
    let start = pos
    if depth >= limits.maxDepth {
      reportDepth(pos)
      skipBlock(deeperThan: indent - 1)
      return Node(.missing, SourceRange(start, start))
    }
    depth += 1
    defer { depth -= 1 }
    var items: [Node] = []
    items.reserveCapacity(4)
    var end = start + 1
    while !stopped {
      // `pos` is at '-'.
      let dash = pos
      pos += 1
      let item = parseValue(parentIndent: indent, sequenceItem: true)
      items.append(item)
      countValue(at: dash)
      end = max(end, item.isMissing ? dash + 1 : item.range.end)
      if lineIndent == indent && !atDocumentMarker && isSequenceIndicator(pos) { continue }
      if lineIndent > indent && !atDocumentMarker {
        error(
          .badIndentation,
          "this line is indented deeper than the sequence item above it (column \(indent + 1))",
          pos, trimmedLineEnd(pos))
        skipBlock(deeperThan: indent)
        if lineIndent == indent && !atDocumentMarker && isSequenceIndicator(pos) { continue }
      }
      if lineIndent == indent && !atDocumentMarker && !isSequenceIndicator(pos)
        && indent > parentIndent
      {
        // `- a` followed by `b: c` at the same column: the block mixes both kinds.
        error(
          .mappingInSequenceMix, "a mapping key cannot appear among the items of a sequence",
          pos, trimmedLineEnd(pos))
        skipBlock(deeperThan: indent - 1)
      }
      break
    }
    return Node(.sequence(items, flow: false), SourceRange(start, end))
  }

  /// A block mapping key: a single-line plain or quoted scalar followed by ':'.
  mutating func parseBlockKey() -> Node {
    let start = pos
    // Node properties before the key (`&a:` at the end of the file) may have used up the
    // line; found by fuzzing (Tests/Fixtures/fuzz/anchor-key-at-end-of-file.profile.yaml).
    guard pos < n else {
      error(.missingColon, "a mapping entry has no key before ':'", start, start)
      return Node(.missing, SourceRange(start, start))
    }
    let c = b[pos]
    if c == DQUOTE || c == SQUOTE {
      return c == DQUOTE ? parseDoubleQuoted(parentIndent: Int.max) : parseSingleQuoted(parentIndent: Int.max)
    }
    // The key ends at the first ':' followed by a blank or the line end (lineHasMappingKey
    // found one); ':', '#' and line breaks are found eight bytes at a time.
    let j = b.withUnsafeBufferPointer { p -> Int in
      var j = pos
      while true {
        j = YAMLParser.nextLineSpecial(p, from: j)
        if j >= n || isBreak(p[j]) { return j }
        if p[j] == COLON && (j + 1 >= n || isBlank(p[j + 1]) || isBreak(p[j + 1])) { return j }
        j += 1
      }
    }
    var end = j
    while end > start && isBlank(b[end - 1]) { end -= 1 }
    pos = j
    if end == start {
      error(.missingColon, "a mapping entry has no key before ':'", start, start + 1)
      return Node(.missing, SourceRange(start, start + 1))
    }
    if c == STAR {
      error(.anchorOrAlias, "alias '\(quote(start, end))' is not supported", start, end)
      return Node(.missing, SourceRange(start, end))
    }
    if c == AT || c == BACKTICK || c == PERCENT || c == PIPE || c == GT {
      error(
        .reservedIndicator, "a key cannot start with '\(quote(start, start + 1))'; quote it",
        start, start + 1)
    }
    return Node(.scalar(text(start, end), .plain), SourceRange(start, end))
  }

  /// The value after `key:` or `- `. Returns with `pos` at the next content line.
  mutating func parseValue(parentIndent: Int, sequenceItem: Bool) -> Node {
    let indicatorEnd = pos
    while pos < n && isBlank(b[pos]) { pos += 1 }
    skipProperties()
    if pos >= n || isBreak(b[pos]) || (b[pos] == HASH && isBlank(b[pos - 1])) {
      // The value, if any, is on the following lines.
      finishLine()
      advanceToContent()
      if lineIndent > parentIndent && !atDocumentMarker {
        return parseBlockNode(parentIndent: parentIndent)
      }
      if !sequenceItem && lineIndent == parentIndent && lineIndent >= 0 && isSequenceIndicator(pos) {
        // `key:` followed by `- item` lines in the key's own column.
        return parseBlockSequence(indent: lineIndent, parentIndent: parentIndent)
      }
      return Node(.scalar("", .plain), SourceRange(indicatorEnd, indicatorEnd))
    }
    if sequenceItem {
      let column = pos - lineStart(pos)
      if isSequenceIndicator(pos) {
        lineIndent = column
        return parseBlockSequence(indent: column, parentIndent: parentIndent)
      }
      if lineHasMappingKey(pos) {
        lineIndent = column
        return parseBlockMapping(indent: column, parentIndent: parentIndent)
      }
    } else if isSequenceIndicator(pos) {
      error(
        .unexpectedContent, "a sequence cannot start on the same line as its key", pos, pos + 1,
        notes: ["start the '- item' lines on the next line, or write [a, b]"])
      skipBlock(deeperThan: parentIndent)
      return Node(.missing, SourceRange(pos, pos))
    }
    return parseInlineNode(parentIndent: parentIndent)
  }

  /// Counts one value; past the limit reports PC0020 once and stops the parse (the
  /// rest of the file is not read, so memory stays bounded). False once stopped.
  @discardableResult
  mutating func countValue(at offset: Int) -> Bool {
    valueCount += 1
    guard valueCount > limits.maxValues else { return true }
    tooLarge("the source holds more than \(limits.maxValues) values", at: offset)
    return false
  }

  /// A scalar longer than the limit ends the parse with PC0020.
  mutating func checkScalarLength(_ node: Node) {
    guard case .scalar(let text, _) = node.kind, text.utf8.count > limits.maxScalarBytes else { return }
    tooLarge("a value is longer than \(limits.maxScalarBytes >> 20) MiB", at: node.range.start)
  }

  mutating func tooLarge(_ message: String, at offset: Int) {
    guard !stopped else { return }
    error(.sourceTooLarge, message, offset, scalarEnd(offset), notes: ["see docs/limits.md"])
    stopped = true
    pos = n
  }

  mutating func reportDepth(_ at: Int) {
    if !reportedDepth {
      reportedDepth = true
      error(
        .nestingTooDeep, "collections are nested more than \(limits.maxDepth) levels deep", at,
        scalarEnd(at), notes: ["see docs/limits.md"])
    }
  }

  // MARK: - Inline nodes

  /// A scalar, flow collection or block scalar starting at `pos`. Returns with `pos` at
  /// the next content line.
  mutating func parseInlineNode(parentIndent: Int) -> Node {
    skipProperties()
    let node: Node
    if pos >= n || isBreak(b[pos]) {
      node = Node(.scalar("", .plain), SourceRange(pos, pos))
    } else {
      let c = b[pos]
      switch c {
      case LBRACKET, LBRACE:
        node = parseFlowCollection(parentIndent: parentIndent)
      case DQUOTE:
        node = parseDoubleQuoted(parentIndent: parentIndent)
      case SQUOTE:
        node = parseSingleQuoted(parentIndent: parentIndent)
      case PIPE, GT:
        node = parseBlockScalar(parentIndent: parentIndent)
      default:
        if let bad = rejectIndicator(flow: false) {
          node = bad
        } else {
          node = parsePlainBlock(parentIndent: parentIndent)
        }
      }
    }
    checkScalarLength(node)
    if !atLineStart { finishLine() }
    advanceToContent()
    return node
  }

  /// Reports characters that cannot start a plain scalar; returns a missing node after
  /// skipping the offending token, or nil when the scalar may start here.
  mutating func rejectIndicator(flow: Bool) -> Node? {
    let start = pos
    let c = b[pos]
    func tokenEnd() -> Int {
      var e = start + 1
      while e < n && !isBlank(b[e]) && !isBreak(b[e]) && !(flow && isFlowIndicator(b[e])) { e += 1 }
      return e
    }
    switch c {
    case STAR:
      let end = tokenEnd()
      error(
        .anchorOrAlias, "alias '\(quote(start, end))' is not supported", start, end,
        notes: ["write the value out where it is used"])
      pos = end
      return Node(.missing, SourceRange(start, end))
    case AT, BACKTICK, PERCENT:
      let end = tokenEnd()
      error(
        .reservedIndicator, "'\(quote(start, start + 1))' cannot start a plain value; quote it",
        start, start + 1,
        fixIts: [
          FixIt(
            "quote the value",
            edits: [
              TextEdit(range: SourceRange(start, start), replacement: "\""),
              TextEdit(range: SourceRange(end, end), replacement: "\""),
            ])
        ])
      pos = end
      return Node(.missing, SourceRange(start, end))
    case QUESTION where isBlankOrBreakOrEOF(start + 1):
      error(.complexKey, "explicit keys ('? ') are not supported", start, start + 1)
      pos = flow ? start + 1 : lineEnd(start)
      return Node(.missing, SourceRange(start, start + 1))
    case DASH where isBlankOrBreakOrEOF(start + 1) && flow:
      error(.unexpectedContent, "a block sequence item cannot appear inside [ ] or { }", start, start + 1)
      pos = start + 1
      return Node(.missing, SourceRange(start, start + 1))
    case PIPE where flow, GT where flow:
      error(.unexpectedContent, "a block scalar cannot appear inside [ ] or { }", start, start + 1)
      pos = start + 1
      return Node(.missing, SourceRange(start, start + 1))
    case COLON where isBlankOrBreakOrEOF(start + 1) || (flow && start + 1 < n && isFlowIndicator(b[start + 1])):
      error(.missingColon, "a mapping entry has no key before ':'", start, start + 1)
      pos = start + 1
      return Node(.missing, SourceRange(start, start + 1))
    default:
      return nil
    }
  }

  /// Scans one line of a plain scalar from `i`. Returns the end of its text (trailing
  /// blanks excluded) and whether it stopped at a `: ` mapping indicator.
  func scanPlainLine(_ i: Int, flow: Bool) -> (end: Int, stop: Int, colon: Bool) {
    b.withUnsafeBufferPointer { p in
      let n = p.count
      var j = i
      var colon = false
      while j < n {
        if !flow {
          j = YAMLParser.nextLineSpecial(p, from: j)
          guard j < n else { break }
        }
        let c = p[j]
        if isBreak(c) { break }
        if c == COLON {
          if j + 1 >= n || isBlank(p[j + 1]) || isBreak(p[j + 1]) || (flow && isFlowIndicator(p[j + 1])) {
            colon = true
            break
          }
        } else if c == HASH {
          if j > i && isBlank(p[j - 1]) { break }
        } else if flow && isFlowIndicator(c) {
          break
        }
        j += 1
      }
      var end = j
      while end > i && isBlank(p[end - 1]) { end -= 1 }
      return (end, j, colon)
    }
  }

  /// A plain scalar in block context, folding continuation lines that are indented deeper
  /// than `parentIndent`.
  mutating func parsePlainBlock(parentIndent: Int) -> Node {
    let start = pos
    let first = scanPlainLine(pos, flow: false)
    if first.colon {
      error(
        .unexpectedContent, "a nested mapping cannot start on the same line as its key",
        first.stop, first.stop + 1,
        notes: ["put the nested keys on their own lines, indented, or quote the value"])
      pos = lineEnd(pos)
      return Node(.missing, SourceRange(start, first.end))
    }
    var end = first.end
    pos = first.end
    guard first.stop < n, isBreak(b[first.stop]) else {
      return Node(.scalar(text(start, end), .plain), SourceRange(start, end))
    }
    // Multi-line plain scalar?
    var folded: [UInt8]? = nil
    var lineBreak = first.stop
    while true {
      var j = skipBreak(lineBreak)
      var emptyLines = 0
      var contentStart = -1
      while j < n {
        var k = j
        while k < n && b[k] == SP { k += 1 }
        if k < n && b[k] == TAB {
          // Tabs after spaces on a blank line are allowed; on a content line they are the
          // parent's business.
          var t = k
          while t < n && isBlank(b[t]) { t += 1 }
          if t >= n || isBreak(b[t]) {
            emptyLines += 1
            j = skipBreak(t)
            continue
          }
        }
        if k >= n { break }
        if isBreak(b[k]) {
          emptyLines += 1
          j = skipBreak(k)
          continue
        }
        contentStart = k
        break
      }
      guard contentStart >= 0 else { break }
      let indent = contentStart - j
      if indent <= parentIndent || b[contentStart] == HASH || b[contentStart] == TAB
        || (indent == 0 && isDocumentMarker(contentStart))
      {
        break
      }
      let line = scanPlainLine(contentStart, flow: false)
      if line.colon { break }  // a key line: the parent reports the indentation
      if folded == nil { folded = Array(b[start..<end]) }
      if emptyLines == 0 {
        folded!.append(SP)
      } else {
        folded!.append(contentsOf: repeatElement(LF, count: emptyLines))
      }
      folded!.append(contentsOf: b[contentStart..<line.end])
      end = line.end
      pos = line.end
      if folded!.count > limits.maxScalarBytes {
        tooLarge("a value is longer than \(limits.maxScalarBytes >> 20) MiB", at: start)
        break
      }
      guard line.stop < n, isBreak(b[line.stop]) else { break }
      lineBreak = line.stop
    }
    let value = folded.map { String(decoding: $0, as: UTF8.self) } ?? text(start, end)
    return Node(.scalar(value, .plain), SourceRange(start, end))
  }

  // MARK: - Quoted scalars

  /// Where a multi-line quoted scalar continues after the line break at `i`: the first
  /// content byte of the next non-empty line and how many empty lines were crossed, or nil
  /// when that line cannot continue it (less indented, a document marker, or the end).
  func quotedContinuation(after i: Int, parentIndent: Int) -> (start: Int, emptyLines: Int)? {
    var j = skipBreak(i)
    var empty = 0
    while j < n {
      let ls = j
      var k = j
      while k < n && isBlank(b[k]) { k += 1 }
      if k >= n { return nil }
      if isBreak(b[k]) {
        empty += 1
        j = skipBreak(k)
        continue
      }
      let indent = k - ls
      if parentIndent != Int.max && parentIndent >= 0 && indent <= parentIndent { return nil }
      if indent == 0 && isDocumentMarker(k) { return nil }
      if parentIndent == Int.max { return nil }  // keys are single-line
      return (k, empty)
    }
    return nil
  }

  mutating func unterminatedQuote(_ open: Int, _ kind: String, firstLineEnd: Int) {
    error(
      .unterminatedQuote, "unterminated \(kind)-quoted string", open, open + 1,
      notes: ["the string starts here and is not closed before the structure continues"])
    pos = firstLineEnd
  }

  mutating func parseDoubleQuoted(parentIndent: Int) -> Node {
    let open = pos
    pos += 1
    var out: [UInt8] = []
    var keep = 0  // bytes of `out` that trailing-blank trimming must not remove
    var runStart = pos
    let firstLineEnd = lineEnd(open)
    while true {
      guard pos < n else {
        out.append(contentsOf: b[runStart..<pos])
        unterminatedQuote(open, "double", firstLineEnd: firstLineEnd)
        return Node(.scalar(String(decoding: out, as: UTF8.self), .doubleQuoted), SourceRange(open, firstLineEnd))
      }
      let c = b[pos]
      if c == DQUOTE {
        out.append(contentsOf: b[runStart..<pos])
        pos += 1
        break
      }
      if c == BACKSLASH {
        out.append(contentsOf: b[runStart..<pos])
        if pos + 1 < n && isBreak(b[pos + 1]) {
          // Escaped line break: join the lines without a space.
          guard let next = quotedContinuation(after: pos + 1, parentIndent: parentIndent) else {
            unterminatedQuote(open, "double", firstLineEnd: firstLineEnd)
            return Node(.scalar(String(decoding: out, as: UTF8.self), .doubleQuoted), SourceRange(open, firstLineEnd))
          }
          out.append(contentsOf: repeatElement(LF, count: next.emptyLines))
          pos = next.start
        } else {
          decodeEscape(into: &out)
        }
        keep = out.count
        runStart = pos
        continue
      }
      if isBreak(c) {
        guard foldLineBreak(into: &out, keep: &keep, runStart: &runStart, parentIndent: parentIndent) else {
          unterminatedQuote(open, "double", firstLineEnd: firstLineEnd)
          return Node(.scalar(String(decoding: out, as: UTF8.self), .doubleQuoted), SourceRange(open, firstLineEnd))
        }
        continue
      }
      pos += 1
    }
    return Node(.scalar(String(decoding: out, as: UTF8.self), .doubleQuoted), SourceRange(open, pos))
  }

  /// A line break inside a quoted scalar (at `pos`): the run so far is kept without its
  /// trailing blanks, and the break folds to a space, or to one line feed per empty line.
  /// False when the quote is not continued on a later line (unterminated).
  mutating func foldLineBreak(
    into out: inout [UInt8], keep: inout Int, runStart: inout Int, parentIndent: Int
  ) -> Bool {
    out.append(contentsOf: b[runStart..<pos])
    while out.count > keep, let last = out.last, isBlank(last) { out.removeLast() }
    guard let next = quotedContinuation(after: pos, parentIndent: parentIndent) else { return false }
    if next.emptyLines == 0 {
      out.append(SP)
    } else {
      out.append(contentsOf: repeatElement(LF, count: next.emptyLines))
    }
    keep = out.count
    pos = next.start
    runStart = pos
    return true
  }

  mutating func decodeEscape(into out: inout [UInt8]) {
    let start = pos
    pos += 1
    guard pos < n else { return }
    let e = b[pos]
    pos += 1
    var scalar: UInt32
    switch e {
    case UInt8(ascii: "0"): scalar = 0
    case UInt8(ascii: "a"): scalar = 7
    case UInt8(ascii: "b"): scalar = 8
    case UInt8(ascii: "t"), TAB: scalar = 9
    case UInt8(ascii: "n"): scalar = 10
    case UInt8(ascii: "v"): scalar = 11
    case UInt8(ascii: "f"): scalar = 12
    case UInt8(ascii: "r"): scalar = 13
    case UInt8(ascii: "e"): scalar = 27
    case SP: scalar = 32
    case DQUOTE: scalar = 34
    case UInt8(ascii: "/"): scalar = 47
    case BACKSLASH: scalar = 92
    case UInt8(ascii: "N"): scalar = 0x85
    case UInt8(ascii: "_"): scalar = 0xA0
    case UInt8(ascii: "L"): scalar = 0x2028
    case UInt8(ascii: "P"): scalar = 0x2029
    case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
      let digits = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
      guard let v = hexValue(pos, digits) else {
        error(
          .invalidEscape,
          "'\\\(Character(UnicodeScalar(e)))' needs \(digits) hexadecimal digits",
          start, min(pos + digits, lineEnd(start)))
        return
      }
      pos += digits
      scalar = v
      if e == UInt8(ascii: "u") && (0xD800...0xDBFF).contains(v) {
        // A UTF-16 surrogate pair written as two escapes, as JSON does.
        if pos + 6 <= n && b[pos] == BACKSLASH && b[pos + 1] == UInt8(ascii: "u"),
          let low = hexValue(pos + 2, 4), (0xDC00...0xDFFF).contains(low)
        {
          pos += 6
          scalar = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
        } else {
          error(
            .invalidEscape, "'\(quote(start, pos))' is a lone UTF-16 surrogate", start, pos,
            notes: ["write the character itself, or a \\UXXXXXXXX escape"])
          return
        }
      } else if (0xD800...0xDFFF).contains(v) || v > 0x10FFFF {
        error(.invalidEscape, "'\(quote(start, pos))' is not a Unicode scalar value", start, pos)
        return
      }
    default:
      let end = scalarEnd(pos - 1)
      pos = end
      error(
        .invalidEscape, "invalid escape sequence '\(quote(start, end))'", start, end,
        notes: ["use single quotes to keep backslashes literally, or write '\\\\'"])
      return
    }
    if scalar < 0x20 && scalar != 9 && scalar != 10 && scalar != 13 {
      error(
        .controlCharacter,
        "escape '\(quote(start, pos))' produces a control character a property list cannot hold",
        start, pos)
      return
    }
    appendUTF8(scalar, to: &out)
  }

  func hexValue(_ i: Int, _ digits: Int) -> UInt32? {
    guard i + digits <= n else { return nil }
    var v: UInt32 = 0
    for k in 0..<digits {
      let c = b[i + k]
      let d: UInt32
      switch c {
      case 0x30...0x39: d = UInt32(c - 0x30)
      case 0x41...0x46: d = UInt32(c - 0x41 + 10)
      case 0x61...0x66: d = UInt32(c - 0x61 + 10)
      default: return nil
      }
      v = v << 4 | d
    }
    return v
  }

  mutating func parseSingleQuoted(parentIndent: Int) -> Node {
    let open = pos
    pos += 1
    var out: [UInt8] = []
    var keep = 0
    var runStart = pos
    let firstLineEnd = lineEnd(open)
    while true {
      guard pos < n else {
        out.append(contentsOf: b[runStart..<pos])
        unterminatedQuote(open, "single", firstLineEnd: firstLineEnd)
        return Node(.scalar(String(decoding: out, as: UTF8.self), .singleQuoted), SourceRange(open, firstLineEnd))
      }
      let c = b[pos]
      if c == SQUOTE {
        out.append(contentsOf: b[runStart..<pos])
        if pos + 1 < n && b[pos + 1] == SQUOTE {
          out.append(SQUOTE)
          keep = out.count
          pos += 2
          runStart = pos
          continue
        }
        pos += 1
        break
      }
      if isBreak(c) {
        guard foldLineBreak(into: &out, keep: &keep, runStart: &runStart, parentIndent: parentIndent) else {
          unterminatedQuote(open, "single", firstLineEnd: firstLineEnd)
          return Node(.scalar(String(decoding: out, as: UTF8.self), .singleQuoted), SourceRange(open, firstLineEnd))
        }
        continue
      }
      pos += 1
    }
    return Node(.scalar(String(decoding: out, as: UTF8.self), .singleQuoted), SourceRange(open, pos))
  }

  // MARK: - Block scalars

  enum Chomping { case clip, strip, keep }

  mutating func parseBlockScalar(parentIndent: Int) -> Node {
    let start = pos
    let literal = b[pos] == PIPE
    pos += 1
    var chomping = Chomping.clip
    var chompingSet = false
    var explicitIndent = 0
    for _ in 0..<2 {
      guard pos < n else { break }
      let c = b[pos]
      if !chompingSet && (c == DASH || c == UInt8(ascii: "+")) {
        chomping = c == DASH ? .strip : .keep
        chompingSet = true
        pos += 1
      } else if explicitIndent == 0 && c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") {
        explicitIndent = Int(c - 0x30)
        pos += 1
      } else {
        break
      }
    }
    let headerEnd = pos
    while pos < n && isBlank(b[pos]) { pos += 1 }
    if pos < n && !isBreak(b[pos]) {
      if b[pos] == HASH && isBlank(b[pos - 1]) {
        let end = lineEnd(pos)
        comments.append(Comment(range: SourceRange(pos, end), ownLine: false))
        pos = end
      } else {
        let end = trimmedLineEnd(pos)
        error(
          .invalidBlockScalarHeader,
          "text cannot follow '\(quote(start, headerEnd))' on the same line", pos, end,
          notes: ["start the text on the next line, indented"])
        pos = lineEnd(pos)
      }
    }
    pos = skipBreak(pos)

    let base = max(parentIndent, 0)
    var contentIndent: Int
    if explicitIndent > 0 {
      contentIndent = (parentIndent < 0 ? 0 : base) + explicitIndent
    } else {
      // The first non-empty line decides the indentation.
      contentIndent = -1
      var j = pos
      while j < n {
        var k = j
        while k < n && b[k] == SP { k += 1 }
        if k >= n { break }
        if isBreak(b[k]) {
          j = skipBreak(k)
          continue
        }
        contentIndent = k - j
        break
      }
      if contentIndent <= parentIndent { contentIndent = Int.max }
    }

    // Collect the content lines (indentation removed); empty lines are nil.
    var lines: [ArraySlice<UInt8>?] = []
    var end = headerEnd
    var j = pos
    while j < n {
      var k = j
      while k < n && b[k] == SP && k - j < contentIndent { k += 1 }
      let le = lineEnd(k)
      if k == le {
        lines.append(nil)  // an empty line (only indentation, or less)
        j = skipBreak(le)
        continue
      }
      if k - j < contentIndent { break }  // a less-indented content line ends the scalar
      lines.append(b[k..<le])
      end = le
      j = skipBreak(le)
    }
    pos = j
    // Trailing empty lines belong to chomping, leading/inner ones to the content.
    var lastContent = lines.count - 1
    while lastContent >= 0 && lines[lastContent] == nil { lastContent -= 1 }
    let trailingEmpty = lines.count - 1 - lastContent
    var out: [UInt8] = []
    if lastContent >= 0 {
      if literal {
        for idx in 0...lastContent {
          if idx > 0 { out.append(LF) }
          if let line = lines[idx] { out.append(contentsOf: line) }
        }
      } else {
        var pendingEmpty = 0
        var previousSpaced = false
        var seenText = false
        for idx in 0...lastContent {
          guard let line = lines[idx] else {
            pendingEmpty += 1
            continue
          }
          let spaced = line.first.map(isBlank) ?? false
          if !seenText {
            out.append(contentsOf: repeatElement(LF, count: pendingEmpty))
          } else if !spaced && !previousSpaced {
            if pendingEmpty == 0 {
              out.append(SP)
            } else {
              out.append(contentsOf: repeatElement(LF, count: pendingEmpty))
            }
          } else {
            out.append(contentsOf: repeatElement(LF, count: pendingEmpty + 1))
          }
          out.append(contentsOf: line)
          seenText = true
          previousSpaced = spaced
          pendingEmpty = 0
        }
      }
      // The last content line's own break exists unless it ended the file.
      let lastHasBreak = end < n
      switch chomping {
      case .strip: break
      case .clip: if lastHasBreak { out.append(LF) }
      case .keep:
        if lastHasBreak { out.append(LF) }
        out.append(contentsOf: repeatElement(LF, count: trailingEmpty))
      }
    } else if chomping == .keep {
      out.append(contentsOf: repeatElement(LF, count: trailingEmpty))
    }
    // Leave `pos` at the start of the first line after the scalar.
    if pos > n { pos = n }
    return Node(
      .scalar(String(decoding: out, as: UTF8.self), literal ? .literal : .folded),
      SourceRange(start, max(end, headerEnd)))
  }

  // MARK: - Flow collections

  mutating func parseFlowCollection(parentIndent: Int) -> Node {
    let open = pos
    if depth >= limits.maxDepth {
      reportDepth(open)
      skipBalancedFlow()
      return Node(.missing, SourceRange(open, pos))
    }
    depth += 1
    defer { depth -= 1 }
    return b[open] == LBRACKET
      ? parseFlowSequence(parentIndent: parentIndent)
      : parseFlowMapping(parentIndent: parentIndent)
  }

  /// Skips a flow collection without building it (after the depth limit), honouring
  /// quotes so brackets inside strings do not count.
  mutating func skipBalancedFlow() {
    var level = 0
    while pos < n {
      let c = b[pos]
      switch c {
      case LBRACKET, LBRACE: level += 1
      case RBRACKET, RBRACE:
        level -= 1
        if level <= 0 {
          pos += 1
          return
        }
      case DQUOTE:
        pos += 1
        while pos < n && b[pos] != DQUOTE {
          if b[pos] == BACKSLASH { pos += 1 }
          pos += 1
        }
      case SQUOTE:
        pos += 1
        while pos < n && b[pos] != SQUOTE { pos += 1 }
      default: break
      }
      pos += 1
    }
    pos = n
  }

  /// Skips blanks, line breaks and comments inside a flow collection. Returns false when
  /// the collection cannot continue: the end of the file, or a line indented no deeper than
  /// the block around it (then `pos` is at that line's start).
  mutating func skipFlowSpace(parentIndent: Int) -> Bool {
    while pos < n {
      let c = b[pos]
      if isBlank(c) {
        pos += 1
      } else if c == HASH && (pos == 0 || isBlank(b[pos - 1]) || isBreak(b[pos - 1])) {
        let end = lineEnd(pos)
        comments.append(Comment(range: SourceRange(pos, end), ownLine: false))
        pos = end
      } else if isBreak(c) {
        pos = skipBreak(pos)
        let ls = pos
        var k = pos
        while k < n && isBlank(b[k]) { k += 1 }
        if k >= n { return false }
        if isBreak(b[k]) || b[k] == HASH { continue }
        let indent = k - ls
        let closing = b[k] == RBRACKET || b[k] == RBRACE
        if (indent <= parentIndent && !closing) || (indent == 0 && isDocumentMarker(k)) {
          pos = ls
          return false
        }
        pos = k
      } else {
        return true
      }
    }
    return false
  }

  mutating func unterminatedFlow(_ open: Int) {
    // Collections enclosing an unterminated one end at the same place; one report is enough.
    if pos == lastUnterminatedFlowCut { return }
    lastUnterminatedFlowCut = pos
    let sequence = b[open] == LBRACKET
    error(
      .unterminatedFlow,
      sequence ? "unterminated flow sequence; expected ']'" : "unterminated flow mapping; expected '}'",
      open, open + 1, notes: ["the collection opens here and is not closed"])
  }

  /// After a bad token inside a flow collection: skip to the next ',' or closing bracket
  /// on this line.
  mutating func recoverInFlow() {
    while pos < n && !isBreak(b[pos]) {
      let c = b[pos]
      if c == COMMA || c == RBRACKET || c == RBRACE { return }
      pos += 1
    }
  }

  mutating func parseFlowSequence(parentIndent: Int) -> Node {
    let open = pos
    pos += 1
    var items: [Node] = []
    while !stopped {
      guard skipFlowSpace(parentIndent: parentIndent) else {
        unterminatedFlow(open)
        return Node(.sequence(items, flow: true), SourceRange(open, pos))
      }
      let c = b[pos]
      if c == RBRACKET {
        pos += 1
        break
      }
      if c == COMMA || c == RBRACE {
        error(.unexpectedContent, "unexpected '\(Character(UnicodeScalar(c)))' in a flow sequence", pos, pos + 1)
        pos += 1
        continue
      }
      let itemStart = pos
      let item = parseFlowNode(parentIndent: parentIndent)
      guard skipFlowSpace(parentIndent: parentIndent) else {
        items.append(item)
        unterminatedFlow(open)
        return Node(.sequence(items, flow: true), SourceRange(open, pos))
      }
      if b[pos] == COLON {
        error(
          .unexpectedContent, "a 'key: value' pair inside [ ] is not supported", itemStart, pos + 1,
          notes: ["write the pair as a mapping: [{key: value}]"])
        pos += 1
        _ = skipFlowSpace(parentIndent: parentIndent)
        if pos < n && b[pos] != COMMA && b[pos] != RBRACKET { _ = parseFlowNode(parentIndent: parentIndent) }
        _ = skipFlowSpace(parentIndent: parentIndent)
      }
      items.append(item)
      guard countValue(at: itemStart) else { break }
      guard pos < n else { continue }
      if b[pos] == COMMA {
        pos += 1
      } else if b[pos] != RBRACKET {
        error(.unexpectedContent, "expected ',' or ']' in a flow sequence", pos, scalarEnd(pos))
        let before = pos
        recoverInFlow()
        if pos == before { pos += 1 }
        if pos < n && b[pos] == COMMA { pos += 1 }
      }
      if pos == itemStart { pos += 1 }
    }
    return Node(.sequence(items, flow: true), SourceRange(open, pos))
  }

  mutating func parseFlowMapping(parentIndent: Int) -> Node {
    let open = pos
    pos += 1
    var entries: [MappingEntry] = []
    var seen = SeenKeys(base: seenKeys.count)
    defer { seen.release(&seenKeys) }
    while !stopped {
      guard skipFlowSpace(parentIndent: parentIndent) else {
        unterminatedFlow(open)
        return Node(.mapping(entries, flow: true), SourceRange(open, pos))
      }
      let c = b[pos]
      if c == RBRACE {
        pos += 1
        break
      }
      if c == COMMA || c == RBRACKET {
        error(.unexpectedContent, "unexpected '\(Character(UnicodeScalar(c)))' in a flow mapping", pos, pos + 1)
        pos += 1
        continue
      }
      let entryStart = pos
      var key: Node
      if c == LBRACKET || c == LBRACE {
        let collection = parseFlowCollection(parentIndent: parentIndent)
        error(
          .complexKey, "a collection cannot be a mapping key", entryStart, collection.range.end,
          notes: ["property-list keys are strings"])
        key = Node(.missing, collection.range)
      } else {
        key = parseFlowNode(parentIndent: parentIndent)
      }
      guard skipFlowSpace(parentIndent: parentIndent) else {
        unterminatedFlow(open)
        return Node(.mapping(entries, flow: true), SourceRange(open, pos))
      }
      var value = Node(.scalar("", .plain), SourceRange(key.range.end, key.range.end))
      if b[pos] == COLON {
        pos += 1
        value = Node(.scalar("", .plain), SourceRange(pos, pos))
        guard skipFlowSpace(parentIndent: parentIndent) else {
          entries.append(MappingEntry(key: key, value: value))
          unterminatedFlow(open)
          return Node(.mapping(entries, flow: true), SourceRange(open, pos))
        }
        if b[pos] != COMMA && b[pos] != RBRACE {
          value = parseFlowNode(parentIndent: parentIndent)
          guard skipFlowSpace(parentIndent: parentIndent) else {
            entries.append(MappingEntry(key: key, value: value))
            unterminatedFlow(open)
            return Node(.mapping(entries, flow: true), SourceRange(open, pos))
          }
        }
      }
      if let keyText = key.scalarText, let first = seen.insert(keyText, key.range, in: &seenKeys) {
        let loc = file.location(of: first.start)
        error(
          .duplicateKey, "duplicate key '\(keyText)'", key.range.start, key.range.end,
          notes: ["first defined at line \(loc.line), column \(loc.column)"])
      }
      entries.append(MappingEntry(key: key, value: value))
      guard countValue(at: key.range.start) else { break }
      if b[pos] == COMMA {
        pos += 1
      } else if b[pos] != RBRACE {
        error(.unexpectedContent, "expected ',' or '}' in a flow mapping", pos, scalarEnd(pos))
        let before = pos
        recoverInFlow()
        if pos == before { pos += 1 }
        if pos < n && b[pos] == COMMA { pos += 1 }
      }
      if pos == entryStart { pos += 1 }
    }
    return Node(.mapping(entries, flow: true), SourceRange(open, pos))
  }

  mutating func parseFlowNode(parentIndent: Int) -> Node {
    skipProperties()
    guard pos < n else { return Node(.missing, SourceRange(pos, pos)) }
    let c = b[pos]
    let node: Node
    switch c {
    case LBRACKET, LBRACE: return parseFlowCollection(parentIndent: parentIndent)
    case DQUOTE: node = parseDoubleQuoted(parentIndent: parentIndent)
    case SQUOTE: node = parseSingleQuoted(parentIndent: parentIndent)
    default:
      if let bad = rejectIndicator(flow: true) { return bad }
      node = parsePlainFlow(parentIndent: parentIndent)
    }
    checkScalarLength(node)
    return node
  }

  mutating func parsePlainFlow(parentIndent: Int) -> Node {
    let start = pos
    let first = scanPlainLine(pos, flow: true)
    var end = first.end
    pos = first.end
    if end == start {
      // A character that is not a plain-scalar start (already checked) and ends at once.
      error(.unexpectedContent, "unexpected '\(quote(start, scalarEnd(start)))'", start, scalarEnd(start))
      pos = scalarEnd(start)
      return Node(.missing, SourceRange(start, pos))
    }
    var folded: [UInt8]? = nil
    var stop = first.stop
    // A plain scalar inside [ ] or { } may continue on the next line.
    while stop < n && isBreak(b[stop]) {
      var j = skipBreak(stop)
      var emptyLines = 0
      var contentStart = -1
      while j < n {
        let ls = j
        var k = j
        while k < n && isBlank(b[k]) { k += 1 }
        if k >= n { break }
        if isBreak(b[k]) {
          emptyLines += 1
          j = skipBreak(k)
          continue
        }
        let indent = k - ls
        if indent > parentIndent && !(indent == 0 && isDocumentMarker(k)) { contentStart = k }
        break
      }
      guard contentStart >= 0 else { break }
      let d = b[contentStart]
      if isFlowIndicator(d) || d == HASH || d == COLON { break }
      let line = scanPlainLine(contentStart, flow: true)
      if line.end == contentStart { break }
      if folded == nil { folded = Array(b[start..<end]) }
      if emptyLines == 0 {
        folded!.append(SP)
      } else {
        folded!.append(contentsOf: repeatElement(LF, count: emptyLines))
      }
      folded!.append(contentsOf: b[contentStart..<line.end])
      end = line.end
      pos = line.end
      stop = line.stop
      if folded!.count > limits.maxScalarBytes {
        tooLarge("a value is longer than \(limits.maxScalarBytes >> 20) MiB", at: start)
        break
      }
    }
    let value = folded.map { String(decoding: $0, as: UTF8.self) } ?? text(start, end)
    return Node(.scalar(value, .plain), SourceRange(start, end))
  }
}

func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
  switch v {
  case 0..<0x80: out.append(UInt8(v))
  case 0x80..<0x800:
    out.append(UInt8(0xC0 | (v >> 6)))
    out.append(UInt8(0x80 | (v & 0x3F)))
  case 0x800..<0x10000:
    out.append(UInt8(0xE0 | (v >> 12)))
    out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (v & 0x3F)))
  default:
    out.append(UInt8(0xF0 | (v >> 18)))
    out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
    out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (v & 0x3F)))
  }
}

func hex2(_ c: UInt8) -> String {
  let digits = Array("0123456789ABCDEF")
  return String([digits[Int(c >> 4)], digits[Int(c & 0xF)]])
}

func hex4(_ v: UInt32) -> String {
  let s = String(v, radix: 16, uppercase: true)
  return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
}

/// One key recorded by ``SeenKeys``.
struct SeenKey {
  var key: String
  /// The key's UTF-8 count: most keys of a mapping differ in it, so most comparisons end
  /// without touching the bytes.
  var length: Int
  var range: SourceRange
}

/// The keys of one mapping so far, compared by their UTF-8 bytes (two spellings of "é" are
/// different keys). Most mappings are small: a linear scan beats hashing every key as an
/// array of bytes, and a dictionary takes over past a few dozen keys.
///
/// The keys live in the parser's `seenKeys` stack, from `base` on: a nested mapping pushes
/// its keys above its parent's and pops them when it ends (``release(_:)``), so parsing
/// allocates no array per mapping.
struct SeenKeys {
  let base: Int
  private var large: [[UInt8]: SourceRange]? = nil
  static let linearLimit = 24

  init(base: Int) { self.base = base }

  /// Records `key` and returns nil, or returns where it was first seen.
  mutating func insert(_ key: String, _ range: SourceRange, in stack: inout [SeenKey]) -> SourceRange? {
    if large != nil {
      let bytes = Array(key.utf8)
      if let first = large![bytes] { return first }
      large![bytes] = range
      return nil
    }
    let length = key.utf8.count
    var i = base
    while i < stack.count {
      if stack[i].length == length && utf8Equal(stack[i].key, key) { return stack[i].range }
      i += 1
    }
    stack.append(SeenKey(key: key, length: length, range: range))
    if stack.count - base > SeenKeys.linearLimit {
      var index: [[UInt8]: SourceRange] = [:]
      for entry in stack[base...] where index[Array(entry.key.utf8)] == nil {
        index[Array(entry.key.utf8)] = entry.range
      }
      large = index
      stack.removeSubrange(base...)
    }
    return nil
  }

  /// Pops this mapping's keys off the stack (capacity kept for the next mapping).
  func release(_ stack: inout [SeenKey]) {
    if stack.count > base { stack.removeSubrange(base...) }
  }
}
