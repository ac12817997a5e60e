import Diagnostics

public enum ScalarStyle: Sendable, Equatable {
  case plain, singleQuoted, doubleQuoted, literal, folded

  public var isQuoted: Bool { self == .singleQuoted || self == .doubleQuoted }
}

/// A node of the source's syntax tree. Scalars stay untyped text (SPEC §1): lowering types
/// them once the schema says what a key expects.
public struct Node: Sendable {
  public enum Kind: Sendable {
    case scalar(String, ScalarStyle)
    case mapping([MappingEntry], flow: Bool)
    case sequence([Node], flow: Bool)
    /// Where a syntax error left no node; already reported, so later phases stay quiet.
    case missing
  }

  public var kind: Kind
  /// From the node's first byte to just after its last (for block collections, the end of
  /// their last entry).
  public var range: SourceRange

  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  public var isMissing: Bool {
    if case .missing = kind { return true }
    return false
  }

  /// The scalar's decoded text, if this is a scalar.
  public var scalarText: String? {
    if case .scalar(let s, _) = kind { return s }
    return nil
  }

  public var scalarStyle: ScalarStyle? {
    if case .scalar(_, let style) = kind { return style }
    return nil
  }

  /// A plain scalar with no text: YAML's empty value, which is null.
  public var isEmptyPlain: Bool {
    if case .scalar(let s, .plain) = kind { return s.isEmpty }
    return false
  }

  public var mappingEntries: [MappingEntry]? {
    if case .mapping(let e, _) = kind { return e }
    return nil
  }

  public var sequenceItems: [Node]? {
    if case .sequence(let items, _) = kind { return items }
    return nil
  }

  /// Short description used in messages ("a mapping", "a sequence", "a scalar").
  public var kindDescription: String {
    switch kind {
    case .scalar: return "a scalar"
    case .mapping: return "a mapping"
    case .sequence: return "a sequence"
    case .missing: return "nothing"
    }
  }
}

public struct MappingEntry: Sendable {
  public var key: Node
  public var value: Node
  public init(key: Node, value: Node) {
    self.key = key
    self.value = value
  }
  /// The key's text ("" for a missing key).
  public var keyText: String { key.scalarText ?? "" }
  /// From the key's first byte to the value's last.
  public var range: SourceRange { SourceRange.cover(key.range, value.range) }
}

public struct Comment: Sendable {
  /// From `#` to the end of the line (terminator excluded).
  public var range: SourceRange
  /// True when the comment is the only thing on its line.
  public var ownLine: Bool
}

public struct SyntaxTree: Sendable {
  public let file: SourceFile
  /// The document's root node, `nil` for an empty document.
  public let root: Node?
  public let comments: [Comment]
  public let diagnostics: [Diagnostic]
  /// True when a leading `---` marker is present.
  public let hasDocumentStartMarker: Bool
}

/// Hard limits that end in a diagnostic rather than a crash or a stack overflow
/// (documented in docs/limits.md).
public struct ParseLimits: Sendable {
  /// Nesting depth of block and flow collections together.
  public var maxDepth: Int
  /// Bytes in one scalar once decoded.
  public var maxScalarBytes: Int
  /// Diagnostics of one kind reported per file before the rest are summarised.
  public var maxRepeatedDiagnostics: Int
  /// Values (scalars, mapping entries and sequence items) in one source: a 64 MiB file of
  /// `[1,1,1,...` would otherwise hold tens of millions of nodes.
  public var maxValues: Int

  public init(
    maxDepth: Int = 64, maxScalarBytes: Int = 8 << 20, maxRepeatedDiagnostics: Int = 20,
    maxValues: Int = 1_000_000
  ) {
    self.maxDepth = maxDepth
    self.maxScalarBytes = maxScalarBytes
    self.maxRepeatedDiagnostics = maxRepeatedDiagnostics
    self.maxValues = maxValues
  }

  public static let `default` = ParseLimits()
}
