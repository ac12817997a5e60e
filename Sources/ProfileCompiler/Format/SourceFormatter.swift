import Diagnostics
import ProfileSyntax

/// `profilec fmt`: rewrites a source in canonical layout (issue 6.4) without changing what
/// it compiles to.
///
/// - 2-space indentation; block style for mappings and sequences of mappings; flow style
///   kept for lists of scalars that fit in ``width`` columns; `key: value` with one space.
/// - Quotes only where needed (see `ScalarWriting`); block scalars stay block scalars, with
///   their chomping; multi-line scalars are re-wrapped only when they no longer fit.
/// - Every comment is kept: own-line comments before their node at its indentation,
///   trailing comments after their value. Blank lines between entries collapse to one;
///   top-level blocks are always separated by one.
/// - LF line endings, no byte-order mark, one final newline.
public enum SourceFormatter {
  public static let width = 100

  public enum Outcome: Sendable {
    case formatted([UInt8])
    /// The file does not parse: it is left alone and these say why.
    case syntaxErrors([Diagnostic])
  }

  public static func format(_ file: SourceFile) -> Outcome {
    let tree = Parser.parse(file)
    guard !tree.diagnostics.hasErrors else { return .syntaxErrors(tree.diagnostics) }
    var printer = LayoutPrinter(tree: tree)
    return .formatted(printer.run())
  }
}

struct LayoutPrinter {
  struct CommentLine {
    var start: Int
    var line: Int
    /// Bytes from the line start (indentation is spaces, so also the column).
    var column: Int
    /// Nothing but blanks before it on its line (the parser's flag says false for
    /// comments inside flow collections, so it is recomputed).
    var ownLine: Bool
    /// From `#` to the end of the line, trailing blanks removed.
    var text: String
  }

  let file: SourceFile
  let b: [UInt8]
  let tree: SyntaxTree
  var comments: [CommentLine] = []
  /// The first comment not written yet; comments are written in source order.
  var next = 0
  var lines: [String] = []
  /// The last line opened a block: no blank line may follow it.
  var atBlockStart = false
  /// The last lines were a `|+`/`>+` scalar's content: a blank line would extend it.
  var afterKeepScalar = false

  init(tree: SyntaxTree) {
    self.tree = tree
    self.file = tree.file
    self.b = tree.file.bytes
    for c in tree.comments.sorted(by: { $0.range.start < $1.range.start }) {
      let line = file.lineIndex(of: c.range.start)
      let lineStart = file.lineStarts[line]
      var end = c.range.end
      while end > c.range.start && (b[end - 1] == 0x20 || b[end - 1] == 0x09) { end -= 1 }
      comments.append(
        CommentLine(
          start: c.range.start, line: line, column: c.range.start - lineStart,
          ownLine: b[lineStart..<c.range.start].allSatisfy { $0 == 0x20 || $0 == 0x09 },
          text: String(decoding: b[c.range.start..<end], as: UTF8.self)))
    }
  }

  mutating func run() -> [UInt8] {
    guard let root = tree.root else {
      flushAll()
      return finish()
    }
    guard case .mapping(let entries, let flow) = root.kind, !entries.isEmpty else {
      // Every valid source is a mapping; anything else is left as written.
      return b
    }
    if tree.hasDocumentStartMarker, let marker = documentMarkerOffset() {
      emitLeading(before: marker, indent: 0, forceBlank: false)
      var line = "---"
      if let c = trailing(onLine: file.lineIndex(of: marker), before: root.range.start) { line += " " + c }
      emit(line)
      atBlockStart = true
    }
    emitEntries(
      entries, indent: 0, tailColumn: flow ? Int.min : column(of: root.range.start),
      tailLimit: flow ? root.range.end : b.count, limit: b.count, topLevel: true, firstPrefix: nil)
    flushAll()
    return finish()
  }

  func finish() -> [UInt8] {
    var out = lines
    // A `|+` scalar's trailing empty lines are part of its value.
    while out.last == "" && !afterKeepScalar { out.removeLast() }
    if out.isEmpty { return [] }
    return Array((out.joined(separator: "\n") + "\n").utf8)
  }

  // MARK: - Lines and comments

  func spaces(_ n: Int) -> String { String(repeating: " ", count: max(0, n)) }

  func column(of offset: Int) -> Int { offset - file.lineStarts[file.lineIndex(of: offset)] }

  func lineOf(_ offset: Int) -> Int { file.lineIndex(of: offset) }

  /// The line holding a node's last character.
  func lastLine(_ node: Node) -> Int { file.lineIndex(of: max(node.range.start, node.range.end - 1)) }

  func isBlankLine(_ line: Int) -> Bool {
    file.lineContentRange(line).allSatisfy { b[$0] == 0x20 || b[$0] == 0x09 }
  }

  func blankBefore(_ offset: Int) -> Bool {
    let line = lineOf(offset)
    return line > 0 && isBlankLine(line - 1)
  }

  mutating func emit(_ line: String) {
    lines.append(line)
    atBlockStart = false
    afterKeepScalar = false
  }

  mutating func emitBlank() {
    guard !lines.isEmpty, !atBlockStart, !afterKeepScalar, lines.last != "" else { return }
    lines.append("")
  }

  /// Writes the comments before `offset` on their own lines at `indent`, keeping one
  /// blank line wherever the source had any.
  mutating func emitLeading(before offset: Int, indent: Int, forceBlank: Bool, blankBeforeNode: Bool = true) {
    var first = true
    while next < comments.count && comments[next].start < offset {
      let c = comments[next]
      if (first && forceBlank) || blankBefore(c.start) { emitBlank() }
      emit(spaces(indent) + c.text)
      next += 1
      first = false
    }
    if (first && forceBlank) || (blankBeforeNode && blankBefore(offset)) { emitBlank() }
  }

  /// The comment that ends source line `line`, if it comes before `limit` (the next
  /// node); it is consumed.
  mutating func trailing(onLine line: Int, before limit: Int) -> String? {
    guard next < comments.count else { return nil }
    let c = comments[next]
    guard !c.ownLine, c.line == line, c.start < limit else { return nil }
    next += 1
    return c.text
  }

  /// After a block's last child: own-line comments indented at least as deep as the block
  /// (in the source) stay with it.
  mutating func flushTail(column: Int, indent: Int, limit: Int) {
    while next < comments.count {
      let c = comments[next]
      guard c.start < limit, c.ownLine, c.column >= column else { return }
      if blankBefore(c.start) { emitBlank() }
      emit(spaces(indent) + c.text)
      next += 1
    }
  }

  mutating func flushAll() {
    while next < comments.count {
      if blankBefore(comments[next].start) { emitBlank() }
      emit(comments[next].text)
      next += 1
    }
  }

  func hasComment(in range: SourceRange) -> Bool {
    var i = next
    while i < comments.count && comments[i].start < range.end {
      if comments[i].start >= range.start { return true }
      i += 1
    }
    return false
  }

  func documentMarkerOffset() -> Int? {
    for line in 0..<file.lineStarts.count {
      let r = file.lineContentRange(line)
      if r.count >= 3 && b[r.lowerBound] == 0x2D && b[r.lowerBound + 1] == 0x2D && b[r.lowerBound + 2] == 0x2D {
        return r.lowerBound
      }
    }
    return nil
  }

  // MARK: - Mappings

  mutating func emitEntries(
    _ entries: [MappingEntry], indent: Int, tailColumn: Int, tailLimit: Int, limit: Int, topLevel: Bool,
    firstPrefix: String?
  ) {
    for (i, e) in entries.enumerated() {
      let start = e.key.range.start
      let entryLimit = i + 1 < entries.count ? entries[i + 1].key.range.start : limit
      let prefix: String
      if i == 0, let firstPrefix {
        prefix = firstPrefix
      } else {
        emitLeading(before: start, indent: indent, forceBlank: topLevel && i > 0)
        prefix = spaces(indent)
      }
      let key = ScalarWriting.render(e.keyText, style: e.key.scalarStyle ?? .plain, context: .block, isKey: true)
      emitValue(
        e.value, head: prefix + key + ":", headOffset: start, indent: indent, parentColumn: column(of: start),
        limit: entryLimit)
    }
    flushTail(column: tailColumn, indent: indent, limit: min(tailLimit, limit))
  }

  // MARK: - Sequences

  /// Where item `i`'s dash is: the sequence starts at the first; every later one is the
  /// first `-` at the sequence's column on or above the item's first line.
  func dashOffset(_ items: [Node], _ i: Int, sequence: Node, column: Int) -> Int {
    if i == 0 { return sequence.range.start }
    let item = items[i]
    var line = lineOf(item.range.start)
    let floor = lineOf(items[i - 1].range.end)
    while line >= floor {
      let ls = file.lineStarts[line]
      let d = ls + column
      if d < b.count && d <= item.range.start && b[d] == 0x2D && b[ls..<d].allSatisfy({ $0 == 0x20 }) {
        return d
      }
      line -= 1
    }
    return item.range.start
  }

  /// `parentColumn`: the source column of the key or dash that owns the sequence; a
  /// comment after the last item belongs to the sequence only when indented deeper.
  mutating func emitItems(
    _ items: [Node], sequence: Node, flow: Bool, dashIndent: Int, parentColumn: Int, limit: Int,
    firstPrefix: String?
  ) {
    let seqColumn = flow ? Int.min : column(of: sequence.range.start)
    let dashes = items.indices.map { flow ? items[$0].range.start : dashOffset(items, $0, sequence: sequence, column: seqColumn) }
    for (i, item) in items.enumerated() {
      let itemLimit = i + 1 < items.count ? dashes[i + 1] : limit
      let linePrefix: String
      if i == 0, let firstPrefix {
        linePrefix = firstPrefix
      } else {
        emitLeading(before: dashes[i], indent: dashIndent, forceBlank: false)
        linePrefix = spaces(dashIndent)
      }
      // Comments between the dash and the item keep the item off the dash's line.
      let inner = next < comments.count && comments[next].start < item.range.start
      let compact = linePrefix + "- "
      switch item.kind {
      case .mapping(let entries, let f) where !entries.isEmpty && !inner && !(f && keptFlowMapping(item, head: compact) != nil):
        emitEntries(
          entries, indent: dashIndent + 2, tailColumn: f ? Int.min : column(of: entries[0].key.range.start),
          tailLimit: f ? item.range.end : itemLimit, limit: itemLimit, topLevel: false, firstPrefix: compact)
      case .sequence(let sub, let f) where !sub.isEmpty && !inner && !(f && keptFlowSequence(item, head: compact) != nil):
        emitItems(
          sub, sequence: item, flow: f, dashIndent: dashIndent + 2, parentColumn: seqColumn, limit: itemLimit,
          firstPrefix: compact)
      default:
        emitValue(
          item, head: linePrefix + "-", headOffset: dashes[i], indent: dashIndent, parentColumn: seqColumn,
          limit: itemLimit)
      }
    }
    flushTail(
      column: flow ? Int.min : max(seqColumn, parentColumn + 1), indent: dashIndent,
      limit: flow ? min(sequence.range.end, limit) : limit)
  }

  // MARK: - Values

  /// Writes `node` after `head` (`key:` or `-`), children indented at `indent + 2`.
  /// `parentColumn` is the source indentation of the enclosing block (block scalars'
  /// explicit indentation counts from it).
  mutating func emitValue(_ node: Node, head: String, headOffset: Int, indent: Int, parentColumn: Int, limit: Int) {
    let headLine = lineOf(headOffset)
    switch node.kind {
    case .missing:
      emit(head)
    case .scalar(let text, let style):
      if style == .literal || style == .folded {
        emitBlockScalar(node, text: text, literal: style == .literal, head: head, indent: indent, parentColumn: parentColumn, limit: limit)
        return
      }
      if text.isEmpty && style == .plain {
        var line = head
        if let c = trailing(onLine: headLine, before: limit) { line += " " + c }
        emit(line)
        return
      }
      // A value on a line below its key moves up to it; comments in between go above.
      emitLeading(before: node.range.start, indent: indent, forceBlank: false, blankBeforeNode: false)
      let rendered = ScalarWriting.render(text, style: style, context: .block, isKey: false)
      var out = [head + " " + rendered]
      if lineOf(node.range.start) != lastLine(node) && width(out[0]) > SourceFormatter.width,
        let wrapped = wrap(rendered, head: head, continuation: indent + 2)
      {
        out = wrapped
      }
      if let c = trailing(onLine: lastLine(node), before: limit) { out[out.count - 1] += " " + c }
      for l in out { emit(l) }
    case .sequence(let items, let flow):
      if items.isEmpty || (flow && keptFlowSequence(node, head: head + " ") != nil) {
        emitLeading(before: node.range.start, indent: indent, forceBlank: false, blankBeforeNode: false)
        var line = head + " " + (keptFlowSequence(node, head: head + " ") ?? "[]")
        if let c = trailing(onLine: lastLine(node), before: limit) { line += " " + c }
        emit(line)
        return
      }
      var line = head
      if let c = trailing(onLine: headLine, before: items[0].range.start) { line += " " + c }
      emit(line)
      atBlockStart = true
      emitItems(
        items, sequence: node, flow: flow, dashIndent: indent + 2, parentColumn: parentColumn, limit: limit,
        firstPrefix: nil)
    case .mapping(let entries, let flow):
      if entries.isEmpty || (flow && keptFlowMapping(node, head: head + " ") != nil) {
        emitLeading(before: node.range.start, indent: indent, forceBlank: false, blankBeforeNode: false)
        var line = head + " " + (keptFlowMapping(node, head: head + " ") ?? "{}")
        if let c = trailing(onLine: lastLine(node), before: limit) { line += " " + c }
        emit(line)
        return
      }
      var line = head
      if let c = trailing(onLine: headLine, before: entries[0].key.range.start) { line += " " + c }
      emit(line)
      atBlockStart = true
      emitEntries(
        entries, indent: indent + 2, tailColumn: flow ? Int.min : column(of: entries[0].key.range.start),
        tailLimit: flow ? node.range.end : limit, limit: limit, topLevel: false, firstPrefix: nil)
    }
  }

  func width(_ s: String) -> Int { s.unicodeScalars.count }

  /// `[a, b, c]` when a flow sequence of scalars has no comments inside and fits the line.
  func keptFlowSequence(_ node: Node, head: String) -> String? {
    guard case .sequence(let items, true) = node.kind, !hasComment(in: node.range) else { return nil }
    var parts: [String] = []
    for item in items {
      guard case .scalar(let text, let style) = item.kind else { return nil }
      // A plain scalar that cannot stay plain inside [ ] goes to block style instead:
      // quoting it could change its type.
      if style == .plain && !ScalarWriting.plainIsSafe(text, context: .flow, isKey: false) { return nil }
      parts.append(ScalarWriting.render(text, style: style, context: .flow, isKey: false))
    }
    let text = "[" + parts.joined(separator: ", ") + "]"
    return width(head) + width(text) <= SourceFormatter.width ? text : nil
  }

  /// `{base64: ...}` / `{file: ...}` data values stay on one line when they fit.
  func keptFlowMapping(_ node: Node, head: String) -> String? {
    guard case .mapping(let entries, true) = node.kind, entries.count == 1, !hasComment(in: node.range),
      entries[0].keyText == "base64" || entries[0].keyText == "file",
      case .scalar(let text, let style) = entries[0].value.kind,
      style != .plain || ScalarWriting.plainIsSafe(text, context: .flow, isKey: false)
    else { return nil }
    let value = ScalarWriting.render(text, style: style, context: .flow, isKey: false)
    let out = "{" + entries[0].keyText + ": " + value + "}"
    return width(head) + width(out) <= SourceFormatter.width ? out : nil
  }

  /// Breaks a rendered plain or quoted scalar at single spaces so the lines fit; a line
  /// break folds back into exactly one space. Nil when there is nowhere to break.
  func wrap(_ rendered: String, head: String, continuation: Int) -> [String]? {
    let s = Array(rendered.unicodeScalars)
    var words: [String] = []
    var current = String.UnicodeScalarView()
    for (i, c) in s.enumerated() {
      // Only a space between two non-blank characters, and not before an indicator (a
      // plain continuation line starting with '#' would be a comment).
      if c == " " && i > 0 && i + 1 < s.count && s[i - 1] != " " && !" #-?:".unicodeScalars.contains(s[i + 1]) {
        words.append(String(current))
        current = String.UnicodeScalarView()
      } else {
        current.append(c)
      }
    }
    words.append(String(current))
    guard words.count > 1 else { return nil }
    var out: [String] = []
    var line = head + " " + words[0]
    for w in words.dropFirst() {
      if width(line) + 1 + width(w) <= SourceFormatter.width {
        line += " " + w
      } else {
        out.append(line)
        line = spaces(continuation) + w
      }
    }
    out.append(line)
    return out
  }

  // MARK: - Block scalars

  /// Re-indents a block scalar's lines as written; the header's chomping is derived from
  /// the value (so a last line without a final newline stays without one).
  mutating func emitBlockScalar(
    _ node: Node, text: String, literal: Bool, head: String, indent: Int, parentColumn: Int, limit: Int
  ) {
    emitLeading(before: node.range.start, indent: indent, forceBlank: false, blankBeforeNode: false)
    var i = node.range.start + 1
    var explicit = 0
    for _ in 0..<2 where i < b.count {
      if b[i] == 0x2D || b[i] == 0x2B {
        i += 1
      } else if b[i] >= 0x31 && b[i] <= 0x39 {
        explicit = Int(b[i] - 0x30)
        i += 1
      }
    }
    let headerEnd = i
    let headerLine = lineOf(node.range.start)
    let hasContent = node.range.end > headerEnd
    let lastContentLine = hasContent ? lineOf(node.range.end) : headerLine

    // The source's content indentation, found as the parser finds it.
    var contentIndent = Int.max
    if explicit > 0 {
      contentIndent = max(parentColumn, 0) + explicit
    } else if hasContent {
      for line in (headerLine + 1)...lastContentLine {
        let r = file.lineContentRange(line)
        var k = r.lowerBound
        while k < r.upperBound && b[k] == 0x20 { k += 1 }
        if k < r.upperBound {
          contentIndent = k - r.lowerBound
          break
        }
      }
    }
    var content: [String] = []
    if hasContent {
      for line in (headerLine + 1)...lastContentLine {
        let r = file.lineContentRange(line)
        var k = r.lowerBound
        while k < r.upperBound && b[k] == 0x20 && k - r.lowerBound < contentIndent { k += 1 }
        content.append(String(decoding: b[k..<r.upperBound], as: UTF8.self))
      }
    }
    var trailingNewlines = 0
    for c in text.unicodeScalars.reversed() {
      guard c == "\n" else { break }
      trailingNewlines += 1
    }
    let chomp: String
    var keptEmpty = 0
    if trailingNewlines == 0 {
      chomp = "-"
    } else if hasContent && trailingNewlines == 1 {
      chomp = ""
    } else {
      chomp = "+"
      keptEmpty = hasContent ? trailingNewlines - 1 : trailingNewlines
    }
    // A first line that starts with a space needs the indentation written out.
    let firstText = content.first { !$0.isEmpty }
    let indicator = firstText?.hasPrefix(" ") == true ? "2" : ""
    var line = head + " " + (literal ? "|" : ">") + indicator + chomp
    if let c = trailing(onLine: headerLine, before: limit) { line += " " + c }
    emit(line)
    let pad = spaces(indent + 2)
    for c in content { emit(c.isEmpty ? "" : pad + c) }
    if chomp == "+" {
      for _ in 0..<keptEmpty { lines.append("") }
      afterKeepScalar = true
    }
  }
}
