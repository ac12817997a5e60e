import Foundation
import Testing

/// `profilec lint` end to end, against the built binary.
@Suite struct LintCLITests {
  static let peer = Harness.sharedRoot.appendingPathComponent("peer-tests/mobileconfig-validator")
  static let corpus = Harness.sharedRoot.appendingPathComponent("corpus")

  struct Report {
    var status: Int32
    var codes: [String]
    var errors: [String]
    var warnings: [String]
    var json: [String: Any]
  }

  static func lintJSON(_ args: [String]) throws -> Report {
    let r = try Harness.run(["lint", "--format", "json"] + args)
    let json = try #require(
      try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any], "\(r.stderr)")
    let diagnostics = json["diagnostics"] as? [[String: Any]] ?? []
    func codes(_ severity: String?) -> [String] {
      diagnostics.filter { severity == nil || $0["severity"] as? String == severity }.compactMap {
        $0["code"] as? String
      }
    }
    return Report(
      status: r.status, codes: codes(nil), errors: codes("error"), warnings: codes("warning"),
      json: json)
  }

  /// The peer linter's verdicts (README table), reached with `lint --strict` and the same problem named.
  @Test(
    arguments: [
      ("valid/dock-basic.mobileconfig", "valid", nil),
      ("valid/multiple-payloads.mobileconfig", "valid", nil),
      ("valid/screensaver.mobileconfig", "valid", nil),
      ("warning/unknown-key.mobileconfig", "warning", "PC2002"),
      ("invalid/missing-payload-uuid.mobileconfig", "invalid", "PC5018"),
      ("invalid/invalid-uuid-format.mobileconfig", "invalid", "PC5019"),
      ("invalid/duplicate-uuid.mobileconfig", "invalid", "PC1013"),
      ("invalid/unknown-payload-type.mobileconfig", "invalid", "PC2001"),
      ("invalid/wrong-outer-type.mobileconfig", "invalid", "PC5016"),
      ("invalid/wrong-payload-version.mobileconfig", "invalid", "PC5017"),
      ("invalid/not-a-plist.mobileconfig", "invalid", "PC5001"),
    ] as [(String, String, String?)])
  func peerVerdicts(_ file: String, _ verdict: String, _ code: String?) throws {
    let report = try Self.lintJSON(["--strict", Self.peer.appendingPathComponent(file).path])
    switch verdict {
    case "valid":
      #expect(report.status == 0, "\(report.codes)")
      #expect(report.errors.isEmpty)
    case "warning":
      #expect(report.status == 0)
      #expect(report.errors.isEmpty)
      #expect(report.warnings.contains(code!))
    default:
      #expect(report.status == 1)
      #expect(report.errors.contains(code!), "\(report.codes)")
    }
  }

  @Test func platformIsInferredForThePeerFixtures() throws {
    // dock, finder and screensaver exist only on macOS: validated there, not refused as iOS payloads.
    let report = try Self.lintJSON([Self.peer.appendingPathComponent("valid").path])
    #expect(!report.codes.contains("PC3001"))
    let iOS = try Self.lintJSON([
      "--platform", "iOS", Self.peer.appendingPathComponent("valid/dock-basic.mobileconfig").path,
    ])
    #expect(iOS.errors.contains("PC3001"))
    #expect(iOS.status == 1)
  }

  @Test func wholeCorpusFolder() throws {
    let report = try Self.lintJSON([Self.corpus.path])
    #expect(report.status == 1)
    let diagnostics = report.json["diagnostics"] as? [[String: Any]] ?? []
    let chrome = diagnostics.filter {
      ($0["file"] as? String)?.hasSuffix(
        "Google Chrome - Prevent proceeding from the SSL warning page.mobileconfig") == true
    }
    #expect(chrome.count == 1)
    #expect(chrome.first?["code"] as? String == "PC5002")
    #expect([15, 48].contains(chrome.first?["line"] as? Int ?? 0))
    // Twelve signed files, each with its note.
    #expect(report.codes.filter { $0 == "PC5014" }.count == 12)
  }

  @Test func oneBadInputNeverStopsTheOthers() throws {
    let r = try Harness.run([
      "lint", "/nonexistent/x.mobileconfig",
      Self.peer.appendingPathComponent("invalid/not-a-plist.mobileconfig").path,
      Self.peer.appendingPathComponent("warning/unknown-key.mobileconfig").path,
    ])
    #expect(r.status == 2)
    #expect(r.stderr.contains("PC9001"))
    #expect(r.stderr.contains("error[PC5001]"))
    #expect(r.stderr.contains("warning[PC2002]"))
  }

  @Test func exitCodesAndPolicy() throws {
    let unknown = Self.peer.appendingPathComponent("warning/unknown-key.mobileconfig").path
    let plain = try Harness.run(["lint", unknown])
    #expect(plain.status == 0)
    #expect(plain.stderr.contains("unknownKeyThatDoesNotExist"))
    #expect(plain.stderr.contains("unknown-key.mobileconfig:20:4: warning[PC2002]"))
    #expect(try Harness.run(["lint", "--warnings-as-errors", unknown]).status == 1)
    #expect(try Harness.run(["lint", "--deny", "PC2002", unknown]).status == 1)
    let allowed = try Harness.run(["lint", "--allow", "PC2002", unknown])
    #expect(allowed.status == 0)
    #expect(allowed.stderr.isEmpty)
    let quiet = try Harness.run(["lint", "--quiet", unknown])
    #expect(quiet.status == 0)
    #expect(quiet.stderr.isEmpty)
    let clean = try Harness.run([
      "lint", Self.peer.appendingPathComponent("valid/dock-basic.mobileconfig").path,
    ])
    #expect(clean.status == 0)
    #expect(clean.stderr.isEmpty)
    #expect(clean.stdout.isEmpty)
  }

  @Test(arguments: [
    ["lint"], ["lint", "--enrollment", "byod", "a.mobileconfig"],
    ["lint", "--platform", "ios", "a.mobileconfig"],
    ["lint", "--min-os", "seventeen", "a.mobileconfig"], ["lint", "-o", "x", "a.mobileconfig"],
    ["import", "--out-dir", "x", "a.mobileconfig"],
  ])
  func usageErrors(_ args: [String]) throws {
    let r = try Harness.run(args)
    #expect(r.status == 2, "\(args)")
    #expect(r.stderr.contains("error:"))
  }

  @Test func machineFormats() throws {
    let file = Self.peer.appendingPathComponent("invalid/wrong-outer-type.mobileconfig").path
    let sarif = try Harness.run(["lint", "--format", "sarif", file])
    #expect(sarif.status == 1)
    #expect(
      sarif.out.contains("\"version\": \"2.1.0\"") || sarif.out.contains("\"version\":\"2.1.0\""))
    #expect(sarif.out.contains("PC5016"))
    let github = try Harness.run(["lint", "--format", "github", file])
    #expect(github.out.contains("::error file="))
    #expect(github.out.contains("title=PC5016::"))
  }

  @Test func emptyFolderIsAWarning() throws {
    let dir = try Harness.tempDir()
    let r = try Harness.run(["lint", dir.path])
    #expect(r.status == 0)
    #expect(r.stderr.contains("PC9006"))
  }

  @Test func binaryCopiesLintLikeTheXML() throws {
    let plutil = "/opt/swift/usr/bin/plutil"
    guard FileManager.default.isExecutableFile(atPath: plutil) else { return }
    let dir = try Harness.tempDir()
    for file in ["valid/dock-basic", "warning/unknown-key", "invalid/wrong-payload-version"] {
      let source = Self.peer.appendingPathComponent(file + ".mobileconfig").path
      let copy = dir.appendingPathComponent(
        file.replacingOccurrences(of: "/", with: "-") + ".mobileconfig"
      ).path
      let p = Process()
      p.executableURL = URL(fileURLWithPath: plutil)
      p.arguments = ["-convert", "binary1", "-o", copy, source]
      try p.run()
      p.waitUntilExit()
      let a = try Self.lintJSON([source])
      let b = try Self.lintJSON([copy])
      #expect(a.status == b.status, "\(file)")
      #expect(a.codes.sorted() == b.codes.sorted(), "\(file)")
    }
  }
}
