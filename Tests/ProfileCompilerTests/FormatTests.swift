import Diagnostics
import Foundation
import ProfileSyntax
import PropertyList
import Testing

@testable import ProfileCompiler

/// Paths and helpers for the tools' tests (namespaced: other suites share this target).
enum ToolsFixtures {
  /// The package root (three levels above this file).
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// Files below `dir` (relative to the package root) whose names end in `suffix`,
  /// sorted; empty when the folder does not exist.
  static func files(in dir: String, suffix: String) -> [String] {
    let root = packageRoot.appendingPathComponent(dir)
    guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
    return e.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted().map {
      root.appendingPathComponent($0).path
    }
  }

  static let formatInputs = files(in: "Tests/Fixtures/fmt", suffix: ".profile.yaml")
  /// Every source the project ships as a sample.
  static let samples = files(in: "samples", suffix: ".profile.yaml")

  /// True when `text` would read as a string by its form alone, whatever the schema:
  /// only such a scalar may change between plain and quoted.
  static func formIsString(_ text: String) -> Bool {
    if ScalarForms.isNull(text) { return false }
    if ScalarForms.boolean(text) != nil || ScalarForms.booleanLookalike(text) != nil { return false }
    if case .notInteger = ScalarForms.integer(text) {} else { return false }
    if case .notReal = ScalarForms.real(text) {} else { return false }
    return PlistDate.parseISO8601(text) == nil && !ScalarForms.looksLikeDate(text)
  }

  static let environment: @Sendable (String) -> String? = { name in
    name == "FMT_TEST_VALUE" ? "from the environment" : FileIO.environment(name)
  }

  /// True when two trees say the same thing: the same scalars, and a scalar changes between
  /// plain and quoted only where its text is a string under every schema.
  static func sameMeaning(_ a: Node?, _ b: Node?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    switch (a.kind, b.kind) {
    case (.scalar(let x, let sx), .scalar(let y, let sy)):
      guard x == y else { return false }
      let plainX = sx == .plain, plainY = sy == .plain
      return plainX == plainY || formIsString(x)
    case (.mapping(let x, _), .mapping(let y, _)):
      return x.count == y.count
        && zip(x, y).allSatisfy { $0.keyText == $1.keyText && sameMeaning($0.value, $1.value) }
    case (.sequence(let x, _), .sequence(let y, _)):
      return x.count == y.count && zip(x, y).allSatisfy { sameMeaning($0, $1) }
    default:
      return false
    }
  }

  static func commentTexts(_ tree: SyntaxTree) -> [String] {
    tree.comments.map { c in
      var s = String(decoding: tree.file.bytes[c.range.start..<c.range.end], as: UTF8.self)
      while s.last == " " || s.last == "\t" { s.removeLast() }
      return s
    }
  }

  /// Runs `python3 -c script`, returning the exit status and stdout.
  static func python(_ script: String, stdin: Data) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script]
    let out = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardInput = input
    try p.run()
    input.fileHandleForWriting.write(stdin)
    try input.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

private func format(_ text: String) -> String {
  switch SourceFormatter.format(SourceFile(path: "t.profile.yaml", text: text)) {
  case .formatted(let bytes): return String(decoding: bytes, as: UTF8.self)
  case .syntaxErrors(let d): return "<syntax errors: \(d.map(\.code))>"
  }
}

/// Formats the file at `path` and checks every promise `fmt` makes about it.
private func checkFormatInvariants(path: String, bytes: [UInt8], mustCompile: Bool) {
  let file = SourceFile(path: path, bytes: bytes)
  guard case .formatted(let once) = SourceFormatter.format(file) else {
    Issue.record("\(path): syntax errors")
    return
  }
  let formatted = SourceFile(path: path, bytes: once)
  guard case .formatted(let twice) = SourceFormatter.format(formatted) else {
    Issue.record("\(path): fmt output does not parse:\n\(String(decoding: once, as: UTF8.self))")
    return
  }
  #expect(twice == once, "\(path): not idempotent")
  let before = Parser.parse(file), after = Parser.parse(formatted)
  #expect(ToolsFixtures.sameMeaning(before.root, after.root), "\(path): meaning changed")
  #expect(ToolsFixtures.commentTexts(before) == ToolsFixtures.commentTexts(after), "\(path): comments changed")

  let options = CompileOptions(environment: ToolsFixtures.environment)
  let c0 = Compiler.compile(file, options: options)
  let c1 = Compiler.compile(formatted, options: options)
  #expect(c0.mobileconfig == c1.mobileconfig, "\(path): compiles differently")
  #expect(c0.diagnostics.map(\.code).sorted() == c1.diagnostics.map(\.code).sorted(), "\(path)")
  if mustCompile { #expect(c0.mobileconfig != nil, "\(path): \(c0.diagnostics.map(\.message))") }

  let text = String(decoding: once, as: UTF8.self)
  #expect(!text.contains("\r") && !text.hasPrefix("\u{FEFF}") && text.hasSuffix("\n"))
  #expect(!text.contains("\t"), "\(path): tab in output")
}

@Suite struct FormatTests {
  @Test(arguments: ToolsFixtures.formatInputs)
  func fixtureInvariants(_ path: String) throws {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    checkFormatInvariants(path: path, bytes: bytes, mustCompile: true)
    // CRLF line endings and a byte-order mark change nothing but themselves.
    var crlf: [UInt8] = [0xEF, 0xBB, 0xBF]
    for b in bytes {
      if b == 0x0A { crlf.append(0x0D) }
      crlf.append(b)
    }
    checkFormatInvariants(path: path, bytes: crlf, mustCompile: true)
    guard case .formatted(let a) = SourceFormatter.format(SourceFile(path: path, bytes: bytes)),
      case .formatted(let b) = SourceFormatter.format(SourceFile(path: path, bytes: crlf))
    else { return }
    #expect(a == b)
  }

  @Test(arguments: ToolsFixtures.samples)
  func sampleInvariants(_ path: String) throws {
    checkFormatInvariants(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), mustCompile: false)
  }

  /// `NAME.profile.yaml` formats to `NAME.formatted.yaml` (UPDATE_GOLDEN=1 rewrites them).
  @Test(arguments: ToolsFixtures.formatInputs)
  func golden(_ path: String) throws {
    let input = try Data(contentsOf: URL(fileURLWithPath: path))
    guard case .formatted(let out) = SourceFormatter.format(SourceFile(path: path, bytes: Array(input))) else {
      Issue.record("syntax errors")
      return
    }
    let expectedURL = URL(fileURLWithPath: String(path.dropLast(".profile.yaml".count)) + ".formatted.yaml")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try Data(out).write(to: expectedURL)
      Issue.record("updated \(expectedURL.lastPathComponent); review the diff and run again")
      return
    }
    let expected = try Data(contentsOf: expectedURL)
    #expect(String(decoding: out, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
  }

  /// PyYAML (an independent YAML implementation) reads the same data before and after.
  @Test func pyyamlAgrees() throws {
    let paths = ToolsFixtures.formatInputs + ToolsFixtures.samples
    var pairs: [[String]] = []
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profilec-fmt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for (i, path) in paths.enumerated() {
      let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
      guard case .formatted(let out) = SourceFormatter.format(SourceFile(path: path, bytes: bytes)) else { continue }
      let target = dir.appendingPathComponent("\(i).yaml")
      try Data(out).write(to: target)
      pairs.append([path, target.path])
    }
    let script = """
      import json, sys, yaml
      bad = []
      for a, b in json.load(sys.stdin):
          x = yaml.load(open(a, encoding='utf-8-sig'), Loader=yaml.BaseLoader)
          y = yaml.load(open(b, encoding='utf-8'), Loader=yaml.BaseLoader)
          if x != y: bad.append(a)
      print('\\n'.join(bad))
      """
    let (status, out) = try ToolsFixtures.python(script, stdin: try JSONSerialization.data(withJSONObject: pairs))
    #expect(status == 0)
    #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "")
  }

  @Test(arguments: [
    // Quotes come off where the plain text is a string under every schema...
    ("k: \"abc\"\n", "k: abc\n"),
    ("k: 'it''s'\n", "k: it's\n"),
    ("k: \"com.contoso.app\"\n", "k: com.contoso.app\n"),
    ("\"k\": v\n", "k: v\n"),
    // ...and stay where it would be a number, boolean, null, date or indicator.
    ("k: \"1\"\n", "k: \"1\"\n"),
    ("k: '15.0'\n", "k: \"15.0\"\n"),
    ("k: \"yes\"\n", "k: \"yes\"\n"),
    ("k: 'null'\n", "k: \"null\"\n"),
    ("k: \"\"\n", "k: \"\"\n"),
    ("k: \"2027-01-31T00:00:00Z\"\n", "k: \"2027-01-31T00:00:00Z\"\n"),
    ("k: \"a: b\"\n", "k: \"a: b\"\n"),
    ("k: 'back\\slash \"q\"'\n", "k: back\\slash \"q\"\n"),
    ("k: \"#x\"\n", "k: \"#x\"\n"),
    ("k: '\"x'\n", "k: '\"x'\n"),
    ("\"1\": v\n", "\"1\": v\n"),
    // Plain stays plain.
    ("k: 1\n", "k: 1\n"),
    ("k: yes\n", "k: yes\n"),
    // Layout.
    ("a:\n    b:   1\n", "a:\n  b: 1\n"),
    ("a: {b: 1, c: [x, y]}\n", "a:\n  b: 1\n  c: [x, y]\n"),
    ("a:\n- x\n-   y\n", "a:\n  - x\n  - y\n"),
    ("a: [{b: 1}, {c: 2}]\n", "a:\n  - b: 1\n  - c: 2\n"),
    ("a: 1\nb: 2\n", "a: 1\n\nb: 2\n"),
    ("a:\n  x: 1\n\n\n\n  y: 2\n", "a:\n  x: 1\n\n  y: 2\n"),
    ("a:   # c\n  x: 1    # d\n", "a: # c\n  x: 1 # d\n"),
    ("a: |\n    text\n", "a: |\n  text\n"),
    ("a: |\n  no final newline", "a: |-\n  no final newline\n"),
    ("a: |+\n  kept\n\n", "a: |+\n  kept\n\n"),
    ("a: >2\n     indented\n", "a: >2\n     indented\n"),
    ("a: {file: icon.png}\n", "a: {file: icon.png}\n"),
    ("a: {}\nb: []\n", "a: {}\n\nb: []\n"),
    ("a:\n  - - x\n    - y\n", "a:\n  - - x\n    - y\n"),
    ("---\na: 1\n", "---\na: 1\n"),
    ("", ""),
    ("# only a comment\n", "# only a comment\n"),
  ])
  func layout(_ input: String, _ expected: String) {
    #expect(format(input) == expected)
  }

  @Test func longFlowListsBecomeBlock() {
    let items = (1...12).map { "com.contoso.application\($0)" }
    let out = format("a: [" + items.joined(separator: ", ") + "]\n")
    #expect(out == "a:\n" + items.map { "  - \($0)\n" }.joined())
  }

  @Test func wrappedScalarsStayWrappedWithinTheWidth() {
    let words = (1...40).map { "word\($0)" }.joined(separator: " ")
    let out = format("a: \"" + words.replacingOccurrences(of: "word20 ", with: "word20\n  ") + "\"\n")
    #expect(out.split(separator: "\n").allSatisfy { $0.count <= SourceFormatter.width })
    #expect(out.split(separator: "\n").count > 1)
    #expect(format(out) == out)
    // A single-line scalar is never broken, however long.
    let single = "a: " + words + "\n"
    #expect(format(single) == single)
  }

  @Test func syntaxErrorsAreNotFormatted() {
    guard case .syntaxErrors(let d) = SourceFormatter.format(SourceFile(path: "t", text: "a:\n\tb: 1\n")) else {
      Issue.record("expected syntax errors")
      return
    }
    #expect(d.contains { $0.code == DiagnosticDescriptor.tabIndentation.code })
  }
}

