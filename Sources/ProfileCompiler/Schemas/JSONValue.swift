import Diagnostics

/// A JSON document built in memory and printed deterministically (object members keep the
/// order they were added in). Used by `schema export --json-schema`.
indirect enum JSONValue: Equatable, Sendable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case integer(Int)
  case number(Double)
  case bool(Bool)

  static func == (a: JSONValue, b: JSONValue) -> Bool {
    a.text(indent: nil) == b.text(indent: nil)
  }

  /// Pretty-printed with two spaces per level, or compact when `indent` is nil.
  func text(indent: Int? = 0) -> String {
    var out = ""
    write(into: &out, level: indent)
    return out
  }

  private func write(into out: inout String, level: Int?) {
    switch self {
    case .string(let s): out += JSONText.quote(s)
    case .integer(let i): out += String(i)
    case .number(let d):
      // Integral reals keep a fraction so they read as reals.
      out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
    case .bool(let b): out += b ? "true" : "false"
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      // Arrays of scalars stay on one line: enums read better that way.
      let scalars = items.allSatisfy { if case .object = $0 { return false }; if case .array = $0 { return false }; return true }
      if scalars || level == nil {
        out += "["
        for (i, v) in items.enumerated() {
          if i > 0 { out += level == nil ? "," : ", " }
          v.write(into: &out, level: nil)
        }
        out += "]"
        return
      }
      out += "[\n"
      for (i, v) in items.enumerated() {
        out += String(repeating: "  ", count: level! + 1)
        v.write(into: &out, level: level! + 1)
        out += i + 1 < items.count ? ",\n" : "\n"
      }
      out += String(repeating: "  ", count: level!) + "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      guard let level else {
        out += "{"
        for (i, (k, v)) in members.enumerated() {
          if i > 0 { out += "," }
          out += JSONText.quote(k) + ":"
          v.write(into: &out, level: nil)
        }
        out += "}"
        return
      }
      out += "{\n"
      for (i, (k, v)) in members.enumerated() {
        out += String(repeating: "  ", count: level + 1) + JSONText.quote(k) + ": "
        v.write(into: &out, level: level + 1)
        out += i + 1 < members.count ? ",\n" : "\n"
      }
      out += String(repeating: "  ", count: level) + "}"
    }
  }
}
