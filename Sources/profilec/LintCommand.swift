import Diagnostics
import ProfileCompiler

/// `profilec lint FILE|DIR...` (SPEC §6): checks existing profiles, each on its own.
enum LintCommand {
  static func run(_ o: Options) throws -> Int32 {
    guard !o.positional.isEmpty else {
      throw UsageError(
        message: "lint needs at least one .mobileconfig file or folder", command: "lint")
    }
    let expanded = CommandInputs(o.positional, suffix: ".mobileconfig")
    let paths = expanded.inputs.map(\.path)
    let early = expanded.problems
    let options = try ExistingSetup.options(o)
    let results = Linter.lintAll(paths, options: options)
    var diagnostics = o.policy.apply(early)
    for r in results { diagnostics += r.diagnostics }
    DiagnosticPrinter(options: o, stdoutBusy: false).print(diagnostics)
    if expanded.anyMissing || results.contains(where: { $0.unreadable }) { return 2 }
    return diagnostics.hasErrors ? 1 : 0
  }
}

/// The lint/import options from the command line.
enum ExistingSetup {
  static func options(_ o: Options) throws -> LintOptions {
    if o.outputFile != nil || o.outDir != nil || o.checkOnly || o.uuids || o.jsonSchema {
      throw UsageError(
        message: "\(o.command) writes no files; -o, --out-dir, --check, --uuids and --json-schema belong to other commands",
        command: o.command)
    }
    var context = ExistingContextOptions()
    if let e = o.enrollment {
      context.enrollment = try namedChoice(e, EnrollmentType.self, "enrollment type", o.command)
    }
    if let p = o.platform {
      context.platform = try namedChoice(p, TargetPlatform.self, "platform", o.command)
    }
    if let v = o.minOS {
      guard VersionText.isWellFormed(v) else {
        throw UsageError(
          message: "--min-os takes a version such as 17.0, not '\(v)'", command: o.command)
      }
      context.minOS = v
    }
    return LintOptions(
      context: context, schemas: try CompilerSetup.schemas(o), strict: o.strict, policy: o.policy)
  }

  /// `value` as one of `T`'s cases, else a usage error naming them (with a did-you-mean).
  static func namedChoice<T: CaseIterable & RawRepresentable>(
    _ value: String, _ type: T.Type, _ what: String, _ command: String
  ) throws -> T where T.RawValue == String {
    if let choice = T(rawValue: value) { return choice }
    let names = T.allCases.map(\.rawValue)
    throw UsageError(
      message:
        "unknown \(what) '\(value)'\(Suggest.didYouMean(value, names)) (expected one of \(names.joined(separator: ", ")))",
      command: command)
  }
}
