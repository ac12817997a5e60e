// PC2xxx: payload contents checked against the schemas (SPEC §3, §4).

extension DiagnosticDescriptor {
  public static let noSchema = DiagnosticDescriptor(
    "PC2001", .warning, "payload type without a schema",
    explanation: """
      profilec knows every payload type in Apple's device-management release. Other types \
      (an app's own preference domain, a vendor payload) are compiled as written but not \
      validated. Under `--strict` this is an error, for teams that want every key checked.
      """,
    bad: "payloads:\n  - type: com.apple.webclip.managed   # wrong case\n    URL: https://example.com",
    fixed: "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://example.com\n    Label: Example")

  public static let unknownKey = DiagnosticDescriptor(
    "PC2002", .error, "unknown key",
    explanation: """
      The payload's schema has no key of this name. Devices ignore unknown keys, so a \
      misspelt key silently does nothing. Key names are case-sensitive and spelled exactly \
      as Apple spells them.
      """,
    bad: "restrictions:\n  allowAirdrop: false",
    fixed: "restrictions:\n  allowAirDrop: false")

  public static let wrongType = DiagnosticDescriptor(
    "PC2003", .error, "wrong value type",
    explanation: """
      The schema gives every key a type (string, integer, real, boolean, date, data, array, \
      dictionary). A value of another type is ignored or rejected by the device. Plain \
      scalars take the schema's type when their text fits it (`1` is a valid real); a \
      quoted scalar is always a string.
      """,
    bad: "restrictions:\n  allowCamera: \"false\"",
    fixed: "restrictions:\n  allowCamera: false")

  public static let valueNotAllowed = DiagnosticDescriptor(
    "PC2004", .error, "value not in the allowed list",
    explanation: """
      The schema lists the values this key accepts (its `rangelist`); anything else is \
      rejected or misread by the device. Values are case-sensitive.
      """,
    bad: "payloads:\n  - type: com.apple.extensiblesso\n    Type: redirect",
    fixed: "payloads:\n  - type: com.apple.extensiblesso\n    Type: Redirect")

  public static let valueOutOfRange = DiagnosticDescriptor(
    "PC2005", .error, "value out of range",
    explanation: "The schema bounds this number (its `range`); the device rejects values outside it.",
    bad: "payloads:\n  - type: com.apple.mobiledevice.passwordpolicy\n    maxFailedAttempts: 20",
    fixed: "payloads:\n  - type: com.apple.mobiledevice.passwordpolicy\n    maxFailedAttempts: 10")

  public static let formatMismatch = DiagnosticDescriptor(
    "PC2006", .error, "value does not match the required format",
    explanation: "The schema gives this string a format (a regular expression) that the value must match as a whole.",
    bad: "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: Contoso\n    PayloadCertificateUUID: contoso-cert",
    fixed: "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: Contoso\n    PayloadCertificateUUID: 6A1F0B3C-2D4E-4F60-8A7B-9C0D1E2F3A4B")

  public static let missingRequiredSchemaKey = DiagnosticDescriptor(
    "PC2007", .error, "required key missing",
    explanation: """
      The schema marks this key as required: without it the device refuses the payload \
      (and with it, the whole profile).
      """,
    bad: "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://portal.manage.microsoft.com/",
    fixed: "payloads:\n  - type: com.apple.webClip.managed\n    URL: https://portal.manage.microsoft.com/\n    Label: Company Portal")

  public static let multiplePayloads = DiagnosticDescriptor(
    "PC2008", .error, "more than one payload of a single-instance type",
    explanation: """
      Some payload types may be installed once per device (`multiple: false` in Apple's \
      schema). A profile with two of them does not install. Merge their keys into one.
      """,
    bad: "enrollment:\n  type: automated\npayloads:\n  - type: com.apple.app.lock\n    App: {Identifier: com.contoso.kiosk}\n  - type: com.apple.app.lock\n    App: {Identifier: com.contoso.signin}",
    fixed: "enrollment:\n  type: automated\npayloads:\n  - type: com.apple.app.lock\n    App: {Identifier: com.contoso.kiosk}")

  public static let repetitionOutOfRange = DiagnosticDescriptor(
    "PC2009", .error, "wrong number of array items",
    explanation: "The schema bounds how many items this array may hold (its `repetition`).",
    bad: "payloads:\n  - type: com.example.schema-with-bounded-array\n    Items: []",
    fixed: "payloads:\n  - type: com.example.schema-with-bounded-array\n    Items: [one]")
}

extension Catalog {
  static let schemaCodes: [DiagnosticDescriptor] = [
    .noSchema, .unknownKey, .wrongType, .valueNotAllowed, .valueOutOfRange, .formatMismatch,
    .missingRequiredSchemaKey, .multiplePayloads, .repetitionOutOfRange,
  ]
}
