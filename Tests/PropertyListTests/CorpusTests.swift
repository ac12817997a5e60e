import Diagnostics
import Foundation
import Testing

@testable import PropertyList

@Suite struct CorpusTests {
  @Test func corpusIsThere() {
    #expect(corpusFiles.count >= 100, "corpus not found at \(corpusRoot.path)")
  }

  @Test func everyFileGetsAnAnswer() {
    for relative in corpusFiles {
      let result = readCorpus(relative)
      // Either a tree or an error, never both and never neither.
      #expect((result.root != nil) != result.hasErrors, "\(relative): \(summary(result))")
      if relative != malformedCorpusFile {
        #expect(result.root != nil, "\(relative): \(summary(result))")
      }
    }
  }

  @Test func malformedFileFailsAtTheBrokenString() throws {
    let result = readCorpus(malformedCorpusFile)
    #expect(result.root == nil)
    #expect(result.diagnostics.count == 1)
    let d = try #require(result.diagnostics.first)
    #expect(d.code == "PC5002")
    let line = try #require(d.startLocation).line
    #expect(line == 15 || line == 48)
    // The note says where the unclosed element started, and spots the lost '<'.
    #expect(d.notes.contains { $0.contains("'<string>' opened at 14:") })
    #expect(d.notes.contains { $0.contains("'/string>' at 14:") })
  }

  @Test func leadingWhitespaceIsAWarning() throws {
    let result = readCorpus(leadingWhitespaceCorpusFile)
    #expect(result.root != nil)
    #expect(summary(result) == ["PC5005@1:1"])
    let d = try #require(result.diagnostics.first)
    #expect(d.severity == .warning)
    #expect(d.fixIts.first?.edits.first?.range == SourceRange(0, 1))
  }

  /// The strongest check of reader and writer together: for every file plistlib can read,
  /// writing our tree gives exactly plistlib's canonical bytes.
  @Test func writerOfOurTreeEqualsPlistlib() throws {
    let paths = corpusFiles.map { corpusRoot.appendingPathComponent($0).path }
    let script =
      framedPythonPrelude + """
        for path in json.load(sys.stdin):
            data = open(path, 'rb').read()
            try:
                if data[:1] == b'0':
                    data = subprocess.run(['openssl', 'cms', '-verify', '-noverify', '-inform', 'DER', '-in', path],
                                          check=True, capture_output=True).stdout
                try:
                    value = plistlib.loads(data)
                except Exception:
                    value = plistlib.loads(data.lstrip())   # the leading-whitespace file
                ok(plistlib.dumps(value, sort_keys=True))
            except Exception as e:
                err(e)
        """
    let answers = try runFramedPython(
      script, input: try JSONSerialization.data(withJSONObject: paths))
    try #require(answers.count == corpusFiles.count)
    var compared = 0
    for (relative, answer) in zip(corpusFiles, answers) {
      let result = readCorpus(relative)
      switch answer {
      case .success(let expected):
        let root = try #require(result.root, "\(relative): \(summary(result))")
        let ours = try PlistXMLWriter.write(root)
        #expect(ours == expected, "\(relative): writer output differs from plistlib")
        compared += 1
      case .failure:
        #expect(relative == malformedCorpusFile, "plistlib could not read \(relative)")
        #expect(result.root == nil)
      }
    }
    #expect(compared == corpusFiles.count - 1)
  }

  @Test func signedFilesEqualTheirUnsignedTwins() throws {
    let signed = corpusFiles.filter { $0.hasPrefix("paulmillr__encrypted-dns/signed/") }
    #expect(signed.count == 12)
    for relative in signed {
      let twin = relative.replacingOccurrences(of: "/signed/", with: "/profiles/")
      let a = readCorpus(relative)
      let b = readCorpus(twin)
      let rootA = try #require(a.root, "\(relative): \(summary(a))")
      let rootB = try #require(b.root, "\(twin): \(summary(b))")
      #expect(rootA.value == rootB.value, "\(relative)")
      #expect(a.format == .xml)
      let signature = try #require(a.signature)
      #expect(signature.signerSubject?.contains("encrypted-dns.brunch.io") == true)
      #expect(signature.verified == false)
      #expect(signature.summary.hasSuffix("signature not verified"))
      // The signed content is byte-identical to the twin, so ranges agree too.
      #expect(a.file.bytes == b.file.bytes)
      #expect(a.file.path == relative)
      #expect(rootA.dictValue?.entries.first?.keyRange == rootB.dictValue?.entries.first?.keyRange)
      #expect(b.signature == nil)
    }
  }

  @Test func signerSubjectIsTheLeafCertificate() throws {
    let relative = try #require(
      corpusFiles.first { $0.hasPrefix("paulmillr__encrypted-dns/signed/") })
    let bytes = readBytes(corpusRoot.appendingPathComponent(relative).path)
    let signed = try CMSSignedData.unwrap(bytes)
    #expect(signed.signerSubject == "CN=encrypted-dns.brunch.io")
    #expect(signed.contentType == "1.2.840.113549.1.7.1")
    #expect(signed.signatureVerified == false)
    if let opensslPath {
      let content = try run(
        opensslPath,
        [
          "cms", "-verify", "-noverify", "-inform", "DER", "-in",
          corpusRoot.appendingPathComponent(relative).path,
        ])
      #expect(signed.content == [UInt8](content))
    }
  }

  /// Binary copies made by plutil read to the same values as the XML files, and plistlib
  /// reading the same binary copy agrees with our writer.
  @Test func binaryCopiesReadToTheSameValues() throws {
    let plutil = try #require(plutilPath, "plutil not found")
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var pairs: [(String, String)] = []
    for (i, relative) in corpusFiles.enumerated() {
      let xml = readCorpus(relative)
      guard xml.root != nil, xml.signature == nil, relative != leadingWhitespaceCorpusFile else {
        continue
      }
      let out = dir.appendingPathComponent("\(i).bplist").path
      try run(
        plutil,
        ["-convert", "binary1", "-o", out, corpusRoot.appendingPathComponent(relative).path])
      pairs.append((relative, out))
    }
    #expect(pairs.count >= 100)
    let script =
      framedPythonPrelude + """
        for path in json.load(sys.stdin):
            try:
                ok(plistlib.dumps(plistlib.loads(open(path, 'rb').read()), sort_keys=True))
            except Exception as e:
                err(e)
        """
    let answers = try runFramedPython(
      script, input: try JSONSerialization.data(withJSONObject: pairs.map(\.1)))
    try #require(answers.count == pairs.count)
    for ((relative, binaryPath), answer) in zip(pairs, answers) {
      let bytes = readBytes(binaryPath)
      #expect(bytes.starts(with: Array("bplist00".utf8)))
      let binary = PlistReader.read(path: binaryPath, bytes: bytes)
      let xml = readCorpus(relative)
      let b = try #require(binary.root, "\(relative) (binary): \(summary(binary))")
      #expect(binary.format == .binary)
      #expect(b.range == nil)
      // plutil's XML parser (CoreFoundation) keeps CR LF inside strings where XML, expat and
      // so plistlib and our reader normalize line ends to LF; compare modulo that.
      #expect(normalizingLineEnds(b).value == xml.root!.value, "\(relative): binary copy differs")
      let expected = try answer.get()
      #expect(try PlistXMLWriter.write(b) == expected, "\(relative): binary copy vs plistlib")
    }
  }
}

/// The tree with CR LF and lone CR in strings and keys turned into LF, as XML readers do.
func normalizingLineEnds(_ node: PlistNode) -> PlistNode {
  func fix(_ s: String) -> String {
    s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
  }
  switch node.value {
  case .string(let s): return PlistNode(.string(fix(s)), range: node.range)
  case .array(let items):
    return PlistNode(.array(items.map(normalizingLineEnds)), range: node.range)
  case .dict(let d):
    return PlistNode(
      .dict(
        PlistDict(
          d.entries.map {
            PlistEntry(
              key: fix($0.key), keyRange: $0.keyRange, value: normalizingLineEnds($0.value))
          })),
      range: node.range)
  default: return node
  }
}
