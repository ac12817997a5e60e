import Diagnostics
import Foundation
import Testing

@testable import PropertyList

/// Encodes one DER element (definite length).
func der(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
  let n = content.count
  var length: [UInt8]
  if n < 0x80 {
    length = [UInt8(n)]
  } else {
    var bytes: [UInt8] = []
    var v = n
    while v > 0 {
      bytes.insert(UInt8(v & 0xFF), at: 0)
      v >>= 8
    }
    length = [0x80 | UInt8(bytes.count)] + bytes
  }
  return [tag] + length + content
}

/// Encodes one BER element with indefinite length.
func ber(_ tag: UInt8, _ children: [[UInt8]]) -> [UInt8] {
  [tag, 0x80] + children.flatMap { $0 } + [0, 0]
}

let oidSignedData: [UInt8] = der(0x06, [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02])
let oidData: [UInt8] = der(0x06, [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01])

/// A minimal SignedData around `eContent` (an encoded OCTET STRING), without certificates.
func signedData(eContent: [UInt8]?, indefinite: Bool = false) -> [UInt8] {
  let encap = der(0x30, oidData + (eContent.map { der(0xA0, $0) } ?? []))
  let sd = der(0x30, der(0x02, [1]) + der(0x31, []) + encap + der(0x31, []))
  if indefinite { return ber(0x30, [oidSignedData, ber(0xA0, [sd])]) }
  return der(0x30, oidSignedData + der(0xA0, sd))
}

@Suite struct CMSTests {
  let plist = Array(
    xml("<dict>\n\t<key>PayloadType</key>\n\t<string>Configuration</string>\n</dict>").utf8)

  @Test func handMadeSignedData() throws {
    let definite = try CMSSignedData.unwrap(signedData(eContent: der(0x04, plist)))
    #expect(definite.content == plist)
    #expect(definite.signerSubject == nil)
    // BER: indefinite lengths and an OCTET STRING split into nested chunks.
    let chunks = ber(
      0x24,
      [
        der(0x04, Array(plist[0..<10])),
        ber(0x24, [der(0x04, Array(plist[10..<50])), der(0x04, [])]),
        der(0x04, Array(plist[50...])),
      ])
    let indefinite = try CMSSignedData.unwrap(signedData(eContent: chunks, indefinite: true))
    #expect(indefinite.content == plist)

    let result = PlistReader.read(
      path: "signed.mobileconfig", bytes: signedData(eContent: chunks, indefinite: true))
    #expect(result.root?.dictValue?["PayloadType"]?.stringValue == "Configuration")
    #expect(result.signature == PlistSignature(signerSubject: nil))
    #expect(result.signature?.summary == "signed by an unknown signer, signature not verified")
    #expect(result.file.path == "signed.mobileconfig")
    #expect(result.file.bytes == plist)
  }

  @Test func errorsInTheWrapper() throws {
    func message(_ bytes: [UInt8]) -> String {
      do {
        _ = try CMSSignedData.unwrap(bytes)
        return "no error"
      } catch {
        return "\(error.message) @\(error.offset)"
      }
    }
    #expect(message(signedData(eContent: nil)).contains("detached signature"))
    #expect(message([0x30]).contains("truncated length"))
    #expect(message([0x30, 0x05, 0x06]).contains("runs past the end"))
    #expect(message([0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]).contains("runs past the end"))
    #expect(message([0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]).contains("unsupported length"))
    #expect(message([0x30, 0xFF]).contains("unsupported length"))
    #expect(
      message([0x30, 0x80, 0x05, 0x00]).contains("end-of-contents")
        || message([0x30, 0x80, 0x05, 0x00]).contains("DER element"))
    #expect(message([0x30, 0x80]).contains("missing end-of-contents"))
    #expect(message(der(0x30, oidData + der(0xA0, []))).contains("is not signedData"))
    #expect(message(der(0x31, [])).contains("expected a ContentInfo SEQUENCE"))
    #expect(message([0x04, 0x80, 0, 0]).contains("indefinite length on a primitive"))
    #expect(
      message(der(0x30, der(0x06, [0x2A, 0x86]) + der(0xA0, []))).contains(
        "truncated object identifier"))
    // The content of a constructed OCTET STRING must be OCTET STRINGs.
    #expect(
      message(signedData(eContent: ber(0x24, [der(0x02, [1])]))).contains(
        "other than OCTET STRINGs"))
    // Deep BER nesting ends at the depth limit, not in a stack overflow.
    let deep = Array([[UInt8]](repeating: [0x30, 0x80], count: 100_000).joined())
    #expect(message(deep).contains("nested more than"))
    let deepOctets = signedData(
      eContent: Array([[UInt8]](repeating: [0x24, 0x80], count: 100_000).joined()))
    #expect(message(deepOctets).contains("nested more than"))

    let result = PlistReader.read(path: "x.mobileconfig", bytes: signedData(eContent: nil))
    #expect(summary(result) == ["PC5011"])
    #expect(
      result.diagnostics[0].message.hasPrefix(
        "malformed signed profile: the signed data holds no embedded content"))
    #expect(result.diagnostics[0].message.hasSuffix("at byte offset 22"))
  }

  @Test func aBrokenCertificateLeavesTheSignerUnknown() throws {
    let encap = der(0x30, oidData + der(0xA0, der(0x04, plist)))
    let brokenCert = der(0x30, der(0x30, der(0x02, [1])))  // a TBSCertificate with one field
    let sd = der(
      0x30, der(0x02, [1]) + der(0x31, []) + encap + der(0xA0, brokenCert) + der(0x31, []))
    let unwrapped = try CMSSignedData.unwrap(der(0x30, oidSignedData + der(0xA0, sd)))
    #expect(unwrapped.content == plist)
    #expect(unwrapped.signerSubject == nil)
  }

  @Test func nestedSignedContentIsNotAPropertyList() {
    let inner = signedData(eContent: der(0x04, plist))
    let outer = signedData(eContent: der(0x04, inner))
    #expect(summary(PlistReader.read(path: "x", bytes: outer)) == ["PC5001"])
  }

  @Test func diagnosticsInsideSignedXMLSayWhereTheyCount() throws {
    let broken = Array(xml("<dict>\n<key>a</key>\n<integer>x</integer>\n</dict>").utf8)
    let result = PlistReader.read(
      path: "x.mobileconfig", bytes: signedData(eContent: der(0x04, broken)))
    #expect(summary(result) == ["PC5009@6:1"])
    #expect(result.diagnostics[0].notes.contains { $0.contains("inside the CMS signature") })
    #expect(result.signature != nil)
  }

  /// Real CMS from openssl: DER and streamed BER, issuer-and-serial or key-identifier signer
  /// ids, several signer subjects, binary content, no certificates.
  @Test func opensslSignedProfiles() throws {
    let openssl = try #require(opensslPath, "openssl not found")
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    try run(
      openssl,
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days",
        "2",
        "-keyout", path("key.pem"), "-out", path("cert.pem"),
        "-subj", "/C=US/O=Contoso, Ltd/OU=IT/CN=profiles.contoso.com",
      ])
    // A large profile so that streaming splits the content into chunks.
    let big = Array(
      xml(
        "<array>\n" + String(repeating: "\t<string>0123456789abcdef</string>\n", count: 5000)
          + "</array>"
      ).utf8)
    try Data(big).write(to: URL(fileURLWithPath: path("big.xml")))
    try Data(plist).write(to: URL(fileURLWithPath: path("small.xml")))
    if let plutilPath {
      try run(plutilPath, ["-convert", "binary1", "-o", path("small.bplist"), path("small.xml")])
    }
    let subject = "CN=profiles.contoso.com, OU=IT, O=Contoso\\, Ltd, C=US"
    let variants: [(String, [String], String?)] = [
      ("der", [], subject),
      ("stream", ["-stream"], subject),
      ("keyid", ["-keyid"], subject),
      ("stream-keyid", ["-stream", "-keyid"], subject),
      ("nocerts", ["-nocerts"], nil),
    ]
    for input in ["small.xml", "big.xml", "small.bplist"]
    where FileManager.default.fileExists(atPath: path(input)) {
      for (name, flags, expectedSubject) in variants {
        let out = path("\(input).\(name).der")
        try run(
          openssl,
          [
            "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-in", path(input),
            "-signer", path("cert.pem"), "-inkey", path("key.pem"), "-out", out,
          ] + flags)
        let bytes = readBytes(out)
        let unwrapped = try CMSSignedData.unwrap(bytes)
        #expect(unwrapped.content == readBytes(path(input)), "\(input) \(name)")
        #expect(unwrapped.signerSubject == expectedSubject, "\(input) \(name)")
        let result = PlistReader.read(path: out, bytes: bytes)
        #expect(result.root != nil, "\(input) \(name): \(summary(result))")
        #expect(result.format == (input.hasSuffix(".bplist") ? .binary : .xml))
        #expect(result.signature?.signerSubject == expectedSubject)
        if name.hasPrefix("stream") {
          // Streaming output really is BER with indefinite lengths.
          #expect(bytes[1] == 0x80, "\(input) \(name)")
        }
      }
    }
  }

  @Test func everyPrefixOfASignedFileFails() throws {
    let relative = try #require(
      corpusFiles.first { $0.hasPrefix("paulmillr__encrypted-dns/signed/") })
    let bytes = readBytes(corpusRoot.appendingPathComponent(relative).path)
    for n in 0..<bytes.count {
      let result = PlistReader.read(path: relative, bytes: Array(bytes[0..<n]))
      #expect(result.root == nil && result.hasErrors, "prefix \(n)")
      if n > 0 { #expect(result.diagnostics.first?.code == "PC5011", "prefix \(n)") }
    }
  }

  @Test func distinguishedNames() throws {
    func atv(_ oid: [UInt8], _ tag: UInt8, _ value: [UInt8]) -> [UInt8] {
      der(0x31, der(0x30, der(0x06, oid) + der(tag, value)))
    }
    let name = der(
      0x30,
      atv([0x55, 0x04, 0x06], 0x13, Array("FR".utf8))
        + atv([0x55, 0x04, 0x0A], 0x1E, [0x00, 0x43, 0x00, 0xE9])  // BMPString "Cé"
        + atv([0x55, 0x04, 0x03], 0x0C, Array("#a+b".utf8))
        + atv([0x2A, 0x03], 0x04, [0xAB]))  // unknown attribute, non-string value
    let reader = DERReader(name)
    let e = try reader.element(at: 0, limit: name.count)
    #expect(
      try CMSSignedData.distinguishedName(e, der: reader)
        == "1.2.3=#0401AB, CN=\\#a\\+b, O=Cé, C=FR")
  }
}
