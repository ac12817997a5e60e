import Foundation
import Testing

/// Hostile sources through the built binary (docs/limits.md): each ends with a
/// diagnostic and exit status 1 or 2, never a crash, a hang or a runaway allocation.
/// No timings are asserted.
@Suite struct RegressionHostileInputTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: @Sendable () -> Data
    /// A code the run must report.
    var code: String
    var testDescription: String { name }
  }

  static let valid = "profile:\n  identifier: com.contoso.hostile\n  name: Hostile\nenrollment:\n  type: device\n"

  /// Deterministic "random" bytes (a linear congruential generator).
  static func noise(_ count: Int) -> Data {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    return Data((0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 33)
    })
  }

  static let cases: [Case] = [
    Case(name: "empty file", bytes: { Data() }, code: "PC1015"),
    Case(name: "random bytes", bytes: { noise(64 << 10) }, code: "PC0001"),
    Case(
      name: "200,000-deep flow nesting",
      bytes: { Data(("a: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "\n").utf8) },
      code: "PC0014"),
    Case(
      name: "3,000-deep block nesting",
      bytes: { Data((0..<3000).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined().utf8) },
      code: "PC0014"),
    Case(
      name: "3,000-deep block sequences",
      bytes: { Data((0..<3000).map { String(repeating: " ", count: 2 * $0) + "-\n" }.joined().utf8) },
      code: "PC0014"),
    Case(
      name: "an 8 MB line",
      bytes: { Data((valid + String(repeating: "x", count: 8 << 20) + "\n").utf8) },
      code: "PC0018"),
    Case(
      name: "a value over 8 MiB",
      bytes: { Data((valid + "payloads:\n  - type: com.example.x\n    Long: " + String(repeating: "y", count: (8 << 20) + 1) + "\n").utf8) },
      code: "PC0020"),
    Case(
      name: "over a million values",
      bytes: { Data((valid + "payloads:\n  - type: com.example.x\n    List: [" + String(repeating: "1,", count: 1_000_001) + "1]\n").utf8) },
      code: "PC0020"),
    Case(
      name: "invalid UTF-8",
      bytes: { Data("profile:\n  identifier: com.contoso.x\n  name: ".utf8) + Data([0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0x0A]) },
      code: "PC0001"),
    Case(
      name: "BOM",
      bytes: { Data([0xEF, 0xBB, 0xBF]) + Data((valid + "bogus: 1\n").utf8) },
      code: "PC1001"),
    Case(
      name: "CRLF",
      bytes: { Data(valid.replacingOccurrences(of: "\n", with: "\r\n").utf8) + Data("profile2: x\r\n".utf8) },
      code: "PC1001"),
    Case(
      name: "lone surrogate escapes",
      bytes: { Data((valid.replacingOccurrences(of: "name: Hostile", with: "name: \"\\ud800 and \\udc00\"")).utf8) },
      code: "PC0013"),
    Case(
      name: "huge integers",
      bytes: {
        Data((valid + "payloads:\n  - type: com.example.x\n    A: 99999999999999999999999999999999\n    B: -9223372036854775809\n    C: 0xFFFFFFFFFFFFFFFFFF\n    D: 1e400\n").utf8)
      },
      code: "PC1011"),
    Case(
      name: "an anchor before a key at the end of the file (found by fuzzing)",
      bytes: { Data("k: v\n&a:".utf8) },
      code: "PC0018"),
    Case(
      name: "NUL and control characters",
      bytes: { Data(valid.utf8) + Data([0x6B, 0x3A, 0x20, 0x00, 0x01, 0x1B, 0x7F, 0x0A]) },
      code: "PC0002"),
  ]

  @Test(arguments: cases)
  func endsWithADiagnostic(_ c: Case) throws {
    let dir = try Harness.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let src = dir.appendingPathComponent("hostile.profile.yaml")
    try c.bytes().write(to: src)
    for command in ["check", "compile"] {
      let r = try Harness.run([command, src.path, "--format", "json"])
      #expect(r.status == 1 || r.status == 2, "\(c.name): \(command) exited \(r.status)")
      let report = r.out + r.stderr
      #expect(report.contains("\"code\": \"\(c.code)\""), "\(c.name): \(command) did not report \(c.code)")
      #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("hostile.mobileconfig").path))
    }
    let human = try Harness.run(["check", src.path])
    #expect(human.status == 1 || human.status == 2, "\(c.name): human output exited \(human.status)")
    #expect(human.stderr.contains("error["), "\(c.name)")
  }

  @Test func sourceOverTheSizeLimitIsUnreadable() throws {
    let dir = try Harness.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let src = dir.appendingPathComponent("big.profile.yaml")
    FileManager.default.createFile(atPath: src.path, contents: nil)
    let handle = try FileHandle(forWritingTo: src)
    try handle.truncate(atOffset: (64 << 20) + 1)  // sparse: no 64 MiB of test data
    try handle.close()
    let r = try Harness.run(["check", src.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("PC9001"))
  }
}
