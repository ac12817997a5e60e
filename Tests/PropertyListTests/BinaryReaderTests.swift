import Diagnostics
import Foundation
import Testing

@testable import PropertyList

/// Builds `bplist00` files object by object, with every trailer field overridable, so
/// tests can make exactly the broken file they need.
struct BPlist {
  var objects: [[UInt8]] = []
  var top = 0
  var refSize = 1
  var offsetSize: Int? = nil
  var countOverride: UInt64? = nil
  var topOverride: UInt64? = nil
  var tableOffsetOverride: UInt64? = nil
  var offsetOverrides: [Int: UInt64] = [:]
  var header = Array("bplist00".utf8)

  @discardableResult
  mutating func add(_ bytes: [UInt8]) -> Int {
    objects.append(bytes)
    return objects.count - 1
  }

  static func be(_ v: UInt64, _ size: Int) -> [UInt8] {
    (0..<size).reversed().map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }
  }

  /// A marker with a length: in the low nibble, or as a following integer object.
  static func marker(_ high: UInt8, _ length: Int) -> [UInt8] {
    if length < 15 { return [high << 4 | UInt8(length)] }
    return [high << 4 | 0xF, 0x13] + be(UInt64(length), 8)
  }

  static func int(_ v: Int64) -> [UInt8] { [0x13] + be(UInt64(bitPattern: v), 8) }
  static func ascii(_ s: String) -> [UInt8] { marker(0x5, s.utf8.count) + Array(s.utf8) }
  static func utf16(_ s: String) -> [UInt8] {
    let units = Array(s.utf16)
    return marker(0x6, units.count) + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
  }
  func refs(_ r: [Int]) -> [UInt8] { r.flatMap { BPlist.be(UInt64($0), refSize) } }
  func array(_ r: [Int]) -> [UInt8] { BPlist.marker(0xA, r.count) + refs(r) }
  func dict(_ keys: [Int], _ values: [Int]) -> [UInt8] {
    BPlist.marker(0xD, keys.count) + refs(keys) + refs(values)
  }

  func build() -> [UInt8] {
    var out = header
    var offsets: [UInt64] = []
    for o in objects {
      offsets.append(UInt64(out.count))
      out += o
    }
    for (i, v) in offsetOverrides { offsets[i] = v }
    let tableOffset = UInt64(out.count)
    let size = offsetSize ?? (out.count < 256 ? 1 : out.count < 65536 ? 2 : 4)
    for o in offsets { out += BPlist.be(o, size) }
    out += [0, 0, 0, 0, 0, 0, UInt8(size), UInt8(refSize)]
    out += BPlist.be(countOverride ?? UInt64(objects.count), 8)
    out += BPlist.be(topOverride ?? UInt64(top), 8)
    out += BPlist.be(tableOffsetOverride ?? tableOffset, 8)
    return out
  }
}

func readBinary(_ bytes: [UInt8], limits: PlistReadLimits = .default) -> PlistReadResult {
  PlistReader.read(path: "test.bplist", bytes: bytes, limits: limits)
}

/// The one error code of a failed binary read, and its message.
func binaryError(_ bytes: [UInt8], limits: PlistReadLimits = .default) -> (String, String) {
  let r = readBinary(bytes, limits: limits)
  guard r.root == nil, r.diagnostics.count == 1 else { return ("no error", "\(summary(r))") }
  return (r.diagnostics[0].code, r.diagnostics[0].message)
}

@Suite struct BinaryReaderTests {
  /// plistlib writes binary plists of tricky values; reading them must give what plistlib's
  /// XML writer gives for the same values.
  @Test func plistlibBinaryFilesReadToTheSameValues() throws {
    let cases = [
      "[0, 1, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**63 - 1, -1, -255, -2**63]",
      "[0.1, 1e16, 1e-5, -0.0, 123456789.0, 1.5e300, 5e-324, float('inf'), float('-inf')]",
      "[datetime.datetime(2001, 1, 1, 0, 0, 0, 500000), datetime.datetime(2000, 12, 31, 23, 59, 59, 500000), datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31, 23, 59, 59), datetime.datetime(1970, 1, 1), datetime.datetime(2024, 2, 29, 12, 34, 56)]",
      "['', 'hello', 'caf\\u00e9', '\\u65e5\\u672c\\u8a9e', '\\U0001F600 smile', 'x' * 300, 'a&b<c>']",
      "[b'', b'\\x00\\xff', bytes(range(256)) * 100]",
      "{'\\U0001F600': 1, 'z': {'nested': [[], {}, [True, False]]}, 'e\\u0301': 'decomposed', '\\u00e9': 'composed'}",
      "{('k%03d' % i): i for i in range(300)}",
      "[{'a': [1, 2]}, {'a': [1, 2]}, 'shared', 'shared', 'shared']",
      "[]", "{}", "'just a string'", "True", "3.25",
      String(repeating: "[", count: 64) + "'deep'" + String(repeating: "]", count: 64),
    ]
    let script =
      framedPythonPrelude + """
        for expr in json.load(sys.stdin):
            v = eval(expr)
            ok(plistlib.dumps(v, fmt=plistlib.FMT_BINARY, sort_keys=False))
            ok(plistlib.dumps(v, fmt=plistlib.FMT_XML, sort_keys=True))
        """
    let answers = try runFramedPython(
      script, input: try JSONSerialization.data(withJSONObject: cases))
    try #require(answers.count == 2 * cases.count)
    for (i, expr) in cases.enumerated() {
      let binary = try answers[2 * i].get()
      let expectedXML = try answers[2 * i + 1].get()
      let result = readBinary(binary)
      let root = try #require(
        result.root, "\(expr): \(summary(result)) \(result.diagnostics.map(\.message))")
      #expect(result.format == .binary)
      #expect(try PlistXMLWriter.write(root) == expectedXML, "\(expr)")
      // And the XML reader agrees with the binary reader.
      #expect(
        readXML(String(decoding: expectedXML, as: UTF8.self)).root?.value == root.value, "\(expr)")
    }
  }

  @Test func integersTooLargeForInt64() throws {
    let script =
      framedPythonPrelude + """
        for v in [2**63, 2**64 - 1, -2**63 - 1]:
            ok(plistlib.dumps(v, fmt=plistlib.FMT_BINARY)) if v >= -2**63 else ok(bytes(8))
        """
    let answers = try runFramedPython(script, input: Data())
    for answer in answers.prefix(2) {
      #expect(binaryError(try answer.get()).0 == "PC5008")
    }
    // A 16-byte integer whose value fits is fine; one that does not is out of range.
    var p = BPlist()
    p.add([0x14] + [UInt8](repeating: 0xFF, count: 15) + [0xFB])
    #expect(readBinary(p.build()).root?.value == .integer(-5))
    p.objects[0] = [0x14] + [UInt8](repeating: 0, count: 7) + [1] + [UInt8](repeating: 0, count: 8)
    #expect(binaryError(p.build()).0 == "PC5008")
  }

  @Test func handMadeValues() {
    var p = BPlist()
    let f32 = p.add([0x22] + BPlist.be(UInt64(Float(1.5).bitPattern), 4))
    let small = p.add([0x10, 0xFF])  // 1-byte ints are unsigned
    let two = p.add([0x11, 0xFF, 0xFE])
    let four = p.add([0x12, 0xFF, 0xFF, 0xFF, 0xFF])
    let date = p.add([0x33] + BPlist.be((-978_307_200.0).bitPattern, 8))  // 1970-01-01
    let t = p.add([0x09])
    let s = p.add(BPlist.utf16("\u{1F600}é"))
    p.top = p.add(p.array([f32, small, two, four, date, t, s]))
    let root = readBinary(p.build()).root
    #expect(
      root?.value
        == .array([
          PlistNode(.real(1.5)), .integer(255), .integer(65534), .integer(4_294_967_295),
          PlistNode(.date(PlistDate(secondsSince1970: 0))), .bool(true), .string("\u{1F600}é"),
        ]))
  }

  @Test(arguments: [
    (0x00 as UInt8, "null object"), (0x0F, "fill byte"), (0x80, "UID object"), (0xC0, "set object"),
    (0xB0, "set object"), (0x70, "unknown object marker 0x70"),
    (0x05, "unknown object marker 0x05"),
    (0x15, "integer of 2^5 bytes"), (0x24, "real of 2^4 bytes"), (0x34, "malformed date"),
  ])
  func unsupportedObjects(_ marker: UInt8, _ words: String) {
    var p = BPlist()
    p.add([marker] + [UInt8](repeating: 0, count: 16))
    let (code, message) = binaryError(p.build())
    #expect(code == "PC5010")
    #expect(message.contains(words), "\(message)")
    #expect(message.hasSuffix("at byte offset 8"), "\(message)")
  }

  @Test func trailerAndOffsetTableAreChecked() {
    func expectMalformed(
      _ p: BPlist, _ words: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
      let (code, message) = binaryError(p.build())
      #expect(code == "PC5010", sourceLocation: sourceLocation)
      #expect(message.contains(words), "\(message)", sourceLocation: sourceLocation)
    }
    var base = BPlist()
    base.add([0x09])
    #expect(readBinary(base.build()).root?.value == .bool(true))

    var p = base
    p.header = Array("bplist01".utf8)
    expectMalformed(p, "unsupported version '01'")
    #expect(binaryError(Array("bplist00".utf8)).0 == "PC5010")
    #expect(
      binaryError(Array("bplist00".utf8) + [UInt8](repeating: 0, count: 32)).1.contains("too short")
    )

    p = base
    p.offsetSize = 0
    expectMalformed(p, "offset size 0")
    p = base
    p.refSize = 9
    expectMalformed(p, "object reference size 9")
    p = base
    p.countOverride = 0
    expectMalformed(p, "object count 0")
    p = base
    p.countOverride = UInt64.max
    expectMalformed(p, "does not fit in the file")
    p = base
    p.countOverride = 1 << 40
    expectMalformed(p, "does not fit in the file")
    p = base
    p.topOverride = 1
    expectMalformed(p, "top object 1")
    p = base
    p.topOverride = UInt64.max
    expectMalformed(p, "top object")
    p = base
    p.tableOffsetOverride = UInt64.max
    expectMalformed(p, "offset table")
    p = base
    p.tableOffsetOverride = 3
    expectMalformed(p, "offset table")
    p = base
    p.tableOffsetOverride = 100
    expectMalformed(p, "offset table")
    p = base
    p.offsetOverrides = [0: 9]
    expectMalformed(p, "outside the object area")
    p = base
    p.offsetOverrides = [0: 2]
    expectMalformed(p, "outside the object area")
    p = base
    p.offsetSize = 8
    p.offsetOverrides = [0: UInt64.max]
    expectMalformed(p, "outside the object area")

    // 300 objects cannot be addressed with 1-byte references.
    p = BPlist()
    for _ in 0..<300 { p.add([0x09]) }
    expectMalformed(p, "needs references wider")
  }

  @Test func lengthsAreCheckedBeforeAllocating() {
    for marker: UInt8 in [0x4, 0x5, 0x6, 0xA, 0xD] {
      for length: UInt64 in [15, 100, 1 << 31, 1 << 62, UInt64.max] {
        var p = BPlist()
        p.add([marker << 4 | 0xF, 0x13] + BPlist.be(length, 8))
        let (code, message) = binaryError(p.build())
        #expect(code == "PC5010", "\(marker) \(length): \(message)")
      }
      var p = BPlist()
      p.add([marker << 4 | 0xF, 0x53, 0, 0])  // the length is not an integer object
      #expect(binaryError(p.build()).1.contains("length is not an integer"))
    }
  }

  @Test func badReferencesKeysAndStrings() {
    var p = BPlist()
    p.top = p.add(p.array([5]))
    #expect(binaryError(p.build()).1.contains("object reference 5 is not below the object count 1"))

    p = BPlist()
    let k = p.add(BPlist.int(1))
    p.top = p.add(p.dict([k], [k]))
    #expect(binaryError(p.build()).1.contains("dictionary key is not a string"))

    p = BPlist()
    let a = p.add(BPlist.ascii("a"))
    let b = p.add(BPlist.ascii("a"))
    p.top = p.add(p.dict([a, b], [a, b]))
    #expect(binaryError(p.build()).0 == "PC5007")

    p = BPlist()
    p.add([0x52, 0x61, 0xE9])
    #expect(binaryError(p.build()).1.contains("non-ASCII byte"))

    p = BPlist()
    p.add([0x61, 0xD8, 0x3D])  // a lone high surrogate
    #expect(binaryError(p.build()).1.contains("unpaired UTF-16 surrogate"))

    for seconds in [Double.nan, .infinity, 1e300, -1e300] {
      p = BPlist()
      p.add([0x33] + BPlist.be(seconds.bitPattern, 8))
      #expect(binaryError(p.build()).0 == "PC5009")
    }
  }

  @Test func cyclesAreRejected() {
    var p = BPlist()
    p.top = p.add([0xA1, 0x00])  // an array holding itself
    #expect(binaryError(p.build()).1.contains("contains itself"))

    p = BPlist()
    let key = p.add(BPlist.ascii("k"))
    p.add([0xA1, 0x02])  // 1: array holding 2
    p.add([0xD1, UInt8(key), 0x01])  // 2: dict whose value is 1
    p.top = 1
    #expect(binaryError(p.build()).1.contains("contains itself"))
  }

  @Test func sharedObjectsArePermittedButCounted() {
    // A shared (acyclic) object is read at every use...
    var p = BPlist()
    let leaf = p.add(BPlist.ascii("x"))
    let inner = p.add(p.array([leaf, leaf]))
    p.top = p.add(p.array([inner, inner]))
    #expect(
      readBinary(p.build()).root?.value
        == .array([.array([.string("x"), .string("x")]), .array([.string("x"), .string("x")])]))

    // ...so 2^60 uses from 60 small objects end at the object limit, not in memory.
    p = BPlist()
    var previous = p.add([0x09])
    for _ in 0..<60 { previous = p.add(p.array([previous, previous])) }
    p.top = previous
    let (code, message) = binaryError(p.build())
    #expect(code == "PC5013", "\(message)")
  }

  @Test func nestingDepth() {
    func nested(_ depth: Int) -> [UInt8] {
      var p = BPlist()
      p.refSize = 4
      var previous = p.add([0xA0])
      for _ in 1..<depth { previous = p.add([0xA1] + BPlist.be(UInt64(previous), 4)) }
      p.top = previous
      return p.build()
    }
    #expect(readBinary(nested(64)).root != nil)
    #expect(binaryError(nested(65)).0 == "PC5012")
    #expect(binaryError(nested(100_000)).0 == "PC5012")
  }

  @Test func objectCountLimit() {
    var p = BPlist()
    for _ in 0..<20 { p.add([0x09]) }
    #expect(binaryError(p.build(), limits: PlistReadLimits(maxObjects: 10)).0 == "PC5013")
    #expect(readBinary(p.build(), limits: PlistReadLimits(maxObjects: 20)).root != nil)
  }

  @Test func valueSizeLimit() {
    var p = BPlist()
    p.add(BPlist.ascii(String(repeating: "x", count: 100)))
    #expect(binaryError(p.build(), limits: PlistReadLimits(maxValueBytes: 99)).0 == "PC5013")
    #expect(readBinary(p.build(), limits: PlistReadLimits(maxValueBytes: 100)).root != nil)
  }
}
