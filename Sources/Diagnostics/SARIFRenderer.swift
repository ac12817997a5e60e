/// SARIF 2.1.0 (SPEC §6, issue 6): one rule per catalog code, results with physical
/// locations (columns count Unicode code points), the data path as a logical location,
/// and fix-its as SARIF fixes.
public enum SARIFRenderer {
  public static let toolVersion = "0.1.0"
  public static let helpBase = "docs/diagnostics.md"
  public static let informationURI = "https://github.com/profilec/profilec"
  /// SARIF 2.1.0's schema gives `helpUri` the JSON Schema format `uri`: an absolute URI
  /// (a relative `docs/diagnostics.md#pc0001` fails validation with format checks on).
  public static let helpURIBase = informationURI + "/blob/main/" + helpBase

  public static func render(_ diagnostics: [Diagnostic]) -> String {
    let rules = Catalog.all
    var ruleIndex: [String: Int] = [:]
    for (i, r) in rules.enumerated() { ruleIndex[r.code] = i }
    var out = "{\n"
    out += "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
    out += "  \"version\": \"2.1.0\",\n"
    out += "  \"runs\": [\n    {\n"
    out += "      \"tool\": {\n        \"driver\": {\n"
    out += "          \"name\": \"profilec\",\n"
    out += "          \"version\": \(JSONText.quote(toolVersion)),\n"
    out += "          \"informationUri\": \(JSONText.quote(informationURI)),\n"
    out += "          \"rules\": [\n"
    out += rules.map { rule($0) }.joined(separator: ",\n")
    out += "\n          ]\n        }\n      },\n"
    out += "      \"columnKind\": \"unicodeCodePoints\",\n"
    out += "      \"results\": ["
    out += diagnostics.isEmpty ? "" : "\n"
    out += diagnostics.map { result($0, index: ruleIndex[$0.code]) }.joined(separator: ",\n")
    out += diagnostics.isEmpty ? "]\n" : "\n      ]\n"
    out += "    }\n  ]\n}\n"
    return out
  }

  static func level(_ s: Severity) -> String {
    switch s {
    case .error: return "error"
    case .warning: return "warning"
    case .note: return "note"
    }
  }

  static func rule(_ d: DiagnosticDescriptor) -> String {
    let anchor = d.code.lowercased()
    let help = d.explanation + "\n\nSee " + helpBase + "#" + anchor + " or run `profilec explain \(d.code)`."
    var s = "            {"
    s += "\"id\": \(JSONText.quote(d.code)), "
    s += "\"name\": \(JSONText.quote(ruleName(d.summary))), "
    s += "\"shortDescription\": {\"text\": \(JSONText.quote(d.summary))}, "
    s += "\"fullDescription\": {\"text\": \(JSONText.quote(d.explanation))}, "
    s += "\"help\": {\"text\": \(JSONText.quote(help)), \"markdown\": \(JSONText.quote(help))}, "
    s += "\"helpUri\": \(JSONText.quote(helpURIBase + "#" + anchor)), "
    s += "\"defaultConfiguration\": {\"level\": \(JSONText.quote(level(d.severity)))}, "
    s += "\"properties\": {\"category\": \(JSONText.quote(d.phase))}"
    s += "}"
    return s
  }

  /// "missing required key" -> "MissingRequiredKey" (SARIF rule names are identifiers).
  static func ruleName(_ summary: String) -> String {
    var out = ""
    var upper = true
    for c in summary.unicodeScalars {
      let isAlnum = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
      if !isAlnum {
        upper = true
        continue
      }
      if upper {
        out += String(c).uppercased()
        upper = false
      } else {
        out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// Percent-encodes a relative path for a SARIF `uri`.
  static func uri(_ path: String) -> String {
    var out = ""
    for b in path.utf8 {
      let c = Character(UnicodeScalar(b))
      let unreserved =
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        || c == "-" || c == "." || c == "_" || c == "~" || c == "/"
      if unreserved {
        out.append(c)
      } else {
        let hex = Array("0123456789ABCDEF")
        out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 0xF)])
      }
    }
    return out
  }

  static func region(_ file: SourceFile, _ range: SourceRange) -> String {
    let s = file.location(of: range.start)
    let e = file.location(of: range.end)
    return "{\"startLine\": \(s.line), \"startColumn\": \(s.column), \"endLine\": \(e.line), \"endColumn\": \(e.column)}"
  }

  static func result(_ d: Diagnostic, index: Int?) -> String {
    var message = d.message
    for note in d.notes { message += "\nnote: " + note }
    // A SARIF fix needs at least one replacement: advice without edits stays in the text.
    let fixes = d.fixIts.filter { !$0.edits.isEmpty }
    for fix in d.fixIts where fix.edits.isEmpty { message += "\nhelp: " + fix.message }
    var s = "        {"
    s += "\"ruleId\": \(JSONText.quote(d.code)), "
    if let index { s += "\"ruleIndex\": \(index), " }
    s += "\"level\": \(JSONText.quote(level(d.severity))), "
    s += "\"message\": {\"text\": \(JSONText.quote(message))}"
    if let name = d.displayFileName {
      var physical = "\"physicalLocation\": {\"artifactLocation\": {\"uri\": \(JSONText.quote(uri(name)))}"
      if let file = d.file, let range = d.range { physical += ", \"region\": " + region(file, range) }
      physical += "}"
      var location = "{" + physical
      if let path = d.path {
        location += ", \"logicalLocations\": [{\"fullyQualifiedName\": \(JSONText.quote(path)), \"kind\": \"member\"}]"
      }
      location += "}"
      s += ", \"locations\": [" + location + "]"
    }
    if let file = d.file, !fixes.isEmpty {
      let fixes = fixes.map { fix -> String in
        let replacements = fix.edits.map { e in
          "{\"deletedRegion\": \(region(file, e.range)), \"insertedContent\": {\"text\": \(JSONText.quote(e.replacement))}}"
        }
        return "{\"description\": {\"text\": \(JSONText.quote(fix.message))}, \"artifactChanges\": [{\"artifactLocation\": {\"uri\": \(JSONText.quote(uri(file.path)))}, \"replacements\": [\(replacements.joined(separator: ", "))]}]}"
      }
      s += ", \"fixes\": [" + fixes.joined(separator: ", ") + "]"
    }
    s += "}"
    return s
  }
}

/// GitHub Actions workflow commands: `::warning file=...,line=...,col=...,title=PC3102::message`.
public enum GitHubRenderer {
  public static func render(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    for d in diagnostics {
      let command: String
      switch d.severity {
      case .error: command = "error"
      case .warning: command = "warning"
      case .note: command = "notice"
      }
      var props: [String] = []
      if let name = d.displayFileName { props.append("file=" + escapeProperty(name)) }
      if let s = d.startLocation, let e = d.endLocation {
        props.append("line=\(s.line)")
        props.append("col=\(s.column)")
        props.append("endLine=\(e.line)")
        if e.line == s.line { props.append("endColumn=\(e.column)") }
      }
      props.append("title=" + escapeProperty(d.code))
      var message = d.message
      for note in d.notes { message += "\nnote: " + note }
      for fix in d.fixIts { message += "\nhelp: " + fix.message }
      out += "::" + command + " " + props.joined(separator: ",") + "::" + escapeData(message) + "\n"
    }
    return out
  }

  static func escapeData(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  static func escapeProperty(_ s: String) -> String {
    var out = ""
    for c in escapeData(s).unicodeScalars {
      switch c {
      case ":": out += "%3A"
      case ",": out += "%2C"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }
}
