/// What the schema expects at one place of a payload; lowering uses it to type the
/// source's untyped scalars (SPEC §1: "Scalars are untyped until checked against a schema").
public indirect enum Shape: Sendable {
  case string, integer, real, boolean, date, data
  /// Any value: typed by its form.
  case any
  case array(Shape)
  case dictionary(any DictionaryShape)

  public var name: String {
    switch self {
    case .string: return "string"
    case .integer: return "integer"
    case .real: return "real"
    case .boolean: return "boolean"
    case .date: return "date"
    case .data: return "data"
    case .any: return "any value"
    case .array: return "array"
    case .dictionary: return "dictionary"
    }
  }
}

/// The keys of a dictionary the schema knows; `nil` means an unknown key (typed by form
/// here, reported by validation).
public protocol DictionaryShape: Sendable {
  func shape(forKey key: String) -> Shape?
}

/// A dictionary whose keys are all unknown to the schema.
public struct OpenDictionaryShape: DictionaryShape {
  public init() {}
  public func shape(forKey key: String) -> Shape? { nil }
}

/// A fixed table of keys, for profilec's own blocks.
public struct TableShape: DictionaryShape {
  public let table: [String: Shape]
  public init(_ table: [String: Shape]) { self.table = table }
  public func shape(forKey key: String) -> Shape? { table[key] }
}
