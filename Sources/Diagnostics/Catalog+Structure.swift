// PC1xxx: the document's structure (SPEC §2) and value forms (SPEC §1).

extension DiagnosticDescriptor {
  public static let unknownTopLevelKey = DiagnosticDescriptor(
    "PC1001", .error, "unknown top-level key",
    explanation: """
      A source has the top-level keys `profile`, `enrollment`, `sso`, `restrictions` and \
      `payloads`. Anything else is most likely a typo, and silently ignoring it would drop \
      settings from the profile.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\npayload:\n  - type: com.apple.webClip.managed",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\npayloads:\n  - type: com.apple.webClip.managed")

  public static let missingRequiredKey = DiagnosticDescriptor(
    "PC1002", .error, "missing required key",
    explanation: """
      The source lacks a key the compiler needs: `profile:` with its `identifier` and \
      `name`, or a payload entry's `type`.
      """,
    bad: "profile:\n  name: Contoso BYOD",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: Contoso BYOD")

  public static let wrongShape = DiagnosticDescriptor(
    "PC1003", .error, "wrong kind of node",
    explanation: """
      A block of the document has the wrong shape: `profile`, `enrollment`, `sso` and \
      `restrictions` are mappings, `payloads` is a sequence of mappings.
      """,
    bad: "payloads:\n  type: com.apple.webClip.managed",
    fixed: "payloads:\n  - type: com.apple.webClip.managed")

  public static let nullValue = DiagnosticDescriptor(
    "PC1004", .error, "null value",
    explanation: """
      A property list has no null. An empty value, `null` or `~` cannot be compiled; give \
      the key a value or remove it.
      """,
    bad: "restrictions:\n  allowCamera:",
    fixed: "restrictions:\n  allowCamera: false")

  public static let booleanSpelling = DiagnosticDescriptor(
    "PC1005", .error, "boolean spelled other than true/false",
    explanation: """
      Booleans are exactly `true` and `false`. YAML 1.1 tools read `yes`, `no`, `on`, `off` \
      and capitalised forms as booleans while YAML 1.2 tools read them as strings; profilec \
      refuses to guess. Write `true`/`false`, or quote the value if you mean the text.
      """,
    bad: "restrictions:\n  allowCamera: no",
    fixed: "restrictions:\n  allowCamera: false")

  public static let handWrittenPayloadKey = DiagnosticDescriptor(
    "PC1006", .error, "hand-written Payload key",
    explanation: """
      The compiler writes `PayloadType`, `PayloadIdentifier`, `PayloadUUID`, \
      `PayloadVersion`, `PayloadDisplayName`, `PayloadDescription` and \
      `PayloadOrganization` itself from the meta keys `type`, `id`, `uuid`, `version`, \
      `name`, `description` and `organization`, so identifiers and UUIDs stay consistent.
      """,
    bad: "payloads:\n  - type: com.apple.webClip.managed\n    PayloadDisplayName: Portal\n    URL: https://example.com\n    Label: Portal",
    fixed: "payloads:\n  - type: com.apple.webClip.managed\n    name: Portal\n    URL: https://example.com\n    Label: Portal")

  public static let unknownBlockKey = DiagnosticDescriptor(
    "PC1007", .error, "unknown key in a profilec block",
    explanation: """
      The `profile`, `enrollment`, `sso` and `enrollment.restrictions` blocks and a payload's \
      meta keys have fixed key sets (SPEC §2). An unknown key is most likely a typo.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n  nmae: Contoso BYOD",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: Contoso BYOD")

  public static let unsetEnvironmentVariable = DiagnosticDescriptor(
    "PC1008", .error, "unset environment variable",
    explanation: """
      `${env:NAME}` is replaced by the environment variable NAME when the profile is \
      compiled. When NAME is not set the profile would carry an empty or wrong secret, so \
      compilation fails instead. Interpolated values never appear in diagnostics.
      """,
    bad: "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: Contoso\n    Password: ${env:WIFI_PASSWORD}   # WIFI_PASSWORD not exported",
    fixed: "# export WIFI_PASSWORD=... before running profilec\npayloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: Contoso\n    Password: ${env:WIFI_PASSWORD}")

  public static let badDataValue = DiagnosticDescriptor(
    "PC1009", .error, "invalid data value",
    explanation: """
      Data values are written `{base64: \"...\"}` or `{file: relative/path}` (read relative \
      to the source file). The base64 text must be valid, and the file must exist and be \
      readable.
      """,
    bad: "payloads:\n  - type: com.apple.security.root\n    PayloadContent: {file: certs/missing.cer}",
    fixed: "payloads:\n  - type: com.apple.security.root\n    PayloadContent: {base64: \"MIIBkTCB\"}")

  public static let invalidDate = DiagnosticDescriptor(
    "PC1010", .error, "invalid date",
    explanation: """
      Dates are ISO 8601 in UTC with seconds and a `Z`: `2027-01-31T00:00:00Z`. Local times, \
      offsets and fractions of a second are not accepted, so the profile means the same \
      instant everywhere.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\n  expires: 2027-01-31",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\n  expires: 2027-01-31T00:00:00Z")

  public static let numberOutOfRange = DiagnosticDescriptor(
    "PC1011", .error, "number cannot be represented",
    explanation: """
      Property-list integers are 64-bit signed; reals must be finite. A larger integer or \
      `.inf`/`.nan` cannot be written to a profile.
      """,
    bad: "payloads:\n  - type: com.example.app\n    Limit: 99999999999999999999",
    fixed: "payloads:\n  - type: com.example.app\n    Limit: 9999999999")

  public static let invalidUUID = DiagnosticDescriptor(
    "PC1012", .warning, "UUID not in the usual form",
    explanation: """
      An explicit `uuid:` is normally 32 hexadecimal digits in 8-4-4-4-12 form. Devices \
      only need a payload's UUID to be unique, so another text is kept as written (existing \
      profiles carry such UUIDs, and `import` must reproduce them), but tools that parse \
      UUIDs may reject it. Leave `uuid` out to let profilec derive a stable UUID from the \
      identifier.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\n  uuid: 1234",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\n  uuid: 6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B")

  public static let duplicatePayloadIdentity = DiagnosticDescriptor(
    "PC1013", .error, "duplicate payload identifier or UUID",
    explanation: """
      Every payload needs its own PayloadIdentifier and PayloadUUID: a device replaces a \
      payload by identifier and UUID, so two payloads sharing one would overwrite each other.
      """,
    bad: "payloads:\n  - type: com.apple.webClip.managed\n    uuid: 6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B\n    URL: https://a.example\n    Label: A\n  - type: com.apple.webClip.managed\n    uuid: 6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B\n    URL: https://b.example\n    Label: B",
    fixed: "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://a.example\n    Label: A\n  - type: com.apple.webClip.managed\n    URL: https://b.example\n    Label: B")

  public static let invalidEnumValue = DiagnosticDescriptor(
    "PC1014", .error, "value not allowed for a profilec key",
    explanation: """
      Some profilec keys take one of a fixed set of values, such as `enrollment.type`, \
      `enrollment.platform`, `profile.scope` (`System` or `User`) and `sso.provider`.
      """,
    bad: "enrollment:\n  type: web",
    fixed: "enrollment:\n  type: web-based")

  public static let emptySource = DiagnosticDescriptor(
    "PC1015", .error, "no profile in the source",
    explanation: "A source must be a mapping whose `profile:` block names the profile.",
    bad: "# nothing here yet",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: Contoso BYOD")

  public static let questionableIdentifier = DiagnosticDescriptor(
    "PC1016", .warning, "identifier is not reverse-DNS",
    explanation: """
      Devices replace an installed profile that has the same PayloadIdentifier, so \
      identifiers should be globally unique: reverse-DNS names under a domain you own \
      (`com.contoso.byod`) are the convention. Whitespace in an identifier is an error.
      """,
    bad: "profile:\n  identifier: byod\n  name: Contoso BYOD",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: Contoso BYOD")

  public static let malformedInterpolation = DiagnosticDescriptor(
    "PC1017", .error, "malformed interpolation",
    explanation: """
      Interpolation is written `${env:NAME}` where NAME is letters, digits and `_`, not \
      starting with a digit.
      """,
    bad: "payloads:\n  - type: com.apple.wifi.managed\n    Password: ${env:WIFI-PASSWORD}",
    fixed: "payloads:\n  - type: com.apple.wifi.managed\n    Password: ${env:WIFI_PASSWORD}")

  public static let noEnrollmentBlock = DiagnosticDescriptor(
    "PC1018", .note, "no enrollment block",
    explanation: """
      Without `enrollment:` the compiler validates for Apple Device Enrollment (`type: \
      device`) on iOS. Declare the enrollment type your devices really use so that \
      supervision, User Enrollment and OS-version rules are checked for them.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n  name: BYOD",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\nenrollment:\n  type: web-based\n  platform: iOS")

  public static let importCannotRepresent = DiagnosticDescriptor(
    "PC1019", .error, "value cannot be written as source",
    explanation: """
      `profilec import` writes a source that compiles back to the same profile, and reports \
      what the source language cannot say instead of writing it wrongly: a dictionary whose \
      only key is `base64` or `file` (it would read back as a data value), a string holding \
      `${env:` (it would be interpolated) or a control character such as a carriage return, \
      a non-finite real, a payload key named like a meta key (`name`, `type`, ...), or a \
      top-level key with no `profile:` spelling. The rest of the source is still printed; \
      finish it by hand, or keep that profile as a .mobileconfig. See docs/lint-import.md.
      """,
    bad: "payloads:\n  - type: com.example.app\n    Setting: {file: relative/path}   # meant as a dictionary",
    fixed: "payloads:\n  - type: com.example.app\n    Setting: {file: relative/path, kind: text}")
}

extension Catalog {
  static let structureCodes: [DiagnosticDescriptor] = [
    .unknownTopLevelKey, .missingRequiredKey, .wrongShape, .nullValue, .booleanSpelling,
    .handWrittenPayloadKey, .unknownBlockKey, .unsetEnvironmentVariable, .badDataValue,
    .invalidDate, .numberOutOfRange, .invalidUUID, .duplicatePayloadIdentity, .invalidEnumValue,
    .emptySource, .questionableIdentifier, .malformedInterpolation, .noEnrollmentBlock,
    .importCannotRepresent,
  ]
}
