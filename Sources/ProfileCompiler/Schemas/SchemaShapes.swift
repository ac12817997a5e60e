import ProfileSchemas

/// The shapes the schemas define, for lowering (SPEC §1: scalars typed by schema).
public struct SchemaShapes: ShapeProvider {
  public let set: SchemaSet
  public init(_ set: SchemaSet) { self.set = set }

  public func payloadShape(type: String, keys: @autoclosure () -> [String], value: (String) -> String?) -> (any DictionaryShape)? {
    guard let choice = set.selectVariant(forPayloadType: type, keys: keys(), stringValue: value) else {
      return nil
    }
    return ContainerShape(container: choice.schema)
  }

  public func microsoftExtensionDataShape() -> (any DictionaryShape)? {
    ContainerShape(container: set.microsoftSSOExtensionData)
  }

  /// The shape of one key's values. Keys accepting several types are typed by form.
  static func shape(of key: KeySchema) -> Shape {
    if key.acceptedTypes.count > 1 { return .any }
    switch key.type {
    case .string: return .string
    case .integer: return .integer
    case .real: return .real
    case .boolean: return .boolean
    case .date: return .date
    case .data: return .data
    case .any: return .any
    case .array: return .array(key.elementSchema.map(shape(of:)) ?? .any)
    case .dictionary:
      return key.hasSubkeys ? .dictionary(ContainerShape(container: key)) : .dictionary(OpenDictionaryShape())
    }
  }
}

/// Something that holds keys: a payload schema or a dictionary key's subkeys.
public protocol KeyContainer: Sendable {
  func resolveKey(named name: String) -> KeySchema?
  var keys: [KeySchema] { get }
  /// The keys a dictionary must hold: `presence: required`, wildcards excepted.
  var requiredKeys: [KeySchema] { get }
}

extension PayloadSchema: KeyContainer {}
extension KeySchema: KeyContainer {
  public var keys: [KeySchema] { subkeys }
  public var requiredKeys: [KeySchema] { requiredSubkeys }
}

/// A dictionary shape read lazily from a container, so recursive schemas stay finite.
struct ContainerShape: DictionaryShape {
  let container: any KeyContainer
  func shape(forKey key: String) -> Shape? {
    container.resolveKey(named: key).map(SchemaShapes.shape(of:))
  }
}
