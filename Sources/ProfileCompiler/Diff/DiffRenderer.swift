import Diagnostics
import PropertyList

/// How `profilec diff` prints a `ProfileDiff`.
public enum DiffFormat: String, Sendable, CaseIterable {
  case text, markdown, json
}

public enum DiffRenderer {
  public static func render(_ diff: ProfileDiff, format: DiffFormat, oldName: String, newName: String) -> String {
    switch format {
    case .text: return text(diff)
    case .markdown: return markdown(diff, oldName: oldName, newName: newName)
    case .json: return json(diff, oldName: oldName, newName: newName)
    }
  }

  /// One line per change (`~ path: old -> new`, `+ path: new`, `- path: old`), then notes.
  /// Nothing at all when the profiles are equal and nothing is worth a note.
  public static func text(_ diff: ProfileDiff) -> String {
    var out = ""
    for c in diff.changes {
      out += c.kind.marker + " " + c.path + ": " + valueColumn(c) + "\n"
    }
    for n in diff.notes { out += "note: " + n + "\n" }
    return out
  }

  static func valueColumn(_ c: ProfileChange) -> String {
    switch c.kind {
    case .added: return DiffValueText.render(c.new!)
    case .removed: return DiffValueText.render(c.old!)
    case .changed: return DiffValueText.render(c.old!) + " -> " + DiffValueText.render(c.new!)
    }
  }

  /// A table for a pull-request comment.
  public static func markdown(_ diff: ProfileDiff, oldName: String, newName: String) -> String {
    var out = "#### profilec diff: `\(code(oldName))` → `\(code(newName))`\n\n"
    if diff.isEqual {
      out += "No differences.\n"
    } else {
      let count = diff.changes.count
      out += "\(count) change\(count == 1 ? "" : "s"):\n\n"
      out += "| | Key path | Old | New |\n|:-:|---|---|---|\n"
      for c in diff.changes {
        let old = c.old.map { "`" + cell(DiffValueText.render($0)) + "`" } ?? ""
        let new = c.new.map { "`" + cell(DiffValueText.render($0)) + "`" } ?? ""
        out += "| \(c.kind.marker) | `\(cell(c.path))` | \(old) | \(new) |\n"
      }
    }
    if !diff.notes.isEmpty {
      out += "\n"
      for n in diff.notes { out += "> **Note:** " + cell(n) + "\n" }
    }
    return out
  }

  /// Table cells: a pipe ends a cell even inside backticks, a newline ends the row, and a
  /// backtick would close the code span.
  static func cell(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "|": out += "\\|"
      case "`": out += "'"
      case "\n", "\r": out += " "
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  static func code(_ s: String) -> String { cell(s) }

  /// Machine-readable: every change with its kind, path, payload and typed old/new values.
  public static func json(_ diff: ProfileDiff, oldName: String, newName: String) -> String {
    var out = "{\n  \"version\": 1,\n"
    out += "  \"old\": \(JSONText.quote(oldName)),\n"
    out += "  \"new\": \(JSONText.quote(newName)),\n"
    out += "  \"equal\": \(diff.isEqual),\n"
    out += "  \"changes\": ["
    out += diff.changes.isEmpty ? "" : "\n"
    out += diff.changes.map { c in
      var s = "    {\"kind\": \(JSONText.quote(c.kind.rawValue)), \"path\": \(JSONText.quote(c.path))"
      s += ", \"payload\": " + (c.payload.map(JSONText.quote) ?? "null")
      if let old = c.old { s += ", \"old\": " + DiffValueText.json(old) }
      if let new = c.new { s += ", \"new\": " + DiffValueText.json(new) }
      return s + "}"
    }.joined(separator: ",\n")
    out += diff.changes.isEmpty ? "],\n" : "\n  ],\n"
    out += "  \"notes\": [" + diff.notes.map(JSONText.quote).joined(separator: ", ") + "]\n}\n"
    return out
  }
}

/// Short, unambiguous text for property-list values in diff output.
public enum DiffValueText {
  /// Strings are quoted (so whitespace shows), numbers and booleans bare, dates in ISO
  /// 8601, data as its size and SHA-1 thumbprint, collections inline.
  public static func render(_ v: PlistValue) -> String {
    switch v {
    case .string(let s): return quote(s)
    case .integer(let i): return String(i)
    case .real(let r): return RealFormat.python(r)
    case .bool(let b): return b ? "true" : "false"
    case .date(let d): return d.iso8601
    case .data(let bytes): return "<\(bytes.count) bytes, sha1 \(thumbprint(bytes))>"
    case .array(let items): return "[" + items.map { render($0.value) }.joined(separator: ", ") + "]"
    case .dict(let d):
      return "{" + d.sortedEntries.map { key($0.key) + ": " + render($0.value.value) }.joined(separator: ", ") + "}"
    }
  }

  public static func quote(_ s: String) -> String { JSONText.quote(s) }

  static func key(_ k: String) -> String {
    let plain = !k.isEmpty && k.unicodeScalars.allSatisfy { c in
      (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-" || c == "."
    }
    return plain ? k : quote(k)
  }

  /// The first 8 bytes of the SHA-1 digest in hex: enough to tell two values apart, and
  /// how certificates are usually identified.
  static func thumbprint(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var s = ""
    for b in SHA1.hash(bytes).prefix(8) {
      s.append(digits[Int(b >> 4)])
      s.append(digits[Int(b & 0xF)])
    }
    return s
  }

  /// The value as JSON. Types JSON lacks are objects: `{"date": "..."}` and
  /// `{"base64": "..."}` (as the source language writes data); reals always carry a
  /// decimal point or exponent so they stay apart from integers.
  public static func json(_ v: PlistValue) -> String {
    switch v {
    case .string(let s): return JSONText.quote(s)
    case .integer(let i): return String(i)
    case .real(let r):
      let text = RealFormat.python(r)
      // JSON has no NaN or infinity.
      if r.isNaN || r.isInfinite { return "{\"real\": \(JSONText.quote(text))}" }
      return text
    case .bool(let b): return b ? "true" : "false"
    case .date(let d): return "{\"date\": \(JSONText.quote(d.iso8601))}"
    case .data(let bytes): return "{\"base64\": \(JSONText.quote(Base64.encodeString(bytes)))}"
    case .array(let items): return "[" + items.map { json($0.value) }.joined(separator: ", ") + "]"
    case .dict(let d):
      return "{" + d.sortedEntries.map { JSONText.quote($0.key) + ": " + json($0.value.value) }.joined(separator: ", ")
        + "}"
    }
  }
}
