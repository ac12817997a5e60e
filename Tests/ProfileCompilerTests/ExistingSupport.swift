import Diagnostics
import Foundation
import ProfileCompiler
import PropertyList

/// Helpers for the lint/import tests (names kept in one namespace: other suites of this
/// target have their own).
enum Existing {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The shared corpus of real profiles (read-only), reached from the package root.
  static let corpusRoot: URL = {
    let relative = packageRoot.appendingPathComponent("../shared/corpus").standardizedFileURL
    if FileManager.default.fileExists(atPath: relative.path) { return relative }
    return URL(fileURLWithPath: "/work/shared/corpus")
  }()

  static let peerRoot: URL = {
    let relative = packageRoot.appendingPathComponent("../shared/peer-tests/mobileconfig-validator")
      .standardizedFileURL
    if FileManager.default.fileExists(atPath: relative.path) { return relative }
    return URL(fileURLWithPath: "/work/shared/peer-tests/mobileconfig-validator")
  }()

  /// Every `.mobileconfig` below `root`, as absolute paths, sorted.
  static func files(under root: URL) -> [String] {
    var out: [String] = []
    guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
    while let p = e.nextObject() as? String {
      if p.hasSuffix(".mobileconfig") { out.append(root.appendingPathComponent(p).path) }
    }
    return out.sorted()
  }

  static let corpusFiles = files(under: corpusRoot)

  static let malformedChrome =
    "microsoft__shell-intune-samples/macOS/Custom Profiles/Google Chrome/Prevent proceeding from the SSL warning page/Google Chrome - Prevent proceeding from the SSL warning page.mobileconfig"

  static func bytes(_ path: String) -> [UInt8] {
    (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
  }

  /// An XML profile around `body` (the inside of the top-level dict).
  static func xml(_ body: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
    <plist version="1.0">
    <dict>
    \(body)
    </dict>
    </plist>

    """
  }

  /// A well-formed profile with the given payload dictionaries' inner XML.
  static func profile(
    identifier: String = "com.contoso.test", uuid: String = "6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B",
    extraTop: String = "", payloads: [String]
  ) -> String {
    xml(
      """
      <key>PayloadContent</key>
      <array>
      \(payloads.map { "<dict>\n\($0)\n</dict>" }.joined(separator: "\n"))
      </array>
      <key>PayloadDisplayName</key>
      <string>Test</string>
      <key>PayloadIdentifier</key>
      <string>\(identifier)</string>
      <key>PayloadType</key>
      <string>Configuration</string>
      <key>PayloadUUID</key>
      <string>\(uuid)</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
      \(extraTop)
      """)
  }

  /// The inner XML of a payload dictionary.
  static func payload(
    type: String, identifier: String, uuid: String, version: String = "<integer>1</integer>",
    extra: String = ""
  ) -> String {
    """
    <key>PayloadIdentifier</key>
    <string>\(identifier)</string>
    <key>PayloadType</key>
    <string>\(type)</string>
    <key>PayloadUUID</key>
    <string>\(uuid)</string>
    <key>PayloadVersion</key>
    \(version)
    \(extra)
    """
  }

  static func lint(_ text: String, options: LintOptions = LintOptions()) -> LintOutput {
    Linter.lint(path: "test.mobileconfig", bytes: Array(text.utf8), options: options)
  }

  static func importText(_ text: String, options: LintOptions = LintOptions()) -> ImportOutput {
    Importer.importProfile(path: "test.mobileconfig", bytes: Array(text.utf8), options: options)
  }

  /// Runs the plist rule alone.
  static func check(_ rule: any PlistRule, _ text: String, strict: Bool = false) -> [Diagnostic] {
    let read = PlistReader.read(path: "test.mobileconfig", bytes: Array(text.utf8))
    guard let root = read.root else { return read.diagnostics }
    var bag = DiagnosticBag(file: read.file)
    rule.check(ExistingPlist(read: read, root: root), ValidationContext(strict: strict), &bag)
    return bag.all
  }

  /// `CODE@line` (or `CODE` without a position) for each diagnostic.
  static func codes(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { d in d.startLocation.map { "\(d.code)@\($0.line)" } ?? d.code }
  }

  /// A fresh temporary directory.
  static func tempDir() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "profilec-existing-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func findTool(_ candidates: [String]) -> String? {
    candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static let python3 = findTool(["/usr/bin/python3", "/usr/local/bin/python3"])
  static let plutil = findTool(["/opt/swift/usr/bin/plutil", "/usr/bin/plutil"])

  /// Runs a program; returns (status, stdout, stderr).
  @discardableResult
  static func run(_ tool: String, _ arguments: [String], input: Data = Data()) throws -> (
    Int32, Data, String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let box = OutBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      box.out = stdout.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      box.err = stderr.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    stdin.fileHandleForWriting.write(input)
    try? stdin.fileHandleForWriting.close()
    group.wait()
    process.waitUntilExit()
    return (process.terminationStatus, box.out, String(decoding: box.err, as: UTF8.self))
  }

  final class OutBox: @unchecked Sendable {
    var out = Data()
    var err = Data()
  }

  /// Compares pairs of property-list files with plistlib in one Python process
  /// (`plistlib.loads(a) == plistlib.loads(b)`, so 1 == 1.0). Returns the pairs that differ.
  static func plistlibDifferences(_ pairs: [(String, String)]) throws -> [String] {
    guard let python3 else { throw CocoaError(.fileNoSuchFile) }
    let script = """
      import sys, json, plistlib, subprocess
      def load(p):
          data = open(p, 'rb').read()
          if data[:1] == b'0':
              data = subprocess.run(['openssl', 'cms', '-verify', '-noverify', '-inform', 'DER', '-in', p],
                                    check=True, capture_output=True).stdout
          return plistlib.loads(data.lstrip())
      bad = []
      for a, b in json.load(sys.stdin):
          try:
              if load(a) != load(b): bad.append(a)
          except Exception as e:
              bad.append(a + ': ' + str(e))
      print(json.dumps(bad))
      """
    let input = try JSONSerialization.data(withJSONObject: pairs.map { [$0.0, $0.1] })
    let (status, out, err) = try run(python3, ["-c", script], input: input)
    guard status == 0 else {
      throw NSError(domain: "python", code: Int(status), userInfo: [NSLocalizedDescriptionKey: err])
    }
    return try JSONDecoder().decode([String].self, from: out)
  }
}

/// Reads a file with the property-list reader.
enum PlistReaderShim {
  static func read(_ path: String) -> PlistReadResult {
    PlistReader.read(path: path, bytes: Existing.bytes(path))
  }
}

extension Existing {
  /// Compiles a source with the embedded schemas and no environment.
  static func compile(_ source: String, path: String = "test.profile.yaml") -> CompileOutput {
    Compiler.compile(
      SourceFile(path: path, bytes: Array(source.utf8)),
      options: CompileOptions(environment: { _ in nil }))
  }

  /// The compiled profile's payloads as dictionaries.
  static func payloads(_ output: CompileOutput) -> [PlistDict] {
    output.model?.payloads.map(\.content) ?? []
  }
}

extension Existing {
  /// `text` with XML's special characters escaped; carriage returns as `&#13;`.
  static func xmlEscape(_ text: String) -> String {
    var out = ""
    for c in text.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\r": out += "&#13;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// Imports `text`, compiles the source, and returns both plus the first difference
  /// between the compiled profile and the original (nil when they are equal).
  static func roundTrip(_ text: String, options: LintOptions = LintOptions()) -> (
    imported: ImportOutput, compiled: CompileOutput?, difference: String?
  ) {
    let imported = importText(text, options: options)
    guard let source = imported.source else { return (imported, nil, "(no source)") }
    let compiled = compile(source)
    let original = PlistReader.read(path: "test.mobileconfig", bytes: Array(text.utf8)).root
    guard let original, let built = compiled.model?.plist(), !compiled.hasErrors else {
      return (imported, compiled, "(does not compile)")
    }
    return (imported, compiled, PlistComparison.firstDifference(original, built))
  }
}
