import Diagnostics
import ProfileCompiler
import Testing

@Suite struct ExistingMetaKeyTypesRuleTests {
  let rule = MetaKeyTypesRule()
  let uuid = "6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B"

  @Test func enabledIsABooleanEverywhere() {
    let text = Existing.profile(
      extraTop: "<key>PayloadEnabled</key><string>true</string>",
      payloads: [
        Existing.payload(
          type: "com.apple.dock", identifier: "a.b", uuid: uuid,
          extra: "<key>PayloadEnabled</key><integer>1</integer>")
      ])
    let d = Existing.check(rule, text)
    #expect(d.map(\.path) == ["PayloadEnabled", "PayloadContent[0].PayloadEnabled"])
    #expect(d.allSatisfy { $0.code == "PC2003" && $0.severity == .error })
    #expect(d.first?.message == "'PayloadEnabled' expects a boolean, found the string 'true'")
  }

  @Test func namesAreStringsInPayloadsWithoutSchema() {
    let extra = "<key>PayloadDisplayName</key><integer>5</integer>"
    let known = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: uuid, extra: extra)
    ])
    // The schema walk checks payloads with a schema (once: not here too).
    #expect(Existing.check(rule, known).isEmpty)
    #expect(Existing.lint(known).diagnostics.filter { $0.code == "PC2003" }.count == 1)
    let unknown = Existing.profile(payloads: [
      Existing.payload(type: "com.example.x", identifier: "a.b", uuid: uuid, extra: extra)
    ])
    #expect(Existing.check(rule, unknown).map(\.path) == ["PayloadContent[0].PayloadDisplayName"])
  }
}
