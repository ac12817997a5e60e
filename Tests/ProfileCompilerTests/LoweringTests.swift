import Diagnostics
import Foundation
import ProfileCompiler
import PropertyList
import Testing

@Suite struct LoweringTests {
  /// SPEC §2: the exact expansion of `sso: {provider: microsoft}`.
  @Test func microsoftSugarOnIOS() throws {
    let out = compileSource(header + "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\n  app-allow-list: [a.b, c.d]\n  browser-sso-interaction: false\n")
    #expect(out.mobileconfig != nil, "\(findings(out))")
    let payload = compiledPlist(out)!["PayloadContent"]!.arrayValue![0].dictValue!
    #expect(payload["PayloadType"]?.stringValue == "com.apple.extensiblesso")
    #expect(payload["PayloadIdentifier"]?.stringValue == "com.contoso.test.extensiblesso")
    #expect(payload["ExtensionIdentifier"]?.stringValue == "com.microsoft.azureauthenticator.ssoextension")
    #expect(payload["Type"]?.stringValue == "Redirect")
    #expect(payload["TeamIdentifier"] == nil)
    #expect(payload["URLs"]?.arrayValue?.compactMap(\.stringValue) == [
      "https://login.microsoftonline.com", "https://login.microsoft.com", "https://sts.windows.net",
      "https://login.partner.microsoftonline.cn", "https://login.chinacloudapi.cn",
      "https://login.microsoftonline.us", "https://login-us.microsoftonline.com",
    ])
    let ext = payload["ExtensionData"]!.dictValue!
    #expect(ext["AppAllowList"]?.stringValue == "a.b,c.d")
    #expect(ext["browser_sso_interaction_enabled"]?.integerValue == 0)
    #expect(ext["device_registration"]?.stringValue == "{{DEVICEREGISTRATION}}")
    #expect(out.diagnostics.contains { $0.code == "PC4004" && $0.severity == .note })
  }

  @Test func microsoftSugarOnMacOS() {
    let out = compileSource(header + "enrollment:\n  type: device\n  platform: macOS\nsso:\n  provider: microsoft\n")
    let payload = compiledPlist(out)!["PayloadContent"]!.arrayValue![0].dictValue!
    #expect(payload["ExtensionIdentifier"]?.stringValue == "com.microsoft.CompanyPortalMac.ssoextension")
    #expect(payload["TeamIdentifier"]?.stringValue == "UBF8T346G9")
    #expect(payload["ExtensionData"]?.dictValue?["device_registration"] == nil)
  }

  /// SPEC §5: identifiers, suffixes and UUIDs.
  @Test func identifiersAndUUIDs() {
    let src = """
      profile:
        identifier: com.contoso.byod
        name: BYOD
        uuid: 6a1f0b3c-2d4e-4f60-8a7b-9c0d1e2f3a4b
      restrictions:
        allowCamera: true
      payloads:
        - type: com.apple.webClip.managed
          URL: https://a
          Label: A
        - type: com.apple.webClip.managed
          URL: https://b
          Label: B
        - type: com.apple.webClip.managed
          id: portal
          uuid: 11111111-2222-3333-4444-555555555555
          URL: https://c
          Label: C
        - type: com.example.custom
      sso:
        provider: microsoft

      """
    let out = compileSource(src)
    let plist = compiledPlist(out)!
    #expect(plist["PayloadUUID"]?.stringValue == "6a1f0b3c-2d4e-4f60-8a7b-9c0d1e2f3a4b")
    let payloads = plist["PayloadContent"]!.arrayValue!.map { $0.dictValue! }
    #expect(payloads.map { $0["PayloadIdentifier"]!.stringValue! } == [
      "com.contoso.byod.applicationaccess", "com.contoso.byod.webClip.managed", "com.contoso.byod.webClip.managed.2",
      "com.contoso.byod.portal", "com.contoso.byod.com.example.custom", "com.contoso.byod.extensiblesso",
    ])
    #expect(payloads[0]["PayloadUUID"]?.stringValue == UUIDv5.make(name: "com.contoso.byod.applicationaccess"))
    #expect(payloads[3]["PayloadUUID"]?.stringValue == "11111111-2222-3333-4444-555555555555")
    // Changing a setting never changes a UUID.
    let changed = compileSource(src.replacingOccurrences(of: "allowCamera: true", with: "allowCamera: false"))
    #expect(compiledPlist(changed)!["PayloadContent"]!.arrayValue![0].dictValue!["PayloadUUID"]?.stringValue == payloads[0]["PayloadUUID"]?.stringValue)
  }

  @Test func uuidv5MatchesPublishedVectors() {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
    #expect(UUIDv5.make(name: "python.org") == "886313E1-3B8A-5372-9B90-0C9AEE199E5D")
    #expect(UUIDv5.make(name: "www.example.com") == "2ED6657D-E927-568B-95E1-2665A8AEA6A2")
    #expect(UUIDv5.make(name: "com.contoso.byod") == "47A6BD18-89F8-5DDC-9E5D-324FA7DB503A")
  }

  @Test func sha1MatchesFIPSVectors() {
    func hex(_ b: [UInt8]) -> String { b.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined() }
    #expect(hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(hex(SHA1.hash([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(hex(SHA1.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    #expect(hex(SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
  }

  /// SPEC §1: scalars typed by the schema, by form elsewhere.
  @Test func scalarTyping() {
    let src = header + """
      payloads:
        - type: com.apple.mobiledevice.passwordpolicy
          minLength: 6
          maxGracePeriod: 5
        - type: com.example.custom
          Int: 1
          Real: 1.5
          RealInt: 1.0
          Bool: true
          QuotedNumber: "1"
          Text: 17.0.3
          When: 2027-01-31T00:00:00Z
          Blob: {base64: "AAEC"}
          Big: 9223372036854775807
          Neg: -3

      """
    let out = compileSource(src)
    #expect(out.mobileconfig != nil, "\(findings(out))")
    let payloads = compiledPlist(out)!["PayloadContent"]!.arrayValue!.map { $0.dictValue! }
    let c = payloads[1]
    #expect(c["Int"]?.value == .integer(1))
    #expect(c["Real"]?.value == .real(1.5))
    #expect(c["RealInt"]?.value == .real(1.0))
    #expect(c["Bool"]?.value == .bool(true))
    #expect(c["QuotedNumber"]?.value == .string("1"))
    #expect(c["Text"]?.value == .string("17.0.3"))
    #expect(c["When"]?.value == .date(PlistDate.parseISO8601("2027-01-31T00:00:00Z")!))
    #expect(c["Blob"]?.value == .data([0, 1, 2]))
    #expect(c["Big"]?.value == .integer(Int64.max))
    #expect(c["Neg"]?.value == .integer(-3))
  }

  @Test func realKeysAcceptPlainIntegers() {
    let out = compileSource("profile:\n  identifier: com.contoso.t\n  name: T\n  remove-after: 86400\n")
    #expect(compiledPlist(out)?["DurationUntilRemoval"]?.value == .real(86400))
  }

  @Test func environmentInterpolation() {
    let src = header + "payloads:\n  - type: com.example.custom\n    Greeting: \"hello ${env:WHO}!\"\n    Missing: ${env:NOPE}\n"
    let out = compileSource(src, env: ["WHO": "world"])
    #expect(findings(out).filter { $0.hasPrefix("PC1008") } == ["PC1008@7:14"])
    let ok = compileSource(header + "payloads:\n  - type: com.example.custom\n    Greeting: \"hello ${env:WHO}!\"\n", env: ["WHO": "world"])
    #expect(compiledPlist(ok)!["PayloadContent"]!.arrayValue![0].dictValue!["Greeting"]?.stringValue == "hello world!")
  }

  @Test func handWrittenPayloadKeysHaveFixIts() {
    let out = compileSource(header + "payloads:\n  - type: com.apple.webClip.managed\n    PayloadDisplayName: x\n    URL: https://a\n    Label: A\n")
    let d = out.diagnostics.first { $0.code == "PC1006" }!
    #expect(d.fixIts.first?.edits.first?.replacement == "name")
  }

  @Test func handWrittenPayloadKeysInRestrictionsAreErrors() {
    // The sugar has no meta keys; a Payload* key there used to override what the compiler
    // writes (PayloadType: a Wi-Fi payload came out) or silently set a display name.
    let out = compileSource(
      header + "restrictions:\n  PayloadType: com.apple.wifi.managed\n  PayloadDisplayName: R\n  allowCamera: false\n")
    #expect(findings(out).filter { $0.hasPrefix("PC1006") } == ["PC1006@5:3", "PC1006@6:3"])
    #expect(out.diagnostics.first { $0.code == "PC1006" }?.severity == .error)
    #expect(out.diagnostics.first { $0.code == "PC1006" }?.fixIts.first?.message == "remove it")
    #expect(out.mobileconfig == nil)
  }

  @Test func unknownTopLevelKeySuggests() {
    let out = compileSource(header + "payload:\n  - type: x\n")
    let d = out.diagnostics.first { $0.code == "PC1001" }!
    #expect(d.message.contains("did you mean 'payloads'"))
  }

  @Test func sugarPlacementFollowsSourceOrder() {
    let out = compileSource(header + "sso:\n  provider: microsoft\npayloads:\n  - type: com.example.a\nrestrictions:\n  allowCamera: true\n")
    let types = compiledPlist(out)!["PayloadContent"]!.arrayValue!.map { $0.dictValue!["PayloadType"]!.stringValue! }
    #expect(types == ["com.apple.extensiblesso", "com.example.a", "com.apple.applicationaccess"])
  }
}
