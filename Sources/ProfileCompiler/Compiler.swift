import Diagnostics
import ProfileSchemas
import ProfileSyntax
import PropertyList

public struct CompileOptions: Sendable {
  public var lowering: LoweringOptions
  public var validation: ValidationContext
  public var validator: Validator
  public var policy: SeverityPolicy
  public init(
    schemas: SchemaSet = .embedded, strict: Bool = false,
    environment: @escaping @Sendable (String) -> String? = { FileIO.environment($0) },
    policy: SeverityPolicy = SeverityPolicy(), validator: Validator = Validator(rules: StandardRules.all)
  ) {
    self.lowering = LoweringOptions(environment: environment, shapes: SchemaShapes(schemas))
    self.validation = ValidationContext(strict: strict, schemas: schemas)
    self.validator = validator
    self.policy = policy
  }
}

public struct CompileOutput: Sendable {
  public var model: ProfileModel?
  public var diagnostics: [Diagnostic]
  /// The canonical .mobileconfig bytes; nil when there are errors.
  public var mobileconfig: [UInt8]?
  public var hasErrors: Bool { diagnostics.hasErrors }
}

/// The library API behind `profilec compile` and `check`: parse, lower, validate, emit.
public enum Compiler {
  /// After a syntax error a key may be missing only because its line did not parse; such
  /// reports would pile up on top of the real problem.
  static func followsFromSyntaxErrors(_ d: Diagnostic) -> Bool {
    d.code == DiagnosticDescriptor.missingRequiredKey.code || d.code == DiagnosticDescriptor.missingRequiredSchemaKey.code
      || d.code == DiagnosticDescriptor.ssoMissingTargets.code
  }

  public static func compile(_ file: SourceFile, options: CompileOptions = CompileOptions()) -> CompileOutput {
    // The syntax tree lives only while it is lowered: for a large source it is the biggest
    // structure, and the writer should not have to share memory with it.
    var diagnostics: [Diagnostic]
    let syntaxErrors: Bool
    let comments: [Comment]
    let model: ProfileModel?
    let lowered: [Diagnostic]
    do {
      let tree = Parser.parse(file)
      diagnostics = tree.diagnostics
      syntaxErrors = tree.diagnostics.hasErrors
      comments = tree.comments
      (model, lowered) = Lowering.lower(tree, options: options.lowering)
    }
    // After a syntax error a key may be missing only because its line did not parse;
    // don't pile "missing key" reports on top of the real problem.
    diagnostics += syntaxErrors ? lowered.filter { !Compiler.followsFromSyntaxErrors($0) } : lowered
    guard let model else {
      diagnostics = options.policy.apply(InlineSuppressions(file: file, comments: comments).apply(diagnostics))
      return CompileOutput(model: nil, diagnostics: diagnostics, mobileconfig: nil)
    }
    let validated = Redaction.scrub(options.validator.validate(model, context: options.validation), model.interpolations)
    // A key whose value failed to lower (an unset variable, a bad date, ...) was reported
    // there; it is not also "missing".
    let failedPaths = Set(lowered.filter { $0.severity == .error }.compactMap(\.path))
    let reported = failedPaths.isEmpty
      ? validated
      : validated.filter { !(Compiler.followsFromSyntaxErrors($0) && $0.path.map(failedPaths.contains) == true) }
    diagnostics += syntaxErrors ? reported.filter { !Compiler.followsFromSyntaxErrors($0) } : reported
    diagnostics = InlineSuppressions(file: file, comments: comments).apply(diagnostics)
    diagnostics = options.policy.apply(diagnostics)
    guard !diagnostics.hasErrors else {
      return CompileOutput(model: model, diagnostics: diagnostics, mobileconfig: nil)
    }
    do {
      let bytes = try PlistXMLWriter.write(model.plist())
      return CompileOutput(model: model, diagnostics: diagnostics, mobileconfig: bytes)
    } catch {
      // Control characters are rejected by the parser; this is a last line of defence.
      if case .controlCharacter(let path) = error {
        var bag = DiagnosticBag(file: file)
        bag.emit(.controlCharacter, "a string at '\(path)' holds a control character a property list cannot hold", nil, path: path)
        diagnostics += bag.diagnostics
      }
      return CompileOutput(model: model, diagnostics: diagnostics, mobileconfig: nil)
    }
  }
}

/// The rules `compile`, `check` and `lint` run, in order.
public enum StandardRules {
  public static var all: [any ValidationRule] {
    [
      TopLevelKeysRule(), DuplicatePayloadIdentityRule(), UnknownPayloadTypeRule(), PayloadAvailabilityRule(),
      MultiplePayloadRule(), SchemaWalkRule(),
      // Enrollment and Intune (SPEC §3, cross-field and seed rules).
      EnrollmentTypeRule(), JITRegistrationRule(), EnrollmentRestrictionsRule(), WebBasedPortalRule(),
      MicrosoftSSORule(), SSOPayloadRule(), ProfileKeysRule(), SecretRule(),
    ]
  }
}
