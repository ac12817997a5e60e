import Foundation
import Testing

/// `profilec import` end to end, against the built binary.
@Suite struct ImportCLITests {
  static let peer = LintCLITests.peer
  static let corpus = LintCLITests.corpus

  @Test func importPrintsASourceThatCompilesBack() throws {
    let file = Self.peer.appendingPathComponent("valid/multiple-payloads.mobileconfig")
    let r = try Harness.run(["import", file.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.isEmpty)
    #expect(r.out.hasPrefix("profile:\n  identifier: com.example.profile.multi\n"))
    #expect(r.out.contains("enrollment:\n  type: device\n  platform: macOS\n"))
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("multi.profile.yaml")
    try r.stdout.write(to: src)
    let compiled = try Harness.run(["compile", src.path])
    #expect(compiled.status == 0, "\(compiled.stderr)")
    let (status, out, err) = try Harness.python(
      "import plistlib,sys; a=plistlib.load(open(sys.argv[1],'rb')); b=plistlib.loads(sys.stdin.buffer.read()); print(a==b)",
      args: [file.path], stdin: compiled.stdout)
    #expect(status == 0, "\(err)")
    #expect(String(decoding: out, as: UTF8.self) == "True\n")
  }

  @Test func wholeCorpusRoundTripsThroughTheBinary() throws {
    let files = try FileManager.default.subpathsOfDirectory(atPath: Self.corpus.path)
      .filter { $0.hasSuffix(".mobileconfig") }.sorted()
    #expect(files.count >= 120)
    let dir = try Harness.tempDir()
    var pairs: [[String]] = []
    var answered = 0
    for (i, relative) in files.enumerated() {
      let path = Self.corpus.appendingPathComponent(relative).path
      let lint = try Harness.run(["lint", path])
      let imported = try Harness.run(["import", path])
      // Every file gets an answer: a source, or errors and exit 1.
      #expect([0, 1].contains(lint.status) && [0, 1].contains(imported.status), "\(relative)")
      #expect(!imported.stdout.isEmpty || imported.stderr.contains("error["), "\(relative)")
      answered += 1
      guard lint.status == 0 else { continue }
      #expect(imported.status == 0, "\(relative): \(imported.stderr)")
      let src = dir.appendingPathComponent("\(i).profile.yaml")
      try imported.stdout.write(to: src)
      let out = dir.appendingPathComponent("\(i).mobileconfig")
      let compiled = try Harness.run(["compile", src.path, "-o", out.path])
      #expect(compiled.status == 0, "\(relative): \(compiled.stderr)")
      pairs.append([path, out.path])
    }
    #expect(answered == files.count)
    #expect(pairs.count >= 100)
    // Imported sources are already in fmt's canonical layout.
    let sources = try FileManager.default.contentsOfDirectory(atPath: dir.path)
      .filter { $0.hasSuffix(".profile.yaml") }.map { dir.appendingPathComponent($0).path }
    let fmt = try Harness.run(["fmt", "--check"] + sources)
    #expect(fmt.status == 0, "\(fmt.stderr)")
    let script = """
      import json, plistlib, subprocess, sys
      def load(p):
          data = open(p, 'rb').read()
          if data[:1] == b'0':
              data = subprocess.run(['openssl', 'cms', '-verify', '-noverify', '-inform', 'DER', '-in', p],
                                    check=True, capture_output=True).stdout
          return plistlib.loads(data.lstrip())
      bad = [a for a, b in json.load(sys.stdin) if load(a) != load(b)]
      print(json.dumps(bad))
      """
    let (status, out, err) = try Harness.python(
      script, stdin: try JSONSerialization.data(withJSONObject: pairs))
    #expect(status == 0, "\(err)")
    #expect(String(decoding: out, as: UTF8.self) == "[]\n")
  }

  @Test func signedAndBinaryInputsImportLikeTheirPlainTwin() throws {
    let signed = Self.corpus.appendingPathComponent("paulmillr__encrypted-dns/signed")
    let names = try FileManager.default.contentsOfDirectory(atPath: signed.path).filter {
      $0.hasSuffix(".mobileconfig")
    }
    #expect(names.count == 12)
    let dir = try Harness.tempDir()
    let plutil = "/opt/swift/usr/bin/plutil"
    for name in names {
      let plain = Self.corpus.appendingPathComponent("paulmillr__encrypted-dns/profiles/" + name)
      let a = try Harness.run(["import", signed.appendingPathComponent(name).path])
      let b = try Harness.run(["import", plain.path])
      #expect(a.status == 0 && b.status == 0, "\(name)")
      #expect(a.stdout == b.stdout, "\(name)")
      #expect(a.stderr.contains("note[PC5014]: signed by"))
      if FileManager.default.isExecutableFile(atPath: plutil) {
        let copy = dir.appendingPathComponent(name).path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: plutil)
        p.arguments = ["-convert", "binary1", "-o", copy, plain.path]
        try p.run()
        p.waitUntilExit()
        let c = try Harness.run(["import", copy])
        #expect(c.stdout == b.stdout, "\(name) (binary)")
      }
    }
  }

  @Test func errorsStillPrintWhatTheyCan() throws {
    let r = try Harness.run([
      "import", Self.peer.appendingPathComponent("invalid/wrong-payload-version.mobileconfig").path,
    ])
    #expect(r.status == 1)
    #expect(r.out.contains("    version: 2\n"))
    #expect(r.stderr.contains("error[PC5017]"))
    let notPlist = try Harness.run([
      "import", Self.peer.appendingPathComponent("invalid/not-a-plist.mobileconfig").path,
    ])
    #expect(notPlist.status == 1)
    #expect(notPlist.stdout.isEmpty)
  }

  @Test func jsonDiagnosticsGoToStderr() throws {
    let r = try Harness.run([
      "import", "--format", "json",
      Self.peer.appendingPathComponent("warning/unknown-key.mobileconfig").path,
    ])
    #expect(r.status == 0)
    #expect(r.out.hasPrefix("profile:"))
    #expect(r.out.contains("# profilec: allow PC2002\n    unknownKeyThatDoesNotExist:"))
    let json = try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any]
    #expect(json?["warnings"] as? Int == 1)
  }

  @Test(arguments: [
    ["import"], ["import", "a.mobileconfig", "b.mobileconfig"], ["import", "/tmp"],
  ])
  func usageErrors(_ args: [String]) throws {
    let r = try Harness.run(args)
    #expect(r.status == 2, "\(args)")
    #expect(r.stdout.isEmpty)
  }

  @Test func missingFileExitsTwo() throws {
    let r = try Harness.run(["import", "/nonexistent/x.mobileconfig"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("PC9001"))
  }
}
