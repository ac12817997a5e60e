import Diagnostics
import ProfileCompiler

/// `profilec diff OLD NEW` (SPEC §6): exit 0 equal, 1 different, 2 usage error or an input
/// that cannot be read or compiled.
enum DiffCommand {
  static func run(_ o: Options) throws -> Int32 {
    guard o.positional.count == 2 else {
      throw UsageError(message: "diff takes two files: OLD NEW", command: "diff")
    }
    var format = DiffFormat.text
    if let name = o.formatName {
      // `human` is every other command's default; here it means the same text lines.
      guard let parsed = name == "human" ? .text : DiffFormat(rawValue: name) else {
        throw UsageError(message: "unknown format '\(name)' for diff (expected text, markdown or json)", command: "diff")
      }
      format = parsed
    }
    let compileOptions = try CompilerSetup.options(o)
    let (oldPath, newPath) = (o.positional[0], o.positional[1])
    let sides = [oldPath, newPath].map { DiffInput.load($0, options: compileOptions) }
    let errors = sides.flatMap(\.errors)
    if !errors.isEmpty || sides.contains(where: { $0.value == nil }) {
      // Diagnostics go to stderr in human form: stdout is reserved for the diff.
      var printing = o
      printing.format = .human
      DiagnosticPrinter(options: printing, stdoutBusy: true).print(errors)
      return 2
    }
    let diff = ProfileDiffer.diff(
      old: sides[0].value!, new: sides[1].value!, options: DiffOptions(compareUUIDs: o.uuids))
    let text = DiffRenderer.render(diff, format: format, oldName: oldPath, newName: newPath)
    if !o.quiet || format != .text { FileIO.writeStandardOutput(text) }
    return diff.isEqual ? 0 : 1
  }
}
