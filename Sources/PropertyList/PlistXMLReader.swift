import Diagnostics

/// Reads XML property lists with a byte-level parser of its own, keeping where every value
/// came from.
///
/// Each node's range covers its whole element (`<string>…</string>`); each dictionary
/// entry's `keyRange` covers its `<key>…</key>` element. The reader accepts what Apple's
/// parser accepts (no XML declaration, whitespace before it with a warning, comments,
/// processing instructions, CDATA, the predefined entities and character references, a
/// DOCTYPE without internal subset) and never expands or fetches anything a DOCTYPE could
/// declare. Line ends are normalized as XML requires (CRLF and CR become LF); text is
/// otherwise kept exactly. Malformed XML stops the reader with one error at the failing
/// position; bad values (an integer out of range, a duplicate key) are all reported.
public enum PlistXMLReader {
  /// Reads an XML property list; `root` is `nil` when a diagnostic is an error.
  public static func read(_ file: SourceFile, limits: PlistReadLimits = .default) -> PlistReadResult
  {
    var parser = XMLPlistParser(file: file, limits: limits)
    let root = parser.run()
    let diagnostics = parser.diags.diagnostics
    return PlistReadResult(
      root: diagnostics.hasErrors ? nil : root, file: file, format: .xml, diagnostics: diagnostics)
  }
}

// ASCII bytes used by the parser.
private let LT = UInt8(ascii: "<")
private let GT = UInt8(ascii: ">")
private let AMP = UInt8(ascii: "&")
private let SLASH = UInt8(ascii: "/")
private let QMARK = UInt8(ascii: "?")
private let BANG = UInt8(ascii: "!")
private let EQ = UInt8(ascii: "=")
private let SEMI = UInt8(ascii: ";")
private let HASH = UInt8(ascii: "#")
private let DQUOTE = UInt8(ascii: "\"")
private let SQUOTE = UInt8(ascii: "'")
private let LBRACKET = UInt8(ascii: "[")
private let RBRACKET = UInt8(ascii: "]")
private let CR: UInt8 = 0x0D
private let LF: UInt8 = 0x0A

@inline(__always) private func isXMLSpace(_ c: UInt8) -> Bool {
  c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
}

@inline(__always) private func isNameStart(_ c: UInt8) -> Bool {
  (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || c == 0x3A || c >= 0x80
}

@inline(__always) private func isNameChar(_ c: UInt8) -> Bool {
  isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E
}

/// The elements a property list is made of.
enum PlistElement: Equatable {
  case plist, dict, array, key, string, integer, real, date, data, `true`, `false`, other

  init(_ name: ArraySlice<UInt8>) {
    switch name.count {
    case 3 where name.elementsEqual("key".utf8): self = .key
    case 4 where name.elementsEqual("dict".utf8): self = .dict
    case 4 where name.elementsEqual("real".utf8): self = .real
    case 4 where name.elementsEqual("date".utf8): self = .date
    case 4 where name.elementsEqual("data".utf8): self = .data
    case 4 where name.elementsEqual("true".utf8): self = .true
    case 5 where name.elementsEqual("plist".utf8): self = .plist
    case 5 where name.elementsEqual("array".utf8): self = .array
    case 5 where name.elementsEqual("false".utf8): self = .false
    case 6 where name.elementsEqual("string".utf8): self = .string
    case 7 where name.elementsEqual("integer".utf8): self = .integer
    default: self = .other
    }
  }

  var isValue: Bool { self != .plist && self != .key && self != .other }
}

/// A start tag as read: `<name attr="…">` or `<name/>`.
struct StartTag {
  var nameStart: Int
  var nameEnd: Int
  var kind: PlistElement
  /// Offset of `<`.
  var start: Int
  /// Offset just past `>`.
  var end: Int
  var selfClosing: Bool
}

/// Thrown after the diagnostic that ends the parse was recorded.
struct XMLStop: Error {}

struct XMLPlistParser {
  let file: SourceFile
  let b: [UInt8]
  let n: Int
  let limits: PlistReadLimits
  var pos = 0
  var diags: DiagnosticBag
  var errorCount = 0
  var objectCount = 0
  var text: [UInt8] = []

  init(file: SourceFile, limits: PlistReadLimits) {
    self.file = file
    self.b = file.bytes
    self.n = file.bytes.count
    self.limits = limits
    self.diags = DiagnosticBag(file: file)
  }

  /// The byte at `i`, or 0 past the end (NUL bytes are rejected up front, so 0 means "end").
  @inline(__always) func at(_ i: Int) -> UInt8 { i < n ? b[i] : 0 }

  func hasPrefix(_ s: StaticString, at i: Int) -> Bool {
    let count = s.utf8CodeUnitCount
    guard i + count <= n else { return false }
    return s.withUTF8Buffer { p in
      for k in 0..<count where b[i + k] != p[k] { return false }
      return true
    }
  }

  func name(_ tag: StartTag) -> String {
    String(decoding: b[tag.nameStart..<tag.nameEnd], as: UTF8.self)
  }

  func location(_ offset: Int) -> String { file.location(of: offset).description }

  // MARK: - Diagnostics

  /// Records the diagnostic that ends the parse.
  mutating func stop(
    _ d: DiagnosticDescriptor, _ message: String, _ start: Int, _ end: Int, notes: [String] = [],
    fixIts: [FixIt] = []
  ) -> XMLStop {
    diags.emit(d, message, SourceRange(start, min(end, n)), notes: notes, fixIts: fixIts)
    return XMLStop()
  }

  /// Records an error and goes on, until there are too many.
  mutating func error(
    _ d: DiagnosticDescriptor, _ message: String, _ start: Int, _ end: Int, notes: [String] = []
  ) throws(XMLStop) {
    diags.emit(d, message, SourceRange(start, min(end, n)), notes: notes)
    errorCount += 1
    if errorCount >= limits.maxErrors { throw XMLStop() }
  }

  func openedAt(_ tag: StartTag) -> String {
    "'<\(name(tag))>' opened at \(location(tag.start))"
  }

  // MARK: - Document

  mutating func run() -> PlistNode? {
    do {
      try prolog()
      let root = try rootElement()
      try epilog()
      return root
    } catch {
      return nil
    }
  }

  mutating func prolog() throws(XMLStop) {
    if n == 0 { throw stop(.notAPropertyList, "not a property list: the file is empty", 0, 0) }
    if (n >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE)))
      || (n >= 2 && ((b[0] == 0 && b[1] == LT) || (b[0] == LT && b[1] == 0)))
    {
      throw stop(
        .plistUnsupportedEncoding, "UTF-16 text is not supported", 0, min(n, 2),
        notes: ["convert the file to UTF-8, for example with iconv -f UTF-16 -t UTF-8"])
    }
    if hasPrefix("\u{FEFF}", at: 0) { pos = 3 }
    let spaceStart = pos
    while isXMLSpace(at(pos)) { pos += 1 }
    var declaredEncoding: (String, Int, Int)? = nil
    if hasPrefix("<?xml", at: pos) && (isXMLSpace(at(pos + 5)) || at(pos + 5) == QMARK) {
      if pos > spaceStart {
        diags.emit(
          .plistLeadingWhitespace, "whitespace before the XML declaration",
          SourceRange(spaceStart, pos),
          notes: ["strict XML parsers and Python's plistlib refuse such a file"],
          fixIts: [
            FixIt(
              "remove it", edits: [TextEdit(range: SourceRange(spaceStart, pos), replacement: "")])
          ])
      }
      declaredEncoding = try xmlDeclaration()
    }
    if let bad = firstInvalidByte() {
      if let (encoding, s, e) = declaredEncoding {
        throw stop(
          .plistUnsupportedEncoding, "encoding '\(encoding)' is not supported", s, e,
          notes: [
            "byte \(bad) is not UTF-8; convert the file to UTF-8 and declare encoding=\"UTF-8\""
          ])
      }
      let message = b[bad] == 0 ? "NUL byte in XML" : "invalid UTF-8"
      throw stop(.plistMalformedXML, message, bad, bad + 1)
    }
    if let (encoding, s, e) = declaredEncoding, !b.allSatisfy({ $0 < 0x80 }) {
      throw stop(
        .plistUnsupportedEncoding, "encoding '\(encoding)' is not supported", s, e,
        notes: ["profilec reads XML in UTF-8; convert the file and declare encoding=\"UTF-8\""])
    }
    try misc(allowDoctype: true)
  }

  /// Parses `<?xml version="1.0" encoding="…"?>`; returns the encoding when it is not UTF-8.
  mutating func xmlDeclaration() throws(XMLStop) -> (String, Int, Int)? {
    let start = pos
    pos += 5
    var result: (String, Int, Int)? = nil
    while true {
      while isXMLSpace(at(pos)) { pos += 1 }
      if at(pos) == QMARK && at(pos + 1) == GT {
        pos += 2
        return result
      }
      guard isNameStart(at(pos)) else {
        throw stop(
          .plistMalformedXML, "malformed XML declaration", pos, pos + 1,
          notes: ["the declaration starts at \(location(start))"])
      }
      let nameStart = pos
      while isNameChar(at(pos)) { pos += 1 }
      let attribute = b[nameStart..<pos]
      while isXMLSpace(at(pos)) { pos += 1 }
      guard at(pos) == EQ else {
        throw stop(
          .plistMalformedXML, "malformed XML declaration", pos, pos + 1,
          notes: ["expected '=' after the attribute name"])
      }
      pos += 1
      while isXMLSpace(at(pos)) { pos += 1 }
      let quote = at(pos)
      guard quote == DQUOTE || quote == SQUOTE else {
        throw stop(
          .plistMalformedXML, "malformed XML declaration", pos, pos + 1,
          notes: ["expected a quoted value"])
      }
      let valueStart = pos + 1
      pos += 1
      while pos < n && b[pos] != quote && b[pos] != GT { pos += 1 }
      guard at(pos) == quote else {
        throw stop(.plistMalformedXML, "unterminated XML declaration", start, start + 5)
      }
      if attribute.elementsEqual("encoding".utf8) {
        let value = String(decoding: b[valueStart..<pos], as: UTF8.self)
        let lower = value.lowercased()
        if !["utf-8", "utf8", "us-ascii", "ascii"].contains(lower) {
          result = (value, valueStart, pos)
        }
      }
      pos += 1
    }
  }

  /// Offset of the first byte that is not valid UTF-8, or a NUL.
  func firstInvalidByte() -> Int? {
    var i = 0
    while i < n {
      let c = b[i]
      if c < 0x80 {
        if c == 0 { return i }
        i += 1
        continue
      }
      var need = 0
      var minScalar: UInt32 = 0
      var scalar: UInt32 = 0
      switch c {
      case 0xC2...0xDF:
        need = 1
        minScalar = 0x80
        scalar = UInt32(c & 0x1F)
      case 0xE0...0xEF:
        need = 2
        minScalar = 0x800
        scalar = UInt32(c & 0x0F)
      case 0xF0...0xF4:
        need = 3
        minScalar = 0x10000
        scalar = UInt32(c & 0x07)
      default: return i
      }
      guard i + need < n else { return i }
      for k in 1...need {
        let d = b[i + k]
        guard d & 0xC0 == 0x80 else { return i }
        scalar = scalar << 6 | UInt32(d & 0x3F)
      }
      if scalar < minScalar || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
      i += need + 1
    }
    return nil
  }

  /// Whitespace, comments and processing instructions (and one DOCTYPE before the root).
  mutating func misc(allowDoctype: Bool) throws(XMLStop) {
    var doctypeAllowed = allowDoctype
    while true {
      while isXMLSpace(at(pos)) { pos += 1 }
      if hasPrefix("<!--", at: pos) {
        try comment()
      } else if at(pos) == LT && at(pos + 1) == QMARK {
        try processingInstruction()
      } else if doctypeAllowed && hasPrefix("<!DOCTYPE", at: pos) {
        try doctype()
        doctypeAllowed = false
      } else {
        return
      }
    }
  }

  mutating func comment() throws(XMLStop) {
    let start = pos
    pos += 4
    while pos < n {
      if b[pos] == UInt8(ascii: "-") && hasPrefix("-->", at: pos) {
        pos += 3
        return
      }
      pos += 1
    }
    throw stop(.plistMalformedXML, "unterminated comment", start, start + 4)
  }

  mutating func processingInstruction() throws(XMLStop) {
    let start = pos
    pos += 2
    let targetStart = pos
    while isNameChar(at(pos)) { pos += 1 }
    let target = b[targetStart..<pos]
    if target.count == 3 && String(decoding: target, as: UTF8.self).lowercased() == "xml" {
      throw stop(
        .plistMalformedXML, "XML declaration not at the start of the file", start, pos,
        notes: ["only whitespace may come before '<?xml'"])
    }
    while pos < n {
      if b[pos] == QMARK && at(pos + 1) == GT {
        pos += 2
        return
      }
      pos += 1
    }
    throw stop(.plistMalformedXML, "unterminated processing instruction", start, targetStart)
  }

  /// `<!DOCTYPE plist PUBLIC "…" "…">`. An internal subset is refused before anything in
  /// it is read, so entity declarations are never processed.
  mutating func doctype() throws(XMLStop) {
    let start = pos
    pos += 9
    while pos < n {
      let c = b[pos]
      if c == DQUOTE || c == SQUOTE {
        pos += 1
        while pos < n && b[pos] != c { pos += 1 }
        if pos < n { pos += 1 }
        continue
      }
      if c == LBRACKET {
        var entity = pos
        while entity < n && !hasPrefix("<!ENTITY", at: entity) && b[entity] != RBRACKET {
          entity += 1
        }
        if hasPrefix("<!ENTITY", at: entity) {
          throw stop(
            .plistDoctypeInternalSubset, "entity declaration in the DOCTYPE", entity, entity + 8,
            notes: ["profilec never expands entities; property lists do not need them"])
        }
        throw stop(
          .plistDoctypeInternalSubset, "DOCTYPE with an internal subset", pos, pos + 1,
          notes: ["the DOCTYPE starts at \(location(start))"])
      }
      if c == GT {
        pos += 1
        return
      }
      if c == LT {
        break
      }
      pos += 1
    }
    throw stop(.plistMalformedXML, "unterminated DOCTYPE", start, start + 9)
  }

  mutating func rootElement() throws(XMLStop) -> PlistNode {
    guard pos < n else {
      throw stop(.notAPropertyList, "not a property list: no root element", pos, pos)
    }
    guard at(pos) == LT, isNameStart(at(pos + 1)) else {
      if at(pos) == LT && at(pos + 1) == SLASH {
        throw stop(.plistMalformedXML, "closing tag without an opening tag", pos, pos + 2)
      }
      if at(pos) == LT && at(pos + 1) == BANG {
        throw stop(.plistMalformedXML, "unexpected markup before the root element", pos, pos + 2)
      }
      throw stop(
        .notAPropertyList, "not a property list: expected an XML element", pos, pos + 1,
        notes: ["an XML property list starts with '<?xml' or '<plist'"])
    }
    let tag = try startTag()
    switch tag.kind {
    case .plist:
      return try plistBody(tag)
    case let kind where kind.isValue:
      return try value(tag, depth: 0)
    default:
      throw stop(
        .notAPropertyList, "not a property list: the root element is '<\(name(tag))>'", tag.start,
        tag.end, notes: ["an XML property list has the root element '<plist>'"])
    }
  }

  mutating func epilog() throws(XMLStop) {
    try misc(allowDoctype: false)
    if pos < n {
      throw stop(
        .plistMalformedXML, "content after the end of the property list", pos, pos + 1)
    }
  }

  // MARK: - Tags

  /// Reads a start tag at `pos` (which is at `<` followed by a name start character).
  mutating func startTag() throws(XMLStop) -> StartTag {
    let start = pos
    pos += 1
    let nameStart = pos
    while isNameChar(at(pos)) { pos += 1 }
    let nameEnd = pos
    var selfClosing = false
    while true {
      let hadSpace = isXMLSpace(at(pos))
      while isXMLSpace(at(pos)) { pos += 1 }
      let c = at(pos)
      if c == GT {
        pos += 1
        break
      }
      if c == SLASH && at(pos + 1) == GT {
        pos += 2
        selfClosing = true
        break
      }
      if pos >= n {
        throw stop(.plistMalformedXML, "unterminated tag", start, nameEnd)
      }
      guard hadSpace, isNameStart(c) else {
        throw stop(
          .plistMalformedXML, "unexpected character in a tag", pos, pos + 1,
          notes: ["the tag starts at \(location(start))"])
      }
      try attribute(tagStart: start)
    }
    return StartTag(
      nameStart: nameStart, nameEnd: nameEnd, kind: PlistElement(b[nameStart..<nameEnd]),
      start: start, end: pos, selfClosing: selfClosing)
  }

  /// `name="value"`; the value is checked (no `<`, valid references) and ignored.
  mutating func attribute(tagStart: Int) throws(XMLStop) {
    while isNameChar(at(pos)) { pos += 1 }
    while isXMLSpace(at(pos)) { pos += 1 }
    guard at(pos) == EQ else {
      throw stop(.plistMalformedXML, "expected '=' after an attribute name", pos, pos + 1)
    }
    pos += 1
    while isXMLSpace(at(pos)) { pos += 1 }
    let quote = at(pos)
    guard quote == DQUOTE || quote == SQUOTE else {
      throw stop(.plistMalformedXML, "expected a quoted attribute value", pos, pos + 1)
    }
    pos += 1
    var scratch: [UInt8] = []
    while true {
      let c = at(pos)
      if pos >= n {
        throw stop(.plistMalformedXML, "unterminated tag", tagStart, tagStart + 1)
      }
      if c == quote {
        pos += 1
        return
      }
      if c == LT {
        throw stop(.plistMalformedXML, "'<' in an attribute value", pos, pos + 1)
      }
      if c == AMP {
        try reference(into: &scratch)
        scratch.removeAll(keepingCapacity: true)
        continue
      }
      pos += 1
    }
  }

  /// Reads `</name>` at `pos`; returns the name's range and the offsets of the whole tag.
  mutating func endTag() throws(XMLStop) -> (Range<Int>, Int, Int) {
    let start = pos
    pos += 2
    let nameStart = pos
    while isNameChar(at(pos)) { pos += 1 }
    let nameEnd = pos
    while isXMLSpace(at(pos)) { pos += 1 }
    guard at(pos) == GT, nameEnd > nameStart else {
      throw stop(.plistMalformedXML, "malformed closing tag", start, pos + 1)
    }
    pos += 1
    return (nameStart..<nameEnd, start, pos)
  }

  mutating func checkEndTag(_ open: StartTag, _ name: Range<Int>, _ start: Int, _ end: Int)
    throws(XMLStop)
  {
    if !b[name].elementsEqual(b[open.nameStart..<open.nameEnd]) {
      let closing = String(decoding: b[name], as: UTF8.self)
      throw stop(
        .plistMalformedXML, "closing tag '</\(closing)>' does not match '<\(self.name(open))>'",
        start, end, notes: [openedAt(open)])
    }
  }

  enum Item {
    case start(StartTag)
    case end
  }

  /// The next child element of a container, or its end tag. Comments, processing
  /// instructions and whitespace are skipped; other text is an error.
  mutating func nextItem(in open: StartTag) throws(XMLStop) -> Item {
    while true {
      while isXMLSpace(at(pos)) { pos += 1 }
      if pos >= n {
        throw stop(
          .plistMalformedXML, "'<\(name(open))>' is not closed", n, n, notes: [openedAt(open)])
      }
      if at(pos) == LT {
        let c = at(pos + 1)
        if c == SLASH {
          let (nameRange, start, end) = try endTag()
          try checkEndTag(open, nameRange, start, end)
          return .end
        }
        if hasPrefix("<!--", at: pos) {
          try comment()
          continue
        }
        if c == QMARK {
          try processingInstruction()
          continue
        }
        if isNameStart(c) { return .start(try startTag()) }
        if hasPrefix("<![CDATA[", at: pos) {
          throw stop(
            .plistInvalidStructure, "text in '<\(name(open))>'", pos, pos + 9,
            notes: ["only elements may appear between the entries of a '<\(name(open))>'"])
        }
        throw stop(.plistMalformedXML, "'<' that starts no tag", pos, pos + 1)
      }
      var end = pos
      while end < n && b[end] != LT && b[end] != CR && b[end] != LF { end += 1 }
      throw stop(
        .plistInvalidStructure, "text in '<\(name(open))>'", pos, end,
        notes: ["only elements may appear between the entries of a '<\(name(open))>'"])
    }
  }

  // MARK: - Text

  /// Appends the character a reference at `pos` (`&…;`) stands for.
  mutating func reference(into out: inout [UInt8]) throws(XMLStop) {
    let start = pos
    var p = pos + 1
    if at(p) == HASH {
      p += 1
      var hex = false
      if at(p) == UInt8(ascii: "x") {
        hex = true
        p += 1
      }
      var value: UInt32 = 0
      var digits = 0
      while true {
        let c = at(p)
        var d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x61...0x66 where hex: d = UInt32(c - 0x61 + 10)
        case 0x41...0x46 where hex: d = UInt32(c - 0x41 + 10)
        default: d = 99
        }
        if d == 99 { break }
        if value <= 0x10FFFF { value = value * (hex ? 16 : 10) + d }
        digits += 1
        p += 1
      }
      guard digits > 0, at(p) == SEMI else {
        throw stop(
          .plistUnknownEntity, "malformed character reference", start, p + 1,
          notes: ["write '&#10;' or '&#xA;'; a literal '&' is written '&amp;'"])
      }
      p += 1
      pos = p
      guard value != 0, let scalar = Unicode.Scalar(value) else {
        try error(
          .plistUnknownEntity,
          "character reference '\(String(decoding: b[start..<p], as: UTF8.self))' names no character",
          start, p)
        return
      }
      out.append(contentsOf: String(scalar).utf8)
      return
    }
    while isNameChar(at(p)) && p - start < 64 { p += 1 }
    guard at(p) == SEMI, p > start + 1 else {
      throw stop(
        .plistUnknownEntity, "'&' that starts no entity reference", start, start + 1,
        notes: ["write a literal '&' as '&amp;'"])
    }
    let entity = b[(start + 1)..<p]
    p += 1
    pos = p
    switch entity.count {
    case 2 where entity.elementsEqual("lt".utf8): out.append(LT)
    case 2 where entity.elementsEqual("gt".utf8): out.append(GT)
    case 3 where entity.elementsEqual("amp".utf8): out.append(AMP)
    case 4 where entity.elementsEqual("quot".utf8): out.append(DQUOTE)
    case 4 where entity.elementsEqual("apos".utf8): out.append(SQUOTE)
    default:
      let name = String(decoding: entity, as: UTF8.self)
      try error(
        .plistUnknownEntity, "unknown entity '&\(name);'", start, p,
        notes: [
          "property lists know only &lt; &gt; &amp; &quot; &apos; and numeric references such as &#160;"
        ])
    }
  }

  /// Reads the text of a leaf element up to its closing tag into `text`; returns the offset
  /// just past the closing tag.
  mutating func leafText(_ open: StartTag) throws(XMLStop) -> Int {
    text.removeAll(keepingCapacity: true)
    if open.selfClosing { return open.end }
    // Work on the buffer itself (not a copy) and hand it back at the end.
    var out: [UInt8] = []
    swap(&out, &text)
    defer { swap(&out, &text) }
    while true {
      var run = pos
      while run < n {
        let c = b[run]
        if c == LT || c == AMP || c == CR { break }
        run += 1
      }
      if run > pos {
        out.append(contentsOf: b[pos..<run])
        pos = run
      }
      if out.count > limits.maxValueBytes {
        throw stop(
          .plistTooLarge, "value longer than \(limits.maxValueBytes) bytes", open.start, open.end,
          notes: ["see docs/limits.md"])
      }
      guard pos < n else {
        throw stop(
          .plistMalformedXML, "'<\(name(open))>' is not closed", n, n, notes: [openedAt(open)])
      }
      switch b[pos] {
      case CR:
        out.append(LF)
        pos += 1
        if at(pos) == LF { pos += 1 }
      case AMP:
        try reference(into: &out)
      default:  // "<"
        let c = at(pos + 1)
        if c == SLASH {
          let (nameRange, start, end) = try endTag()
          try checkEndTag(open, nameRange, start, end)
          return end
        } else if hasPrefix("<!--", at: pos) {
          try comment()
        } else if hasPrefix("<![CDATA[", at: pos) {
          try cdata(into: &out)
        } else if c == QMARK {
          try processingInstruction()
        } else if isNameStart(c) {
          let inner = try startTag()
          var notes = [openedAt(open)]
          var fixIts: [FixIt] = []
          if let hint = missingBracketHint(open, before: inner.start) {
            notes.append(
              "'/\(name(open))>' at \(location(hint)) looks like a closing tag without its '<'")
            fixIts.append(
              FixIt(
                "insert the missing '<'",
                edits: [TextEdit(range: SourceRange(at: hint), replacement: "<")]))
          }
          throw stop(
            .plistMalformedXML, "'<\(name(open))>' is not closed before '<\(name(inner))>'",
            inner.start, inner.end, notes: notes, fixIts: fixIts)
        } else {
          throw stop(
            .plistMalformedXML, "'<' that starts no tag", pos, pos + 1,
            notes: ["write '&lt;' for a literal '<'"])
        }
      }
    }
  }

  /// Where the text of `open` holds `/name>`, the closing tag probably lost its `<`:
  /// returns the offset of that `/`.
  func missingBracketHint(_ open: StartTag, before limit: Int) -> Int? {
    let needle = [SLASH] + Array(b[open.nameStart..<open.nameEnd]) + [GT]
    var i = open.end
    while i + needle.count <= limit {
      if b[i] == SLASH && b[i..<i + needle.count].elementsEqual(needle) {
        return i
      }
      i += 1
    }
    return nil
  }

  mutating func cdata(into out: inout [UInt8]) throws(XMLStop) {
    let start = pos
    pos += 9
    while pos < n {
      let c = b[pos]
      if c == RBRACKET && hasPrefix("]]>", at: pos) {
        pos += 3
        return
      }
      if c == CR {
        out.append(LF)
        if at(pos + 1) == LF { pos += 1 }
      } else {
        out.append(c)
      }
      pos += 1
    }
    throw stop(.plistMalformedXML, "unterminated CDATA section", start, start + 9)
  }

  // MARK: - Values

  mutating func plistBody(_ tag: StartTag) throws(XMLStop) -> PlistNode {
    if tag.selfClosing {
      throw stop(.plistInvalidStructure, "'<plist>' holds no value", tag.start, tag.end)
    }
    var root: PlistNode? = nil
    while true {
      switch try nextItem(in: tag) {
      case .end:
        guard let root else {
          throw stop(.plistInvalidStructure, "'<plist>' holds no value", tag.start, tag.end)
        }
        return root
      case .start(let child):
        if root != nil {
          throw stop(
            .plistInvalidStructure, "'<plist>' holds more than one value", child.start, child.end,
            notes: ["wrap the values in an '<array>' or a '<dict>'"])
        }
        root = try value(child, depth: 0)
      }
    }
  }

  mutating func value(_ tag: StartTag, depth: Int) throws(XMLStop) -> PlistNode {
    objectCount += 1
    if objectCount > limits.maxObjects {
      throw stop(
        .plistTooLarge, "property list holds more than \(limits.maxObjects) values", tag.start,
        tag.end, notes: ["see docs/limits.md"])
    }
    switch tag.kind {
    case .dict: return try dict(tag, depth: depth)
    case .array: return try array(tag, depth: depth)
    case .string:
      let end = try leafText(tag)
      return PlistNode(
        .string(String(decoding: text, as: UTF8.self)), range: SourceRange(tag.start, end))
    case .integer:
      let end = try leafText(tag)
      let range = SourceRange(tag.start, end)
      switch PlistText.integer(text) {
      case .value(let v): return PlistNode(.integer(v), range: range)
      case .outOfRange:
        try error(
          .plistIntegerOutOfRange, "integer '\(shown(text))' does not fit in 64 bits", tag.start,
          end,
          notes: ["integers range from -9223372036854775808 to 9223372036854775807"])
      case .invalid:
        try error(.plistInvalidValue, "'\(shown(text))' is not an integer", tag.start, end)
      }
      return PlistNode(.integer(0), range: range)
    case .real:
      let end = try leafText(tag)
      let range = SourceRange(tag.start, end)
      if let v = PlistText.real(text) { return PlistNode(.real(v), range: range) }
      try error(.plistInvalidValue, "'\(shown(text))' is not a real number", tag.start, end)
      return PlistNode(.real(0), range: range)
    case .date:
      let end = try leafText(tag)
      let range = SourceRange(tag.start, end)
      if let v = PlistText.date(text) { return PlistNode(.date(v), range: range) }
      try error(
        .plistInvalidValue, "'\(shown(text))' is not a date", tag.start, end,
        notes: ["dates are written YYYY-MM-DDTHH:MM:SSZ, in UTC"])
      return PlistNode(.date(PlistDate(secondsSince1970: 0)), range: range)
    case .data:
      let end = try leafText(tag)
      let range = SourceRange(tag.start, end)
      switch Base64.decode(text) {
      case .success(let bytes): return PlistNode(.data(bytes), range: range)
      case .failure(let e):
        let detail: String
        switch e {
        case .invalidCharacter: detail = "a character that is not base64"
        case .badLength: detail = "an incomplete last group"
        }
        try error(
          .plistInvalidValue, "'<data>' is not valid base64", tag.start, end,
          notes: ["it holds \(detail)"])
        return PlistNode(.data([]), range: range)
      }
    case .true, .false:
      let end = try leafText(tag)
      if text.contains(where: { !isXMLSpace($0) }) {
        try error(
          .plistInvalidStructure, "'<\(name(tag))>' holds text", tag.start, end,
          notes: ["write '<\(name(tag))/>'"])
      }
      return PlistNode(.bool(tag.kind == .true), range: SourceRange(tag.start, end))
    case .key:
      throw stop(.plistInvalidStructure, "'<key>' outside a dictionary", tag.start, tag.end)
    case .plist:
      throw stop(.plistInvalidStructure, "'<plist>' inside a property list", tag.start, tag.end)
    case .other:
      throw stop(
        .plistInvalidStructure, "unknown element '<\(name(tag))>'", tag.start, tag.end,
        notes: [
          "property lists use dict, array, key, string, integer, real, true, false, date and data"
        ])
    }
  }

  /// Text for a message: at most 40 characters, on one line.
  func shown(_ bytes: [UInt8]) -> String {
    var s = String(decoding: bytes, as: UTF8.self)
    if s.unicodeScalars.count > 40 {
      s = String(String.UnicodeScalarView(s.unicodeScalars.prefix(40))) + "…"
    }
    return s.replacingNewlines()
  }

  mutating func enterContainer(_ tag: StartTag, depth: Int) throws(XMLStop) {
    if depth >= limits.maxDepth {
      throw stop(
        .plistNestingTooDeep,
        "dictionaries and arrays are nested more than \(limits.maxDepth) levels deep", tag.start,
        tag.end, notes: ["see docs/limits.md"])
    }
  }

  mutating func array(_ tag: StartTag, depth: Int) throws(XMLStop) -> PlistNode {
    try enterContainer(tag, depth: depth)
    if tag.selfClosing { return PlistNode(.array([]), range: SourceRange(tag.start, tag.end)) }
    var items: [PlistNode] = []
    while true {
      switch try nextItem(in: tag) {
      case .end: return PlistNode(.array(items), range: SourceRange(tag.start, pos))
      case .start(let child): items.append(try value(child, depth: depth + 1))
      }
    }
  }

  mutating func dict(_ tag: StartTag, depth: Int) throws(XMLStop) -> PlistNode {
    try enterContainer(tag, depth: depth)
    if tag.selfClosing {
      return PlistNode(.dict(PlistDict()), range: SourceRange(tag.start, tag.end))
    }
    var dict = PlistDict()
    var index: [ScalarKey: Int] = [:]
    while true {
      let keyTag: StartTag
      switch try nextItem(in: tag) {
      case .end: return PlistNode(.dict(dict), range: SourceRange(tag.start, pos))
      case .start(let child): keyTag = child
      }
      guard keyTag.kind == .key else {
        if keyTag.kind.isValue {
          throw stop(
            .plistInvalidStructure, "'<\(name(keyTag))>' in a dictionary has no '<key>'",
            keyTag.start, keyTag.end, notes: ["every value in a '<dict>' follows its '<key>'"])
        }
        return try value(keyTag, depth: depth + 1)  // reports the element
      }
      objectCount += 1
      let keyEnd = try leafText(keyTag)
      let key = String(decoding: text, as: UTF8.self)
      let keyRange = SourceRange(keyTag.start, keyEnd)
      let valueTag: StartTag
      switch try nextItem(in: tag) {
      case .end:
        throw stop(
          .plistInvalidStructure, "key '\(shown(text))' has no value", keyTag.start, keyEnd,
          notes: ["the '<dict>' ends after it"])
      case .start(let child): valueTag = child
      }
      if valueTag.kind == .key {
        throw stop(
          .plistInvalidStructure, "key '\(key.replacingNewlines())' has no value", keyTag.start,
          keyEnd,
          notes: ["another '<key>' follows it at \(location(valueTag.start))"])
      }
      let node = try value(valueTag, depth: depth + 1)
      let scalarKey = ScalarKey(key)
      if let first = index[scalarKey] {
        let firstAt = dict.entries[first].keyRange.map { location($0.start) } ?? "?"
        try error(
          .plistDuplicateKey, "duplicate key '\(key.replacingNewlines())'", keyTag.start, keyEnd,
          notes: ["first defined at \(firstAt)"])
        dict.entries[first].value = node  // the last one wins, as in plistlib
      } else {
        index[scalarKey] = dict.entries.count
        dict.entries.append(PlistEntry(key: key, keyRange: keyRange, value: node))
      }
    }
  }
}

extension String {
  /// For messages: line breaks and tabs shown as escapes so a message stays on one line.
  func replacingNewlines() -> String {
    var out = ""
    for c in unicodeScalars {
      switch c {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }
}

/// The text forms of typed plist elements, as plistlib reads them.
enum PlistText {
  enum IntegerResult: Equatable {
    case value(Int64)
    case outOfRange
    case invalid
  }

  /// Python's `str.strip()` whitespace, ASCII part.
  static func isSpace(_ c: UInt8) -> Bool { (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) }

  static func trimmed(_ t: [UInt8]) -> ArraySlice<UInt8> {
    var s = t.startIndex
    var e = t.endIndex
    while s < e && isSpace(t[s]) { s += 1 }
    while e > s && isSpace(t[e - 1]) { e -= 1 }
    return t[s..<e]
  }

  /// Digits with single underscores between them (Python's `int()`), in `radix`.
  static func magnitude(_ digits: ArraySlice<UInt8>, radix: UInt64) -> IntegerResult? {
    guard let first = digits.first, let last = digits.last, first != 0x5F, last != 0x5F else {
      return nil
    }
    var value: UInt64 = 0
    var overflow = false
    var previousUnderscore = false
    for c in digits {
      if c == 0x5F {
        if previousUnderscore { return nil }
        previousUnderscore = true
        continue
      }
      previousUnderscore = false
      let d: UInt64
      switch c {
      case 0x30...0x39: d = UInt64(c - 0x30)
      case 0x61...0x66: d = UInt64(c - 0x61 + 10)
      case 0x41...0x46: d = UInt64(c - 0x41 + 10)
      default: return nil
      }
      guard d < radix else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: radix)
      let (a, o2) = m.addingReportingOverflow(d)
      if o1 || o2 { overflow = true }
      value = a
    }
    if overflow || value > UInt64(Int64.max) {
      return value == UInt64(Int64.max) + 1 && !overflow ? .value(Int64.min) : .outOfRange
    }
    return .value(Int64(value))
  }

  /// `<integer>`: decimal with optional sign, or `0x` hexadecimal (plistlib: `int(raw, 16)`).
  static func integer(_ raw: [UInt8]) -> IntegerResult {
    if raw.count >= 2 && raw[0] == 0x30 && (raw[1] == 0x78 || raw[1] == 0x58) {
      var digits = raw[2...]
      while let l = digits.last, isSpace(l) { digits = digits.dropLast() }
      if digits.first == 0x5F { digits = digits.dropFirst() }  // Python allows 0x_1F
      switch magnitude(digits, radix: 16) {
      case .value(let v)?: return v == Int64.min ? .outOfRange : .value(v)
      case .outOfRange?: return .outOfRange
      default: return .invalid
      }
    }
    var t = trimmed(raw)
    var negative = false
    if let s = t.first, s == 0x2B || s == 0x2D {
      negative = s == 0x2D
      t = t.dropFirst()
    }
    switch magnitude(t, radix: 10) {
    case .value(let v)?:
      if v == Int64.min { return negative ? .value(Int64.min) : .outOfRange }
      return .value(negative ? -v : v)
    case .outOfRange?: return .outOfRange
    default: return .invalid
    }
  }

  /// `<real>`: Python's `float()` forms (decimal with `_` between digits, exponent,
  /// `inf`, `infinity`, `nan`, any case, optional sign).
  static func real(_ raw: [UInt8]) -> Double? {
    var t = trimmed(raw)
    var negative = false
    if let s = t.first, s == 0x2B || s == 0x2D {
      negative = s == 0x2D
      t = t.dropFirst()
    }
    let lower = String(decoding: t, as: UTF8.self).lowercased()
    if lower == "inf" || lower == "infinity" { return negative ? -.infinity : .infinity }
    if lower == "nan" { return negative ? -.nan : .nan }
    // digits [. digits] [e [sign] digits], with at least one digit in the mantissa.
    var clean: [UInt8] = negative ? [0x2D] : []
    var i = t.startIndex
    func digitRun(_ i: inout Int, _ clean: inout [UInt8]) -> Int? {
      var count = 0
      var previousUnderscore = false
      while i < t.endIndex {
        let c = t[i]
        if c >= 0x30 && c <= 0x39 {
          clean.append(c)
          count += 1
          previousUnderscore = false
        } else if c == 0x5F {
          if count == 0 || previousUnderscore { return nil }
          previousUnderscore = true
        } else {
          break
        }
        i += 1
      }
      return previousUnderscore ? nil : count
    }
    guard let intDigits = digitRun(&i, &clean) else { return nil }
    var fracDigits = 0
    if i < t.endIndex && t[i] == 0x2E {
      clean.append(0x2E)
      i += 1
      guard let f = digitRun(&i, &clean) else { return nil }
      fracDigits = f
    }
    guard intDigits + fracDigits > 0 else { return nil }
    if i < t.endIndex && (t[i] == 0x65 || t[i] == 0x45) {
      clean.append(0x65)
      i += 1
      if i < t.endIndex && (t[i] == 0x2B || t[i] == 0x2D) {
        clean.append(t[i])
        i += 1
      }
      guard let e = digitRun(&i, &clean), e > 0 else { return nil }
    }
    guard i == t.endIndex else { return nil }
    return Double(String(decoding: clean, as: UTF8.self))
  }

  /// `<date>`: `YYYY[-MM[-DD[THH[:MM[:SS]]]]]Z` (plistlib's pattern), UTC, whole seconds.
  static func date(_ t: [UInt8]) -> PlistDate? {
    var i = 0
    func number(_ width: Int) -> Int? {
      guard i + width <= t.count else { return nil }
      var v = 0
      for k in i..<i + width {
        guard t[k] >= 0x30 && t[k] <= 0x39 else { return nil }
        v = v * 10 + Int(t[k] - 0x30)
      }
      i += width
      return v
    }
    func accept(_ c: Character) -> Bool {
      if i < t.count && t[i] == c.asciiValue! {
        i += 1
        return true
      }
      return false
    }
    guard let year = number(4) else { return nil }
    var fields = [1, 1, 0, 0, 0]  // month, day, hour, minute, second
    let separators: [Character] = ["-", "-", "T", ":", ":"]
    for (k, separator) in separators.enumerated() {
      let save = i
      guard accept(separator), let v = number(2) else {
        i = save
        break
      }
      fields[k] = v
    }
    guard accept("Z"), i == t.count else { return nil }
    return PlistDate(
      year: year, month: fields[0], day: fields[1], hour: fields[2], minute: fields[3],
      second: fields[4])
  }
}
