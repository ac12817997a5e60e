import Diagnostics
import Foundation
import Testing

/// SARIF and GitHub output details a CI system depends on.
@Suite struct CIRendererTests {
  static let file = SourceFile(path: "dir/a b,c.profile.yaml", text: "restrictions:\n  allowAirDrop: false\n")

  static func diagnostic(fixIts: [FixIt]) -> Diagnostic {
    Diagnostic(
      .keyNeedsSupervision, "'allowAirDrop' requires a supervised device", file: file, range: SourceRange(16, 28),
      path: "restrictions.allowAirDrop", notes: ["100% sure: line two"], fixIts: fixIts)
  }

  @Test func sarifFixesAlwaysCarryAReplacement() throws {
    let advice = FixIt("target enrollment type 'automated'")
    let edit = FixIt("remove it", edits: [TextEdit(range: SourceRange(15, 36), replacement: "")])
    let text = SARIFRenderer.render([Self.diagnostic(fixIts: [advice, edit])])
    let sarif = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    let result = (((sarif["runs"] as! [[String: Any]])[0])["results"] as! [[String: Any]])[0]
    let fixes = result["fixes"] as! [[String: Any]]
    #expect(fixes.count == 1)
    #expect((fixes[0]["description"] as! [String: Any])["text"] as? String == "remove it")
    let message = (result["message"] as! [String: Any])["text"] as! String
    #expect(message.contains("\nhelp: target enrollment type 'automated'"))
    #expect(message.contains("\nnote: 100% sure: line two"))
    let location = (result["locations"] as! [[String: Any]])[0]
    let uri = ((location["physicalLocation"] as! [String: Any])["artifactLocation"] as! [String: Any])["uri"] as? String
    #expect(uri == "dir/a%20b%2Cc.profile.yaml")
    #expect(((location["logicalLocations"] as! [[String: Any]])[0])["fullyQualifiedName"] as? String == "restrictions.allowAirDrop")

    let adviceOnly = SARIFRenderer.render([Self.diagnostic(fixIts: [advice])])
    #expect(!adviceOnly.contains("\"fixes\""))
  }

  @Test func githubEscapesDataAndProperties() {
    let text = GitHubRenderer.render([Self.diagnostic(fixIts: [FixIt("remove it")])])
    #expect(
      text == "::warning file=dir/a b%2Cc.profile.yaml,line=2,col=3,endLine=2,endColumn=15,title=PC3102::"
        + "'allowAirDrop' requires a supervised device%0Anote: 100%25 sure: line two%0Ahelp: remove it\n")
  }
}
