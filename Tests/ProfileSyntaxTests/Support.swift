import Diagnostics
import ProfileSyntax

/// Renders a syntax tree as JSON with every scalar as a string, the shape PyYAML's
/// BaseLoader gives, so the two parsers can be compared.
func dumpJSON(_ node: Node?) -> String {
  guard let node else { return "null" }
  switch node.kind {
  case .scalar(let s, _): return JSONText.quote(s)
  case .missing: return "<missing>"
  case .sequence(let items, _): return "[" + items.map { dumpJSON($0) }.joined(separator: ",") + "]"
  case .mapping(let entries, _):
    return "{" + entries.map { JSONText.quote($0.keyText) + ":" + dumpJSON($0.value) }.joined(separator: ",") + "}"
  }
}

func parse(_ text: String) -> SyntaxTree {
  Parser.parse(SourceFile(path: "test.profile.yaml", text: text))
}

/// "code@line:col" for each diagnostic, for compact assertions.
func diagSummary(_ tree: SyntaxTree) -> [String] {
  tree.diagnostics.map { d in
    let loc = d.startLocation!
    return "\(d.code)@\(loc.line):\(loc.column)"
  }
}

/// A source with `⟨` `⟩` markers: returns the text without them and where they were,
/// as "line:col" of the opening marker.
func marked(_ text: String) -> (source: String, locations: [String]) {
  var out = ""
  var locs: [String] = []
  var line = 1
  var col = 1
  for ch in text.unicodeScalars {
    if ch == "⟨" {
      locs.append("\(line):\(col)")
      continue
    }
    if ch == "⟩" { continue }
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
