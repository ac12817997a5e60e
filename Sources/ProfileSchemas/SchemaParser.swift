/// A problem in a schema file or schema directory.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
  /// The file (or directory) concerned.
  public let file: String
  /// The 1-based line, or 0 when the problem is not on one line.
  public let line: Int
  /// What is wrong.
  public let message: String

  /// Creates an error.
  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// `file:line: message`.
  public var description: String {
    line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
  }
}

/// Decodes the schema text format (docs/schemas.md) from UTF-8 bytes.
///
/// The format is line-oriented: `directive token...`, two-space indentation for nesting,
/// `#` comments. A token is a bare word, a JSON string literal, or `name=value` where the
/// value is either. The decoder works on bytes and makes one pass over the text.
struct SchemaParser {
  /// The highest `profilec-schema` format version this decoder reads.
  static let formatVersion = 1

  private let file: String
  private let name: String
  private let bytes: UnsafeBufferPointer<UInt8>
  private var pos = 0
  private var lineNumber = 0

  /// Decodes `text`; `name` is the schema name, `file` what errors call the file.
  static func parse(name: String, file: String, text: String) throws(SchemaError)
    -> PayloadSchema
  {
    var text = text
    // Embedded literals are contiguous already; anything else is made so once.
    let result: Result<PayloadSchema, SchemaError> = text.withUTF8 { buffer in
      var parser = SchemaParser(file: file, name: name, bytes: buffer)
      do throws(SchemaError) {
        return .success(try parser.run())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private init(file: String, name: String, bytes: UnsafeBufferPointer<UInt8>) {
    self.file = file
    self.name = name
    self.bytes = bytes
  }

  // MARK: - Tokens

  /// A token as byte ranges of the text; its strings are made only where a caller needs
  /// them (directive and attribute names are compared as bytes), which keeps decoding the
  /// large schemas cheap.
  struct Token {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The attribute name's bytes (`name` of `name=value`); empty when there is none.
    var attributeRange: Range<Int>
    var hasAttribute: Bool
    /// The value's bytes (inside the quotes for a quoted string).
    var valueRange: Range<Int>
    var quoted: Bool
    /// The decoded text of a quoted string that had escapes.
    var decoded: String?

    var attribute: String? { hasAttribute ? text(attributeRange) : nil }
    var value: String { decoded ?? text(valueRange) }

    private func text(_ r: Range<Int>) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    private func equals(_ r: Range<Int>, _ s: StaticString) -> Bool {
      s.withUTF8Buffer { w in
        guard w.count == r.count else { return false }
        var i = 0
        while i < w.count {
          if bytes[r.lowerBound + i] != w[i] { return false }
          i += 1
        }
        return true
      }
    }

    /// The unquoted value is exactly `s`.
    func valueIs(_ s: StaticString) -> Bool { decoded == nil && equals(valueRange, s) }
    /// The attribute name is exactly `s`.
    func attributeIs(_ s: StaticString) -> Bool { hasAttribute && equals(attributeRange, s) }
  }

  private func fail(_ message: String, line: Int? = nil) -> SchemaError {
    SchemaError(file: file, line: line ?? lineNumber, message: message)
  }

  /// Splits one line (without indentation and newline) into `tokens`.
  private func tokenize(_ start: Int, _ end: Int, into tokens: inout [Token]) throws(SchemaError) {
    tokens.removeAll(keepingCapacity: true)
    var i = start
    while i < end {
      let b = bytes[i]
      if b == UInt8(ascii: " ") {
        i += 1
        continue
      }
      if b == UInt8(ascii: "\t") { throw fail("tab character; use spaces") }
      if b == UInt8(ascii: "#") { break }  // a comment to the end of the line
      var attribute = 0..<0
      var hasAttribute = false
      if b != UInt8(ascii: "\"") {
        // A bare word, possibly `name=`.
        var j = i
        while j < end, bytes[j] != UInt8(ascii: " "), bytes[j] != UInt8(ascii: "=") {
          if bytes[j] == UInt8(ascii: "\"") { throw fail("unexpected '\"' inside a word") }
          j += 1
        }
        if j < end, bytes[j] == UInt8(ascii: "=") {
          if j == i { throw fail("'=' without an attribute name") }
          attribute = i..<j
          hasAttribute = true
          i = j + 1
          if i >= end || bytes[i] == UInt8(ascii: " ") {
            throw fail("attribute '\(string(attribute.lowerBound, attribute.upperBound))' has no value")
          }
        } else {
          tokens.append(
            Token(
              bytes: bytes, attributeRange: 0..<0, hasAttribute: false, valueRange: i..<j,
              quoted: false, decoded: nil))
          i = j
          continue
        }
      }
      if bytes[i] == UInt8(ascii: "\"") {
        let (decoded, next) = try jsonString(i, end)
        if next < end, bytes[next] != UInt8(ascii: " ") {
          throw fail("expected a space after a quoted string")
        }
        tokens.append(
          Token(
            bytes: bytes, attributeRange: attribute, hasAttribute: hasAttribute,
            valueRange: (i + 1)..<(next - 1), quoted: true, decoded: decoded))
        i = next
      } else {
        var j = i
        while j < end, bytes[j] != UInt8(ascii: " ") {
          if bytes[j] == UInt8(ascii: "\"") { throw fail("unexpected '\"' inside a value") }
          j += 1
        }
        tokens.append(
          Token(
            bytes: bytes, attributeRange: attribute, hasAttribute: hasAttribute, valueRange: i..<j,
            quoted: false, decoded: nil))
        i = j
      }
    }
  }

  private func string(_ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
  }

  /// Decodes a JSON string literal starting at the opening quote; returns the value (nil
  /// when it has no escapes: the bytes between the quotes are the value) and the index
  /// after the closing quote.
  private func jsonString(_ start: Int, _ end: Int) throws(SchemaError) -> (String?, Int) {
    var i = start + 1
    var runStart = i
    var out: [UInt8] = []
    var simple = true
    while i < end {
      let b = bytes[i]
      if b == UInt8(ascii: "\"") {
        if simple { return (nil, i + 1) }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
        return (String(decoding: out, as: UTF8.self), i + 1)
      }
      if b < 0x20 { throw fail("control character inside a quoted string") }
      if b != UInt8(ascii: "\\") {
        i += 1
        continue
      }
      simple = false
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
      i += 1
      guard i < end else { break }
      let e = bytes[i]
      i += 1
      switch e {
      case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
      case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
      case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4(&i, end)
        if (0xD800..<0xDC00).contains(scalar) {
          // A surrogate pair: the low half must follow as another \u escape.
          guard i + 1 < end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
          else { throw fail("unpaired surrogate in \\u escape") }
          i += 2
          let low = try hex4(&i, end)
          guard (0xDC00..<0xE000).contains(low) else {
            throw fail("unpaired surrogate in \\u escape")
          }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
        out.append(contentsOf: Array(String(u).utf8))
      default:
        throw fail("unknown escape '\\\(Character(Unicode.Scalar(e)))' in a quoted string")
      }
      runStart = i
    }
    throw fail("unterminated quoted string")
  }

  private func hex4(_ i: inout Int, _ end: Int) throws(SchemaError) -> UInt32 {
    guard i + 4 <= end else { throw fail("short \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[i]
      let d: UInt8
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
      default: throw fail("bad hex digit in \\u escape")
      }
      v = v << 4 | UInt32(d)
      i += 1
    }
    return v
  }

  // MARK: - Values

  /// A typed scalar: quoted is a string, `true`/`false` a boolean, a number with `.` or
  /// an exponent a real, other numbers integers.
  private func value(_ t: Token) throws(SchemaError) -> SchemaValue {
    if t.quoted { return .string(t.value) }
    if t.valueIs("true") { return .boolean(true) }
    if t.valueIs("false") { return .boolean(false) }
    let text = t.value
    if let i = Int(text) { return .integer(i) }
    if text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }),
      let d = Double(text), d.isFinite
    {
      return .real(d)
    }
    throw fail("'\(text)' is not a value (strings must be quoted)")
  }

  private func bool(_ t: Token) throws(SchemaError) -> Bool {
    if !t.quoted && t.valueIs("true") { return true }
    if !t.quoted && t.valueIs("false") { return false }
    throw fail("\(t.attribute ?? "value") must be true or false, not '\(t.value)'")
  }

  private func integer(_ t: Token) throws(SchemaError) -> Int {
    guard !t.quoted, let i = Int(t.value) else {
      throw fail("\(t.attribute ?? "value") must be an integer, not '\(t.value)'")
    }
    return i
  }

  private func mode(_ t: Token) throws(SchemaError) -> EnrollmentMode {
    let m: EnrollmentMode
    if t.valueIs("allowed") {
      m = .allowed
    } else if t.valueIs("forbidden") {
      m = .forbidden
    } else if let other = EnrollmentMode(rawValue: t.value) {
      m = other
    } else {
      throw fail("\(t.attribute ?? "mode") must be allowed, required, forbidden or ignored")
    }
    return m
  }

  // MARK: - Structure

  /// A key being built: its own line's facts plus children gathered so far. Builders are
  /// classes so that adding a child mutates in place instead of copying the frame (and
  /// its child array) out of the stack and back.
  private final class KeyBuilder {
    let line: Int
    let indent: Int
    let name: String
    let types: [SchemaType]
    var presence: Presence?
    var defaultValue: SchemaValue?
    var rangeMin: SchemaValue?
    var rangeMax: SchemaValue?
    var repetitionMin: Int?
    var repetitionMax: Int?
    var format: String?
    var valueType: String?
    var subtype: String?
    var combineType: String?
    var subkeyType: String?
    var rangeList: [SchemaValue]?
    var assetTypes: [String]?
    var supportedOS = SupportedOS()
    var children: [KeySchema] = []
    var childNames: Set<String> = []
    var hasInlineChildren = false
    var sharedList: KeyList?

    init(line: Int, indent: Int, name: String, types: [SchemaType]) {
      self.line = line
      self.indent = indent
      self.name = name
      self.types = types
    }
  }

  private final class StructureBuilder {
    let name: String
    var keys: [KeySchema] = []
    var keyNames: Set<String> = []

    init(name: String) {
      self.name = name
    }
  }

  private enum Frame {
    case root
    case structure(StructureBuilder)
    case key(KeyBuilder)

    var indent: Int {
      switch self {
      case .root: -1
      case .structure: 0
      case .key(let k): k.indent
      }
    }
  }

  private var stack: [Frame] = [.root]
  private var rootKeys: [KeySchema] = []
  private var rootNames: Set<String> = []
  private var structures: [String: KeyList] = [:]
  private var definedStructures: Set<String> = []
  private var firstReference: [String: Int] = [:]
  private var bodyStarted = false

  private var formatSeen = false
  private var kind: SchemaKind = .payload
  private var kindSeen = false
  private var payloadType: String?
  private var release: String?
  private var commit: String?
  private var source: String?
  private var payloadOS = SupportedOS()
  /// The current line's tokens (one buffer for every line).
  private var tokenBuffer: [Token] = []

  private mutating func run() throws(SchemaError) -> PayloadSchema {
    let count = bytes.count
    var i = 0
    while i < count {
      lineNumber += 1
      var end = i
      while end < count, bytes[end] != 0x0A { end += 1 }
      let next = end + 1
      var lineEnd = end
      if lineEnd > i, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      var indent = 0
      var j = i
      while j < lineEnd, bytes[j] == UInt8(ascii: " ") {
        indent += 1
        j += 1
      }
      if j < lineEnd, bytes[j] == UInt8(ascii: "\t") {
        throw fail("tab in indentation; use spaces")
      }
      if j < lineEnd, bytes[j] != UInt8(ascii: "#") {
        // The buffer is moved out while it is filled: tokenizing into a property of
        // `self` made Swift copy the whole parser for every line.
        var tokens = tokenBuffer
        tokenBuffer = []
        try tokenize(j, lineEnd, into: &tokens)
        if !tokens.isEmpty { try line(indent: indent, tokens: tokens) }
        tokenBuffer = tokens
      }
      i = next
    }
    while stack.count > 1 { try pop() }
    if !formatSeen { throw fail("missing 'profilec-schema \(Self.formatVersion)' line", line: 1) }
    if kind == .payload, payloadType == nil {
      throw fail("missing 'payloadtype' line", line: 1)
    }
    let undefined = structures.keys.filter { !definedStructures.contains($0) }
    if let name = undefined.min(by: {
      firstReference[$0, default: 0] < firstReference[$1, default: 0]
    }) {
      throw fail("structure '\(name)' is used but never defined", line: firstReference[name])
    }
    let keyList = KeyList(structureName: nil)
    keyList.fill(rootKeys)
    return PayloadSchema(
      name: name, kind: kind, payloadType: payloadType, release: release, commit: commit,
      source: source, supportedOS: payloadOS, keyList: keyList, structures: structures)
  }

  /// Closes the innermost open key or structure and hands it to its parent.
  private mutating func pop() throws(SchemaError) {
    let frame = stack.removeLast()
    switch frame {
    case .root:
      break
    case .structure(let b):
      structureList(b.name).fill(b.keys)
    case .key(let b):
      if b.hasInlineChildren, b.sharedList != nil {
        throw fail("key '\(b.name)' has both inline subkeys and 'subkeys NAME'", line: b.line)
      }
      var list = b.sharedList
      if b.hasInlineChildren {
        let own = KeyList(structureName: nil)
        own.fill(b.children)
        list = own
      }
      let key = KeySchema(
        name: b.name, types: b.types, presence: b.presence, defaultValue: b.defaultValue,
        rangeList: b.rangeList, rangeMin: b.rangeMin, rangeMax: b.rangeMax,
        repetitionMin: b.repetitionMin, repetitionMax: b.repetitionMax, format: b.format,
        valueType: b.valueType, subtype: b.subtype, combineType: b.combineType,
        subkeyType: b.subkeyType, assetTypes: b.assetTypes, supportedOS: b.supportedOS,
        subkeyList: list, line: b.line)
      try appendToTop(key)
    }
  }

  private mutating func appendToTop(_ key: KeySchema) throws(SchemaError) {
    let inserted: Bool
    switch stack[stack.count - 1] {
    case .root:
      inserted = rootNames.insert(key.name).inserted
      rootKeys.append(key)
    case .structure(let b):
      inserted = b.keyNames.insert(key.name).inserted
      b.keys.append(key)
    case .key(let parent):
      inserted = parent.childNames.insert(key.name).inserted
      parent.children.append(key)
      parent.hasInlineChildren = true
    }
    if !inserted { throw fail("key '\(key.name)' appears twice in one list", line: key.line) }
  }

  private mutating func structureList(_ name: String) -> KeyList {
    if let list = structures[name] { return list }
    let list = KeyList(structureName: name)
    structures[name] = list
    return list
  }

  /// Nesting is by exactly two spaces per level.
  private func checkIndent(_ indent: Int) throws(SchemaError) {
    let parent = stack[stack.count - 1].indent
    let expected = parent < 0 ? 0 : parent + 2
    if indent != expected {
      throw fail("indentation of \(indent) spaces; expected \(expected) (two per level)")
    }
  }

  private mutating func line(indent: Int, tokens: [Token]) throws(SchemaError) {
    while stack.count > 1, stack[stack.count - 1].indent >= indent { try pop() }
    let head = tokens[0]
    guard !head.hasAttribute, !head.quoted else {
      throw fail("a line must start with a directive word")
    }
    try checkIndent(indent)
    if case .root = stack[stack.count - 1] {
      if formatSeen && head.valueIs("key") {
        // The common case, without making the directive a string.
        bodyStarted = true
        try keyLine(indent: 0, tokens)
      } else {
        try topLevelLine(head.value, tokens)
      }
      return
    }
    guard case .key(let b) = stack[stack.count - 1] else {
      // Inside a structure only keys may appear.
      guard head.valueIs("key") else {
        throw fail("only 'key' lines may appear inside a structure, not '\(head.value)'")
      }
      try keyLine(indent: indent, tokens)
      return
    }
    if head.valueIs("key") {
      if b.sharedList != nil {
        throw fail("key '\(b.name)' has both 'subkeys NAME' and inline subkeys")
      }
      try keyLine(indent: indent, tokens)
    } else if head.valueIs("os") {
      let (platform, availability) = try osLine(tokens)
      if b.supportedOS[platform] != nil {
        throw fail("second 'os \(platform.rawValue)' line for key '\(b.name)'")
      }
      b.supportedOS[platform] = availability
    } else if head.valueIs("rangelist") {
      if b.rangeList != nil { throw fail("second 'rangelist' line for key '\(b.name)'") }
      var values: [SchemaValue] = []
      for t in tokens.dropFirst() {
        if t.hasAttribute { throw fail("unexpected attribute in a rangelist") }
        values.append(try value(t))
      }
      b.rangeList = values
    } else if head.valueIs("assettypes") {
      b.assetTypes = tokens.dropFirst().map(\.value)
    } else if head.valueIs("subkeys") {
      guard tokens.count == 2, !tokens[1].hasAttribute else {
        throw fail("expected 'subkeys NAME' or 'subkeys none'")
      }
      if b.sharedList != nil || b.hasInlineChildren {
        throw fail("key '\(b.name)' has its subkeys twice")
      }
      if !tokens[1].quoted, tokens[1].valueIs("none") {
        b.sharedList = KeyList(structureName: nil)
        b.sharedList!.fill([])
      } else {
        let name = tokens[1].value
        if firstReference[name] == nil { firstReference[name] = lineNumber }
        b.sharedList = structureList(name)
      }
    } else {
      throw fail("unknown directive '\(head.value)' inside key '\(b.name)'")
    }
  }

  private mutating func topLevelLine(_ directive: String, _ tokens: [Token]) throws(SchemaError) {
    func single() throws(SchemaError) -> String {
      guard tokens.count == 2, !tokens[1].hasAttribute else {
        throw fail("expected '\(directive) VALUE'")
      }
      return tokens[1].value
    }
    if directive != "profilec-schema", !formatSeen {
      throw fail("the first line must be 'profilec-schema \(Self.formatVersion)'")
    }
    switch directive {
    case "profilec-schema":
      if formatSeen { throw fail("second 'profilec-schema' line") }
      let v = try single()
      guard let n = Int(v), n >= 1 else { throw fail("bad format version '\(v)'") }
      if n > Self.formatVersion {
        throw fail("format version \(n) is newer than this profilec reads (\(Self.formatVersion))")
      }
      formatSeen = true
    case "key":
      bodyStarted = true
      try keyLine(indent: 0, tokens)
    case "struct":
      bodyStarted = true
      let name = try single()
      if definedStructures.contains(name) { throw fail("structure '\(name)' defined twice") }
      definedStructures.insert(name)
      _ = structureList(name)
      stack.append(.structure(StructureBuilder(name: name)))
    default:
      if bodyStarted {
        throw fail("'\(directive)' must come before the first key")
      }
      switch directive {
      case "kind":
        if kindSeen { throw fail("second 'kind' line") }
        let v = try single()
        guard let k = SchemaKind(rawValue: v) else {
          throw fail("kind must be payload, toplevel, common or project, not '\(v)'")
        }
        kind = k
        kindSeen = true
      case "payloadtype":
        if payloadType != nil { throw fail("second 'payloadtype' line") }
        payloadType = try single()
      case "release":
        release = try single()
      case "commit":
        commit = try single()
      case "source":
        source = try single()
      case "os":
        let (platform, availability) = try osLine(tokens)
        if payloadOS[platform] != nil { throw fail("second 'os \(platform.rawValue)' line") }
        payloadOS[platform] = availability
      default:
        throw fail("unknown directive '\(directive)'")
      }
    }
  }

  private func osLine(_ tokens: [Token]) throws(SchemaError) -> (Platform, Availability) {
    guard tokens.count >= 2, !tokens[1].hasAttribute,
      let platform = SchemaParser.platform(tokens[1])
    else {
      throw fail("expected 'os PLATFORM ...' with one of iOS, macOS, tvOS, visionOS, watchOS")
    }
    var a = Availability()
    for t in tokens.dropFirst(2) {
      guard t.hasAttribute else { throw fail("expected NAME=VALUE, not '\(t.value)'") }
      if t.attributeIs("introduced") {
        a.introduced = t.value
      } else if t.attributeIs("deprecated") {
        a.deprecated = t.value
      } else if t.attributeIs("removed") {
        a.removed = t.value
      } else if t.attributeIs("multiple") {
        a.multiple = try bool(t)
      } else if t.attributeIs("supervised") {
        a.supervised = try bool(t)
      } else if t.attributeIs("allowmanualinstall") {
        a.allowManualInstall = try bool(t)
      } else if t.attributeIs("devicechannel") {
        a.deviceChannel = try bool(t)
      } else if t.attributeIs("userchannel") {
        a.userChannel = try bool(t)
      } else if t.attributeIs("requiresdep") {
        a.requiresDEP = try bool(t)
      } else if t.attributeIs("userapprovedmdm") {
        a.userApprovedMDM = try bool(t)
      } else if t.attributeIs("userenrollment") {
        a.userEnrollment = try mode(t)
      } else if t.attributeIs("sharedipad") {
        a.sharedIPad = try mode(t)
      } else if t.attributeIs("sharedipad.devicechannel") {
        a.sharedIPadDeviceChannel = try bool(t)
      } else if t.attributeIs("sharedipad.userchannel") {
        a.sharedIPadUserChannel = try bool(t)
      } else {
        throw fail("unknown availability field '\(t.attribute!)'")
      }
    }
    return (platform, a)
  }

  private mutating func keyLine(indent: Int, _ tokens: [Token]) throws(SchemaError) {
    guard tokens.count >= 3, !tokens[1].hasAttribute, !tokens[2].hasAttribute else {
      throw fail("expected 'key NAME TYPE [required|optional] [NAME=VALUE...]'")
    }
    var types: [SchemaType] = []
    let typeText = tokens[2]
    if let single = SchemaParser.schemaType(typeText) {
      types.append(single)
    } else {
      for part in typeText.value.split(separator: "|", omittingEmptySubsequences: false) {
        guard let t = SchemaType(rawValue: String(part)) else {
          throw fail("unknown type '\(part)'")
        }
        types.append(t)
      }
    }
    let b = KeyBuilder(line: lineNumber, indent: indent, name: tokens[1].value, types: types)
    var rest = tokens.dropFirst(3)
    if let p = rest.first, !p.hasAttribute, !p.quoted {
      if p.valueIs("optional") {
        b.presence = .optional
      } else if p.valueIs("required") {
        b.presence = .required
      } else {
        throw fail("expected required or optional, not '\(p.value)'")
      }
      rest = rest.dropFirst()
    }
    for t in rest {
      guard t.hasAttribute else { throw fail("expected NAME=VALUE, not '\(t.value)'") }
      if t.attributeIs("default") {
        b.defaultValue = try value(t)
      } else if t.attributeIs("min") {
        b.rangeMin = try value(t)
      } else if t.attributeIs("max") {
        b.rangeMax = try value(t)
      } else if t.attributeIs("repeat-min") {
        b.repetitionMin = try integer(t)
      } else if t.attributeIs("repeat-max") {
        b.repetitionMax = try integer(t)
      } else if t.attributeIs("format") {
        b.format = t.value
      } else if t.attributeIs("valuetype") {
        b.valueType = t.value
      } else if t.attributeIs("subtype") {
        b.subtype = t.value
      } else if t.attributeIs("combinetype") {
        b.combineType = t.value
      } else if t.attributeIs("subkeytype") {
        b.subkeyType = t.value
      } else {
        throw fail("unknown key attribute '\(t.attribute!)'")
      }
    }
    stack.append(.key(b))
  }

  /// The platform a token names, compared as bytes.
  static func platform(_ t: Token) -> Platform? {
    if t.valueIs("iOS") { return .iOS }
    if t.valueIs("macOS") { return .macOS }
    return Platform(rawValue: t.value)
  }

  /// A single (non-`|`) type name, compared as bytes; nil otherwise.
  static func schemaType(_ t: Token) -> SchemaType? {
    if t.valueIs("string") { return .string }
    if t.valueIs("boolean") { return .boolean }
    if t.valueIs("integer") { return .integer }
    if t.valueIs("array") { return .array }
    if t.valueIs("dictionary") { return .dictionary }
    if t.valueIs("real") { return .real }
    if t.valueIs("data") { return .data }
    if t.valueIs("date") { return .date }
    if t.valueIs("any") { return .any }
    return nil
  }
}
