/// The canonical XML writer: its bytes equal Python's
/// `plistlib.dumps(value, fmt=plistlib.FMT_XML, sort_keys=True)` for every value
/// (SPEC §5). One escape table, tabs for indentation, sorted keys, `<dict/>` and
/// `<array/>` for empty containers, base64 lines wrapped as plistlib wraps them.
public enum PlistXMLWriter {
  public static let header: [UInt8] = Array(
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
    <plist version="1.0">

    """.utf8)
  public static let footer: [UInt8] = Array("</plist>\n".utf8)

  public enum WriteError: Error, Equatable {
    /// A string holds a control character that XML 1.0 (and so plistlib) cannot carry.
    case controlCharacter(path: String)
  }

  /// Serializes `root` to canonical XML bytes.
  ///
  /// The bytes go straight into the result's storage, sized once from an estimate that
  /// counts text as if nothing needed escaping. When escapes make it too small (rare), an
  /// exact count is taken and the output written again. Either way the output is
  /// allocated once at its final size: a growing array held up to three times its size
  /// at the moment it grew, and per-append checks cost more than the writing.
  public static func write(_ root: PlistNode) throws(WriteError) -> [UInt8] {
    // Most profiles are a few KiB: write into a scratch buffer first and copy the bytes
    // out at their exact size, which spares the estimating walk over the whole value
    // (it cost a third of the writing). Larger documents take the sized path below.
    if let bytes = try writeSmall(root) { return bytes }
    let estimate = header.count + footer.count + estimateBytes(root.value, level: 0)
    if let bytes = try write(root, capacity: estimate + estimate / 64 + 256) { return bytes }
    var counter = Writer(sink: CountingSink())
    try counter.document(root.value)
    guard let bytes = try write(root, capacity: counter.sink.count) else {
      preconditionFailure("the counted size of a property list did not fit it")
    }
    return bytes
  }

  /// Scratch size for `writeSmall`: far above a typical profile, small enough that a
  /// larger document loses little by trying it first.
  static let scratchBytes = 64 << 10

  /// The document, when it fits `scratchBytes`; nil when it does not.
  static func writeSmall(_ root: PlistNode) throws(WriteError) -> [UInt8]? {
    let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: scratchBytes)
    defer { scratch.deallocate() }
    var w = Writer(sink: BufferSink(scratch))
    do throws(WriteError) {
      try w.document(root.value)
    } catch {
      // Named by the sized path, which finds the path of the refused string.
      return nil
    }
    if w.sink.overflow { return nil }
    return Array(UnsafeBufferPointer(rebasing: scratch[0..<w.sink.count]))
  }

  /// The document written into `capacity` bytes, or nil when they are not enough.
  static func write(_ root: PlistNode, capacity: Int) throws(WriteError) -> [UInt8]? {
    var failure: WriteError? = nil
    var overflow = false
    let bytes = [UInt8](unsafeUninitializedCapacity: max(capacity, 1)) { buffer, initialized in
      var w = Writer(sink: BufferSink(buffer))
      do throws(WriteError) {
        try w.document(root.value)
      } catch {
        failure = error
      }
      overflow = w.sink.overflow
      initialized = failure == nil && !overflow ? w.sink.count : 0
    }
    if failure != nil {
      // The writer does not track where it is (that cost more than the writing); find the
      // first string it refused, in the same order, to name its path.
      var steps: [PathStep] = []
      _ = firstForbidden(root.value, &steps)
      throw .controlCharacter(path: render(steps))
    }
    return overflow ? nil : bytes
  }

  /// Finds the first key or string, in writing order, that holds a forbidden control
  /// character; `steps` is left naming it.
  static func firstForbidden(_ v: PlistValue, _ steps: inout [PathStep]) -> Bool {
    switch v {
    case .string(let s):
      return containsForbiddenControl(s)
    case .array(let items):
      for (i, item) in items.enumerated() {
        steps.append(.index(i))
        if firstForbidden(item.value, &steps) { return true }
        steps.removeLast()
      }
      return false
    case .dict(let d):
      for e in d.sortedEntries {
        steps.append(.key(e.key))
        if containsForbiddenControl(e.key) || firstForbidden(e.value.value, &steps) { return true }
        steps.removeLast()
      }
      return false
    default:
      return false
    }
  }

  /// True when `s` has a character plistlib refuses in a string (C0 controls other than
  /// tab, newline and carriage return).
  public static func containsForbiddenControl(_ s: String) -> Bool {
    for b in s.utf8 where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return true }
    return false
  }

  /// One step of the data path to the value being written; the path is spelled out only
  /// when a write fails, so a long array costs no string building.
  enum PathStep {
    case key(String)
    case index(Int)
  }

  /// `a.b[2].c`, as the compiler's data paths read.
  static func render(_ steps: [PathStep]) -> String {
    var path = ""
    for step in steps {
      switch step {
      case .key(let k): path = path.isEmpty ? k : path + "." + k
      case .index(let i): path += "[\(i)]"
      }
    }
    return path
  }

  /// Where the writer puts bytes: counted only, or copied into a fixed buffer.
  protocol Sink {
    var count: Int { get }
    mutating func put(_ byte: UInt8)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>)
  }

  struct CountingSink: Sink {
    var count = 0
    @inline(__always) mutating func put(_ byte: UInt8) { count += 1 }
    @inline(__always) mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) { count += bytes.count }
  }

  /// Copies into a buffer of fixed size; past its end it only records the overflow.
  struct BufferSink: Sink {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0
    var overflow = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
      base = buffer.baseAddress!
      capacity = buffer.count
    }

    @inline(__always) mutating func put(_ byte: UInt8) {
      guard count < capacity else {
        overflow = true
        return
      }
      (base + count).initialize(to: byte)
      count += 1
    }

    @inline(__always) mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
      guard let source = bytes.baseAddress, bytes.count > 0 else { return }
      guard bytes.count <= capacity - count else {
        overflow = true
        return
      }
      (base + count).initialize(from: source, count: bytes.count)
      count += bytes.count
    }
  }

  /// The bytes `value` writes at `level`, counting text as if nothing needed escaping.
  static func estimateBytes(_ v: PlistValue, level: Int) -> Int {
    switch v {
    case .string(let s): return level + 8 + s.utf8.count + 10
    case .integer(let i): return level + 9 + digits(i) + 11
    case .real: return level + 6 + 24 + 8
    case .bool(let b): return level + (b ? 7 : 8) + 1
    case .date: return level + 6 + 20 + 8
    case .data(let bytes):
      let maxLineLength = max(16, 76 - 8 * level)
      let chunk = (maxLineLength / 4) * 3
      let lines = (bytes.count + chunk - 1) / chunk
      return level + 7 + (bytes.count + 2) / 3 * 4 + lines * (level + 1) + level + 8
    case .array(let items):
      if items.isEmpty { return level + 9 }
      var n = level + 8 + level + 9
      for item in items { n += estimateBytes(item.value, level: level + 1) }
      return n
    case .dict(let d):
      if d.entries.isEmpty { return level + 8 }
      var n = level + 7 + level + 8
      for e in d.entries {
        n += level + 1 + 5 + e.key.utf8.count + 7 + estimateBytes(e.value.value, level: level + 1)
      }
      return n
    }
  }

  static func digits(_ i: Int64) -> Int {
    var n = i < 0 ? 2 : 1
    var m = i.magnitude
    while m >= 10 {
      m /= 10
      n += 1
    }
    return n
  }

  /// Sixty-four tabs: indentation is one slice of them.
  static let tabs = [UInt8](repeating: 0x09, count: 64)

  struct Writer<S: Sink> {
    var sink: S
    var level = 0

    init(sink: S) {
      self.sink = sink
    }

    mutating func document(_ root: PlistValue) throws(WriteError) {
      PlistXMLWriter.header.withUnsafeBufferPointer { sink.put($0) }
      try value(root)
      PlistXMLWriter.footer.withUnsafeBufferPointer { sink.put($0) }
    }

    @inline(__always) mutating func indent() {
      var n = level
      while n > 0 {
        let chunk = min(n, 64)
        PlistXMLWriter.tabs.withUnsafeBufferPointer { sink.put(UnsafeBufferPointer(rebasing: $0[0..<chunk])) }
        n -= chunk
      }
    }

    @inline(__always) mutating func put(_ s: StaticString) {
      s.withUTF8Buffer { sink.put($0) }
    }

    mutating func open(_ tag: StaticString) {
      indent()
      sink.put(0x3C)
      put(tag)
      sink.put(0x3E)
      sink.put(0x0A)
      level += 1
    }

    mutating func close(_ tag: StaticString) {
      level -= 1
      indent()
      sink.put(0x3C)
      sink.put(0x2F)
      put(tag)
      sink.put(0x3E)
      sink.put(0x0A)
    }

    mutating func simple(_ tag: StaticString, raw text: String) {
      indent()
      sink.put(0x3C)
      put(tag)
      sink.put(0x3E)
      var text = text
      text.withUTF8 { sink.put($0) }
      sink.put(0x3C)
      sink.put(0x2F)
      put(tag)
      sink.put(0x3E)
      sink.put(0x0A)
    }

    /// plistlib's `_escape`: CRLF and CR become LF, then `&`, `<`, `>` are escaped.
    /// Returns false, writing nothing, when `s` holds a control character a property list
    /// cannot carry. Text without anything to escape is copied in one piece.
    mutating func escape(_ s: String) -> Bool {
      if let done = s.utf8.withContiguousStorageIfAvailable({ escape(bytes: $0) }) { return done }
      return Array(s.utf8).withUnsafeBufferPointer { escape(bytes: $0) }
    }

    mutating func escape(bytes u: UnsafeBufferPointer<UInt8>) -> Bool {
      var special = false
      // Words of eight bytes with no byte below 0x20 and no '&', '<' or '>' need nothing
      // (exact "has less than" and "has zero" bit tests); the rest go byte by byte.
      var start = 0
      if let base = u.baseAddress {
        @inline(__always) func hasZero(_ v: UInt64) -> Bool {
          (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 != 0
        }
        while start + 8 <= u.count {
          let x = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self)
          let below = (x &- 0x2020_2020_2020_2020) & ~x & 0x8080_8080_8080_8080
          if below != 0 || hasZero(x ^ 0x2626_2626_2626_2626) || hasZero(x ^ 0x3C3C_3C3C_3C3C_3C3C)
            || hasZero(x ^ 0x3E3E_3E3E_3E3E_3E3E)
          {
            break
          }
          start += 8
        }
      }
      for b in UnsafeBufferPointer(rebasing: u[start...]) {
        if b < 0x20 {
          if b != 0x09 && b != 0x0A && b != 0x0D { return false }
          if b == 0x0D { special = true }
        } else if b == 0x26 || b == 0x3C || b == 0x3E {
          special = true
        }
      }
      if !special {
        sink.put(u)
        return true
      }
      var i = 0
      let n = u.count
      while i < n {
        let b = u[i]
        switch b {
        case 0x26: put("&amp;")
        case 0x3C: put("&lt;")
        case 0x3E: put("&gt;")
        case 0x0D:
          sink.put(0x0A)
          if i + 1 < n && u[i + 1] == 0x0A { i += 1 }
        default: sink.put(b)
        }
        i += 1
      }
      return true
    }

    mutating func value(_ v: PlistValue) throws(WriteError) {
      switch v {
      case .string(let s):
        indent()
        put("<string>")
        guard escape(s) else { throw .controlCharacter(path: "") }
        put("</string>\n")
      case .integer(let i):
        simple("integer", raw: String(i))
      case .real(let r):
        simple("real", raw: RealFormat.python(r))
      case .bool(let b):
        indent()
        put(b ? "<true/>\n" : "<false/>\n")
      case .date(let d):
        simple("date", raw: d.iso8601)
      case .data(let bytes):
        data(bytes)
      case .array(let items):
        if items.isEmpty {
          indent()
          put("<array/>\n")
        } else {
          open("array")
          // Read in place: `for item in items` copied each node and counted its reference.
          try items.withUnsafeBufferPointer { (items) throws(WriteError) in
            for i in items.indices { try value(items[i].value) }
          }
          close("array")
        }
      case .dict(let d):
        if d.entries.isEmpty {
          indent()
          put("<dict/>\n")
        } else {
          open("dict")
          let order = d.sortedOrder
          try d.entries.withUnsafeBufferPointer { (entries) throws(WriteError) in
            if let order {
              for i in order { try entry(entries, i) }
            } else {
              for i in entries.indices { try entry(entries, i) }
            }
          }
          close("dict")
        }
      }
    }

    /// One dictionary entry, read in place (binding the entry would copy its key and value).
    mutating func entry(_ entries: UnsafeBufferPointer<PlistEntry>, _ i: Int) throws(WriteError) {
      indent()
      put("<key>")
      guard escape(entries[i].key) else { throw .controlCharacter(path: "") }
      put("</key>\n")
      try value(entries[i].value.value)
    }

    /// plistlib's `write_data`: the lines sit at the `<data>` element's own indentation
    /// and are at most `max(16, 76 - 8 * level)` characters long.
    mutating func data(_ bytes: [UInt8]) {
      indent()
      put("<data>\n")
      let maxLineLength = max(16, 76 - 8 * level)
      let chunk = (maxLineLength / 4) * 3
      var i = 0
      while i < bytes.count {
        let end = min(i + chunk, bytes.count)
        indent()
        Base64.encode(bytes[i..<end]).withUnsafeBufferPointer { sink.put($0) }
        sink.put(0x0A)
        i = end
      }
      indent()
      put("</data>\n")
    }
  }
}
