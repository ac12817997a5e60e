import Diagnostics
import ProfileSchemas

/// SPEC §3: a key with `presence: required` must be present, unless the key does not
/// exist on the target platform (a warning in `lint`, see `ValidationContext`).
public struct RequiredKeyRule: DictRule {
  public static let codes: [DiagnosticDescriptor] = [.missingRequiredSchemaKey]
  public init() {}

  public func check(_ visit: DictVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    // Runs for every dictionary walked and almost never reports: the cheap tests first
    // (a linear scan of a small dictionary before hashing the name), the platform only
    // when a key is missing.
    for key in visit.container.requiredKeys {
      if visit.dict.index(of: key.name) != nil || visit.knownElsewhere.contains(key.name) { continue }
      let platform = Platform(rawValue: visit.model.context.platform.schemaPlatform) ?? .iOS
      guard key.availability(on: platform, inheriting: visit.availability).isAvailable else { continue }
      let owner = visit.payload.map { $0.path == visit.path ? "\($0.type) payload" : "'\(lastComponent(visit.path))'" } ?? "the profile"
      var notes = ["expected \(article(typeWord(key.type)))"]
      if let n = visit.variantNote { notes.append(n) }
      var d = Diagnostic(
        .missingRequiredSchemaKey, "\(owner) is missing the required key '\(key.name)'", file: out.file,
        range: visit.range, path: visit.path + "." + key.name, notes: notes)
      if context.missingRequiredKeysAreWarnings { d.severity = .warning }
      out.add(d)
    }
  }

  func lastComponent(_ path: String) -> String {
    var s = Substring(path)
    if let dot = s.lastIndex(of: ".") { s = s[s.index(after: dot)...] }
    return String(s)
  }
}
