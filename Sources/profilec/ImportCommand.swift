import Diagnostics
import ProfileCompiler

/// `profilec import FILE` (SPEC §6): prints an equivalent source on stdout; diagnostics go
/// to stderr. With errors it still prints what it can, and exits 1.
enum ImportCommand {
  static func run(_ o: Options) throws -> Int32 {
    guard o.positional.count == 1 else {
      throw UsageError(
        message: o.positional.isEmpty
          ? "import needs a .mobileconfig file" : "import takes exactly one file",
        command: "import")
    }
    let path = o.positional[0]
    if FileIO.kind(path) == .directory {
      throw UsageError(
        message: "'\(path)' is a folder; import takes one .mobileconfig file", command: "import")
    }
    let options = try ExistingSetup.options(o)
    let result = Importer.importFile(path, options: options)
    DiagnosticPrinter(options: o, stdoutBusy: true).print(result.diagnostics)
    if let source = result.source { FileIO.writeStandardOutput(source) }
    if result.unreadable { return 2 }
    return result.hasErrors ? 1 : 0
  }
}
