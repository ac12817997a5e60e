import Diagnostics
import ProfileCompiler

/// Prints diagnostics in the chosen format: human text on stderr; JSON on stdout, or on
/// stderr when stdout carries the compiled profile (SPEC §7).
struct DiagnosticPrinter {
  var options: Options
  /// True when stdout carries a result (the profile, an imported source).
  var stdoutBusy: Bool

  func print(_ diagnostics: [Diagnostic]) {
    var shown = diagnostics.sortedForOutput()
    if options.quiet { shown = shown.filter { $0.severity == .error } }
    switch options.format {
    case .human:
      if shown.isEmpty { return }
      let text = HumanRenderer(color: options.useColor).render(shown)
      FileIO.writeStandardError(text + summary(shown))
    case .json:
      let text = JSONRenderer.render(shown)
      if stdoutBusy { FileIO.writeStandardError(text) } else { FileIO.writeStandardOutput(text) }
    case .sarif:
      let text = SARIFRenderer.render(shown)
      if stdoutBusy { FileIO.writeStandardError(text) } else { FileIO.writeStandardOutput(text) }
    case .github:
      let text = GitHubRenderer.render(shown)
      if stdoutBusy { FileIO.writeStandardError(text) } else { FileIO.writeStandardOutput(text) }
    }
  }

  /// "2 errors, 1 warning" after several diagnostics (none for a single one or quiet runs).
  func summary(_ shown: [Diagnostic]) -> String {
    if options.quiet || shown.count < 2 { return "" }
    var parts: [String] = []
    let e = shown.errorCount, w = shown.warningCount
    if e > 0 { parts.append("\(e) error\(e == 1 ? "" : "s")") }
    if w > 0 { parts.append("\(w) warning\(w == 1 ? "" : "s")") }
    if parts.isEmpty { return "" }
    return parts.joined(separator: ", ") + "\n"
  }
}
