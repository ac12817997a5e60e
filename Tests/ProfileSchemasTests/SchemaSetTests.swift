import Foundation
import Testing

@testable import ProfileSchemas

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct SchemaSetTests {
  let set = SchemaSet.embedded

  @Test func embeddedTextsMatchTheFiles() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Paths.schemas.path)
      .filter { $0.hasSuffix(".schema") }
    #expect(files.count == 130)
    for file in files {
      let name = String(file.dropLast(".schema".count))
      let text = try String(contentsOf: Paths.schemas.appendingPathComponent(file), encoding: .utf8)
      #expect(
        EmbeddedSchemas.texts[name] == text, "\(file) is not embedded as is; rerun gen-schemas.py")
    }
    #expect(EmbeddedSchemas.texts.count == files.count)
  }

  @Test func everyEmbeddedSchemaDecodes() throws {
    let fresh = SchemaSet.makeEmbedded()
    for name in fresh.schemaNames {
      let s = try #require(fresh.schema(named: name))
      #expect(s.name == name)
      if s.kind != .project {
        #expect(s.release == fresh.release && s.commit == fresh.commit)
        #expect(s.source == "mdm/profiles/\(name).yaml")
      }
    }
    // The same checks through the eager path used for --schemas DIR.
    let eager = try SchemaSet(texts: EmbeddedSchemas.texts)
    #expect(eager.payloadTypes == fresh.payloadTypes)
  }

  @Test func decodesLazily() {
    let fresh = SchemaSet.makeEmbedded()
    #expect(fresh.decodedCount == 0)
    #expect(fresh.payloadTypes.count > 100)
    #expect(fresh.decodedCount == 0)
    let webclip = fresh.schemas(forPayloadType: "com.apple.webClip.managed")
    #expect(webclip.count == 1)
    #expect(fresh.decodedCount == 1)
    #expect(fresh.schemas(forPayloadType: "com.apple.webClip.managed").first === webclip.first)
    #expect(fresh.decodedCount == 1)
    #expect(fresh.schemas(forPayloadType: "com.example.nothing").isEmpty)
    #expect(fresh.schema(named: "nothing") == nil)
  }

  @Test func concurrentLookupsShareOneObject() async {
    let fresh = SchemaSet.makeEmbedded()
    let types = fresh.payloadTypes
    let results = await withTaskGroup(of: [ObjectIdentifier].self) { group in
      for _ in 0..<8 {
        group.addTask {
          types.flatMap { fresh.schemas(forPayloadType: $0).map(ObjectIdentifier.init) }
        }
      }
      var all: [[ObjectIdentifier]] = []
      for await r in group { all.append(r) }
      return all
    }
    #expect(results.count == 8)
    #expect(Set(results).count == 1)
  }

  @Test func payloadTypesAndVariantOrder() {
    #expect(set.payloadTypes == set.payloadTypes.sorted())
    #expect(set.payloadTypes.count == 120)
    #expect(
      set.schemaNames(forPayloadType: "com.apple.extensiblesso") == [
        "com.apple.extensiblesso", "com.apple.extensiblesso(kerberos)",
      ])
    #expect(set.schemaNames(forPayloadType: "com.apple.MCX").count == 6)
    #expect(!set.payloadTypes.contains(SchemaSet.intuneEnrollmentName))
  }

  @Test func projectSchemas() throws {
    let ms = set.microsoftSSOExtensionData
    #expect(ms.kind == .project)
    #expect(ms.keys.count == 14)
    #expect(ms.key(named: "device_registration")?.rangeList == [.string("{{DEVICEREGISTRATION}}")])
    #expect(ms.key(named: "browser_sso_interaction_enabled")?.defaultValue == .integer(1))
    #expect(ms.key(named: "disable_explicit_app_prompt")?.defaultValue == .integer(1))
    #expect(ms.key(named: "AppPrefixAllowList")?.valueType == "comma-prefix-list")
    #expect(ms.key(named: "AppAllowList")?.type == .string)
    let secure = try #require(ms.key(named: "use_most_secure_storage"))
    #expect(secure.accepts(.boolean) && secure.accepts(.integer) && !secure.accepts(.string))
    #expect(ms.availability(ofKeyPath: ["AppCookieSSOAllowList"], on: .macOS)?.isAvailable == false)
    #expect(ms.availability(ofKeyPath: ["AppCookieSSOAllowList"], on: .iOS)?.isAvailable == true)

    let enrollment = set.intuneEnrollment
    #expect(enrollment.kind == .project)
    #expect(enrollment.key(named: "type")?.rangeList?.count == 9)
    #expect(enrollment.key(named: "platform")?.rangeList?.contains(.string("iPadOS")) == true)
    let limit = try #require(enrollment.keyPath(["restrictions", "device-limit"])?.last)
    #expect(limit.rangeMin == .integer(1) && limit.rangeMax == .integer(15))
    let minOS = try #require(enrollment.keyPath(["restrictions", "min-os"])?.last?.formatRegex)
    #expect("17.0.3".wholeMatch(of: minOS) != nil)
    #expect("17.x".wholeMatch(of: minOS) == nil)
    #expect(
      enrollment.keyPath(["restrictions", "personally-owned"])?.last?.rangeList == [
        .string("allow"), .string("block"),
      ])
  }

  // MARK: - Variants

  func choose(_ type: String, _ values: [String: String]) -> SchemaSet.VariantChoice? {
    set.selectVariant(forPayloadType: type, keys: Array(values.keys)) { values[$0] }
  }

  @Test func kerberosVariant() throws {
    let byIdentifier = try #require(
      choose(
        "com.apple.extensiblesso",
        [
          "ExtensionIdentifier": "com.apple.AppSSOKerberos.KerberosExtension",
          "Type": "Credential", "Realm": "EXAMPLE.COM",
        ]))
    #expect(byIdentifier.schema.name == "com.apple.extensiblesso(kerberos)")
    #expect(byIdentifier.reason?.contains("ExtensionIdentifier") == true)
    let byType = try #require(choose("com.apple.extensiblesso", ["Type": "Kerberos"]))
    #expect(byType.schema.name == "com.apple.extensiblesso(kerberos)")
    #expect(byType.reason == "Kerberos variant, because Type is 'Kerberos'")
    #expect(byType.candidates.count == 2)
  }

  @Test func redirectUsesThePlainSchema() throws {
    let c = try #require(
      choose(
        "com.apple.extensiblesso",
        [
          "ExtensionIdentifier": "com.microsoft.azureauthenticator.ssoextension",
          "Type": "Redirect", "URLs": "", "PayloadIdentifier": "x",
        ]))
    #expect(c.schema.name == "com.apple.extensiblesso")
    #expect(c.reason?.hasPrefix("plain schema") == true)
  }

  @Test func coverageChoosesAmongMCXVariants() throws {
    let c = try #require(
      choose(
        "com.apple.MCX", ["SleepDisabled": "", "DestroyFVKeyOnStandby": "", "PayloadUUID": ""]))
    #expect(c.schema.name == "com.apple.MCX(EnergySaver)")
    #expect(c.reason?.contains("2 of the payload's 2 keys") == true)
    // Nothing known: the first by name, and the note says it was a tie.
    let none = try #require(choose("com.apple.MCX", ["Unknown": ""]))
    #expect(none.schema.name == "com.apple.MCX(Accounts)")
    #expect(none.reason?.contains("tied") == true)
  }

  @Test func singleAndUnknownTypes() throws {
    let c = try #require(choose("com.apple.webClip.managed", ["URL": "https://x"]))
    #expect(c.schema.name == "com.apple.webClip.managed")
    #expect(c.reason == nil)
    #expect(choose("com.example.unknown", [:]) == nil)
  }

  // MARK: - Standalone use

  /// The embedded set needs no file: a child process started in an empty directory
  /// decodes every schema.
  @Test func embeddedSetWorksFromAnEmptyDirectory() async {
    await #expect(processExitsWith: .success) {
      var template = Array("/tmp/profilec-empty-XXXXXX".utf8CString)
      guard let dir = mkdtemp(&template), chdir(dir) == 0 else { exit(2) }
      let set = SchemaSet.embedded
      guard set.schemaNames.count == 130 else { exit(3) }
      for name in set.schemaNames where set.schema(named: name) == nil { exit(4) }
      guard set.schemas(forPayloadType: "com.apple.homescreenlayout").count == 1 else { exit(5) }
      rmdir(dir)
    }
  }
}
