/// SHA-1 (FIPS 180-4), written here because the project takes no dependencies. It is used
/// only to derive name-based UUIDs (RFC 9562 version 5) and to fingerprint data values in
/// `diff` output (as certificate thumbprints do), never for security.
public struct SHA1 {
  private var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
  )
  /// Bytes of an incomplete block (fewer than 64).
  private var buffer: [UInt8] = []
  private var length: UInt64 = 0

  public init() { buffer.reserveCapacity(64) }

  public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    let done: Void? = bytes.withContiguousStorageIfAvailable { update(contiguous: $0) }
    if done == nil { Array(bytes).withUnsafeBufferPointer { update(contiguous: $0) } }
  }

  private mutating func update(contiguous p: UnsafeBufferPointer<UInt8>) {
    length &+= UInt64(p.count)
    var i = 0
    if !buffer.isEmpty {
      let take = min(64 - buffer.count, p.count)
      buffer.append(contentsOf: p[0..<take])
      i = take
      if buffer.count == 64 {
        let block = buffer
        block.withUnsafeBufferPointer { SHA1.compress(&h, $0.baseAddress!) }
        buffer.removeAll(keepingCapacity: true)
      }
    }
    // Whole blocks straight from the input.
    while p.count - i >= 64 {
      SHA1.compress(&h, p.baseAddress! + i)
      i += 64
    }
    if i < p.count { buffer.append(contentsOf: p[i...]) }
  }

  public mutating func finalize() -> [UInt8] {
    let bitLength = length &* 8
    var tail: [UInt8] = [0x80]
    let used = (buffer.count + 1) % 64
    let zeros = used <= 56 ? 56 - used : 120 - used
    tail += [UInt8](repeating: 0, count: zeros)
    for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
    let savedLength = length
    update(tail)
    length = savedLength
    var digest: [UInt8] = []
    digest.reserveCapacity(20)
    for word in [h.0, h.1, h.2, h.3, h.4] {
      digest.append(UInt8(word >> 24))
      digest.append(UInt8(truncatingIfNeeded: word >> 16))
      digest.append(UInt8(truncatingIfNeeded: word >> 8))
      digest.append(UInt8(truncatingIfNeeded: word))
    }
    return digest
  }

  public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
    var s = SHA1()
    s.update(bytes)
    return s.finalize()
  }

  /// One 64-byte block; the message schedule lives on the stack.
  private static func compress(
    _ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32), _ block: UnsafePointer<UInt8>
  ) {
    compressBlock(&h, block)
  }

  /// SHA-1's compression function; the four round groups are separate loops so no round
  /// branches on its number.
  static func compressBlock(
    _ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32), _ block: UnsafePointer<UInt8>
  ) {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
      for i in 0..<16 {
        w[i] =
          UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16
          | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
      }
      for i in 16..<80 {
        let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
        w[i] = x << 1 | x >> 31
      }
      var (a, b, c, d, e) = h
      @inline(__always) func round(_ f: UInt32, _ k: UInt32, _ wi: UInt32) {
        let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ wi
        e = d
        d = c
        c = b << 30 | b >> 2
        b = a
        a = temp
      }
      for i in 0..<20 { round((b & c) | (~b & d), 0x5A82_7999, w[i]) }
      for i in 20..<40 { round(b ^ c ^ d, 0x6ED9_EBA1, w[i]) }
      for i in 40..<60 { round((b & c) | (b & d) | (c & d), 0x8F1B_BCDC, w[i]) }
      for i in 60..<80 { round(b ^ c ^ d, 0xCA62_C1D6, w[i]) }
      h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
    }
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
    // Every payload gets one: namespace, name and SHA-1 padding are laid out in one
    // buffer and hashed in place, and the text is written straight from the hash words,
    // without the streaming hasher's arrays or an array of digest bytes.
    var name = name
    let h = name.withUTF8 { n in
      let length = namespace.count + n.count
      let blocks = (length + 8) / 64 + 1
      return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blocks * 64) { buf in
        let m = buf.baseAddress!
        m.initialize(repeating: 0, count: blocks * 64)
        namespace.withUnsafeBufferPointer { m.update(from: $0.baseAddress!, count: namespace.count) }
        if let base = n.baseAddress { (m + namespace.count).update(from: base, count: n.count) }
        m[length] = 0x80
        let bits = UInt64(length) &* 8
        for i in 0..<8 { m[blocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8)) }
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
          0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
        )
        for b in 0..<blocks { SHA1.compressBlock(&h, UnsafePointer(m + b * 64)) }
        return h
      }
    }
    // The first 16 digest bytes, big-endian, with the version (5) and variant bits set.
    let words: (UInt32, UInt32, UInt32, UInt32) = (
      h.0, (h.1 & 0xFFFF_0FFF) | 0x0000_5000, (h.2 & 0x3FFF_FFFF) | 0x8000_0000, h.3
    )
    return withUnsafeBytes(of: (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian)) {
      format(UnsafeRawBufferPointer(rebasing: $0[0..<16]))
    }
  }

  public static func format(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBytes { format($0) }
  }

  /// 16 bytes as 8-4-4-4-12 uppercase hexadecimal digits.
  static func format(_ bytes: UnsafeRawBufferPointer) -> String {
    let digits: StaticString = "0123456789ABCDEF"
    return String(unsafeUninitializedCapacity: bytes.count * 2 + 4) { out in
      digits.withUTF8Buffer { hex in
        var j = 0
        for (i, b) in bytes.enumerated() {
          if i == 4 || i == 6 || i == 8 || i == 10 {
            out[j] = UInt8(ascii: "-")
            j += 1
          }
          out[j] = hex[Int(b >> 4)]
          out[j + 1] = hex[Int(b & 0x0F)]
          j += 2
        }
        return j
      }
    }
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
