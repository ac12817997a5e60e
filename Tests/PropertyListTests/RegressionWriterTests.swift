import Testing

@testable import PropertyList

/// The writer sizes its output from an estimate and falls back to an exact count when
/// escapes overflow it; both paths must give plistlib's bytes.
@Suite struct RegressionWriterTests {
  /// plistlib's escaping, written the simple way.
  static func escaped(_ s: String) -> String {
    s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
      .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }

  static func document(_ key: String, _ value: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
    <plist version="1.0">
    <dict>
    \t<key>\(escaped(key))</key>
    \t<string>\(escaped(value))</string>
    </dict>
    </plist>

    """
  }

  @Test(arguments: [
    "plain", "a & b", String(repeating: "&", count: 5000), String(repeating: "<>&\r\n", count: 3000),
    "\r\r\n\r", "ünïcödé & <tags>", String(repeating: "x", count: 100_000) + "&",
  ])
  func escapesGrowOrShrinkTheOutput(_ text: String) throws {
    let root = PlistNode(.dict(PlistDict([PlistEntry(key: "k&<" + text.prefix(3), value: .string(text))])))
    let bytes = try PlistXMLWriter.write(root)
    #expect(String(decoding: bytes, as: UTF8.self) == Self.document("k&<" + text.prefix(3), text))
  }

  @Test func estimateCoversEveryKindWithoutEscapes() throws {
    let values: [PlistValue] = [
      .string("s"), .integer(-9_223_372_036_854_775_808), .integer(0), .integer(42), .real(1.5),
      .real(-0.0), .bool(true), .bool(false), .data(Array(0..<200)), .data([]), .array([]),
      .dict(PlistDict()), .array([.string("a"), .array([.integer(7)])]),
    ]
    var dict = PlistDict()
    for (i, v) in values.enumerated() { dict.set("k\(i)", PlistNode(v)) }
    let root = PlistValue.dict(dict)
    let bytes = try PlistXMLWriter.write(PlistNode(root))
    let estimate = PlistXMLWriter.header.count + PlistXMLWriter.footer.count
      + PlistXMLWriter.estimateBytes(root, level: 0)
    #expect(estimate >= bytes.count)
    #expect(try PlistXMLWriter.write(PlistNode(root), capacity: bytes.count) == bytes)
    #expect(try PlistXMLWriter.write(PlistNode(root), capacity: bytes.count - 1) == nil)
  }

  @Test func controlCharacterPathIsSpelledOut() {
    var inner = PlistDict()
    inner.set("bad", .string("a\u{01}b"))
    let root = PlistNode(.dict(PlistDict([PlistEntry(key: "outer", value: .array([.string("ok"), .dict(inner)]))])))
    #expect(throws: PlistXMLWriter.WriteError.controlCharacter(path: "outer[1].bad")) {
      try PlistXMLWriter.write(root)
    }
  }

  @Test func keyOrderIsByUnicodeScalars() {
    let keys = ["b", "a", "B", "é", "e\u{0301}", "aa", "", "Z", "\u{1F600}", "\u{FF21}"]
    let sorted = keys.sorted { scalarLess($0, $1) }
    let expected = keys.sorted { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
    #expect(sorted == expected)
    #expect(scalarEqual("é", "é") && !scalarEqual("é", "e\u{0301}"))
  }
}
