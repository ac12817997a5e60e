import Diagnostics
import PropertyList

/// One side of `profilec diff`: a source (compiled) or an existing .mobileconfig (read).
public enum DiffInput {
  /// What a side turned into: its value, or the diagnostics that stopped it.
  public struct Loaded: Sendable {
    public var value: PlistNode?
    /// Errors only: a side with warnings still compares.
    public var errors: [Diagnostic]
    /// True when the file could not be read at all.
    public var unreadable: Bool
  }

  /// `*.yaml`/`*.yml` are sources; anything else is read as a property list (XML,
  /// binary or CMS-signed).
  public static func isSource(_ path: String) -> Bool {
    path.hasSuffix(".yaml") || path.hasSuffix(".yml")
  }

  public static func load(_ path: String, options: CompileOptions) -> Loaded {
    if isSource(path) {
      let compiled = Driver.compileOne(path, options: options)
      let errors = compiled.diagnostics.filter { $0.severity == .error }
      guard errors.isEmpty, let model = compiled.output?.model else {
        return Loaded(value: nil, errors: errors, unreadable: compiled.unreadable)
      }
      return Loaded(value: model.plist(), errors: [], unreadable: false)
    }
    switch FileIO.read(path, limit: PlistReadLimits.default.maxInputBytes) {
    case .success(let bytes):
      let result = PlistReader.read(path: path, bytes: bytes)
      let errors = result.diagnostics.filter { $0.severity == .error }
      guard errors.isEmpty, let root = result.root else {
        return Loaded(value: nil, errors: errors, unreadable: false)
      }
      return Loaded(value: root, errors: [], unreadable: false)
    case .failure(let failure):
      var d = Diagnostic(.unreadableInput, "cannot read '\(path)': \(failure)")
      d.fileName = path
      return Loaded(value: nil, errors: [d], unreadable: true)
    }
  }
}
