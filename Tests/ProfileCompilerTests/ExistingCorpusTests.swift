import Diagnostics
import Foundation
import ProfileCompiler
import PropertyList
import Testing

/// lint and import over every real profile in ../shared/corpus (read-only).
@Suite struct ExistingCorpusTests {
  static func relative(_ path: String) -> String {
    String(path.dropFirst(Existing.corpusRoot.path.count + 1))
  }

  /// Diagnostics without their file, for comparing twins: code, severity, line, path, message.
  static func shape(_ diagnostics: [Diagnostic], positions: Bool = true) -> [String] {
    diagnostics.map { d in
      let at = positions ? d.startLocation.map { "\($0.line):\($0.column)" } ?? "-" : ""
      return "\(d.code) \(d.severity) \(at) \(d.path ?? "") \(d.message)"
    }
  }

  @Test func corpusIsThere() {
    #expect(Existing.corpusFiles.count >= 120, "corpus not found at \(Existing.corpusRoot.path)")
  }

  @Test func everyFileGetsAnAnswer() {
    let results = Linter.lintAll(Existing.corpusFiles, options: LintOptions())
    #expect(results.count == Existing.corpusFiles.count)
    for r in results {
      #expect(!r.unreadable, "\(r.path)")
      // A model unless the file is not a property list, which is then an error.
      #expect(r.model != nil || r.hasErrors, "\(r.path)")
      let imported = Importer.importFile(r.path, options: LintOptions())
      #expect(imported.source != nil || imported.hasErrors, "\(r.path)")
    }
    let clean = results.filter { !$0.hasErrors }
    #expect(clean.count >= 100)
  }

  @Test func malformedChromeFileFailsAtItsBrokenLine() throws {
    let path = Existing.corpusRoot.appendingPathComponent(Existing.malformedChrome).path
    let lint = Linter.lintFile(path, options: LintOptions())
    #expect(lint.model == nil)
    let d = try #require(lint.diagnostics.first { $0.severity == .error })
    #expect(d.code == "PC5002")
    let line = try #require(d.startLocation).line
    #expect(line == 15 || line == 48)
    let imported = Importer.importFile(path, options: LintOptions())
    #expect(imported.source == nil)
    #expect(imported.hasErrors)
  }

  @Test func signedFilesLintAndImportLikeTheirTwins() throws {
    let signedDir = Existing.corpusRoot.appendingPathComponent("paulmillr__encrypted-dns/signed")
    let signed = Existing.files(under: signedDir)
    #expect(signed.count == 12)
    for path in signed {
      let twin = path.replacingOccurrences(of: "/signed/", with: "/profiles/")
      let a = Linter.lintFile(path, options: LintOptions())
      let b = Linter.lintFile(twin, options: LintOptions())
      #expect(a.diagnostics.filter { $0.code == "PC5014" }.count == 1, "\(path)")
      let aShape = Self.shape(a.diagnostics.filter { $0.code != "PC5014" })
      #expect(aShape == Self.shape(b.diagnostics), "\(path)")
      let ia = Importer.importFile(path, options: LintOptions())
      let ib = Importer.importFile(twin, options: LintOptions())
      #expect(ia.source != nil && ia.source == ib.source, "\(path)")
    }
  }

  @Test(.enabled(if: Existing.plutil != nil)) func binaryCopiesBehaveLikeTheXMLFiles() throws {
    let dir = try Existing.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    var converted = 0
    for (i, path) in Existing.corpusFiles.enumerated() where !path.contains("/signed/") {
      let xml = Linter.lintFile(path, options: LintOptions())
      guard xml.model != nil else { continue }
      let copy = dir.appendingPathComponent("\(i).mobileconfig").path
      let (status, _, _) = try Existing.run(
        Existing.plutil!, ["-convert", "binary1", "-o", copy, path])
      guard status == 0 else { continue }  // plutil refuses the leading-whitespace file
      #expect(Existing.bytes(copy).starts(with: Array("bplist00".utf8)))
      let binary = Linter.lintFile(copy, options: LintOptions())
      // The toolchain's plutil keeps the CR of CRLF line breaks inside strings, which XML
      // readers (ours, plistlib, expat) normalise: such a copy holds other values; skip it.
      guard let xmlRoot = xml.read?.root, let binaryRoot = binary.read?.root,
        xmlRoot.value == binaryRoot.value
      else {
        continue
      }
      converted += 1
      // Binary plists carry no positions; the reader's own remarks about XML text differ.
      let readerCodes = Set((1...15).map { String(format: "PC50%02d", $0) })
      // Without positions diagnostics come in key order, which plutil does not keep.
      let xmlShape = Self.shape(
        xml.diagnostics.filter { !readerCodes.contains($0.code) }, positions: false
      ).sorted()
      let binaryShape = Self.shape(
        binary.diagnostics.filter { !readerCodes.contains($0.code) }, positions: false
      ).sorted()
      #expect(xmlShape == binaryShape, "\(Self.relative(path))")
      let a = Importer.importFile(path, options: LintOptions())
      let b = Importer.importFile(copy, options: LintOptions())
      #expect(a.source == b.source, "\(Self.relative(path))")
    }
    #expect(converted >= 90)
  }

  @Test(.enabled(if: Existing.python3 != nil)) func importThenCompileGivesTheSameProfile() throws {
    let dir = try Existing.tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    var pairs: [(String, String)] = []
    for (i, path) in Existing.corpusFiles.enumerated() {
      let lint = Linter.lintFile(path, options: LintOptions())
      guard lint.model != nil, !lint.hasErrors else { continue }
      let imported = Importer.importFile(path, options: LintOptions())
      #expect(
        !imported.hasErrors,
        "\(Self.relative(path)): \(imported.diagnostics.filter { $0.severity == .error }.map(\.message))"
      )
      let source = try #require(imported.source)
      let compiled = Existing.compile(
        source, path: dir.appendingPathComponent("\(i).profile.yaml").path)
      #expect(
        !compiled.hasErrors,
        "\(Self.relative(path)): \(compiled.diagnostics.filter { $0.severity == .error }.map(\.message))"
      )
      guard let bytes = compiled.mobileconfig else { continue }
      let out = dir.appendingPathComponent("\(i).mobileconfig")
      try Data(bytes).write(to: out)
      pairs.append((path, out.path))
    }
    #expect(pairs.count >= 100)
    let differing = try Existing.plistlibDifferences(pairs)
    #expect(differing.isEmpty, "\(differing)")
  }
}
