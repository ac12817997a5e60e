import Diagnostics

/// A handful of key names (the common Payload* keys, the top-level keys other rules
/// check), asked about for every key the schema walk visits. A `Set<String>` hashed each
/// key with SipHash over its normalized text, a fifth of the walk's own work; these are
/// compared as bytes, by length first. Equality is `String` equality: a key with non-ASCII
/// bytes (which could equal an ASCII name only under canonical equivalence, such as the
/// Kelvin sign and `K`) is compared as a `String`.
public struct KnownNames: Sendable {
  public let names: [String]
  /// Every name's bytes one after another, `starts[i]..<starts[i + 1]` for name `i`.
  private let bytes: [UInt8]
  private let starts: [Int]

  public init(_ names: some Sequence<String>) {
    var unique: [String] = []
    for name in names where !unique.contains(name) { unique.append(name) }
    self.names = unique
    var bytes: [UInt8] = []
    var starts = [0]
    for name in unique {
      bytes.append(contentsOf: name.utf8)
      starts.append(bytes.count)
    }
    self.bytes = bytes
    self.starts = starts
  }

  /// No names.
  public static let none = KnownNames([])

  public var isEmpty: Bool { names.isEmpty }

  public func contains(_ key: String) -> Bool {
    let found: Bool? = key.utf8.withContiguousStorageIfAvailable { u -> Bool? in
      var high: UInt8 = 0
      for b in u { high |= b }
      if high >= 0x80 { return nil }
      return bytes.withUnsafeBufferPointer { all in
        starts.withUnsafeBufferPointer { starts in
          guard let a = all.baseAddress, let k = u.baseAddress else { return u.isEmpty && names.contains("") }
          for i in 0..<(starts.count - 1) where starts[i + 1] - starts[i] == u.count {
            if sameBytes(a + starts[i], k, count: u.count) { return true }
          }
          return false
        }
      }
    } ?? nil
    return found ?? names.contains(key)
  }
}
