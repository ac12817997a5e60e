import Diagnostics
import Foundation
import PropertyList
import Testing

@testable import ProfileCompiler

/// Compiles a source literal and returns its profile value (the test fails on errors).
private func compiled(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> PlistNode {
  let out = Compiler.compile(SourceFile(path: "t.profile.yaml", text: text), options: CompileOptions(environment: { _ in nil }))
  let errors = out.diagnostics.filter { $0.severity == .error }.map(\.message)
  #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
  return out.model!.plist()
}

private func lines(_ old: String, _ new: String, uuids: Bool = false) -> [String] {
  let d = ProfileDiffer.diff(old: compiled(old), new: compiled(new), options: DiffOptions(compareUUIDs: uuids))
  return DiffRenderer.text(d).split(separator: "\n").map(String.init)
}

private let diffHeader = """
  profile:
    identifier: com.contoso.byod
    name: Contoso BYOD
  enrollment:
    type: device

  """

@Suite struct DiffTests {
  @Test func identicalSourcesAreEqual() {
    let src = diffHeader + "restrictions:\n  allowCamera: false\n"
    let d = ProfileDiffer.diff(old: compiled(src), new: compiled(src))
    #expect(d.isEqual)
    #expect(d.notes.isEmpty)
    #expect(DiffRenderer.text(d) == "")
  }

  @Test func changedAddedAndRemovedKeys() {
    let old = diffHeader + "restrictions:\n  allowCamera: true\n  allowScreenShot: false\n"
    let new = diffHeader + "restrictions:\n  allowCamera: false\n  allowAirDrop: false\n"
    #expect(
      lines(old, new) == [
        "+ PayloadContent[com.contoso.byod.applicationaccess].allowAirDrop: false",
        "~ PayloadContent[com.contoso.byod.applicationaccess].allowCamera: true -> false",
        "- PayloadContent[com.contoso.byod.applicationaccess].allowScreenShot: false",
      ])
  }

  @Test func keyOrderIsNeverAChange() {
    let old = diffHeader + "restrictions:\n  allowCamera: true\n  allowScreenShot: false\n"
    let new = diffHeader.replacingOccurrences(of: "  name: Contoso BYOD\n", with: "")
      .replacingOccurrences(of: "profile:\n", with: "profile:\n  name: Contoso BYOD\n")
      + "restrictions:\n  allowScreenShot: false\n  allowCamera: true\n"
    #expect(lines(old, new) == [])
  }

  @Test func payloadReorderingIsOneNoteNotChanges() {
    let a = "  - type: com.apple.webClip.managed\n    id: portal\n    URL: https://portal.manage.microsoft.com/\n    Label: Portal\n"
    let b = "  - type: com.apple.webClip.managed\n    id: intranet\n    URL: https://intranet.contoso.com/\n    Label: Intranet\n"
    let d = ProfileDiffer.diff(
      old: compiled(diffHeader + "payloads:\n" + a + b), new: compiled(diffHeader + "payloads:\n" + b + a))
    #expect(d.isEqual)
    #expect(d.notes.count == 1)
    #expect(d.notes[0].contains("com.contoso.byod.intranet, com.contoso.byod.portal"))
    #expect(DiffRenderer.text(d).hasPrefix("note: payload order changed"))
  }

  @Test func uuidChurnIgnoredUnlessAsked() {
    let old = diffHeader + "restrictions:\n  allowCamera: true\n"
    let new = diffHeader.replacingOccurrences(of: "  name:", with: "  uuid: 6A1F0000-0000-4000-8000-000000000001\n  name:")
      + "payloads:\n  - type: com.apple.applicationaccess\n    id: applicationaccess\n    uuid: 6A1F0000-0000-4000-8000-000000000002\n    allowCamera: true\n"
    #expect(lines(old, new) == [])
    let withUUIDs = lines(old, new, uuids: true)
    #expect(withUUIDs.count == 2)
    #expect(withUUIDs.allSatisfy { $0.hasPrefix("~ ") && $0.contains("PayloadUUID") })
    #expect(withUUIDs.contains { $0.hasPrefix("~ PayloadUUID: ") && $0.hasSuffix("-> \"6A1F0000-0000-4000-8000-000000000001\"") })
    #expect(withUUIDs.contains { $0.hasPrefix("~ PayloadContent[com.contoso.byod.applicationaccess].PayloadUUID: ") })
  }

  @Test func nestedDictionaryChanges() {
    let payload = { (domain: String, sso: Int) in
      diffHeader + """
        sso:
          provider: microsoft
          extension-data:
            browser_sso_interaction_enabled: \(sso)
        payloads:
          - type: com.apple.familycontrols.contentfilter.managed
            id: filter
            FilterType: BuiltIn
            AutoFilterEnabled: true
            FilterBrowsers: true

        """.replacingOccurrences(of: "contoso", with: domain)
    }
    let out = lines(payload("contoso", 1), payload("contoso", 0))
    #expect(out == ["~ PayloadContent[com.contoso.byod.extensiblesso].ExtensionData.browser_sso_interaction_enabled: 1 -> 0"])
  }

  @Test func arraysCompareByIndexWithTails() {
    let make = { (urls: [String]) in
      diffHeader + "payloads:\n  - type: com.apple.extensiblesso\n    id: sso\n    ExtensionIdentifier: com.example.sso\n    TeamIdentifier: ABCDE12345\n    Type: Redirect\n    URLs:\n"
        + urls.map { "      - \($0)\n" }.joined()
    }
    let p = "PayloadContent[com.contoso.byod.sso].URLs"
    #expect(lines(make(["https://a.example", "https://b.example"]), make(["https://a.example", "https://c.example"])) == [
      "~ \(p)[1]: \"https://b.example\" -> \"https://c.example\""
    ])
    #expect(lines(make(["https://a.example"]), make(["https://a.example", "https://b.example"])) == [
      "+ \(p)[1]: \"https://b.example\""
    ])
    #expect(lines(make(["https://a.example", "https://b.example", "https://c.example"]), make(["https://a.example"])) == [
      "- \(p)[1]: \"https://b.example\"", "- \(p)[2]: \"https://c.example\"",
    ])
  }

  @Test func addedAndRemovedPayloads() {
    let web = "payloads:\n  - type: com.apple.webClip.managed\n    id: portal\n    URL: https://portal.manage.microsoft.com/\n    Label: Portal\n"
    let old = diffHeader + "restrictions:\n  allowCamera: true\n"
    let new = diffHeader + web
    let out = lines(old, new)
    #expect(out.count == 2)
    #expect(out[0].hasPrefix("- PayloadContent[com.contoso.byod.applicationaccess]: {PayloadIdentifier: \"com.contoso.byod.applicationaccess\", "))
    #expect(out[1].hasPrefix("+ PayloadContent[com.contoso.byod.portal]: {Label: \"Portal\", "))
    #expect(out[1].contains("URL: \"https://portal.manage.microsoft.com/\""))
  }

  @Test func typeChangeAndValueRendering() {
    var a = PlistDict()
    a.set("Number", .integer(1))
    a.set("Text", .string("a\tb"))
    a.set("Blob", PlistNode(.data([1, 2, 3])))
    a.set("When", PlistNode(.date(PlistDate.parseISO8601("2027-01-31T00:00:00Z")!)))
    a.set("odd key.name", .bool(true))
    var b = a
    b.set("Number", .string("1"))
    b.set("Blob", PlistNode(.data([1, 2, 4])))
    b.set("When", PlistNode(.date(PlistDate.parseISO8601("2028-01-31T00:00:00Z")!)))
    b.set("odd key.name", .bool(false))
    b.set("Ratio", PlistNode(.real(0.5)))
    let d = ProfileDiffer.diff(old: .dict(a), new: .dict(b))
    let text = DiffRenderer.text(d).split(separator: "\n").map(String.init)
    #expect(text.contains("~ Number: 1 -> \"1\""))
    #expect(text.contains("~ When: 2027-01-31T00:00:00Z -> 2028-01-31T00:00:00Z"))
    #expect(text.contains("+ Ratio: 0.5"))
    #expect(text.contains("~ [\"odd key.name\"]: true -> false"))
    #expect(text.contains { $0.hasPrefix("~ Blob: <3 bytes, sha1 7037807198c22a7d> -> <3 bytes, sha1 ") })
  }

  @Test func payloadsWithoutIdentifierOrRepeated() {
    func profile(_ payloads: [PlistDict]) -> PlistNode {
      var top = PlistDict()
      top.set("PayloadContent", .array(payloads.map { .dict($0) }))
      return .dict(top)
    }
    var p = PlistDict()
    p.set("PayloadIdentifier", .string("x"))
    p.set("Value", .integer(1))
    var q = p
    q.set("Value", .integer(2))
    var anonymous = PlistDict()
    anonymous.set("Value", .integer(3))
    let d = ProfileDiffer.diff(old: profile([p, p, anonymous]), new: profile([p, q]))
    #expect(DiffRenderer.text(d) == "~ PayloadContent[x#2].Value: 1 -> 2\n- PayloadContent[#2]: {Value: 3}\n")
  }

  @Test func jsonIsParseableAndTyped() throws {
    let old = diffHeader + "restrictions:\n  allowCamera: true\n"
    let new = diffHeader + "restrictions:\n  allowCamera: false\n  ratingApps: 200\n"
    let d = ProfileDiffer.diff(old: compiled(old), new: compiled(new))
    let json = DiffRenderer.json(d, oldName: "a", newName: "b")
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    #expect(object["equal"] as? Bool == false)
    let changes = object["changes"] as! [[String: Any]]
    #expect(changes.count == 2)
    #expect(changes[0]["kind"] as? String == "changed")
    #expect(changes[0]["path"] as? String == "PayloadContent[com.contoso.byod.applicationaccess].allowCamera")
    #expect(changes[0]["payload"] as? String == "com.contoso.byod.applicationaccess")
    #expect(changes[0]["old"] as? Bool == true)
    #expect(changes[1]["kind"] as? String == "added")
    #expect(changes[1]["new"] as? Int == 200)
    #expect(changes[1]["old"] == nil)
  }

  @Test func markdownTableEscapesPipes() {
    var a = PlistDict()
    a.set("Pattern", .string("a|b"))
    var b = PlistDict()
    b.set("Pattern", .string("a`c"))
    let md = DiffRenderer.markdown(ProfileDiffer.diff(old: .dict(a), new: .dict(b)), oldName: "old|x", newName: "new")
    #expect(md.contains("| ~ | `Pattern` | `\"a\\|b\"` | `\"a'c\"` |"))
    #expect(md.contains("`old\\|x`"))
    #expect(DiffRenderer.markdown(ProfileDiff(), oldName: "a", newName: "b").contains("No differences."))
  }
}
