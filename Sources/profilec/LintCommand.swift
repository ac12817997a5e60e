import Diagnostics
import ProfileCompiler

/// `profilec lint FILE|DIR...` (SPEC §6): checks existing profiles, each on its own.
enum LintCommand {
  static func run(_ o: Options) throws -> Int32 {
    guard !o.positional.isEmpty else {
      throw UsageError(
        message: "lint needs at least one .mobileconfig file or folder", command: "lint")
    }
    var paths: [String] = []
    var early: [Diagnostic] = []
    for arg in o.positional {
      switch FileIO.kind(arg) {
      case .directory:
        let found = FileIO.findFiles(under: arg, suffix: ".mobileconfig")
        if found.isEmpty {
          var d = Diagnostic(.noSourcesFound, "no *.mobileconfig files below '\(arg)'")
          d.fileName = arg
          early.append(d)
        }
        paths += found
      case .missing:
        var d = Diagnostic(.unreadableInput, "'\(arg)' does not exist")
        d.fileName = arg
        early.append(d)
      default:
        paths.append(arg)
      }
    }
    let options = try ExistingSetup.options(o)
    let results = Linter.lintAll(paths, options: options)
    var diagnostics = o.policy.apply(early)
    for r in results { diagnostics += r.diagnostics }
    DiagnosticPrinter(options: o, stdoutBusy: false).print(diagnostics)
    if early.contains(where: { $0.code == DiagnosticDescriptor.unreadableInput.code })
      || results.contains(where: { $0.unreadable })
    {
      return 2
    }
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
      guard let type = EnrollmentType(rawValue: e) else {
        let names = EnrollmentType.allCases.map(\.rawValue)
        throw UsageError(
          message:
            "unknown enrollment type '\(e)'\(Suggest.didYouMean(e, names)) (expected one of \(names.joined(separator: ", ")))",
          command: o.command)
      }
      context.enrollment = type
    }
    if let p = o.platform {
      guard let platform = TargetPlatform(rawValue: p) else {
        let names = TargetPlatform.allCases.map(\.rawValue)
        throw UsageError(
          message:
            "unknown platform '\(p)'\(Suggest.didYouMean(p, names)) (expected one of \(names.joined(separator: ", ")))",
          command: o.command)
      }
      context.platform = platform
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
}
