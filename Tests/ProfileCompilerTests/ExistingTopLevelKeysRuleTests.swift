import Diagnostics
import ProfileCompiler
import Testing

@Suite struct ExistingTopLevelKeysRuleTests {
  func run(_ extraTop: String, replacing: (String, String)? = nil) -> [Diagnostic] {
    var text = Existing.profile(extraTop: extraTop, payloads: [])
    if let (a, b) = replacing { text = text.replacingOccurrences(of: a, with: b) }
    let options = LintOptions(context: ExistingContextOptions(platform: .macOS))
    let lint = Existing.lint(text, options: options)
    return lint.diagnostics.filter { TopLevelKeysRule.codes.map(\.code).contains($0.code) }
  }

  @Test func aPlainProfilePasses() {
    #expect(
      run("<key>PayloadScope</key><string>System</string><key>PayloadEnabled</key><true/>").isEmpty)
  }

  @Test func wrongTypesAndValues() {
    let d = run(
      """
      <key>PayloadRemovalDisallowed</key>
      <string>true</string>
      <key>PayloadScope</key>
      <string>system</string>
      """)
    #expect(d.map(\.code) == ["PC2003", "PC2004"])
    #expect(d.map(\.path) == ["PayloadRemovalDisallowed", "PayloadScope"])
    #expect(d.allSatisfy { $0.severity == .error })
  }

  @Test func unknownTopLevelKeyIsAWarning() throws {
    let d = try #require(run("<key>PayloadFoo</key><string>x</string>").first)
    #expect(d.code == "PC2002")
    #expect(d.severity == .warning)
    #expect(d.message.hasPrefix("unknown key 'PayloadFoo' at the top level"))
    #expect(d.path == "PayloadFoo")
  }

  @Test func displayNameIsRequired() {
    let d = run("", replacing: ("<key>PayloadDisplayName</key>\n<string>Test</string>", ""))
    #expect(d.map(\.message) == ["the profile has no PayloadDisplayName"])
    #expect(d.map(\.code) == ["PC5018"])
  }

  @Test func consentTextMapsLanguagesToTexts() {
    #expect(
      run(
        "<key>ConsentText</key><dict><key>default</key><string>Hi</string><key>fr</key><string>Salut</string></dict>"
      ).isEmpty)
    let d = run("<key>ConsentText</key><dict><key>en</key><integer>1</integer></dict>")
    #expect(d.map(\.message) == ["'ConsentText.en' expects a string, found the integer 1"])
    #expect(run("<key>ConsentText</key><string>Hi</string>").map(\.code) == ["PC2003"])
  }

  @Test func topLevelAvailabilityFollowsTheContext() {
    // TargetDeviceType came with iOS 12.2.
    let text = Existing.profile(
      extraTop: "<key>TargetDeviceType</key><integer>1</integer>", payloads: [])
    func lint(_ minOS: String) -> [Diagnostic] {
      Existing.lint(
        text, options: LintOptions(context: ExistingContextOptions(platform: .iOS, minOS: minOS))
      )
      .diagnostics.filter { $0.path == "TargetDeviceType" }
    }
    #expect(lint("11.0").map(\.code) == ["PC3103"])
    #expect(lint("13.0").isEmpty)
  }

  @Test func removalDisallowedIsReportedOnceInTheContext() {
    // ProfileKeysRule says it; the schema walk's availability view of it is dropped.
    let text = Existing.profile(
      extraTop: "<key>PayloadRemovalDisallowed</key><true/>", payloads: [])
    let iOS = Existing.lint(
      text, options: LintOptions(context: ExistingContextOptions(platform: .iOS)))
    #expect(
      iOS.diagnostics.filter { $0.path == "PayloadRemovalDisallowed" }.map(\.code) == ["PC4015"])
    let macOS = Existing.lint(
      text, options: LintOptions(context: ExistingContextOptions(platform: .macOS)))
    #expect(!macOS.diagnostics.contains { $0.path == "PayloadRemovalDisallowed" })
  }

  @Test func removalDisallowedElsewhereFollowsTheSchema() {
    // SPEC §3, keys: Apple's TopLevel schema has PayloadRemovalDisallowed n/a on visionOS
    // and watchOS (PC3101) and supervised-only on tvOS (PC3102); ProfileKeysRule only
    // speaks for iOS/iPadOS and User Enrollment, so these were dropped.
    let text = Existing.profile(
      extraTop: "<key>PayloadRemovalDisallowed</key><true/>", payloads: [])
    func codes(_ platform: TargetPlatform, _ type: EnrollmentType = .device) -> [String] {
      Existing.lint(
        text, options: LintOptions(context: ExistingContextOptions(enrollment: type, platform: platform))
      ).diagnostics.filter { $0.path == "PayloadRemovalDisallowed" }.map(\.code)
    }
    #expect(codes(.visionOS) == ["PC3101"])
    #expect(codes(.watchOS) == ["PC3101"])
    #expect(codes(.tvOS) == ["PC3102"])
    #expect(codes(.tvOS, .automated).isEmpty)
    #expect(codes(.visionOS, .user) == ["PC3101", "PC4016"])

    let source = compileSource(
      "profile:\n  identifier: com.contoso.test\n  name: Test\n  removal-disallowed: true\nenrollment:\n  type: device\n  platform: watchOS\n")
    #expect(findings(source) == ["PC3101@4:3"])
    #expect(source.diagnostics.first?.path == "profile.removal-disallowed")
  }
}
