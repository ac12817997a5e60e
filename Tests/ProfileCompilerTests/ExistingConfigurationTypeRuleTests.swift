import Diagnostics
import ProfileCompiler
import Testing

@Suite struct ExistingConfigurationTypeRuleTests {
  let rule = ConfigurationTypeRule()

  @Test func configurationPasses() {
    #expect(Existing.check(rule, Existing.profile(payloads: [])).isEmpty)
  }

  @Test func wrongTypeIsReportedAtItsValue() throws {
    let text = Existing.profile(payloads: []).replacingOccurrences(
      of: "<string>Configuration</string>", with: "<string>NotConfiguration</string>")
    let d = Existing.check(rule, text)
    #expect(d.map(\.code) == ["PC5016"])
    let first = try #require(d.first)
    #expect(first.severity == .error)
    #expect(first.message == "top-level PayloadType 'NotConfiguration' is not 'Configuration'")
    #expect(first.path == "PayloadType")
    let line = try #require(first.startLocation).line
    #expect(
      text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains(
        "NotConfiguration"))
  }

  @Test func caseMattersAndSaysSo() throws {
    let text = Existing.profile(payloads: []).replacingOccurrences(
      of: "<string>Configuration</string>", with: "<string>configuration</string>")
    let d = try #require(Existing.check(rule, text).first)
    #expect(d.notes.contains { $0.contains("case-sensitive") })
  }

  @Test func missingTypeAndNonDictionaryRoot() {
    let missing = Existing.xml("<key>PayloadVersion</key>\n<integer>1</integer>")
    #expect(
      Existing.check(rule, missing).map(\.message) == [
        "the profile has no top-level PayloadType; expected 'Configuration'"
      ])
    let array = """
      <?xml version="1.0" encoding="UTF-8"?>
      <plist version="1.0">
      <array><string>x</string></array>
      </plist>
      """
    #expect(
      Existing.check(rule, array).map(\.message) == [
        "the property list holds an array, not a profile dictionary"
      ])
    let integer = Existing.xml("<key>PayloadType</key>\n<integer>3</integer>")
    #expect(
      Existing.check(rule, integer).map(\.message) == [
        "top-level PayloadType is the integer 3; expected the string 'Configuration'"
      ])
  }

  @Test func aLonePayloadGetsAHint() throws {
    let text = Existing.xml(
      Existing.payload(
        type: "com.apple.dock", identifier: "a.b", uuid: "6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B"))
    let d = try #require(Existing.check(rule, text).first)
    #expect(d.notes.contains { $0.contains("single payload") })
  }
}
