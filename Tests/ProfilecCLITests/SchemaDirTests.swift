import Foundation
import Testing

@Suite struct SchemaDirTests {
  /// `--schemas DIR` loads another schema set instead of the built-in one.
  @Test func schemasFlagReplacesTheBuiltInSet() throws {
    let dir = try Harness.tempDir()
    let schemas = dir.appendingPathComponent("schemas")
    try FileManager.default.copyItem(at: Harness.packageRoot.appendingPathComponent("schemas"), to: schemas)
    let webClip = schemas.appendingPathComponent("com.apple.webClip.managed.schema")
    var text = try String(contentsOf: webClip, encoding: .utf8)
    text = text.replacingOccurrences(of: "key Label string required", with: "key Label string optional")
    try Data(text.utf8).write(to: webClip)
    let src = dir.appendingPathComponent("t.profile.yaml")
    try Harness.write("profile:\n  identifier: com.contoso.t\n  name: T\nenrollment:\n  type: device\npayloads:\n  - type: com.apple.webClip.managed\n    URL: https://a.example\n", to: src)
    let builtIn = try Harness.run(["check", src.path])
    #expect(builtIn.status == 1)
    #expect(builtIn.stderr.contains("PC2007"))
    let custom = try Harness.run(["check", src.path, "--schemas", schemas.path])
    #expect(custom.status == 0, "\(custom.stderr)")
    // A malformed schema directory is a usage error naming the file and line.
    try Data("profilec-schema 1\nkind payload\nkey Broken notatype\n".utf8).write(to: schemas.appendingPathComponent("broken.schema"))
    let broken = try Harness.run(["check", src.path, "--schemas", schemas.path])
    #expect(broken.status == 2)
    #expect(broken.stderr.contains("broken.schema"))
  }
}
