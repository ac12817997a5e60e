/// Standard base64 (RFC 4648 alphabet, `=` padding), as Python's binascii writes it.
public enum Base64 {
  static let alphabet: [UInt8] = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  static let decodeTable: [Int8] = {
    var t = [Int8](repeating: -1, count: 256)
    for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
    return t
  }()

  public static func encode<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var it = bytes.makeIterator()
    while let b0 = it.next() {
      let b1 = it.next()
      let b2 = it.next()
      out.append(alphabet[Int(b0 >> 2)])
      out.append(alphabet[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
      if let b1 {
        out.append(alphabet[Int((b1 & 0x0F) << 2 | (b2 ?? 0) >> 6)])
      } else {
        out.append(UInt8(ascii: "="))
      }
      if let b2 {
        out.append(alphabet[Int(b2 & 0x3F)])
      } else {
        out.append(UInt8(ascii: "="))
      }
    }
    return out
  }

  public static func encodeString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    String(decoding: encode(bytes), as: UTF8.self)
  }

  public enum DecodeError: Error, Equatable {
    /// A byte that is neither base64 nor whitespace, at this offset of the input.
    case invalidCharacter(offset: Int)
    /// The number of base64 digits cannot form whole bytes, or padding is misplaced.
    case badLength
  }

  /// Decodes base64, skipping ASCII whitespace (plists wrap data lines). Padding is optional
  /// at the very end, as Apple's and Python's readers accept.
  public static func decode<C: Collection>(_ text: C) -> Result<[UInt8], DecodeError>
  where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(text.count / 4 * 3)
    var acc: UInt32 = 0
    var n = 0
    var padding = 0
    var offset = 0
    for c in text {
      defer { offset += 1 }
      if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x0B { continue }
      if c == UInt8(ascii: "=") {
        padding += 1
        continue
      }
      let v = decodeTable[Int(c)]
      if v < 0 || padding > 0 { return .failure(.invalidCharacter(offset: offset)) }
      acc = acc << 6 | UInt32(v)
      n += 1
      if n == 4 {
        out.append(UInt8(truncatingIfNeeded: acc >> 16))
        out.append(UInt8(truncatingIfNeeded: acc >> 8))
        out.append(UInt8(truncatingIfNeeded: acc))
        acc = 0
        n = 0
      }
    }
    switch n {
    case 0: break
    case 2: out.append(UInt8(truncatingIfNeeded: acc >> 4))
    case 3:
      out.append(UInt8(truncatingIfNeeded: acc >> 10))
      out.append(UInt8(truncatingIfNeeded: acc >> 2))
    default: return .failure(.badLength)
    }
    // Padding is optional, but when present it must complete the last group exactly.
    if padding > 0 && !((n == 2 && padding == 2) || (n == 3 && padding == 1)) {
      return .failure(.badLength)
    }
    return .success(out)
  }
}
