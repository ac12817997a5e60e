import Foundation
import Testing

let minimalSource = """
  profile:
    identifier: com.contoso.test
    name: Test
  enrollment:
    type: device
    platform: iOS
  payloads:
    - type: com.apple.webClip.managed
      URL: https://portal.manage.microsoft.com/
      Label: Company Portal

  """

/// `minimalSource` under another profile identifier (several sources in one run).
func minimalSource(identifier: String) -> String {
  minimalSource.replacingOccurrences(of: "com.contoso.test", with: identifier)
}

@Suite struct CLITests {
  @Test func versionAndHelp() throws {
    let v = try Harness.run(["--version"])
    #expect(v.status == 0)
    #expect(v.out.hasPrefix("profilec "))
    let h = try Harness.run(["--help"])
    #expect(h.status == 0)
    #expect(h.out.contains("compile"))
    for command in ["compile", "check", "lint", "import", "diff", "fmt", "explain", "schema"] {
      let r = try Harness.run([command, "--help"])
      #expect(r.status == 0, "\(command)")
      #expect(r.out.contains("Usage: profilec \(command)"), "\(command)")
    }
  }

  @Test(arguments: [
    ["frobnicate"], ["compile"], ["compile", "--format", "xml", "a.profile.yaml"],
    ["compile", "--allow", "PC9999", "a"], ["compile", "--deny", "nonsense", "a"],
    ["compile", "--bogus"], ["check", "-o", "x", "a"], ["explain"], ["explain", "PC0000"],
    ["compile", "--allow", "PC1004", "a"], ["compile", "--color", "sometimes", "a"],
  ])
  func usageErrorsExitTwo(_ args: [String]) throws {
    let r = try Harness.run(args)
    #expect(r.status == 2, "\(args): \(r.stderr)")
    #expect(r.stderr.contains("error:"))
    #expect(r.stdout.isEmpty)
  }

  @Test func missingInputExitsTwo() throws {
    let r = try Harness.run(["compile", "/nonexistent/x.profile.yaml"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("PC9001"))
  }

  @Test func compileToStdoutMatchesPlistlib() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write(minimalSource, to: src)
    let r = try Harness.run(["compile", src.path])
    #expect(r.status == 0, "\(r.stderr)")
    let (status, redumped, _) = try Harness.python(
      "import plistlib,sys; d=sys.stdin.buffer.read(); sys.stdout.buffer.write(plistlib.dumps(plistlib.loads(d), sort_keys=True))",
      stdin: r.stdout)
    #expect(status == 0)
    #expect(redumped == r.stdout)
  }

  @Test func outputFileAndNothingWrittenOnError() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    let out = dir.appendingPathComponent("t.mobileconfig")
    try Harness.write(minimalSource, to: src)
    let ok = try Harness.run(["compile", src.path, "-o", out.path])
    #expect(ok.status == 0)
    #expect(ok.stdout.isEmpty)
    let first = try Data(contentsOf: out)
    // Break the source: the old output must stay byte for byte.
    try Harness.write(minimalSource + "bogus: 1\n", to: src)
    let bad = try Harness.run(["compile", src.path, "-o", out.path])
    #expect(bad.status == 1)
    #expect(try Data(contentsOf: out) == first)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".profilec-") }
    #expect(leftovers.isEmpty)
  }

  @Test func sourceNamedTwiceCompilesOnce() throws {
    // The folder and one of its files, spelled three ways: one compile, no PC4021 from the
    // SSO extension meeting itself.
    let dir = try Harness.tempDir()
    let sub = dir.appendingPathComponent("profiles")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    let source = try String(contentsOf: Harness.packageRoot.appendingPathComponent("samples/web-based-jit.profile.yaml"), encoding: .utf8)
    try Harness.write(source, to: sub.appendingPathComponent("jit.profile.yaml"))
    let r = try Harness.run(
      ["compile", "profiles", "./profiles/jit.profile.yaml", sub.path + "//jit.profile.yaml"], cwd: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stderr.contains("PC4021"))
    #expect(FileManager.default.fileExists(atPath: sub.appendingPathComponent("jit.mobileconfig").path))
  }

  @Test func dashOCountsASourceNamedTwiceOnce() throws {
    // -o is checked before anything compiles: one file spelled twice (and through a link)
    // is one source; two files are a usage error.
    let dir = try Harness.tempDir()
    try Harness.write(minimalSource, to: dir.appendingPathComponent("t.profile.yaml"))
    try Harness.write(minimalSource, to: dir.appendingPathComponent("u.profile.yaml"))
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("l.profile.yaml").path, withDestinationPath: "t.profile.yaml")
    let once = try Harness.run(["compile", "t.profile.yaml", "./t.profile.yaml", "l.profile.yaml", "-o", "out.mobileconfig"], cwd: dir)
    #expect(once.status == 0, "\(once.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.mobileconfig").path))
    let two = try Harness.run(["compile", "t.profile.yaml", "u.profile.yaml", "-o", "two.mobileconfig"], cwd: dir)
    #expect(two.status == 2)
    #expect(two.stderr.contains("-o takes exactly one source file"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("two.mobileconfig").path))
  }

  @Test func twoSourcesForOneOutputWriteNothing() throws {
    let dir = try Harness.tempDir()
    try Harness.write(minimalSource, to: dir.appendingPathComponent("t.profile.yaml"))
    try Harness.write(minimalSource, to: dir.appendingPathComponent("t.yaml"))
    let r = try Harness.run(["compile", "t.profile.yaml", "t.yaml"], cwd: dir)
    #expect(r.status == 2)
    #expect(r.stderr.contains("PC9002"))
    #expect(r.stderr.contains("would be written by two sources"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.mobileconfig").path))
  }

  @Test func twoSourcesForOneOutputInAFolderStillToBeMadeWriteNothing() throws {
    // --out-dir names a folder that does not exist yet: the outputs have no identity on
    // disk, and their spelled-out paths must still meet.
    let dir = try Harness.tempDir()
    try Harness.write(minimalSource, to: dir.appendingPathComponent("t.profile.yaml"))
    try Harness.write(
      minimalSource(identifier: "com.contoso.other"),
      to: dir.appendingPathComponent("t.yaml"))
    let r = try Harness.run(["compile", "t.profile.yaml", "./t.yaml", "--out-dir", "new/sub"], cwd: dir)
    #expect(r.status == 2)
    #expect(r.stderr.contains("would be written by two sources"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("new").path))
  }

  @Test func aWriteThatFailsLeavesEveryOutputAsItWas() throws {
    // A file size limit makes the large output's write fail (EFBIG, as a full disk would
    // fail it with ENOSPC) after the small ones were written beside their targets: none
    // may take its name, and the existing output keeps its old bytes.
    let dir = try Harness.tempDir()
    try Harness.write(minimalSource, to: dir.appendingPathComponent("a.profile.yaml"))
    try Harness.write(
      minimalSource(identifier: "com.contoso.c"),
      to: dir.appendingPathComponent("c.profile.yaml"))
    let urls = (0..<20_000).map { "      - https://blocked-\($0).example.com/page" }.joined(separator: "\n")
    try Harness.write(
      minimalSource(identifier: "com.contoso.big") + """
          - type: com.apple.webcontent-filter
            FilterType: BuiltIn
            AutoFilterEnabled: false
            DenyListURLs:

        """ + urls + "\n",
      to: dir.appendingPathComponent("big.profile.yaml"))
    try Harness.write("old", to: dir.appendingPathComponent("a.mobileconfig"))
    // Unlimited first: the sources compile, and the large output is well over the limit.
    let free = try Harness.run(["check", "."], cwd: dir)
    #expect(free.status == 0, "\(free.stderr)")
    // 256 blocks (of 512 or 1024 bytes) hold a small output, not the large one; SIGXFSZ
    // ignored, the write fails with EFBIG instead of ending the process.
    let r = try Harness.run(
      ["compile", "."], cwd: dir,
      launcher: ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 256; exec \"$0\" \"$@\""])
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("cannot write 'big.mobileconfig'"), "\(r.stderr)")
    #expect(r.stderr.contains("no output of this run was written"), "\(r.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    #expect(names == ["a.mobileconfig", "a.profile.yaml", "big.profile.yaml", "c.profile.yaml"])
    #expect(try String(contentsOf: dir.appendingPathComponent("a.mobileconfig"), encoding: .utf8) == "old")
    // SIGXFSZ not ignored: if the main thread makes the failing write, the process dies
    // in the middle of writing (Dispatch's threads block the signal and get EFBIG). Either
    // way the outputs written so far were unnamed files: nothing is left behind and
    // nothing was replaced.
    let killed = try Harness.run(
      ["compile", "."], cwd: dir, launcher: ["/bin/sh", "-c", "ulimit -c 0; ulimit -f 256; exec \"$0\" \"$@\""])
    #expect(killed.status != 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == names)
    #expect(try String(contentsOf: dir.appendingPathComponent("a.mobileconfig"), encoding: .utf8) == "old")
    // Without the limit the same run writes all three.
    let ok = try Harness.run(["compile", "."], cwd: dir)
    #expect(ok.status == 0, "\(ok.stderr)")
    let big = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("big.mobileconfig").path)
    #expect(((big[.size] as? Int) ?? 0) > 1 << 20)
  }

  @Test func manyNewOutputsUnderALowOpenFilesLimit() throws {
    // New outputs wait for their names as open unnamed files; beyond what the open-files
    // limit allows, the rest wait as temporary files. All are written, none left behind.
    let dir = try Harness.tempDir()
    for i in 0..<300 {
      try Harness.write(
        minimalSource(identifier: "com.contoso.t\(i)"),
        to: dir.appendingPathComponent("t\(i).profile.yaml"))
    }
    let r = try Harness.run(
      ["compile", "."], cwd: dir, launcher: ["/bin/sh", "-c", "ulimit -n 120; exec \"$0\" \"$@\""])
    #expect(r.status == 0, "\(r.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(names.filter { $0.hasSuffix(".mobileconfig") }.count == 300)
    #expect(names.count == 600, "\(names.filter { !$0.hasSuffix(".yaml") && !$0.hasSuffix(".mobileconfig") })")
  }

  @Test func descriptorsTheParentPassedAreLeftAloneAndCounted() throws {
    // 80 descriptors passed down (100...179, all on one more source, each also named as a
    // source through /dev/fd), a limit of 200 open files that cannot be raised, and 150
    // sources in a folder: the compile neither closes a passed descriptor (making room in
    // its descriptor table) nor runs out of descriptors for its 151 outputs (it counts the
    // passed ones).
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("src")
    try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
    for i in 0..<150 {
      try Harness.write(
        minimalSource(identifier: "com.contoso.t\(i)"),
        to: src.appendingPathComponent("t\(i).profile.yaml"))
    }
    try Harness.write(
      minimalSource(identifier: "com.contoso.passed"),
      to: dir.appendingPathComponent("passed.yaml"))
    let script = "ulimit -n 200; for i in $(seq 100 179); do eval \"exec $i<passed.yaml\"; done; exec \"$0\" \"$@\""
    let r = try Harness.run(
      ["compile", "src"] + (100...179).map { "/dev/fd/\($0)" } + ["--out-dir", "out"], cwd: dir,
      launcher: ["/bin/bash", "-c", script])
    #expect(r.status == 0, "\(r.stderr)")
    let outputs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path)
    #expect(outputs.filter { $0.hasSuffix(".mobileconfig") }.count == 151, "\(outputs.count)")
    #expect(!outputs.contains { $0.hasPrefix(".profilec-") })
  }

  @Test func twoNewOutputsThroughALinkedFolderWriteNothing() throws {
    // o/alias is a link to o/real: p/real/a and p/alias/a would both write
    // o/real/a.mobileconfig, which does not exist yet.
    let dir = try Harness.tempDir()
    for sub in ["p/real", "p/alias", "o/real"] {
      try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("o/alias").path, withDestinationPath: "real")
    try Harness.write(minimalSource, to: dir.appendingPathComponent("p/real/a.profile.yaml"))
    try Harness.write(
      minimalSource(identifier: "com.contoso.alias"),
      to: dir.appendingPathComponent("p/alias/a.profile.yaml"))
    let r = try Harness.run(["compile", "p", "--out-dir", "o"], cwd: dir)
    #expect(r.status == 2)
    #expect(r.stderr.contains("would be written by two sources"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o/real/a.mobileconfig").path))
  }

  @Test func namesInTwoNormalizationFormsAreTwoSources() throws {
    // "café" precomposed and decomposed: one name to Swift's String ==, two files to Linux.
    let dir = try Harness.tempDir()
    try Harness.write(minimalSource, to: dir.appendingPathComponent("caf\u{E9}.profile.yaml"))
    try Harness.write(
      minimalSource(identifier: "com.contoso.test2"),
      to: dir.appendingPathComponent("cafe\u{301}.profile.yaml"))
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    try #require(names.count == 2, "this file system folds the two spellings into one")
    let r = try Harness.run(["compile", "."], cwd: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let outputs = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".mobileconfig") }
    #expect(outputs.count == 2)
  }

  @Test func outDirMirrorsFoldersWhateverTheSpelling() throws {
    let dir = try Harness.tempDir()
    let sub = dir.appendingPathComponent("a/sub")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    try Harness.write(minimalSource, to: dir.appendingPathComponent("a/x.profile.yaml"))
    try Harness.write(
      minimalSource(identifier: "com.contoso.sub"),
      to: sub.appendingPathComponent("x.profile.yaml"))
    // The folder as "." ...
    let dot = try Harness.run(["compile", ".", "--out-dir", "../o1"], cwd: dir.appendingPathComponent("a"))
    #expect(dot.status == 0, "\(dot.stderr)")
    // ... and named after one of its own files (the folder's layout still applies).
    let late = try Harness.run(["compile", "a/sub/x.profile.yaml", "a", "--out-dir", "o2"], cwd: dir)
    #expect(late.status == 0, "\(late.stderr)")
    for out in ["o1", "o2"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(out)/x.mobileconfig").path), "\(out)")
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(out)/sub/x.mobileconfig").path), "\(out)")
    }
  }

  @Test func outputThatIsTheSourceIsRefused() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write(minimalSource, to: src)
    let r = try Harness.run(["compile", "-o", "t.profile.yaml", "t.profile.yaml"], cwd: dir)
    #expect(r.status == 2)
    #expect(r.stderr.contains("PC9002"))
    #expect(try String(contentsOf: src, encoding: .utf8) == minimalSource)
  }

  @Test func unwritableOutputExitsTwo() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write(minimalSource, to: src)
    let r = try Harness.run(["compile", src.path, "-o", "/nonexistent-dir/t.mobileconfig"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("PC9002"))
  }

  /// SPEC §5: a run with errors writes nothing. An output that cannot be written (here a
  /// folder stands where `a.mobileconfig` goes; or its folder is not one) used to be found
  /// only while writing, after the run's other outputs were already in place.
  @Test func unwritableOutputWritesNoOtherOutput() throws {
    let dir = try Harness.tempDir()
    try Harness.write(minimalSource, to: dir.appendingPathComponent("p/a.profile.yaml"))
    try Harness.write(minimalSource(identifier: "com.contoso.b"),
      to: dir.appendingPathComponent("p/sub/b.profile.yaml"))
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("p/a.mobileconfig"), withIntermediateDirectories: true)
    let r = try Harness.run(["compile", "p"], cwd: dir)
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("PC9002"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p/sub/b.mobileconfig").path))

    try Harness.write("x", to: dir.appendingPathComponent("blocker"))
    let o = try Harness.run(["compile", "p/sub", "--out-dir", "blocker/out"], cwd: dir)
    #expect(o.status == 2, "\(o.stderr)")
    #expect(o.stderr.contains("PC9002"))
    #expect(try String(contentsOf: dir.appendingPathComponent("blocker"), encoding: .utf8) == "x")
  }

  /// An output already up to date is left alone and needs no writable folder: a
  /// read-only tree of committed outputs compiles. A stale one there is refused before
  /// anything is written.
  @Test func upToDateOutputsInAReadOnlyFolder() throws {
    let dir = try Harness.tempDir()
    try Harness.write(minimalSource, to: dir.appendingPathComponent("ro/a.profile.yaml"))
    try Harness.write(minimalSource(identifier: "com.contoso.b"),
      to: dir.appendingPathComponent("ro/b.profile.yaml"))
    #expect(try Harness.run(["compile", "ro"], cwd: dir).status == 0)
    // As root the folder's permissions do not apply: the checks below run as another user
    // where the machine allows it (else they run as is, and only the exit status is seen).
    let unprivileged = Harness.canRunUnprivileged(in: dir, probe: ["check", "ro"])
    func compile() throws -> Run {
      unprivileged ? try Harness.runUnprivileged(["compile", "ro"], cwd: dir) : try Harness.run(["compile", "ro"], cwd: dir)
    }
    let ro = dir.appendingPathComponent("ro").path
    let before = try Data(contentsOf: dir.appendingPathComponent("ro/b.mobileconfig"))
    #expect(chmod(ro, 0o555) == 0)
    defer { _ = chmod(ro, 0o755) }
    let same = try compile()
    #expect(same.status == 0, "\(same.stderr)")

    // The source changes (its file is rewritten while the folder is writable again).
    _ = chmod(ro, 0o755)
    try Harness.write(minimalSource(identifier: "com.contoso.c"),
      to: dir.appendingPathComponent("ro/a.profile.yaml"))
    _ = chmod(ro, 0o555)
    let stale = try compile()
    if unprivileged || geteuid() != 0 {
      #expect(stale.status == 2, "\(stale.stderr)")
      #expect(stale.stderr.contains("PC9002"))
      #expect(try Data(contentsOf: dir.appendingPathComponent("ro/b.mobileconfig")) == before)
    } else {
      #expect(stale.status == 0, "\(stale.stderr)")
    }
  }

  /// A working folder that cannot be looked at (no search permission) is reported, not
  /// searched for upwards forever: the pre-write check under --out-dir looped on ".".
  @Test(.timeLimit(.minutes(1))) func unreachableWorkingFolderIsReported() throws {
    let dir = try Harness.tempDir()
    try Harness.write(minimalSource, to: dir.appendingPathComponent("a.profile.yaml"))
    // Only another user meets the missing permission (see upToDateOutputsInAReadOnlyFolder).
    let source = dir.appendingPathComponent("a.profile.yaml").path
    guard Harness.canRunUnprivileged(in: dir, probe: ["check", source]) else { return }
    let closed = dir.appendingPathComponent("closed")
    try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: true)
    #expect(chmod(closed.path, 0) == 0)
    defer { _ = chmod(closed.path, 0o755) }
    let r = try Harness.runUnprivileged(
      ["compile", "-q", "--out-dir", "out", dir.appendingPathComponent("a.profile.yaml").path], cwd: closed)
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("PC9002") && r.stderr.contains("cannot be reached"))
  }

  @Test func sameSourceSameBytes() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write(minimalSource, to: src)
    let a = try Harness.run(["compile", src.path])
    let b = try Harness.run(["compile", src.path])
    #expect(a.stdout == b.stdout)
    #expect(!a.stdout.isEmpty)
  }

  @Test func jsonDiagnosticsShape() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write("profile:\n  identifier: com.contoso.t\n  nmae: x\n", to: src)
    let r = try Harness.run(["check", src.path, "--format", "json"])
    #expect(r.status == 1)
    let json = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
    #expect(json["version"] as? Int == 1)
    let diags = json["diagnostics"] as! [[String: Any]]
    let unknown = diags.first { $0["code"] as? String == "PC1007" }!
    #expect(unknown["line"] as? Int == 3)
    #expect(unknown["column"] as? Int == 3)
    #expect(unknown["endColumn"] as? Int == 7)
    #expect(unknown["severity"] as? String == "error")
    #expect(unknown["path"] as? String == "profile.nmae")
    let fix = (unknown["fixIts"] as! [[String: Any]]).first!
    #expect(fix["message"] as? String == "rename to 'name'")
    #expect((json["errors"] as? Int ?? 0) >= 1)
    // Keys in the documented order.
    let text = r.out
    let order = ["\"severity\"", "\"code\"", "\"message\"", "\"file\"", "\"line\"", "\"column\"", "\"endLine\"", "\"endColumn\"", "\"path\"", "\"notes\"", "\"fixIts\""]
    let firstObject = text[text.range(of: "{\"severity\"")!.lowerBound...]
    var last = firstObject.startIndex
    for key in order {
      let r = firstObject.range(of: key)!
      #expect(r.lowerBound >= last, "\(key)")
      last = r.lowerBound
    }
  }

  @Test func jsonGoesToStderrWhenProfileGoesToStdout() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write(minimalSource, to: src)
    let r = try Harness.run(["compile", src.path, "--format", "json"])
    #expect(r.status == 0)
    #expect(r.out.hasPrefix("<?xml"))
    #expect(r.stderr.contains("\"version\": 1"))
  }

  @Test func humanFormatShowsSnippetAndCarets() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("byod.profile.yaml")
    try Harness.write("profile:\n  identifier: com.contoso.byod\n  name: BYOD\nenrollment:\n  type: device\nrestrictions:\n  allowCamera: no\n", to: src)
    let r = try Harness.run(["check", src.path], cwd: dir)
    #expect(r.status == 1)
    let expected = """
      \(src.path):7:16: error[PC1005]: 'no' is not a boolean; write 'false'
        |
      7 |   allowCamera: no
        |                ^~
        = note: booleans are exactly true and false; quote the value if you mean the text
        = help: replace with 'false'

      """
    #expect(r.stderr.hasPrefix(expected), "\(r.stderr)")
  }

  @Test func colorOnlyWhenAsked() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write("profile:\n  identifier: com.contoso.t\n  nmae: x\n", to: src)
    let plain = try Harness.run(["check", src.path])
    #expect(!plain.stderr.contains("\u{1B}["))
    let colored = try Harness.run(["check", src.path, "--color", "always"])
    #expect(colored.stderr.contains("\u{1B}["))
  }

  @Test func quietPrintsErrorsOnly() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write("profile:\n  identifier: com.contoso.t\n  name: T\n", to: src)
    let r = try Harness.run(["check", src.path, "--quiet"])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
  }

  @Test func environmentInterpolationNeverEchoed() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write("""
      profile:
        identifier: com.contoso.t
        name: T
        target-device-type: ${env:SECRET_VALUE}
      enrollment:
        type: device
      payloads:
        - type: com.example.custom
          Password: ${env:SECRET_VALUE}
          Missing: ${env:NOT_SET_ANYWHERE}

      """, to: src)
    let r = try Harness.run(["check", src.path, "--format", "json"], env: ["SECRET_VALUE": "hunter2-very-secret"])
    #expect(r.status == 1)
    #expect(!r.out.contains("hunter2-very-secret"))
    #expect(r.out.contains("NOT_SET_ANYWHERE"))
    let human = try Harness.run(["check", src.path], env: ["SECRET_VALUE": "hunter2-very-secret"])
    #expect(!human.stderr.contains("hunter2-very-secret"))
  }

  @Test func helpForAnUnknownCommandIsAUsageError() throws {
    let r = try Harness.run(["help", "bogus"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("unknown command 'bogus'"))
    #expect(try Harness.run(["help", "compile"]).status == 0)
  }

  @Test func byteOrderMarkIsNotAColumn() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("bom.profile.yaml")
    try Data([0xEF, 0xBB, 0xBF] + Array("profil:\n  x: 1\n".utf8)).write(to: src)
    let r = try Harness.run(["check", src.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("bom.profile.yaml:1:1: error[PC1001]"), "\(r.stderr)")
    #expect(r.stderr.contains("1 | profil:\n  | ^~~~~~"), "\(r.stderr)")
  }

  @Test func unsetVariableIsNotAlsoAMissingKey() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("u.profile.yaml")
    try Harness.write("profile:\n  identifier: com.contoso.u\n  name: U\npayloads:\n  - type: com.apple.webClip.managed\n    URL: ${env:PROFILEC_TEST_NEVER_SET}\n    Label: L\n", to: src)
    let r = try Harness.run(["check", src.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("PC1008"))
    #expect(!r.stderr.contains("PC2007"), "\(r.stderr)")
  }

  /// Values rules derive (trimmed, split at commas, escaped) stay out too; short values
  /// shown bare (`min-os 14`) are replaced; text that merely contains a value's letters
  /// (`app` in `com.apple`, `Company Portal app`) is left alone, and fix-its that would
  /// write or overwrite a value are dropped.
  @Test func derivedAndShortInterpolatedValuesStayOut() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("r.profile.yaml")
    try Harness.write("""
      profile:
        identifier: com.contoso.r
        name: R
      enrollment:
        type: web-based
        min-os: "${env:V}"
      sso:
        provider: microsoft
        extension-data:
          AppPrefixAllowList: "${env:PREFIXES}"
          AppAllowList: ["${env:A}", com.b]
      payloads:
        - type: com.apple.webclip.managed
          URL: https://${env:HOST}/
          Label: L

      """, to: src)
    let env = ["V": "14", "PREFIXES": "com.contoso.,  com.secretcorp ", "A": "com.s\"cret\\x", "HOST": "app"]
    let r = try Harness.run(["check", src.path, "--format", "json"], env: env)
    #expect(r.status == 1)
    let json = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
    let diagnostics = json["diagnostics"] as! [[String: Any]]
    let text = try String(decoding: JSONSerialization.data(withJSONObject: diagnostics), as: UTF8.self)
    for secret in ["secretcorp", "s\\\"cret", "cret", "min-os 14"] {
      #expect(!text.contains(secret), "shows \(secret)")
    }
    #expect(text.contains("min-os ${env:V}"))
    #expect(text.contains("com.apple.webClip.managed"), "a value 'app' must not rewrite com.apple")
    let floor = diagnostics.first { $0["code"] as? String == "PC4001" }
    #expect((floor?["fixIts"] as? [Any])?.isEmpty == true, "no fix-it overwrites an interpolated value")
  }

  /// The document of SPEC §2, as the spec prints it (placeholders and all), compiles:
  /// warnings only, `scope: system` becomes PayloadScope System.
  @Test func specSectionTwoExampleCompiles() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("spec.profile.yaml")
    try FileManager.default.copyItem(
      at: Harness.packageRoot.appendingPathComponent("Tests/Fixtures/spec/section2-example.profile.yaml"), to: src)
    let r = try Harness.run(["compile", src.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stderr.contains("error"))
    #expect(r.out.contains("<key>PayloadScope</key>\n\t<string>System</string>"))
    let mac = dir.appendingPathComponent("mac.profile.yaml")
    try Harness.write("profile:\n  identifier: com.contoso.s\n  name: S\n  scope: USER\nenrollment:\n  type: manual\n  platform: macOS\n", to: mac)
    let upper = try Harness.run(["compile", mac.path])
    #expect(upper.status == 0, "\(upper.stderr)")
    #expect(upper.out.contains("<string>User</string>"))
  }

  /// Every rule that quotes a value, fed values from the environment: none may show one
  /// (SPEC §1), in human, JSON or SARIF output; each shows the reference instead.
  @Test func interpolatedValuesStayOutOfEveryRulesMessages() throws {
    let dir = try Harness.tempDir()
    let src = dir.appendingPathComponent("leak.profile.yaml")
    try Harness.write("""
      profile:
        identifier: ${env:LEAK_ID}
        name: P
        scope: ${env:LEAK_WORD}
        uuid: ${env:LEAK_UUID}
      enrollment:
        type: web-based
        platform: iOS
        restrictions:
          min-os: ${env:LEAK_VERSION}
          max-os: "16.0"
      sso:
        provider: microsoft
        uuid: ${env:LEAK_UUID}
        app-prefix-allow-list: ["${env:LEAK_PREFIX}"]
      payloads:
        - type: ${env:LEAK_WORD}
          name: X
        - type: com.apple.webClip.managed
          URL: https://portal.manage.microsoft.com/
          Label: Portal
          IsRemovable: ${env:LEAK_SHORT}
          Precomposed: ${env:LEAK_SHORT}

      """, to: src)
    let env = [
      "LEAK_ID": "noreversedns", "LEAK_WORD": "LeakyValue", "LEAK_UUID": "6A1F0000-0000-0000-0000-000000000001",
      "LEAK_VERSION": "19.4.7", "LEAK_PREFIX": "com.fabrikam", "LEAK_SHORT": "zq",
    ]
    for format in ["human", "json", "sarif"] {
      let r = try Harness.run(["check", src.path, "--format", format], env: env)
      #expect(r.status == 1, "\(format)")
      let all = r.out + r.stderr
      for secret in ["noreversedns", "LeakyValue", "6A1F0000", "19.4.7", "19.4", "com.fabrikam", "'zq'", "\"zq\""] {
        #expect(!all.contains(secret), "\(format) shows \(secret)")
      }
      #expect(all.contains("${env:LEAK_WORD}"), "\(format)")
    }
  }
}
