import Diagnostics
import Foundation
import Testing

@testable import PropertyList

/// A Python expression that builds the same value (exactly: reals by bit pattern, strings
/// scalar by scalar), so plistlib can write it independently of our writer.
func pythonLiteral(_ v: PlistValue) -> String {
  switch v {
  case .string(let s):
    var out = "'"
    for c in s.unicodeScalars {
      if c.value >= 0x20 && c.value < 0x7F && c != "'" && c != "\\" {
        out.unicodeScalars.append(c)
      } else {
        let hex = String(c.value, radix: 16)
        out += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
      }
    }
    return out + "'"
  case .integer(let i): return String(i)
  case .real(let r):
    let hex = String(r.bitPattern, radix: 16)
    return
      "struct.unpack('>d', bytes.fromhex('\(String(repeating: "0", count: 16 - hex.count) + hex)'))[0]"
  case .bool(let b): return b ? "True" : "False"
  case .date(let d):
    let c = d.components
    return "datetime.datetime(\(c.year), \(c.month), \(c.day), \(c.hour), \(c.minute), \(c.second))"
  case .data(let bytes):
    return "bytes.fromhex('" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
      + "')"
  case .array(let items):
    return "[" + items.map { pythonLiteral($0.value) }.joined(separator: ", ") + "]"
  case .dict(let d):
    return "{"
      + d.entries.map { pythonLiteral(.string($0.key)) + ": " + pythonLiteral($0.value.value) }
      .joined(separator: ", ") + "}"
  }
}

func nest(_ node: PlistNode, levels: Int) -> PlistNode {
  var n = node
  for level in 0..<levels {
    n = level % 2 == 0 ? .array([n]) : .dict(PlistDict([PlistEntry(key: "k", value: n)]))
  }
  return n
}

@Suite struct WriterTests {
  static let trickyValues: [PlistNode] = {
    var values: [PlistNode] = [
      .string("a&b<c>d ]]> \"quotes\" 'apostrophes'"),
      .string("CR\rLF\nCRLF\r\nCRCRLF\r\r\nend\r"),
      .string("tab\there, é, 日本語, \u{1F600}, \u{FFFF}"),
      .string(""),
      .dict(PlistDict([PlistEntry(key: "k&<>\r\n", value: .string("v"))])),
      .integer(Int64.max), .integer(Int64.min), .integer(0), .integer(-1),
      .array([]), .dict(PlistDict()),
      .dict(
        PlistDict([
          PlistEntry(key: "a", value: .array([])), PlistEntry(key: "b", value: .dict(PlistDict())),
        ])),
      .array([.array([]), .dict(PlistDict()), .array([.array([])])]),
      .bool(true), .bool(false),
      .dict(
        PlistDict(
          [
            "é", "z", "Z", "\u{1F600}", "\u{FFFF}", "a", "ä", "e\u{301}", "", "A", "_", "\u{7F}",
            "\u{80}",
          ].enumerated().map {
            PlistEntry(key: $0.element, value: .integer(Int64($0.offset)))
          })),
    ]
    for r in [
      0.1, 1e16, 1e-5, -0.0, 0.0, 123456789.0, 1.5e300, 1e15, 1e-4, 1e22, 5e-324,
      1.7976931348623157e308,
      2.5, -3.75, 1.0 / 3.0, Double.infinity, -Double.infinity, Double.nan, 9007199254740993.0,
      0.30000000000000004,
    ] {
      values.append(PlistNode(.real(r)))
    }
    for s in [
      "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
      "2024-02-29T12:34:56Z", "1969-12-31T23:59:59Z",
    ] {
      values.append(PlistNode(.date(PlistDate.parseISO8601(s)!)))
    }
    // Data of every length 0...100 at several indentation levels (plistlib wraps base64
    // lines at max(16, 76 - 8 * level) characters).
    for levels in [0, 1, 2, 4, 7, 8, 10] {
      for length in 0...100 {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + levels) }
        values.append(nest(PlistNode(.data(bytes)), levels: levels))
      }
    }
    return values
  }()

  @Test func writerEqualsPlistlibAndReaderReadsItBack() throws {
    let values = WriterTests.trickyValues
    let script =
      framedPythonPrelude + """
        import struct
        for expr in json.load(sys.stdin):
            try:
                ok(plistlib.dumps(eval(expr), sort_keys=True))
            except Exception as e:
                err(e)
        """
    let exprs = values.map { pythonLiteral($0.value) }
    let answers = try runFramedPython(
      script, input: try JSONSerialization.data(withJSONObject: exprs))
    try #require(answers.count == values.count)
    for (value, (expr, answer)) in zip(values, zip(exprs, answers)) {
      let expected = try answer.get()
      let ours = try PlistXMLWriter.write(value)
      #expect(ours == expected, "\(expr.prefix(200))")
      // Reading plistlib's bytes back gives the value (modulo the CR → LF plistlib writes).
      let read = readXML(String(decoding: expected, as: UTF8.self))
      #expect(read.root?.value == normalizingLineEnds(value).value, "\(expr.prefix(200))")
      #expect(read.diagnostics.isEmpty)
    }
  }

  @Test func controlCharactersAreRefusedByTheWriterButRead() throws {
    let value = PlistNode.dict(PlistDict([PlistEntry(key: "k", value: .string("bell\u{07}"))]))
    #expect(throws: PlistXMLWriter.WriteError.controlCharacter(path: "k")) {
      try PlistXMLWriter.write(value)
    }
    let read = readXML(xml("<dict><key>k</key><string>bell\u{07}</string></dict>"))
    #expect(read.root?.value == value.value)
  }
}
