import Foundation
import ProfileCompiler
import Testing

@Suite struct DriverTests {
  static var samplePaths: [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("samples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.filter { $0.hasSuffix(".profile.yaml") }.sorted().map { root.appendingPathComponent($0).path }
  }

  /// keepModels: false releases the models nothing after the compile reads (no SSO payload
  /// for the checks across profiles); outputs and diagnostics stay exactly the same.
  @Test func releasedModelsChangeNoOutput() throws {
    let paths = Self.samplePaths
    #expect(paths.count >= 8)
    let options = CompileOptions()
    let kept = Driver.compileEach(paths, options: options)
    let released = Driver.compileEach(paths, options: options, keepModels: false)
    var ssoSources = 0
    for (k, r) in zip(kept, released) {
      let model = try #require(k.output?.model, "\(k.path)")
      let hasSSO = model.payloads.contains { $0.type == "com.apple.extensiblesso" }
      if hasSSO { ssoSources += 1 }
      #expect((r.output?.model != nil) == hasSSO, "\(r.path)")
      #expect(r.output?.mobileconfig == k.output?.mobileconfig, "\(r.path)")
      #expect(r.diagnostics.map(\.code) == k.diagnostics.map(\.code), "\(r.path)")
    }
    // The samples include SSO profiles, so both kinds were seen.
    #expect(ssoSources > 0 && ssoSources < paths.count)
    // One source alone keeps its model: nothing would reuse the memory.
    let plain = try #require(paths.first { !$0.hasSuffix("web-based-jit.profile.yaml") })
    #expect(Driver.compileEach([plain], options: options, keepModels: false)[0].output?.model != nil)
  }

  /// The check across profiles still sees every SSO payload when the other models go.
  @Test func crossProfileCheckWithReleasedModels() throws {
    let sso = Self.samplePaths.filter { $0.hasSuffix("/web-based-jit.profile.yaml") }
    let plain = Self.samplePaths.filter { $0.hasSuffix("/device.profile.yaml") }
    #expect(sso.count == 1 && plain.count == 1)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profilec-driver-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // The same SSO profile under a second identifier: its URLs meet the first one's.
    let text = try String(contentsOfFile: sso[0], encoding: .utf8)
    let second = dir.appendingPathComponent("second.profile.yaml")
    try text.replacingOccurrences(of: "identifier: ", with: "identifier: x.").write(to: second, atomically: true, encoding: .utf8)
    var all = Driver.compileEach(plain + sso + [second.path], options: CompileOptions(), keepModels: false)
    Driver.checkAcrossProfiles(&all, options: CompileOptions())
    #expect(all[0].output?.model == nil)
    #expect(all[0].diagnostics.allSatisfy { $0.code != "PC4021" })
    #expect(all[2].diagnostics.contains { $0.code == "PC4021" })
    #expect(all[2].output?.mobileconfig == nil)
  }
}
