/// A failure while reading DER/BER, with the byte offset where it happened.
public struct DERError: Error, Sendable, Equatable {
  public var message: String
  public var offset: Int
  public init(_ message: String, at offset: Int) {
    self.message = message
    self.offset = offset
  }
}

/// One tag-length-value element, located in the reader's bytes.
struct DERElement: Sendable {
  enum TagClass: UInt8 {
    case universal = 0
    case application = 1
    case context = 2
    case `private` = 3
  }

  var tagClass: TagClass
  var constructed: Bool
  var tagNumber: UInt32
  /// Offset of the identifier byte.
  var start: Int
  var contentStart: Int
  /// End of the content; for indefinite lengths, the offset of the end-of-contents octets.
  var contentEnd: Int
  /// Offset just past the element (past the end-of-contents octets for indefinite lengths).
  var end: Int
  var indefinite: Bool

  var contentRange: Range<Int> { contentStart..<contentEnd }

  func isUniversal(_ number: UInt32) -> Bool { tagClass == .universal && tagNumber == number }
  func isContext(_ number: UInt32) -> Bool { tagClass == .context && tagNumber == number }

  static let integer: UInt32 = 2
  static let octetString: UInt32 = 4
  static let objectIdentifier: UInt32 = 6
  static let sequence: UInt32 = 16
  static let set: UInt32 = 17
}

/// A reader for DER and the BER that CMS producers emit: definite and indefinite lengths,
/// constructed strings. Every length is checked against the enclosing element before it is
/// used, and nesting is bounded so hostile input cannot exhaust the stack.
struct DERReader {
  let bytes: [UInt8]
  let maxDepth: Int

  init(_ bytes: [UInt8], maxDepth: Int = 64) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  /// Reads the element at `offset`, which must end at or before `limit`.
  func element(at offset: Int, limit: Int, depth: Int = 0) throws(DERError) -> DERElement {
    guard depth <= maxDepth else {
      throw DERError("DER nested more than \(maxDepth) levels", at: offset)
    }
    var p = offset
    guard p < limit else { throw DERError("unexpected end of data, expected a DER element", at: p) }
    let id = bytes[p]
    p += 1
    let tagClass = DERElement.TagClass(rawValue: id >> 6)!
    let constructed = id & 0x20 != 0
    var number = UInt32(id & 0x1F)
    if number == 0x1F {
      // High tag number: base 128, at most 4 bytes (28 bits) is plenty for CMS.
      number = 0
      var count = 0
      while true {
        guard p < limit else { throw DERError("truncated tag", at: p) }
        let b = bytes[p]
        p += 1
        count += 1
        guard count <= 4 else { throw DERError("tag number too large", at: offset) }
        number = number << 7 | UInt32(b & 0x7F)
        if b & 0x80 == 0 { break }
      }
    }
    guard p < limit else { throw DERError("truncated length", at: p) }
    let lengthByte = bytes[p]
    let lengthOffset = p
    p += 1
    if lengthByte == 0x80 {
      guard constructed else {
        throw DERError("indefinite length on a primitive element", at: lengthOffset)
      }
      // The content runs until the end-of-contents octets (00 00) at this level.
      var q = p
      while true {
        guard q < limit else {
          throw DERError("missing end-of-contents octets of an indefinite-length element", at: q)
        }
        if bytes[q] == 0 {
          guard q + 1 < limit, bytes[q + 1] == 0 else {
            throw DERError("malformed end-of-contents octets", at: q)
          }
          return DERElement(
            tagClass: tagClass, constructed: true, tagNumber: number, start: offset,
            contentStart: p, contentEnd: q, end: q + 2, indefinite: true)
        }
        q = try element(at: q, limit: limit, depth: depth + 1).end
      }
    }
    var length = 0
    if lengthByte < 0x80 {
      length = Int(lengthByte)
    } else {
      let n = Int(lengthByte & 0x7F)
      guard n <= 8, lengthByte != 0xFF else {
        throw DERError("unsupported length encoding", at: lengthOffset)
      }
      guard n <= limit - p else { throw DERError("truncated length", at: lengthOffset) }
      var value: UInt64 = 0
      for _ in 0..<n {
        value = value << 8 | UInt64(bytes[p])
        p += 1
      }
      guard value <= UInt64(limit - p) else {
        throw DERError("length \(value) runs past the end of the enclosing data", at: lengthOffset)
      }
      length = Int(value)
    }
    guard length <= limit - p else {
      throw DERError("length \(length) runs past the end of the enclosing data", at: lengthOffset)
    }
    return DERElement(
      tagClass: tagClass, constructed: constructed, tagNumber: number, start: offset,
      contentStart: p, contentEnd: p + length, end: p + length, indefinite: false)
  }

  /// The elements inside a constructed element, in order.
  func children(of e: DERElement, depth: Int = 0) throws(DERError) -> [DERElement] {
    guard e.constructed else { throw DERError("expected a constructed element", at: e.start) }
    var out: [DERElement] = []
    var p = e.contentStart
    while p < e.contentEnd {
      let child = try element(at: p, limit: e.contentEnd, depth: depth + 1)
      out.append(child)
      p = child.end
    }
    return out
  }

  /// The bytes of an OCTET STRING; BER's constructed form is the concatenation of its chunks.
  func octetString(_ e: DERElement, depth: Int = 0) throws(DERError) -> [UInt8] {
    guard e.tagClass == .universal, e.tagNumber == DERElement.octetString else {
      throw DERError("expected an OCTET STRING", at: e.start)
    }
    if !e.constructed { return Array(bytes[e.contentRange]) }
    var out: [UInt8] = []
    try appendChunks(of: e, to: &out, depth: depth)
    return out
  }

  private func appendChunks(of e: DERElement, to out: inout [UInt8], depth: Int) throws(DERError) {
    guard depth <= maxDepth else {
      throw DERError("DER nested more than \(maxDepth) levels", at: e.start)
    }
    for chunk in try children(of: e, depth: depth) {
      guard chunk.isUniversal(DERElement.octetString) else {
        throw DERError(
          "a constructed OCTET STRING holds something other than OCTET STRINGs", at: chunk.start)
      }
      if chunk.constructed {
        try appendChunks(of: chunk, to: &out, depth: depth + 1)
      } else {
        out.append(contentsOf: bytes[chunk.contentRange])
      }
    }
  }

  /// An OBJECT IDENTIFIER in dotted form (`1.2.840.113549.1.7.2`).
  func objectIdentifier(_ e: DERElement) throws(DERError) -> String {
    guard e.isUniversal(DERElement.objectIdentifier), !e.constructed, !e.contentRange.isEmpty else {
      throw DERError("expected an OBJECT IDENTIFIER", at: e.start)
    }
    var arcs: [UInt64] = []
    var value: UInt64 = 0
    var digits = 0
    for i in e.contentRange {
      let b = bytes[i]
      digits += 1
      // Arcs over 2^56 do not occur in practice; refuse them rather than overflow.
      guard digits <= 8 else { throw DERError("object identifier arc too large", at: i) }
      value = value << 7 | UInt64(b & 0x7F)
      if b & 0x80 == 0 {
        arcs.append(value)
        value = 0
        digits = 0
      }
    }
    guard digits == 0 else { throw DERError("truncated object identifier", at: e.contentEnd) }
    let first = arcs[0]
    var parts: [String] =
      first < 40
      ? ["0", String(first)] : first < 80 ? ["1", String(first - 40)] : ["2", String(first - 80)]
    for arc in arcs.dropFirst() { parts.append(String(arc)) }
    return parts.joined(separator: ".")
  }

  /// The raw bytes of the whole element (identifier, length, content).
  func encoded(_ e: DERElement) -> ArraySlice<UInt8> { bytes[e.start..<e.end] }
}
