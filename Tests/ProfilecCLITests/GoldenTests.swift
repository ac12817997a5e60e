import Foundation
import Testing

/// Golden tests over `samples/` (each source with its `.mobileconfig`, and for the Intune
/// samples its `.intune.json`) and over `Tests/Fixtures/diagnostics/` (sources that fail,
/// with the exact human diagnostics in `.diagnostics`). `UPDATE_GOLDEN=1 swift test`
/// rewrites the files and fails the run, so an update is always a reviewed diff.
@Suite struct GoldenTests {
  static let samplesDir = Harness.packageRoot.appendingPathComponent("samples")
  static let fixturesDir = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/diagnostics")

  static func sources(in dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
      .filter { $0.hasSuffix(".profile.yaml") }.sorted()
  }

  static let samples = sources(in: samplesDir)
  static let fixtures = sources(in: fixturesDir)
  /// Samples whose Graph request bodies are golden too.
  static let intuneSamples: Set<String> = ["web-based-jit.profile.yaml", "app-based.profile.yaml"]

  static func stem(_ name: String) -> String { String(name.dropLast(".profile.yaml".count)) }

  /// Compares or (with UPDATE_GOLDEN=1) rewrites a golden file.
  static func checkGolden(_ actual: Data, _ url: URL) throws {
    if Harness.updateGolden {
      let old = try? Data(contentsOf: url)
      if old != actual {
        try actual.write(to: url)
        Issue.record("golden file updated: \(url.lastPathComponent); review the diff and run again without UPDATE_GOLDEN")
      }
      return
    }
    let expected = try Data(contentsOf: url)
    #expect(actual == expected, "\(url.lastPathComponent) differs from its golden file (UPDATE_GOLDEN=1 swift test rewrites it)")
  }

  /// Codes a sample expects, from `# expect: PC4022, ...` lines.
  static func expectedCodes(_ source: String) -> Set<String> {
    var codes: Set<String> = []
    for line in source.split(separator: "\n") where line.hasPrefix("# expect:") {
      for code in line.dropFirst("# expect:".count).split(whereSeparator: { $0 == "," || $0 == " " }) {
        codes.insert(String(code))
      }
    }
    return codes
  }

  @Test func thereAreSamplesForEveryEnrollmentType() throws {
    let types = ["app-based", "web-based", "account-driven-user", "user-with-company-portal", "device", "user", "automated", "configurator", "manual"]
    var seen: Set<String> = []
    for name in Self.samples {
      let text = try String(contentsOf: Self.samplesDir.appendingPathComponent(name), encoding: .utf8)
      for t in types where text.contains("type: \(t)\n") { seen.insert(t) }
    }
    #expect(seen == Set(types))
  }

  @Test(arguments: samples)
  func sampleCompilesToGolden(_ name: String) throws {
    let source = Self.samplesDir.appendingPathComponent(name)
    let text = try String(contentsOf: source, encoding: .utf8)
    let r = try Harness.run(["compile", "samples/" + name, "--format", "json"], cwd: Harness.packageRoot)
    #expect(r.status == 0, "\(r.stderr)")
    // Warnings and errors must be exactly the ones the sample declares.
    let json = try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any]
    let diags = (json?["diagnostics"] as? [[String: Any]]) ?? []
    let codes = Set(diags.filter { ($0["severity"] as? String) != "note" }.compactMap { $0["code"] as? String })
    #expect(codes == Self.expectedCodes(text), "\(r.stderr)")
    try Self.checkGolden(r.stdout, Self.samplesDir.appendingPathComponent(Self.stem(name) + ".mobileconfig"))
  }

  @Test(arguments: intuneSamples.sorted())
  func intuneGolden(_ name: String) throws {
    let dir = try Harness.tempDir()
    let out = dir.appendingPathComponent(Self.stem(name) + ".mobileconfig")
    let r = try Harness.run(["compile", "samples/" + name, "--emit", "mobileconfig,intune", "-o", out.path], cwd: Harness.packageRoot)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try Data(contentsOf: dir.appendingPathComponent(Self.stem(name) + ".intune.json"))
    try Self.checkGolden(json, Self.samplesDir.appendingPathComponent(Self.stem(name) + ".intune.json"))
    // The custom configuration carries exactly the compiled profile.
    let object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
    let custom = object["iosCustomConfiguration"] as! [String: Any]
    #expect(custom["@odata.type"] as? String == "#microsoft.graph.iosCustomConfiguration")
    #expect(Data(base64Encoded: custom["payload"] as! String) == (try Data(contentsOf: out)))
  }

  /// An independent check: every golden profile is what plistlib writes for its own value,
  /// and plutil accepts it.
  @Test func goldensAreCanonicalForPlistlibAndPlutil() throws {
    let goldens = try FileManager.default.contentsOfDirectory(atPath: Self.samplesDir.path)
      .filter { $0.hasSuffix(".mobileconfig") }.sorted().map { Self.samplesDir.appendingPathComponent($0).path }
    #expect(goldens.count == Self.samples.count)
    let script = """
      import plistlib, sys
      bad = []
      for path in sys.argv[1:]:
          data = open(path, 'rb').read()
          if plistlib.dumps(plistlib.loads(data), fmt=plistlib.FMT_XML, sort_keys=True) != data:
              bad.append(path)
      print('\\n'.join(bad))
      """
    let (status, out, err) = try Harness.python(script, args: goldens)
    #expect(status == 0, "\(err)")
    #expect(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "")
    let plutil = "/opt/swift/usr/bin/plutil"
    if FileManager.default.isExecutableFile(atPath: plutil) {
      for g in goldens {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: plutil)
        p.arguments = ["-lint", g]
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "plutil -lint \(g)")
      }
    }
  }

  @Test func wholeSamplesFolderCompilesInOneRun() throws {
    let dir = try Harness.tempDir()
    let r = try Harness.run(["compile", "samples", "--out-dir", dir.path], cwd: Harness.packageRoot)
    #expect(r.status == 0, "\(r.stderr)")
    for name in Self.samples {
      let produced = try Data(contentsOf: dir.appendingPathComponent(Self.stem(name) + ".mobileconfig"))
      let golden = try Data(contentsOf: Self.samplesDir.appendingPathComponent(Self.stem(name) + ".mobileconfig"))
      #expect(produced == golden, "\(name)")
    }
  }

  @Test(arguments: fixtures)
  func fixtureDiagnosticsMatchGolden(_ name: String) throws {
    let r = try Harness.run(["check", name], cwd: Self.fixturesDir)
    #expect(r.status == 1 || r.status == 0)
    try Self.checkGolden(Data(r.stderr.utf8), Self.fixturesDir.appendingPathComponent(Self.stem(name) + ".diagnostics"))
    let jsonURL = Self.fixturesDir.appendingPathComponent(Self.stem(name) + ".json")
    if FileManager.default.fileExists(atPath: jsonURL.path) {
      let j = try Harness.run(["check", name, "--format", "json"], cwd: Self.fixturesDir)
      try Self.checkGolden(j.stdout, jsonURL)
    }
  }
}
