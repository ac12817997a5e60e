import Diagnostics
import ProfileCompiler
import PropertyList
import Testing

/// The source-language extensions import needs (docs/lint-import.md).
@Suite struct ExistingLoweringTests {
  let head = """
    profile:
      identifier: com.contoso.test
      name: Test
      organization: Contoso
    enrollment:
      type: device
      platform: iOS

    """

  @Test func identifierIsWrittenVerbatimAndTakesNoSuffixNumber() throws {
    let out = Existing.compile(
      head + """
        payloads:
          - type: com.apple.webClip.managed
            identifier: com.other.clip
            URL: https://a.example
            Label: A
          - type: com.apple.webClip.managed
            URL: https://b.example
            Label: B

        """)
    #expect(!out.hasErrors, "\(out.diagnostics.map(\.message))")
    let p = Existing.payloads(out)
    #expect(
      p.map { $0["PayloadIdentifier"]?.stringValue } == [
        "com.other.clip", "com.contoso.test.webClip.managed",
      ])
    // The UUID derives from the identifier actually written.
    #expect(p[0]["PayloadUUID"]?.stringValue == UUIDv5.make(name: "com.other.clip"))
  }

  @Test func idAndIdentifierTogetherIsAnError() {
    let out = Existing.compile(
      head + """
        payloads:
          - type: com.apple.webClip.managed
            id: clip
            identifier: com.other.clip
            URL: https://a.example
            Label: A

        """)
    #expect(
      out.diagnostics.contains {
        $0.code == "PC1014" && $0.message == "payload has both 'id' and 'identifier'"
      })
    #expect(out.hasErrors)
  }

  @Test func inheritOrganizationFalseKeepsPayloadsWithoutOne() throws {
    let source = { (inherit: String) in
      self.head.replacingOccurrences(
        of: "  organization: Contoso\n", with: "  organization: Contoso\n" + inherit)
        + "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://a.example\n    Label: A\n"
    }
    let inherited = Existing.compile(source(""))
    #expect(Existing.payloads(inherited).first?["PayloadOrganization"]?.stringValue == "Contoso")
    let kept = Existing.compile(source("  inherit-organization: false\n"))
    #expect(!kept.hasErrors)
    #expect(Existing.payloads(kept).first?["PayloadOrganization"] == nil)
    #expect(kept.model?.top["PayloadOrganization"]?.stringValue == "Contoso")
  }

  @Test func remainingTopLevelKeys() throws {
    let out = Existing.compile(
      head.replacingOccurrences(
        of: "  organization: Contoso\n",
        with:
          "  has-removal-passcode: true\n  expiration-date: 2027-01-31T00:00:00Z\n  enabled: false\n"
      ))
    #expect(!out.hasErrors, "\(out.diagnostics.map(\.message))")
    let top = try #require(out.model?.top)
    #expect(top["HasRemovalPasscode"]?.boolValue == true)
    #expect(
      top["PayloadExpirationDate"]?.value
        == .date(try #require(PlistDate.parseISO8601("2027-01-31T00:00:00Z"))))
    #expect(top["PayloadEnabled"]?.boolValue == false)
  }

  @Test func nonUUIDIsAWarningAndKeptVerbatim() throws {
    let out = Existing.compile(
      head.replacingOccurrences(
        of: "  organization: Contoso\n", with: "  uuid: io.kandji.profile-1\n")
        + "payloads:\n  - type: com.apple.webClip.managed\n    uuid: clip-1\n    URL: https://a.example\n    Label: A\n"
    )
    #expect(!out.hasErrors)
    #expect(out.diagnostics.filter { $0.code == "PC1012" }.map(\.severity) == [.warning, .warning])
    #expect(out.model?.top["PayloadUUID"]?.stringValue == "io.kandji.profile-1")
    #expect(Existing.payloads(out).first?["PayloadUUID"]?.stringValue == "clip-1")
    #expect(out.mobileconfig != nil)
  }

  @Test func allowCommentsSilenceOnlyUnknownAndRequiredKeys() {
    let unknown =
      head
      + "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://a.example\n    Label: A\n    Colour: red\n"
    #expect(
      Existing.compile(unknown).diagnostics.contains {
        $0.code == "PC2002" && $0.severity == .error
      })
    let allowed = unknown.replacingOccurrences(
      of: "    Colour", with: "    # profilec: allow PC2002\n    Colour")
    let out = Existing.compile(allowed)
    #expect(!out.hasErrors)
    #expect(out.mobileconfig != nil)
    // Other errors stay errors.
    let wrongType =
      head
      + "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://a.example\n    Label: A\n"
      + "    # profilec: allow PC2003\n    IsRemovable: maybe-not\n"
    let codes = Existing.compile(wrongType).diagnostics.filter { $0.severity == .error }.map(\.code)
    #expect(codes == ["PC2003"])
  }
}
