import Diagnostics
import ProfileCompiler
import Testing

@Suite struct ExistingPayloadContentRuleTests {
  let rule = PayloadContentRule()

  @Test func anArrayOfPayloadsPasses() {
    let text = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.dock", identifier: "a.b", uuid: "6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B")
    ])
    #expect(Existing.check(rule, text).isEmpty)
    #expect(Existing.check(rule, Existing.profile(payloads: [])).isEmpty)
  }

  @Test func missingContent() {
    let text = Existing.xml("<key>PayloadType</key>\n<string>Configuration</string>")
    #expect(Existing.check(rule, text).map(\.message) == ["the profile has no PayloadContent"])
  }

  @Test func notAnArray() throws {
    let text = Existing.xml("<key>PayloadContent</key>\n<dict/>")
    let d = try #require(Existing.check(rule, text).first)
    #expect(d.code == "PC5020")
    #expect(d.message == "PayloadContent is a dictionary, not an array of payloads")
    #expect(d.startLocation?.line == 6)
  }

  @Test func itemsThatAreNotPayloads() {
    let text = Existing.xml(
      """
      <key>PayloadContent</key>
      <array>
        <string>com.apple.dock</string>
        <dict><key>PayloadVersion</key><integer>1</integer></dict>
        <dict><key>PayloadType</key><string></string></dict>
      </array>
      """)
    #expect(Existing.codes(Existing.check(rule, text)) == ["PC5020@7", "PC5018@8", "PC5018@9"])
    #expect(
      Existing.check(rule, text).map(\.message) == [
        "PayloadContent[0] is the string 'com.apple.dock', not a payload dictionary",
        "payload PayloadContent[1] has no PayloadType",
        "PayloadType of payload PayloadContent[2] is empty",
      ])
  }

  @Test func encryptedProfilesNeedNoContent() {
    let text = Existing.xml("<key>EncryptedPayloadContent</key>\n<data>AAEC</data>")
    #expect(Existing.check(rule, text).isEmpty)
  }
}
