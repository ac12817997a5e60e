import Diagnostics
import Synchronization

/// A list of keys: a payload's keys, a key's subkeys, or a named structure.
///
/// Named structures (`struct NAME` in a schema file) are shared: every key whose subkeys
/// are `subkeys NAME` points to the same list, which is how recursive shapes (a Home Screen
/// folder whose pages hold folders) stay finite.
final class KeyList: @unchecked Sendable {
  // Filled once while the schema is decoded, then never mutated: the decoded schema is
  // published to other threads through the cache's mutex, which orders these writes first.
  // Unchecked: never written after publication, and the dynamic exclusivity checks on
  // every read cost about as much as a lookup's hashing.
  let structureName: String?
  @exclusivity(unchecked) private(set) var keys: [KeySchema] = []
  @exclusivity(unchecked) private(set) var byName: [String: KeySchema] = [:]
  @exclusivity(unchecked) private(set) var wildcard: KeySchema?
  /// The keys with `presence: required`, wildcards excepted, in schema order: checked for
  /// every dictionary walked, where scanning all of `keys` (a couple of hundred for
  /// restrictions) to find the few required ones cost more than the check.
  @exclusivity(unchecked) private(set) var requiredKeys: [KeySchema] = []

  init(structureName: String?) {
    self.structureName = structureName
  }

  /// An open-addressing table over `keys` by the bytes of their names (a cheap hash, eight
  /// bytes at a time): every payload key is looked up two or three times per compile, and
  /// hashing each name as a `String` cost more than the checks themselves. Slots hold an index
  /// into `keys` plus one (0 is empty). Built only when every name is ASCII, where byte
  /// equality and `String` equality agree; lookups of non-ASCII names use `byName`.
  @exclusivity(unchecked) private(set) var slots: [Int32] = []
  /// Every name's bytes, one after another (`nameStarts[i]..<nameStarts[i + 1]` is key
  /// `i`'s), beside `slots`: a probe compares bytes here instead of reading the key's
  /// `name`, which counted a reference on a string every thread shares.
  @exclusivity(unchecked) private(set) var nameBytes: [UInt8] = []
  @exclusivity(unchecked) private(set) var nameStarts: [Int32] = []

  func fill(_ keys: [KeySchema]) {
    self.keys = keys
    var index: [String: KeySchema] = [:]
    index.reserveCapacity(keys.count)
    for key in keys where index[key.name] == nil {
      index[key.name] = key
    }
    byName = index
    wildcard = index[KeySchema.wildcardName]
    requiredKeys = keys.filter { $0.isRequired && !$0.isWildcard }
    guard !keys.isEmpty, keys.allSatisfy({ $0.name.utf8.allSatisfy { $0 < 0x80 } }) else { return }
    var bytes: [UInt8] = []
    var starts: [Int32] = [0]
    for key in keys {
      bytes.append(contentsOf: key.name.utf8)
      starts.append(Int32(bytes.count))
    }
    var capacity = 8
    while capacity < keys.count * 2 { capacity <<= 1 }
    var table = [Int32](repeating: 0, count: capacity)
    for (i, key) in keys.enumerated() {
      let found: Bool = Array(key.name.utf8).withUnsafeBufferPointer { u in
        var slot = KeyList.hashAndASCII(u).hash & (capacity - 1)
        while table[slot] != 0 {
          if utf8Equal(keys[Int(table[slot]) - 1].name, u) { return true }
          slot = (slot + 1) & (capacity - 1)
        }
        table[slot] = Int32(i + 1)
        return false
      }
      _ = found  // a repeated name keeps its first key, as `byName` does
    }
    slots = table
    nameBytes = bytes
    nameStarts = starts
  }

  /// The key named `name` (first of that name), as `byName[name]`.
  func lookup(_ name: String) -> KeySchema? {
    guard !slots.isEmpty else { return byName[name] }
    // The index into `keys` (or -1 when absent); nil for non-ASCII or non-contiguous
    // names, which `byName` decides. Returning a plain Int keeps the closure free of
    // references to retain.
    let found: Int? = name.utf8.withContiguousStorageIfAvailable { u -> Int? in
      let (h, ascii) = KeyList.hashAndASCII(u)
      if !ascii { return nil }  // not ASCII: String equality decides
      return slots.withUnsafeBufferPointer { table in
        nameStarts.withUnsafeBufferPointer { starts in
          nameBytes.withUnsafeBufferPointer { names in
            let mask = table.count - 1
            var slot = h & mask
            while true {
              let entry = Int(table[slot])
              if entry == 0 { return -1 }
              let start = Int(starts[entry - 1])
              let end = Int(starts[entry])
              if end - start == u.count && (u.isEmpty || sameBytes(names.baseAddress! + start, u.baseAddress!, count: u.count)) {
                return entry - 1
              }
              slot = (slot + 1) & mask
            }
          }
        }
      }
    } ?? nil
    guard let found else { return byName[name] }
    return found < 0 ? nil : keys[found]
  }

  /// A hash of the name's bytes, and whether they are all ASCII, in one pass (a lookup
  /// needs both): eight bytes at a time, each word mixed in by a multiply (names are a few
  /// dozen bytes; a byte-at-a-time hash was a third of a lookup).
  @inline(__always)
  static func hashAndASCII(_ u: UnsafeBufferPointer<UInt8>) -> (hash: Int, ascii: Bool) {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(u.count)
    var high: UInt64 = 0
    guard let base = u.baseAddress else { return (Int(truncatingIfNeeded: h ^ (h >> 29)), true) }
    var i = 0
    while i + 8 <= u.count {
      let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
      high |= w
      h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
      h ^= h >> 32
      i += 8
    }
    if i < u.count {
      var w: UInt64 = 0
      var shift: UInt64 = 0
      while i < u.count {
        w |= UInt64(u[i]) << shift
        shift += 8
        i += 1
      }
      high |= w
      h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
      h ^= h >> 32
    }
    return (Int(truncatingIfNeeded: h ^ (h >> 29)), high & 0x8080_8080_8080_8080 == 0)
  }
}

/// One key of a payload schema, with its subkeys.
///
/// For an `array` key, ``subkeys`` holds exactly one entry, the element schema
/// (``elementSchema``), whose name is a placeholder that never appears in a profile.
/// For a `dictionary` key, ``subkeys`` are the dictionary's keys; a subkey named `ANY`
/// (``wildcard``) stands for every key name not listed.
public final class KeySchema: Sendable {
  /// The name of the wildcard key, which matches any key name not listed beside it.
  public static let wildcardName = "ANY"

  /// The key name, exactly as it appears in a profile (may contain spaces).
  public let name: String
  /// The expected type. See ``acceptedTypes`` for keys that accept more than one.
  public let type: SchemaType
  /// Every type the key accepts: ``type`` first, then any alternatives (project schemas
  /// write `boolean|integer`).
  public let acceptedTypes: [SchemaType]
  /// `required` or `optional`; nil when the schema does not say (array element entries).
  public let presence: Presence?
  /// The value assumed when the key is absent.
  public let defaultValue: SchemaValue?
  /// The allowed values (`rangelist`), when restricted.
  public let rangeList: [SchemaValue]?
  /// The lower bound of `range`.
  public let rangeMin: SchemaValue?
  /// The upper bound of `range`.
  public let rangeMax: SchemaValue?
  /// Lower bound of `repetition` (array element count).
  public let repetitionMin: Int?
  /// Upper bound of `repetition`.
  public let repetitionMax: Int?
  /// A regular expression the string value must match (Apple's `format`).
  public let format: String?
  /// Apple's `valuetype` (`url`, `hostname`, ...) or a project one (`comma-list`).
  public let valueType: String?
  /// Apple's deprecated `subtype` (`<url>`, `<hostname>`).
  public let subtype: String?
  /// Apple's `combinetype`.
  public let combineType: String?
  /// Apple's `subkeytype`: a name for the structure of the subkeys.
  public let subkeyType: String?
  /// Apple's `assettypes`.
  public let assetTypes: [String]?
  /// The key's own `supportedOS` overrides.
  public let supportedOS: SupportedOS
  /// The key's own subkey list, or a shared named structure.
  let subkeyList: KeyList?
  /// The line that defines the key in its schema file.
  public let line: Int
  // Compiled lazily: only keys with a `format` get a box.
  private let regexBox: RegexBox?
  /// ``acceptedTypes`` as one bit per type (``accepts(_:)``), and whether the key lists
  /// allowed values, bounds a number, states a format, or states availability of its own:
  /// asked for every value the schema walk visits, where reading the arrays and optional
  /// strings themselves counted references on objects every thread shares.
  private let acceptedBits: UInt16
  public let hasRangeList: Bool
  public let hasRange: Bool
  public let hasFormat: Bool
  public let hasOwnSupportedOS: Bool

  init(
    name: String, types: [SchemaType], presence: Presence?, defaultValue: SchemaValue?,
    rangeList: [SchemaValue]?, rangeMin: SchemaValue?, rangeMax: SchemaValue?,
    repetitionMin: Int?, repetitionMax: Int?, format: String?, valueType: String?,
    subtype: String?, combineType: String?, subkeyType: String?, assetTypes: [String]?,
    supportedOS: SupportedOS, subkeyList: KeyList?, line: Int
  ) {
    self.name = name
    self.type = types[0]
    self.acceptedTypes = types
    self.presence = presence
    self.defaultValue = defaultValue
    self.rangeList = rangeList
    self.rangeMin = rangeMin
    self.rangeMax = rangeMax
    self.repetitionMin = repetitionMin
    self.repetitionMax = repetitionMax
    self.format = format
    self.valueType = valueType
    self.subtype = subtype
    self.combineType = combineType
    self.subkeyType = subkeyType
    self.assetTypes = assetTypes
    self.supportedOS = supportedOS
    self.subkeyList = subkeyList
    self.line = line
    self.regexBox = format.map(RegexBox.init)
    self.acceptedBits = types.reduce(0) { $0 | KeySchema.bit($1) }
    self.hasRangeList = !(rangeList?.isEmpty ?? true)
    self.hasRange = rangeMin != nil || rangeMax != nil
    self.hasFormat = format != nil
    self.hasOwnSupportedOS = !supportedOS.isEmpty
  }

  @inline(__always) static func bit(_ t: SchemaType) -> UInt16 {
    switch t {
    case .string: return 1 << 0
    case .integer: return 1 << 1
    case .real: return 1 << 2
    case .boolean: return 1 << 3
    case .date: return 1 << 4
    case .data: return 1 << 5
    case .array: return 1 << 6
    case .dictionary: return 1 << 7
    case .any: return 1 << 8
    }
  }

  /// True for the `ANY` wildcard key.
  public var isWildcard: Bool { name == Self.wildcardName }

  /// True when ``presence`` is `required`.
  public var isRequired: Bool { presence == .required }

  /// The subkeys: dictionary keys, or an array's single element schema.
  public var subkeys: [KeySchema] { subkeyList?.keys ?? [] }

  /// The required subkeys (wildcards excepted), in schema order.
  public var requiredSubkeys: [KeySchema] { subkeyList?.requiredKeys ?? [] }

  /// True when the key declares subkeys.
  public var hasSubkeys: Bool { subkeyList != nil }

  /// The name of the shared structure the subkeys come from, if any (see `struct` in
  /// docs/schemas.md). Keys sharing a structure share their subkey objects.
  public var structureName: String? { subkeyList?.structureName }

  /// The subkey with exactly this name (the wildcard only when asked for `ANY`).
  public func key(named name: String) -> KeySchema? { subkeyList?.lookup(name) }

  /// The subkey that describes a dictionary entry named `name`: the exact subkey, else
  /// the `ANY` wildcard, else nil (an unknown key).
  public func resolveKey(named name: String) -> KeySchema? {
    guard let list = subkeyList else { return nil }
    return list.lookup(name) ?? list.wildcard
  }

  /// The `ANY` subkey, when the dictionary accepts arbitrary key names.
  public var wildcard: KeySchema? { subkeyList?.wildcard }

  /// For an array: the schema of its elements.
  public var elementSchema: KeySchema? {
    type == .array ? subkeyList?.keys.first : nil
  }

  /// Whether the key accepts a value of type `t` (`any` accepts everything).
  public func accepts(_ t: SchemaType) -> Bool {
    acceptedBits & (KeySchema.bit(t) | KeySchema.bit(.any)) != 0
  }

  /// The key's availability on `platform` given its enclosing availability (the
  /// payload's, already overridden by the enclosing keys).
  public func availability(on platform: Platform, inheriting enclosing: Availability)
    -> Availability
  {
    enclosing.overridden(by: supportedOS[platform])
  }

  /// ``format`` compiled as a Swift `Regex`, once, on first use. Nil when the key has no
  /// format or the pattern does not compile (see ``formatRegexError``).
  public var formatRegex: Regex<AnyRegexOutput>? { regexBox?.compiled.regex }

  /// Why ``format`` does not compile, when it does not.
  public var formatRegexError: String? { regexBox?.compiled.error }
}

/// Compiles a format pattern on first use; safe to use from several threads.
final class RegexBox: Sendable {
  struct Compiled: @unchecked Sendable {
    // A compiled Regex is immutable; it is only read after publication under the mutex.
    var regex: Regex<AnyRegexOutput>?
    var error: String?
  }

  let pattern: String
  private let state = Mutex<Compiled?>(nil)

  init(_ pattern: String) {
    self.pattern = pattern
  }

  var compiled: Compiled {
    state.withLock { cached in
      if let cached { return cached }
      let result: Compiled
      do {
        result = Compiled(regex: try Regex(pattern), error: nil)
      } catch {
        result = Compiled(regex: nil, error: "\(error)")
      }
      cached = result
      return result
    }
  }
}
