/// The content of a CMS `SignedData` (RFC 5652) profile and who signed it.
///
/// profilec only unwraps: the signature and the certificate chain are NOT verified.
public struct CMSSignedData: Sendable {
  /// The encapsulated content (`eContent`): the property-list bytes.
  public var content: [UInt8]
  /// The encapsulated content type in dotted form; profiles use `1.2.840.113549.1.7.1` (data).
  public var contentType: String
  /// The signer certificate's subject (`CN=…, OU=…, O=…, C=…`), or `nil` without certificates.
  public var signerSubject: String?
  /// Always `false`; the signature is not checked.
  public var signatureVerified: Bool { false }

  static let signedDataOID = "1.2.840.113549.1.7.2"
  static let subjectKeyIdentifierOID = "2.5.29.14"

  /// Unwraps `ContentInfo(signedData)` → `SignedData` → `encapContentInfo` → `eContent`
  /// and finds the signer's certificate (by issuer and serial number or subject key
  /// identifier, else the first certificate).
  public static func unwrap(
    _ bytes: [UInt8], limits: PlistReadLimits = .default
  ) throws(DERError) -> CMSSignedData {
    let der = DERReader(bytes, maxDepth: limits.maxDepth)
    let contentInfo = try der.element(at: 0, limit: bytes.count)
    guard contentInfo.isUniversal(DERElement.sequence), contentInfo.constructed else {
      throw DERError("expected a ContentInfo SEQUENCE", at: 0)
    }
    let ci = try der.children(of: contentInfo)
    guard ci.count >= 2 else { throw DERError("ContentInfo has no content", at: contentInfo.start) }
    let type = try der.objectIdentifier(ci[0])
    guard type == signedDataOID else {
      throw DERError("content type \(type) is not signedData (\(signedDataOID))", at: ci[0].start)
    }
    guard ci[1].isContext(0), ci[1].constructed else {
      throw DERError("expected the [0] content of ContentInfo", at: ci[1].start)
    }
    guard let signedData = try der.children(of: ci[1], depth: 1).first,
      signedData.isUniversal(DERElement.sequence), signedData.constructed
    else { throw DERError("expected a SignedData SEQUENCE", at: ci[1].contentStart) }

    // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
    //   certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET }
    let sd = try der.children(of: signedData, depth: 2)
    guard sd.count >= 4, sd[0].isUniversal(DERElement.integer), sd[1].isUniversal(DERElement.set),
      sd[2].isUniversal(DERElement.sequence)
    else { throw DERError("malformed SignedData", at: signedData.start) }

    let encap = try der.children(of: sd[2], depth: 3)
    guard let typeElement = encap.first else {
      throw DERError("encapContentInfo is empty", at: sd[2].start)
    }
    let contentType = try der.objectIdentifier(typeElement)
    guard encap.count >= 2, encap[1].isContext(0), encap[1].constructed else {
      throw DERError(
        "the signed data holds no embedded content (a detached signature)", at: sd[2].start)
    }
    guard let octets = try der.children(of: encap[1], depth: 4).first else {
      throw DERError("eContent is empty", at: encap[1].start)
    }
    let content = try der.octetString(octets, depth: 5)
    if content.count > limits.maxInputBytes {
      throw DERError(
        "embedded content is larger than \(limits.maxInputBytes) bytes", at: octets.start)
    }

    var certificates: [DERElement] = []
    var signerInfos: DERElement? = nil
    for e in sd[3...] {
      if e.isContext(0) && e.constructed {
        certificates = try der.children(of: e, depth: 3).filter {
          $0.isUniversal(DERElement.sequence) && $0.constructed
        }
      } else if e.isUniversal(DERElement.set) {
        signerInfos = e
      }
    }

    // The signer only names who signed; a certificate profilec cannot parse leaves it
    // unknown rather than making the profile unreadable (nothing is verified anyway).
    var subject: String? = nil
    do {
      var signer: DERElement? = nil
      if let signerInfos, let info = try der.children(of: signerInfos, depth: 3).first {
        signer = try findSigner(info, in: certificates, der: der)
      }
      if signer == nil { signer = certificates.first }
      if let signer { subject = try subjectName(of: signer, der: der) }
    } catch {
      subject = nil
    }
    return CMSSignedData(content: content, contentType: contentType, signerSubject: subject)
  }

  /// The certificate a SignerInfo names: `sid` is either issuerAndSerialNumber or
  /// `[0] subjectKeyIdentifier`.
  static func findSigner(
    _ info: DERElement, in certificates: [DERElement], der: DERReader
  ) throws(DERError) -> DERElement? {
    let fields = try der.children(of: info, depth: 4)
    guard fields.count >= 2 else { return nil }
    let sid = fields[1]
    if sid.isUniversal(DERElement.sequence) && sid.constructed {
      let parts = try der.children(of: sid, depth: 5)
      guard parts.count == 2 else { return nil }
      let issuer = der.encoded(parts[0])
      let serial = der.bytes[parts[1].contentRange]
      for cert in certificates {
        let tbs = try tbsFields(of: cert, der: der)
        guard tbs.count >= 6 else { continue }
        if der.bytes[tbs[0].contentRange].elementsEqual(serial)
          && der.encoded(tbs[2]).elementsEqual(issuer)
        {
          return cert
        }
      }
    } else if sid.isContext(0) && !sid.constructed {
      let keyID = der.bytes[sid.contentRange]
      for cert in certificates {
        if let ski = try subjectKeyIdentifier(of: cert, der: der), ski.elementsEqual(keyID) {
          return cert
        }
      }
    }
    return nil
  }

  /// TBSCertificate fields without the optional `[0] version`: serialNumber, signature,
  /// issuer, validity, subject, subjectPublicKeyInfo, then the optional tagged fields.
  static func tbsFields(of cert: DERElement, der: DERReader) throws(DERError) -> [DERElement] {
    guard let tbs = try der.children(of: cert, depth: 4).first, tbs.constructed else {
      throw DERError("malformed certificate", at: cert.start)
    }
    var fields = try der.children(of: tbs, depth: 5)
    if let first = fields.first, first.isContext(0) { fields.removeFirst() }
    return fields
  }

  static func subjectKeyIdentifier(of cert: DERElement, der: DERReader) throws(DERError)
    -> ArraySlice<UInt8>?
  {
    let fields = try tbsFields(of: cert, der: der)
    guard
      let extensionsField = fields.dropFirst(6).first(where: { $0.isContext(3) && $0.constructed }),
      let extensions = try der.children(of: extensionsField, depth: 6).first, extensions.constructed
    else { return nil }
    for ext in try der.children(of: extensions, depth: 7) where ext.constructed {
      let parts = try der.children(of: ext, depth: 8)
      guard let id = parts.first, let value = parts.last, parts.count >= 2 else { continue }
      guard try der.objectIdentifier(id) == subjectKeyIdentifierOID else { continue }
      // extnValue is an OCTET STRING holding the DER of another OCTET STRING.
      let inner = try der.octetString(value, depth: 9)
      let innerDER = DERReader(inner, maxDepth: der.maxDepth)
      let keyID = try innerDER.element(at: 0, limit: inner.count)
      return try ArraySlice(innerDER.octetString(keyID))
    }
    return nil
  }

  static func subjectName(of cert: DERElement, der: DERReader) throws(DERError) -> String {
    let fields = try tbsFields(of: cert, der: der)
    guard fields.count >= 6 else { throw DERError("malformed certificate", at: cert.start) }
    return try distinguishedName(fields[4], der: der)
  }

  static let attributeNames: [String: String] = [
    "2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C",
    "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.9": "STREET", "2.5.4.10": "O", "2.5.4.11": "OU",
    "2.5.4.12": "title", "2.5.4.42": "GN", "1.2.840.113549.1.9.1": "emailAddress",
    "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID",
  ]

  /// A Name in RFC 4514 order (last RDN first): `CN=…, OU=…, O=…, C=…`.
  static func distinguishedName(_ name: DERElement, der: DERReader) throws(DERError) -> String {
    guard name.isUniversal(DERElement.sequence), name.constructed else {
      throw DERError("malformed distinguished name", at: name.start)
    }
    var rdns: [String] = []
    for rdn in try der.children(of: name, depth: 6) where rdn.constructed {
      var parts: [String] = []
      for atv in try der.children(of: rdn, depth: 7) where atv.constructed {
        let pair = try der.children(of: atv, depth: 8)
        guard pair.count == 2 else { continue }
        let oid = try der.objectIdentifier(pair[0])
        let key = attributeNames[oid] ?? oid
        parts.append(key + "=" + attributeValue(pair[1], der: der))
      }
      if !parts.isEmpty { rdns.append(parts.joined(separator: "+")) }
    }
    return rdns.reversed().joined(separator: ", ")
  }

  /// A string attribute as escaped text; anything else as `#` and the hex of its encoding.
  static func attributeValue(_ e: DERElement, der: DERReader) -> String {
    guard e.tagClass == .universal, !e.constructed else { return hex(der.encoded(e)) }
    if let text = attributeText(e, der: der) { return escape(text) }
    return hex(der.encoded(e))
  }

  static func attributeText(_ e: DERElement, der: DERReader) -> String? {
    let content = der.bytes[e.contentRange]
    switch e.tagNumber {
    case 12, 19, 22, 26:  // UTF8String, PrintableString, IA5String, VisibleString
      return String(decoding: content, as: UTF8.self)
    case 20:  // TeletexString: in practice Latin-1
      return String(String.UnicodeScalarView(content.map { Unicode.Scalar($0) }))
    case 30:  // BMPString, UTF-16BE
      var units: [UInt16] = []
      var i = content.startIndex
      while i + 1 < content.endIndex {
        units.append(UInt16(content[i]) << 8 | UInt16(content[i + 1]))
        i += 2
      }
      return String(decoding: units, as: UTF16.self)
    case 28:  // UniversalString, UTF-32BE
      var scalars = String.UnicodeScalarView()
      var i = content.startIndex
      while i + 3 < content.endIndex {
        let v =
          UInt32(content[i]) << 24 | UInt32(content[i + 1]) << 16 | UInt32(content[i + 2]) << 8
          | UInt32(content[i + 3])
        scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
        i += 4
      }
      return String(scalars)
    default:
      return nil
    }
  }

  static func hex(_ bytes: ArraySlice<UInt8>) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = [UInt8(ascii: "#")]
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// RFC 4514 escaping of the characters that would make the string ambiguous.
  static func escape(_ s: String) -> String {
    var out = s.hasPrefix("#") ? "\\" : ""
    for ch in s.unicodeScalars {
      switch ch {
      case ",", "+", "\"", "\\", "<", ">", ";": out += "\\" + String(ch)
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }
}
