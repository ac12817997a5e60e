/// The machine-readable format of SPEC §7:
/// `{"version": 1, "diagnostics": [...], "errors": N, "warnings": N}`.
/// Keys are always present, in the documented order; unknown positions are `null`.
public enum JSONRenderer {
  public static func render(_ diagnostics: [Diagnostic]) -> String {
    var out = "{\"version\": 1,\n \"diagnostics\": ["
    for (i, d) in diagnostics.enumerated() {
      out += i == 0 ? "\n  " : ",\n  "
      out += object(d)
    }
    out += diagnostics.isEmpty ? "],\n" : "\n ],\n"
    out += " \"errors\": \(diagnostics.errorCount), \"warnings\": \(diagnostics.warningCount)}\n"
    return out
  }

  public static func object(_ d: Diagnostic) -> String {
    var fields: [String] = []
    fields.append("\"severity\": " + JSONText.quote(d.severity.rawValue))
    fields.append("\"code\": " + JSONText.quote(d.code))
    fields.append("\"message\": " + JSONText.quote(d.message))
    fields.append("\"file\": " + (d.displayFileName.map(JSONText.quote) ?? "null"))
    if let s = d.startLocation, let e = d.endLocation {
      fields.append("\"line\": \(s.line)")
      fields.append("\"column\": \(s.column)")
      fields.append("\"endLine\": \(e.line)")
      fields.append("\"endColumn\": \(e.column)")
    } else {
      fields.append("\"line\": null")
      fields.append("\"column\": null")
      fields.append("\"endLine\": null")
      fields.append("\"endColumn\": null")
    }
    fields.append("\"path\": " + (d.path.map(JSONText.quote) ?? "null"))
    fields.append("\"notes\": [" + d.notes.map(JSONText.quote).joined(separator: ", ") + "]")
    let fixes = d.fixIts.map { fix -> String in
      let rendered = fix.edits.map { editObject($0, in: d.file) }
      return "{\"message\": " + JSONText.quote(fix.message) + ", \"edits\": ["
        + rendered.joined(separator: ", ") + "]}"
    }
    fields.append("\"fixIts\": [" + fixes.joined(separator: ", ") + "]")
    return "{" + fields.joined(separator: ", ") + "}"
  }

  private static func editObject(_ edit: TextEdit, in file: SourceFile?) -> String {
    guard let file else {
      return "{\"replacement\": " + JSONText.quote(edit.replacement) + "}"
    }
    let s = file.location(of: edit.range.start)
    let e = file.location(of: edit.range.end)
    return "{\"line\": \(s.line), \"column\": \(s.column), \"endLine\": \(e.line), "
      + "\"endColumn\": \(e.column), \"replacement\": " + JSONText.quote(edit.replacement) + "}"
  }
}
