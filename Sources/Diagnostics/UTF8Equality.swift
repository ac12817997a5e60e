/// Byte equality of two strings' UTF-8, shared by the parser (duplicate keys) and the
/// property-list model (key lookups). Not `==`: Swift compares strings by canonical
/// equivalence, while YAML keys and plist keys are different when their scalars differ
/// ("é" precomposed or not).
@inlinable
public func utf8Equal(_ a: String, _ b: String) -> Bool {
  // Lengths first (O(1) for native strings): most comparisons in a key search differ.
  guard a.utf8.count == b.utf8.count else { return false }
  // Byte loop over contiguous UTF-8 (native and small strings); the generic
  // `elementsEqual` is several times slower.
  let fast = a.utf8.withContiguousStorageIfAvailable { ua in
    b.utf8.withContiguousStorageIfAvailable { ub -> Bool in
      guard ua.count == ub.count else { return false }
      var i = 0
      while i < ua.count {
        if ua[i] != ub[i] { return false }
        i += 1
      }
      return true
    }
  }
  if let fast, let result = fast { return result }
  return a.utf8.elementsEqual(b.utf8)
}

/// `utf8Equal` against bytes already in hand (a key searched for in many dictionaries
/// entries, taken once with `withUTF8`). Always inlined: it sits inside the key-lookup
/// loops of other modules, where a call cost more than the comparison.
@inlinable @inline(__always)
public func utf8Equal(_ a: String, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
  guard a.utf8.count == b.count else { return false }
  let fast = a.utf8.withContiguousStorageIfAvailable { ua -> Bool in
    var i = 0
    while i < ua.count {
      if ua[i] != b[i] { return false }
      i += 1
    }
    return true
  }
  if let fast { return fast }
  return a.utf8.elementsEqual(b)
}

/// Whether the `count` bytes at `a` and at `b` are the same, eight at a time: for the
/// byte-keyed name tables, whose names share long prefixes (`Payload...`). Not used by
/// `utf8Equal`, where most strings compared differ in length already.
@inlinable @inline(__always)
public func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
  var i = 0
  while i + 8 <= count {
    if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
      return false
    }
    i += 8
  }
  while i < count {
    if a[i] != b[i] { return false }
    i += 1
  }
  return true
}
