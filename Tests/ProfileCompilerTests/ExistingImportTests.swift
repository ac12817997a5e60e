import Diagnostics
import ProfileCompiler
import PropertyList
import Testing

@Suite struct ExistingImportTests {
  let uuid1 = "1B2C3D4E-2D4E-4F60-8A7B-9C0D1E2F3A4B"
  let uuid2 = "2B2C3D4E-2D4E-4F60-8A7B-9C0D1E2F3A4B"

  static let trickyStrings: [String] = [
    "", " ", "a", "  lead", "trail ", "true", "True", "yes", "No", "null", "~", "1", "1.5", "-1",
    "+1",
    "0x1F", "0o17", "1e5", ".5", ".inf", "-.NaN", "2027-01-31T00:00:00Z", "2027-01-31", "#x",
    "a #b", "a#b",
    "a: b", "a:b", "key:", "- x", "-x", "-", "--- x", "? x", "?x", ":x", "[a]", "{a}", "a, b", "a]",
    "x{y}",
    "'q'", "\"q\"", "|", "|x", ">", "%x", "@x", "`x", "&a", "*a", "!t", "tab\there", "back\\slash",
    "quote\"d", "it's", "unicode é ✓ 日本", "emoji 😀", "\u{2028}", "x\u{85}y", "\u{FEFF}bom",
    "\u{A0}nbsp",
    "line1\nline2", "line1\nline2\n", "line1\nline2\n\n\n", "\nlead newline", "\n\nx\n",
    "  indented\nnext",
    "\tTabbed\nx", "a\n  b\n", "trailing spaces   \nx", "x\n   \ny", "x\n\t\ny", "\n", "\n\n",
    " \n", "\t\n",
    "#!/bin/sh\nexit 0\n", "- item\n- item\n", "key: value\nother: 1\n", "  \n  x",
    "ends with space\n ",
    "a\n# not a comment\nb", "\"\nquoted\n\"", String(repeating: "long ", count: 60),
  ]

  func stringsProfile(_ strings: [String]) -> String {
    let keys = strings.enumerated().map { i, s in
      "<key>k\(String(format: "%03d", i))</key><string>\(Existing.xmlEscape(s))</string>"
    }
    let items = strings.map { "<string>\(Existing.xmlEscape($0))</string>" }
    return Existing.profile(payloads: [
      Existing.payload(
        type: "com.example.strings", identifier: "com.contoso.test.com.example.strings",
        uuid: uuid1,
        extra: keys.joined(separator: "\n") + "\n<key>list</key><array>" + items.joined()
          + "</array>")
    ])
  }

  @Test func stringsComeBackExactly() {
    let (imported, compiled, difference) = Existing.roundTrip(stringsProfile(Self.trickyStrings))
    #expect(!imported.hasErrors, "\(imported.diagnostics.map(\.message))")
    #expect(
      compiled?.hasErrors == false,
      "\(compiled?.diagnostics.map(\.message) ?? [])\n\(imported.source ?? "")")
    #expect(difference == nil, "\(difference ?? "")\n\(imported.source ?? "")")
  }

  @Test func oneStringAtATime() {
    for s in Self.trickyStrings {
      let (_, _, difference) = Existing.roundTrip(stringsProfile([s]))
      #expect(difference == nil, "\(s.debugDescription)")
    }
  }

  @Test func multiLineTextUsesBlockScalars() throws {
    let source = try #require(
      Existing.importText(stringsProfile(["#!/bin/sh\nexit 0\n", "a\nb", "a\n\n"])).source)
    #expect(source.contains("    k000: |\n      #!/bin/sh\n      exit 0\n"))
    #expect(source.contains("    k001: |-\n      a\n      b\n"))
    #expect(source.contains("    k002: |+\n      a\n\n"))
  }

  @Test func scalarsAndContainers() {
    let extra = """
      <key>int</key><integer>-42</integer>
      <key>big</key><integer>9223372036854775807</integer>
      <key>real</key><real>1.5</real>
      <key>whole</key><real>2</real>
      <key>tiny</key><real>1e-300</real>
      <key>huge</key><real>1e300</real>
      <key>negzero</key><real>-0.0</real>
      <key>yes</key><true/>
      <key>no</key><false/>
      <key>when</key><date>2027-01-31T12:34:56Z</date>
      <key>short</key><data>AAEC</data>
      <key>empty</key><data></data>
      <key>long</key><data>\(String(repeating: "QUJD", count: 100))</data>
      <key>emptyArray</key><array/>
      <key>emptyDict</key><dict/>
      <key>nested</key><array>
        <array><integer>1</integer><array/><array><string>x</string></array></array>
        <dict><key>a</key><dict><key>b</key><array><dict/><dict><key>c</key><string>d</string></dict></array></dict></dict>
        <data>AAEC</data>
        <string>multi
      line</string>
      </array>
      <key>key with spaces</key><string>v</string>
      <key>123</key><string>numeric key</string>
      <key>a: b</key><string>colon key</string>
      <key>#hash</key><string>hash key</string>
      <key></key><string>empty key</string>
      """
    let text = Existing.profile(payloads: [
      Existing.payload(
        type: "com.example.values", identifier: "com.contoso.test.com.example.values", uuid: uuid1,
        extra: extra)
    ])
    let (imported, _, difference) = Existing.roundTrip(text)
    #expect(!imported.hasErrors, "\(imported.diagnostics.map(\.message))")
    #expect(difference == nil, "\(difference ?? "")\n\(imported.source ?? "")")
    #expect(imported.source?.contains("short: {base64: \"AAEC\"}") == true)
    #expect(imported.source?.contains("    long:\n      base64: |\n        QUJD") == true)
  }

  @Test func integersInRealKeysComeBackAsRealsAndCompareEqual() throws {
    // safariAcceptCookies is a real in Apple's schema; remove-after (DurationUntilRemoval) too.
    let text = Existing.profile(
      extraTop: "<key>DurationUntilRemoval</key><integer>86400</integer>",
      payloads: [
        Existing.payload(
          type: "com.apple.applicationaccess", identifier: "com.contoso.test.applicationaccess",
          uuid: UUIDv5.make(name: "com.contoso.test.applicationaccess"),
          extra: "<key>safariAcceptCookies</key><integer>2</integer>")
      ])
    let (imported, compiled, difference) = Existing.roundTrip(text)
    #expect(difference == nil)
    #expect(!imported.hasErrors)
    let payload = try #require(compiled?.model?.payloads.first?.content)
    #expect(payload["safariAcceptCookies"]?.value == .real(2))
    #expect(compiled?.model?.top["DurationUntilRemoval"]?.value == .real(86400))
  }

  @Test func derivedIdentifiersAndUUIDsAreLeftOut() throws {
    let derived = "com.contoso.test.webClip.managed"
    let second = "com.contoso.test.webClip.managed.2"
    let clip = "<key>URL</key><string>https://a.example</string><key>Label</key><string>A</string>"
    let text = Existing.profile(
      uuid: UUIDv5.make(name: "com.contoso.test"),
      payloads: [
        Existing.payload(
          type: "com.apple.webClip.managed", identifier: derived, uuid: UUIDv5.make(name: derived),
          extra: clip),
        Existing.payload(
          type: "com.apple.webClip.managed", identifier: second, uuid: UUIDv5.make(name: second),
          extra: clip),
        Existing.payload(
          type: "com.apple.webClip.managed", identifier: "com.contoso.test.portal", uuid: uuid1,
          extra: clip),
        Existing.payload(
          type: "com.apple.webClip.managed", identifier: "com.other.clip",
          uuid: uuid1.lowercased().replacingOccurrences(of: "1b", with: "3b"), extra: clip),
      ])
    let (imported, _, difference) = Existing.roundTrip(text)
    #expect(difference == nil, "\(difference ?? "")\n\(imported.source ?? "")")
    let source = try #require(imported.source)
    #expect(!source.contains("uuid: " + UUIDv5.make(name: "com.contoso.test")))
    #expect(!source.contains("identifier: com.contoso.test.webClip"))
    #expect(source.contains("    id: portal\n    uuid: \(uuid1)\n"))
    #expect(source.contains("    identifier: com.other.clip\n    uuid: 3b2c3d4e-"))
  }

  @Test func anIdThatTheCompilerWouldNumberBecomesAnIdentifier() throws {
    // Two payloads whose identifiers end in the same suffix: the second cannot be `id: x`.
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.example.a", identifier: "com.contoso.test.x", uuid: uuid1),
      Existing.payload(type: "com.example.b", identifier: "com.contoso.test.x", uuid: uuid2),
    ])
    let imported = Existing.importText(text)
    let source = try #require(imported.source)
    #expect(source.contains("    id: x\n"))
    #expect(source.contains("    identifier: com.contoso.test.x\n"))
  }

  @Test func organizationInheritance() throws {
    let org = "<key>PayloadOrganization</key><string>Contoso</string>"
    let other = "<key>PayloadOrganization</key><string>Fabrikam</string>"
    func source(_ payloadOrgs: [String]) throws -> String {
      let text = Existing.profile(
        extraTop: org,
        payloads: payloadOrgs.enumerated().map { i, o in
          Existing.payload(
            type: "com.example.p\(i)", identifier: "com.contoso.test.com.example.p\(i)",
            uuid: i == 0 ? uuid1 : uuid2, extra: o)
        })
      let (imported, _, difference) = Existing.roundTrip(text)
      #expect(difference == nil, "\(difference ?? "")\n\(imported.source ?? "")")
      return try #require(imported.source)
    }
    let allSame = try source([org, org])
    #expect(!allSame.contains("inherit-organization"))
    #expect(allSame.components(separatedBy: "organization: Contoso").count == 2)
    let oneMissing = try source([org, ""])
    #expect(oneMissing.contains("  inherit-organization: false\n"))
    #expect(oneMissing.components(separatedBy: "organization: Contoso").count == 3)
    let oneDifferent = try source([other, org])
    #expect(!oneDifferent.contains("inherit-organization"))
    #expect(oneDifferent.contains("    organization: Fabrikam\n"))
  }

  @Test func restrictionsSugarOnlyWhereExact() throws {
    let id = "com.contoso.test.applicationaccess"
    let keys = "<key>allowCamera</key><false/><key>allowScreenShot</key><false/>"
    let exact = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.applicationaccess", identifier: id, uuid: UUIDv5.make(name: id),
        extra: keys)
    ])
    let (imported, _, difference) = Existing.roundTrip(
      exact, options: LintOptions(context: ExistingContextOptions(enrollment: .automated)))
    #expect(difference == nil)
    #expect(
      imported.source?.contains("restrictions:\n  allowCamera: false\n  allowScreenShot: false\n")
        == true)
    #expect(imported.source?.contains("payloads:") == false)
    // A display name has no place in the sugar block.
    let named = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.applicationaccess", identifier: id, uuid: UUIDv5.make(name: id),
        extra: keys + "<key>PayloadDisplayName</key><string>Restrictions</string>")
    ])
    let (namedImport, _, namedDifference) = Existing.roundTrip(named)
    #expect(namedDifference == nil)
    #expect(namedImport.source?.contains("restrictions:") == false)
    #expect(namedImport.source?.contains("  - type: com.apple.applicationaccess\n") == true)
  }

  @Test func ssoSugarOnlyWhereExact() throws {
    let id = "com.contoso.test.extensiblesso"
    let urls = MicrosoftSSO.urls.map { "<string>\($0)</string>" }.joined()
    let body = """
      <key>ExtensionIdentifier</key><string>com.microsoft.azureauthenticator.ssoextension</string>
      <key>Type</key><string>Redirect</string>
      <key>URLs</key><array>\(urls)</array>
      <key>ExtensionData</key><dict><key>AppAllowList</key><string>com.contoso.app</string></dict>
      <key>PayloadDisplayName</key><string>Microsoft SSO</string>
      """
    let exact = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.extensiblesso", identifier: id, uuid: UUIDv5.make(name: id), extra: body)
    ])
    let (imported, _, difference) = Existing.roundTrip(exact)
    #expect(difference == nil, "\(difference ?? "")\n\(imported.source ?? "")")
    #expect(
      imported.source?.contains(
        "sso:\n  provider: microsoft\n  name: Microsoft SSO\n  extension-data:\n    AppAllowList: com.contoso.app\n"
      ) == true, "\(imported.source ?? "")")
    // One URL less: written as a payload.
    let fewer = exact.replacingOccurrences(of: "<string>https://sts.windows.net</string>", with: "")
    let (fewerImport, _, fewerDifference) = Existing.roundTrip(fewer)
    #expect(fewerDifference == nil)
    #expect(fewerImport.source?.contains("sso:") == false)
  }

  @Test func unknownAndMissingRequiredKeysGetAllowComments() throws {
    let text = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.screensaver", identifier: "com.example.screensaver", uuid: uuid1,
        extra: "<key>idleTime</key><integer>600</integer>")
    ])
    let (imported, compiled, difference) = Existing.roundTrip(text)
    #expect(difference == nil)
    #expect(!imported.hasErrors)
    #expect(compiled?.hasErrors == false)
    let source = try #require(imported.source)
    #expect(source.contains("  # profilec: allow PC2007\n  - type: com.apple.screensaver\n"))
    #expect(source.contains("    # profilec: allow PC2002\n    idleTime: 600\n"))
  }

  @Test func whatASourceCannotSayIsReported() throws {
    let extra = """
      <key>dataLike</key><dict><key>base64</key><string>AAEC</string></dict>
      <key>env</key><string>${env:HOME}</string>
      <key>name</key><string>collides with a meta key</string>
      <key>cr</key><string>a&#13;b</string>
      <key>ok</key><string>kept</string>
      """
    let text = Existing.profile(
      extraTop: "<key>PayloadFoo</key><string>x</string>",
      payloads: [
        Existing.payload(
          type: "com.example.x", identifier: "com.contoso.test.com.example.x", uuid: uuid1,
          extra: extra)
      ])
    let imported = Existing.importText(text)
    let problems = imported.diagnostics.filter { $0.code == "PC1019" }
    #expect(
      problems.compactMap(\.path).sorted() == [
        "PayloadContent[0].cr", "PayloadContent[0].dataLike", "PayloadContent[0].env",
        "PayloadContent[0].name",
        "PayloadFoo",
      ])
    #expect(problems.allSatisfy { $0.severity == .error && $0.range != nil })
    #expect(imported.hasErrors)
    // What can be written still is.
    #expect(imported.source?.contains("    ok: kept\n") == true)
  }

  @Test func enrollmentBlockNamesTheContext() throws {
    let text = Existing.profile(payloads: [
      Existing.payload(type: "com.apple.dock", identifier: "a.b", uuid: uuid1)
    ])
    let inferred = try #require(Existing.importText(text).source)
    #expect(inferred.contains("enrollment:\n  type: device\n  platform: macOS\n"))
    let given = LintOptions(
      context: ExistingContextOptions(enrollment: .automated, platform: .macOS, minOS: "14.0"))
    let explicit = try #require(Existing.importText(text, options: given).source)
    #expect(
      explicit.contains("enrollment:\n  type: automated\n  platform: macOS\n  min-os: \"14.0\"\n"))
  }

  @Test func profileKeys() throws {
    let extraTop = """
      <key>PayloadDescription</key><string>About: it</string>
      <key>PayloadOrganization</key><string>Contoso</string>
      <key>ConsentText</key><dict><key>default</key><string>Agree?</string></dict>
      <key>PayloadRemovalDisallowed</key><false/>
      <key>HasRemovalPasscode</key><true/>
      <key>PayloadScope</key><string>System</string>
      <key>RemovalDate</key><date>2030-01-01T00:00:00Z</date>
      <key>PayloadExpirationDate</key><date>2031-01-01T00:00:00Z</date>
      <key>TargetDeviceType</key><integer>5</integer>
      <key>PayloadEnabled</key><true/>
      """
    let text = Existing.profile(extraTop: extraTop, payloads: [])
    let (imported, _, difference) = Existing.roundTrip(
      text, options: LintOptions(context: ExistingContextOptions(platform: .macOS)))
    #expect(difference == nil, "\(difference ?? "")\n\(imported.source ?? "")")
    let source = try #require(imported.source)
    for line in [
      "  description: \"About: it\"", "  consent-text: Agree?", "  has-removal-passcode: true",
      "  expires: 2030-01-01T00:00:00Z", "  expiration-date: 2031-01-01T00:00:00Z",
      "  target-device-type: 5",
      "  enabled: true",
    ] {
      #expect(source.contains(line + "\n"), "\(line)")
    }
    let languages = text.replacingOccurrences(
      of: "<key>default</key><string>Agree?</string>",
      with: "<key>en</key><string>Agree?</string><key>fr</key><string>D'accord ?</string>")
    let (_, _, languagesDifference) = Existing.roundTrip(languages)
    #expect(languagesDifference == nil)
  }

  @Test func notAPlistHasNoSource() {
    let imported = Existing.importText("not a plist")
    #expect(imported.source == nil)
    #expect(imported.diagnostics.map(\.code) == ["PC5001"])
  }

  @Test func aProfileWithErrorsStillPrintsWhatItCan() throws {
    let text = Existing.profile(payloads: [
      Existing.payload(
        type: "com.apple.dock", identifier: "a.b", uuid: uuid1, version: "<integer>2</integer>")
    ])
    let imported = Existing.importText(text)
    #expect(imported.hasErrors)
    #expect(imported.source?.contains("    version: 2\n") == true)
    // The round-trip check stays quiet when lint already explains the failure.
    #expect(!imported.diagnostics.contains { $0.code == "PC1019" })
  }
}
