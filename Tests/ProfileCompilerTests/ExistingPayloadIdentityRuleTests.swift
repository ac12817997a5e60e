import Diagnostics
import ProfileCompiler
import Testing

@Suite struct ExistingPayloadIdentityRuleTests {
  let rule = PayloadIdentityRule()
  let uuid = "6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B"

  @Test func wellFormedPasses() {
    let lower = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: lower)
    ])
    #expect(Existing.check(rule, text).isEmpty)
  }

  @Test func malformedUUIDIsAWarningAndAnErrorUnderStrict() throws {
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: "not-a-valid-uuid")
    ])
    let d = try #require(Existing.check(rule, text).first)
    #expect(d.code == "PC5019")
    #expect(d.severity == .warning)
    #expect(
      d.message
        == "PayloadUUID 'not-a-valid-uuid' of payload PayloadContent[0] (com.apple.dock) is not in 8-4-4-4-12 form"
    )
    #expect(d.path == "PayloadContent[0].PayloadUUID")
    let strict = try #require(Existing.check(rule, text, strict: true).first)
    #expect(strict.severity == .error)
  }

  @Test func missingEmptyAndWrongTypeAreErrors() {
    let missing = Existing.profile(payloads: [
      "<key>PayloadType</key><string>com.apple.dock</string><key>PayloadVersion</key><integer>1</integer>"
    ])
    #expect(
      Existing.check(rule, missing).map(\.message) == [
        "payload PayloadContent[0] (com.apple.dock) has no PayloadIdentifier",
        "payload PayloadContent[0] (com.apple.dock) has no PayloadUUID",
      ])
    let empty = Existing.profile(identifier: "", payloads: [])
    #expect(
      Existing.check(rule, empty).map(\.message) == ["PayloadIdentifier of the profile is empty"])
    let integer = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: uuid).replacingOccurrences(
        of: "<string>\(uuid)</string>", with: "<integer>7</integer>")
    ])
    let d = Existing.check(rule, integer)
    #expect(
      d.map(\.message) == [
        "PayloadUUID of payload PayloadContent[0] (com.apple.dock) is the integer 7; expected a string"
      ])
    #expect(d.allSatisfy { $0.code == "PC5018" && $0.severity == .error })
  }

  @Test func topLevelUUIDIsCheckedToo() {
    let text = Existing.profile(uuid: "B75E-0001", payloads: [])
    let d = Existing.check(rule, text)
    #expect(d.map(\.code) == ["PC5019"])
    let line = d.first?.startLocation?.line ?? 0
    #expect(
      line > 0
        && text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains(
          "B75E-0001")
    )
    #expect(d.first?.path == "PayloadUUID")
  }
}
