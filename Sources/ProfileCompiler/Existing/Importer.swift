import Diagnostics
import ProfileSchemas
import ProfileSyntax
import PropertyList

/// What `import` gives for one file.
public struct ImportOutput: Sendable {
  /// The source; nil when nothing could be read.
  public var source: String?
  /// Lint's diagnostics for the file, then import's own.
  public var diagnostics: [Diagnostic]
  public var unreadable: Bool
  public var hasErrors: Bool { diagnostics.hasErrors }
}

/// The library API behind `profilec import` (SPEC §6): for a profile that lints without
/// errors, compiling the source gives the same property list, identifiers and UUIDs
/// included (integers in keys whose schema type is real come back as reals). The source
/// is compiled once more before it is returned, to mark the keys lint accepts but a
/// source must allow explicitly, and to check the round trip.
public enum Importer {
  public static func importFile(_ path: String, options: LintOptions) -> ImportOutput {
    let lint = Linter.lintFile(path, options: options)
    return importLinted(lint, options: options)
  }

  public static func importProfile(
    path: String, bytes: [UInt8], options: LintOptions = LintOptions()
  ) -> ImportOutput {
    importLinted(Linter.lint(path: path, bytes: bytes, options: options), options: options)
  }

  static func importLinted(_ lint: LintOutput, options: LintOptions) -> ImportOutput {
    guard let model = lint.model else {
      return ImportOutput(source: nil, diagnostics: lint.diagnostics, unreadable: lint.unreadable)
    }
    var writer = SourceWriter(
      model: model, schemas: options.validation.schemas, minOS: options.context.minOS)
    var text = writer.write()
    var diagnostics = lint.diagnostics
    var own = writer.bag.all

    // Compile the source as `compile` would. Keys lint reports as warnings (unknown or
    // missing required keys) are errors in a source unless a comment allows them there.
    let compileOptions = CompileOptions(
      schemas: options.validation.schemas, environment: { _ in nil })
    let sourcePath = lint.path + ".profile.yaml"
    var output = Compiler.compile(
      SourceFile(path: sourcePath, bytes: Array(text.utf8)), options: compileOptions)
    let allowed = allowances(output.diagnostics)
    if !allowed.isEmpty {
      text = insertAllowComments(text, allowed)
      output = Compiler.compile(
        SourceFile(path: sourcePath, bytes: Array(text.utf8)), options: compileOptions)
    }
    // Check the round trip, unless lint or the writer already explained why it fails.
    if !diagnostics.hasErrors && !own.hasErrors, let root = lint.read?.root {
      var bag = DiagnosticBag(file: model.file)
      if let error = output.diagnostics.first(where: { $0.severity == .error }) {
        bag.emit(
          .importCannotRepresent, "the imported source does not compile: \(error.message)", nil,
          notes: ["please report this; the source printed is incomplete"])
      } else if let compiled = output.model?.plist(),
        let difference = PlistComparison.firstDifference(root, compiled)
      {
        bag.emit(
          .importCannotRepresent,
          "the imported source does not reproduce the profile at '\(difference)'", nil,
          path: difference, notes: ["please report this; the source printed is not exact"])
      }
      own += bag.all
    }
    diagnostics += options.policy.apply(own)
    return ImportOutput(source: text, diagnostics: diagnostics, unreadable: false)
  }

  /// 0-based line -> codes a comment must allow there.
  static func allowances(_ diagnostics: [Diagnostic]) -> [Int: Set<String>] {
    var out: [Int: Set<String>] = [:]
    for d in diagnostics
    where d.severity == .error && InlineSuppressions.suppressibleErrors.contains(d.code) {
      guard let file = d.file, let range = d.range else { continue }
      out[file.lineIndex(of: range.start), default: []].insert(d.code)
    }
    return out
  }

  /// Puts `# profilec: allow CODE` on its own line before each line in `allowed`, at that
  /// line's indentation.
  static func insertAllowComments(_ text: String, _ allowed: [Int: Set<String>]) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (line, codes) in allowed.sorted(by: { $0.key > $1.key }) where line < lines.count {
      let indent = lines[line].prefix { $0 == " " }
      lines.insert(indent + "# profilec: allow " + codes.sorted().joined(separator: ", "), at: line)
    }
    return lines.joined(separator: "\n")
  }
}

/// Property-list equality as Python's `plistlib.loads(a) == plistlib.loads(b)` sees it:
/// an integer equals a real of the same value (a plain `1` in a key whose schema type is
/// real compiles to `1.0`).
public enum PlistComparison {
  /// The data path of the first difference, or nil when the values are equal.
  public static func firstDifference(_ a: PlistNode, _ b: PlistNode, path: String = "") -> String? {
    func here() -> String { path.isEmpty ? "(root)" : path }
    switch (a.value, b.value) {
    case (.dict(let x), .dict(let y)):
      let xs = x.sortedEntries
      let ys = y.sortedEntries
      var i = 0
      var j = 0
      while i < xs.count || j < ys.count {
        if j >= ys.count || (i < xs.count && scalarLess(xs[i].key, ys[j].key)) {
          return join(path, xs[i].key)
        }
        if i >= xs.count || scalarLess(ys[j].key, xs[i].key) { return join(path, ys[j].key) }
        if let d = firstDifference(xs[i].value, ys[j].value, path: join(path, xs[i].key)) {
          return d
        }
        i += 1
        j += 1
      }
      return nil
    case (.array(let x), .array(let y)):
      for k in 0..<min(x.count, y.count) {
        if let d = firstDifference(x[k], y[k], path: path + "[\(k)]") { return d }
      }
      return x.count == y.count ? nil : path + "[\(min(x.count, y.count))]"
    case (.integer(let x), .real(let y)), (.real(let y), .integer(let x)):
      return Double(x) == y ? nil : here()
    default:
      return a.value == b.value ? nil : here()
    }
  }

  static func join(_ path: String, _ key: String) -> String {
    path.isEmpty ? key : path + "." + key
  }
}
