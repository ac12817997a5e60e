import Diagnostics
import Foundation
import Testing

@testable import PropertyList

/// SplitMix64: a small seeded generator, so every run tries the same inputs.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Every read ends in a tree or an error diagnostic, never both and never neither.
func expectAnswer(
  _ result: PlistReadResult, _ what: @autoclosure () -> String,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  #expect(
    (result.root != nil) != result.hasErrors, "\(what()): \(summary(result))",
    sourceLocation: sourceLocation)
}

@Suite struct HostileInputTests {
  @Test func billionLaughs() {
    let text = """
      <?xml version="1.0"?>
      <!DOCTYPE plist [
        <!ENTITY lol "lol">
        <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
        <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
      ]>
      <plist version="1.0"><string>&lol9;</string></plist>
      """
    let result = readXML(text)
    #expect(summary(result) == ["PC5003@3:3"])
    #expect(result.diagnostics[0].message == "entity declaration in the DOCTYPE")
  }

  @Test func externalEntities() {
    let declared = readXML(
      """
      <?xml version="1.0"?>
      <!DOCTYPE plist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <plist version="1.0"><string>&xxe;</string></plist>
      """)
    #expect(summary(declared) == ["PC5003@2:18"])
    let parameter = readXML(
      "<!DOCTYPE plist [<!ENTITY % p SYSTEM \"http://example.com/x.dtd\"> %p;]><plist><true/></plist>"
    )
    #expect(summary(parameter) == ["PC5003@1:18"])
    // Without a declaration the reference is simply unknown.
    #expect(summary(readXML(xml("<string>&xxe;</string>"))) == ["PC5004@4:9"])
    // The external DTD named by Apple's DOCTYPE is never fetched: reading works offline.
    #expect(readXML(xml("<true/>")).root?.value == .bool(true))
  }

  @Test func deepXMLNesting() {
    for (open, leaf, close) in [
      ("<array>", "<array/>", "</array>"), ("<dict><key>k</key>", "<dict/>", "</dict>"),
    ] {
      func doc(_ depth: Int) -> String {
        "<plist>" + String(repeating: open, count: depth - 1) + leaf
          + String(repeating: close, count: depth - 1)
          + "</plist>"
      }
      #expect(readXML(doc(64)).root != nil)
      let r65 = readXML(doc(65))
      #expect(r65.diagnostics.map(\.code) == ["PC5012"])
      #expect(r65.diagnostics.first?.startLocation?.column == 8 + 64 * open.utf8.count)
      let deep = readXML(doc(100_000))
      #expect(deep.diagnostics.map(\.code) == ["PC5012"])
      // Unclosed, too.
      #expect(
        readXML("<plist>" + String(repeating: open, count: 100_000)).diagnostics.map(\.code) == [
          "PC5012"
        ])
    }
  }

  @Test func emptyAndTinyFiles() {
    #expect(summary(PlistReader.read(path: "empty.mobileconfig", bytes: [])) == ["PC5001@1:1"])
    for bytes: [UInt8] in [
      [0x30], [0x30, 0x00], Array("bplist".utf8), Array("bplist00".utf8), [0xEF, 0xBB, 0xBF],
      [0xFF], [0x3C], Array("<?".utf8), Array("<!".utf8), Array("<!--".utf8), Array("<p".utf8),
    ] {
      let result = PlistReader.read(path: "tiny", bytes: bytes)
      #expect(result.root == nil && result.diagnostics.count == 1, "\(bytes)")
    }
  }

  @Test func inputSizeLimit() {
    let bytes = Array(xml("<string>" + String(repeating: "x", count: 1000) + "</string>").utf8)
    let limited = PlistReader.read(
      path: "big.plist", bytes: bytes, limits: PlistReadLimits(maxInputBytes: 1000))
    #expect(limited.diagnostics.map(\.code) == ["PC5013"])
    #expect(limited.diagnostics[0].displayFileName == "big.plist")
    #expect(
      PlistReader.read(
        path: "big.plist", bytes: bytes, limits: PlistReadLimits(maxInputBytes: bytes.count)
      ).root != nil)
    // One value over the value limit.
    let value = PlistReader.read(
      path: "big.plist", bytes: bytes, limits: PlistReadLimits(maxValueBytes: 999))
    #expect(summary(value) == ["PC5013@4:1"])
    // Too many values.
    let many = readXML(
      xml("<array>" + String(repeating: "<true/>", count: 100) + "</array>"),
      limits: PlistReadLimits(maxObjects: 50))
    #expect(many.diagnostics.map(\.code) == ["PC5013"])
  }

  @Test func errorCountIsCapped() {
    let result = readXML(
      xml("<array>" + String(repeating: "<integer>x</integer>", count: 1000) + "</array>"))
    #expect(result.diagnostics.count == PlistReadLimits.default.maxErrors)
  }

  @Test func everyPrefixOfAnXMLAndABinaryFile() throws {
    let relative = "rtrouton__profiles/BlockAirDrop/BlockAirDrop.mobileconfig"
    let bytes = readBytes(corpusRoot.appendingPathComponent(relative).path)
    let full = try #require(readCorpus(relative).root)
    for n in 0..<bytes.count {
      let result = PlistReader.read(path: relative, bytes: Array(bytes[0..<n]))
      expectAnswer(result, "prefix \(n)")
      // Only prefixes that lose nothing but trailing whitespace may succeed.
      if let root = result.root { #expect(root.value == full.value) }
    }
    // The same for a binary copy.
    var p = BPlist()
    let k = p.add(BPlist.ascii("PayloadType"))
    let v = p.add(BPlist.ascii("Configuration"))
    let list = p.add(p.array([k, v]))
    p.top = p.add(p.dict([k], [list]))
    let binary = p.build()
    #expect(readBinary(binary).root != nil)
    for n in 0..<binary.count {
      let result = readBinary(Array(binary[0..<n]))
      #expect(result.root == nil && result.hasErrors, "binary prefix \(n)")
    }
  }

  @Test func randomBytes() {
    var rng = SplitMix64(seed: 0x5EED_0001)
    let starts: [[UInt8]] = [
      [], Array("bplist00".utf8), [0x30, 0x80], [0x30, 0x82],
      Array("<?xml version=\"1.0\"?><plist>".utf8), Array("<plist><dict>".utf8),
    ]
    for i in 0..<3000 {
      let length = Int.random(in: 0...300, using: &rng)
      var bytes = starts[i % starts.count]
      for _ in 0..<length { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
      expectAnswer(PlistReader.read(path: "random", bytes: bytes), "case \(i)")
    }
  }

  /// Random XML-ish token soup: gets far deeper into the XML reader than random bytes.
  @Test func randomXMLTokens() {
    var rng = SplitMix64(seed: 0x5EED_0002)
    let tokens = [
      "<plist>", "</plist>", "<dict>", "</dict>", "<array>", "</array>", "<key>k</key>", "<key>",
      "</key>",
      "<string>", "</string>", "<string/>", "<integer>1</integer>", "<real>", "</real>", "<true/>",
      "<false/>",
      "<date>2020-01-01T00:00:00Z</date>", "<data>AAEC</data>", "<!-- c -->", "<?pi?>",
      "<![CDATA[x]]>",
      "&amp;", "&#10;", "&bogus;", "&", "<", ">", " ", "\n", "\r\n", "text", "<!DOCTYPE plist>",
      "<?xml version=\"1.0\"?>",
      "é", "\u{1F600}", "<dict/>", "<array/>", "=\"", "'", "<x a=\"1\">",
    ]
    for i in 0..<3000 {
      var text = ""
      for _ in 0..<Int.random(in: 0...40, using: &rng) {
        text += tokens.randomElement(using: &rng)!
      }
      expectAnswer(readXML(text), "case \(i): \(text)")
    }
  }

  /// Valid files with a few bytes changed: XML, binary and signed.
  @Test func mutatedFiles() throws {
    var rng = SplitMix64(seed: 0x5EED_0003)
    let xmlFile = readBytes(
      corpusRoot.appendingPathComponent("rtrouton__profiles/BlockAirDrop/BlockAirDrop.mobileconfig")
        .path)
    let signedRelative = try #require(
      corpusFiles.first { $0.hasPrefix("paulmillr__encrypted-dns/signed/") })
    let signed = readBytes(corpusRoot.appendingPathComponent(signedRelative).path)
    var p = BPlist()
    let s = p.add(BPlist.ascii("value"))
    let u = p.add(BPlist.utf16("é\u{1F600}"))
    let n = p.add(BPlist.int(-7))
    let d = p.add([0x33] + BPlist.be(1234.5.bitPattern, 8))
    let arr = p.add(p.array([s, u, n, d]))
    p.top = p.add(p.dict([s, u], [arr, n]))
    let binary = p.build()
    for (name, original) in [("xml", xmlFile), ("binary", binary), ("signed", signed)] {
      #expect(PlistReader.read(path: name, bytes: original).root != nil, "\(name)")
      for i in 0..<1000 {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
          let at = Int.random(in: 0..<bytes.count, using: &rng)
          switch Int.random(in: 0..<3, using: &rng) {
          case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
          case 1: bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
          default: bytes.remove(at: at)
          }
        }
        expectAnswer(PlistReader.read(path: name, bytes: bytes), "\(name) mutation \(i)")
      }
    }
  }
}
