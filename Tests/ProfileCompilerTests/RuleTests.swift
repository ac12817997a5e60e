import Diagnostics
import ProfileCompiler
import PropertyList
import Testing

/// One case per rule: a source where ⟨ marks every place the code must be reported, and
/// (in `clean`) a source where it must not be.
struct RuleCase: CustomTestStringConvertible, Sendable {
  var code: String
  var triggering: String
  var clean: String
  var testDescription: String { code }
}

let header = "profile:\n  identifier: com.contoso.test\n  name: Test\n"

let ruleCases: [RuleCase] = [
  // Schema rules.
  RuleCase(code: "PC2001", triggering: header + "payloads:\n  - type: ⟨com.example.unknown\n    Key: 1\n",
           clean: header + "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://a.example\n    Label: A\n"),
  RuleCase(code: "PC2002", triggering: header + "restrictions:\n  ⟨allowAirdrop: false\n  ⟨allowCamra: true\n",
           clean: header + "restrictions:\n  allowCamera: true\n"),
  RuleCase(code: "PC2003", triggering: header + "restrictions:\n  allowCamera: ⟨\"false\"\n  allowScreenShot: ⟨[1]\n",
           clean: header + "restrictions:\n  allowCamera: false\n"),
  RuleCase(code: "PC2004", triggering: header + "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: x\n    EncryptionType: ⟨WPA4\n",
           clean: header + "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: x\n    EncryptionType: WPA3\n"),
  RuleCase(code: "PC2005", triggering: header + "payloads:\n  - type: com.apple.mobiledevice.passwordpolicy\n    maxFailedAttempts: ⟨20\n    minLength: ⟨-1\n",
           clean: header + "payloads:\n  - type: com.apple.mobiledevice.passwordpolicy\n    maxFailedAttempts: 11\n    minLength: 16\n"),
  RuleCase(code: "PC2006", triggering: header + "payloads:\n  - type: com.apple.wifi.managed\n    PayloadCertificateUUID: ⟨nope\n",
           clean: header + "payloads:\n  - type: com.apple.wifi.managed\n    PayloadCertificateUUID: 6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B\n"),
  RuleCase(code: "PC2007", triggering: header + "payloads:\n  - type: ⟨com.apple.webClip.managed\n    URL: https://a.example\n",
           clean: header + "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://a.example\n    Label: A\n"),
  RuleCase(code: "PC2008", triggering: header + "enrollment:\n  type: automated\npayloads:\n  - type: com.apple.app.lock\n    App: {Identifier: a.b}\n  - type: ⟨com.apple.app.lock\n    App: {Identifier: a.c}\n",
           clean: header + "enrollment:\n  type: automated\npayloads:\n  - type: com.apple.app.lock\n    App: {Identifier: a.b}\n"),
  // Payload availability.
  RuleCase(code: "PC3001", triggering: header + "enrollment:\n  platform: iOS\npayloads:\n  - type: ⟨com.apple.dock\n",
           clean: header + "enrollment:\n  platform: macOS\npayloads:\n  - type: com.apple.dock\n"),
  RuleCase(code: "PC3002", triggering: header + "enrollment:\n  min-os: \"15.0\"\npayloads:\n  - type: ⟨com.apple.security.acme\n    DirectoryURL: https://a\n    ClientIdentifier: x\n    KeySize: 384\n    KeyType: ECSECPrimeRandom\n    HardwareBound: true\n    Subject: [[[CN, x]]]\n",
           clean: header + "enrollment:\n  min-os: \"16.0\"\npayloads:\n  - type: com.apple.security.acme\n    DirectoryURL: https://a\n    ClientIdentifier: x\n    KeySize: 384\n    KeyType: ECSECPrimeRandom\n    HardwareBound: true\n    Subject: [[[CN, x]]]\n"),
  RuleCase(code: "PC3005", triggering: header + "enrollment:\n  type: app-based\npayloads:\n  - type: ⟨com.apple.app.lock\n    App: {Identifier: a.b}\n",
           clean: header + "enrollment:\n  type: automated\npayloads:\n  - type: com.apple.app.lock\n    App: {Identifier: a.b}\n"),
  RuleCase(code: "PC3006", triggering: header + "enrollment:\n  type: account-driven-user\npayloads:\n  - type: ⟨com.apple.vpn.managed\n    UserDefinedName: v\n    VPNType: IKEv2\n",
           clean: header + "enrollment:\n  type: device\npayloads:\n  - type: com.apple.vpn.managed\n    UserDefinedName: v\n    VPNType: IKEv2\n"),
  RuleCase(code: "PC3008", triggering: header + "enrollment:\n  type: manual\n⟨sso:\n  provider: microsoft\n",
           clean: header + "enrollment:\n  type: device\nsso:\n  provider: microsoft\n"),
  // Key availability.
  RuleCase(code: "PC3101", triggering: header + "enrollment:\n  type: device\n  platform: macOS\npayloads:\n  - type: com.apple.webClip.managed\n    URL: https://a\n    Label: A\n    ⟨IsRemovable: false\n",
           clean: header + "enrollment:\n  type: device\n  platform: iOS\npayloads:\n  - type: com.apple.webClip.managed\n    URL: https://a\n    Label: A\n    IsRemovable: false\n"),
  RuleCase(code: "PC3102", triggering: header + "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\nrestrictions:\n  ⟨allowAirDrop: false\n",
           clean: header + "enrollment:\n  type: automated\nrestrictions:\n  allowAirDrop: false\n"),
  RuleCase(code: "PC3103", triggering: header + "enrollment:\n  type: automated\n  min-os: \"14.0\"\nrestrictions:\n  ⟨blockedAppBundleIDs: [com.example.game]\n",
           clean: header + "enrollment:\n  type: automated\n  min-os: \"15.0\"\nrestrictions:\n  blockedAppBundleIDs: [com.example.game]\n"),
  RuleCase(code: "PC3104", triggering: header + "restrictions:\n  ⟨allowVoiceDialing: false\n",
           clean: header + "restrictions:\n  allowScreenShot: false\n"),
  RuleCase(code: "PC3106", triggering: header + "enrollment:\n  type: account-driven-user\nrestrictions:\n  ⟨allowCamera: false\n",
           clean: header + "enrollment:\n  type: account-driven-user\nrestrictions:\n  allowScreenShot: false\n"),
  // Enrollment and Intune.
  RuleCase(code: "PC4001", triggering: header + "enrollment:\n  type: app-based\n  min-os: ⟨\"13.0\"\n",
           clean: header + "enrollment:\n  type: app-based\n  min-os: \"14.0\"\n"),
  RuleCase(code: "PC4002", triggering: header + "enrollment:\n  type: automated\n  jit-registration: ⟨true\nsso:\n  provider: microsoft\n",
           clean: header + "enrollment:\n  type: app-based\n  jit-registration: true\nsso:\n  provider: microsoft\n"),
  RuleCase(code: "PC4003", triggering: header + "enrollment:\n  type: web-based\n  jit-registration: ⟨true\n",
           clean: header + "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\n"),
  RuleCase(code: "PC4005", triggering: header + "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\n  extension-data:\n    device_registration: ⟨\"{{DEVICE}}\"\n",
           clean: header + "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\n  extension-data:\n    device_registration: \"{{DEVICEREGISTRATION}}\"\n"),
  RuleCase(code: "PC4006", triggering: header + "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\n  extension-data:\n    device_registration: ⟨\"{{DEVICEREGISTRATION}} \"\n",
           clean: header + "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\n"),
  RuleCase(code: "PC4007", triggering: header + "enrollment:\n  type: ⟨web-based\n",
           clean: header + "enrollment:\n  type: web-based\npayloads:\n  - type: com.apple.webClip.managed\n    URL: https://portal.manage.microsoft.com\n    Label: Company Portal\n"),
  RuleCase(code: "PC4008", triggering: header + "enrollment:\n  type: web-based\n  jit-registration: true\n  restrictions:\n    min-os: ⟨\"17.0.3\"\n    max-os: ⟨18.1.1\nsso:\n  provider: microsoft\n",
           clean: header + "enrollment:\n  type: app-based\n  restrictions:\n    min-os: \"17.0.3\"\n"),
  RuleCase(code: "PC4009", triggering: header + "enrollment:\n  type: app-based\n  restrictions:\n    min-os: ⟨\"18.0\"\n    max-os: \"17.10\"\n",
           clean: header + "enrollment:\n  type: app-based\n  restrictions:\n    min-os: \"17.2\"\n    max-os: \"17.10\"\n"),
  RuleCase(code: "PC4010", triggering: header + "enrollment:\n  type: app-based\n  min-os: ⟨\"17.x\"\n",
           clean: header + "enrollment:\n  type: app-based\n  min-os: 17.0\n"),
  RuleCase(code: "PC4011", triggering: header + "enrollment:\n  type: app-based\n  restrictions:\n    device-limit: ⟨0\n",
           clean: header + "enrollment:\n  type: app-based\n  restrictions:\n    device-limit: 15\n"),
  RuleCase(code: "PC4012", triggering: header + "sso:\n  provider: microsoft\n  extension-data:\n    AppAllowList: ⟨[a.b, c.d]\n",
           clean: header + "sso:\n  provider: microsoft\n  app-allow-list: [a.b, c.d]\n"),
  RuleCase(code: "PC4013", triggering: header + "sso:\n  provider: microsoft\n  app-prefix-allow-list: ⟨[com.contoso]\n",
           clean: header + "sso:\n  provider: microsoft\n  app-prefix-allow-list: [com.contoso.]\n"),
  RuleCase(code: "PC4014", triggering: header + "sso:\n  provider: microsoft\n  app-block-list: ⟨[com.microsoft.azureauthenticator]\n",
           clean: header + "sso:\n  provider: microsoft\n  app-block-list: [com.apple.mobilesafari]\n"),
  RuleCase(code: "PC4015", triggering: "profile:\n  identifier: com.contoso.test\n  name: Test\n  ⟨removal-disallowed: true\nenrollment:\n  type: app-based\n",
           clean: "profile:\n  identifier: com.contoso.test\n  name: Test\n  removal-disallowed: true\nenrollment:\n  type: automated\n"),
  RuleCase(code: "PC4016", triggering: "profile:\n  identifier: com.contoso.test\n  name: Test\n  ⟨removal-disallowed: true\nenrollment:\n  type: account-driven-user\n",
           clean: "profile:\n  identifier: com.contoso.test\n  name: Test\n  removal-disallowed: false\nenrollment:\n  type: account-driven-user\n"),
  RuleCase(code: "PC4017", triggering: "profile:\n  identifier: com.contoso.test\n  name: Test\n  ⟨scope: System\n",
           clean: "profile:\n  identifier: com.contoso.test\n  name: Test\n  scope: System\nenrollment:\n  platform: macOS\n"),
  RuleCase(code: "PC4018", triggering: header + "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: x\n    Password: ⟨hunter2\n",
           clean: header + "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: x\n    Password: ${env:WIFI_PASSWORD}\n"),
  RuleCase(code: "PC4019", triggering: header + "payloads:\n  - type: com.apple.extensiblesso\n    ExtensionIdentifier: a.b\n    ⟨Type: Redirect\n",
           clean: header + "payloads:\n  - type: com.apple.extensiblesso\n    ExtensionIdentifier: a.b\n    Type: Redirect\n    URLs: [https://login.example.com]\n"),
  RuleCase(code: "PC4020", triggering: header + "payloads:\n  - type: com.apple.extensiblesso\n    ExtensionIdentifier: a.b\n    Type: Redirect\n    URLs: [⟨\"https://a.example/?q=1\", ⟨\"ftp://b.example\", ⟨\"https://c.example/#f\"]\n",
           clean: header + "payloads:\n  - type: com.apple.extensiblesso\n    ExtensionIdentifier: a.b\n    Type: Redirect\n    URLs: [https://a.example/path]\n"),
  RuleCase(code: "PC4022", triggering: header + "enrollment:\n  type: ⟨user-with-company-portal\n",
           clean: header + "enrollment:\n  type: account-driven-user\n"),
  RuleCase(code: "PC4023", triggering: header + "enrollment:\n  type: web-based\n  platform: ⟨macOS\n",
           clean: header + "enrollment:\n  type: device\n  platform: macOS\n"),
  RuleCase(code: "PC4024", triggering: header + "enrollment:\n  type: web-based\n  supervised: ⟨true\n",
           clean: header + "enrollment:\n  type: configurator\n  supervised: true\n"),
  RuleCase(code: "PC4025", triggering: header + "sso:\n  provider: microsoft\n  app-allow-list: [a.b]\n  extension-data:\n    ⟨AppAllowList: c.d\n",
           clean: header + "sso:\n  provider: microsoft\n  app-allow-list: [a.b, c.d]\n"),
  // Structure.
  RuleCase(code: "PC1013", triggering: header + "payloads:\n  - type: com.apple.webClip.managed\n    id: a.2\n    URL: https://a\n    Label: A\n  - type: com.apple.webClip.managed\n    id: a\n    URL: https://a\n    Label: A\n  - type: com.apple.webClip.managed\n    id: a\n    URL: https://a\n    Label: A\n",
           clean: header + "payloads:\n  - type: com.apple.webClip.managed\n    id: a\n    URL: https://a\n    Label: A\n  - type: com.apple.webClip.managed\n    id: a\n    URL: https://a\n    Label: A\n"),
]

@Suite struct RuleTests {
  @Test(arguments: ruleCases)
  func ruleFiresExactlyWhereMarked(_ c: RuleCase) {
    let (source, markers) = markedSource(c.triggering)
    let output = compileSource(source, env: ["WIFI_PASSWORD": "x"])
    let here = output.diagnostics.filter { $0.code == c.code }.map { $0.startLocation.map { "\($0)" } ?? "-" }
    if markers.isEmpty {
      #expect(!here.isEmpty, "\(c.code) not reported: \(findings(output))")
    } else {
      #expect(here == markers, "\(c.code) reported at \(here), expected \(markers); all: \(findings(output))")
    }
    let clean = compileSource(c.clean, env: ["WIFI_PASSWORD": "x"])
    #expect(!clean.diagnostics.contains { $0.code == c.code }, "\(c.code) in the clean source: \(findings(clean))")
  }

  /// SPEC §3's secret rule: any literal value (a number, inline data) under a key that
  /// names a secret; not keys that only talk about secrets.
  @Test func literalSecretsOfEveryKindButNotKeysAboutSecrets() {
    let src = header + """
      payloads:
        - type: com.example.custom
          PIN: 1234
          Password: 12345678
          AuthPassword2: "x"
          passwordContentRegex: "^[a-z]+$"
          maxPINAgeInDays: 30
          XAuthPasswordEncryption: Prompt
          allowPassword: true
        - type: com.apple.vpn.managed
          VPNType: IPSec
          UserDefinedName: V
          IPSec:
            RemoteAddress: vpn.contoso.com
            AuthenticationMethod: SharedSecret
            SharedSecret: {base64: "c2VjcmV0"}

      """
    let flagged = compileSource(src).diagnostics.filter { $0.code == "PC4018" }.compactMap { $0.path }
    #expect(flagged == ["payloads[0].PIN", "payloads[0].Password", "payloads[0].AuthPassword2", "payloads[1].IPSec.SharedSecret"])
  }

  /// A source's profile: keys meet Apple's TopLevel schema as an existing profile's do
  /// (compile and lint agree), reported in the source's words.
  @Test func profileKeysAreCheckedAgainstTheTopLevelSchema() {
    let range = compileSource("profile:\n  identifier: com.contoso.t\n  name: T\n  target-device-type: 7\nenrollment:\n  type: device\n")
    let d = range.diagnostics.first { $0.code == "PC2004" }
    #expect(d?.path == "profile.target-device-type")
    #expect(d?.message.hasPrefix("'target-device-type' (TargetDeviceType) must be one of 0, 1, 2, 3, 4, 5, 6") == true)
    #expect(range.mobileconfig == nil)
    let watch = compileSource("profile:\n  identifier: com.contoso.t\n  name: T\n  expiration-date: 2030-01-01T00:00:00Z\nenrollment:\n  type: device\n  platform: watchOS\n")
    #expect(watch.diagnostics.contains { $0.code == "PC3101" && $0.path == "profile.expiration-date" })
    let fine = compileSource("profile:\n  identifier: com.contoso.t\n  name: T\n  target-device-type: 1\n  removal-disallowed: false\nenrollment:\n  type: device\n")
    #expect(!fine.diagnostics.contains { $0.code.hasPrefix("PC2") || $0.code.hasPrefix("PC3") }, "\(fine.diagnostics.map(\.message))")
  }

  /// SPEC §2: a hand-written Payload* key is an error with a fix-it, PayloadType too (in
  /// place of the missing 'type'); next to its meta key the fix-it removes the line.
  @Test func handWrittenPayloadKeysAlwaysHaveAFix() {
    let out = compileSource(header + "payloads:\n  - PayloadType: com.apple.webClip.managed\n    URL: https://a.example/\n    Label: L\n  - type: com.apple.webClip.managed\n    name: W\n    PayloadDisplayName: W2\n    URL: https://b.example/\n    Label: L\n")
    let found = out.diagnostics.filter { $0.code == "PC1006" }
    #expect(found.map(\.path) == ["payloads[0].PayloadType", "payloads[1].PayloadDisplayName"])
    #expect(found.allSatisfy { !($0.fixIts.first?.edits.isEmpty ?? true) })
    #expect(!out.diagnostics.contains { $0.code == "PC1002" })
  }

  /// "Remove it" fix-its only where the line holds nothing but the key: never a flow
  /// mapping's other keys, never a `- ` item's dash.
  @Test func removalFixItsNeverTakeOtherKeys() {
    let flow = compileSource("profile: {identifier: com.contoso.t, name: T, scope: System}\nenrollment: {type: web-based, supervised: true}\n")
    for code in ["PC4017", "PC4024"] {
      let d = flow.diagnostics.first { $0.code == code }
      #expect(d != nil, "\(code)")
      #expect(d?.fixIts.isEmpty == true, "\(code): \(d?.fixIts.map(\.message) ?? [])")
    }
    let ids = compileSource(header + "payloads:\n  - type: com.apple.webClip.managed\n    identifier: com.contoso.clip\n    PayloadIdentifier: com.contoso.clip\n    URL: https://a.example/\n    Label: L\n")
    let d = ids.diagnostics.first { $0.code == "PC1006" }
    #expect(d?.fixIts.first?.message.hasPrefix("remove it") == true, "\(d?.fixIts.map(\.message) ?? [])")
  }

  /// The PC4007 fix-it adds the web clip to a flow `payloads: [...]` rather than a second
  /// `payloads:` block (a duplicate key); applied, the warning is gone and nothing else appears.
  @Test func portalClipFixItWorksWithFlowPayloads() {
    let start = header + "enrollment:\n  type: web-based\n"
    for payloads in [
      "payloads: []\nrestrictions: {allowCamera: true}\n",
      "payloads: [{type: com.apple.webClip.managed, URL: \"https://a.example/\", Label: L}]\n",
      "payloads: [\n  {type: com.apple.webClip.managed, URL: \"https://a.example/\", Label: L},\n]\n",
      "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://a.example/\n    Label: L\n",
      // A comment after the last item, on its line or its own: the clip goes before it.
      "payloads: [\n  {type: com.apple.webClip.managed, URL: \"https://a.example/\", Label: L}, # a clip\n]\n",
      "payloads: [\n  {type: com.apple.webClip.managed, URL: \"https://a.example/#x\", Label: L}\n  # the end\n]\n",
      "payloads: [ # none yet\n]\n",
    ] {
      let source = start + payloads
      let d = compileSource(source).diagnostics.first { $0.code == "PC4007" }
      #expect(d != nil)
      var bytes = Array(source.utf8)
      for edit in (d?.fixIts.first?.edits ?? []).sorted(by: { $0.range.start > $1.range.start }) {
        bytes.replaceSubrange(edit.range.start..<edit.range.end, with: Array(edit.replacement.utf8))
      }
      let fixed = compileSource(String(decoding: bytes, as: UTF8.self))
      #expect(findings(fixed).isEmpty, "\(payloads): \(findings(fixed))")
      #expect(fixed.mobileconfig != nil)
    }
  }

  @Test func strictMakesUnknownPayloadTypesErrors() {
    let src = header + "payloads:\n  - type: com.example.unknown\n"
    #expect(compileSource(src).diagnostics.first { $0.code == "PC2001" }?.severity == .warning)
    #expect(compileSource(src, strict: true).diagnostics.first { $0.code == "PC2001" }?.severity == .error)
  }

  @Test func supervisedWarningHasTheSpecsWordsAndFix() {
    let (source, _) = markedSource(header + "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\nrestrictions:\n  allowAirDrop: false\n  allowCamera: true\n")
    let d = compileSource(source).diagnostics.first { $0.code == "PC3102" }!
    #expect(d.message == "'allowAirDrop' requires a supervised device and has no effect under web-based enrollment")
    #expect(d.severity == .warning)
    #expect(d.path == "restrictions.allowAirDrop")
    #expect(d.fixIts.first?.message == "remove it, or target enrollment type 'automated'")
    // SPEC §7's edit first (from the key through the line break), then the indentation:
    // applied together they remove the whole line.
    let edits = d.fixIts.first!.edits
    let spans = edits.map { "\(d.file!.location(of: $0.range.start))-\(d.file!.location(of: $0.range.end))" }
    #expect(spans == ["10:3-11:1", "10:1-10:3"])
    var bytes = Array(source.utf8)
    for edit in edits.sorted(by: { $0.range.start > $1.range.start }) {
      bytes.replaceSubrange(edit.range.start..<edit.range.end, with: Array(edit.replacement.utf8))
    }
    #expect(String(decoding: bytes, as: UTF8.self) == source.replacingOccurrences(of: "  allowAirDrop: false\n", with: ""))
  }

  @Test func availabilityErrorsTheIssueNames() {
    // A supervised-only payload under app-based enrollment, a VPN payload under
    // account-driven User Enrollment, an MDM-only payload in a manual profile: errors.
    for (src, code) in [
      (header + "enrollment:\n  type: app-based\npayloads:\n  - type: com.apple.homescreenlayout\n    Pages: []\n", "PC3005"),
      (header + "enrollment:\n  type: account-driven-user\npayloads:\n  - type: com.apple.vpn.managed\n    UserDefinedName: v\n    VPNType: IKEv2\n", "PC3006"),
      (header + "enrollment:\n  type: manual\nsso:\n  provider: microsoft\n", "PC3008"),
    ] {
      let d = compileSource(src).diagnostics.first { $0.code == code }
      #expect(d?.severity == .error, "\(code)")
      #expect(compileSource(src).mobileconfig == nil)
    }
  }

  @Test func versionComparison() {
    #expect(VersionText.compare("17.0", "17.0.3") < 0)
    #expect(VersionText.compare("17.0.3", "17.10") < 0)
    #expect(VersionText.compare("17", "17.0") == 0)
    #expect(VersionText.compare("17.9", "17.10") < 0)
    #expect(VersionText.isWellFormed("17.0.3") && !VersionText.isWellFormed("17.0.3.1") && !VersionText.isWellFormed("17.") && !VersionText.isWellFormed("v17"))
  }

  /// Validator.validate chooses each payload's schema once for all rules; each rule run on
  /// its own (choosing for itself) must reach the same verdicts.
  @Test func payloadSchemasChosenOnceGiveTheSameVerdicts() {
    let source = header + "enrollment:\n  platform: macOS\n  min-os: \"10.13\"\npayloads:\n"
      + "  - type: com.apple.extensiblesso\n    ExtensionIdentifier: com.apple.AppSSOKerberos.KerberosExtension\n"
      + "    TeamIdentifier: apple\n    Type: Credential\n    Realm: CONTOSO.COM\n    Hosts: [contoso.com]\n"
      + "    ExtensionData: {usePlatformSSOTGT: 1, Bogus: 1}\n"
      + "  - type: com.contoso.unknown\n    Key: 1\n"
      + "  - type: com.apple.wifi.managed\n    id: w1\n    SSID_STR: A\n    EncryptionType: WPA9\n"
      + "  - type: com.apple.wifi.managed\n    id: w2\n    SSID_STR: B\n"
      + "  - type: com.apple.webcontent-filter\n    FilterType: BuiltIn\n"
      + "  - type: com.apple.AssetCache.managed\n    id: a1\n  - type: com.apple.AssetCache.managed\n    id: a2\n"
    let options = CompileOptions()
    guard let model = compileSource(source).model else {
      Issue.record("no model")
      return
    }
    let once = options.validator.validate(model, context: options.validation)
    var bag = DiagnosticBag(file: model.file)
    for rule in options.validator.rules { rule.check(model, options.validation, &bag) }
    func described(_ ds: [Diagnostic]) -> [String] {
      ds.map { "\($0.code) \($0.message) \(String(describing: $0.range)) \($0.path ?? "") \($0.notes)" }
    }
    #expect(described(once) == described(bag.all))
    // Every rule that asks for the schema reports here: the schema walk in the Kerberos
    // variant (PC2002, PC2003, PC2004), no schema (PC2001), a second single-instance payload
    // (PC2008), payload availability (PC3002).
    let codes = Set(once.map(\.code))
    #expect(codes.isSuperset(of: ["PC2001", "PC2002", "PC2003", "PC2004", "PC2008", "PC3002"]), "\(codes.sorted())")
  }

  @Test func variantChosenFromThePayloadsValues() {
    let kerberos = header + "enrollment:\n  platform: macOS\npayloads:\n  - type: com.apple.extensiblesso\n    ExtensionIdentifier: com.apple.AppSSOKerberos.KerberosExtension\n    TeamIdentifier: apple\n    Type: Credential\n    Realm: CONTOSO.COM\n    Hosts: [contoso.com]\n    ExtensionData: {usePlatformSSOTGT: 1, Bogus: 1}\n"
    let out = compileSource(kerberos)
    // The note names the variant that decided the verdict.
    let notes = out.diagnostics.flatMap(\.notes)
    #expect(notes.contains { $0.contains("Kerberos variant") }, "\(out.diagnostics.map(\.message))")
  }
}
