import Foundation
import Testing

/// What a CI pipeline relies on (issues 6.1–6.3): SARIF and GitHub output, the severity
/// flags, inline suppressions, folder builds and `compile --check`.
@Suite struct CIIntegrationTests {
  /// A source with one warning (PC3102, at 9:3) and, when `broken`, one error (PC1001,
  /// with a rename fix-it).
  static func source(id: String, broken: Bool = false) -> String {
    """
    profile:
      identifier: com.contoso.\(id)
      name: \(id)
    enrollment:
      type: web-based
      platform: iOS
    restrictions:
      allowCamera: false
      allowAirDrop: false
    payloads:
      - type: com.apple.webClip.managed
        URL: https://portal.manage.microsoft.com/
        Label: Company Portal
    \(broken ? "payload: []\n" : "")
    """
  }

  /// A folder of sources: `a/one`, `a/b/two` (with an error when `broken`), `c/three`.
  static func tree(broken: Bool = false) throws -> URL {
    let dir = try Harness.tempDir()
    try Harness.write(source(id: "one"), to: dir.appendingPathComponent("src/a/one.profile.yaml"))
    try Harness.write(source(id: "two", broken: broken), to: dir.appendingPathComponent("src/a/b/two.profile.yaml"))
    try Harness.write(source(id: "three"), to: dir.appendingPathComponent("src/c/three.profile.yaml"))
    return dir
  }

  static func json(_ data: Data) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: data) as! [String: Any]
  }

  // MARK: SARIF

  @Test(arguments: ["check", "compile"])
  func sarifIsComplete(_ command: String) throws {
    let dir = try Self.tree(broken: true)
    var args = [command, "src", "--format", "sarif"]
    if command == "compile" { args.append("--check") }
    let r = try Harness.run(args, cwd: dir)
    #expect(r.status == 1)
    let sarif = try Self.json(r.stdout)
    #expect(sarif["version"] as? String == "2.1.0")
    #expect((sarif["$schema"] as? String)?.contains("sarif") == true)
    let run = (sarif["runs"] as! [[String: Any]])[0]
    let driver = (run["tool"] as! [String: Any])["driver"] as! [String: Any]
    #expect(driver["name"] as? String == "profilec")
    let rules = driver["rules"] as! [[String: Any]]
    let ids = rules.map { $0["id"] as! String }
    #expect(Set(ids).count == ids.count)
    for rule in rules {
      #expect((rule["shortDescription"] as? [String: Any])?["text"] is String)
      // SARIF 2.1.0's schema: helpUri has format "uri", an absolute URI.
      let helpUri = rule["helpUri"] as? String ?? ""
      #expect(helpUri.hasPrefix("https://") && helpUri.hasSuffix("#" + (rule["id"] as! String).lowercased()), "\(helpUri)")
      #expect(["error", "warning", "note"].contains((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String ?? ""))
    }
    // The same run in JSON gives the data paths to compare with.
    var jsonArgs = args
    jsonArgs[jsonArgs.firstIndex(of: "sarif")!] = "json"
    let diagnostics = (try Self.json(try Harness.run(jsonArgs, cwd: dir).stdout))["diagnostics"] as! [[String: Any]]
    let results = run["results"] as! [[String: Any]]
    #expect(results.count == diagnostics.count)
    #expect(results.count >= 4)
    for (result, d) in zip(results, diagnostics) {
      let ruleId = result["ruleId"] as! String
      #expect(ruleId == d["code"] as? String)
      let index = result["ruleIndex"] as! Int
      #expect(ids[index] == ruleId)
      #expect(["error", "warning", "note"].contains(result["level"] as! String))
      #expect(!((result["message"] as! [String: Any])["text"] as! String).isEmpty)
      let location = (result["locations"] as! [[String: Any]])[0]
      let physical = location["physicalLocation"] as! [String: Any]
      let uri = (physical["artifactLocation"] as! [String: Any])["uri"] as! String
      #expect(uri == d["file"] as? String)
      #expect(!uri.hasPrefix("/"))
      if let line = d["line"] as? Int {
        let region = physical["region"] as! [String: Any]
        #expect(region["startLine"] as? Int == line)
        #expect(region["startColumn"] as? Int == d["column"] as? Int)
        #expect((region["endLine"] as! Int) >= line)
      }
      if let path = d["path"] as? String {
        let logical = (location["logicalLocations"] as! [[String: Any]])[0]
        #expect(logical["fullyQualifiedName"] as? String == path)
      }
      for fix in result["fixes"] as? [[String: Any]] ?? [] {
        #expect(((fix["description"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
        let changes = fix["artifactChanges"] as! [[String: Any]]
        #expect(!changes.isEmpty)
        for change in changes {
          let replacements = change["replacements"] as! [[String: Any]]
          #expect(!replacements.isEmpty)
          for r in replacements { #expect((r["deletedRegion"] as? [String: Any])?["startLine"] is Int) }
        }
      }
    }
    // The unknown key's rename is a fix with one replacement.
    let unknown = results.first { $0["ruleId"] as? String == "PC1001" }
    #expect((unknown?["fixes"] as? [[String: Any]])?.isEmpty == false)
  }

  // MARK: GitHub

  @Test func githubCommandsAreEscaped() throws {
    let dir = try Harness.tempDir()
    try Harness.write(Self.source(id: "gh"), to: dir.appendingPathComponent("odd, name: 100%.profile.yaml"))
    let r = try Harness.run(["check", "odd, name: 100%.profile.yaml", "--format", "github"], cwd: dir)
    #expect(r.status == 0)
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines.count == 1)
    #expect(
      lines[0].hasPrefix(
        "::warning file=odd%2C name%3A 100%25.profile.yaml,line=9,col=3,endLine=9,endColumn=15,title=PC3102::'allowAirDrop' requires a supervised device"
      ), "\(lines[0])")
    // Notes and help go on further lines of the message, escaped.
    #expect(lines[0].contains("%0Ahelp: remove it"))
  }

  // MARK: Severity flags

  @Test func severityFlags() throws {
    let dir = try Self.tree()
    let plain = try Harness.run(["check", "src", "--format", "json"], cwd: dir)
    #expect(plain.status == 0)
    #expect((try Self.json(plain.stdout))["warnings"] as? Int == 3)

    let strictErrors = try Harness.run(["check", "src", "--warnings-as-errors", "--format", "json"], cwd: dir)
    #expect(strictErrors.status == 1)
    let wae = try Self.json(strictErrors.stdout)
    #expect(wae["errors"] as? Int == 3)
    #expect(wae["warnings"] as? Int == 0)

    let allowed = try Harness.run(["check", "src", "--allow", "PC3102", "--warnings-as-errors"], cwd: dir)
    #expect(allowed.status == 0, "\(allowed.stderr)")
    #expect(allowed.stderr.isEmpty)

    let denied = try Harness.run(["check", "src", "--deny", "pc3102", "--format", "json"], cwd: dir)
    #expect(denied.status == 1)
    #expect((try Self.json(denied.stdout))["errors"] as? Int == 3)

    try Harness.write(
      "profile:\n  identifier: com.contoso.x\n  name: X\nenrollment:\n  type: device\npayloads:\n  - type: com.example.custom\n    Key: 1\n",
      to: dir.appendingPathComponent("custom.profile.yaml"))
    #expect(try Harness.run(["check", "custom.profile.yaml"], cwd: dir).status == 0)
    let strict = try Harness.run(["check", "custom.profile.yaml", "--strict"], cwd: dir)
    #expect(strict.status == 1)
    #expect(strict.stderr.contains("error[PC2001]"))

    for flag in ["--allow", "--deny"] {
      let r = try Harness.run(["check", "src", flag, "PC3102,PC9999"], cwd: dir)
      #expect(r.status == 2)
      #expect(r.stderr.contains("PC9999"))
    }
  }

  @Test func inlineSuppressions() throws {
    let dir = try Harness.tempDir()
    let base = Self.source(id: "inline")
    let before = base.replacingOccurrences(
      of: "  allowAirDrop: false", with: "  # profilec: allow PC3102\n  allowAirDrop: false")
    let trailing = base.replacingOccurrences(
      of: "  allowAirDrop: false", with: "  allowAirDrop: false # profilec: allow PC3102")
    let otherCode = base.replacingOccurrences(
      of: "  allowAirDrop: false", with: "  allowAirDrop: false # profilec: allow PC2001")
    let twoLinesAbove = base.replacingOccurrences(
      of: "  allowCamera: false", with: "  # profilec: allow PC3102\n  allowCamera: false")
    for (name, text, silenced) in [
      ("before", before, true), ("trailing", trailing, true), ("other", otherCode, false), ("above", twoLinesAbove, false),
    ] {
      try Harness.write(text, to: dir.appendingPathComponent("\(name).profile.yaml"))
      let r = try Harness.run(["check", "\(name).profile.yaml", "--format", "json"], cwd: dir)
      let warnings = (try Self.json(r.stdout))["warnings"] as? Int
      #expect(warnings == (silenced ? 0 : 1), "\(name)")
    }
    // Errors are never silenced.
    let error = base.replacingOccurrences(of: "  allowCamera: false", with: "  allowCamera: no # profilec: allow PC1005")
    try Harness.write(error, to: dir.appendingPathComponent("error.profile.yaml"))
    #expect(try Harness.run(["check", "error.profile.yaml"], cwd: dir).status == 1)
  }

  // MARK: Folder builds

  @Test func folderBuildWritesBesideEachSourceOrMirrorsUnderOutDir() throws {
    let dir = try Self.tree()
    let r = try Harness.run(["compile", "src"], cwd: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.isEmpty)
    for path in ["src/a/one.mobileconfig", "src/a/b/two.mobileconfig", "src/c/three.mobileconfig"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path), "\(path)")
    }
    let out = try Harness.run(["compile", "src", "--out-dir", "build"], cwd: dir)
    #expect(out.status == 0)
    for path in ["build/a/one.mobileconfig", "build/a/b/two.mobileconfig", "build/c/three.mobileconfig"] {
      let built = try Data(contentsOf: dir.appendingPathComponent(path))
      let beside = try Data(contentsOf: dir.appendingPathComponent(path.replacingOccurrences(of: "build/", with: "src/")))
      #expect(built == beside, "\(path)")
    }
  }

  @Test func checkOnFreshStaleAndMissingOutputs() throws {
    let dir = try Self.tree()
    func snapshot() throws -> [String: Data] {
      var out: [String: Data] = [:]
      let root = dir.appendingPathComponent("src")
      for case let rel as String in FileManager.default.enumerator(atPath: root.path)! where rel.hasSuffix(".mobileconfig") {
        out[rel] = try Data(contentsOf: root.appendingPathComponent(rel))
      }
      return out
    }
    // Missing: every output named, nothing written.
    let missing = try Harness.run(["compile", "src", "--check"], cwd: dir)
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("src/a/one.mobileconfig") && missing.stderr.contains("src/c/three.mobileconfig"))
    #expect(missing.stderr.contains("PC9005"))
    #expect(try snapshot().isEmpty)
    // Fresh.
    #expect(try Harness.run(["compile", "src"], cwd: dir).status == 0)
    let fresh = try snapshot()
    #expect(fresh.count == 3)
    let ok = try Harness.run(["compile", "src", "--check"], cwd: dir)
    #expect(ok.status == 0, "\(ok.stderr)")
    // Stale: one source changed; only its output is named; nothing is rewritten.
    try Harness.write(Self.source(id: "two").replacingOccurrences(of: "name: two", with: "name: Two"), to: dir.appendingPathComponent("src/a/b/two.profile.yaml"))
    let stale = try Harness.run(["compile", "src", "--check"], cwd: dir)
    #expect(stale.status == 1)
    #expect(stale.stderr.contains("PC9004"))
    #expect(stale.stderr.contains("src/a/b/two.mobileconfig"))
    #expect(!stale.stderr.contains("src/a/one.mobileconfig"))
    #expect(try snapshot() == fresh)
    // --check under --out-dir compares the mirrored files.
    #expect(try Harness.run(["compile", "src", "--out-dir", "build", "--check"], cwd: dir).status == 1)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("build").path))
  }

  @Test func diagnosticOrderIsStableAcrossRuns() throws {
    let dir = try Harness.tempDir()
    for i in 0..<16 {
      try Harness.write(Self.source(id: "p\(i)", broken: i % 3 == 0), to: dir.appendingPathComponent("src/g\(i % 4)/p\(i).profile.yaml"))
    }
    let first = try Harness.run(["check", "src", "--format", "json"], cwd: dir)
    #expect(first.status == 1)
    let files = ((try Self.json(first.stdout))["diagnostics"] as! [[String: Any]]).map { $0["file"] as! String }
    #expect(files == files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    for _ in 0..<4 {
      let again = try Harness.run(["check", "src", "--format", "json"], cwd: dir)
      #expect(again.stdout == first.stdout)
      let human = try Harness.run(["check", "src"], cwd: dir)
      #expect(human.stderr == (try Harness.run(["check", "src"], cwd: dir)).stderr)
    }
  }
}
