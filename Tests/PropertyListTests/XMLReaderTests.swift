import Diagnostics
import Testing

@testable import PropertyList

@Suite struct XMLReaderTests {
  func value(_ text: String) throws -> PlistValue {
    let result = readXML(text)
    let root = try #require(result.root, "\(summary(result))")
    return root.value
  }

  @Test func readsEveryValueType() throws {
    let v = try value(
      xml(
        """
        <dict>
        \t<key>s</key><string>hello</string>
        \t<key>i</key><integer>-42</integer>
        \t<key>r</key><real>1.5</real>
        \t<key>t</key><true/>
        \t<key>f</key><false/>
        \t<key>d</key><date>2024-02-29T12:34:56Z</date>
        \t<key>b</key><data>aGVs
        \t\tbG8=</data>
        \t<key>a</key><array><string>x</string><dict/><array/></array>
        </dict>
        """))
    let expected = PlistValue.dict(
      PlistDict([
        PlistEntry(key: "s", value: .string("hello")),
        PlistEntry(key: "i", value: .integer(-42)),
        PlistEntry(key: "r", value: PlistNode(.real(1.5))),
        PlistEntry(key: "t", value: .bool(true)),
        PlistEntry(key: "f", value: .bool(false)),
        PlistEntry(
          key: "d",
          value: PlistNode(
            .date(PlistDate(year: 2024, month: 2, day: 29, hour: 12, minute: 34, second: 56)!))),
        PlistEntry(key: "b", value: PlistNode(.data(Array("hello".utf8)))),
        PlistEntry(key: "a", value: .array([.string("x"), .dict(PlistDict()), .array([])])),
      ]))
    #expect(v == expected)
  }

  @Test func keepsSourceOrderAndRanges() throws {
    let text = xml(
      "<dict>\n\t<key>b</key>\n\t<string>1</string>\n\t<key>a</key>\n\t<integer>2</integer>\n</dict>"
    )
    let result = readXML(text)
    let root = try #require(result.root)
    let dict = try #require(root.dictValue)
    #expect(dict.keys == ["b", "a"])
    let file = result.file
    func at(_ r: SourceRange?) -> String {
      guard let r else { return "nil" }
      return "\(file.location(of: r.start))-\(file.location(of: r.end))"
    }
    #expect(at(root.range) == "4:1-9:8")
    #expect(at(dict.entries[0].keyRange) == "5:2-5:14")
    #expect(at(dict.entries[0].value.range) == "6:2-6:20")
    #expect(at(dict.entries[1].keyRange) == "7:2-7:14")
    #expect(at(dict.entries[1].value.range) == "8:2-8:22")
  }

  @Test func acceptsWhatApplesParserAccepts() throws {
    // No declaration, no DOCTYPE, comments, processing instructions, CRLF.
    #expect(try value("<plist version=\"1.0\"><string>x</string></plist>") == .string("x"))
    #expect(
      try value("<plist><!-- c --><?pi data?><string>x</string><!-- d --></plist>\n<!-- end -->\n")
        == .string("x"))
    #expect(
      try value(
        "<?xml version=\"1.0\"?>\r\n<plist>\r\n<dict>\r\n<key>k</key>\r\n<string>a\r\nb\rc</string>\r\n</dict>\r\n</plist>\r\n"
      )
        == .dict(PlistDict([PlistEntry(key: "k", value: .string("a\nb\nc"))])))
    // A bare value as the root element.
    #expect(
      try value("<dict><key>a</key><true/></dict>")
        == .dict(PlistDict([PlistEntry(key: "a", value: .bool(true))])))
    // A UTF-8 byte order mark.
    let bom = PlistReader.read(
      path: "bom.plist", bytes: [0xEF, 0xBB, 0xBF] + Array(xml("<string>é</string>").utf8))
    #expect(bom.root?.value == .string("é"))
    #expect(bom.diagnostics.isEmpty)
    // SYSTEM DOCTYPE, single-quoted attributes, standalone.
    #expect(
      try value(
        "<?xml version='1.0' encoding='utf-8' standalone='yes'?><!DOCTYPE plist SYSTEM 'file://x.dtd'><plist version='1.0'><integer>1</integer></plist>"
      ) == .integer(1))
  }

  @Test func textIsKeptExactly() throws {
    #expect(
      try value(xml("<string>  two  spaces\n\tand a tab  </string>"))
        == .string("  two  spaces\n\tand a tab  "))
    #expect(try value(xml("<string/>")) == .string(""))
    #expect(try value(xml("<string></string>")) == .string(""))
    #expect(
      try value(xml("<dict><key/><string>empty key</string></dict>"))
        == .dict(PlistDict([PlistEntry(key: "", value: .string("empty key"))])))
    #expect(
      try value(xml("<string>&lt;&gt;&amp;&quot;&apos;&#10;&#x41;&#233;&#x1F600;</string>"))
        == .string("<>&\"'\nA\u{E9}\u{1F600}"))
    #expect(
      try value(xml("<string><![CDATA[<not> &a; tag]]> and &amp;</string>"))
        == .string("<not> &a; tag and &"))
    #expect(try value(xml("<string>a<!-- hidden -->b<?pi x?>c</string>")) == .string("abc"))
    // A character reference to CR is kept (only literal line ends are normalized).
    #expect(try value(xml("<string>a&#13;&#10;b</string>")) == .string("a\r\nb"))
    // Control characters that plistlib could not write are still read.
    #expect(try value(xml("<string>bell\u{07}&#1;</string>")) == .string("bell\u{07}\u{01}"))
    // Keys are kept exactly as well, and compared scalar by scalar.
    let d = try value(
      xml(
        "<dict><key>e\u{301}</key><integer>1</integer><key>\u{E9}</key><integer>2</integer></dict>")
    )
    #expect(d.typeName == "dictionary")
    if case .dict(let dict) = d { #expect(dict.entries.count == 2) }
  }

  @Test(arguments: [
    ("0", Int64(0)), ("42", 42), ("-42", -42), ("+7", 7), ("  12  ", 12), ("\n\t12\n", 12),
    ("007", 7),
    ("1_000", 1000), ("0x1F", 31), ("0X1f", 31), ("0x_ff", 255), ("0x10 ", 16),
    ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
    ("0x7FFFFFFFFFFFFFFF", Int64.max),
  ])
  func integers(_ text: String, _ expected: Int64) throws {
    #expect(try value(xml("<integer>\(text)</integer>")) == .integer(expected))
  }

  @Test(arguments: [
    ("9223372036854775808", "PC5008"), ("-9223372036854775809", "PC5008"),
    ("18446744073709551616", "PC5008"), ("0x8000000000000000", "PC5008"),
    ("99999999999999999999999999999", "PC5008"),
    ("", "PC5009"), ("1.0", "PC5009"), ("1e3", "PC5009"), ("abc", "PC5009"), ("1__0", "PC5009"),
    ("_1", "PC5009"), ("1_", "PC5009"), ("0x", "PC5009"), (" 0x10", "PC5009"), ("-0x10", "PC5009"),
    ("0xg", "PC5009"), ("- 1", "PC5009"), ("++1", "PC5009"),
  ])
  func badIntegers(_ text: String, _ code: String) {
    let result = readXML(xml("<integer>\(text)</integer>"))
    #expect(result.root == nil)
    #expect(summary(result) == ["\(code)@4:1"])
  }

  @Test(arguments: [
    ("1.5", 1.5), ("-0.0", -0.0), ("1e16", 1e16), ("1E-5", 1e-5), (".5", 0.5), ("5.", 5.0),
    ("  3 ", 3.0),
    ("1_0.2_5", 10.25), ("inf", Double.infinity), ("-Infinity", -Double.infinity),
    ("+INF", Double.infinity),
    ("1e400", Double.infinity), ("123456789.0", 123456789.0), ("1.5e300", 1.5e300),
    ("4.9e-324", 4.9e-324),
  ])
  func reals(_ text: String, _ expected: Double) throws {
    let v = try value(xml("<real>\(text)</real>"))
    guard case .real(let r) = v else {
      Issue.record("not a real: \(v)")
      return
    }
    #expect(r == expected && r.sign == expected.sign)
  }

  @Test func nanReal() throws {
    guard case .real(let r) = try value(xml("<real>NaN</real>")) else {
      Issue.record()
      return
    }
    #expect(r.isNaN)
  }

  @Test(arguments: [
    "", "abc", "0x1p3", "1e", "1e+", ".", "e5", "1.5.5", "1__0", "_1", "1_", "in f", "nan(1)",
    "1 2",
  ])
  func badReals(_ text: String) {
    #expect(summary(readXML(xml("<real>\(text)</real>"))) == ["PC5009@4:1"])
  }

  @Test(arguments: [
    ("2024-02-29T12:34:56Z", "2024-02-29T12:34:56Z"), ("2024-02-29T12:34Z", "2024-02-29T12:34:00Z"),
    ("2024-02-29T12Z", "2024-02-29T12:00:00Z"), ("2024-02-29Z", "2024-02-29T00:00:00Z"),
    ("2024-02Z", "2024-02-01T00:00:00Z"), ("2024Z", "2024-01-01T00:00:00Z"),
    ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
  ])
  func dates(_ text: String, _ expected: String) throws {
    #expect(try value(xml("<date>\(text)</date>")) == .date(PlistDate.parseISO8601(expected)!))
  }

  @Test(arguments: [
    "", "2024-02-29T12:34:56", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "0000-01-01T00:00:00Z", " 2024-01-01T00:00:00Z", "2024-01-01T00:00:00Zjunk",
    "24-01-01T00:00:00Z",
    "2024-01-01T00:00:00.5Z", "2024-1-01T00:00:00Z",
  ])
  func badDates(_ text: String) {
    #expect(summary(readXML(xml("<date>\(text)</date>"))) == ["PC5009@4:1"])
  }

  @Test func data() throws {
    #expect(try value(xml("<data></data>")) == .data([]))
    #expect(try value(xml("<data/>")) == .data([]))
    #expect(try value(xml("<data>\n\tAAEC\n\tAw==\n</data>")) == .data([0, 1, 2, 3]))
    #expect(try value(xml("<data>AAECAw</data>")) == .data([0, 1, 2, 3]))
    #expect(summary(readXML(xml("<data>AA!C</data>"))) == ["PC5009@4:1"])
    #expect(summary(readXML(xml("<data>A</data>"))) == ["PC5009@4:1"])
  }

  @Test func booleansMustBeEmpty() throws {
    #expect(try value(xml("<true></true>")) == .bool(true))
    #expect(try value(xml("<false> </false>")) == .bool(false))
    #expect(summary(readXML(xml("<true>yes</true>"))) == ["PC5006@4:1"])
  }

  @Test func duplicateKeyPointsAtTheSecondKey() throws {
    let result = readXML(
      xml("<dict>\n\t<key>A</key>\n\t<true/>\n\t<key>A</key>\n\t<false/>\n</dict>"))
    #expect(result.root == nil)
    #expect(summary(result) == ["PC5007@7:2"])
    #expect(result.diagnostics[0].message == "duplicate key 'A'")
    #expect(result.diagnostics[0].notes == ["first defined at 5:2"])
  }

  @Test func everyValueErrorIsReported() {
    let result = readXML(
      xml(
        "<array>\n<integer>x</integer>\n<real>y</real>\n<date>z</date>\n<string>&bogus;</string>\n</array>"
      ))
    #expect(summary(result) == ["PC5009@5:1", "PC5009@6:1", "PC5009@7:1", "PC5004@8:9"])
  }

  @Test func leadingWhitespaceBeforeTheDeclaration() throws {
    let result = readXML("\n  \t<?xml version=\"1.0\"?>\n<plist><true/></plist>")
    #expect(result.root?.value == .bool(true))
    #expect(summary(result) == ["PC5005@1:1"])
    #expect(result.diagnostics[0].severity == .warning)
    // Whitespace before a document without declaration is plain XML.
    #expect(readXML("\n\n<plist><true/></plist>").diagnostics.isEmpty)
  }

  @Test(arguments: [
    // (input, code@line:col)
    ("", "PC5001@1:1"),
    ("   \n", "PC5001@2:1"),
    ("hello", "PC5001@1:1"),
    ("{\"json\": true}", "PC5001@1:1"),
    ("<html><body/></html>", "PC5001@1:1"),
    ("<?xml version=\"1.0\"?>", "PC5001@1:22"),
    ("<plist></plist>", "PC5006@1:1"),
    ("<plist/>", "PC5006@1:1"),
    ("<plist><true/><false/></plist>", "PC5006@1:15"),
    ("<plist><dict><string>x</string></dict></plist>", "PC5006@1:14"),
    ("<plist><dict><key>a</key></dict></plist>", "PC5006@1:14"),
    ("<plist><dict><key>a</key><key>b</key><true/></dict></plist>", "PC5006@1:14"),
    ("<plist><array><key>a</key></array></plist>", "PC5006@1:15"),
    ("<plist><dict>text<key>a</key><true/></dict></plist>", "PC5006@1:14"),
    ("<plist><str>x</str></plist>", "PC5006@1:8"),
    ("<plist><plist/></plist>", "PC5006@1:8"),
    ("<plist><string>x</plist>", "PC5002@1:17"),
    ("<plist><string>x", "PC5002@1:17"),
    ("<plist><dict>\n<key>a</key>\n<string>x</string>\n", "PC5002@4:1"),
    ("<plist><string>a<key>b</key></string></plist>", "PC5002@1:17"),
    ("<plist><string>a < b</string></plist>", "PC5002@1:18"),
    ("<plist><string>&#X41;</string></plist>", "PC5004@1:16"),  // XML allows only a lowercase x
    ("<plist><true/></plist><true/>", "PC5002@1:23"),
    ("<plist><true/></plist>junk", "PC5002@1:23"),
    ("<plist><true/></plist  x>", "PC5002@1:15"),
    ("<plist><true/ ></plist>", "PC5002@1:13"),
    ("<plist a=b><true/></plist>", "PC5002@1:10"),
    ("<plist a=\"<\"><true/></plist>", "PC5002@1:11"),
    ("<plist a=\"x\"b=\"y\"><true/></plist>", "PC5002@1:13"),
    ("<plist><!-- open <true/></plist>", "PC5002@1:8"),
    ("<plist><string><![CDATA[x</string></plist>", "PC5002@1:16"),
    ("<plist><?pi <true/></plist>", "PC5002@1:8"),
    ("<plist><!DOCTYPE x><true/></plist>", "PC5002@1:8"),
    ("<!DOCTYPE plist><!DOCTYPE plist><plist><true/></plist>", "PC5002@1:17"),
    ("<plist><true/></plist><?xml version=\"1.0\"?>", "PC5002@1:23"),
    ("<!-- c --><?xml version=\"1.0\"?><plist><true/></plist>", "PC5002@1:11"),
    ("<?xml version=\"1.0\"<plist><true/></plist>", "PC5002@1:20"),
    ("<plist>\n<string>caf\u{E9}</string></plist>", ""),  // valid UTF-8: no diagnostic
    ("<plist><string>&amp</string></plist>", "PC5004@1:16"),
    ("<plist><string>& </string></plist>", "PC5004@1:16"),
    ("<plist><string>&#xD800;</string></plist>", "PC5004@1:16"),
    ("<plist><string>&#0;</string></plist>", "PC5004@1:16"),
    ("<plist><string>&#x110000;</string></plist>", "PC5004@1:16"),
    ("<plist><string>&#99999999999999999999;</string></plist>", "PC5004@1:16"),
    ("<plist><string>&#;</string></plist>", "PC5004@1:16"),
    ("<plist><string>&nbsp;</string></plist>", "PC5004@1:16"),
    ("<plist a=\"&foo;\"><true/></plist>", "PC5004@1:11"),
    ("<plist>\n\t<array>\n\t\t<string>x</string>\n\t</dict>\n</plist>", "PC5002@4:2"),
  ])
  func errorPositions(_ input: String, _ expected: String) {
    let result = readXML(input)
    #expect(summary(result) == (expected.isEmpty ? [] : [expected]), "\(input)")
    #expect((result.root == nil) == !expected.isEmpty)
  }

  @Test func mismatchedTagSaysWhereTheElementOpened() throws {
    let result = readXML("<plist>\n\t<array>\n\t\t<string>x</string>\n\t</dict>\n</plist>")
    let d = try #require(result.diagnostics.first)
    #expect(d.message == "closing tag '</dict>' does not match '<array>'")
    #expect(d.notes == ["'<array>' opened at 2:2"])
    let unclosed = readXML("<plist>\n<dict>\n")
    #expect(unclosed.diagnostics.first?.message == "'<dict>' is not closed")
    #expect(unclosed.diagnostics.first?.notes == ["'<dict>' opened at 2:1"])
  }

  @Test func encodings() throws {
    // UTF-16 (with or without BOM) is refused with its own code.
    let utf16: [UInt8] =
      [0xFF, 0xFE] + Array("<plist/>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    #expect(summary(PlistReader.read(path: "x", bytes: utf16)) == ["PC5015@1:1"])
    let utf16NoBOM = Array("<plist/>".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    #expect(summary(PlistReader.read(path: "x", bytes: utf16NoBOM)) == ["PC5015@1:1"])
    // Latin-1 declared: fine while the file is ASCII, refused once it is not.
    let ascii =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><plist><string>cafe</string></plist>"
    #expect(readXML(ascii).root?.value == .string("cafe"))
    let latin1 =
      Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><plist><string>caf".utf8) + [0xE9]
      + Array("</string></plist>".utf8)
    #expect(summary(PlistReader.read(path: "x", bytes: latin1)) == ["PC5015@1:31"])
    // Invalid UTF-8 and NUL bytes without such a declaration are malformed XML.
    let bad = Array("<plist><string>caf".utf8) + [0xE9] + Array("</string></plist>".utf8)
    #expect(summary(PlistReader.read(path: "x", bytes: bad)) == ["PC5002@1:19"])
    let nul = Array("<plist><string>a".utf8) + [0] + Array("</string></plist>".utf8)
    #expect(summary(PlistReader.read(path: "x", bytes: nul)) == ["PC5002@1:17"])
    let overlong: [UInt8] =
      Array("<plist><string>".utf8) + [0xC0, 0xAF] + Array("</string></plist>".utf8)
    #expect(summary(PlistReader.read(path: "x", bytes: overlong)) == ["PC5002@1:16"])
    let surrogate: [UInt8] =
      Array("<plist><string>".utf8) + [0xED, 0xA0, 0x80] + Array("</string></plist>".utf8)
    #expect(summary(PlistReader.read(path: "x", bytes: surrogate)) == ["PC5002@1:16"])
  }

  @Test func doctypeInternalSubsetIsRefused() {
    let entity = readXML(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE plist [\n  <!ENTITY a \"b\">\n]>\n<plist><string>&a;</string></plist>"
    )
    #expect(summary(entity) == ["PC5003@3:3"])
    let empty = readXML("<!DOCTYPE plist []><plist><true/></plist>")
    #expect(summary(empty) == ["PC5003@1:17"])
    // A '[' inside a quoted public identifier is not a subset.
    #expect(
      readXML("<!DOCTYPE plist PUBLIC \"[x]\" \"y\"><plist><true/></plist>").root?.value
        == .bool(true))
    #expect(summary(readXML("<!DOCTYPE plist PUBLIC \"x\"")) == ["PC5002@1:1"])
  }

  @Test func diagnosticsOfSignedFilesMentionTheInnerXML() throws {
    // Covered with real files in CorpusTests; here only that unsigned files carry no such note.
    let result = readXML(xml("<integer>x</integer>"))
    #expect(result.diagnostics.first?.notes.contains { $0.contains("CMS") } == false)
  }
}
