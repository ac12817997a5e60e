import Foundation
import Testing

@Suite struct IntuneCLITests {
  static let ssoSource = """
    profile:
      identifier: com.contoso.PROFILE
      name: PROFILE
    enrollment:
      type: web-based
      jit-registration: true
    sso:
      provider: microsoft

    """

  /// SPEC §3: SSO URLs are unique across every SSO payload compiled together.
  @Test func ssoURLsUniqueAcrossProfilesOfOneRun() throws {
    let dir = try Harness.tempDir()
    try Harness.write(Self.ssoSource.replacingOccurrences(of: "PROFILE", with: "a"), to: dir.appendingPathComponent("a.profile.yaml"))
    try Harness.write(Self.ssoSource.replacingOccurrences(of: "PROFILE", with: "b"), to: dir.appendingPathComponent("b.profile.yaml"))
    let each = try Harness.run(["check", "a.profile.yaml"], cwd: dir)
    #expect(each.status == 0, "\(each.stderr)")
    let both = try Harness.run(["check", "a.profile.yaml", "b.profile.yaml", "--format", "json"], cwd: dir)
    #expect(both.status == 1)
    let json = try JSONSerialization.jsonObject(with: both.stdout) as! [String: Any]
    let dup = (json["diagnostics"] as! [[String: Any]]).filter { $0["code"] as? String == "PC4021" }
    #expect(dup.count == 7)  // the seven Microsoft Entra URLs
    #expect(Set(dup.compactMap { $0["file"] as? String }) == ["b.profile.yaml"])
    #expect((dup.first?["message"] as? String)?.contains("a.profile.yaml") == true)
    // A directory run is one run too; nothing is written when it fails.
    let dirRun = try Harness.run(["compile", "."], cwd: dir)
    #expect(dirRun.status == 1)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.mobileconfig").path))
  }

  @Test func emitIntuneBesideTheOutput() throws {
    let dir = try Harness.tempDir()
    try Harness.write(Self.ssoSource.replacingOccurrences(of: "PROFILE", with: "byod"), to: dir.appendingPathComponent("byod.profile.yaml"))
    let r = try Harness.run(["compile", "byod.profile.yaml", "-o", "out/byod.mobileconfig", "--emit", "mobileconfig,intune"], cwd: dir)
    #expect(r.status == 2, "the out/ folder does not exist: \(r.stderr)")
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
    let ok = try Harness.run(["compile", "byod.profile.yaml", "-o", "out/byod.mobileconfig", "--emit", "mobileconfig,intune"], cwd: dir)
    #expect(ok.status == 0, "\(ok.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/byod.intune.json"))) as! [String: Any]
    let enrollment = json["appleUserInitiatedEnrollmentProfile"] as! [String: Any]
    #expect(enrollment["@odata.type"] as? String == "#microsoft.graph.appleUserInitiatedEnrollmentProfile")
    #expect(enrollment["defaultEnrollmentType"] as? String == "webDeviceEnrollment")
    #expect(json["deviceEnrollmentLimitConfiguration"] == nil, "not declared, so not emitted")
    let custom = json["iosCustomConfiguration"] as! [String: Any]
    let payload = Data(base64Encoded: custom["payload"] as! String)!
    #expect(payload == (try Data(contentsOf: dir.appendingPathComponent("out/byod.mobileconfig"))))
  }

  @Test(arguments: [
    ("app-based", "device"), ("web-based", "webDeviceEnrollment"),
    ("account-driven-user", "accountDrivenUserEnrollment"), ("user-with-company-portal", "user"),
  ])
  func graphEnumPerEnrollmentType(_ type: String, _ graphEnum: String) throws {
    let dir = try Harness.tempDir()
    try Harness.write("profile:\n  identifier: com.contoso.t\n  name: T\nenrollment:\n  type: \(type)\n  restrictions:\n    device-limit: 4\n    personally-owned: block\n", to: dir.appendingPathComponent("t.profile.yaml"))
    let r = try Harness.run(["compile", "t.profile.yaml", "-o", "t.mobileconfig", "--emit", "intune"], cwd: dir)
    #expect(r.status == 0, "\(r.stderr)")
    // SPEC §5: `--emit intune` *also* writes the JSON: the profile is written as well.
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.mobileconfig").path), "--emit intune writes the profile too")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("t.intune.json"))) as! [String: Any]
    #expect((json["appleUserInitiatedEnrollmentProfile"] as? [String: Any])?["defaultEnrollmentType"] as? String == graphEnum)
    #expect((json["deviceEnrollmentLimitConfiguration"] as? [String: Any])?["limit"] as? Int == 4)
    let restriction = (json["deviceEnrollmentPlatformRestrictionConfiguration"] as? [String: Any])?["platformRestriction"] as? [String: Any]
    #expect(restriction?["personalDeviceEnrollmentBlocked"] as? Bool == true)
  }

  /// The binary carries its schemas: copied alone to another folder and run from an
  /// empty working directory, it still validates.
  @Test func binaryValidatesAloneFromAnEmptyDirectory() throws {
    let dir = try Harness.tempDir()
    let bin = dir.appendingPathComponent("profilec")
    try FileManager.default.copyItem(at: Harness.binary, to: bin)
    let empty = try Harness.tempDir()
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write("profile:\n  identifier: com.contoso.t\n  name: T\nrestrictions:\n  allowAirdrop: false\n", to: src)
    let p = Process()
    p.executableURL = bin
    p.arguments = ["check", src.path]
    p.currentDirectoryURL = empty
    let err = Pipe()
    p.standardError = err
    p.standardOutput = Pipe()
    try p.run()
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    #expect(p.terminationStatus == 1)
    #expect(text.contains("did you mean 'allowAirDrop'"))
  }
}
