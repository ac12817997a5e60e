import Diagnostics
import Foundation
import ProfileSyntax
import Testing

@testable import ProfileCompiler

/// Random documents in random layouts (odd indentation, flow and block, every quoting
/// style, block scalars, comments and blank lines everywhere): `fmt` must keep their
/// meaning (by our parser and by PyYAML), keep every comment, and be idempotent.
@Suite struct FormatFuzzTests {
  struct Rng {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
  }

  static let texts = [
    "abc", "Company Portal", "com.contoso.app", "https://portal.manage.microsoft.com/", "1", "-3",
    "1.5", "15.0", "0x1F", "true", "false", "yes", "No", "null", "~", "", "2027-01-31T00:00:00Z",
    "a: b", "a:b", "a #b", "a#b", "#x", "- x", "-x", "?q", ":c", "[x]", "{y}", "a,b", "it's",
    "say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "two\n\nparagraphs", " lead",
    "trail ", "ünïcödé ✓", "@at", "`tick", "%pc", "*star", "&amp", "!bang", "|pipe", ">gt",
    "${env:HOME}", "ends:", "a  b", "x\u{85}y", "\u{2028}",
    "a long sentence that keeps going well past the width of a line so that wrapping has to happen somewhere in the middle of it",
  ]
  static let keys = ["a", "b", "key", "Key Two", "x.y", "1", "true", "é", "a:b", "-k", "URL", "PayloadType", "with space"]
  static let blockLines = ["text", "more text", "", "  indented", "# hash", "end", "x: y", "- item"]
  static let comments = ["# c", "# note: something", "#no-space", "# profilec: allow PC2001", "# ## double"]

  indirect enum Value {
    case scalar(String)
    case block([String])
    case map([(String, Value)])
    case seq([Value])
  }

  struct Generator {
    var rng: Rng

    mutating func value(depth: Int) -> Value {
      if depth >= 4 || rng.chance(35) {
        return rng.chance(12) ? .block((0..<rng.int(4) + 1).map { _ in rng.pick(FormatFuzzTests.blockLines) }) : .scalar(rng.pick(FormatFuzzTests.texts))
      }
      if rng.chance(55) {
        var seen: Set<String> = []
        var entries: [(String, Value)] = []
        for _ in 0..<(rng.int(4) + 1) {
          let k = rng.pick(FormatFuzzTests.keys)
          if seen.insert(k).inserted { entries.append((k, value(depth: depth + 1))) }
        }
        return .map(entries)
      }
      return .seq((0..<rng.int(4)).map { _ in value(depth: depth + 1) })
    }

    // MARK: text

    func isSimple(_ s: String) -> Bool {
      guard let f = s.unicodeScalars.first, let l = s.unicodeScalars.last else { return false }
      let ok = s.unicodeScalars.allSatisfy { c in
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || " ._/-".unicodeScalars.contains(c)
      }
      return ok && f != " " && l != " " && f != "-" && !s.contains("  ")
    }

    mutating func scalar(_ s: String, flow: Bool) -> String {
      if isSimple(s) && rng.chance(50) { return s }
      let controls = s.unicodeScalars.contains { $0.value < 0x20 || (0x80...0x9F).contains($0.value) || $0.value == 0x2028 }
      if !controls && rng.chance(40) { return "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
      var out = "\""
      for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += rng.chance(50) ? "\\t" : "\t"
        case "\u{85}": out += "\\N"
        case "\u{2028}": out += "\\L"
        default: out.unicodeScalars.append(c)
        }
      }
      return out + "\""
    }

    mutating func key(_ k: String) -> String { scalar(k, flow: false) }

    func pad(_ n: Int) -> String { String(repeating: " ", count: n) }

    mutating func maybeCommentLines(_ out: inout String, indent: Int) {
      while rng.chance(15) { out += pad(rng.int(6)) + rng.pick(FormatFuzzTests.comments) + "\n" }
      if rng.chance(15) { out += "\n" }
      _ = indent
    }

    mutating func trailing() -> String {
      rng.chance(20) ? pad(rng.int(3) + 1) + rng.pick(FormatFuzzTests.comments) : ""
    }

    func flowable(_ v: Value) -> Bool {
      switch v {
      case .scalar: return true
      case .block: return false
      case .map(let e): return e.allSatisfy { flowable($0.1) }
      case .seq(let i): return i.allSatisfy(flowable)
      }
    }

    /// Flow text; `indent` is the enclosing block's, so broken lines stay inside it.
    mutating func flow(_ v: Value, indent: Int) -> String {
      switch v {
      case .scalar(let s):
        return isSimple(s) && rng.chance(50) ? s : dq(s)
      case .block: return "\"\""
      case .map(let e):
        return "{" + e.map { dq($0.0) + ": " + flow($0.1, indent: indent) }.joined(separator: separator(indent)) + "}"
      case .seq(let i): return "[" + i.map { flow($0, indent: indent) }.joined(separator: separator(indent)) + "]"
      }
    }

    /// `, ` or a comma that ends the line (sometimes with a comment).
    mutating func separator(_ indent: Int) -> String {
      if rng.chance(15) {
        return "," + (rng.chance(50) ? " " + rng.pick(FormatFuzzTests.comments) : "") + "\n" + pad(indent + 1 + rng.int(4))
      }
      return "," + pad(rng.int(2) + 1)
    }

    func dq(_ s: String) -> String {
      var out = "\""
      for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\u{85}": out += "\\N"
        case "\u{2028}": out += "\\L"
        default: out.unicodeScalars.append(c)
        }
      }
      return out + "\""
    }

    /// `head` is already written (`key:` or `-`); writes the value after it.
    mutating func after(_ v: Value, indent: Int, out: inout String) {
      switch v {
      case .scalar(let s):
        if s.isEmpty && rng.chance(30) {
          out += trailing() + "\n"
        } else if s.contains(" ") && !s.contains("\n") && isSimple(s) && rng.chance(20) {
          // A plain scalar folded over two lines.
          let parts = s.split(separator: " ", maxSplits: 1)
          out += " " + parts[0] + "\n" + pad(indent + 2 + rng.int(3)) + parts[1] + trailing() + "\n"
        } else if s.contains(" ") && rng.chance(15) {
          // A double-quoted scalar broken over lines.
          out += " " + dq(s).replacingOccurrences(of: " ", with: "\n" + pad(indent + 1 + rng.int(3))) + trailing() + "\n"
        } else {
          out += pad(rng.int(3) + 1) + scalar(s, flow: false) + trailing() + "\n"
        }
      case .block(let lines):
        let chomp = rng.pick(["", "-", "+"])
        let style = rng.pick(["|", ">"])
        let w = indent + rng.int(4) + 1
        let needsIndicator = lines.first?.hasPrefix(" ") ?? false
        out += " " + style + (needsIndicator ? String(w - max(indent, 0)) : "") + chomp + trailing() + "\n"
        for l in lines { out += l.isEmpty ? "\n" : pad(w) + l + "\n" }
        if rng.chance(30) { out += "\n" }
      case .map(let e):
        if e.isEmpty || (flowable(v) && rng.chance(30)) {
          out += " " + flow(v, indent: indent) + trailing() + "\n"
          return
        }
        out += trailing() + "\n"
        block(v, indent: indent + rng.int(4) + 1, out: &out)
      case .seq(let i):
        if i.isEmpty || (flowable(v) && rng.chance(40)) {
          out += " " + flow(v, indent: indent) + trailing() + "\n"
          return
        }
        out += trailing() + "\n"
        block(v, indent: indent + rng.int(4) + 1, out: &out)
      }
    }

    mutating func block(_ v: Value, indent: Int, out: inout String) {
      switch v {
      case .map(let entries):
        for (k, value) in entries {
          maybeCommentLines(&out, indent: indent)
          out += pad(indent) + key(k) + ":"
          after(value, indent: indent, out: &out)
        }
      case .seq(let items):
        for item in items {
          maybeCommentLines(&out, indent: indent)
          out += pad(indent) + "-"
          after(item, indent: indent, out: &out)
        }
      default:
        out += pad(indent) + scalar("x", flow: false) + "\n"
      }
    }

    mutating func document() -> String {
      var out = ""
      maybeCommentLines(&out, indent: 0)
      if rng.chance(20) { out += "---" + trailing() + "\n" }
      var entries: [(String, Value)] = []
      var seen: Set<String> = []
      for _ in 0..<(rng.int(4) + 1) {
        let k = rng.pick(FormatFuzzTests.keys)
        if seen.insert(k).inserted { entries.append((k, value(depth: 1))) }
      }
      block(.map(entries), indent: 0, out: &out)
      maybeCommentLines(&out, indent: 0)
      return out
    }
  }

  @Test func randomDocuments() throws {
    // FMT_FUZZ_COUNT / FMT_FUZZ_SEED run a longer or different campaign locally.
    let env = ProcessInfo.processInfo.environment
    let count = env["FMT_FUZZ_COUNT"].flatMap(Int.init) ?? 600
    var generator = Generator(rng: Rng(state: env["FMT_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED_0F_F0F))
    var pairs: [[String]] = []
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profilec-fmt-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var parsed = 0
    for i in 0..<count {
      let text = generator.document()
      let file = SourceFile(path: "fuzz\(i).yaml", text: text)
      let before = Parser.parse(file)
      guard !before.diagnostics.hasErrors else { continue }
      parsed += 1
      guard case .formatted(let once) = SourceFormatter.format(file) else { continue }
      let formatted = SourceFile(path: file.path, bytes: once)
      let after = Parser.parse(formatted)
      let shown = "input:\n\(text)\noutput:\n\(String(decoding: once, as: UTF8.self))"
      #expect(!after.diagnostics.hasErrors, "\(after.diagnostics.map(\.message))\n\(shown)")
      guard !after.diagnostics.hasErrors else { continue }
      #expect(ToolsFixtures.sameMeaning(before.root, after.root), "meaning changed\n\(shown)")
      #expect(ToolsFixtures.commentTexts(before) == ToolsFixtures.commentTexts(after), "comments changed\n\(shown)")
      if case .formatted(let twice) = SourceFormatter.format(formatted) {
        #expect(twice == once, "not idempotent\n\(shown)\nsecond:\n\(String(decoding: twice, as: UTF8.self))")
      }
      let a = dir.appendingPathComponent("\(i).in.yaml"), b = dir.appendingPathComponent("\(i).out.yaml")
      try Data(text.utf8).write(to: a)
      try Data(once).write(to: b)
      pairs.append([a.path, b.path])
    }
    // Most generated documents must be valid, or the test proves little.
    #expect(parsed * 3 > count * 2, "only \(parsed) of \(count) generated documents parse")
    let script = """
      import json, sys, yaml
      bad = []
      for a, b in json.load(sys.stdin):
          try:
              x = yaml.load(open(a, encoding='utf-8'), Loader=yaml.BaseLoader)
          except yaml.YAMLError:
              continue  # our subset is stricter in places; only valid YAML is compared
          try:
              y = yaml.load(open(b, encoding="utf-8"), Loader=yaml.BaseLoader)
          except yaml.YAMLError as e:
              bad.append(b + " " + str(e).replace(chr(10), " ")); continue
          if x != y: bad.append(a)
      print('\\n'.join(bad))
      """
    let (status, out) = try ToolsFixtures.python(script, stdin: try JSONSerialization.data(withJSONObject: pairs))
    #expect(status == 0)
    let bad = out.split(separator: "\n").map(String.init)
    #expect(bad.isEmpty, "PyYAML disagrees on \(bad.count): \(bad.prefix(3).map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? $0 })")
  }
}
