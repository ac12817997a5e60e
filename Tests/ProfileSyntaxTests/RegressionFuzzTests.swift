import Diagnostics
import Foundation
import Testing

@testable import ProfileSyntax

/// Sources the fuzzers found (scripts/fuzz.sh), kept in Tests/Fixtures/fuzz/.
@Suite struct RegressionFuzzTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

  /// SourceFuzz: node properties before a block key (`&a:`) took the rest of the file,
  /// and the key parser read one byte past the end (a trap, exit by signal 4).
  @Test(arguments: [
    "anchor-key-at-end-of-file.profile.yaml", "anchor-key-at-end-of-file.original.profile.yaml",
  ])
  func propertiesBeforeAKeyAtTheEnd(_ name: String) throws {
    let bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    let tree = Parser.parse(SourceFile(path: name, bytes: bytes))
    #expect(tree.diagnostics.contains { $0.code == DiagnosticDescriptor.missingColon.code })
  }

  @Test(arguments: ["k: v\n&a:", "k: v\n!t:", "k: v\n&a !t:", "a:\n  b: c\n  &x:", "- k: v\n  &a:"])
  func propertiesThenEndOfFile(_ text: String) {
    let tree = Parser.parse(SourceFile(path: "p.profile.yaml", text: text))
    #expect(tree.diagnostics.hasErrors)
  }
}
