import ProfileSchemas

/// `profilec schema export --json-schema`: a JSON Schema (draft-07, which editors'
/// YAML support understands best) of the whole source language, for completion and
/// checking while typing (issue 6.5).
///
/// Structure is exact (unknown keys are rejected wherever profilec rejects them), while
/// scalars are lenient in one way: YAML loaders disagree on what `15.0`, `1` or `true`
/// are (YAML 1.1 and 1.2 readers, or PyYAML's BaseLoader, which reads every scalar as a
/// string), and profilec types plain scalars by the schema anyway (SPEC §1). So a string
/// key accepts any scalar, and an integer, real or boolean key also accepts its text.
/// Descriptions are profilec's own words, derived from the schema facts.
public enum JSONSchemaExport {
  public static let draft = "http://json-schema.org/draft-07/schema#"

  public static func render(_ set: SchemaSet) -> String {
    var builder = JSONSchemaBuilder(set: set)
    return builder.document().render(indent: 0) + "\n"
  }
}

struct JSONSchemaBuilder {
  let set: SchemaSet
  var definitions: [String: JSONValue] = [:]
  /// Definitions being built, so recursive structures refer to themselves.
  var started: Set<String> = []

  init(set: SchemaSet) { self.set = set }

  // MARK: - Scalars

  static let integerPattern = "^[-+]?(0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+)$"
  static let realPattern = "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"
  static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
  static let uuidPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
  static let versionPattern = "^[0-9]+(\\.[0-9]+){0,2}$"

  static func describe(_ text: String, _ schema: [(String, JSONValue)]) -> JSONValue {
    .object([("description", .string(text))] + schema)
  }

  /// Any scalar: YAML may read the text as a number or boolean; profilec keeps it a string.
  static func string(enum values: [String]? = nil, pattern: String? = nil) -> [(String, JSONValue)] {
    var s: [(String, JSONValue)] = [("type", .array([.string("string"), .string("number"), .string("boolean")]))]
    if let values { s.append(("enum", .array(values.flatMap(twins)))) }
    if let pattern { s.append(("pattern", .string(pattern))) }
    return s
  }

  /// A string enum value plus what a YAML reader would make of it unquoted.
  static func twins(_ text: String) -> [JSONValue] {
    var out: [JSONValue] = [.string(text)]
    if text == "true" || text == "false" { out.append(.bool(text == "true")) }
    if case .value(let i) = ScalarForms.integer(text), String(i) == text { out.append(.int(i)) }
    return out
  }

  static let boolean: [(String, JSONValue)] = [
    ("anyOf", .array([.object([("type", .string("boolean"))]), .object([("enum", .array([.string("true"), .string("false")]))])]))
  ]

  static func integer(enum values: [Int]? = nil, min: Double? = nil, max: Double? = nil) -> [(String, JSONValue)] {
    var typed: [(String, JSONValue)] = [("type", .string("integer"))]
    var text: [(String, JSONValue)] = [("type", .string("string")), ("pattern", .string(integerPattern))]
    let bounds = bounds(min: min, max: max)
    if let values {
      let list: JSONValue = .object([("enum", .array(values.map { .int(Int64($0)) }))])
      typed.append(("anyOf", .array(bounds.isEmpty ? [list] : [list, .object(bounds)])))
      if bounds.isEmpty {
        text = [("enum", .array(values.map { .string(String($0)) }))]
      }
    } else {
      typed += bounds
    }
    return [("anyOf", .array([.object(typed), .object(text)]))]
  }

  static func real(min: Double? = nil, max: Double? = nil) -> [(String, JSONValue)] {
    [("anyOf", .array([.object([("type", .string("number"))] + bounds(min: min, max: max)), .object([("type", .string("string")), ("pattern", .string(realPattern))])]))]
  }

  static func bounds(min: Double?, max: Double?) -> [(String, JSONValue)] {
    var out: [(String, JSONValue)] = []
    if let min, let n = number(min) { out.append(("minimum", n)) }
    if let max, let n = number(max) { out.append(("maximum", n)) }
    return out
  }

  /// Every bound in Apple's schemas is integral; a fractional one would be dropped (the
  /// schema stays lenient rather than wrong).
  static func number(_ d: Double) -> JSONValue? {
    d == d.rounded() && abs(d) < 1e15 ? .int(Int64(d)) : nil
  }

  /// Dates: YAML 1.1 readers turn the text into a timestamp object, which is no JSON
  /// type, so only the JSON types a date cannot be are excluded.
  static let date: [(String, JSONValue)] = [
    ("pattern", .string(datePattern)),
    ("not", .object([("type", .array(["array", "object", "boolean", "number", "null"].map { .string($0) }))])),
  ]

  static var dataDefinition: JSONValue {
    func form(_ key: String, _ text: String) -> JSONValue {
      describe(text, [
        ("type", .string("object")),
        ("properties", .object([(key, .object([("type", .string("string"))]))])),
        ("required", .array([.string(key)])), ("additionalProperties", .bool(false)),
      ])
    }
    return describe(
      "Data: {base64: \"...\"} or {file: path relative to the source}.",
      [("oneOf", .array([form("base64", "The bytes, base64-encoded."), form("file", "A file whose bytes are the value; missing files are an error.")]))])
  }

  // MARK: - Schema keys

  /// The JSON Schema of one key's value.
  mutating func value(_ key: KeySchema, owner: String) -> [(String, JSONValue)] {
    if key.acceptedTypes.count > 1 {
      let alternatives = key.acceptedTypes.map { JSONValue.object(single(key, type: $0, owner: owner)) }
      return [("anyOf", .array(alternatives))]
    }
    return single(key, type: key.type, owner: owner)
  }

  mutating func single(_ key: KeySchema, type: SchemaType, owner: String) -> [(String, JSONValue)] {
    switch type {
    case .string:
      let values = key.rangeList?.compactMap(\.stringValue)
      return Self.string(enum: values?.isEmpty == false ? values : nil, pattern: key.format.map { "^(?:" + $0 + ")$" })
    case .integer:
      let values = key.rangeList?.compactMap { v -> Int? in if case .integer(let i) = v { return i }; return nil }
      return Self.integer(enum: values?.isEmpty == false ? values : nil, min: key.rangeMin?.numericValue, max: key.rangeMax?.numericValue)
    case .real: return Self.real(min: key.rangeMin?.numericValue, max: key.rangeMax?.numericValue)
    case .boolean: return Self.boolean
    case .date: return Self.date
    case .data: return [("$ref", .string("#/definitions/data"))]
    case .any: return []
    case .array:
      guard let element = key.elementSchema else { return [("type", .string("array"))] }
      if let structure = key.structureName {
        let name = "struct.\(owner).\(structure).item"
        if !started.contains(name) {
          started.insert(name)
          definitions[name] = .object(describedValue(element, owner: owner))
        }
        return [("type", .string("array")), ("items", .object([("$ref", .string("#/definitions/" + name))]))]
      }
      return [("type", .string("array")), ("items", .object(describedValue(element, owner: owner)))]
    case .dictionary:
      guard key.hasSubkeys else { return [("type", .string("object"))] }
      if let structure = key.structureName {
        let name = "struct.\(owner).\(structure)"
        if !started.contains(name) {
          started.insert(name)
          definitions[name] = .object(object(key.subkeys, owner: owner, availability: nil))
        }
        return [("$ref", .string("#/definitions/" + name))]
      }
      return object(key.subkeys, owner: owner, availability: nil)
    }
  }

  /// A key's value schema with its description first.
  mutating func describedValue(_ key: KeySchema, owner: String, availability: ((Platform) -> Availability?)? = nil) -> [(String, JSONValue)] {
    var text = SchemaFacts.type(key)
    if let p = key.presence { text += ", " + p.rawValue }
    let values = SchemaFacts.values(key)
    if !values.isEmpty { text += "; " + values }
    if let availability {
      let platforms = SchemaFacts.platforms(availability)
      if !platforms.isEmpty { text += ". " + platforms }
    }
    text += "."
    return [("description", .string(text))] + value(key, owner: owner)
  }

  /// An object whose properties are `keys` (an `ANY` key stands for every other name).
  /// `availability` gives the enclosing availability per platform, for descriptions and
  /// for deciding which required keys are required everywhere.
  mutating func object(
    _ keys: [KeySchema], owner: String, availability: ((Platform) -> Availability?)?, exclude: Set<String> = [],
    extra: [(String, JSONValue)] = []
  ) -> [(String, JSONValue)] {
    var properties = extra
    var required: [JSONValue] = []
    var wildcard: KeySchema? = nil
    for key in keys {
      if key.isWildcard {
        wildcard = key
        continue
      }
      if exclude.contains(key.name) || properties.contains(where: { $0.0 == key.name }) { continue }
      let effective: ((Platform) -> Availability?)? = availability.map { enclosing in
        { p in enclosing(p).map { key.availability(on: p, inheriting: $0) } }
      }
      properties.append((key.name, .object(describedValue(key, owner: owner, availability: effective))))
      // Required only where the key exists on every platform the payload does.
      if key.isRequired {
        let everywhere = Platform.allCases.allSatisfy { p in
          guard let enclosing = availability?(p), enclosing.isAvailable else { return true }
          return key.availability(on: p, inheriting: enclosing).isAvailable
        }
        if everywhere { required.append(.string(key.name)) }
      }
    }
    var out: [(String, JSONValue)] = [("type", .string("object")), ("properties", .object(properties))]
    if !required.isEmpty { out.append(("required", .array(required))) }
    if let wildcard {
      out.append(("additionalProperties", .object(describedValue(wildcard, owner: owner))))
    } else {
      out.append(("additionalProperties", .bool(false)))
    }
    return out
  }

  // MARK: - The source language

  static let metaKeyDescriptions: [(String, [(String, JSONValue)], String)] = [
    ("type", string(), "PayloadType, e.g. com.apple.webClip.managed."),
    ("id", string(), "Identifier suffix: the payload's PayloadIdentifier is <profile.identifier>.<id>. Default: the type without 'com.apple.'."),
    ("uuid", string(pattern: uuidPattern), "PayloadUUID. Default: derived from the PayloadIdentifier, so it is stable."),
    ("name", string(), "PayloadDisplayName."),
    ("description", string(), "PayloadDescription."),
    ("organization", string(), "PayloadOrganization. Default: profile.organization."),
    ("version", integer(), "PayloadVersion. Default 1."),
    ("enabled", boolean, "PayloadEnabled (legacy; kept so imported profiles compile back exactly)."),
  ]

  /// The meta keys as references to one shared definition each (`meta.NAME`).
  static var metaProperties: [(String, JSONValue)] {
    metaKeyDescriptions.map { ($0.0, .object([("$ref", .string("#/definitions/meta." + $0.0))])) }
  }

  static var metaDefinitions: [(String, JSONValue)] {
    metaKeyDescriptions.map { ("meta." + $0.0, describe($0.2, $0.1)) }
  }

  /// Apple's names for the meta keys: written by hand they are errors.
  static let appleMetaNames: Set<String> = Set(Lowering.payloadMetaKeys.map(\.apple))

  /// The object for one payload schema: meta keys plus the schema's own keys.
  mutating func payload(_ schema: PayloadSchema) -> JSONValue {
    let name = "payload." + schema.name
    if !started.contains(name) {
      started.insert(name)
      var body = object(
        schema.keys, owner: schema.name, availability: { schema.supportedOS[$0] }, exclude: Self.appleMetaNames,
        extra: Self.metaProperties)
      let platforms = SchemaFacts.platforms { schema.supportedOS[$0] }
      body.insert(("description", .string("\(schema.payloadType ?? schema.name) payload. \(platforms).")), at: 0)
      definitions[name] = .object(body)
    }
    return .object([("$ref", .string("#/definitions/" + name))])
  }

  mutating func payloadItem() -> JSONValue {
    var conditions: [JSONValue] = []
    for type in set.payloadTypes {
      let variants = set.schemas(forPayloadType: type).map { payload($0) }
      let then: JSONValue = variants.count == 1 ? variants[0] : .object([("anyOf", .array(variants))])
      conditions.append(
        .object([
          ("if", .object([("properties", .object([("type", .object([("const", .string(type))]))])), ("required", .array([.string("type")]))])),
          ("then", then),
        ]))
    }
    var properties = Self.metaProperties
    properties[0] = (
      "type",
      Self.describe(
        "PayloadType. Types with a schema are checked key by key; others only warn (an error under --strict).",
        [("anyOf", .array([.object([("enum", .array(set.payloadTypes.map { .string($0) }))]), .object(Self.string())]))])
    )
    return Self.describe(
      "One payload: the meta keys below, and every other key spelled exactly as Apple spells it.",
      [
        ("type", .string("object")), ("properties", .object(properties)), ("required", .array([.string("type")])),
        ("allOf", .array(conditions)),
      ])
  }

  mutating func restrictions() -> JSONValue {
    let type = "com.apple.applicationaccess"
    let schemas = set.schemas(forPayloadType: type)
    var keys: [KeySchema] = []
    var seen: Set<String> = []
    for s in schemas { for k in s.keys where seen.insert(k.name).inserted { keys.append(k) } }
    let availability: (Platform) -> Availability? = { p in schemas.first?.supportedOS[p] }
    return .object(
      [("description", .string("Restrictions (com.apple.applicationaccess) with Apple's key names; expands to one payload with the suffix 'applicationaccess'."))]
        + object(keys, owner: type, availability: availability, exclude: Self.appleMetaNames))
  }

  func profile() -> JSONValue {
    let consent: JSONValue = Self.describe(
      "ConsentText: one text (for every language), or a mapping of language code to text.",
      [("anyOf", .array([.object(Self.string()), .object([("type", .string("object")), ("additionalProperties", .object(Self.string()))])]))])
    var scope = Self.string(enum: ["System", "User"])
    scope.insert(("description", .string("PayloadScope (macOS only): System or User.")), at: 0)
    let properties: [(String, JSONValue)] = [
      ("identifier", Self.describe("PayloadIdentifier of the profile, reverse-DNS (com.contoso.byod). Payload identifiers extend it.", Self.string())),
      ("name", Self.describe("PayloadDisplayName: the name shown on the device.", Self.string())),
      ("description", Self.describe("PayloadDescription.", Self.string())),
      ("organization", Self.describe("PayloadOrganization; also each payload's default.", Self.string())),
      ("uuid", Self.describe("PayloadUUID. Default: derived from the identifier (UUID version 5), so it never changes by itself.", Self.string(pattern: Self.uuidPattern))),
      ("consent-text", consent),
      ("removal-disallowed", Self.describe("PayloadRemovalDisallowed: the user cannot remove the profile (supervised devices).", Self.boolean)),
      ("scope", .object(scope)),
      ("expires", Self.describe("RemovalDate, ISO 8601 UTC: 2027-01-31T00:00:00Z.", Self.date)),
      ("remove-after", Self.describe("DurationUntilRemoval, in seconds.", Self.real())),
      ("target-device-type", Self.describe("TargetDeviceType (0 any, 1 Apple Watch, 2 HomePod, 3 Apple TV, 4 Apple Vision Pro, 5 Mac, 6 iPhone/iPad).", Self.integer(enum: Array(0...6)))),
    ]
    return Self.describe(
      "The profile container: its identity and the top-level profile keys.",
      [
        ("type", .string("object")), ("properties", .object(properties)),
        ("required", .array([.string("identifier"), .string("name")])), ("additionalProperties", .bool(false)),
      ])
  }

  func enrollment() -> JSONValue {
    func block(_ text: String, _ properties: [(String, JSONValue)]) -> JSONValue {
      Self.describe(
        text, [("type", .string("object")), ("properties", .object(properties)), ("additionalProperties", .bool(false))])
    }
    let version = Self.string(pattern: Self.versionPattern)
    let restrictions = block(
      "Intune enrollment restrictions, emitted as Microsoft Graph request bodies with --emit intune.",
      [
        ("min-os", Self.describe("osMinimumVersion: the oldest OS allowed to enroll, major.minor.", version)),
        ("max-os", Self.describe("osMaximumVersion: the newest OS allowed to enroll, major.minor.", version)),
        ("personally-owned", Self.describe("allow or block personally owned devices (personalDeviceEnrollmentBlocked).", Self.string(enum: ["allow", "block"]))),
        ("platform", Self.describe("allow or block enrollment of the platform (platformBlocked).", Self.string(enum: ["allow", "block"]))),
        ("device-limit", Self.describe("Devices one user may enroll, 1 to 15.", Self.integer(min: 1, max: 15))),
      ])
    return block(
      "How the devices receiving this profile are enrolled; validation runs in this context. Without the block: device enrollment on iOS.",
      [
        ("type", Self.describe("The enrollment type; it decides supervision, User Enrollment and manual installation. Default: device.", Self.string(enum: EnrollmentType.allCases.map(\.rawValue)))),
        ("platform", Self.describe("The platform the profile targets (iPadOS is checked as iOS). Default: iOS.", Self.string(enum: TargetPlatform.allCases.map(\.rawValue)))),
        ("min-os", Self.describe("The oldest OS version the profile must work on, e.g. \"15.0\". Default: the enrollment type's floor.", version)),
        ("jit-registration", Self.describe("Intune just-in-time registration; needs an sso: block with provider microsoft.", Self.boolean)),
        ("supervised", Self.describe("Whether Apple Configurator devices are supervised (type configurator only). Default: true.", Self.boolean)),
        ("restrictions", restrictions),
      ])
  }

  mutating func sso() -> JSONValue {
    let list = Self.describe(
      "Bundle identifiers, written as a list (or one comma-separated string); the plug-in gets one comma-joined string.",
      [("anyOf", .array([.object([("type", .string("array")), ("items", .object(Self.string()))]), .object(Self.string())]))])
    let ext = set.microsoftSSOExtensionData
    var extension_ = object(ext.keys, owner: ext.name, availability: nil)
    // Further ExtensionData keys are passed through verbatim.
    if let i = extension_.firstIndex(where: { $0.0 == "additionalProperties" }) { extension_.remove(at: i) }
    let properties: [(String, JSONValue)] = [
      ("provider", Self.describe("The SSO provider with sugar: microsoft (the Microsoft Enterprise SSO plug-in).", Self.string(enum: ["microsoft"]))),
      ("name", Self.describe("PayloadDisplayName of the SSO payload.", Self.string())),
      ("description", Self.describe("PayloadDescription of the SSO payload.", Self.string())),
      ("organization", Self.describe("PayloadOrganization of the SSO payload.", Self.string())),
      ("uuid", Self.describe("PayloadUUID of the SSO payload. Default: derived from its identifier.", Self.string(pattern: Self.uuidPattern))),
      ("app-allow-list", list), ("app-prefix-allow-list", list), ("app-block-list", list), ("app-cookie-sso-allow-list", list),
      ("browser-sso-interaction", Self.describe("browser_sso_interaction_enabled, written as 1 or 0.", Self.boolean)),
      ("extension-data", .object([("description", .string("Further ExtensionData keys, verbatim; the documented ones are checked."))] + extension_)),
    ]
    return Self.describe(
      "Microsoft Enterprise SSO plug-in sugar: expands to one com.apple.extensiblesso payload (Redirect, the Microsoft Entra URLs).",
      [
        ("type", .string("object")), ("properties", .object(properties)), ("required", .array([.string("provider")])),
        ("additionalProperties", .bool(false)),
      ])
  }

  mutating func document() -> JSONValue {
    let profile = profile()
    let enrollment = enrollment()
    let sso = sso()
    let restrictions = restrictions()
    let item = payloadItem()
    definitions["data"] = Self.dataDefinition
    for (name, schema) in Self.metaDefinitions { definitions[name] = schema }
    let payloads = Self.describe(
      "Payloads in PayloadContent order (sso: and restrictions: are placed where they appear).",
      [("type", .string("array")), ("items", item)])
    return .object([
      ("$schema", .string(JSONSchemaExport.draft)),
      ("title", .string("profilec profile source (.profile.yaml)")),
      ("description", .string("A profilec source: one Apple configuration profile. Generated by 'profilec schema export --json-schema' from the schemas in use (\(set.release ?? "unknown release")).")),
      ("type", .string("object")),
      (
        "properties",
        .object([
          ("profile", profile), ("enrollment", enrollment), ("sso", sso), ("restrictions", restrictions),
          ("payloads", payloads),
        ])
      ),
      ("required", .array([.string("profile")])),
      ("additionalProperties", .bool(false)),
      ("definitions", .object(definitions.keys.sorted().map { ($0, definitions[$0]!) })),
    ])
  }
}
