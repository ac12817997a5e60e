import Diagnostics
import ProfileSyntax
import Testing

/// Each case: a source with ⟨ marking where the diagnostic must start, and its code.
/// One diagnostic per source unless listed otherwise.
struct ErrorCase: CustomTestStringConvertible, Sendable {
  var source: String
  var codes: [String]
  var testDescription: String { codes.joined(separator: ",") + " " + source.debugDescription }
  init(_ source: String, _ codes: String...) {
    self.source = source
    self.codes = codes
  }
}

let errorCases: [ErrorCase] = [
  ErrorCase("a:\n⟨\tb: 1\n", "PC0003"),
  ErrorCase("a: ⟨&anchor 1\n", "PC0004"),
  ErrorCase("a: 1\nb: ⟨*alias\n", "PC0004"),
  ErrorCase("a: ⟨!!str 1\n", "PC0005"),
  ErrorCase("⟨%YAML 1.2\n---\na: 1\n", "PC0006"),
  ErrorCase("a: 1\n⟨---\nb: 2\n", "PC0007"),
  ErrorCase("a: 1\n...\n⟨b: 2\n", "PC0007"),
  ErrorCase("⟨? complex\n: value\n", "PC0008"),
  ErrorCase("a: 1\n⟨? complex\n: value\nb: 2\n", "PC0008"),
  ErrorCase("a: 1\n⟨[x, y]: 1\n", "PC0008"),
  ErrorCase("a:\n  b: 1\n  ⟨{x: 1}: 2\n", "PC0008"),
  ErrorCase("a: 1\n⟨[x, y]\n", "PC0018"),
  ErrorCase("a: 1\n⟨[x, \"y]: z\"]\n", "PC0018"),
  ErrorCase("a: 1\n⟨[x, 'y'']: z']\n", "PC0018"),
  ErrorCase("a: 1\n⟨[[x], {y: 1}]: 2\n", "PC0008"),
  ErrorCase("a: 1\n⟨a: 2\n", "PC0009"),
  ErrorCase("a: {x: 1, ⟨x: 2}\n", "PC0009"),
  ErrorCase("a:\n  b: 1\n   ⟨c: 2\n", "PC0010"),
  ErrorCase("a:\n    b: 1\n  ⟨c: 2\n", "PC0010"),
  ErrorCase("a: ⟨\"unterminated\nb: 2\n", "PC0011"),
  ErrorCase("a: ⟨'unterminated\nb: 2\n", "PC0011"),
  ErrorCase("a: ⟨[1, 2\nb: 2\n", "PC0012"),
  ErrorCase("a: ⟨{x: 1\n", "PC0012"),
  ErrorCase("a: \"⟨\\q\"\n", "PC0013"),
  ErrorCase("a: \"⟨\\uD800\"\n", "PC0013"),
  ErrorCase("a: \"⟨\\u12\"\n", "PC0013"),
  ErrorCase("a: \"⟨\\0\"\n", "PC0002"),
  ErrorCase("a: b⟨\u{01}c\n", "PC0002"),
  ErrorCase("a: \"x\" ⟨extra\n", "PC0015"),
  ErrorCase("a: | ⟨text\n  more\n", "PC0016"),
  ErrorCase("a: ⟨@handle\n", "PC0017"),
  ErrorCase("a:\n  b: 1\n  ⟨just text\n", "PC0018"),
  ErrorCase("a:\n  just text\n  ⟨b: 1\n", "PC0010"),
  ErrorCase("a:\n  b: 1\n  ⟨- c\n", "PC0019"),
  ErrorCase("a: b⟨: c\n", "PC0015"),
  ErrorCase("a: ⟨- b\n", "PC0015"),
  ErrorCase("a: [1, ⟨}\n", "PC0015", "PC0012"),
]

@Suite struct ParserErrorTests {
  @Test(arguments: errorCases)
  func reportsAtMarker(_ c: ErrorCase) {
    let (source, locations) = marked(c.source)
    let tree = parse(source)
    let got = tree.diagnostics.map(\.code)
    #expect(got == c.codes, "\(diagSummary(tree)) \(tree.diagnostics.map(\.message))")
    if let first = tree.diagnostics.first, let expected = locations.first {
      #expect("\(first.startLocation!)" == expected, "\(first.message)")
    }
  }

  @Test func reportsEverySyntaxErrorInOneRun() {
    let tree = parse("a: \"x\" junk\nb: &anchor 1\nc: !tag 2\nd: 3\nd: 4\n")
    #expect(tree.diagnostics.map(\.code) == ["PC0015", "PC0004", "PC0005", "PC0009"])
  }

  @Test func duplicateKeyNotesTheFirst() {
    let tree = parse("name: a\nname: b\n")
    #expect(tree.diagnostics.first?.notes == ["first defined at line 1, column 1"])
  }

  @Test func invalidUTF8IsReportedPerSequence() {
    var bytes = Array("a: caf".utf8)
    bytes.append(0xE9)
    bytes += Array("\nb: \u{FF}".utf8)
    bytes.append(0xC3)  // truncated sequence at the end
    let tree = Parser.parse(SourceFile(path: "x", bytes: bytes))
    #expect(tree.diagnostics.map(\.code) == ["PC0001", "PC0001"])
    #expect(tree.diagnostics.map { "\($0.startLocation!)" } == ["1:7", "2:5"])
  }

  @Test func bomAndCRLF() {
    let tree = parse("\u{FEFF}a: 1\r\nb:\r\n  - x\r\n")
    #expect(tree.diagnostics.isEmpty)
    #expect(dumpJSON(tree.root) == "{\"a\":\"1\",\"b\":[\"x\"]}")
  }

  @Test func columnsCountScalars() {
    let tree = parse("é: 1\né: 2\n")
    #expect(tree.diagnostics.map { "\($0.startLocation!)" } == ["2:1"])
    let t2 = parse("ключ: \"x\" ⟨y\n".replacingOccurrences("⟨", ""))
    #expect(t2.diagnostics.map { "\($0.startLocation!)" } == ["1:11"])
  }

  @Test func quotedKeysAndEmptyValues() {
    let tree = parse("\"a b\": \nc:\n")
    #expect(tree.diagnostics.isEmpty)
    #expect(tree.root?.mappingEntries?.map(\.keyText) == ["a b", "c"])
    #expect(tree.root?.mappingEntries?.allSatisfy { $0.value.isEmptyPlain } == true)
  }

  @Test func commentsAreRecorded() {
    let tree = parse("# top\na: 1 # trailing\n# own\nb: [x, # in flow\n  y]\n")
    #expect(tree.comments.map(\.ownLine) == [true, false, true, false])
  }

  @Test func surrogatePairEscapesCombine() {
    let tree = parse("a: \"\\uD83D\\uDE00\"\n")
    #expect(tree.diagnostics.isEmpty)
    #expect(tree.root?.mappingEntries?.first?.value.scalarText == "😀")
  }
}

extension String {
  func replacingOccurrences(_ a: String, _ b: String) -> String {
    split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
  }
}
