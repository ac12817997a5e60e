import Foundation
import ProfileSyntax
import Testing

/// Valid YAML-subset documents: the parser must give the same tree as PyYAML's BaseLoader
/// (an independent implementation; every scalar compared as a string).
let conformanceCases: [String] = [
  "a: 1\nb: two\n",
  "profile:\n  identifier: com.contoso.byod\n  name: Contoso BYOD\n",
  "list:\n- a\n- b\nother: c\n",
  "list:\n  - a\n  - b\n",
  "- a: 1\n  b: 2\n- c: 3\n",
  "- - a\n  - b\n- - c\n",
  "key: [a, b, c]\n",
  "key: {a: 1, b: [x, y], c: {d: e}}\n",
  "key: [\n  a,\n  b,\n]\n",
  "key: \"quoted \\\"x\\\" \\n\\t\\u00e9 \\x41 \\/\"\n",
  "key: 'it''s'\n",
  "key: |\n  line one\n  line two\n",
  "key: |-\n  line one\n  line two\n\n",
  "key: |+\n  line one\n  line two\n\n\nnext: x\n",
  "key: >\n  folded one\n  folded two\n\n  para two\n    indented\n  back\n",
  "key: >-\n  a\n  b\n",
  "key: |\n  a\n\n  b\n     c\nnext: 1\n",
  "key: plain text # comment\n# own line comment\nother: x#y\n",
  "key: multi line\n  plain scalar\n\n  with blank\nnext: 1\n",
  "url: https://portal.manage.microsoft.com/\n",
  "\"quoted key\": v\n'single key': w\n",
  "---\na: 1\n",
  "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
  "\u{FEFF}a: 1\n",
  "empty: []\nemptymap: {}\n",
  "a:\n  b:\n    c:\n      d: deep\n",
  "key: \"multi\n  line\n\n  quoted\"\n",
  "key: 'multi\n  line'\n",
  "key: \"escaped \\\n  break\"\n",
  "a: {x: 1,\n  y: 2}\n",
  "a: [1, [2, [3, [4]]]]\n",
  "a: -1\nb: -x\nc: ':x'\n",
  "- |\n  block in seq\n- plain\n",
  "a:\n  - b: 1\n    c:\n      - d\n  - e\n",
  "a: {\"json\":1, \"b\": [true,false]}\n",
  "key: x:y\nk2: a: b\n".components(separatedBy: "\n").prefix(1).joined() + "\n",
  "a: \"\"\nb: ''\n",
  "a: b\n...\n",
  "seq:\n- a\n-\n  - nested\n",
  "a: >+\n  keep\n\n",
  "a: |2\n    two extra\n  base\n",
  "k: v\n\n\n",
  "a: 'x'   # c\n",
  "a: [a b, c\n  d]\n",
]

@Suite struct ParserConformanceTests {
  static let python: String? = {
    for p in ["/usr/bin/python3", "/usr/local/bin/python3", "/root/.pyenv/shims/python3"] where FileManager.default.isExecutableFile(atPath: p) {
      return p
    }
    return nil
  }()

  /// PyYAML's reading of `text` as compact JSON with string scalars.
  func pyYAML(_ text: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c",
      """
      import sys, json, yaml
      data = yaml.load(sys.stdin.buffer.read().decode('utf-8'), Loader=yaml.BaseLoader)
      sys.stdout.write(json.dumps(data, ensure_ascii=False, separators=(',', ':')))
      """,
    ]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test(arguments: conformanceCases)
  func matchesPyYAML(_ text: String) throws {
    let tree = parse(text)
    #expect(tree.diagnostics.isEmpty, "\(tree.diagnostics.map { "\($0.code) \($0.message) \($0.startLocation!)" })")
    let expected = try pyYAML(text)
    #expect(dumpJSON(tree.root) == expected)
  }
}
