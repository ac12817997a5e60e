/// Substring tests on UTF-8 bytes. `String.contains(_:)` builds a substring searcher (with
/// a table per call) and compares Characters; in rules that run once per key that cost
/// more than the rest of validation. Every needle here is ASCII, so a byte match is a
/// match of the text.
enum ByteSearch {
  /// True when `needle` occurs in `haystack`.
  static func contains(_ haystack: String, _ needle: StaticString) -> Bool {
    needle.withUTF8Buffer { n in
      let count = n.count
      if count == 0 { return true }
      func scan(_ h: UnsafeBufferPointer<UInt8>) -> Bool {
        guard h.count >= count else { return false }
        let first = n[0]
        var i = 0
        let last = h.count - count
        while i <= last {
          if h[i] == first {
            var j = 1
            while j < count && h[i + j] == n[j] { j += 1 }
            if j == count { return true }
          }
          i += 1
        }
        return false
      }
      if let found = haystack.utf8.withContiguousStorageIfAvailable(scan) { return found }
      return Array(haystack.utf8).withUnsafeBufferPointer(scan)
    }
  }

  /// True when `s` starts with the bytes of `prefix`.
  static func hasPrefix(_ s: String, _ prefix: StaticString) -> Bool {
    prefix.withUTF8Buffer { p in
      func check(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        guard u.count >= p.count else { return false }
        var i = 0
        while i < p.count {
          if u[i] != p[i] { return false }
          i += 1
        }
        return true
      }
      if let result = s.utf8.withContiguousStorageIfAvailable(check) { return result }
      return Array(s.utf8).withUnsafeBufferPointer(check)
    }
  }
}
