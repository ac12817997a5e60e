import Diagnostics
import ProfileSchemas

/// SPEC §3: a key the schema does not list is an error, with "did you mean" by edit
/// distance over the schema's keys (a warning in `lint`, see `ValidationContext`).
public struct UnknownKeyRule: DictRule {
  public static let codes: [DiagnosticDescriptor] = [.unknownKey]
  public init() {}

  public func check(_ visit: DictVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    var candidates: [String]? = nil
    for (entry, resolution) in zip(visit.dict.entries, visit.resolutions) {
      guard case .unknown = resolution else { continue }
      if out.isFull { return }
      if candidates == nil {
        candidates = visit.container.keys.map(\.name).filter { $0 != KeySchema.wildcardName }
      }
      let where_ = visit.payload.map { "in \($0.type)" } ?? "at the top level"
      var fixIts: [FixIt] = []
      let suggestion = Suggest.closest(to: entry.key, in: candidates!)
      if let suggestion, visit.model.origin == .source, let r = entry.keyRange {
        fixIts.append(FixIt("rename to '\(suggestion)'", edits: [TextEdit(range: r, replacement: suggestion)]))
      }
      var notes: [String] = []
      if let n = visit.variantNote { notes.append(n) }
      var d = Diagnostic(
        .unknownKey,
        "unknown key '\(entry.key)' \(where_)" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
        file: out.file, range: entry.keyRange ?? entry.value.range ?? visit.range,
        path: visit.path + "." + entry.key, notes: notes, fixIts: fixIts)
      if context.unknownKeysAreWarnings { d.severity = .warning }
      out.add(d)
    }
  }
}
