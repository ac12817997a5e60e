/// A diagnostic declared once, as data: its stable code, default severity and the page
/// `profilec explain` prints (also the source of `docs/diagnostics.md`).
public struct DiagnosticDescriptor: Sendable {
  /// `PCnnnn`; stable forever.
  public let code: String
  public let severity: Severity
  /// A short phrase naming the problem (SARIF short description, explain heading).
  public let summary: String
  /// Why it matters and what to do, in a few sentences.
  public let explanation: String
  /// A source (or plist) that triggers the diagnostic.
  public let bad: String
  /// The same source, fixed.
  public let fixed: String
  /// What `bad` and `fixed` are written in (`yaml` for sources, `xml` for plists, `sh` for commands).
  public let exampleLanguage: String

  public init(
    _ code: String, _ severity: Severity, _ summary: String, explanation: String, bad: String,
    fixed: String, exampleLanguage: String = "yaml"
  ) {
    self.code = code
    self.severity = severity
    self.summary = summary
    self.explanation = explanation
    self.bad = bad
    self.fixed = fixed
    self.exampleLanguage = exampleLanguage
  }

  /// The phase a code belongs to, from its first digit (ARCHITECTURE.md).
  public var phase: String {
    let digits = code.dropFirst(2)
    switch digits.first {
    case "0": return "Syntax"
    case "1": return "Document structure"
    case "2": return "Schema"
    case "3": return "Availability in the enrollment context"
    case "4": return "Enrollment and Intune"
    case "5": return "Existing profiles"
    case "9": return "Input and output"
    default: return "Other"
    }
  }
}

/// Every diagnostic profilec can emit. Each phase declares its codes in its own file
/// (`Catalog+Syntax.swift`, ...); this list joins them.
public enum Catalog {
  public static let all: [DiagnosticDescriptor] = {
    let groups: [[DiagnosticDescriptor]] = [
      syntaxCodes, structureCodes, schemaCodes, availabilityCodes, intuneCodes,
      existingProfileCodes, ioCodes,
    ]
    return groups.flatMap { $0 }.sorted { $0.code < $1.code }
  }()

  public static func descriptor(for code: String) -> DiagnosticDescriptor? {
    all.first { $0.code == code.uppercased() }
  }
}
