import Diagnostics
import ProfileSyntax
import PropertyList

public struct LoweringOptions: Sendable {
  public var environment: @Sendable (String) -> String?
  public var shapes: any ShapeProvider
  public init(
    environment: @escaping @Sendable (String) -> String? = { FileIO.environment($0) },
    shapes: any ShapeProvider = FormOnlyShapes()
  ) {
    self.environment = environment
    self.shapes = shapes
  }
}

/// Turns a syntax tree into a `ProfileModel` (SPEC §2): checks the document's blocks,
/// expands the `sso:` and `restrictions:` sugar, types values, derives identifiers and
/// UUIDs (SPEC §5). It reports every problem it finds and still returns a model whenever
/// the document has a recognisable shape, so validation can report more.
public enum Lowering {
  public static let topLevelKeys = ["profile", "enrollment", "sso", "restrictions", "payloads"]
  public static let profileKeys = [
    "identifier", "name", "description", "organization", "uuid", "consent-text",
    "removal-disallowed", "scope", "expires", "remove-after", "target-device-type",
    // profilec extensions, so existing profiles import exactly (docs/lint-import.md).
    "has-removal-passcode", "expiration-date", "enabled", "inherit-organization",
  ]
  /// Apple's top-level key for each `profile:` key.
  public static let profileKeyToApple: [String: String] = [
    "identifier": "PayloadIdentifier", "name": "PayloadDisplayName",
    "description": "PayloadDescription", "organization": "PayloadOrganization",
    "uuid": "PayloadUUID", "consent-text": "ConsentText",
    "removal-disallowed": "PayloadRemovalDisallowed", "scope": "PayloadScope",
    "expires": "RemovalDate", "remove-after": "DurationUntilRemoval",
    "target-device-type": "TargetDeviceType", "has-removal-passcode": "HasRemovalPasscode",
    "expiration-date": "PayloadExpirationDate", "enabled": "PayloadEnabled",
  ]
  /// `profile:` keys that are one typed value each, written under their Apple key.
  public static let typedProfileKeys: [(key: String, apple: String, shape: Shape)] = [
    ("removal-disallowed", "PayloadRemovalDisallowed", .boolean),
    ("expires", "RemovalDate", .date),
    ("remove-after", "DurationUntilRemoval", .real),
    ("target-device-type", "TargetDeviceType", .integer),
    ("has-removal-passcode", "HasRemovalPasscode", .boolean),
    ("expiration-date", "PayloadExpirationDate", .date),
    ("enabled", "PayloadEnabled", .boolean),
  ]
  public static let enrollmentKeys = ["type", "platform", "min-os", "jit-registration", "supervised", "restrictions"]
  /// `enrollment.type` and `enrollment.platform` values, made once.
  static let enrollmentTypeNames = EnrollmentType.allCases.map(\.rawValue)
  static let platformNames = TargetPlatform.allCases.map(\.rawValue)
  public static let restrictionKeys = ["min-os", "max-os", "personally-owned", "platform", "device-limit"]
  /// Meta keys of a payload entry and the Apple keys they write. `enabled` (PayloadEnabled)
  /// and `identifier` (the whole PayloadIdentifier, verbatim) are profilec extensions so
  /// existing profiles import exactly.
  public static let payloadMetaKeys: [(meta: String, apple: String)] = [
    ("type", "PayloadType"), ("id", "PayloadIdentifier"), ("identifier", "PayloadIdentifier"),
    ("uuid", "PayloadUUID"),
    ("name", "PayloadDisplayName"), ("description", "PayloadDescription"),
    ("organization", "PayloadOrganization"), ("version", "PayloadVersion"),
    ("enabled", "PayloadEnabled"),
  ]

  public static func lower(_ tree: SyntaxTree, options: LoweringOptions) -> (model: ProfileModel?, diagnostics: [Diagnostic]) {
    var lowerer = DocumentLowerer(tree: tree, options: options)
    let model = lowerer.run()
    return (model, Redaction.scrub(lowerer.values.bag.all, lowerer.values.interpolations))
  }
}

struct DocumentLowerer {
  let tree: SyntaxTree
  let file: SourceFile
  let options: LoweringOptions
  var values: ValueLowerer

  init(tree: SyntaxTree, options: LoweringOptions) {
    self.tree = tree
    self.file = tree.file
    self.options = options
    self.values = ValueLowerer(
      bag: DiagnosticBag(file: tree.file), environment: options.environment,
      baseDirectory: FileIO.directoryName(tree.file.path))
  }

  mutating func emit(
    _ d: DiagnosticDescriptor, _ message: String, _ range: SourceRange?, path: String? = nil,
    notes: [String] = [], fixIts: [FixIt] = []
  ) {
    values.bag.emit(d, message, range, path: path, notes: notes, fixIts: fixIts)
  }

  /// A payload slot in source order: the sugar blocks and `payloads:` entries.
  enum Slot {
    case sso(MappingEntry)
    case restrictions(MappingEntry)
    case payloads(MappingEntry)
  }

  struct PendingPayload {
    var model: PayloadModel
    var suffix: String
    var explicitUUID: PlistNode?
    /// A payload's `identifier:`: the whole PayloadIdentifier, not derived.
    var explicitIdentifier: PlistNode? = nil
    /// No content entry before this index starts with `Payload`, so the Payload* keys
    /// added later are searched for from here on only.
    var payloadKeysFrom = 0
  }

  mutating func run() -> ProfileModel? {
    guard let root = tree.root else {
      if tree.diagnostics.isEmpty {
        emit(
          .emptySource, "the source is empty; expected a 'profile:' block", SourceRange(at: 0),
          fixIts: [
            FixIt(
              "add a profile block",
              edits: [
                TextEdit(
                  range: SourceRange(at: 0),
                  replacement: "profile:\n  identifier: com.example.profile\n  name: Example\n")
              ])
          ])
      }
      return nil
    }
    guard case .mapping(let entries, _) = root.kind else {
      if !root.isMissing {
        emit(
          .wrongShape,
          "a source must be a mapping with a 'profile:' block, found \(root.kindDescription)",
          root.range)
      }
      return nil
    }

    var profileEntry: MappingEntry? = nil
    var enrollmentEntry: MappingEntry? = nil
    var slots: [Slot] = []
    for entry in entries {
      guard let key = entry.key.scalarText, !entry.key.isMissing else { continue }
      switch key {
      case "profile": profileEntry = entry
      case "enrollment": enrollmentEntry = entry
      case "sso": slots.append(.sso(entry))
      case "restrictions": slots.append(.restrictions(entry))
      case "payloads": slots.append(.payloads(entry))
      default:
        if values.bag.isFull {
          values.bag.add(Diagnostic(.unknownTopLevelKey, key))
          continue
        }
        var fixIts: [FixIt] = []
        if let suggestion = Suggest.closest(to: key, in: Lowering.topLevelKeys) {
          fixIts.append(
            FixIt(
              "rename to '\(suggestion)'",
              edits: [TextEdit(range: entry.key.range, replacement: suggestion)]))
        }
        emit(
          .unknownTopLevelKey, "unknown top-level key '\(key)'" + Suggest.didYouMean(key, Lowering.topLevelKeys),
          entry.key.range, path: key,
          notes: ["top-level keys are: " + Lowering.topLevelKeys.joined(separator: ", ")],
          fixIts: fixIts)
      }
    }

    var top = PlistDict()
    // Room for the profile's keys at once (they are added one by one below).
    top.entries.reserveCapacity(16)
    top.set("PayloadType", .string("Configuration"))
    top.set("PayloadVersion", .integer(1))
    var profileIdentifier = ""
    var organization: PlistNode? = nil
    var explicitProfileUUID: PlistNode? = nil
    var inheritOrganization = true
    if let profileEntry {
      lowerProfile(
        profileEntry, into: &top, identifier: &profileIdentifier, organization: &organization,
        uuid: &explicitProfileUUID, inheritOrganization: &inheritOrganization)
    } else {
      emit(
        .missingRequiredKey, "the source has no 'profile:' block", entries.first?.key.range ?? root.range,
        notes: ["every source names its profile: profile: {identifier: ..., name: ...}"],
        fixIts: [
          FixIt(
            "add a profile block",
            edits: [
              TextEdit(
                range: SourceRange(at: root.range.start),
                replacement: "profile:\n  identifier: com.example.profile\n  name: Example\n")
            ])
        ])
    }

    let enrollment = enrollmentEntry.flatMap { lowerEnrollment($0) }
    var context = EnrollmentContext(
      type: enrollment?.type?.value ?? .device,
      platform: enrollment?.platform?.value ?? .iOS,
      minOS: enrollment?.minOS?.value,
      supervised: enrollment?.supervised?.value,
      declared: enrollmentEntry != nil)
    if enrollmentEntry == nil {
      emit(
        .noEnrollmentBlock, "no 'enrollment:' block; validating for device enrollment on iOS",
        profileEntry?.key.range ?? root.range,
        notes: ["declare the enrollment type and platform your devices use"])
    }
    if context.minOS == nil, let floor = context.type.floor { context.minOS = floor }

    // Payloads, in source order.
    var pending: [PendingPayload] = []
    var ssoSpec: SSOSpec? = nil
    var restrictionsKey: SourceRange? = nil
    var payloadsFlowRange: SourceRange? = nil
    var payloadsFlowLastItemEnd: Int? = nil
    var entryIndex = 0
    for slot in slots {
      switch slot {
      case .sso(let entry):
        if ssoSpec != nil {
          emit(.duplicateKey, "a second 'sso:' block", entry.key.range)
          continue
        }
        if let (payload, spec) = expandSSO(entry, context: context, enrollment: enrollment) {
          var spec = spec
          spec.payloadIndex = pending.count
          ssoSpec = spec
          pending.append(payload)
        }
      case .restrictions(let entry):
        restrictionsKey = entry.key.range
        if let payload = lowerRestrictions(entry) { pending.append(payload) }
      case .payloads(let entry):
        guard case .sequence(let items, _) = entry.value.kind else {
          if !entry.value.isMissing {
            emit(
              .wrongShape,
              "'payloads' must be a sequence of payloads, found \(entry.value.isEmptyPlain ? "no value" : entry.value.kindDescription)",
              entry.value.isEmptyPlain ? entry.key.range : entry.value.range, path: "payloads",
              notes: ["start each payload with '- type: ...'"])
          }
          continue
        }
        if case .sequence(_, flow: true) = entry.value.kind {
          payloadsFlowRange = entry.value.range
          payloadsFlowLastItemEnd = items.last?.range.end
        }
        for item in items {
          if let payload = lowerPayloadEntry(item, index: entryIndex) { pending.append(payload) }
          entryIndex += 1
        }
      }
    }

    // JIT registration without an sso: block is reported by the Intune rules; with one,
    // the compiler adds device_registration (SPEC §3).
    if let jit = enrollment?.jitRegistration, jit.value, var spec = ssoSpec,
      let index = spec.payloadIndex
    {
      var content = pending[index].model.content
      if var ext = content["ExtensionData"]?.dictValue, ext.index(of: "device_registration") == nil {
        ext.set("device_registration", .string("{{DEVICEREGISTRATION}}"), keyRange: spec.keyRange)
        content.set("ExtensionData", PlistNode(.dict(ext), range: content["ExtensionData"]?.range))
        pending[index].model.content = content
        spec.addedDeviceRegistration = true
        ssoSpec = spec
        emit(
          .deviceRegistrationAdded,
          "added ExtensionData 'device_registration' = '{{DEVICEREGISTRATION}}' for JIT registration",
          spec.keyRange, path: "sso.ExtensionData.device_registration",
          notes: ["jit-registration is true in the enrollment block"])
      }
    }

    // Identifiers and UUIDs (SPEC §5).
    // How many payloads took each suffix so far (a handful of payloads: no hashed table).
    var suffixCounts = FirstSeen()
    // Each pending payload is completed in place: a copy (`for var p in pending`) shared
    // its dictionary with the array, and the first key set below copied every entry.
    for i in pending.indices {
      let from = pending[i].payloadKeysFrom
      let identifier: String
      if let explicit = pending[i].explicitIdentifier {
        // Written verbatim; it takes no suffix number from the derived ones.
        identifier = explicit.stringValue ?? ""
        // Diagnostics about it (a duplicate) point at the value written.
        pending[i].model.content.set("PayloadIdentifier", explicit, keyRange: explicit.range, searchingFrom: from)
      } else {
        let base = pending[i].suffix
        let count = (suffixCounts[base] ?? 0) + 1
        suffixCounts.update(base, count)
        let suffix = count == 1 ? base : base + ".\(count)"
        identifier = PathText.join(profileIdentifier, UInt8(ascii: "."), suffix)
        pending[i].model.content.set("PayloadIdentifier", .string(identifier), searchingFrom: from)
      }
      if let explicit = pending[i].explicitUUID {
        pending[i].model.content.set("PayloadUUID", explicit, keyRange: explicit.range, searchingFrom: from)
      } else {
        pending[i].model.content.set("PayloadUUID", .string(UUIDv5.make(name: identifier)), searchingFrom: from)
      }
      if inheritOrganization, pending[i].model.content.index(of: "PayloadOrganization", searchingFrom: from) == nil,
        let organization
      {
        pending[i].model.content.set("PayloadOrganization", PlistNode(organization.value))
      }
    }
    let payloads = pending.map(\.model)
    pending = []  // the models' dictionaries are theirs alone again
    if let explicitProfileUUID {
      top.set("PayloadUUID", explicitProfileUUID)
    } else {
      top.set("PayloadUUID", .string(UUIDv5.make(name: profileIdentifier)))
    }

    var model = ProfileModel(file: file, origin: .source, top: top, payloads: payloads, context: context)
    model.enrollment = enrollment
    model.sso = ssoSpec
    model.restrictionsKeyRange = restrictionsKey
    model.payloadsFlowRange = payloadsFlowRange
    model.payloadsFlowLastItemEnd = payloadsFlowLastItemEnd
    model.profileKeyRange = profileEntry?.key.range
    model.interpolations = values.interpolations
    model.documentEnd = root.range.end
    return model
  }

  // MARK: - profile:

  mutating func lowerProfile(
    _ entry: MappingEntry, into top: inout PlistDict, identifier: inout String,
    organization: inout PlistNode?, uuid: inout PlistNode?, inheritOrganization: inout Bool
  ) {
    guard case .mapping(let entries, _) = entry.value.kind else {
      if !entry.value.isMissing {
        emit(
          .wrongShape,
          "'profile' must be a mapping of identifier, name, ..., found \(entry.value.isEmptyPlain ? "no value" : entry.value.kindDescription)",
          entry.value.isEmptyPlain ? entry.key.range : entry.value.range, path: "profile")
      }
      return
    }
    var sawIdentifier = false
    var sawName = false
    for e in entries {
      guard let key = e.key.scalarText, !e.key.isMissing else { continue }
      let path = "profile." + key
      switch key {
      case "identifier":
        sawIdentifier = true
        guard let node = lowerString(e, path: path) else { continue }
        let text = node.stringValue ?? ""
        identifier = text
        checkIdentifier(text, node: node, path: path)
        top.set("PayloadIdentifier", node, keyRange: e.key.range)
      case "name":
        sawName = true
        if let node = lowerString(e, path: path) { top.set("PayloadDisplayName", node, keyRange: e.key.range) }
      case "description":
        if let node = lowerString(e, path: path) { top.set("PayloadDescription", node, keyRange: e.key.range) }
      case "organization":
        if let node = lowerString(e, path: path) {
          organization = node
          top.set("PayloadOrganization", node, keyRange: e.key.range)
        }
      case "uuid":
        if let node = lowerUUID(e, path: path) { uuid = node }
      case "consent-text":
        if let node = lowerConsentText(e, path: path) { top.set("ConsentText", node, keyRange: e.key.range) }
      case "scope":
        // Any case (the spec's own example writes `scope: system`); Apple's spelling out.
        if let node = lowerChoice(e, ["System", "User"], path: path, foldingCase: true) {
          top.set("PayloadScope", node, keyRange: e.key.range)
        }
      case "inherit-organization":
        if let node = lowerTyped(e, .boolean, path: path), let b = node.boolValue { inheritOrganization = b }
      default:
        if let typed = Lowering.typedProfileKeys.first(where: { $0.key == key }) {
          if let node = lowerTyped(e, typed.shape, path: path) { top.set(typed.apple, node, keyRange: e.key.range) }
        } else if let profilecKey = Lowering.profileKeyToApple.first(where: { $0.value == key })?.key {
          emit(
            .handWrittenPayloadKey, "write '\(profilecKey)' instead of Apple's '\(key)'", e.key.range,
            path: path,
            fixIts: [FixIt("rename to '\(profilecKey)'", edits: [TextEdit(range: e.key.range, replacement: profilecKey)])])
        } else {
          unknownKey(key, e, candidates: Lowering.profileKeys, block: "profile", path: path)
        }
      }
    }
    if !sawIdentifier {
      emit(
        .missingRequiredKey, "'profile' has no 'identifier'", entry.key.range, path: "profile.identifier",
        notes: ["the identifier becomes PayloadIdentifier; use reverse-DNS, e.g. com.contoso.byod"])
    }
    if !sawName {
      emit(
        .missingRequiredKey, "'profile' has no 'name'", entry.key.range, path: "profile.name",
        notes: ["the name becomes PayloadDisplayName, shown on the device"])
    }
  }

  mutating func checkIdentifier(_ text: String, node: PlistNode, path: String) {
    if text.isEmpty {
      emit(.missingRequiredKey, "the profile identifier is empty", node.range, path: path)
    } else if text.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
      emit(
        .questionableIdentifier, "identifier '\(text)' contains whitespace", node.range, path: path,
        notes: ["use a reverse-DNS name such as com.contoso.byod"])
    } else if !ByteSearch.contains(text, ".") {
      emit(
        .questionableIdentifier, "identifier '\(text)' is not a reverse-DNS name", node.range, path: path,
        notes: ["a device replaces any installed profile with the same identifier; use a name under your domain, e.g. com.contoso.\(text)"])
    }
  }

  mutating func unknownKey(_ key: String, _ e: MappingEntry, candidates: [String], block: String, path: String) {
    var fixIts: [FixIt] = []
    if let s = Suggest.closest(to: key, in: candidates) {
      fixIts.append(FixIt("rename to '\(s)'", edits: [TextEdit(range: e.key.range, replacement: s)]))
    }
    emit(
      .unknownBlockKey, "unknown key '\(key)' in '\(block)'" + Suggest.didYouMean(key, candidates),
      e.key.range, path: path, notes: ["'\(block)' takes: " + candidates.joined(separator: ", ")],
      fixIts: fixIts)
  }

  // MARK: - typed helpers for profilec's own keys

  func typeName(_ node: PlistNode) -> String { node.value.typeName }

  mutating func wrongType(_ e: MappingEntry, expected: String, got node: PlistNode, path: String) {
    let found: String
    if let r = node.range, values.interpolations.contains(valueAt: r.start) {
      found = "an interpolated " + typeName(node)
    } else {
      let shown = describeForMessage(node)
      found = article(typeName(node)) + (shown.isEmpty ? "" : " " + shown)
    }
    emit(.wrongType, "'\(e.keyText)' expects \(expected), found \(found)", node.range ?? e.value.range, path: path)
  }

  func describeForMessage(_ node: PlistNode) -> String {
    switch node.value {
    case .string(let s): return "'\(s)'"
    case .integer(let i): return "\(i)"
    case .real(let r): return RealFormat.python(r)
    case .bool(let b): return b ? "true" : "false"
    case .date(let d): return d.iso8601
    default: return ""
    }
  }

  mutating func lowerTyped(_ e: MappingEntry, _ shape: Shape, path: String) -> PlistNode? {
    lowerTyped(e, shape, at: DataPath(path))
  }

  /// As `lowerTyped(_:_:path:)`; the path is spelled out only for a report.
  mutating func lowerTyped(_ e: MappingEntry, _ shape: Shape, at path: DataPath) -> PlistNode? {
    guard let node = values.lower(e.value, shape: shape, at: path) else { return nil }
    let ok: Bool
    switch (shape, node.value) {
    case (.boolean, .bool), (.integer, .integer), (.real, .real), (.date, .date), (.string, .string):
      ok = true
    default: ok = false
    }
    if !ok {
      wrongType(e, expected: article(shape.name), got: node, path: path.text)
      return nil
    }
    return node
  }

  mutating func lowerString(_ e: MappingEntry, path: String) -> PlistNode? {
    lowerTyped(e, .string, path: path)
  }

  /// `foldingCase`: a value matching a choice but for ASCII case is that choice.
  mutating func lowerChoice(_ e: MappingEntry, _ choices: [String], path: String, foldingCase: Bool = false) -> PlistNode? {
    guard let node = lowerString(e, path: path), let text = node.stringValue else { return nil }
    if choices.contains(text) { return node }
    if foldingCase, let choice = choices.first(where: { Self.asciiLowercased($0) == Self.asciiLowercased(text) }) {
      return PlistNode(.string(choice), range: node.range)
    }
    var fixIts: [FixIt] = []
    if let s = Suggest.closest(to: text, in: choices), let r = node.range {
      fixIts.append(FixIt("replace with '\(s)'", edits: [TextEdit(range: r, replacement: s)]))
    }
    emit(
      .invalidEnumValue,
      "'\(e.keyText)' must be one of \(choices.map { "'\($0)'" }.joined(separator: ", ")), found '\(text)'",
      node.range, path: path, fixIts: fixIts)
    return nil
  }

  /// `s`'s UTF-8 with ASCII capitals lowered (for `lowerChoice`'s `foldingCase`).
  static func asciiLowercased(_ s: String) -> [UInt8] {
    s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
  }

  /// An explicit UUID. One not in 8-4-4-4-12 form is a warning and kept verbatim: devices
  /// only need it to be unique, and existing profiles must import exactly.
  mutating func lowerUUID(_ e: MappingEntry, path: String) -> PlistNode? {
    guard let node = lowerString(e, path: path), let text = node.stringValue else { return nil }
    if text.isEmpty {
      emit(
        .missingRequiredKey, "'uuid' is empty", node.range, path: path,
        notes: ["leave 'uuid' out to derive a stable UUID from the identifier"])
      return nil
    }
    if !UUIDv5.isWellFormed(text) {
      emit(
        .invalidUUID, "'\(text)' is not a UUID in 8-4-4-4-12 hexadecimal form", node.range, path: path,
        notes: ["leave 'uuid' out to derive a stable UUID from the identifier"])
    }
    return node
  }

  mutating func lowerConsentText(_ e: MappingEntry, path: String) -> PlistNode? {
    if case .mapping(let entries, _) = e.value.kind {
      var dict = PlistDict()
      for c in entries {
        guard let lang = c.key.scalarText, !c.key.isMissing else { continue }
        if let node = lowerTyped(c, .string, path: path + "." + lang) {
          dict.entries.append(PlistEntry(key: lang, keyRange: c.key.range, value: node))
        }
      }
      return PlistNode(.dict(dict), range: e.value.range)
    }
    guard let node = lowerString(e, path: path) else { return nil }
    var dict = PlistDict()
    dict.entries.append(PlistEntry(key: "default", keyRange: e.key.range, value: node))
    return PlistNode(.dict(dict), range: e.value.range)
  }

  // MARK: - enrollment:

  mutating func lowerEnrollment(_ entry: MappingEntry) -> EnrollmentSpec? {
    guard case .mapping(let entries, _) = entry.value.kind else {
      if !entry.value.isMissing {
        emit(
          .wrongShape,
          "'enrollment' must be a mapping with 'type', 'platform', ..., found \(entry.value.isEmptyPlain ? "no value" : entry.value.kindDescription)",
          entry.value.isEmptyPlain ? entry.key.range : entry.value.range, path: "enrollment")
      }
      return nil
    }
    var spec = EnrollmentSpec(keyRange: entry.key.range, range: entry.range)
    for e in entries {
      guard let key = e.key.scalarText, !e.key.isMissing else { continue }
      let path = "enrollment." + key
      switch key {
      case "type":
        if let node = lowerChoice(e, Lowering.enrollmentTypeNames, path: path),
          let t = EnrollmentType(rawValue: node.stringValue ?? "")
        {
          spec.type = Located(t, node.range ?? e.value.range)
        }
      case "platform":
        if let node = lowerChoice(e, Lowering.platformNames, path: path),
          let p = TargetPlatform(rawValue: node.stringValue ?? "")
        {
          spec.platform = Located(p, node.range ?? e.value.range)
        }
      case "min-os":
        if let v = lowerVersion(e, path: path) { spec.minOS = v }
      case "jit-registration":
        if let node = lowerTyped(e, .boolean, path: path), let b = node.boolValue {
          spec.jitRegistration = Located(b, node.range ?? e.value.range)
        }
      case "supervised":
        if let node = lowerTyped(e, .boolean, path: path), let b = node.boolValue {
          spec.supervised = Located(b, node.range ?? e.value.range)
        }
      case "restrictions":
        spec.restrictions = lowerEnrollmentRestrictions(e)
      default:
        unknownKey(key, e, candidates: Lowering.enrollmentKeys, block: "enrollment", path: path)
      }
    }
    return spec
  }

  /// An OS version written plain (`15.0`) or quoted; always kept as text.
  mutating func lowerVersion(_ e: MappingEntry, path: String) -> Located<String>? {
    guard let node = lowerTyped(e, .string, path: path), let text = node.stringValue else { return nil }
    let range = node.range ?? e.value.range
    guard VersionText.isWellFormed(text) else {
      emit(
        .malformedVersion, "'\(text)' is not an OS version such as \"17.0\"", range, path: path,
        notes: ["write one to three dot-separated numbers, e.g. \"17\", \"17.0\" or \"17.0.3\""])
      return nil
    }
    return Located(text, range)
  }

  mutating func lowerEnrollmentRestrictions(_ entry: MappingEntry) -> EnrollmentRestrictions? {
    guard case .mapping(let entries, _) = entry.value.kind else {
      if !entry.value.isMissing {
        emit(
          .wrongShape, "'enrollment.restrictions' must be a mapping, found \(entry.value.isEmptyPlain ? "no value" : entry.value.kindDescription)",
          entry.value.isEmptyPlain ? entry.key.range : entry.value.range, path: "enrollment.restrictions")
      }
      return nil
    }
    var r = EnrollmentRestrictions(range: entry.range)
    for e in entries {
      guard let key = e.key.scalarText, !e.key.isMissing else { continue }
      let path = "enrollment.restrictions." + key
      switch key {
      case "min-os": r.minOS = lowerVersion(e, path: path)
      case "max-os": r.maxOS = lowerVersion(e, path: path)
      case "personally-owned":
        if let node = lowerChoice(e, ["allow", "block"], path: path), let s = node.stringValue {
          r.personallyOwned = Located(s, node.range ?? e.value.range)
        }
      case "platform":
        if let node = lowerChoice(e, ["allow", "block"], path: path), let s = node.stringValue {
          r.platform = Located(s, node.range ?? e.value.range)
        }
      case "device-limit":
        if let node = lowerTyped(e, .integer, path: path), let i = node.integerValue {
          r.deviceLimit = Located(i, node.range ?? e.value.range)
        }
      default:
        unknownKey(key, e, candidates: Lowering.restrictionKeys, block: "enrollment.restrictions", path: path)
      }
    }
    return r
  }

  // MARK: - restrictions:

  mutating func lowerRestrictions(_ entry: MappingEntry) -> PendingPayload? {
    let type = "com.apple.applicationaccess"
    guard case .mapping(let entries, _) = entry.value.kind else {
      if !entry.value.isMissing {
        emit(
          .wrongShape,
          "'restrictions' must be a mapping of restriction keys, found \(entry.value.isEmptyPlain ? "no value" : entry.value.kindDescription)",
          entry.value.isEmptyPlain ? entry.key.range : entry.value.range, path: "restrictions")
      }
      return nil
    }
    // Not optional: a method call on an optional existential copied it for every key.
    let shape: any DictionaryShape =
      options.shapes.payloadShape(type: type, keys: entries.compactMap { $0.key.scalarText }) { k in
        entries.first { $0.keyText == k }?.value.scalarText
      } ?? OpenDictionaryShape()
    var content = PlistDict()
    // The entries plus the Payload* keys, without regrowing.
    content.entries.reserveCapacity(entries.count + 8)
    content.set("PayloadType", .string(type), keyRange: entry.key.range)
    content.set("PayloadVersion", .integer(1), keyRange: entry.key.range)
    for i in entries.indices {
      // Read in place: a copy of an entry is two nodes.
      guard let key = entries[i].key.scalarText, !entries[i].key.isMissing else { continue }
      // The block has no meta keys: a Payload* key the compiler writes would override
      // (PayloadType, PayloadUUID...) or silently set one; it is an error, as in a payload entry.
      if ByteSearch.hasPrefix(key, "Payload"), let metaKey = Lowering.payloadMetaKeys.first(where: { $0.apple == key })?.meta {
        emit(
          .handWrittenPayloadKey, "'\(key)' is written by the compiler; 'restrictions:' cannot set it",
          entries[i].key.range, path: "restrictions." + key,
          notes: [
            "to set it, write a com.apple.applicationaccess payload under 'payloads:' with the meta key '\(metaKey)'"
          ],
          fixIts: file.lineRemoval(entries[i].range).map { [FixIt("remove it", edits: $0)] } ?? [])
        continue
      }
      // The path ("restrictions.KEY") is spelled out only if the value is reported.
      if let node = values.lower(
        entries[i].value, shape: shape.shape(forKey: key), at: DataPath(member: key, of: "restrictions"))
      {
        content.entries.append(PlistEntry(key: key, keyRange: entries[i].key.range, value: node))
      }
    }
    let model = PayloadModel(
      origin: .restrictions, type: type, content: content, path: "restrictions",
      anchor: entry.key.range, range: entry.range)
    return PendingPayload(model: model, suffix: "applicationaccess", explicitUUID: nil)
  }

  // MARK: - payloads:

  mutating func lowerPayloadEntry(_ item: Node, index: Int) -> PendingPayload? {
    let basePath = PathText.index("payloads", index)
    guard case .mapping(let entries, _) = item.kind else {
      if !item.isMissing {
        emit(
          .wrongShape, "a payload must be a mapping with a 'type', found \(item.isEmptyPlain ? "no value" : item.kindDescription)",
          item.range, path: basePath)
      }
      return nil
    }
    guard let typeEntry = entries.first(where: { $0.keyText == "type" }) else {
      if let pt = entries.first(where: { $0.keyText == "PayloadType" }) {
        // A hand-written Payload* key (SPEC §2), and the payload's type.
        emit(
          .handWrittenPayloadKey, "'PayloadType' is written by the compiler; use the meta key 'type'",
          pt.key.range, path: basePath + ".PayloadType",
          fixIts: [FixIt("rename to 'type'", edits: [TextEdit(range: pt.key.range, replacement: "type")])])
        return nil
      }
      emit(
        .missingRequiredKey, "payload entry has no 'type'", entries.first?.key.range ?? item.range,
        path: basePath + ".type", notes: ["every payload names its PayloadType, e.g. type: com.apple.webClip.managed"])
      return nil
    }
    guard let typeNode = lowerTyped(typeEntry, .string, at: DataPath(member: "type", of: basePath)),
      let type = typeNode.stringValue,
      !type.isEmpty
    else {
      if typeEntry.value.scalarText == "" && typeEntry.value.scalarStyle != .plain {
        emit(.missingRequiredKey, "payload 'type' is empty", typeEntry.value.range, path: basePath + ".type")
      }
      return nil
    }
    // Not optional: a method call on an optional existential copied it for every key.
    let shape: any DictionaryShape =
      options.shapes.payloadShape(type: type, keys: entries.compactMap { $0.key.scalarText }) { k in
        entries.first { $0.keyText == k }?.value.scalarText
      } ?? OpenDictionaryShape()
    var content = PlistDict()
    // The entries plus the Payload* keys added below, without regrowing.
    content.entries.reserveCapacity(entries.count + 8)
    content.set("PayloadType", PlistNode(.string(type), range: typeNode.range), keyRange: typeEntry.key.range)
    var version: PlistNode = .integer(1)
    var versionKeyRange: SourceRange? = nil
    // By bytes (the Character view's prefix test and dropFirst walked grapheme clusters).
    var suffix =
      ByteSearch.hasPrefix(type, "com.apple.") ? String(decoding: type.utf8.dropFirst(10), as: UTF8.self) : type
    var explicitUUID: PlistNode? = nil
    var explicitIdentifier: PlistNode? = nil
    var idRange: SourceRange? = nil
    var meta: [(key: String, node: PlistNode, keyRange: SourceRange)] = []
    // Whether a content key (other than PayloadType, first) starts with `Payload`: when
    // none does, the Payload* keys below need not search the content.
    var payloadPrefixed = false
    for i in entries.indices {
      guard let key = entries[i].key.scalarText, !entries[i].key.isMissing else { continue }
      // Most keys are schema keys: neither a meta key (lower-case first) nor one the
      // compiler writes (Payload*). Skip the string switch and the meta-key table for them,
      // and read the entry in place (a copy of it is two nodes).
      if DocumentLowerer.isPlainSchemaKey(key) {
        let at = DataPath(member: key, of: basePath)
        if let node = values.lower(entries[i].value, shape: shape.shape(forKey: key), at: at) {
          content.entries.append(PlistEntry(key: key, keyRange: entries[i].key.range, value: node))
        }
        continue
      }
      let e = entries[i]
      // Spelled out only where something is reported.
      var path: String { basePath + "." + key }
      let at = DataPath(member: key, of: basePath)
      switch DocumentLowerer.payloadMetaKey(key) {
      case .type: continue
      case .id:
        if let node = lowerTyped(e, .string, at: at), let text = node.stringValue {
          if text.isEmpty || ByteSearch.contains(text, " ") {
            emit(.invalidEnumValue, "payload id '\(text)' must be non-empty and without spaces", node.range, path: path)
          } else {
            suffix = text
            idRange = e.key.range
          }
        }
      case .identifier:
        if let node = lowerString(e, path: path), let text = node.stringValue {
          if text.isEmpty {
            emit(.missingRequiredKey, "payload 'identifier' is empty", node.range, path: path)
          } else {
            explicitIdentifier = node
          }
        }
      case .uuid:
        explicitUUID = lowerUUID(e, path: path)
      case .name:
        if let node = lowerTyped(e, .string, at: at) { meta.append(("PayloadDisplayName", node, e.key.range)) }
      case .description:
        if let node = lowerTyped(e, .string, at: at) { meta.append(("PayloadDescription", node, e.key.range)) }
      case .organization:
        if let node = lowerTyped(e, .string, at: at) { meta.append(("PayloadOrganization", node, e.key.range)) }
      case .version:
        if let node = lowerTyped(e, .integer, at: at) {
          version = node
          versionKeyRange = e.key.range
        }
      case .enabled:
        if let node = lowerTyped(e, .boolean, at: at) { meta.append(("PayloadEnabled", node, e.key.range)) }
      case nil:
        if let metaKey = Lowering.payloadMetaKeys.first(where: { $0.apple == key })?.meta {
          // Any meta key writing the same Apple key (`id` or `identifier`) counts.
          let alreadyThere = Lowering.payloadMetaKeys.contains { m in
            m.apple == key && entries.contains { $0.keyText == m.meta }
          }
          emit(
            .handWrittenPayloadKey,
            "'\(key)' is written by the compiler; use the meta key '\(metaKey)'",
            e.key.range, path: path,
            notes: metaKey == "id"
              ? ["'id' is the identifier suffix; the compiler prefixes the profile identifier"] : [],
            fixIts: !alreadyThere
              ? [FixIt("rename to '\(metaKey)'", edits: [TextEdit(range: e.key.range, replacement: metaKey)])]
              // nil where the line holds more than the key (a `- ` item's dash, a flow mapping).
              : file.lineRemoval(e.range).map { [FixIt("remove it; the meta key already sets it", edits: $0)] } ?? [])
          continue
        }
        if let node = values.lower(e.value, shape: shape.shape(forKey: key), at: at) {
          if !payloadPrefixed && ByteSearch.hasPrefix(key, "Payload") { payloadPrefixed = true }
          content.entries.append(PlistEntry(key: key, keyRange: e.key.range, value: node))
        }
      }
    }
    if explicitIdentifier != nil, let idRange {
      emit(
        .invalidEnumValue, "payload has both 'id' and 'identifier'", idRange, path: basePath + ".id",
        notes: ["'identifier' gives the whole PayloadIdentifier, 'id' only its suffix; keep one"])
    }
    // PayloadType is entry 0; with no other Payload* key, the compiler's start after the content.
    let payloadKeysFrom = payloadPrefixed ? 0 : content.entries.count
    content.set("PayloadVersion", version, keyRange: versionKeyRange, searchingFrom: payloadKeysFrom)
    for m in meta { content.set(m.key, m.node, keyRange: m.keyRange, searchingFrom: payloadKeysFrom) }
    let model = PayloadModel(
      origin: .entry(index), type: type, content: content, path: basePath,
      anchor: typeNode.range ?? typeEntry.value.range, range: item.range)
    return PendingPayload(
      model: model, suffix: suffix, explicitUUID: explicitUUID, explicitIdentifier: explicitIdentifier,
      payloadKeysFrom: payloadKeysFrom)
  }
}

extension DocumentLowerer {
  /// The meta keys of a payload entry (SPEC §2).
  enum PayloadMetaKey {
    case type, id, identifier, uuid, name, description, organization, version, enabled
  }

  /// The meta key `key` spells, if any: its length picks the candidates and their bytes
  /// are compared (the names are ASCII without a 'K', so no other spelling of a name is
  /// canonically equal to it). A `switch` over strings compared each candidate of the
  /// length with Swift's `==`, which for two different strings costs a call into
  /// Unicode-aware comparison.
  static func payloadMetaKey(_ key: String) -> PayloadMetaKey? {
    @inline(__always) func spells(_ name: StaticString) -> Bool { ByteSearch.hasPrefix(key, name) }
    switch key.utf8.count {
    case 2: return spells("id") ? .id : nil
    case 4: return spells("type") ? .type : spells("uuid") ? .uuid : spells("name") ? .name : nil
    case 7: return spells("version") ? .version : spells("enabled") ? .enabled : nil
    case 10: return spells("identifier") ? .identifier : nil
    case 11: return spells("description") ? .description : nil
    case 12: return spells("organization") ? .organization : nil
    default: return nil
    }
  }

  /// True when `key` can be neither a payload meta key (`type`, `id`, ...: they start with
  /// a lower-case ASCII letter) nor a key the compiler writes (`Payload...`), so it goes
  /// straight to value lowering. Conservative: anything else takes the full switch.
  static func isPlainSchemaKey(_ key: String) -> Bool {
    var it = key.utf8.makeIterator()
    guard let first = it.next() else { return false }
    if first >= 0x61 && first <= 0x7A { return false }
    if first == UInt8(ascii: "P") { return !ByteSearch.hasPrefix(key, "Payload") }
    return true
  }
}

/// OS version text: one to three dot-separated decimal numbers.
public enum VersionText {
  /// One to three dot-separated runs of one to six ASCII digits (`17`, `17.0`, `17.0.3`).
  public static func isWellFormed(_ s: String) -> Bool {
    // Bytes: splitting into Substrings cost more than the rest of the enrollment block.
    var parts = 1
    var digits = 0
    for b in s.utf8 {
      if b == UInt8(ascii: ".") {
        if digits == 0 || parts == 3 { return false }
        parts += 1
        digits = 0
      } else if b >= 0x30 && b <= 0x39 && digits < 6 {
        digits += 1
      } else {
        return false
      }
    }
    return digits > 0
  }

  public static func components(_ s: String) -> [Int] {
    s.split(separator: ".").map { Int($0) ?? 0 }
  }

  /// Numeric comparison: `17.0` < `17.0.3` < `17.10`; `17` == `17.0`.
  public static func compare(_ a: String, _ b: String) -> Int {
    let x = components(a), y = components(b)
    for i in 0..<max(x.count, y.count) {
      let p = i < x.count ? x[i] : 0, q = i < y.count ? y[i] : 0
      if p != q { return p < q ? -1 : 1 }
    }
    return 0
  }
}
