import Diagnostics
import Testing

@testable import ProfileSyntax

/// The parser's word-at-a-time scans must agree with the byte-by-byte definitions, for
/// every byte value and every alignment (docs/performance.md).
@Suite struct RegressionScanTests {
  /// Deterministic bytes drawn mostly from the ones the scans look for.
  static func sample(_ seed: UInt64, count: Int) -> [UInt8] {
    var state = seed
    let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x23, 0x3A, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0xFF]
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let r = Int(truncatingIfNeeded: state >> 33)
      return r % 4 == 0 ? interesting[(r >> 2) % interesting.count] : UInt8(0x20 + (r >> 2) % 0x5F)
    }
  }

  static func plainASCII(_ c: UInt8) -> Bool { c >= 0x20 && c < 0x7F || c == 0x0A || c == 0x0D || c == 0x09 }

  @Test func skipPlainASCIIMatchesBytewise() {
    for seed in 0..<300 {
      let bytes = Self.sample(UInt64(seed), count: seed % 70)
      bytes.withUnsafeBufferPointer { p in
        for start in 0...bytes.count {
          let expected = (start..<bytes.count).first { !Self.plainASCII(bytes[$0]) } ?? bytes.count
          #expect(YAMLParser.skipPlainASCII(p, from: start) == expected, "seed \(seed) from \(start)")
        }
      }
    }
  }

  /// The parser's strings (short ones written in place) equal `String(decoding:)` of the
  /// same bytes, invalid UTF-8 repaired alike, scalar for scalar.
  @Test func textMatchesDecoding() {
    for seed in 0..<120 {
      var bytes = Self.sample(UInt64(seed) &+ 5000, count: 40)
      // Multi-byte sequences, whole and cut, among the sample's stray 0x80/0xC3/0xFF bytes.
      bytes += Array("é日\u{1F600}".utf8) + [0xE6, 0x97, 0xF0, 0x9F, 0x98]
      let parser = YAMLParser(file: SourceFile(path: "t.yaml", bytes: bytes), limits: .default)
      for start in 0..<bytes.count {
        for end in start...min(bytes.count, start + 20) {
          let made = parser.text(start, end)
          let decoded = String(decoding: bytes[start..<end], as: UTF8.self)
          #expect(Array(made.unicodeScalars) == Array(decoded.unicodeScalars), "seed \(seed) \(start)..<\(end)")
        }
      }
    }
  }

  @Test func nextLineSpecialMatchesBytewise() {
    for seed in 0..<300 {
      let bytes = Self.sample(UInt64(seed) &+ 1000, count: seed % 70)
      bytes.withUnsafeBufferPointer { p in
        for start in 0...bytes.count {
          let expected =
            (start..<bytes.count).first { [0x3A, 0x23, 0x0A, 0x0D].contains(bytes[$0]) } ?? bytes.count
          #expect(YAMLParser.nextLineSpecial(p, from: start) == expected, "seed \(seed) from \(start)")
        }
      }
    }
  }

  @Test func lineTableMatchesBytewise() {
    for seed in 0..<200 {
      let bytes = Self.sample(UInt64(seed) &+ 5000, count: seed * 3)
      var expected = [0]
      var i = 0
      while i < bytes.count {
        if bytes[i] == 0x0A {
          expected.append(i + 1)
        } else if bytes[i] == 0x0D {
          if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
          expected.append(i + 1)
        }
        i += 1
      }
      #expect(SourceFile(path: "x", bytes: bytes).lineStarts == expected, "seed \(seed)")
    }
  }

  @Test func duplicateKeysFoundPastTheLinearScan() {
    // More keys than SeenKeys scans linearly, the duplicate far from the first.
    let keys = (0..<60).map { "key\($0): \($0)" }
    let text = (keys + ["key3: again", "k\u{00E9}: 1", "ke\u{0301}: 2"]).joined(separator: "\n") + "\n"
    let tree = Parser.parse(SourceFile(path: "dup.profile.yaml", text: text))
    let duplicates = tree.diagnostics.filter { $0.code == DiagnosticDescriptor.duplicateKey.code }
    // Only key3 repeats: the two spellings of "é" are different keys.
    #expect(duplicates.count == 1)
    #expect(duplicates.first?.message == "duplicate key 'key3'")
  }
}
