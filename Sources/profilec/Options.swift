import Diagnostics
import ProfileCompiler

/// A usage error: printed with a hint and exit status 2.
struct UsageError: Error {
  var message: String
  var command: String?
}

enum OutputFormat: String {
  case human, json, sarif, github
}

enum ColorChoice: String {
  case auto, always, never
}

/// Flags every command understands (SPEC §6), plus the command's own.
struct Options {
  var command: String
  var positional: [String] = []
  var format: OutputFormat = .human
  var formatGiven = false
  var warningsAsErrors = false
  var allow: Set<String> = []
  var deny: Set<String> = []
  var strict = false
  var color: ColorChoice = .auto
  var quiet = false
  var help = false
  var version = false
  var schemasDirectory: String? = nil
  // compile / check
  var outputFile: String? = nil
  var outDir: String? = nil
  var emit: Set<String> = ["mobileconfig"]
  var checkOnly = false
  // lint / import
  var enrollment: String? = nil
  var platform: String? = nil
  var minOS: String? = nil
  // diff
  var uuids = false
  // schema export
  var jsonSchema = false
  /// Raw format name, for commands with their own formats (diff: text|markdown|json).
  var formatName: String? = nil

  /// Parses `args` (after the command name). `valueFlags` lists the command's own
  /// options that take a value; `boolFlags` those that do not.
  static func parse(command: String, _ args: [String]) throws -> Options {
    var o = Options(command: command)
    var i = 0
    func value(_ flag: String) throws -> String {
      i += 1
      guard i < args.count else { throw UsageError(message: "\(flag) needs a value", command: command) }
      return args[i]
    }
    var onlyPositional = false
    while i < args.count {
      var arg = args[i]
      var inlineValue: String? = nil
      if !onlyPositional && arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
        inlineValue = String(arg[arg.index(after: eq)...])
        arg = String(arg[..<eq])
      }
      func v(_ flag: String) throws -> String {
        if let inlineValue { return inlineValue }
        return try value(flag)
      }
      if onlyPositional || !arg.hasPrefix("-") || arg == "-" {
        o.positional.append(arg)
        i += 1
        continue
      }
      switch arg {
      case "--": onlyPositional = true
      case "--format":
        let f = try v(arg)
        o.formatName = f
        o.formatGiven = true
        if let parsed = OutputFormat(rawValue: f) {
          o.format = parsed
        } else if command != "diff" {
          throw UsageError(message: "unknown format '\(f)' (expected human, json, sarif or github)", command: command)
        }
      case "--warnings-as-errors", "-Werror": o.warningsAsErrors = true
      case "--allow": o.allow.formUnion(try codes(try v(arg), flag: arg, command: command))
      case "--deny": o.deny.formUnion(try codes(try v(arg), flag: arg, command: command))
      case "--strict": o.strict = true
      case "--color", "--colour":
        let c = try v(arg)
        guard let parsed = ColorChoice(rawValue: c) else {
          throw UsageError(message: "--color takes auto, always or never, not '\(c)'", command: command)
        }
        o.color = parsed
      case "--quiet", "-q": o.quiet = true
      case "--help", "-h": o.help = true
      case "--version": o.version = true
      case "--schemas": o.schemasDirectory = try v(arg)
      case "-o", "--output": o.outputFile = try v(arg)
      case "--out-dir": o.outDir = try v(arg)
      case "--emit":
        let kinds = try v(arg).split(separator: ",").map { String($0).trimmingSpaces() }
        for k in kinds where k != "mobileconfig" && k != "intune" {
          throw UsageError(message: "--emit takes mobileconfig and/or intune, not '\(k)'", command: command)
        }
        // SPEC §5: `--emit intune` *also* writes NAME.intune.json; the profile is always written.
        o.emit = Set(kinds).union(["mobileconfig"])
      case "--check": o.checkOnly = true
      case "--enrollment": o.enrollment = try v(arg)
      case "--platform": o.platform = try v(arg)
      case "--min-os": o.minOS = try v(arg)
      case "--uuids": o.uuids = true
      case "--json-schema": o.jsonSchema = true
      case "--list" where command == "explain": o.positional.append("list")
      default:
        throw UsageError(message: "unknown option '\(arg)'", command: command)
      }
      i += 1
    }
    return o
  }

  /// `--allow`/`--deny` values: codes separated by commas; unknown codes are usage errors.
  static func codes(_ text: String, flag: String, command: String) throws -> Set<String> {
    var out: Set<String> = []
    for part in text.split(separator: ",") {
      let code = String(part).trimmingSpaces().uppercased()
      guard let d = Catalog.descriptor(for: code) else {
        throw UsageError(message: "\(flag): unknown diagnostic code '\(part)'", command: command)
      }
      // lint and import report some error codes of sources as warnings (PC2002, PC2007).
      let warningHere = (command == "lint" || command == "import") && ExistingRules.warningCodes.contains(d.code)
      if flag == "--allow" && d.severity == .error && !warningHere {
        throw UsageError(
          message: "--allow: \(d.code) is an error and cannot be allowed (only warnings and notes can)",
          command: command)
      }
      out.insert(d.code)
    }
    return out
  }

  var policy: SeverityPolicy {
    SeverityPolicy(allow: allow, deny: deny, warningsAsErrors: warningsAsErrors)
  }

  var useColor: Bool {
    switch color {
    case .always: return true
    case .never: return false
    case .auto:
      if FileIO.environment("NO_COLOR") != nil { return false }
      if FileIO.environment("TERM") == "dumb" { return false }
      return FileIO.isTerminal(2)
    }
  }
}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
