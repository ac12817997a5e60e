import Diagnostics
import ProfileCompiler

/// The command line: argument parsing, exit codes, file I/O. Everything clever lives in
/// the ProfileCompiler library.
enum CLI {
  static let version = SARIFRenderer.toolVersion

  static let commands: [(name: String, summary: String)] = [
    ("compile", "compile sources to .mobileconfig files"),
    ("check", "validate sources, write nothing"),
    ("lint", "check existing .mobileconfig files"),
    ("import", "print an equivalent source for a .mobileconfig"),
    ("diff", "compare two profiles (sources or .mobileconfig) as compiled values"),
    ("fmt", "rewrite sources in canonical layout"),
    ("explain", "explain a diagnostic code"),
    ("schema", "list, show or export the schemas in use"),
  ]

  static func run(_ args: [String]) -> Int32 {
    guard let first = args.first else {
      FileIO.writeStandardError(mainHelp)
      return 2
    }
    if first == "--version" {
      FileIO.writeStandardOutput(versionText)
      return 0
    }
    if first == "--help" || first == "-h" || first == "help" {
      if args.count > 1 {
        // `help bogus` is a usage error, like `profilec bogus`.
        guard let text = help(for: args[1]) else { return unknownCommand(args[1]) }
        FileIO.writeStandardOutput(text)
      } else {
        FileIO.writeStandardOutput(mainHelp)
      }
      return 0
    }
    let command = first
    guard commands.contains(where: { $0.name == command }) else { return unknownCommand(command) }
    do {
      let options = try Options.parse(command: command, Array(args.dropFirst()))
      if options.help {
        FileIO.writeStandardOutput(help(for: command) ?? mainHelp)
        return 0
      }
      if options.version {
        FileIO.writeStandardOutput(versionText)
        return 0
      }
      switch command {
      case "compile": return try CompileCommand(options: options, writeOutputs: true).run()
      case "check": return try CompileCommand(options: options, writeOutputs: false).run()
      case "explain": return try ExplainCommand.run(options)
      case "lint": return try LintCommand.run(options)
      case "import": return try ImportCommand.run(options)
      case "diff": return try DiffCommand.run(options)
      case "fmt": return try FmtCommand.run(options)
      case "schema": return try SchemaCommand.run(options)
      default: return 2
      }
    } catch let error as UsageError {
      var text = "profilec: error: \(error.message)\n"
      text += "run 'profilec \(error.command.map { $0 + " " } ?? "")--help' for usage\n"
      FileIO.writeStandardError(text)
      return 2
    } catch {
      FileIO.writeStandardError("profilec: error: \(error)\n")
      return 2
    }
  }

  static var versionText: String {
    "profilec \(version) (schemas: \(SchemaRegistry.releaseName))\n"
  }

  static let commonFlags = """
    Common options:
      --format human|json|sarif|github   diagnostics format (default human, on stderr)
      --warnings-as-errors               treat warnings as errors (exit 1)
      --allow CODE[,CODE]                silence warnings/notes with these codes
      --deny CODE[,CODE]                 turn these codes into errors
      --strict                           payload types without a schema are errors
      --color auto|always|never          colour in human output (default auto)
      --schemas DIR                      use the schemas in DIR instead of the built-in set
      --quiet, -q                        print errors only
      --help, -h                         show help
      --version                          show the version

    """

  static var mainHelp: String {
    var s = """
      profilec \(version): compile, validate, lint, import and diff Apple configuration profiles

      Usage: profilec <command> [options] [arguments]

      Commands:

      """
    for c in commands {
      s += "  " + c.name + String(repeating: " ", count: max(1, 10 - c.name.count)) + c.summary + "\n"
    }
    s += "\n" + commonFlags
    s += "Exit status: 0 success (warnings allowed), 1 errors or differences, 2 usage error or unreadable input.\n"
    s += "Run 'profilec <command> --help' for a command's options; docs/ has the full guide.\n"
    return s
  }

  /// Reports an unknown command (with a did-you-mean); the usage-error status.
  static func unknownCommand(_ name: String) -> Int32 {
    let suggestion = Suggest.didYouMean(name, commands.map(\.name))
    FileIO.writeStandardError("profilec: error: unknown command '\(name)'\(suggestion)\nrun 'profilec --help' for the list of commands\n")
    return 2
  }

  static func help(for command: String) -> String? {
    let body: String
    switch command {
    case "compile":
      body = """
        Usage: profilec compile FILE|DIR... [-o FILE | --out-dir DIR] [--emit mobileconfig,intune] [--check]

        Compiles profile sources (*.profile.yaml) to .mobileconfig files. With one file and
        neither -o nor --out-dir the profile goes to stdout; a folder compiles every
        *.profile.yaml below it and writes NAME.mobileconfig next to each source (or
        mirrored under --out-dir). A run with errors writes nothing.

          -o, --output FILE     write the profile to FILE (one input only)
          --out-dir DIR         write outputs under DIR, mirroring the sources' folders
          --emit KINDS          mobileconfig (always written) and intune (also write
                                NAME.intune.json: Microsoft Graph request bodies)
          --check               write nothing; fail when an output is missing or stale

        """
    case "check":
      body = """
        Usage: profilec check FILE|DIR...

        Validates sources exactly as compile does and writes nothing.

        """
    case "lint":
      body = """
        Usage: profilec lint FILE.mobileconfig|DIR... [--enrollment TYPE] [--platform P] [--min-os V] [--strict]

        Checks existing profiles (XML, binary or CMS-signed): property-list problems first,
        then every validation rule in the given enrollment context. Without --platform the
        platform is inferred (iOS, or macOS when a payload exists only there); without
        --enrollment the type is 'device'. Folders are searched for *.mobileconfig files;
        each file is checked on its own. Unknown keys and missing schema-required keys are
        warnings here (errors in sources); --strict makes unknown payload types and
        malformed PayloadUUIDs errors. Exit 0 clean or warnings, 1 errors, 2 unreadable.

        """
    case "import":
      body = """
        Usage: profilec import FILE.mobileconfig [--enrollment TYPE] [--platform P] [--min-os V]

        Prints a source that compiles back to the same profile (identifiers and UUIDs
        included) on stdout, with an enrollment block for the given or inferred context.
        Diagnostics go to stderr. A profile with errors prints what can be written and
        exits 1; see docs/lint-import.md for what a source cannot express.

        """
    case "diff":
      body = """
        Usage: profilec diff OLD NEW [--uuids] [--format text|markdown|json]

        Compares two profiles (sources or .mobileconfig files: XML, binary or signed) as
        compiled values, matching payloads by PayloadIdentifier; one line per changed (~),
        added (+) or removed (-) key path. Key order never matters, a new payload order is
        a note, and PayloadUUID changes are ignored unless --uuids. markdown gives a table
        for a pull-request comment, json a machine-readable list.
        Exit 0 when equal, 1 when different, 2 when an input cannot be read or compiled.

        """
    case "fmt":
      body = """
        Usage: profilec fmt FILE|DIR... [--check]

        Rewrites sources in canonical layout (2-space indentation, one space after ':',
        quotes only where the plain text could change type, short lists kept as [a, b]),
        keeping every comment and never changing what a source compiles to. Folders are
        searched for *.profile.yaml. --check writes nothing, lists the files that would
        change on stdout and exits 1 if there are any. Files with syntax errors are left
        alone (exit 1).

        """
    case "explain":
      body = """
        Usage: profilec explain CODE

        Prints the long explanation of a diagnostic code, with an example and its fix.
        'profilec explain --list' lists every code.

        """
    case "schema":
      body = """
        Usage: profilec schema list
               profilec schema show TYPE
               profilec schema export --json-schema

        list: every payload type with its platforms; show: a payload's keys, types and
        availability per platform and enrollment type; export: a JSON Schema of the source
        language for editors.

        """
    default:
      return nil
    }
    if command == "diff" {
      // diff's --format is its own (text, markdown, json); the common list names the
      // diagnostics formats of the other commands.
      let lines = commonFlags.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        line.contains("--format human|json|sarif|github")
          ? "  --format text|markdown|json        the report's format (default text)" : String(line)
      }
      return body + "\n" + lines.joined(separator: "\n")
    }
    return body + "\n" + commonFlags
  }
}
