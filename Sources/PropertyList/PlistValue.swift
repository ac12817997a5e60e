import Diagnostics

/// The one closed value model of a property list (ARCHITECTURE.md): every emitter, reader,
/// importer and differ works on `PlistNode`. Nodes remember where they came from (a range
/// in a source or plist file) so diagnostics can point at them; nodes made up by the
/// compiler have no range.
public struct PlistNode: Sendable {
  public var value: PlistValue
  public var range: SourceRange?

  public init(_ value: PlistValue, range: SourceRange? = nil) {
    self.value = value
    self.range = range
  }
}

public enum PlistValue: Sendable {
  case dict(PlistDict)
  case array([PlistNode])
  case string(String)
  case integer(Int64)
  case real(Double)
  case bool(Bool)
  case date(PlistDate)
  case data([UInt8])

  /// The plist element name (`dict`, `integer`, ...), used in messages.
  public var typeName: String {
    switch self {
    case .dict: return "dictionary"
    case .array: return "array"
    case .string: return "string"
    case .integer: return "integer"
    case .real: return "real"
    case .bool: return "boolean"
    case .date: return "date"
    case .data: return "data"
    }
  }
}

/// A dictionary keeps its entries in source order (for diagnostics, import and diff);
/// writers sort keys by Unicode scalar value.
public struct PlistDict: Sendable {
  public var entries: [PlistEntry]
  public init(_ entries: [PlistEntry] = []) { self.entries = entries }

  /// Keys are compared scalar by scalar, never by Swift's canonical equivalence: a plist
  /// may hold both "é" spellings as different keys.
  public func index(of key: String) -> Int? {
    index(of: key, searchingFrom: 0)
  }

  public subscript(key: String) -> PlistNode? {
    guard let i = index(of: key) else { return nil }
    return entries[i].value
  }

  public func entry(_ key: String) -> PlistEntry? {
    index(of: key).map { entries[$0] }
  }

  public mutating func set(_ key: String, _ node: PlistNode, keyRange: SourceRange? = nil) {
    if let i = index(of: key) {
      entries[i].value = node
    } else {
      entries.append(PlistEntry(key: key, keyRange: keyRange, value: node))
    }
  }

  /// `set`, for a caller that knows no entry before `start` holds `key`: only the entries
  /// from `start` on are searched (the compiler adds its Payload* keys after a payload's
  /// content, whose keys it has already checked).
  public mutating func set(_ key: String, _ node: PlistNode, keyRange: SourceRange? = nil, searchingFrom start: Int) {
    if let i = index(of: key, searchingFrom: start) {
      entries[i].value = node
    } else {
      entries.append(PlistEntry(key: key, keyRange: keyRange, value: node))
    }
  }

  /// The index of `key` among the entries from `start` on (see `set(_:_:keyRange:searchingFrom:)`).
  public func index(of key: String, searchingFrom start: Int) -> Int? {
    // The most frequent call of the compiler (every key lookup of lowering, validation and
    // the writer): the key's bytes are taken once and each entry's key is compared in
    // place, by length first. `firstIndex` with a closure copied every entry it passed.
    var key = key
    return key.withUTF8 { k -> Int? in
      entries.withUnsafeBufferPointer { buffer -> Int? in
        var i = start
        while i < buffer.count {
          if utf8Equal(buffer[i].key, k) { return i }
          i += 1
        }
        return nil
      }
    }
  }

  public mutating func remove(_ key: String) {
    if let i = index(of: key) { entries.remove(at: i) }
  }

  public var keys: [String] { entries.map(\.key) }

  /// Entries in output order (Unicode scalar order of keys, as Python's `sorted`).
  public var sortedEntries: [PlistEntry] {
    guard let order = sortedOrder else { return entries }
    return order.map { entries[$0] }
  }

  /// The positions of `entries` in output order, or nil when they are in it already. The
  /// writer walks these instead of `sortedEntries`, so no entry is copied.
  public var sortedOrder: [Int]? {
    let n = entries.count
    if n < 2 { return nil }
    // Each key's first eight bytes as one number decide most comparisons (a dictionary
    // is sorted for every write, and the byte loops were a twentieth of a build); equal
    // prefixes fall back to the full comparison.
    return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { prefixes -> [Int]? in
      for i in 0..<n { prefixes[i] = sortPrefix(entries[i].key) }
      func less(_ a: Int, _ b: Int) -> Bool {
        let pa = prefixes[a]
        let pb = prefixes[b]
        return pa != pb ? pa < pb : scalarLess(entries[a].key, entries[b].key)
      }
      // Most dictionaries are small and many arrive sorted (plists read back, sugar):
      // check before sorting.
      var sorted = true
      for i in 1..<n where !less(i - 1, i) {
        sorted = false
        break
      }
      if sorted { return nil }
      // Sort positions, not entries (an entry is a key, a value and two ranges: moving it
      // costs more than comparing); insertion sort for the small dictionaries profiles
      // have, stable like the library sort it stands in for.
      var order = Array(0..<n)
      if n <= 24 {
        for i in 1..<n {
          let moving = order[i]
          var j = i
          while j > 0 && less(moving, order[j - 1]) {
            order[j] = order[j - 1]
            j -= 1
          }
          order[j] = moving
        }
      } else {
        order.sort { less($0, $1) || (!less($1, $0) && $0 < $1) }
      }
      return order
    }
  }
}

/// The first eight UTF-8 bytes of `key`, big-endian, zero-padded: when two prefixes
/// differ, they order their keys as ``scalarLess(_:_:)`` does (a key that ends within
/// the eight bytes pads with zeros, below any byte it is compared with, or equal to a NUL
/// byte, and equal prefixes are settled by the full comparison).
@inline(__always)
public func sortPrefix(_ key: String) -> UInt64 {
  func pack(_ u: UnsafeBufferPointer<UInt8>) -> UInt64 {
    // Eight bytes or more: one load, made big-endian (most keys are that long).
    if u.count >= 8, let base = u.baseAddress {
      return UInt64(bigEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
    }
    var p: UInt64 = 0
    let m = min(u.count, 8)
    for i in 0..<m { p |= UInt64(u[i]) << (56 - 8 * UInt64(i)) }
    return p
  }
  if let p = key.utf8.withContiguousStorageIfAvailable(pack) { return p }
  return Array(key.utf8.prefix(8)).withUnsafeBufferPointer(pack)
}

public struct PlistEntry: Sendable {
  public var key: String
  public var keyRange: SourceRange?
  public var value: PlistNode
  public init(key: String, keyRange: SourceRange? = nil, value: PlistNode) {
    self.key = key
    self.keyRange = keyRange
    self.value = value
  }
}

/// Python's string order: by Unicode scalar value (which equals UTF-8 byte order).
public func scalarLess(_ a: String, _ b: String) -> Bool {
  // Byte loops over contiguous UTF-8 (native and small strings); the generic
  // `lexicographicallyPrecedes` is several times slower, and dictionaries are sorted on
  // every write.
  let fast = a.utf8.withContiguousStorageIfAvailable { ua in
    b.utf8.withContiguousStorageIfAvailable { ub -> Bool in
      let n = min(ua.count, ub.count)
      var i = 0
      while i < n {
        let x = ua[i]
        let y = ub[i]
        if x != y { return x < y }
        i += 1
      }
      return ua.count < ub.count
    }
  }
  if let fast, let result = fast { return result }
  return a.utf8.lexicographicallyPrecedes(b.utf8)
}

/// Keys are equal when their scalars are (Diagnostics' `utf8Equal`).
@inlinable
public func scalarEqual(_ a: String, _ b: String) -> Bool { utf8Equal(a, b) }

extension PlistNode {
  public static func string(_ s: String, range: SourceRange? = nil) -> PlistNode {
    PlistNode(.string(s), range: range)
  }
  public static func integer(_ i: Int64, range: SourceRange? = nil) -> PlistNode {
    PlistNode(.integer(i), range: range)
  }
  public static func bool(_ b: Bool, range: SourceRange? = nil) -> PlistNode {
    PlistNode(.bool(b), range: range)
  }
  public static func dict(_ d: PlistDict, range: SourceRange? = nil) -> PlistNode {
    PlistNode(.dict(d), range: range)
  }
  public static func array(_ a: [PlistNode], range: SourceRange? = nil) -> PlistNode {
    PlistNode(.array(a), range: range)
  }

  public var dictValue: PlistDict? {
    if case .dict(let d) = value { return d }
    return nil
  }
  public var arrayValue: [PlistNode]? {
    if case .array(let a) = value { return a }
    return nil
  }
  public var stringValue: String? {
    if case .string(let s) = value { return s }
    return nil
  }
  public var integerValue: Int64? {
    if case .integer(let i) = value { return i }
    return nil
  }
  public var boolValue: Bool? {
    if case .bool(let b) = value { return b }
    return nil
  }
}

// MARK: - Equality as property lists

extension PlistValue: Equatable {
  /// Property-list equality: dictionaries ignore entry order, strings compare scalar by
  /// scalar, NaN equals NaN (so a value always equals itself), ranges are ignored.
  public static func == (a: PlistValue, b: PlistValue) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): return scalarEqual(x, y)
    case (.integer(let x), .integer(let y)): return x == y
    case (.real(let x), .real(let y)): return x == y || (x.isNaN && y.isNaN)
    case (.bool(let x), .bool(let y)): return x == y
    case (.date(let x), .date(let y)): return x == y
    case (.data(let x), .data(let y)): return x == y
    case (.array(let x), .array(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.value == $1.value }
    case (.dict(let x), .dict(let y)):
      guard x.entries.count == y.entries.count else { return false }
      let xs = x.sortedEntries, ys = y.sortedEntries
      return zip(xs, ys).allSatisfy { scalarEqual($0.key, $1.key) && $0.value.value == $1.value.value }
    default: return false
    }
  }
}
