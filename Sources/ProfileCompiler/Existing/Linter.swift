import Diagnostics
import ProfileSchemas
import PropertyList

/// What `lint` and `import` run with.
public struct LintOptions: Sendable {
  public var context: ExistingContextOptions
  public var validation: ValidationContext
  public var plistRules: [any PlistRule]
  public var validator: Validator
  public var policy: SeverityPolicy

  public init(
    context: ExistingContextOptions = ExistingContextOptions(), schemas: SchemaSet = .embedded,
    strict: Bool = false, policy: SeverityPolicy = SeverityPolicy(),
    plistRules: [any PlistRule] = ExistingRules.plistRules,
    validator: Validator = Validator(rules: ExistingRules.contentRules)
  ) {
    self.context = context
    // Existing profiles are already deployed: keys devices ignore, and keys the schema
    // requires but devices do without, are warnings here.
    self.validation = ValidationContext(
      strict: strict, schemas: schemas, unknownKeysAreWarnings: true,
      missingRequiredKeysAreWarnings: true)
    self.plistRules = plistRules
    self.validator = validator
    self.policy = policy
  }
}

/// The rules `lint` runs, in order.
public enum ExistingRules {
  /// Checks of the property list itself.
  public static var plistRules: [any PlistRule] {
    [
      SignatureRule(), ConfigurationTypeRule(), EncryptedProfileRule(), PayloadContentRule(),
      PayloadVersionRule(), PayloadIdentityRule(), MetaKeyTypesRule(),
    ]
  }

  /// Codes that are errors in sources but warnings in `lint` (unknown keys, missing
  /// schema-required keys), so `--allow` accepts them there.
  public static let warningCodes: Set<String> = [
    DiagnosticDescriptor.unknownKey.code, DiagnosticDescriptor.missingRequiredSchemaKey.code,
  ]

  /// Checks of the content: everything a source is checked for (the top-level keys first).
  public static var contentRules: [any ValidationRule] { StandardRules.all }
}

/// One linted file.
public struct LintOutput: Sendable {
  public var path: String
  /// nil when the file could not be read at all (then `unreadable` is true).
  public var read: PlistReadResult?
  /// nil when the file is not a property list, or its root is not a dictionary.
  public var model: ProfileModel?
  public var diagnostics: [Diagnostic]
  /// The file could not be read (missing, a directory, too large): exit status 2.
  public var unreadable: Bool
  public var hasErrors: Bool { diagnostics.hasErrors }
}

/// The library API behind `profilec lint`: read, check the property list, validate the
/// content in the enrollment context (SPEC §3, §6).
public enum Linter {
  public static func lint(path: String, bytes: [UInt8], options: LintOptions = LintOptions())
    -> LintOutput
  {
    let read = PlistReader.read(path: path, bytes: bytes)
    var diagnostics = read.diagnostics
    guard let root = read.root else {
      return LintOutput(
        path: path, read: read, model: nil, diagnostics: options.policy.apply(diagnostics),
        unreadable: false)
    }
    let plist = ExistingPlist(read: read, root: root)
    var bag = DiagnosticBag(file: read.file)
    for rule in options.plistRules { rule.check(plist, options.validation, &bag) }
    var plistLevel = bag.all
    let model = ExistingProfile.model(
      plist, context: options.context, schemas: options.validation.schemas)
    var content: [Diagnostic] = []
    if let model {
      var contextBag = DiagnosticBag(file: read.file)
      EnrollmentContextRule(given: options.context).check(model, options.validation, &contextBag)
      content = contextBag.all + options.validator.validate(model, context: options.validation)
    }
    // A plist-level diagnostic is more precise than the schema's view of the same key
    // (PayloadVersion 2 is PC5017, not also "must be one of 1").
    let claimed = Set(plistLevel.compactMap { $0.code.hasPrefix("PC50") ? $0.path : nil })
    content.removeAll { $0.code.hasPrefix("PC2") && $0.path.map(claimed.contains) == true }
    plistLevel += content
    if let model, options.context.platform == nil {
      // Availability depends on the platform; say it was a guess where it decides.
      let note =
        "the platform was inferred as \(model.context.platform.rawValue); pass --platform if the profile is meant for another"
      for i in plistLevel.indices
      where plistLevel[i].code.hasPrefix("PC3") && plistLevel[i].severity == .error {
        plistLevel[i].notes.append(note)
      }
    }
    if read.signature != nil && read.format == .xml {
      // Positions point into the XML inside the signature, as the reader's own do.
      let note = "lines and columns count in the XML inside the CMS signature"
      for i in plistLevel.indices
      where plistLevel[i].range != nil && !plistLevel[i].notes.contains(note) {
        plistLevel[i].notes.append(note)
      }
    }
    diagnostics += plistLevel
    return LintOutput(
      path: path, read: read, model: model, diagnostics: options.policy.apply(diagnostics),
      unreadable: false)
  }

  public static let maxInputBytes = 64 << 20

  /// Reads and lints one file.
  public static func lintFile(_ path: String, options: LintOptions) -> LintOutput {
    switch FileIO.read(path, limit: maxInputBytes + 1) {
    case .success(let bytes):
      return lint(path: path, bytes: bytes, options: options)
    case .failure(let failure):
      var d = Diagnostic(.unreadableInput, "cannot read the profile: \(failure)")
      d.fileName = path
      return LintOutput(path: path, read: nil, model: nil, diagnostics: [d], unreadable: true)
    }
  }

  /// Lints many files in parallel, at most one job per core. Files are independent: one
  /// bad file never stops the others, and no check spans several files. Results come back
  /// in input order.
  public static func lintAll(_ paths: [String], options: LintOptions) -> [LintOutput] {
    if paths.count == 1 { return [lintFile(paths[0], options: options)] }
    return parallelMap(paths.count, workers: paths.count) { lintFile(paths[$0], options: options) }
  }
}
