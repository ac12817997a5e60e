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
    w.out.reserveCapacity(4096)
    w.out.append(contentsOf: header)
    try w.value(root.value, path: "")
    w.out.append(contentsOf: footer)
    return w.out
  }

  /// True when `s` has a character plistlib refuses in a string (C0 controls other than
  /// tab, newline and carriage return).
  public static func containsForbiddenControl(_ s: String) -> Bool {
    for b in s.utf8 where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return true }
    return false
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

    mutating func simple(_ name: StaticString, escaped text: String) {
      indent()
      out.append(0x3C)
      append(name)
      out.append(0x3E)
      escape(text)
      out.append(0x3C)
      out.append(0x2F)
      append(name)
      out.append(0x3E)
      out.append(0x0A)
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
    mutating func escape(_ s: String) {
      var utf8 = s.utf8.makeIterator()
      var pending: UInt8? = nil
      while true {
        let b: UInt8
        if let p = pending {
          b = p
          pending = nil
        } else if let n = utf8.next() {
          b = n
        } else {
          break
        }
        switch b {
        case 0x26: append("&amp;")
        case 0x3C: append("&lt;")
        case 0x3E: append("&gt;")
        case 0x0D:
          out.append(0x0A)
          if let n = utf8.next(), n != 0x0A { pending = n }
        default: out.append(b)
        }
      }
    }

    mutating func value(_ v: PlistValue, path: String) throws(WriteError) {
      switch v {
      case .string(let s):
        if PlistXMLWriter.containsForbiddenControl(s) { throw .controlCharacter(path: path) }
        simple("string", escaped: s)
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
          for (i, item) in items.enumerated() {
            try value(item.value, path: path + "[\(i)]")
          }
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
            if PlistXMLWriter.containsForbiddenControl(e.key) {
              throw .controlCharacter(path: path.isEmpty ? e.key : path + "." + e.key)
            }
            simple("key", escaped: e.key)
            try value(e.value.value, path: path.isEmpty ? e.key : path + "." + e.key)
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
