import Diagnostics
import ProfileCompiler
import Testing

@Suite struct ExistingPayloadVersionRuleTests {
  let rule = PayloadVersionRule()
  let uuid = "6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B"

  @Test func versionOnePasses() {
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: uuid)
    ])
    #expect(Existing.check(rule, text).isEmpty)
  }

  @Test(arguments: [
    (
      "<integer>2</integer>",
      "PayloadVersion of payload PayloadContent[0] (com.apple.dock) is the integer 2; expected the integer 1"
    ),
    (
      "<string>1</string>",
      "PayloadVersion of payload PayloadContent[0] (com.apple.dock) is the string '1'; expected the integer 1"
    ),
    (
      "<real>1.0</real>",
      "PayloadVersion of payload PayloadContent[0] (com.apple.dock) is the real 1.0; expected the integer 1"
    ),
  ])
  func otherVersionsAreErrors(_ version: String, _ message: String) throws {
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: uuid, version: version)
    ])
    let d = try #require(Existing.check(rule, text).first)
    #expect(d.code == "PC5017")
    #expect(d.message == message)
    #expect(d.path == "PayloadContent[0].PayloadVersion")
    let line = try #require(d.startLocation).line
    #expect(
      text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains(version))
  }

  @Test func topLevelVersionIsCheckedToo() {
    let text = Existing.profile(payloads: []).replacingOccurrences(
      of: "<key>PayloadVersion</key>\n<integer>1</integer>",
      with: "<key>PayloadVersion</key>\n<integer>3</integer>")
    #expect(
      Existing.check(rule, text).map(\.message) == [
        "PayloadVersion of the profile is the integer 3; expected the integer 1"
      ])
  }

  @Test func aPayloadWithoutVersionIsAnError() throws {
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: uuid, version: "")
        .replacingOccurrences(
          of: "<key>PayloadVersion</key>", with: "")
    ])
    let d = try #require(Existing.check(rule, text).first)
    #expect(d.code == "PC5018")
    #expect(d.severity == .error)
    #expect(d.message == "payload PayloadContent[0] (com.apple.dock) has no PayloadVersion")
  }
}
