// PC0xxx: the source file's syntax (SPEC §1).

extension DiagnosticDescriptor {
  public static let invalidUTF8 = DiagnosticDescriptor(
    "PC0001", .error, "invalid UTF-8",
    explanation: """
      Sources are UTF-8 text. A byte sequence that is not valid UTF-8 usually means the \
      file was saved in another encoding (Latin-1, UTF-16). Re-save it as UTF-8.
      """,
    bad: "profile:\n  name: Caf\\xE9 Wi-Fi   # the byte E9 on its own (Latin-1)",
    fixed: "profile:\n  name: Café Wi-Fi")

  public static let controlCharacter = DiagnosticDescriptor(
    "PC0002", .error, "control character",
    explanation: """
      A property list cannot hold C0 control characters other than tab, line feed and \
      carriage return, and YAML does not allow them raw either. This covers raw bytes in \
      the file and escapes such as `\\0` or `\\x07` in double-quoted strings.
      """,
    bad: "profile:\n  name: \"Contoso\\0\"",
    fixed: "profile:\n  name: \"Contoso\"")

  public static let tabIndentation = DiagnosticDescriptor(
    "PC0003", .error, "tab in indentation",
    explanation: """
      Indentation decides the structure of a source, and a tab means different widths in \
      different editors, so YAML forbids tabs there. Indent with spaces only.
      """,
    bad: "profile:\n\tname: Contoso",
    fixed: "profile:\n  name: Contoso")

  public static let anchorOrAlias = DiagnosticDescriptor(
    "PC0004", .error, "anchor or alias",
    explanation: """
      Anchors (`&name`) and aliases (`*name`) let YAML reuse a node. profilec rejects them \
      so that every value is visible where it applies; write the value out.
      """,
    bad: "restrictions: &r\n  allowCamera: false\npayloads:\n  - *r",
    fixed: "restrictions:\n  allowCamera: false")

  public static let tag = DiagnosticDescriptor(
    "PC0005", .error, "tag",
    explanation: """
      Tags (`!!str`, `!custom`) change how YAML reads a value. In profilec the schema \
      decides a value's type; quote a scalar to make it a string.
      """,
    bad: "profile:\n  identifier: !!str com.contoso.byod",
    fixed: "profile:\n  identifier: com.contoso.byod")

  public static let directive = DiagnosticDescriptor(
    "PC0006", .error, "directive",
    explanation: "Directives such as `%YAML 1.2` or `%TAG` are not part of the profile language; remove them.",
    bad: "%YAML 1.2\n---\nprofile:\n  name: Contoso",
    fixed: "---\nprofile:\n  name: Contoso")

  public static let severalDocuments = DiagnosticDescriptor(
    "PC0007", .error, "several documents",
    explanation: """
      A source file holds exactly one profile. A second `---` (or content after `...`) \
      starts another YAML document; put each profile in its own `.profile.yaml` file.
      """,
    bad: "profile:\n  name: A\n---\nprofile:\n  name: B",
    fixed: "profile:\n  name: A")

  public static let complexKey = DiagnosticDescriptor(
    "PC0008", .error, "complex key",
    explanation: """
      YAML's explicit keys (`? key`) and collections used as keys have no property-list \
      equivalent: plist keys are strings. Write a plain or quoted key.
      """,
    bad: "restrictions:\n  ? allowCamera\n  : false",
    fixed: "restrictions:\n  allowCamera: false")

  public static let duplicateKey = DiagnosticDescriptor(
    "PC0009", .error, "duplicate key",
    explanation: """
      A key may appear once in a mapping. YAML tools disagree about which duplicate wins, \
      so profilec rejects both rather than guess. Keep one.
      """,
    bad: "restrictions:\n  allowCamera: false\n  allowCamera: true",
    fixed: "restrictions:\n  allowCamera: false")

  public static let badIndentation = DiagnosticDescriptor(
    "PC0010", .error, "inconsistent indentation",
    explanation: """
      The entries of one mapping or sequence must start in the same column, and a line \
      indented deeper than its neighbours must belong to a key that opens a nested block.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n   name: Contoso",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: Contoso")

  public static let unterminatedQuote = DiagnosticDescriptor(
    "PC0011", .error, "unterminated quoted string",
    explanation: """
      A quoted string must end with the same quote it started with before the next line \
      that is not indented deeper. Add the closing quote.
      """,
    bad: "profile:\n  name: \"Contoso BYOD\n  identifier: com.contoso.byod",
    fixed: "profile:\n  name: \"Contoso BYOD\"\n  identifier: com.contoso.byod")

  public static let unterminatedFlow = DiagnosticDescriptor(
    "PC0012", .error, "unterminated flow collection",
    explanation: "A `[` or `{` must be closed by the matching `]` or `}`.",
    bad: "sso:\n  provider: microsoft\n  app-allow-list: [com.contoso.app, com.contoso.mail\n",
    fixed: "sso:\n  provider: microsoft\n  app-allow-list: [com.contoso.app, com.contoso.mail]\n")

  public static let invalidEscape = DiagnosticDescriptor(
    "PC0013", .error, "invalid escape sequence",
    explanation: """
      Double-quoted strings understand YAML's escapes: `\\n \\t \\" \\\\ \\/ \\uXXXX \\UXXXXXXXX \\xXX` \
      and a few more. Any other backslash sequence, and a `\\u` escape naming a lone UTF-16 \
      surrogate, is an error. Use single quotes when you want backslashes taken literally.
      """,
    bad: "payloads:\n  - type: com.example.app\n    Path: \"C:\\Users\\me\"",
    fixed: "payloads:\n  - type: com.example.app\n    Path: 'C:\\Users\\me'")

  public static let nestingTooDeep = DiagnosticDescriptor(
    "PC0014", .error, "nesting too deep",
    explanation: """
      Collections nested deeper than the limit (64 levels, see docs/limits.md) are \
      rejected so that hostile input cannot exhaust the stack. Real profiles nest far less.
      """,
    bad: "payloads: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ ... ]]]]]",
    fixed: "payloads:\n  - type: com.apple.webClip.managed")

  public static let unexpectedContent = DiagnosticDescriptor(
    "PC0015", .error, "unexpected content",
    explanation: """
      The parser found text where the grammar allows none: after a complete value on the \
      same line, a second value where one was expected, or a stray character.
      """,
    bad: "profile:\n  name: \"Contoso\" BYOD",
    fixed: "profile:\n  name: \"Contoso BYOD\"")

  public static let invalidBlockScalarHeader = DiagnosticDescriptor(
    "PC0016", .error, "invalid block scalar header",
    explanation: """
      After `|` or `>` only a chomping indicator (`-` or `+`), an indentation digit 1–9 \
      and a comment may follow on the same line; the text starts on the next line.
      """,
    bad: "profile:\n  consent-text: | Please read this",
    fixed: "profile:\n  consent-text: |\n    Please read this")

  public static let reservedIndicator = DiagnosticDescriptor(
    "PC0017", .error, "reserved character",
    explanation: """
      `@` and `` ` `` are reserved by YAML and cannot start a plain scalar; `%` starts a \
      directive. Quote the value.
      """,
    bad: "profile:\n  organization: @contoso",
    fixed: "profile:\n  organization: \"@contoso\"")

  public static let missingColon = DiagnosticDescriptor(
    "PC0018", .error, "expected a key and ':'",
    explanation: """
      Inside a mapping every line starts with `key:` (a colon followed by a space or the \
      end of the line). A colon without a following space is part of the text, as in URLs.
      """,
    bad: "profile:\n  name: Contoso BYOD\n  identifier com.contoso.byod",
    fixed: "profile:\n  name: Contoso BYOD\n  identifier: com.contoso.byod")

  public static let mappingInSequenceMix = DiagnosticDescriptor(
    "PC0019", .error, "mixed mapping and sequence",
    explanation: """
      A block is either a mapping (`key: value` lines) or a sequence (`- item` lines), \
      never both at the same indentation.
      """,
    bad: "sso:\n  provider: microsoft\n  - com.contoso.app",
    fixed: "sso:\n  provider: microsoft\n  app-allow-list:\n    - com.contoso.app")

  public static let sourceTooLarge = DiagnosticDescriptor(
    "PC0020", .error, "source too large",
    explanation: """
      A source may hold at most one million values (scalars, mapping entries and list \
      items) and no value longer than 8 MiB (see docs/limits.md). Past either limit the \
      parser stops, so that no input can make profilec use memory out of proportion. Real \
      profiles are thousands of times smaller; a file this large is generated by mistake \
      or is not a profile source.
      """,
    bad: "$ wc -c generated.profile.yaml   # 40 MB: a list of five million items",
    fixed: "$ wc -c contoso.profile.yaml   # a few KB",
    exampleLanguage: "sh")
}

extension Catalog {
  static let syntaxCodes: [DiagnosticDescriptor] = [
    .invalidUTF8, .controlCharacter, .tabIndentation, .anchorOrAlias, .tag, .directive,
    .severalDocuments, .complexKey, .duplicateKey, .badIndentation, .unterminatedQuote,
    .unterminatedFlow, .invalidEscape, .nestingTooDeep, .unexpectedContent,
    .invalidBlockScalarHeader, .reservedIndicator, .missingColon, .mappingInSequenceMix,
    .sourceTooLarge,
  ]
}
