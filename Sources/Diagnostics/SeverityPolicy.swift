/// `--allow`, `--deny` and `--warnings-as-errors` (SPEC §6), applied after every phase ran.
public struct SeverityPolicy: Sendable {
  public var allow: Set<String>
  public var deny: Set<String>
  public var warningsAsErrors: Bool

  public init(allow: Set<String> = [], deny: Set<String> = [], warningsAsErrors: Bool = false) {
    self.allow = allow
    self.deny = deny
    self.warningsAsErrors = warningsAsErrors
  }

  /// Errors are never silenced: allowing one would let a broken profile be written.
  public func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var out: [Diagnostic] = []
    out.reserveCapacity(diagnostics.count)
    for var d in diagnostics {
      if deny.contains(d.code) { d.severity = .error }
      if d.severity != .error && allow.contains(d.code) { continue }
      if warningsAsErrors && d.severity == .warning { d.severity = .error }
      out.append(d)
    }
    return out
  }
}
