import Diagnostics
import ProfileCompiler

/// `profilec fmt FILE|DIR... [--check]` (issue 6.4).
///
/// Rewrites each source in canonical layout, atomically and only when it changes. With
/// `--check` it writes nothing and lists (on stdout) the files that would change. A file
/// with syntax errors is never rewritten: its diagnostics are printed and the exit status
/// is 1. Unreadable inputs exit 2.
enum FmtCommand {
  static func run(_ o: Options) throws -> Int32 {
    guard !o.positional.isEmpty else {
      throw UsageError(message: "fmt needs at least one source file or folder", command: "fmt")
    }
    let expanded = CommandInputs(o.positional, suffix: ".profile.yaml")
    let paths = expanded.inputs.map(\.path)
    var problems = expanded.problems
    var unreadable = expanded.anyMissing

    var changed: [String] = []
    var syntaxErrors = false
    for path in paths {
      let bytes: [UInt8]
      switch FileIO.read(path, limit: Driver.maxSourceBytes) {
      case .success(let b): bytes = b
      case .failure(let failure):
        var d = Diagnostic(.unreadableInput, "cannot read the source: \(failure)")
        d.fileName = path
        problems.append(d)
        unreadable = true
        continue
      }
      switch SourceFormatter.format(SourceFile(path: path, bytes: bytes)) {
      case .syntaxErrors(let diagnostics):
        problems += diagnostics
        syntaxErrors = true
      case .formatted(let out):
        guard out != bytes else { continue }
        if o.checkOnly {
          changed.append(path)
          continue
        }
        // Only what was rewritten counts as formatted.
        if case .failure(let failure) = FileIO.writeAtomically(path, out) {
          var d = Diagnostic(.unwritableOutput, "cannot write '\(path)': \(failure)")
          d.fileName = path
          problems.append(d)
          unreadable = true
        } else {
          changed.append(path)
        }
      }
    }

    DiagnosticPrinter(options: o, stdoutBusy: o.checkOnly).print(problems)
    if !o.quiet {
      if o.checkOnly {
        FileIO.writeStandardOutput(changed.map { $0 + "\n" }.joined())
        if !changed.isEmpty {
          FileIO.writeStandardError(
            "\(changed.count) file\(changed.count == 1 ? "" : "s") would be reformatted; run 'profilec fmt' without --check\n")
        }
      } else if !changed.isEmpty {
        FileIO.writeStandardError("formatted \(changed.count) file\(changed.count == 1 ? "" : "s")\n")
      }
    }
    if unreadable { return 2 }
    if syntaxErrors || (o.checkOnly && !changed.isEmpty) { return 1 }
    return 0
  }
}
