public enum Severity: String, Sendable, Comparable, CaseIterable {
  case note, warning, error

  private var rank: Int {
    switch self {
    case .note: return 0
    case .warning: return 1
    case .error: return 2
    }
  }
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One text replacement; the range is in bytes of the diagnostic's file.
public struct TextEdit: Sendable, Equatable {
  public var range: SourceRange
  public var replacement: String
  public init(range: SourceRange, replacement: String) {
    self.range = range
    self.replacement = replacement
  }
}

/// A suggested change: shown as `= help:` and carried in JSON/SARIF output.
public struct FixIt: Sendable, Equatable {
  public var message: String
  public var edits: [TextEdit]
  public init(_ message: String, edits: [TextEdit] = []) {
    self.message = message
    self.edits = edits
  }
}

/// The one diagnostic model that every renderer reads (SPEC §7).
public struct Diagnostic: Sendable {
  public var severity: Severity
  public var code: String
  /// One lowercase phrase, no final period.
  public var message: String
  /// The file the diagnostic belongs to; `nil` only for diagnostics about the command line.
  public var file: SourceFile?
  /// Used when the file could not be read (there are no bytes to point into).
  public var fileName: String?
  public var range: SourceRange?
  /// Data path such as `payloads[1].URL`.
  public var path: String?
  public var notes: [String]
  public var fixIts: [FixIt]

  public init(
    _ descriptor: DiagnosticDescriptor, _ message: String, file: SourceFile? = nil,
    range: SourceRange? = nil, path: String? = nil, notes: [String] = [], fixIts: [FixIt] = []
  ) {
    self.severity = descriptor.severity
    self.code = descriptor.code
    self.message = message
    self.file = file
    self.fileName = file?.path
    self.range = range
    self.path = path
    self.notes = notes
    self.fixIts = fixIts
  }

  public var displayFileName: String? { file?.path ?? fileName }

  public var startLocation: SourceLocation? {
    guard let file, let range else { return nil }
    return file.location(of: range.start)
  }

  public var endLocation: SourceLocation? {
    guard let file, let range else { return nil }
    return file.location(of: range.end)
  }
}

/// Collects diagnostics for one file while a phase runs.
public struct DiagnosticBag: Sendable {
  public var diagnostics: [Diagnostic] = []
  public let file: SourceFile?
  /// Diagnostics kept per bag; hostile input (200,000 unknown keys) must not turn into
  /// 200,000 messages. Past the limit they are counted, and one note says so.
  public static let limit = 1000
  public private(set) var dropped = 0
  public init(file: SourceFile?) { self.file = file }

  public var isFull: Bool { diagnostics.count >= DiagnosticBag.limit }

  public mutating func add(_ d: Diagnostic) {
    guard !isFull else {
      dropped += 1
      return
    }
    diagnostics.append(d)
  }

  public mutating func emit(
    _ descriptor: DiagnosticDescriptor, _ message: String, _ range: SourceRange?,
    path: String? = nil, notes: [String] = [], fixIts: [FixIt] = []
  ) {
    add(
      Diagnostic(
        descriptor, message, file: file, range: range, path: path, notes: notes, fixIts: fixIts))
  }

  /// The diagnostics, plus a note when some were dropped.
  public var all: [Diagnostic] {
    guard dropped > 0 else { return diagnostics }
    return diagnostics + [
      Diagnostic(
        .diagnosticsTruncated, "\(dropped) more diagnostics in this file were not reported",
        file: file, notes: ["fix the ones above and run again"])
    ]
  }

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  public var errorCount: Int { diagnostics.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }
}

extension Array where Element == Diagnostic {
  public var errorCount: Int { reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }
  public var warningCount: Int { reduce(0) { $0 + ($1.severity == .warning ? 1 : 0) } }
  public var hasErrors: Bool { contains { $0.severity == .error } }

  /// Stable order: by file, then position, then code (SPEC: stable diagnostics order).
  public func sortedForOutput() -> [Diagnostic] {
    let indexed = self.enumerated().map { ($0.offset, $0.element) }
    return indexed.sorted { a, b in
      let fa = a.1.displayFileName ?? "", fb = b.1.displayFileName ?? ""
      if fa != fb { return fa.unicodeScalars.lexicographicallyPrecedes(fb.unicodeScalars) }
      let ra = a.1.range?.start ?? -1, rb = b.1.range?.start ?? -1
      if ra != rb { return ra < rb }
      return a.0 < b.0
    }.map { $0.1 }
  }
}
