import Diagnostics
import Foundation
import Testing

/// docs/diagnostics.md is generated from the catalog; this test keeps it current
/// (`UPDATE_GOLDEN=1 swift test --filter DiagnosticsDocTests` rewrites it).
@Suite struct DiagnosticsDocTests {
  static let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md")

  @Test func docsMatchTheCatalog() throws {
    let generated = DiagnosticsDocument.markdown()
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      let old = try? String(contentsOf: Self.docURL, encoding: .utf8)
      if old != generated {
        try generated.write(to: Self.docURL, atomically: true, encoding: .utf8)
        Issue.record("docs/diagnostics.md updated; review and run again")
      }
      return
    }
    let onDisk = try String(contentsOf: Self.docURL, encoding: .utf8)
    #expect(onDisk == generated, "docs/diagnostics.md is stale: UPDATE_GOLDEN=1 swift test --filter DiagnosticsDocTests")
  }

  @Test func everyCodeHasAPage() {
    let doc = DiagnosticsDocument.markdown()
    for d in Catalog.all {
      #expect(doc.contains("<a id=\"\(d.code.lowercased())\"></a>"))
      #expect(DiagnosticsDocument.page(d).hasPrefix(d.code + ": "))
    }
  }

  @Test func humanRendererMatchesTheSpecLayout() {
    let file = SourceFile(path: "byod.profile.yaml", text: String(repeating: "\n", count: 11) + "    allowAirDrop: false\n")
    let start = file.offset(line: 12, column: 5)
    var d = Diagnostic(
      .keyNeedsSupervision,
      "'allowAirDrop' requires a supervised device and has no effect under web-based enrollment",
      file: file, range: SourceRange(start, start + 12), path: "restrictions.allowAirDrop")
    d.fixIts = [FixIt("remove it, or target enrollment type 'automated'")]
    let expected = """
      byod.profile.yaml:12:5: warning[PC3102]: 'allowAirDrop' requires a supervised device and has no effect under web-based enrollment
         |
      12 |     allowAirDrop: false
         |     ^~~~~~~~~~~~
         = help: remove it, or target enrollment type 'automated'

      """
    #expect(HumanRenderer(color: false).render(d) == expected)
    let json = JSONRenderer.render([d])
    #expect(json.contains("\"line\": 12, \"column\": 5, \"endLine\": 12, \"endColumn\": 17, \"path\": \"restrictions.allowAirDrop\""))
    #expect(json.contains("\"errors\": 0, \"warnings\": 1"))
  }

  @Test func sarifAndGitHubFormats() throws {
    let file = SourceFile(path: "dir/my file.profile.yaml", text: "a: 1\n")
    let d = Diagnostic(.unknownKey, "unknown key 'a', with: punctuation", file: file, range: SourceRange(0, 1), path: "a")
    let sarif = SARIFRenderer.render([d])
    let object = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as! [String: Any]
    #expect(object["version"] as? String == "2.1.0")
    let run = (object["runs"] as! [[String: Any]])[0]
    let rules = ((run["tool"] as! [String: Any])["driver"] as! [String: Any])["rules"] as! [[String: Any]]
    let result = (run["results"] as! [[String: Any]])[0]
    let index = result["ruleIndex"] as! Int
    #expect(rules[index]["id"] as? String == "PC2002")
    #expect(sarif.contains("dir/my%20file.profile.yaml"))
    let github = GitHubRenderer.render([d])
    #expect(github == "::error file=dir/my file.profile.yaml,line=1,col=1,endLine=1,endColumn=2,title=PC2002::unknown key 'a', with: punctuation\n")
  }
}
