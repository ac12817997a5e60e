import Synchronization

/// A set of schemas: the ones embedded in the binary, or a directory given with
/// `--schemas DIR`.
///
/// Schemas are decoded on first use, one file at a time, and cached; lookups are safe
/// from several threads and always return the same object for the same name.
public final class SchemaSet: Sendable {
  /// The schema name of the project-authored Microsoft Enterprise SSO plug-in
  /// `ExtensionData` schema.
  public static let microsoftSSOExtensionDataName = "microsoft.sso-extension-data"
  /// The schema name of the project-authored `enrollment:` block schema.
  public static let intuneEnrollmentName = "intune.enrollment"
  /// The schema name of the profile's top-level dictionary.
  public static let topLevelName = "TopLevel"
  /// The schema name of the keys common to every payload.
  public static let commonPayloadKeysName = "CommonPayloadKeys"

  /// The schemas compiled into the binary.
  public static let embedded = makeEmbedded()

  /// A fresh set over the embedded texts, with its own (empty) cache. Tests use it to
  /// watch lazy decoding; everything else uses ``embedded``.
  static func makeEmbedded() -> SchemaSet {
    SchemaSet(
      texts: EmbeddedSchemas.texts, variants: EmbeddedSchemas.variants,
      release: EmbeddedSchemas.release, commit: EmbeddedSchemas.commit, origin: nil)
  }

  private let texts: [String: String]
  private let variants: [String: [String]]
  private let cache: Mutex<[String: PayloadSchema]>
  /// ``schemas(forPayloadType:)`` by payload type: every payload asks several times per
  /// compile (lowering, then the payload rules), and one lookup here replaces a lookup of
  /// the type plus a locked lookup per variant name.
  private let byType = Mutex<[String: [PayloadSchema]]>([:])
  /// Where the schemas came from: the directory (or the `origin` given to
  /// ``init(texts:origin:)``), or nil for the embedded set.
  public let directory: String?
  /// The Apple release the Apple schemas came from, e.g. `Release_iOS-18-1_macOS-15-1`.
  public let release: String?
  /// The commit of that release.
  public let commit: String?

  private init(
    texts: [String: String], variants: [String: [String]], release: String?, commit: String?,
    origin: String?, decoded: [String: PayloadSchema] = [:]
  ) {
    self.texts = texts
    self.variants = variants
    self.release = release
    self.commit = commit
    self.directory = origin
    self.cache = Mutex(decoded)
  }

  /// Loads every `*.schema` file of `directory` (read with plain system calls) and checks
  /// them all at once, so a malformed file is reported now, with its file and line.
  /// Project schemas the directory lacks are taken from the embedded set; the top-level
  /// and common-payload-keys schemas must be present.
  public convenience init(directory: String) throws(SchemaError) {
    var texts: [String: String] = [:]
    let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    for file in try FileReading.list(directory: base, suffix: ".schema") {
      texts[String(file.dropLast(".schema".count))] = try FileReading.readFile(
        path: base + "/" + file)
    }
    try self.init(texts: texts, origin: base)
  }

  /// A set from schema texts by name, decoded and checked at once (see
  /// ``init(directory:)``). `origin` is the directory that error messages name.
  public convenience init(texts: [String: String], origin: String = "schemas")
    throws(SchemaError)
  {
    let directory = origin
    var texts = texts
    for name in [Self.microsoftSSOExtensionDataName, Self.intuneEnrollmentName]
    where texts[name] == nil {
      texts[name] = EmbeddedSchemas.texts[name]
    }
    var decoded: [String: PayloadSchema] = [:]
    var variants: [String: [String]] = [:]
    for (name, text) in texts {
      let schema = try SchemaParser.parse(
        name: name, file: "\(directory)/\(name).schema", text: text)
      decoded[name] = schema
      if schema.kind == .payload, let type = schema.payloadType {
        variants[type, default: []].append(name)
      }
    }
    for name in [Self.topLevelName, Self.commonPayloadKeysName] where decoded[name] == nil {
      throw SchemaError(file: directory, line: 0, message: "no \(name).schema in the directory")
    }
    for (type, names) in variants {
      variants[type] = Self.orderVariants(names, payloadType: type)
    }
    let top = decoded[Self.topLevelName]
    self.init(
      texts: texts, variants: variants, release: top?.release, commit: top?.commit,
      origin: directory, decoded: decoded)
  }

  /// The plain schema (named like the payload type) first, then the others by name.
  static func orderVariants(_ names: [String], payloadType: String) -> [String] {
    names.sorted { a, b in
      let pa = a == payloadType
      let pb = b == payloadType
      return pa != pb ? pa : a < b
    }
  }

  // MARK: - Lookup

  /// How many schemas are decoded so far (for tests of lazy decoding).
  var decodedCount: Int { cache.withLock { $0.count } }

  /// Every schema name (file names without `.schema`), sorted.
  public var schemaNames: [String] { texts.keys.sorted() }

  /// The text of a schema file, as written (for `profilec schema show`).
  public func text(named name: String) -> String? { texts[name] }

  /// Every payload type with at least one schema, sorted. The top-level and
  /// common-payload-keys pseudo-types and the project schemas are not payload types.
  public var payloadTypes: [String] { variants.keys.sorted() }

  /// The schema with this name, decoded on first use.
  public func schema(named name: String) -> PayloadSchema? {
    if let hit = cache.withLock({ $0[name] }) { return hit }
    guard let text = texts[name] else { return nil }
    // Decode outside the lock so threads decoding different schemas don't wait on each
    // other; the first decoded object wins so identity stays stable.
    let schema: PayloadSchema
    do {
      schema = try SchemaParser.parse(name: name, file: "schemas/\(name).schema", text: text)
    } catch {
      // Only the embedded set decodes lazily, and its texts are checked by the tests.
      fatalError("embedded schema is malformed: \(error)")
    }
    return cache.withLock { cache in
      if let existing = cache[name] { return existing }
      cache[name] = schema
      return schema
    }
  }

  /// Every schema describing `payloadType`: the plain one first, then variants by name.
  /// Empty when the type is unknown.
  public func schemas(forPayloadType payloadType: String) -> [PayloadSchema] {
    if let hit = byType.withLock({ $0[payloadType] }) { return hit }
    let schemas = (variants[payloadType] ?? []).compactMap { schema(named: $0) }
    // Unknown types are not remembered: hostile input could name any number of them.
    if !schemas.isEmpty { byType.withLock { $0[payloadType] = schemas } }
    return schemas
  }

  /// The names of the schemas describing `payloadType`, without decoding them.
  public func schemaNames(forPayloadType payloadType: String) -> [String] {
    variants[payloadType] ?? []
  }

  /// The profile's top-level dictionary keys.
  public var topLevel: PayloadSchema { schema(named: Self.topLevelName)! }

  /// The keys every payload dictionary has (`PayloadType`, `PayloadUUID`, ...).
  public var commonPayloadKeys: PayloadSchema { schema(named: Self.commonPayloadKeysName)! }

  /// The Microsoft Enterprise SSO plug-in `ExtensionData` keys (project schema).
  public var microsoftSSOExtensionData: PayloadSchema {
    schema(named: Self.microsoftSSOExtensionDataName)!
  }

  /// The source's `enrollment:` block keys (project schema).
  public var intuneEnrollment: PayloadSchema { schema(named: Self.intuneEnrollmentName)! }

  // MARK: - Variants

  /// The schema chosen for one payload, and why.
  public struct VariantChoice: Sendable {
    /// The chosen schema.
    public let schema: PayloadSchema
    /// Why it was chosen, for a note; nil when the payload type has only one schema.
    public let reason: String?
    /// Every schema of the payload type, the chosen one included.
    public let candidates: [PayloadSchema]
  }

  /// The Kerberos ExtensionIdentifier; its payloads follow the Kerberos variant.
  static let kerberosExtensionIdentifier = "com.apple.AppSSOKerberos.KerberosExtension"

  /// Picks the schema for a payload from its own values, when its type has several.
  ///
  /// - `com.apple.extensiblesso`: the Kerberos variant when `ExtensionIdentifier` is
  ///   Apple's Kerberos extension or `Type` is `Kerberos`;
  /// - otherwise the schema that knows the most of the payload's `keys`, the common
  ///   payload keys aside (ties go to the plain schema, then to the first by name).
  ///
  /// `stringValue` returns the payload's value for a key when it is a string. Returns nil
  /// for an unknown payload type.
  public func selectVariant(
    forPayloadType payloadType: String, keys: @autoclosure () -> [String],
    stringValue: (String) -> String?
  ) -> VariantChoice? {
    let candidates = schemas(forPayloadType: payloadType)
    guard let first = candidates.first else { return nil }
    if candidates.count == 1 {
      return VariantChoice(schema: first, reason: nil, candidates: candidates)
    }
    if payloadType == "com.apple.extensiblesso",
      let kerberos = candidates.first(where: { $0.name == "com.apple.extensiblesso(kerberos)" })
    {
      if stringValue("ExtensionIdentifier") == Self.kerberosExtensionIdentifier {
        return VariantChoice(
          schema: kerberos,
          reason:
            "Kerberos variant, because ExtensionIdentifier is '\(Self.kerberosExtensionIdentifier)'",
          candidates: candidates)
      }
      if stringValue("Type") == "Kerberos" {
        return VariantChoice(
          schema: kerberos, reason: "Kerberos variant, because Type is 'Kerberos'",
          candidates: candidates)
      }
    }
    // Count only the payload's own keys: the common ones (PayloadType, ...) are in none.
    let common = commonPayloadKeys
    let own = keys().filter { common.key(named: $0) == nil }
    var best = first
    var bestScore = -1
    for candidate in candidates {
      let score = own.reduce(0) { $0 + (candidate.key(named: $1) != nil ? 1 : 0) }
      // Candidates come plain-first, then by name, so a strict > keeps the tie-break.
      if score > bestScore {
        best = candidate
        bestScore = score
      }
    }
    let plain = best.name == payloadType
    let ties = candidates.filter { c in
      c !== best && own.reduce(0) { $0 + (c.key(named: $1) != nil ? 1 : 0) } == bestScore
    }
    var reason =
      plain
      ? "plain schema '\(best.name)', which knows \(bestScore) of the payload's \(own.count) keys"
      : "variant '\(best.name)', which knows \(bestScore) of the payload's \(own.count) keys"
    if !ties.isEmpty {
      reason += plain ? " (tied, the plain schema wins)" : " (tied, the first by name wins)"
    } else {
      reason += " (the most)"
    }
    return VariantChoice(schema: best, reason: reason, candidates: candidates)
  }
}
