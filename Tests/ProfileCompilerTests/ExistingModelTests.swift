import Diagnostics
import ProfileCompiler
import PropertyList
import Testing

@Suite struct ExistingModelTests {
  let uuid = "1B2C3D4E-2D4E-4F60-8A7B-9C0D1E2F3A4B"

  @Test func modelKeepsTopLevelAndPayloadsWithRanges() throws {
    let text = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.dock", identifier: "a.dock", uuid: uuid,
        extra: "<key>tilesize</key><integer>48</integer>"),
      "<key>PayloadVersion</key><integer>1</integer>",
      Existing.payload(
        type: "com.apple.finder", identifier: "a.finder",
        uuid: "7A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B"),
    ])
    let lint = Existing.lint(text)
    let model = try #require(lint.model)
    #expect(model.origin == .plist)
    #expect(model.top["PayloadContent"] == nil)
    #expect(model.identifier == "com.contoso.test")
    // The item without a PayloadType is reported, not modelled; indexes stay the file's.
    #expect(model.payloads.map(\.path) == ["PayloadContent[0]", "PayloadContent[2]"])
    #expect(model.payloads.map(\.origin) == [.plist(0), .plist(2)])
    let anchor = try #require(model.payloads[0].anchor)
    let line = model.file.location(of: anchor.start).line
    #expect(
      text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains(
        "<string>com.apple.dock</string>"))
    // Diagnostics on payload keys point at line:col in the file.
    let tile = try #require(model.payloads[0].content.entry("tilesize")?.keyRange)
    let tileLine = model.file.location(of: tile.start).line
    #expect(
      text.split(separator: "\n", omittingEmptySubsequences: false)[tileLine - 1].contains(
        "<key>tilesize</key>"))
  }

  @Test(arguments: [
    (["com.apple.dock"], TargetPlatform.macOS), (["com.apple.wifi.managed"], .iOS),
    (["com.apple.wifi.managed", "com.apple.TCC.configuration-profile-policy"], .macOS),
    (["com.example.unknown"], .iOS), ([], .iOS),
  ])
  func platformInference(_ types: [String], _ expected: TargetPlatform) throws {
    let payloads = types.enumerated().map { i, t in
      Existing.payload(
        type: t, identifier: "a.\(i)", uuid: "1B2C3D4E-2D4E-4F60-8A7B-9C0D1E2F3A4\(i)")
    }
    let model = try #require(Existing.lint(Existing.profile(payloads: payloads)).model)
    #expect(model.context.platform == expected)
    #expect(model.context.type == .device)
  }

  @Test func givenContextWins() throws {
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: uuid)
    ])
    let options = LintOptions(
      context: ExistingContextOptions(enrollment: .automated, platform: .iOS, minOS: "17.0"))
    let lint = Existing.lint(text, options: options)
    let model = try #require(lint.model)
    #expect(model.context.platform == .iOS)
    #expect(model.context.type == .automated)
    #expect(model.context.supervised)
    #expect(model.context.minOS == "17.0")
    // com.apple.dock does not exist on iOS; no note about a guessed platform.
    let d = try #require(lint.diagnostics.first { $0.code == "PC3001" })
    #expect(!d.notes.contains { $0.contains("inferred") })
  }

  @Test func inferredPlatformIsMentionedWhereItDecides() throws {
    // Notification settings need supervision on iOS, the inferred platform.
    let text = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.notificationsettings", identifier: "a.b", uuid: uuid,
        extra: "<key>NotificationSettings</key><array/>")
    ])
    let d = try #require(Existing.lint(text).diagnostics.first { $0.code == "PC3005" })
    #expect(d.notes.contains { $0.contains("inferred as iOS") })
  }

  @Test func unknownAndMissingRequiredKeysAreWarningsInLint() {
    let text = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.screensaver", identifier: "a.b", uuid: uuid,
        extra: "<key>idleTime</key><integer>600</integer>")
    ])
    let d = Existing.lint(text).diagnostics
    #expect(d.filter { $0.code == "PC2002" }.map(\.severity) == [.warning])
    #expect(d.filter { $0.code == "PC2007" }.map(\.severity) == [.warning])
    #expect(!d.hasErrors)
  }

  @Test func plistLevelDiagnosticsReplaceTheSchemasViewOfTheSameKey() {
    let text = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.dock", identifier: "a.b", uuid: uuid, version: "<integer>2</integer>")
    ])
    let d = Existing.lint(text).diagnostics
    #expect(d.filter { $0.path == "PayloadContent[0].PayloadVersion" }.map(\.code) == ["PC5017"])
  }

  @Test func notAPlistStopsAfterTheReader() {
    let lint = Existing.lint("This is not a plist")
    #expect(lint.model == nil)
    #expect(lint.diagnostics.map(\.code) == ["PC5001"])
    #expect(!lint.unreadable)
  }

  @Test func policyApplies() {
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: "nope")
    ])
    let warned = Existing.lint(
      text, options: LintOptions(policy: SeverityPolicy(warningsAsErrors: true)))
    #expect(warned.diagnostics.filter { $0.code == "PC5019" }.map(\.severity) == [.error])
    let allowed = Existing.lint(
      text, options: LintOptions(policy: SeverityPolicy(allow: ["PC5019"])))
    #expect(allowed.diagnostics.filter { $0.code == "PC5019" }.isEmpty)
  }
}
