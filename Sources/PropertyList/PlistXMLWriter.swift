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
  public static func write(_ root: PlistNode) throws(WriteError) -> [UInt8] {
    var w = Writer()
    // One allocation of about the final size: growing by doubling left a large output
    // with up to three times its size allocated at the moment it grew.
    let estimate = header.count + footer.count + Writer.estimate(root.value, level: 0)
    w.out.reserveCapacity(estimate + estimate / 64 + 256)
    w.out.append(contentsOf: header)
    try w.value(root.value)
    w.out.append(contentsOf: footer)
    return w.out
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

  struct Writer {
    var out: [UInt8] = []
    var level = 0

    mutating func indent() {
      for _ in 0..<level { out.append(0x09) }
    }

    mutating func open(_ name: StaticString) {
      indent()
      out.append(0x3C)
      append(name)
      out.append(0x3E)
      out.append(0x0A)
      level += 1
    }

    mutating func close(_ name: StaticString) {
      level -= 1
      indent()
      out.append(0x3C)
      out.append(0x2F)
      append(name)
      out.append(0x3E)
      out.append(0x0A)
    }

    mutating func append(_ s: StaticString) {
      s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func simple(_ name: StaticString, raw text: String) {
      indent()
      out.append(0x3C)
      append(name)
      out.append(0x3E)
      out.append(contentsOf: text.utf8)
      out.append(0x3C)
      out.append(0x2F)
      append(name)
      out.append(0x3E)
      out.append(0x0A)
    }

    /// plistlib's `_escape`: CRLF and CR become LF, then `&`, `<`, `>` are escaped.
    /// Returns false, writing nothing, when `s` holds a control character a property list
    /// cannot carry. Text without anything to escape is copied in one piece.
    mutating func escape(_ s: String) -> Bool {
      var s = s
      return s.withUTF8 { u in
        var special = false
        for b in u {
          if b < 0x20 {
            if b != 0x09 && b != 0x0A && b != 0x0D { return false }
            if b == 0x0D { special = true }
          } else if b == 0x26 || b == 0x3C || b == 0x3E {
            special = true
          }
        }
        if !special {
          out.append(contentsOf: u)
          return true
        }
        var i = 0
        let n = u.count
        while i < n {
          let b = u[i]
          switch b {
          case 0x26: append("&amp;")
          case 0x3C: append("&lt;")
          case 0x3E: append("&gt;")
          case 0x0D:
            out.append(0x0A)
            if i + 1 < n && u[i + 1] == 0x0A { i += 1 }
          default: out.append(b)
          }
          i += 1
        }
        return true
      }
    }

    /// The bytes `value` writes at `level`, counting text as if nothing needed escaping
    /// (escapes are rare; the slack the caller adds covers a few).
    static func estimate(_ v: PlistValue, level: Int) -> Int {
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
        for item in items { n += estimate(item.value, level: level + 1) }
        return n
      case .dict(let d):
        if d.entries.isEmpty { return level + 8 }
        var n = level + 7 + level + 8
        for e in d.entries {
          n += level + 1 + 5 + e.key.utf8.count + 7 + estimate(e.value.value, level: level + 1)
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

    /// The steps to the value being written (see ``PathStep``).
    var path: [PathStep] = []

    mutating func value(_ v: PlistValue) throws(WriteError) {
      switch v {
      case .string(let s):
        indent()
        append("<string>")
        guard escape(s) else { throw .controlCharacter(path: PlistXMLWriter.render(path)) }
        append("</string>\n")
      case .integer(let i):
        simple("integer", raw: String(i))
      case .real(let r):
        simple("real", raw: RealFormat.python(r))
      case .bool(let b):
        indent()
        append(b ? "<true/>" : "<false/>")
        out.append(0x0A)
      case .date(let d):
        simple("date", raw: d.iso8601)
      case .data(let bytes):
        data(bytes)
      case .array(let items):
        if items.isEmpty {
          indent()
          append("<array/>")
          out.append(0x0A)
        } else {
          open("array")
          path.append(.index(0))
          for i in items.indices {
            path[path.count - 1] = .index(i)
            try value(items[i].value)
          }
          path.removeLast()
          close("array")
        }
      case .dict(let d):
        if d.entries.isEmpty {
          indent()
          append("<dict/>")
          out.append(0x0A)
        } else {
          open("dict")
          for e in d.sortedEntries {
            path.append(.key(e.key))
            indent()
            append("<key>")
            guard escape(e.key) else { throw .controlCharacter(path: PlistXMLWriter.render(path)) }
            append("</key>\n")
            try value(e.value.value)
            path.removeLast()
          }
          close("dict")
        }
      }
    }

    /// plistlib's `write_data`: the lines sit at the `<data>` element's own indentation
    /// and are at most `max(16, 76 - 8 * level)` characters long.
    mutating func data(_ bytes: [UInt8]) {
      indent()
      append("<data>")
      out.append(0x0A)
      let maxLineLength = max(16, 76 - 8 * level)
      let chunk = (maxLineLength / 4) * 3
      var i = 0
      while i < bytes.count {
        let end = min(i + chunk, bytes.count)
        indent()
        out.append(contentsOf: Base64.encode(bytes[i..<end]))
        out.append(0x0A)
        i = end
      }
      indent()
      append("</data>")
      out.append(0x0A)
    }
  }
}
