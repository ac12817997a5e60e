// PC9xxx: reading inputs and writing outputs.

extension DiagnosticDescriptor {
  public static let unreadableInput = DiagnosticDescriptor(
    "PC9001", .error, "input cannot be read",
    explanation: """
      The file does not exist, is a directory where a file was expected, is too large \
      (see docs/limits.md) or cannot be read. profilec exits with status 2.
      """,
    bad: "profilec compile missing.profile.yaml", fixed: "profilec compile byod.profile.yaml",
    exampleLanguage: "sh")

  public static let unwritableOutput = DiagnosticDescriptor(
    "PC9002", .error, "output cannot be written",
    explanation: """
      profilec writes every output of a run completely beside its target first, and only \
      when all are written do they take their names (a new output is linked into place, \
      an existing one replaced by a rename). A write that fails (the disk or a quota is \
      full) therefore leaves every output of the run as it was, and the message says so. \
      Check that the folder exists and is writable and that there is room. The same code \
      refuses, before anything is written, two sources that would compile to one file \
      (`a.yaml` beside `a.profile.yaml`) and an output that is one of the sources. \
      profilec exits with status 2.
      """,
    bad: "profilec compile byod.profile.yaml -o /read-only/byod.mobileconfig",
    fixed: "profilec compile byod.profile.yaml -o build/byod.mobileconfig", exampleLanguage: "sh")

  public static let staleOutput = DiagnosticDescriptor(
    "PC9004", .error, "committed output is stale",
    explanation: """
      With `--check`, profilec compiles the sources and compares each result with the \
      output already on disk instead of writing it. A difference means the source changed \
      without recompiling; run the same command without `--check` and commit the result.
      """,
    bad: "profilec compile profiles/ --check   # byod.mobileconfig differs",
    fixed: "profilec compile profiles/ && git add profiles/", exampleLanguage: "sh")

  public static let missingOutput = DiagnosticDescriptor(
    "PC9005", .error, "committed output is missing",
    explanation: """
      With `--check`, every source must have its compiled output next to it (or under \
      `--out-dir`). Compile without `--check` and commit the new file.
      """,
    bad: "profilec compile profiles/ --check   # byod.mobileconfig does not exist",
    fixed: "profilec compile profiles/ && git add profiles/", exampleLanguage: "sh")

  public static let noSourcesFound = DiagnosticDescriptor(
    "PC9006", .warning, "no sources in a folder",
    explanation: "A folder given to `compile` or `check` holds no `*.profile.yaml` file, at any depth.",
    bad: "profilec check empty-folder/", fixed: "profilec check profiles/", exampleLanguage: "sh")

  public static let diagnosticsTruncated = DiagnosticDescriptor(
    "PC9007", .note, "too many diagnostics",
    explanation: """
      profilec reports at most 1,000 diagnostics per file and phase; a file with more is \
      almost always not a profile source at all (or one broken line confused everything \
      after it). Fix the first ones and run again.
      """,
    bad: "profilec check generated-garbage.profile.yaml", fixed: "profilec check byod.profile.yaml",
    exampleLanguage: "sh")
}

extension Catalog {
  static let ioCodes: [DiagnosticDescriptor] = [
    .unreadableInput, .unwritableOutput, .staleOutput, .missingOutput, .noSourcesFound,
    .diagnosticsTruncated,
  ]
}
