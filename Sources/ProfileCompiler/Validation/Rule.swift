import Diagnostics
import ProfileSchemas
import PropertyList

/// What every validation rule sees.
public struct ValidationContext: Sendable {
  public var strict: Bool
  public var schemas: SchemaSet
  /// `lint` reports unknown keys (PC2002) as warnings: existing profiles carry keys that
  /// devices ignore. Sources keep the error.
  public var unknownKeysAreWarnings: Bool
  /// `lint` reports a missing key the schema marks required (PC2007) as a warning: devices
  /// install many such payloads (macOS managed preferences, TCC entries using
  /// `Authorization` instead of `Allowed`). Sources keep the error.
  public var missingRequiredKeysAreWarnings: Bool
  /// The schema chosen for each payload of the model being validated, in the order of its
  /// payloads (nil for a type without a schema); filled by ``Validator/validate(_:context:)``
  /// for its rules. Four rules ask for each payload's schema, and each choice is a locked,
  /// hashed lookup by type; outside a validation it is nil and rules choose for themselves.
  var payloadChoices: [SchemaSet.VariantChoice?]? = nil

  /// The schema for `model.payloads[index]`: the one chosen when the validation began, or
  /// chosen now outside a validation.
  func schemaChoice(_ model: ProfileModel, _ index: Int) -> SchemaSet.VariantChoice? {
    if let choices = payloadChoices, choices.count == model.payloads.count { return choices[index] }
    return SchemaSelection.choose(model.payloads[index], schemas)
  }

  public init(
    strict: Bool = false, schemas: SchemaSet = .embedded, unknownKeysAreWarnings: Bool = false,
    missingRequiredKeysAreWarnings: Bool = false
  ) {
    self.strict = strict
    self.schemas = schemas
    self.unknownKeysAreWarnings = unknownKeysAreWarnings
    self.missingRequiredKeysAreWarnings = missingRequiredKeysAreWarnings
  }
}

/// A validation rule (ARCHITECTURE.md: one rule per file, naming its codes).
public protocol ValidationRule: Sendable {
  /// The diagnostics this rule can emit.
  static var codes: [DiagnosticDescriptor] { get }
  func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag)
}

/// Runs the rules over a model.
public struct Validator: Sendable {
  public var rules: [any ValidationRule]
  public init(rules: [any ValidationRule]) { self.rules = rules }

  public func validate(_ model: ProfileModel, context: ValidationContext) -> [Diagnostic] {
    var bag = DiagnosticBag(file: model.file)
    var context = context
    context.payloadChoices = model.payloads.map { SchemaSelection.choose($0, context.schemas) }
    for rule in rules { rule.check(model, context, &bag) }
    return bag.all
  }
}

extension ProfileModel {
  /// The range of a payload key (its key in the source), falling back to the payload.
  public func keyRange(_ payload: PayloadModel, _ key: String) -> SourceRange? {
    payload.content.entry(key)?.keyRange ?? payload.anchor
  }

  /// Edits removing the whole source lines of `range` (``SourceFile/lineRemoval(_:)``).
  public func lineRemoval(_ range: SourceRange) -> [TextEdit]? { file.lineRemoval(range) }

  /// A "remove it" fix-it, when the line can be removed on its own.
  public func removalFixIts(_ message: String, _ range: SourceRange) -> [FixIt] {
    lineRemoval(range).map { [FixIt(message, edits: $0)] } ?? []
  }
}

extension SourceFile {
  /// Edits removing the whole source lines of `range` (for "remove it" fix-its). The first
  /// runs from the line's first non-blank character (the key, as in SPEC §7's example)
  /// through the line break; a second, when the line is indented, removes the indentation
  /// before it, so that applying both leaves the file without the line and its neighbours
  /// as they were (the first alone would join the indentation to the next line's). nil when
  /// the line holds more than the key: a `- ` item's dash, or other keys of a flow mapping
  /// before it (`profile: {name: N, scope: System}`); removing the line would take them too.
  public func lineRemoval(_ range: SourceRange) -> [TextEdit]? {
    let lineStart = lineStarts[lineIndex(of: range.start)]
    let lastLine = lineIndex(of: max(range.start, range.end - 1))
    let end = lastLine + 1 < lineStarts.count ? lineStarts[lastLine + 1] : bytes.count
    var first = lineStart
    while first < end && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
    guard first < end, bytes[first] != UInt8(ascii: "-"), bytes[first] & 0x80 == 0 else { return nil }
    if bytes[first..<min(range.start, end)].contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: ",") }) {
      return nil
    }
    var edits = [TextEdit(range: SourceRange(first, end), replacement: "")]
    if first > lineStart { edits.append(TextEdit(range: SourceRange(lineStart, first), replacement: "")) }
    return edits
  }

}
