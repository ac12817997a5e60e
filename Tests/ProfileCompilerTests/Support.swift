import Diagnostics
import ProfileCompiler
import PropertyList

/// Compiles a source held in a string (no environment variables unless given).
func compileSource(_ text: String, env: [String: String] = [:], strict: Bool = false, path: String = "test.profile.yaml") -> CompileOutput {
  let file = SourceFile(path: path, text: text)
  let environment = env
  return Compiler.compile(file, options: CompileOptions(strict: strict, environment: { environment[$0] }))
}

/// `CODE@line:col` of every diagnostic except notes.
func findings(_ output: CompileOutput) -> [String] {
  output.diagnostics.filter { $0.severity != .note }.map { d in
    "\(d.code)@\(d.startLocation.map { "\($0)" } ?? "-")"
  }
}

/// A source with ⟨ markers: the text without them and the marker positions as "line:col".
func markedSource(_ text: String) -> (String, [String]) {
  var out = ""
  var locs: [String] = []
  var line = 1, col = 1
  for ch in text.unicodeScalars {
    if ch == "⟨" {
      locs.append("\(line):\(col)")
      continue
    }
    out.unicodeScalars.append(ch)
    if ch == "\n" {
      line += 1
      col = 1
    } else {
      col += 1
    }
  }
  return (out, locs)
}

/// The compiled profile as a property list value.
func compiledPlist(_ output: CompileOutput) -> PlistDict? {
  output.model?.plist().dictValue
}
