import Diagnostics

/// The encoding a property list was read from.
public enum PlistFormat: String, Sendable {
  case xml, binary
}

/// Who signed a CMS-signed profile. The signature itself is never verified.
public struct PlistSignature: Sendable, Equatable {
  /// The signer certificate's subject, most specific part first (`CN=…, O=…, C=…`);
  /// `nil` when the signed data carries no certificate.
  public var signerSubject: String?
  /// Always `false`: profilec unwraps signed profiles but does not check signatures.
  public var verified: Bool

  public init(signerSubject: String?, verified: Bool = false) {
    self.signerSubject = signerSubject
    self.verified = verified
  }

  /// `signed by CN=…, signature not verified`, for a lint note (`PC5014`).
  public var summary: String {
    "signed by \(signerSubject ?? "an unknown signer"), signature not verified"
  }
}

/// Bounds every reader enforces; each one ends in a diagnostic, never a crash or a hang.
public struct PlistReadLimits: Sendable {
  /// Bytes in one input file.
  public var maxInputBytes: Int
  /// Nesting of dictionaries and arrays (the same limit as the source parser's).
  public var maxDepth: Int
  /// Values in one property list (binary plists may share objects; every use counts).
  public var maxObjects: Int
  /// Bytes in one string or data value once decoded.
  public var maxValueBytes: Int
  /// Error diagnostics reported per file before the reader stops.
  public var maxErrors: Int

  public init(
    maxInputBytes: Int = 64 << 20, maxDepth: Int = 64, maxObjects: Int = 1_000_000,
    maxValueBytes: Int = 32 << 20, maxErrors: Int = 50
  ) {
    self.maxInputBytes = maxInputBytes
    self.maxDepth = maxDepth
    self.maxObjects = maxObjects
    self.maxValueBytes = maxValueBytes
    self.maxErrors = maxErrors
  }

  public static let `default` = PlistReadLimits()
}

/// What reading one property-list file gives.
public struct PlistReadResult: Sendable {
  /// The value tree; `nil` whenever `diagnostics` holds an error.
  public var root: PlistNode?
  /// The file the nodes' ranges point into. For a signed profile it holds the XML inside
  /// the signature (under the same display path); for a binary plist, the binary bytes
  /// (binary nodes have no ranges).
  public var file: SourceFile
  public var format: PlistFormat
  /// Set for CMS-signed input.
  public var signature: PlistSignature?
  public var diagnostics: [Diagnostic]

  public init(
    root: PlistNode?, file: SourceFile, format: PlistFormat, signature: PlistSignature? = nil,
    diagnostics: [Diagnostic]
  ) {
    self.root = root
    self.file = file
    self.format = format
    self.signature = signature
    self.diagnostics = diagnostics
  }

  public var hasErrors: Bool { diagnostics.hasErrors }
}

/// Reads any property-list file a profile may come in: XML (UTF-8, BOM allowed), binary
/// (`bplist00`) or either of them inside a CMS `SignedData` wrapper.
public enum PlistReader {
  /// Sniffs the container and reads the file. Never throws and never traps: anything
  /// unreadable ends in an error diagnostic.
  public static func read(
    path: String, bytes: [UInt8], limits: PlistReadLimits = .default
  ) -> PlistReadResult {
    if bytes.count > limits.maxInputBytes {
      // No line table over a file this size: the diagnostic names the file only.
      let file = SourceFile(path: path, bytes: [])
      let d = Diagnostic(
        .plistTooLarge,
        "file is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes)",
        file: file, notes: ["see docs/limits.md"])
      return PlistReadResult(root: nil, file: file, format: .xml, diagnostics: [d])
    }
    if bytes.first == 0x30 {
      return readSigned(path: path, bytes: bytes, limits: limits)
    }
    return readUnsigned(SourceFile(path: path, bytes: bytes), limits: limits)
  }

  static func isBinary(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 6 && bytes[0..<6].elementsEqual("bplist".utf8)
  }

  static func readUnsigned(_ file: SourceFile, limits: PlistReadLimits) -> PlistReadResult {
    if isBinary(file.bytes) {
      return PlistBinaryReader.read(file, limits: limits)
    }
    return PlistXMLReader.read(file, limits: limits)
  }

  static func readSigned(path: String, bytes: [UInt8], limits: PlistReadLimits) -> PlistReadResult {
    let outer = SourceFile(path: path, bytes: bytes)
    let signed: CMSSignedData
    do {
      signed = try CMSSignedData.unwrap(bytes, limits: limits)
    } catch {
      let d = Diagnostic(
        .plistMalformedCMS,
        "malformed signed profile: \(error.message) at byte offset \(error.offset)",
        file: outer,
        notes: ["a file that starts with byte 0x30 is read as a CMS-signed profile (DER)"])
      return PlistReadResult(root: nil, file: outer, format: .xml, diagnostics: [d])
    }
    let signature = PlistSignature(signerSubject: signed.signerSubject)
    let inner = SourceFile(path: path, bytes: signed.content)
    if signed.content.first == 0x30 {
      let d = Diagnostic(
        .notAPropertyList, "not a property list: the signed content is itself signed data",
        file: outer)
      return PlistReadResult(
        root: nil, file: outer, format: .xml, signature: signature, diagnostics: [d])
    }
    var result = readUnsigned(inner, limits: limits)
    result.signature = signature
    if result.format == .xml {
      for i in result.diagnostics.indices where result.diagnostics[i].range != nil {
        result.diagnostics[i].notes.append(
          "lines and columns count in the XML inside the CMS signature")
      }
    }
    return result
  }
}
