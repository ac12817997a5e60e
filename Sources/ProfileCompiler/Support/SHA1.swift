/// SHA-1 (FIPS 180-4), written here because the project takes no dependencies. It is used
/// only to derive name-based UUIDs (RFC 9562 version 5) and to fingerprint data values in
/// `diff` output (as certificate thumbprints do), never for security.
public struct SHA1 {
  private var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
  )
  private var buffer: [UInt8] = []
  private var length: UInt64 = 0

  public init() { buffer.reserveCapacity(64) }

  public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    for b in bytes {
      buffer.append(b)
      if buffer.count == 64 {
        compress(buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    length &+= UInt64(bytes.count)
  }

  public mutating func finalize() -> [UInt8] {
    let bitLength = length &* 8
    var tail: [UInt8] = [0x80]
    let used = (buffer.count + 1) % 64
    let zeros = used <= 56 ? 56 - used : 120 - used
    tail += [UInt8](repeating: 0, count: zeros)
    for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
    for b in tail {
      buffer.append(b)
      if buffer.count == 64 {
        compress(buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    var digest: [UInt8] = []
    for word in [h.0, h.1, h.2, h.3, h.4] {
      digest += [
        UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16),
        UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word),
      ]
    }
    return digest
  }

  public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
    var s = SHA1()
    s.update(bytes)
    return s.finalize()
  }

  private mutating func compress(_ block: [UInt8]) {
    var w = [UInt32](repeating: 0, count: 80)
    for i in 0..<16 {
      w[i] =
        UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8
        | UInt32(block[4 * i + 3])
    }
    for i in 16..<80 {
      let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
      w[i] = x << 1 | x >> 31
    }
    var (a, b, c, d, e) = h
    for i in 0..<80 {
      let f: UInt32
      let k: UInt32
      switch i {
      case 0..<20:
        f = (b & c) | (~b & d)
        k = 0x5A82_7999
      case 20..<40:
        f = b ^ c ^ d
        k = 0x6ED9_EBA1
      case 40..<60:
        f = (b & c) | (b & d) | (c & d)
        k = 0x8F1B_BCDC
      default:
        f = b ^ c ^ d
        k = 0xCA62_C1D6
      }
      let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
      e = d
      d = c
      c = b << 30 | b >> 2
      b = a
      a = temp
    }
    h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
  }
}

public enum UUIDv5 {
  /// RFC 9562's DNS namespace, 6ba7b810-9dad-11d1-80b4-00c04fd430c8.
  public static let dnsNamespace: [UInt8] = [
    0x6B, 0xA7, 0xB8, 0x10, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8,
  ]

  /// The name-based (SHA-1) UUID of `name` in `namespace`, in uppercase 8-4-4-4-12 form,
  /// equal to Python's `str(uuid.uuid5(ns, name)).upper()`.
  public static func make(namespace: [UInt8] = dnsNamespace, name: String) -> String {
    var sha = SHA1()
    sha.update(namespace)
    sha.update(Array(name.utf8))
    var bytes = Array(sha.finalize().prefix(16))
    bytes[6] = (bytes[6] & 0x0F) | 0x50
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    return format(bytes)
  }

  public static func format(_ bytes: [UInt8]) -> String {
    let hex: [Character] = Array("0123456789ABCDEF")
    var s = ""
    s.reserveCapacity(36)
    for (i, b) in bytes.enumerated() {
      if i == 4 || i == 6 || i == 8 || i == 10 { s.append("-") }
      s.append(hex[Int(b >> 4)])
      s.append(hex[Int(b & 0x0F)])
    }
    return s
  }

  /// 8-4-4-4-12 hexadecimal digits, either case.
  public static func isWellFormed(_ s: String) -> Bool {
    let b = Array(s.utf8)
    guard b.count == 36 else { return false }
    for (i, c) in b.enumerated() {
      if i == 8 || i == 13 || i == 18 || i == 23 {
        if c != UInt8(ascii: "-") { return false }
      } else {
        let isHex =
          (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
        if !isHex { return false }
      }
    }
    return true
  }
}
