import Testing

@testable import PropertyList

/// The writer's key order (prefix numbers first, then the full comparison) must be the
/// plain stable sort by UTF-8 bytes, as Python's `sorted` orders keys.
@Suite struct SortedOrderTests {
  static func plainOrder(_ keys: [String]) -> [Int] {
    Array(keys.indices).sorted { a, b in
      let ka = Array(keys[a].utf8)
      let kb = Array(keys[b].utf8)
      return ka.lexicographicallyPrecedes(kb) || (ka == kb && a < b)
    }
  }

  static func check(_ keys: [String]) {
    let dict = PlistDict(keys.map { PlistEntry(key: $0, value: .integer(0)) })
    let order = dict.sortedOrder ?? Array(keys.indices)
    #expect(order == plainOrder(keys), "\(keys)")
  }

  @Test func fixedCases() {
    Self.check([])
    Self.check(["a"])
    Self.check(["b", "a"])
    Self.check(["abcdefgh", "abcdefg", "abcdefghi", "abcdefgh\u{0}", "abcdefgg~"])
    Self.check(["ab", "ab\u{0}", "ab\u{0}\u{1}", "a", ""])
    Self.check(["PayloadUUID", "PayloadType", "PayloadVersion", "PayloadIdentifier", "Payload", "PayloadDisplayName"])
    Self.check(["é", "e", "z", "日本", "Z", "ü", "a\u{301}"])
    Self.check(["same", "same", "other", "same"])
  }

  @Test func randomKeys() {
    var rng = SystemRandomNumberGenerator()
    let alphabet: [String] = ["a", "b", "P", "\u{0}", "é", "日", "1", "~"]
    for _ in 0..<300 {
      let count = Int.random(in: 0...40, using: &rng)
      let keys = (0..<count).map { _ in
        (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
      }
      Self.check(keys)
      for key in keys {
        // The first eight bytes, big-endian, zero-padded (one load for long keys).
        let expected = Array(key.utf8.prefix(8)).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (56 - 8 * UInt64($1.offset)) }
        #expect(sortPrefix(key) == expected, "\(key)")
      }
    }
  }
}
