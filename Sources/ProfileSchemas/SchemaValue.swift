/// The property-list type a key expects (Apple's `<string>`, `<integer>`, ...).
public enum SchemaType: String, Sendable, Hashable, CaseIterable {
  case string, integer, real, boolean, date, data, array, dictionary
  /// Any property-list value; not validated further.
  case any
}

/// Whether a key must be present.
public enum Presence: String, Sendable, Hashable {
  case required, optional
}

/// A scalar written in a schema: a default, a `rangelist` entry or a range bound.
public enum SchemaValue: Sendable, Hashable, CustomStringConvertible {
  case string(String)
  case integer(Int)
  case real(Double)
  case boolean(Bool)

  /// The value as a number (integers and reals), for range checks.
  public var numericValue: Double? {
    switch self {
    case .integer(let i): Double(i)
    case .real(let d): d
    default: nil
    }
  }

  /// The string, when the value is one.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The type this value has.
  public var type: SchemaType {
    switch self {
    case .string: .string
    case .integer: .integer
    case .real: .real
    case .boolean: .boolean
    }
  }

  /// The value as the schema file writes it: strings quoted, numbers and booleans bare.
  public var description: String {
    switch self {
    case .string(let s): JSONString.quote(s)
    case .integer(let i): String(i)
    case .real(let d): String(d)
    case .boolean(let b): b ? "true" : "false"
    }
  }
}

/// JSON string literal encoding, as the schema files use for text.
enum JSONString {
  static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
