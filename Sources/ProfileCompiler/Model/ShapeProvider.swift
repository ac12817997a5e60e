/// Gives lowering the shapes schemas define. The compiler's real provider reads
/// `ProfileSchemas`; tests may use others.
public protocol ShapeProvider: Sendable {
  /// The payload dictionary's shape for `type`. `value(key)` returns the payload's own
  /// plain-text value of a key, used to pick a schema variant. `keys` is evaluated only
  /// when the type has several variants (most have one).
  func payloadShape(type: String, keys: @autoclosure () -> [String], value: (String) -> String?) -> (any DictionaryShape)?
  /// The shape of the Microsoft SSO plug-in's `ExtensionData`.
  func microsoftExtensionDataShape() -> (any DictionaryShape)?
}

/// No schemas: every value typed by its form.
public struct FormOnlyShapes: ShapeProvider {
  public init() {}
  public func payloadShape(type: String, keys: @autoclosure () -> [String], value: (String) -> String?) -> (any DictionaryShape)? { nil }
  public func microsoftExtensionDataShape() -> (any DictionaryShape)? { nil }
}
