import Diagnostics
import ProfileSchemas
import PropertyList

/// Writes the model of an existing profile as an idiomatic source (SPEC §6, `import`).
///
/// Every value is written so that lowering reads it back as the same property-list value:
/// strings that would read as another type are quoted, multi-line text becomes a literal
/// block scalar where one reproduces it exactly, data is `{base64: ...}`. Identifiers and
/// UUIDs are written only where they differ from the ones the compiler derives (SPEC §5).
/// What the language cannot express is reported (PC1019) and left out.
struct SourceWriter {
  let model: ProfileModel
  let shapes: SchemaShapes
  /// The `--min-os` given to import, written to `enrollment:`.
  let minOS: String?
  var lines: [String] = []
  var bag: DiagnosticBag

  init(model: ProfileModel, schemas: SchemaSet, minOS: String?) {
    self.model = model
    self.shapes = SchemaShapes(schemas)
    self.minOS = minOS
    self.bag = DiagnosticBag(file: model.file)
  }

  /// Apple's payload keys that a source writes as meta keys.
  static let payloadMetaApple: Set<String> = Set(Lowering.payloadMetaKeys.map(\.apple))
  static let payloadMetaNames: Set<String> = Set(Lowering.payloadMetaKeys.map(\.meta))

  /// `profile:` keys written after identifier, name, description, organization, uuid and
  /// consent-text, in this order. Their Apple keys and value shapes come from the tables
  /// lowering reads (`Lowering.profileKeyToApple`, `Lowering.typedProfileKeys`), so import
  /// and compile cannot disagree on them.
  static let profileScalarOrder = [
    "name", "description", "removal-disallowed", "has-removal-passcode", "scope", "expires",
    "expiration-date", "remove-after", "target-device-type", "enabled",
  ]
  static let profileScalars: [(apple: String, key: String, shape: Shape)] = profileScalarOrder.map { key in
    let shape = Lowering.typedProfileKeys.first { $0.key == key }?.shape ?? .string
    return (Lowering.profileKeyToApple[key] ?? key, key, shape)
  }

  mutating func cannot(_ message: String, _ range: SourceRange?, path: String, notes: [String] = [])
  {
    bag.emit(.importCannotRepresent, message, range, path: path, notes: notes)
  }

  mutating func write() -> String {
    writeProfile()
    writeEnrollment()
    writePayloads()
    // One blank line between top-level blocks, as `fmt` lays sources out. Block scalar
    // content is indented, so an unindented line always starts a block; a `|+` scalar
    // ends in its own blank lines, so none is added after it.
    var out: [String] = []
    for line in lines {
      if let first = line.first, first != " ", first != "#", let last = out.last, !last.isEmpty {
        out.append("")
      }
      out.append(line)
    }
    return out.joined(separator: "\n") + "\n"
  }

  // MARK: - profile:

  var profileIdentifier: String { model.top["PayloadIdentifier"]?.stringValue ?? "" }
  var profileOrganization: String? { model.top["PayloadOrganization"]?.stringValue }

  /// False when the profile has an organization that some payload does not carry (the
  /// compiler would copy it into that payload).
  var inheritOrganization: Bool {
    guard profileOrganization != nil else { return true }
    return model.payloads.allSatisfy { $0.content["PayloadOrganization"] != nil }
  }

  /// True when `node` has a type a `profile:` key of `shape` takes (a whole number for a
  /// real, as lowering accepts).
  func fits(_ node: PlistNode, _ shape: Shape) -> Bool {
    switch (shape, node.value) {
    case (.string, .string), (.boolean, .bool), (.date, .date), (.real, .real), (.real, .integer),
      (.integer, .integer):
      return true
    default: return false
    }
  }

  mutating func writeProfile() {
    let top = model.top
    lines.append("profile:")
    var written: Set<String> = ["PayloadType", "PayloadVersion"]
    for (apple, key) in [
      ("PayloadIdentifier", "identifier"), ("PayloadDisplayName", "name"),
      ("PayloadDescription", "description"), ("PayloadOrganization", "organization"),
    ] {
      written.insert(apple)
      writeProfileKey(apple: apple, key: key, shape: .string)
    }
    if !inheritOrganization { lines.append("  inherit-organization: false") }
    if let entry = top.entry("PayloadUUID") {
      written.insert("PayloadUUID")
      // Left out when it is the one the compiler derives.
      if let uuid = entry.value.stringValue, !uuid.isEmpty,
        uuid != UUIDv5.make(name: profileIdentifier)
      {
        writeEntry(key: "uuid", entry.value, shape: .string, column: 2, path: "PayloadUUID")
      }
    }
    if let entry = top.entry("ConsentText") {
      written.insert("ConsentText")
      writeConsentText(entry)
    }
    for (apple, key, shape) in SourceWriter.profileScalars where !written.contains(apple) {
      written.insert(apple)
      writeProfileKey(apple: apple, key: key, shape: shape)
    }
    let encrypted = top["EncryptedPayloadContent"] != nil
    for entry in top.entries where !written.contains(entry.key) {
      // An encrypted profile is reported by lint (PC5021).
      if encrypted && (entry.key == "EncryptedPayloadContent" || entry.key == "IsEncrypted") {
        continue
      }
      cannot(
        "top-level key '\(entry.key)' has no 'profile:' spelling",
        entry.keyRange ?? entry.value.range,
        path: entry.key,
        notes: ["the profile: block takes: " + Lowering.profileKeys.joined(separator: ", ")])
    }
  }

  /// One top-level key under its `profile:` name, when its value has the type the key takes.
  mutating func writeProfileKey(apple: String, key: String, shape: Shape) {
    guard let entry = model.top.entry(apple) else { return }
    guard fits(entry.value, shape) else {
      cannot(
        "top-level \(apple) is \(ExistingPlist.describe(entry.value)); '\(key)' takes \(article(shape.name))",
        entry.value.range ?? entry.keyRange, path: apple)
      return
    }
    writeEntry(key: key, entry.value, shape: shape, column: 2, path: apple)
  }

  mutating func writeConsentText(_ entry: PlistEntry) {
    guard let dict = entry.value.dictValue, dict.entries.allSatisfy({ $0.value.stringValue != nil })
    else {
      cannot(
        "ConsentText is not a dictionary of language codes to texts",
        entry.value.range ?? entry.keyRange,
        path: "ConsentText")
      return
    }
    if dict.entries.count == 1, dict.entries[0].key == "default" {
      writeEntry(
        key: "consent-text", dict.entries[0].value, shape: .string, column: 2,
        path: "ConsentText.default")
    } else {
      writeEntry(
        key: "consent-text", entry.value, shape: .dictionary(StringValuesShape()), column: 2,
        path: "ConsentText")
    }
  }

  // MARK: - enrollment:

  mutating func writeEnrollment() {
    lines.append("enrollment:")
    lines.append("  type: " + model.context.type.rawValue)
    lines.append("  platform: " + model.context.platform.rawValue)
    if let minOS { lines.append("  min-os: " + YAMLText.doubleQuoted(minOS)) }
  }

  // MARK: - payloads

  enum Sugar { case sso, restrictions }

  /// The sugar block that expands to exactly this payload, ignoring its identifier (which
  /// the caller checks against the derived one).
  func sugar(for payload: PayloadModel) -> Sugar? {
    let c = payload.content
    guard c["PayloadVersion"]?.integerValue == 1, c["PayloadEnabled"] == nil else { return nil }
    if let uuid = c["PayloadUUID"]?.stringValue, uuid.isEmpty { return nil }
    if payload.type == "com.apple.applicationaccess" {
      // The block has no meta keys: name, description, uuid and organization are derived.
      guard c["PayloadDisplayName"] == nil, c["PayloadDescription"] == nil else { return nil }
      let org = c["PayloadOrganization"]
      if inheritOrganization {
        guard org == nil || (org?.stringValue != nil && org?.stringValue == profileOrganization)
        else { return nil }
      } else if org != nil {
        return nil
      }
      // ... and the UUID must be the one derived from the identifier.
      if let uuid = c["PayloadUUID"] {
        guard let id = c["PayloadIdentifier"]?.stringValue,
          uuid.stringValue == UUIDv5.make(name: id)
        else { return nil }
      }
      return .restrictions
    }
    if MicrosoftSSO.isMicrosoftPayload(c) {
      let macOS = model.context.platform == .macOS
      let expected =
        macOS ? MicrosoftSSO.macOSExtensionIdentifier : MicrosoftSSO.iOSExtensionIdentifier
      guard c["ExtensionIdentifier"]?.stringValue == expected,
        macOS
          ? c["TeamIdentifier"]?.stringValue == MicrosoftSSO.macOSTeamIdentifier
          : c["TeamIdentifier"] == nil,
        c["Type"]?.stringValue == "Redirect",
        let urls = c["URLs"]?.arrayValue,
        urls.map(\.stringValue) == MicrosoftSSO.urls.map(Optional.some),
        c["ExtensionData"]?.dictValue != nil
      else { return nil }
      let allowed: Set<String> = [
        "PayloadType", "PayloadVersion", "PayloadIdentifier", "PayloadUUID", "PayloadDisplayName",
        "PayloadDescription", "PayloadOrganization", "ExtensionIdentifier", "TeamIdentifier",
        "Type", "URLs",
        "ExtensionData",
      ]
      for e in c.entries {
        guard allowed.contains(e.key) else { return nil }
        if e.key.hasPrefix("Payload") && e.key != "PayloadVersion" && e.value.stringValue == nil {
          return nil
        }
      }
      return .sso
    }
    return nil
  }

  static func defaultSuffix(_ type: String) -> String {
    type.hasPrefix("com.apple.") ? String(type.dropFirst("com.apple.".count)) : type
  }

  /// How a payload is written: a sugar block, or an entry with `id:` / `identifier:`.
  enum Layout {
    case sugar(Sugar)
    case entry(id: String?, identifier: String?)
  }

  mutating func writePayloads() {
    let payloads = model.payloads
    // Sugar blocks sit before or after `payloads:`, so only the first and the last payload
    // can use them without changing PayloadContent's order.
    var candidates: [Int: Sugar] = [:]
    if let first = payloads.first, let s = sugar(for: first) { candidates[0] = s }
    if payloads.count > 1, let s = sugar(for: payloads[payloads.count - 1]), candidates[0] != s {
      candidates[payloads.count - 1] = s
    }
    // Identifiers as the compiler derives them (SPEC §5), in document order.
    var counts: [String: Int] = [:]
    var layouts: [Layout] = []
    for (i, p) in payloads.enumerated() {
      let pid = p.content["PayloadIdentifier"]?.stringValue
      let suffix = SourceWriter.defaultSuffix(p.type)
      let n = (counts[suffix] ?? 0) + 1
      let derived = profileIdentifier + "." + (n == 1 ? suffix : suffix + ".\(n)")
      if let s = candidates[i], pid == derived || pid == nil {
        counts[suffix] = n
        layouts.append(.sugar(s))
        continue
      }
      guard let pid, pid != derived else {
        counts[suffix] = n
        layouts.append(.entry(id: nil, identifier: nil))
        continue
      }
      let prefix = profileIdentifier + "."
      if !profileIdentifier.isEmpty, pid.hasPrefix(prefix) {
        let rest = String(pid.dropFirst(prefix.count))
        if !rest.isEmpty, !rest.contains(" "), counts[rest] == nil {
          counts[rest] = 1
          layouts.append(.entry(id: rest, identifier: nil))
          continue
        }
      }
      layouts.append(.entry(id: nil, identifier: pid))
    }
    var entriesStarted = false
    for (i, p) in payloads.enumerated() {
      switch layouts[i] {
      case .sugar(.sso): writeSSO(p)
      case .sugar(.restrictions): writeRestrictions(p)
      case .entry(let id, let identifier):
        if !entriesStarted {
          lines.append("payloads:")
          entriesStarted = true
        }
        writeEntryPayload(p, id: id, identifier: identifier)
      }
    }
  }

  mutating func writeUUID(_ p: PayloadModel, column: Int) {
    guard let node = p.content["PayloadUUID"] else { return }
    let identifier = p.content["PayloadIdentifier"]?.stringValue ?? ""
    guard let uuid = node.stringValue else {
      cannot(
        "PayloadUUID of \(p.path) is \(ExistingPlist.describe(node)); 'uuid' takes a string",
        node.range,
        path: p.path(of: "PayloadUUID"))
      return
    }
    if uuid.isEmpty || uuid == UUIDv5.make(name: identifier) { return }
    writeEntry(key: "uuid", node, shape: .string, column: column, path: p.path(of: "PayloadUUID"))
  }

  /// name, description, organization: strings.
  mutating func writeMetaStrings(_ p: PayloadModel, column: Int, organization: Bool = true) {
    var keys: [(String, String)] = [
      ("PayloadDisplayName", "name"), ("PayloadDescription", "description"),
    ]
    if organization { keys.append(("PayloadOrganization", "organization")) }
    for (apple, meta) in keys {
      guard let entry = p.content.entry(apple) else { continue }
      if apple == "PayloadOrganization", inheritOrganization,
        entry.value.stringValue == profileOrganization
      {
        continue
      }
      guard entry.value.stringValue != nil else {
        cannot(
          "\(apple) of \(p.path) is \(ExistingPlist.describe(entry.value)); '\(meta)' takes a string",
          entry.value.range ?? entry.keyRange, path: p.path(of: apple))
        continue
      }
      writeEntry(key: meta, entry.value, shape: .string, column: column, path: p.path(of: apple))
    }
  }

  func ownKeys(_ p: PayloadModel) -> [PlistEntry] {
    p.content.sortedEntries.filter { !SourceWriter.payloadMetaApple.contains($0.key) }
  }

  func payloadShape(_ p: PayloadModel) -> (any DictionaryShape)? {
    let own = ownKeys(p)
    return shapes.payloadShape(type: p.type, keys: own.map(\.key)) { key in
      p.content[key]?.stringValue
    }
  }

  mutating func writeEntryPayload(_ p: PayloadModel, id: String?, identifier: String?) {
    let column = 4
    // type, id and identifier are written from PayloadType and PayloadIdentifier here, not
    // through writeValue, so they get its string check here (control characters found by
    // fuzzing, Tests/Fixtures/fuzz/xml-control-character-in-identifier.mobileconfig).
    for apple in ["PayloadType", "PayloadIdentifier"] {
      guard let entry = p.content.entry(apple), let text = entry.value.stringValue else { continue }
      if refusesString(text, entry.value.range ?? entry.keyRange, path: p.path(of: apple)) { return }
    }
    lines.append("  - type: " + YAMLText.blockScalar(p.type))
    if let id { lines.append("    id: " + YAMLText.blockScalar(id)) }
    if let identifier { lines.append("    identifier: " + YAMLText.blockScalar(identifier)) }
    writeUUID(p, column: column)
    writeMetaStrings(p, column: column)
    if let version = p.content.entry("PayloadVersion") {
      if let v = version.value.integerValue {
        if v != 1 { lines.append("    version: \(v)") }
      } else {
        cannot(
          "PayloadVersion of \(p.path) is \(ExistingPlist.describe(version.value)); 'version' takes an integer",
          version.value.range ?? version.keyRange, path: p.path(of: "PayloadVersion"))
      }
    }
    if let enabled = p.content.entry("PayloadEnabled") {
      if enabled.value.boolValue != nil {
        writeEntry(
          key: "enabled", enabled.value, shape: .boolean, column: column,
          path: p.path(of: "PayloadEnabled"))
      } else {
        cannot(
          "PayloadEnabled of \(p.path) is \(ExistingPlist.describe(enabled.value)); 'enabled' takes a boolean",
          enabled.value.range ?? enabled.keyRange, path: p.path(of: "PayloadEnabled"))
      }
    }
    let shape = payloadShape(p)
    for entry in ownKeys(p) {
      if SourceWriter.payloadMetaNames.contains(entry.key) {
        cannot(
          "payload key '\(entry.key)' of \(p.path) has the name of a meta key",
          entry.keyRange ?? entry.value.range,
          path: p.path(of: entry.key),
          notes: ["payload entries read '\(entry.key)' as profilec's own key"])
        continue
      }
      writeEntry(
        key: entry.key, entry.value, shape: shape?.shape(forKey: entry.key), column: column,
        path: p.path(of: entry.key))
    }
  }

  mutating func writeRestrictions(_ p: PayloadModel) {
    let own = ownKeys(p)
    guard !own.isEmpty else {
      lines.append("restrictions: {}")
      return
    }
    lines.append("restrictions:")
    let shape = payloadShape(p)
    for entry in own {
      writeEntry(
        key: entry.key, entry.value, shape: shape?.shape(forKey: entry.key), column: 2,
        path: p.path(of: entry.key))
    }
  }

  mutating func writeSSO(_ p: PayloadModel) {
    lines.append("sso:")
    lines.append("  provider: microsoft")
    writeMetaStrings(p, column: 2)
    writeUUID(p, column: 2)
    guard let data = p.content["ExtensionData"], let dict = data.dictValue, !dict.entries.isEmpty
    else { return }
    lines.append("  extension-data:")
    let shape = shapes.microsoftExtensionDataShape()
    for entry in dict.sortedEntries {
      let path = p.path(of: "ExtensionData") + "." + entry.key
      writeEntry(
        key: entry.key, entry.value, shape: shape?.shape(forKey: entry.key), column: 4, path: path)
    }
  }

  // MARK: - values

  /// Reports a string a source cannot say as it is (`${env:` would be interpolated; a
  /// control character cannot be written) and returns true; false when it can be written.
  mutating func refusesString(_ s: String, _ range: SourceRange?, path: String) -> Bool {
    if s.contains("${env:") {
      cannot(
        "the string at '\(path)' contains '${env:', which a source would interpolate", range,
        path: path,
        notes: ["profilec has no escape for a literal '${env:'"])
      return true
    }
    if let bad = SourceWriter.controlCharacter(in: s) {
      cannot(
        "the string at '\(path)' contains the control character U+\(hex4(bad.value)), which a profile written by profilec cannot hold",
        range, path: path)
      return true
    }
    return false
  }

  /// The first character a source cannot carry (a C0 control other than tab and line feed,
  /// or DEL): the XML reader accepts them, as Apple's does, but profilec's language refuses
  /// them (SPEC §1).
  static func controlCharacter(in text: String) -> Unicode.Scalar? {
    text.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F }
  }

  /// Writes `key: value` with the key at `column` (or after `prefix`, e.g. `  - `).
  mutating func writeEntry(
    key: String, _ node: PlistNode, shape: Shape?, column: Int, prefix: String? = nil, path: String
  ) {
    // As for string values below: a source cannot carry the control character (found by
    // fuzzing, Tests/Fixtures/fuzz/xml-control-character-in-key.mobileconfig).
    if let bad = SourceWriter.controlCharacter(in: key) {
      cannot(
        "the key at '\(path)' contains the control character U+\(hex4(bad.value)), which a profile written by profilec cannot hold",
        node.range, path: path)
      return
    }
    let head = (prefix ?? String(repeating: " ", count: column)) + YAMLText.scalar(key) + ":"
    writeValue(node, shape: shape, head: head, column: column, path: path)
  }

  /// Writes a sequence item `- value`, the dash at `column` (or after `prefix`).
  mutating func writeItem(
    _ node: PlistNode, shape: Shape?, column: Int, prefix: String? = nil, path: String
  ) {
    let dash = (prefix ?? String(repeating: " ", count: column)) + "- "
    switch node.value {
    case .dict(let d) where !d.entries.isEmpty && !isDataLike(d, shape: shape):
      let childShape = dictShape(shape)
      for (i, e) in d.sortedEntries.enumerated() {
        writeEntry(
          key: e.key, e.value, shape: childShape?.shape(forKey: e.key), column: column + 2,
          prefix: i == 0 ? dash : nil,
          path: path + "." + e.key)
      }
    case .array(let items) where !items.isEmpty:
      let element = elementShape(shape)
      for (i, item) in items.enumerated() {
        writeItem(
          item, shape: element, column: column + 2, prefix: i == 0 ? dash : nil,
          path: path + "[\(i)]")
      }
    default:
      writeValue(node, shape: shape, head: String(dash.dropLast()), column: column, path: path)
    }
  }

  func dictShape(_ shape: Shape?) -> (any DictionaryShape)? {
    if case .dictionary(let d) = shape { return d }
    return nil
  }

  func elementShape(_ shape: Shape?) -> Shape? {
    if case .array(let e) = shape { return e }
    return nil
  }

  /// A dictionary that lowering would read back as a data value.
  func isDataLike(_ d: PlistDict, shape: Shape?) -> Bool {
    guard d.entries.count == 1, d.entries[0].key == "base64" || d.entries[0].key == "file" else {
      return false
    }
    switch d.entries[0].value.value {
    case .dict, .array: return false
    default: break
    }
    switch shape {
    case nil, .any?, .data?: return true
    default: return false
    }
  }

  /// Writes the value of an entry or item whose first line starts with `head` (`  Key:`
  /// or `  -`); nested lines are indented from `column`, the column of the key or dash.
  mutating func writeValue(
    _ node: PlistNode, shape: Shape?, head: String, column: Int, path: String
  ) {
    let pad = String(repeating: " ", count: column + 2)
    switch node.value {
    case .dict(let d):
      if d.entries.isEmpty {
        lines.append(head + " {}")
        return
      }
      if isDataLike(d, shape: shape) {
        cannot(
          "the dictionary at '\(path)' holds only '\(d.entries[0].key)' and would read back as data",
          node.range,
          path: path, notes: ["a source writes data values as {base64: ...} or {file: ...}"])
        return
      }
      lines.append(head)
      let childShape = dictShape(shape)
      for e in d.sortedEntries {
        writeEntry(
          key: e.key, e.value, shape: childShape?.shape(forKey: e.key), column: column + 2,
          path: path + "." + e.key)
      }
    case .array(let items):
      if items.isEmpty {
        lines.append(head + " []")
        return
      }
      lines.append(head)
      let element = elementShape(shape)
      for (i, item) in items.enumerated() {
        writeItem(item, shape: element, column: column + 2, path: path + "[\(i)]")
      }
    case .data(let bytes):
      let text = Base64.encodeString(bytes)
      if text.utf8.count <= 60 {
        lines.append(head + " {base64: \"" + text + "\"}")
        return
      }
      // Long data: a literal block, 64 characters a line (decoding skips line breaks).
      lines.append(head)
      lines.append(pad + "base64: |")
      var rest = Substring(text)
      while !rest.isEmpty {
        lines.append(pad + "  " + rest.prefix(64))
        rest = rest.dropFirst(64)
      }
    case .string(let s):
      if refusesString(s, node.range, path: path) { return }
      if let block = YAMLText.literalBlock(s) {
        lines.append(head + " " + block.header)
        for line in block.lines { lines.append(line.isEmpty ? "" : pad + line) }
      } else {
        lines.append(head + " " + YAMLText.blockScalar(s))
      }
    case .integer(let i):
      lines.append(head + " " + String(i))
    case .real(let r):
      guard r.isFinite else {
        cannot(
          "the real at '\(path)' is \(RealFormat.python(r)), which a source cannot write",
          node.range, path: path)
        return
      }
      lines.append(head + " " + RealFormat.python(r))
    case .bool(let b):
      lines.append(head + (b ? " true" : " false"))
    case .date(let d):
      lines.append(head + " " + d.iso8601)
    }
  }

  func hex4(_ v: UInt32) -> String {
    let h = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - h.count)) + h
  }
}

/// A dictionary whose every value is a string (`consent-text:` by language).
struct StringValuesShape: DictionaryShape {
  func shape(forKey key: String) -> Shape? { .string }
}
