import Diagnostics
import ProfileSyntax
import PropertyList

/// Lowers source nodes to property-list values, typing plain scalars by the schema's
/// shape (or by their form where no schema applies), interpolating `${env:NAME}` and
/// reading `{base64:}` / `{file:}` data.
struct ValueLowerer {
  var bag: DiagnosticBag
  let environment: @Sendable (String) -> String?
  /// Directory that `{file: ...}` paths are relative to.
  let baseDirectory: String
  /// Every value interpolation produced: never quoted in messages, and kept out of
  /// diagnostics by ``Redaction``.
  var interpolations: [Interpolation] = []
  static let maxDataFileBytes = 16 << 20

  init(bag: DiagnosticBag, environment: @escaping @Sendable (String) -> String?, baseDirectory: String) {
    self.bag = bag
    self.environment = environment
    self.baseDirectory = baseDirectory
  }

  /// The last component of a data path, for messages.
  static func keyName(_ path: String) -> String {
    var s = Substring(path)
    if let dot = s.lastIndex(of: ".") { s = s[s.index(after: dot)...] }
    return String(s)
  }

  mutating func lower(_ node: Node, shape: Shape?, path: String) -> PlistNode? {
    lower(node, shape: shape, at: DataPath(path))
  }

  /// Lowers `node`; its data path is spelled out only if something is reported.
  mutating func lower(_ node: Node, shape: Shape?, at path: DataPath) -> PlistNode? {
    switch node.kind {
    case .missing:
      return nil
    case .mapping(let entries, _):
      if case .data = shape { return lowerData(node, entries: entries, path: path) }
      if shape == nil || isAny(shape), entries.count == 1,
        entries[0].keyText == "base64" || entries[0].keyText == "file",
        entries[0].value.scalarText != nil
      {
        return lowerData(node, entries: entries, path: path)
      }
      // Not optional: a method call on an optional existential copied it for every key.
      var dictShape: any DictionaryShape = OpenDictionaryShape()
      if case .dictionary(let d) = shape { dictShape = d }
      var dict = PlistDict()
      dict.entries.reserveCapacity(entries.count)
      let base = path.text
      // Entries are read in place: `for entry in entries` copied each one (two nodes).
      entries.withUnsafeBufferPointer { entries in
        for i in entries.indices {
          guard !entries[i].key.isMissing, let key = entries[i].key.scalarText else { continue }
          let childPath = DataPath(member: key, of: base)
          if let value = lower(entries[i].value, shape: dictShape.shape(forKey: key), at: childPath) {
            dict.entries.append(PlistEntry(key: key, keyRange: entries[i].key.range, value: value))
          }
          // A value that lowers to nothing was reported by lowerScalar with the key's name.
        }
      }
      return PlistNode(.dict(dict), range: node.range)
    case .sequence(let items, _):
      var element: Shape? = nil
      if case .array(let e) = shape { element = e }
      var out: [PlistNode] = []
      out.reserveCapacity(items.count)
      let base = path.text
      items.withUnsafeBufferPointer { items in
        for i in items.indices {
          if let v = lower(items[i], shape: element, at: DataPath(index: i, of: base)) { out.append(v) }
        }
      }
      return PlistNode(.array(out), range: node.range)
    case .scalar(let text, let style):
      return lowerScalar(text, style: style, range: node.range, shape: shape, path: path)
    }
  }

  private func isAny(_ shape: Shape?) -> Bool {
    if case .any = shape { return true }
    return false
  }

  mutating func lowerScalar(
    _ text: String, style: ScalarStyle, range: SourceRange, shape: Shape?, path: DataPath
  ) -> PlistNode? {
    guard style == .plain else {
      return interpolated(text, range: range, path: path)
    }
    if ScalarForms.isNull(text) {
      let key = ValueLowerer.keyName(path.text)
      if text.isEmpty {
        bag.emit(
          .nullValue, "'\(key)' has no value", range, path: path.text,
          notes: ["a property list has no null; give it a value or remove the key"])
      } else {
        bag.emit(
          .nullValue, "'\(text)' is null, which a property list cannot hold", range, path: path.text,
          notes: ["give '\(key)' a value, quote it if you mean the text, or remove the key"])
      }
      return nil
    }
    switch shape {
    case .string?:
      return interpolated(text, range: range, path: path)
    case .integer?:
      switch ScalarForms.integer(text) {
      case .value(let v): return PlistNode(.integer(v), range: range)
      case .overflow: return overflow(text, range: range, path: path)
      case .notInteger: break
      }
    case .real?:
      switch ScalarForms.integer(text) {
      case .value(let v): return PlistNode(.real(Double(v)), range: range)
      default: break
      }
      switch ScalarForms.real(text) {
      case .value(let v): return PlistNode(.real(v), range: range)
      case .nonFinite: return nonFinite(text, range: range, path: path)
      case .notReal: break
      }
    case .date?:
      if let d = PlistDate.parseISO8601(text) { return PlistNode(.date(d), range: range) }
      if ScalarForms.looksLikeDate(text) { return badDate(text, range: range, path: path) }
    default:
      break
    }
    return byForm(text, range: range, path: path)
  }

  /// A plain scalar typed by its form alone.
  mutating func byForm(_ text: String, range: SourceRange, path: DataPath) -> PlistNode? {
    if let b = ScalarForms.boolean(text) { return PlistNode(.bool(b), range: range) }
    if let meant = ScalarForms.booleanLookalike(text) {
      let replacement = meant ? "true" : "false"
      bag.emit(
        .booleanSpelling, "'\(text)' is not a boolean; write '\(replacement)'", range, path: path.text,
        notes: ["booleans are exactly true and false; quote the value if you mean the text"],
        fixIts: [
          FixIt("replace with '\(replacement)'", edits: [TextEdit(range: range, replacement: replacement)])
        ])
      return nil
    }
    switch ScalarForms.integer(text) {
    case .value(let v): return PlistNode(.integer(v), range: range)
    case .overflow: return overflow(text, range: range, path: path)
    case .notInteger: break
    }
    switch ScalarForms.real(text) {
    case .value(let v): return PlistNode(.real(v), range: range)
    case .nonFinite: return nonFinite(text, range: range, path: path)
    case .notReal: break
    }
    if let d = PlistDate.parseISO8601(text) { return PlistNode(.date(d), range: range) }
    return interpolated(text, range: range, path: path)
  }

  mutating func overflow(_ text: String, range: SourceRange, path: DataPath) -> PlistNode? {
    bag.emit(
      .numberOutOfRange, "integer '\(text)' does not fit in 64 bits", range, path: path.text,
      notes: ["property-list integers range from -9223372036854775808 to 9223372036854775807"])
    return nil
  }

  mutating func nonFinite(_ text: String, range: SourceRange, path: DataPath) -> PlistNode? {
    bag.emit(.numberOutOfRange, "'\(text)' is not a finite number", range, path: path.text)
    return nil
  }

  mutating func badDate(_ text: String, range: SourceRange, path: DataPath) -> PlistNode? {
    bag.emit(
      .invalidDate, "'\(text)' is not a date in the form YYYY-MM-DDTHH:MM:SSZ", range, path: path.text,
      notes: ["dates are ISO 8601 in UTC, e.g. 2027-01-31T00:00:00Z"])
    return nil
  }

  /// A string value with `${env:NAME}` replaced. Marks the value sensitive when anything
  /// was interpolated.
  mutating func interpolated(_ text: String, range: SourceRange, path: DataPath) -> PlistNode? {
    guard ByteSearch.contains(text, "${env:") else {
      return PlistNode(.string(text), range: range)
    }
    var out = ""
    var rest = Substring(text)
    var failed = false
    var variables: [Interpolation.Variable] = []
    while let start = rest.firstRange(of: "${env:") {
      out += rest[..<start.lowerBound]
      let afterPrefix = rest[start.upperBound...]
      guard let close = afterPrefix.firstIndex(of: "}") else {
        bag.emit(
          .malformedInterpolation, "'${env:' is not closed with '}'", range, path: path.text,
          notes: ["write ${env:NAME}"])
        return nil
      }
      let name = String(afterPrefix[..<close])
      guard ValueLowerer.isVariableName(name) else {
        bag.emit(
          .malformedInterpolation, "'${env:\(name)}' does not name an environment variable",
          range, path: path.text, notes: ["names are letters, digits and '_', not starting with a digit"])
        return nil
      }
      if let value = environment(name) {
        out += value
        variables.append(Interpolation.Variable(value: value, reference: "${env:\(name)}"))
      } else {
        bag.emit(
          .unsetEnvironmentVariable, "environment variable '\(name)' is not set", range, path: path.text,
          notes: ["export \(name) before running profilec"])
        failed = true
      }
      rest = afterPrefix[afterPrefix.index(after: close)...]
    }
    out += rest
    if failed { return nil }
    interpolations.append(Interpolation(value: out, source: text, variables: variables, range: range))
    return PlistNode(.string(out), range: range)
  }

  static func isVariableName(_ s: String) -> Bool {
    guard let first = s.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
    return s.utf8.allSatisfy { c in
      (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
  }

  /// `{base64: "..."}` or `{file: relative/path}`.
  mutating func lowerData(_ node: Node, entries: [MappingEntry], path: DataPath) -> PlistNode? {
    guard entries.count == 1, let valueText = entries[0].value.scalarText,
      entries[0].keyText == "base64" || entries[0].keyText == "file"
    else {
      bag.emit(
        .wrongType, "'\(ValueLowerer.keyName(path.text))' expects data, written {base64: \"...\"} or {file: path}",
        node.range, path: path.text)
      return nil
    }
    let valueRange = entries[0].value.range
    if entries[0].keyText == "base64" {
      switch Base64.decode(Array(valueText.utf8)) {
      case .success(let bytes): return PlistNode(.data(bytes), range: node.range)
      case .failure(.invalidCharacter(let offset)):
        bag.emit(
          .badDataValue, "invalid base64 character at position \(offset + 1)", valueRange, path: path.text)
      case .failure(.badLength):
        bag.emit(
          .badDataValue, "base64 text has a wrong length or misplaced '=' padding", valueRange, path: path.text)
      }
      return nil
    }
    let resolved = FileIO.join(baseDirectory, valueText)
    switch FileIO.read(resolved, limit: ValueLowerer.maxDataFileBytes) {
    case .success(let bytes): return PlistNode(.data(bytes), range: node.range)
    case .failure(let failure):
      bag.emit(
        .badDataValue, "cannot read data file: \(failure)", valueRange, path: path.text,
        notes: ["paths are relative to the source file's folder"])
      return nil
    }
  }
}

/// A data path (`payloads[0].DenyListURLs[17]`) kept as its parent's text and a last step,
/// so lowering a long array builds no string per item unless an item is reported.
struct DataPath {
  private enum Step {
    case whole
    case member(String)
    case index(Int)
  }
  private let parent: String
  private let step: Step

  init(_ path: String) {
    parent = path
    step = .whole
  }

  /// `base.key` (or `key` at the top).
  init(member key: String, of base: String) {
    parent = base
    step = .member(key)
  }

  /// `base[i]`.
  init(index i: Int, of base: String) {
    parent = base
    step = .index(i)
  }

  var text: String {
    switch step {
    case .whole: return parent
    case .member(let key): return PathText.member(parent, key)
    case .index(let i): return PathText.index(parent, i)
    }
  }
}
