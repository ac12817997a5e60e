/// What a schema file describes.
public enum SchemaKind: String, Sendable, Hashable {
  /// A payload type (`payloadtype` names it).
  case payload
  /// The profile's top-level dictionary (Apple's `TopLevel.yaml`).
  case topLevel = "toplevel"
  /// The keys every payload dictionary has (Apple's `CommonPayloadKeys.yaml`).
  case commonPayloadKeys = "common"
  /// A schema written for this project (Microsoft SSO ExtensionData, Intune enrollment).
  case project
}

/// One decoded schema file: a payload type's keys and availability.
public final class PayloadSchema: Sendable {
  /// The schema name: the file name without `.schema`, e.g. `com.apple.extensiblesso(kerberos)`.
  public let name: String
  /// What the schema describes.
  public let kind: SchemaKind
  /// The payload type (`PayloadType`), for Apple schemas.
  public let payloadType: String?
  /// The Apple release the file was generated from, e.g. `Release_iOS-18-1_macOS-15-1`.
  public let release: String?
  /// The commit of that release.
  public let commit: String?
  /// The Apple file it was generated from, e.g. `mdm/profiles/com.apple.webClip.managed.yaml`.
  public let source: String?
  /// The payload's availability per platform.
  public let supportedOS: SupportedOS
  let keyList: KeyList
  /// Named structures by name (shared subkey lists).
  let structures: [String: KeyList]

  init(
    name: String, kind: SchemaKind, payloadType: String?, release: String?, commit: String?,
    source: String?, supportedOS: SupportedOS, keyList: KeyList, structures: [String: KeyList]
  ) {
    self.name = name
    self.kind = kind
    self.payloadType = payloadType
    self.release = release
    self.commit = commit
    self.source = source
    self.supportedOS = supportedOS
    self.keyList = keyList
    self.structures = structures
  }

  /// The payload's keys, in schema order.
  public var keys: [KeySchema] { keyList.keys }
  /// The required keys (wildcards excepted), in schema order.
  public var requiredKeys: [KeySchema] { keyList.requiredKeys }

  /// The key with exactly this name.
  public func key(named name: String) -> KeySchema? { keyList.lookup(name) }

  /// The key describing an entry named `name`: exact match, else the `ANY` wildcard.
  public func resolveKey(named name: String) -> KeySchema? {
    keyList.lookup(name) ?? keyList.wildcard
  }

  /// The `ANY` key, when the payload accepts arbitrary key names.
  public var wildcard: KeySchema? { keyList.wildcard }

  /// Names of the shared structures defined in the file, sorted.
  public var structureNames: [String] { structures.keys.sorted() }

  /// The keys of a shared structure.
  public func structure(named name: String) -> [KeySchema]? { structures[name]?.keys }

  /// The payload's own availability on `platform`; empty when the schema is silent.
  public func availability(on platform: Platform) -> Availability {
    supportedOS[platform] ?? Availability()
  }

  /// The effective availability of the last key of `path` on `platform`: the payload's,
  /// overridden field by field by each key of `path` in order (enclosing keys first,
  /// array element schemas included). An empty path gives the payload's own.
  public func availability(of path: [KeySchema], on platform: Platform) -> Availability {
    var result = availability(on: platform)
    for key in path {
      result = result.overridden(by: key.supportedOS[platform])
    }
    return result
  }

  /// Resolves dictionary key names to the chain of key schemas, stepping through array
  /// element schemas by itself: for the Home Screen layout, `["Dock", "Pages", "URL"]`
  /// gives Dock, its element IconItem, Pages, PagesItem, IconItem, URL. Names that match
  /// no key use the `ANY` wildcard where there is one; otherwise the result is nil.
  public func keyPath(_ names: [String]) -> [KeySchema]? {
    var path: [KeySchema] = []
    var current: KeySchema? = nil
    for name in names {
      let next: KeySchema?
      if let current {
        next = current.resolveKey(named: name)
      } else {
        next = resolveKey(named: name)
      }
      guard var key = next else { return nil }
      path.append(key)
      // Arrays of arrays nest element schemas; step down to the first non-array one.
      var guardCount = 0
      while key.type == .array, let element = key.elementSchema, guardCount < 64 {
        path.append(element)
        key = element
        guardCount += 1
      }
      current = key
    }
    return path
  }

  /// The effective availability of the key at `names` (see ``keyPath(_:)``), or nil when
  /// the path names an unknown key.
  public func availability(ofKeyPath names: [String], on platform: Platform) -> Availability? {
    keyPath(names).map { availability(of: $0, on: platform) }
  }
}
