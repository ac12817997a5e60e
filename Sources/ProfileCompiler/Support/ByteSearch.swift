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
        guard h.count >= count, let base = h.baseAddress else { return false }
        let first = n[0]
        let pattern = UInt64(first) &* 0x0101_0101_0101_0101
        var i = 0
        let last = h.count - count
        while i <= last {
          // Jump to the next occurrence of the first byte, eight bytes at a time (the
          // lowest set bit of the "has zero byte" mask is exact).
          if i + 8 <= h.count {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ pattern
            let m = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            if m == 0 {
              i += 8
              continue
            }
            i += m.trailingZeroBitCount >> 3
            if i > last { return false }
          } else if h[i] != first {
            i += 1
            continue
          }
          var j = 1
          while j < count && h[i + j] == n[j] { j += 1 }
          if j == count { return true }
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

  /// Every occurrence of `target`'s bytes replaced (valid UTF-8 in valid UTF-8 only
  /// matches at character boundaries).
  static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
    let t = Array(text.utf8)
    let n = Array(target.utf8)
    guard !n.isEmpty, t.count >= n.count else { return text }
    var positions: [Int] = []
    var i = 0
    while i + n.count <= t.count {
      if t[i] == n[0] && t[i..<(i + n.count)].elementsEqual(n) {
        positions.append(i)
        i += n.count
      } else {
        i += 1
      }
    }
    if positions.isEmpty { return text }
    return String(decoding: splice(t, at: positions, length: n.count, with: Array(replacement.utf8)), as: UTF8.self)
  }

  /// `bytes` with the `length` bytes at each of `positions` (ascending, not overlapping)
  /// replaced by `replacement`.
  static func splice(_ bytes: [UInt8], at positions: [Int], length: Int, with replacement: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + positions.count * max(0, replacement.count - length))
    var last = 0
    for i in positions {
      out.append(contentsOf: bytes[last..<i])
      out.append(contentsOf: replacement)
      last = i + length
    }
    out.append(contentsOf: bytes[last...])
    return out
  }
}
