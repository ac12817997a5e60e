import Foundation
import Testing

/// Outputs that already hold the compiled bytes are left alone (docs/performance.md);
/// anything else is replaced atomically.
@Suite struct RegressionOutputTests {
  static let source = """
    profile:
      identifier: com.contoso.out
      name: Out
    enrollment:
      type: device
    payloads:
      - type: com.apple.webClip.managed
        URL: https://portal.manage.microsoft.com/
        Label: Company Portal

    """

  func inode(_ url: URL) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int) ?? -1
  }

  @Test func upToDateOutputIsNotRewritten() throws {
    let dir = try Harness.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let src = dir.appendingPathComponent("a.profile.yaml")
    let out = dir.appendingPathComponent("a.mobileconfig")
    try Harness.write(Self.source, to: src)
    #expect(try Harness.run(["compile", src.path, "-o", out.path]).status == 0)
    let first = try Data(contentsOf: out)
    let node = try inode(out)
    #expect(try Harness.run(["compile", src.path, "-o", out.path]).status == 0)
    #expect(try inode(out) == node, "an up-to-date output was replaced")
    #expect(try Data(contentsOf: out) == first)
  }

  @Test(arguments: ["same size, other bytes", "longer", "shorter", "symbolic link"])
  func outdatedOutputIsReplaced(_ how: String) throws {
    let dir = try Harness.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let src = dir.appendingPathComponent("a.profile.yaml")
    let out = dir.appendingPathComponent("a.mobileconfig")
    try Harness.write(Self.source, to: src)
    #expect(try Harness.run(["compile", src.path, "-o", out.path]).status == 0)
    let expected = try Data(contentsOf: out)
    switch how {
    case "same size, other bytes":
      var bytes = expected
      bytes[bytes.count / 2] ^= 0x20
      try bytes.write(to: out)
    case "longer":
      try (expected + Data("x".utf8)).write(to: out)
    case "shorter":
      try expected.prefix(expected.count - 1).write(to: out)
    default:
      let target = dir.appendingPathComponent("elsewhere.mobileconfig")
      try expected.write(to: target)
      try FileManager.default.removeItem(at: out)
      try FileManager.default.createSymbolicLink(at: out, withDestinationURL: target)
    }
    #expect(try Harness.run(["compile", src.path, "-o", out.path]).status == 0)
    #expect(try Data(contentsOf: out) == expected, "\(how)")
    let type = try FileManager.default.attributesOfItem(atPath: out.path)[.type] as? FileAttributeType
    #expect(type == .typeRegular, "\(how)")
  }

  @Test func directoryRunWritesEveryOutput() throws {
    let dir = try Harness.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    for i in 0..<40 {
      try Harness.write(
        Self.source.replacingOccurrences(of: "com.contoso.out", with: "com.contoso.out\(i)"),
        to: dir.appendingPathComponent("team\(i % 4)/p\(i).profile.yaml"))
    }
    #expect(try Harness.run(["compile", dir.path]).status == 0)
    for i in 0..<40 {
      let out = dir.appendingPathComponent("team\(i % 4)/p\(i).mobileconfig")
      let text = try String(contentsOf: out, encoding: .utf8)
      #expect(text.contains("com.contoso.out\(i)</string>"))
    }
    let leftovers = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.contains(".profilec-") }
    #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
  }
}
