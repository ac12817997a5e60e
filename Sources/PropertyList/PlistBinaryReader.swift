import Diagnostics

/// Reads binary property lists (`bplist00`, CFBinaryPList) into `PlistNode` trees.
///
/// The trailer, the offset table and every object reference are checked against the file
/// before anything sized from the file is allocated; shared objects count at every use and
/// cycles are rejected, so a small file cannot expand into a huge tree. Nodes have no
/// source ranges (a binary file has no lines); diagnostics give the byte offset instead.
public enum PlistBinaryReader {
  /// Reads a `bplist00` file; on failure, one error diagnostic without a range.
  public static func read(_ file: SourceFile, limits: PlistReadLimits = .default) -> PlistReadResult
  {
    var parser = BinaryPlistParser(bytes: file.bytes, limits: limits)
    do {
      let root = try parser.run()
      return PlistReadResult(root: root, file: file, format: .binary, diagnostics: [])
    } catch {
      let d = Diagnostic(
        error.descriptor, error.message + " at byte offset \(error.offset)", file: file,
        notes: error.notes)
      return PlistReadResult(root: nil, file: file, format: .binary, diagnostics: [d])
    }
  }
}

struct BinaryPlistFailure: Error {
  var descriptor: DiagnosticDescriptor
  var message: String
  var offset: Int
  var notes: [String] = []
}

/// Seconds from 1970-01-01 to 2001-01-01, the epoch of binary plist dates.
let appleEpochOffset: Int64 = 978_307_200

struct BinaryPlistParser {
  let b: [UInt8]
  let limits: PlistReadLimits
  var offsetSize = 0
  var refSize = 0
  var objectCount = 0
  var offsetTableStart = 0
  /// Objects live in `8..<objectsEnd` (before the offset table).
  var objectsEnd = 0
  /// Objects on the path from the root to the one being read, to find cycles.
  var onPath: [Bool] = []
  var produced = 0

  init(bytes: [UInt8], limits: PlistReadLimits) {
    self.b = bytes
    self.limits = limits
  }

  func malformed(_ message: String, at offset: Int) -> BinaryPlistFailure {
    BinaryPlistFailure(
      descriptor: .plistMalformedBinary, message: "malformed binary property list: " + message,
      offset: offset)
  }

  func readUInt(at offset: Int, size: Int) -> UInt64 {
    var v: UInt64 = 0
    for i in offset..<offset + size { v = v << 8 | UInt64(b[i]) }
    return v
  }

  mutating func run() throws(BinaryPlistFailure) -> PlistNode {
    let n = b.count
    guard n >= 8, b[0..<6].elementsEqual("bplist".utf8) else {
      throw malformed("missing the 'bplist' header", at: 0)
    }
    guard b[6] == UInt8(ascii: "0"), b[7] == UInt8(ascii: "0") else {
      let version = String(decoding: b[6..<8], as: UTF8.self)
      throw malformed(
        "unsupported version '\(version)' (only bplist00 holds property lists)", at: 6)
    }
    guard n >= 8 + 1 + 32 else { throw malformed("file too short for a trailer", at: n) }
    let trailer = n - 32
    offsetSize = Int(b[trailer + 6])
    refSize = Int(b[trailer + 7])
    let count = readUInt(at: trailer + 8, size: 8)
    let top = readUInt(at: trailer + 16, size: 8)
    let tableOffset = readUInt(at: trailer + 24, size: 8)
    guard (1...8).contains(offsetSize) else {
      throw malformed("offset size \(offsetSize) is not 1 to 8", at: trailer + 6)
    }
    guard (1...8).contains(refSize) else {
      throw malformed("object reference size \(refSize) is not 1 to 8", at: trailer + 7)
    }
    // Every object takes at least one byte before the offset table, so the count is bounded
    // by the file size; only then is it compared with the limit and used to allocate.
    guard count >= 1, count <= UInt64(trailer) else {
      throw malformed("object count \(count) does not fit in the file", at: trailer + 8)
    }
    guard count <= UInt64(limits.maxObjects) else {
      throw BinaryPlistFailure(
        descriptor: .plistTooLarge,
        message:
          "binary property list declares \(count) objects, more than the limit of \(limits.maxObjects)",
        offset: trailer + 8, notes: ["see docs/limits.md"])
    }
    objectCount = Int(count)
    guard top < count else {
      throw malformed("top object \(top) is not below the object count \(count)", at: trailer + 16)
    }
    guard tableOffset >= 9, tableOffset <= UInt64(trailer),
      UInt64(objectCount) * UInt64(offsetSize) <= UInt64(trailer) - tableOffset
    else {
      throw malformed(
        "offset table at \(tableOffset) does not fit before the trailer", at: trailer + 24)
    }
    offsetTableStart = Int(tableOffset)
    objectsEnd = offsetTableStart
    // References must fit the declared size.
    if refSize < 8 && UInt64(objectCount) > UInt64(1) << (8 * UInt64(refSize)) {
      throw malformed(
        "object count \(count) needs references wider than \(refSize) bytes", at: trailer + 7)
    }
    onPath = [Bool](repeating: false, count: objectCount)
    return try object(Int(top), depth: 0)
  }

  func offset(of ref: Int) throws(BinaryPlistFailure) -> Int {
    let entry = offsetTableStart + ref * offsetSize
    let value = readUInt(at: entry, size: offsetSize)
    guard value >= 8, value < UInt64(objectsEnd) else {
      throw malformed(
        "object \(ref) has offset \(value), outside the object area 8..<\(objectsEnd)", at: entry)
    }
    return Int(value)
  }

  /// Reads `refSize` bytes at `at` as an object reference and checks it.
  func reference(at: Int) throws(BinaryPlistFailure) -> Int {
    let v = readUInt(at: at, size: refSize)
    guard v < UInt64(objectCount) else {
      throw malformed("object reference \(v) is not below the object count \(objectCount)", at: at)
    }
    return Int(v)
  }

  /// The length in a marker's low nibble, or (nibble 0xF) in the integer object after it.
  /// Returns the length and the offset where the payload starts; the payload of
  /// `length * unit` bytes is checked to lie within the object area.
  func lengthAndStart(_ offset: Int, unit: Int) throws(BinaryPlistFailure) -> (Int, Int) {
    let low = Int(b[offset] & 0x0F)
    var start = offset + 1
    var length = low
    if low == 0x0F {
      guard start < objectsEnd else { throw malformed("truncated length", at: start) }
      let marker = b[start]
      guard marker >> 4 == 0x1, marker & 0x0F <= 3 else {
        throw malformed("length is not an integer object", at: start)
      }
      let size = 1 << Int(marker & 0x0F)
      guard size <= objectsEnd - start - 1 else { throw malformed("truncated length", at: start) }
      let v = readUInt(at: start + 1, size: size)
      guard v <= UInt64(objectsEnd) else {
        throw malformed("length \(v) is larger than the file", at: start)
      }
      length = Int(v)
      start += 1 + size
    }
    guard length <= (objectsEnd - start) / unit else {
      throw malformed("object of \(length) elements runs past the object area", at: offset)
    }
    return (length, start)
  }

  mutating func object(_ ref: Int, depth: Int) throws(BinaryPlistFailure) -> PlistNode {
    produced += 1
    if produced > limits.maxObjects {
      throw BinaryPlistFailure(
        descriptor: .plistTooLarge,
        message:
          "binary property list expands to more than \(limits.maxObjects) values (shared objects count at every use)",
        offset: 0, notes: ["see docs/limits.md"])
    }
    let at = try offset(of: ref)
    let marker = b[at]
    let low = Int(marker & 0x0F)
    switch marker >> 4 {
    case 0x0:
      switch marker {
      case 0x08: return PlistNode(.bool(false))
      case 0x09: return PlistNode(.bool(true))
      case 0x00: throw malformed("null object is not a property-list value", at: at)
      case 0x0F: throw malformed("fill byte where an object was expected", at: at)
      default: throw malformed("unknown object marker 0x\(hex(marker))", at: at)
      }
    case 0x1:
      guard low <= 4 else { throw malformed("integer of 2^\(low) bytes", at: at) }
      let size = 1 << low
      guard size <= objectsEnd - at - 1 else { throw malformed("truncated integer", at: at) }
      switch size {
      case 1, 2, 4: return PlistNode(.integer(Int64(readUInt(at: at + 1, size: size))))
      case 8: return PlistNode(.integer(Int64(bitPattern: readUInt(at: at + 1, size: 8))))
      default:
        // 16 bytes, signed: fits only when the high half is the low half's sign extension.
        let high = readUInt(at: at + 1, size: 8)
        let lowHalf = readUInt(at: at + 9, size: 8)
        let value = Int64(bitPattern: lowHalf)
        guard high == (value < 0 ? UInt64.max : 0) else {
          throw BinaryPlistFailure(
            descriptor: .plistIntegerOutOfRange, message: "integer does not fit in 64 bits",
            offset: at)
        }
        return PlistNode(.integer(value))
      }
    case 0x2:
      switch low {
      case 2:
        guard 4 <= objectsEnd - at - 1 else { throw malformed("truncated real", at: at) }
        return PlistNode(.real(Double(Float(bitPattern: UInt32(readUInt(at: at + 1, size: 4))))))
      case 3:
        guard 8 <= objectsEnd - at - 1 else { throw malformed("truncated real", at: at) }
        return PlistNode(.real(Double(bitPattern: readUInt(at: at + 1, size: 8))))
      default: throw malformed("real of 2^\(low) bytes", at: at)
      }
    case 0x3:
      guard marker == 0x33, 8 <= objectsEnd - at - 1 else {
        throw malformed("malformed date", at: at)
      }
      let seconds = Double(bitPattern: readUInt(at: at + 1, size: 8))
      // Whole seconds, rounded down as plistlib's datetime fields are.
      let floored = seconds.rounded(.down)
      let lo = Double(PlistDate.minSeconds - appleEpochOffset)
      let hi = Double(PlistDate.maxSeconds - appleEpochOffset)
      guard floored.isFinite, floored >= lo, floored <= hi else {
        throw BinaryPlistFailure(
          descriptor: .plistInvalidValue,
          message: "date \(seconds) seconds after 2001 is outside years 1 to 9999",
          offset: at)
      }
      return PlistNode(.date(PlistDate(secondsSince1970: Int64(floored) + appleEpochOffset)))
    case 0x4:
      let (length, start) = try lengthAndStart(at, unit: 1)
      try checkValueSize(length, at: at)
      return PlistNode(.data(Array(b[start..<start + length])))
    case 0x5:
      let (length, start) = try lengthAndStart(at, unit: 1)
      try checkValueSize(length, at: at)
      let bytes = b[start..<start + length]
      if let bad = bytes.firstIndex(where: { $0 >= 0x80 }) {
        throw malformed("non-ASCII byte in an ASCII string", at: bad)
      }
      return PlistNode(.string(String(decoding: bytes, as: UTF8.self)))
    case 0x6:
      let (length, start) = try lengthAndStart(at, unit: 2)
      try checkValueSize(length * 2, at: at)
      var units: [UInt16] = []
      units.reserveCapacity(length)
      for i in 0..<length {
        units.append(UInt16(b[start + 2 * i]) << 8 | UInt16(b[start + 2 * i + 1]))
      }
      var s = ""
      var it = units.makeIterator()
      var decoder = UTF16()
      loop: while true {
        switch decoder.decode(&it) {
        case .scalarValue(let c): s.unicodeScalars.append(c)
        case .emptyInput: break loop
        case .error: throw malformed("unpaired UTF-16 surrogate in a string", at: at)
        }
      }
      return PlistNode(.string(s))
    case 0x8:
      throw malformed("UID object (keyed archives use them, property lists do not)", at: at)
    case 0xA:
      let (count, start) = try lengthAndStart(at, unit: refSize)
      try enter(ref, depth: depth, at: at)
      var items: [PlistNode] = []
      items.reserveCapacity(min(count, 4096))
      for i in 0..<count {
        items.append(try object(try reference(at: start + i * refSize), depth: depth + 1))
      }
      onPath[ref] = false
      return PlistNode(.array(items))
    case 0xD:
      let (count, start) = try lengthAndStart(at, unit: 2 * refSize)
      try enter(ref, depth: depth, at: at)
      var dict = PlistDict()
      dict.entries.reserveCapacity(min(count, 4096))
      var seen: [ScalarKey: Int] = [:]
      for i in 0..<count {
        let keyAt = start + i * refSize
        let keyRef = try reference(at: keyAt)
        guard case .string(let key) = try object(keyRef, depth: depth + 1).value else {
          throw malformed("dictionary key is not a string", at: try offset(of: keyRef))
        }
        if seen[ScalarKey(key)] != nil {
          throw BinaryPlistFailure(
            descriptor: .plistDuplicateKey, message: "duplicate key '\(key)' in a dictionary",
            offset: try offset(of: keyRef))
        }
        seen[ScalarKey(key)] = i
        let value = try object(try reference(at: start + (count + i) * refSize), depth: depth + 1)
        dict.entries.append(PlistEntry(key: key, value: value))
      }
      onPath[ref] = false
      return PlistNode(.dict(dict))
    case 0xB, 0xC:
      throw malformed("set object (property lists have no sets)", at: at)
    default:
      throw malformed("unknown object marker 0x\(hex(marker))", at: at)
    }
  }

  mutating func enter(_ ref: Int, depth: Int, at: Int) throws(BinaryPlistFailure) {
    guard !onPath[ref] else {
      throw malformed("object \(ref) contains itself (cyclic reference)", at: at)
    }
    guard depth < limits.maxDepth else {
      throw BinaryPlistFailure(
        descriptor: .plistNestingTooDeep,
        message: "dictionaries and arrays are nested more than \(limits.maxDepth) levels deep",
        offset: at,
        notes: ["see docs/limits.md"])
    }
    onPath[ref] = true
  }

  func checkValueSize(_ bytes: Int, at: Int) throws(BinaryPlistFailure) {
    guard bytes <= limits.maxValueBytes else {
      throw BinaryPlistFailure(
        descriptor: .plistTooLarge,
        message: "value of \(bytes) bytes is larger than the limit of \(limits.maxValueBytes)",
        offset: at, notes: ["see docs/limits.md"])
    }
  }

  func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String(digits[Int(b >> 4)]) + String(digits[Int(b & 0xF)])
  }
}

/// A dictionary key compared scalar by scalar (never by canonical equivalence), as plist
/// keys are.
struct ScalarKey: Hashable {
  let text: String
  init(_ text: String) { self.text = text }
  static func == (a: ScalarKey, b: ScalarKey) -> Bool { scalarEqual(a.text, b.text) }
  func hash(into hasher: inout Hasher) {
    for byte in text.utf8 { hasher.combine(byte) }
  }
}
