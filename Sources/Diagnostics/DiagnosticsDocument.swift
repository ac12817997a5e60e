/// The text of `profilec explain CODE` and of `docs/diagnostics.md`, both generated from
/// the catalog so they never drift apart.
public enum DiagnosticsDocument {
  public static func page(_ d: DiagnosticDescriptor) -> String {
    var s = "\(d.code): \(d.summary) (\(d.severity.rawValue))\n"
    s += "Phase: \(d.phase)\n\n"
    s += wrap(d.explanation, width: 88) + "\n\n"
    s += "Example that triggers it:\n\n" + indent(d.bad) + "\n\n"
    s += "Fixed:\n\n" + indent(d.fixed) + "\n"
    return s
  }

  /// `docs/diagnostics.md`.
  public static func markdown() -> String {
    var s = """
      <!-- Generated from the diagnostic catalog (Sources/Diagnostics/Catalog+*.swift) by
           `UPDATE_GOLDEN=1 swift test --filter DiagnosticsDocTests`; do not edit by hand. -->
      # Diagnostics

      Every diagnostic has a stable code. Codes are grouped by phase: PC0xxx syntax,
      PC1xxx document structure, PC2xxx schema, PC3xxx availability in the enrollment
      context, PC4xxx enrollment and Intune, PC5xxx existing profiles, PC9xxx input and
      output. `profilec explain CODE` prints the same page in a terminal.

      Severities can be changed per run: `--deny CODE` makes a code an error, `--allow CODE`
      silences a warning or note, `--warnings-as-errors` fails on any warning, and a comment
      `# profilec: allow CODE` on the line before (or at the end of) the offending line
      silences it there. Errors cannot be silenced, except that a comment may allow an
      unknown key (PC2002) or a missing schema-required key (PC2007) where it is reported.


      """
    var phase = ""
    s += "| code | severity | summary |\n|---|---|---|\n"
    for d in Catalog.all {
      s += "| [\(d.code)](#\(d.code.lowercased())) | \(d.severity.rawValue) | \(d.summary) |\n"
    }
    s += "\n"
    for d in Catalog.all {
      if d.phase != phase {
        phase = d.phase
        s += "## \(phase)\n\n"
      }
      s += "<a id=\"\(d.code.lowercased())\"></a>\n"
      s += "### \(d.code): \(d.summary)\n\n"
      s += "Severity: **\(d.severity.rawValue)**\n\n"
      s += d.explanation + "\n\n"
      s += "Triggers it:\n\n```\(d.exampleLanguage)\n\(d.bad)\n```\n\n"
      s += "Fixed:\n\n```\(d.exampleLanguage)\n\(d.fixed)\n```\n\n"
    }
    return s
  }

  static func indent(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
  }

  static func wrap(_ text: String, width: Int) -> String {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if line.isEmpty {
        line = String(word)
      } else if line.count + 1 + word.count > width {
        lines.append(line)
        line = String(word)
      } else {
        line += " " + word
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines.joined(separator: "\n")
  }
}
