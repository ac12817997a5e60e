// PC4xxx: enrollment and Intune rules (SPEC §3, cross-field and seed rules).

extension DiagnosticDescriptor {
  public static let minOSBelowFloor = DiagnosticDescriptor(
    "PC4001", .error, "min-os below the enrollment type's floor",
    explanation: """
      Each Intune enrollment type has an oldest supported OS: app-based enrollment needs \
      iOS/iPadOS 14, web-based enrollment and account-driven User Enrollment 15, the \
      deprecated User Enrollment with Company Portal 13. Devices below the floor cannot \
      enroll this way (web-based falls back to app-based on older devices), so a lower \
      `min-os` promises something the type cannot deliver.
      """,
    bad: "enrollment:\n  type: web-based\n  min-os: \"14.0\"",
    fixed: "enrollment:\n  type: web-based\n  min-os: \"15.0\"")

  public static let jitNeedsIntune = DiagnosticDescriptor(
    "PC4002", .error, "JIT registration needs an Intune enrollment type",
    explanation: """
      Just-in-time registration is an Intune feature: the Microsoft SSO plug-in registers \
      the device with Microsoft Entra during an Intune enrollment. Declare one of \
      `app-based`, `web-based`, `account-driven-user` or `user-with-company-portal`.
      """,
    bad: "enrollment:\n  type: device\n  jit-registration: true",
    fixed: "enrollment:\n  type: web-based\n  jit-registration: true")

  public static let jitNeedsMicrosoftSSO = DiagnosticDescriptor(
    "PC4003", .error, "JIT registration needs the Microsoft SSO extension",
    explanation: """
      Just-in-time registration runs inside the Microsoft Enterprise SSO plug-in, so the \
      profile must carry the SSO extension payload: an `sso:` block with `provider: \
      microsoft`. The fix-it inserts one.
      """,
    bad: "enrollment:\n  type: web-based\n  jit-registration: true",
    fixed: "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft")

  public static let deviceRegistrationAdded = DiagnosticDescriptor(
    "PC4004", .note, "device_registration added for JIT registration",
    explanation: """
      With `jit-registration: true` the compiler adds `device_registration` with the value \
      `{{DEVICEREGISTRATION}}` to the SSO payload's ExtensionData, which is what turns on \
      just-in-time registration in the plug-in. The note only tells you it was added.
      """,
    bad: "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft",
    fixed: "enrollment:\n  type: web-based\n  jit-registration: true\nsso:\n  provider: microsoft\n  extension-data:\n    device_registration: \"{{DEVICEREGISTRATION}}\"")

  public static let deviceRegistrationWrongValue = DiagnosticDescriptor(
    "PC4005", .error, "device_registration has the wrong value",
    explanation: """
      The plug-in only recognises the literal token `{{DEVICEREGISTRATION}}` (a string). \
      Any other value silently disables just-in-time registration.
      """,
    bad: "sso:\n  provider: microsoft\n  extension-data:\n    device_registration: \"{{DEVICE_REGISTRATION}}\"",
    fixed: "sso:\n  provider: microsoft\n  extension-data:\n    device_registration: \"{{DEVICEREGISTRATION}}\"")

  public static let extensionDataWhitespace = DiagnosticDescriptor(
    "PC4006", .error, "whitespace around an SSO ExtensionData key or value",
    explanation: """
      Microsoft documents that JIT registration does not work when a key or value in the \
      plug-in's configuration has leading or trailing whitespace. Remove it.
      """,
    bad: "sso:\n  provider: microsoft\n  extension-data:\n    device_registration: \" {{DEVICEREGISTRATION}}\"",
    fixed: "sso:\n  provider: microsoft\n  extension-data:\n    device_registration: \"{{DEVICEREGISTRATION}}\"")

  public static let webBasedWithoutPortalClip = DiagnosticDescriptor(
    "PC4007", .warning, "web-based enrollment without JIT or a Company Portal web clip",
    explanation: """
      Under web-based enrollment without just-in-time registration, the Company Portal app \
      cannot tell that the device is enrolled. Microsoft recommends giving users the \
      Company Portal website as a web clip (`https://portal.manage.microsoft.com/`) or \
      turning on JIT registration with the SSO extension. The fix-it adds the web clip.
      """,
    bad: "enrollment:\n  type: web-based",
    fixed: "enrollment:\n  type: web-based\npayloads:\n  - type: com.apple.webClip.managed\n    id: company-portal\n    URL: https://portal.manage.microsoft.com/\n    Label: Company Portal")

  public static let restrictionVersionWithPatch = DiagnosticDescriptor(
    "PC4008", .warning, "restriction version with a patch number under web-based enrollment",
    explanation: """
      A known Intune issue: web-based enrollment can fail when the platform restriction's \
      minimum or maximum OS version carries a third component (`17.0.3`). Use \
      major.minor (`17.0`) for restrictions that apply to web-based enrollment.
      """,
    bad: "enrollment:\n  type: web-based\n  restrictions:\n    min-os: \"17.0.3\"",
    fixed: "enrollment:\n  type: web-based\n  restrictions:\n    min-os: \"17.0\"")

  public static let restrictionRangeInverted = DiagnosticDescriptor(
    "PC4009", .error, "restriction min-os above max-os",
    explanation: "No device could satisfy a platform restriction whose minimum version is above its maximum.",
    bad: "enrollment:\n  type: app-based\n  restrictions:\n    min-os: \"18.0\"\n    max-os: \"17.5\"",
    fixed: "enrollment:\n  type: app-based\n  restrictions:\n    min-os: \"17.0\"\n    max-os: \"18.1\"")

  public static let malformedVersion = DiagnosticDescriptor(
    "PC4010", .error, "malformed OS version",
    explanation: """
      OS versions are one to three dot-separated numbers: `17`, `17.0`, `17.0.3`. Write them \
      quoted (`\"17.10\"`) so that YAML tools keep them as text.
      """,
    bad: "enrollment:\n  type: app-based\n  min-os: \"seventeen\"",
    fixed: "enrollment:\n  type: app-based\n  min-os: \"17.0\"")

  public static let deviceLimitOutOfRange = DiagnosticDescriptor(
    "PC4011", .error, "device limit outside 1-15",
    explanation: "Intune's device limit restriction allows 1 to 15 devices per user.",
    bad: "enrollment:\n  type: app-based\n  restrictions:\n    device-limit: 20",
    fixed: "enrollment:\n  type: app-based\n  restrictions:\n    device-limit: 15")

  public static let microsoftListNotString = DiagnosticDescriptor(
    "PC4012", .error, "Microsoft SSO list key is not a comma-separated string",
    explanation: """
      The plug-in reads `AppAllowList`, `AppBlockList`, `AppPrefixAllowList` and \
      `AppCookieSSOAllowList` as one string of comma-separated entries, not as a property-list \
      array; an array is ignored. The `sso:` sugar keys (`app-allow-list: [...]`) join \
      lists for you. The fix-it rewrites the array as a string.
      """,
    bad: "sso:\n  provider: microsoft\n  extension-data:\n    AppAllowList: [com.contoso.app, com.contoso.mail]",
    fixed: "sso:\n  provider: microsoft\n  app-allow-list: [com.contoso.app, com.contoso.mail]")

  public static let prefixWithoutDot = DiagnosticDescriptor(
    "PC4013", .warning, "app prefix does not end in '.'",
    explanation: """
      Entries of `AppPrefixAllowList` match the start of bundle identifiers. Without a \
      trailing dot, `com.contoso` also matches `com.contosoevil.app`; write `com.contoso.`.
      """,
    bad: "sso:\n  provider: microsoft\n  app-prefix-allow-list: [com.contoso]",
    fixed: "sso:\n  provider: microsoft\n  app-prefix-allow-list: [com.contoso.]")

  public static let authenticatorListed = DiagnosticDescriptor(
    "PC4014", .warning, "Microsoft Authenticator listed in an SSO app list",
    explanation: """
      Microsoft Authenticator hosts the SSO plug-in itself; Microsoft says never to list it \
      (or other Microsoft apps, which get SSO anyway) in the plug-in's app lists.
      """,
    bad: "sso:\n  provider: microsoft\n  app-allow-list: [com.microsoft.azureauthenticator]",
    fixed: "sso:\n  provider: microsoft")

  public static let removalDisallowedUnsupervised = DiagnosticDescriptor(
    "PC4015", .warning, "removal-disallowed needs a supervised device",
    explanation: """
      On iOS and iPadOS, `PayloadRemovalDisallowed` only takes effect on supervised \
      devices. Without supervision users can still remove the profile; profiles installed \
      by MDM cannot be removed by users anyway.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\n  removal-disallowed: true\nenrollment:\n  type: web-based",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\nenrollment:\n  type: web-based")

  public static let removalDisallowedUserEnrollment = DiagnosticDescriptor(
    "PC4016", .error, "removal-disallowed under User Enrollment",
    explanation: """
      User Enrollment leaves the user in control of their device: Apple forbids \
      `PayloadRemovalDisallowed` there.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\n  removal-disallowed: true\nenrollment:\n  type: account-driven-user",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\nenrollment:\n  type: account-driven-user")

  public static let scopeOutsideMacOS = DiagnosticDescriptor(
    "PC4017", .warning, "scope on a platform other than macOS",
    explanation: """
      `PayloadScope` (System or User) only has a meaning on macOS, where it decides which \
      keychain and domain a profile is installed into. Remove it for other platforms.
      """,
    bad: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\n  scope: User\nenrollment:\n  platform: iOS",
    fixed: "profile:\n  identifier: com.contoso.byod\n  name: BYOD\nenrollment:\n  platform: iOS")

  public static let literalSecret = DiagnosticDescriptor(
    "PC4018", .warning, "secret written literally",
    explanation: """
      A key whose name says it holds a secret (it ends in `Password`, `Passphrase`, \
      `Secret` or `PIN`: `SharedSecret`, `AuthPassword`, ...) has a literal value (a \
      string, a number or inline data), which ends up in the repository and in build logs. \
      Interpolate it from the environment with `${env:NAME}` at compile time. Keys about \
      secrets (`passwordContentRegex`, `maxPINAgeInDays`) are not secrets.
      """,
    bad: "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: Contoso\n    Password: hunter2",
    fixed: "payloads:\n  - type: com.apple.wifi.managed\n    SSID_STR: Contoso\n    Password: ${env:WIFI_PASSWORD}")

  public static let ssoMissingTargets = DiagnosticDescriptor(
    "PC4019", .error, "SSO payload without URLs or Hosts",
    explanation: """
      An Extensible SSO payload of `Type: Redirect` acts on the `URLs` it lists; one of \
      `Type: Credential` on its `Hosts`. Without them the extension never runs.
      """,
    bad: "payloads:\n  - type: com.apple.extensiblesso\n    ExtensionIdentifier: com.example.sso\n    TeamIdentifier: ABCDE12345\n    Type: Redirect",
    fixed: "payloads:\n  - type: com.apple.extensiblesso\n    ExtensionIdentifier: com.example.sso\n    TeamIdentifier: ABCDE12345\n    Type: Redirect\n    URLs: [https://login.example.com]")

  public static let ssoInvalidURL = DiagnosticDescriptor(
    "PC4020", .error, "invalid SSO URL",
    explanation: """
      Extensible SSO URLs start with `http://` or `https://`, name a host, and carry no \
      query string or fragment (Apple rejects them).
      """,
    bad: "payloads:\n  - type: com.apple.extensiblesso\n    Type: Redirect\n    URLs: [\"https://login.example.com/?tenant=1\"]",
    fixed: "payloads:\n  - type: com.apple.extensiblesso\n    Type: Redirect\n    URLs: [https://login.example.com]")

  public static let ssoDuplicateTarget = DiagnosticDescriptor(
    "PC4021", .error, "SSO URL or host used twice",
    explanation: """
      A URL (or host) may belong to only one Extensible SSO payload on a device, across all \
      installed profiles. profilec checks every SSO payload compiled in one run; scheme and \
      host compare case-insensitively.
      """,
    bad: "# a.profile.yaml and b.profile.yaml both expand sso: {provider: microsoft}",
    fixed: "# keep the Microsoft SSO extension in one profile, assigned to every device")

  public static let deprecatedEnrollmentType = DiagnosticDescriptor(
    "PC4022", .warning, "deprecated enrollment type",
    explanation: """
      User Enrollment with Company Portal is no longer available for new enrollments; only \
      devices enrolled earlier still use it. Use account-driven User Enrollment for new \
      personal devices.
      """,
    bad: "enrollment:\n  type: user-with-company-portal",
    fixed: "enrollment:\n  type: account-driven-user")

  public static let platformNotInEnrollmentType = DiagnosticDescriptor(
    "PC4023", .error, "platform not supported by the enrollment type",
    explanation: """
      Each enrollment type exists on some platforms only: the Intune types on iOS/iPadOS, \
      Apple User Enrollment on iOS, iPadOS, macOS and visionOS, Apple Configurator on \
      iOS/iPadOS and tvOS.
      """,
    bad: "enrollment:\n  type: web-based\n  platform: macOS",
    fixed: "enrollment:\n  type: device\n  platform: macOS")

  public static let supervisedOutsideConfigurator = DiagnosticDescriptor(
    "PC4024", .warning, "supervised set for an enrollment type that decides it",
    explanation: """
      Supervision follows from the enrollment type: automated enrollment is supervised, the \
      user-initiated types are not. Only `configurator` lets you choose with `supervised:`; \
      for any other type the key is ignored and validation uses the type's own supervision.
      """,
    bad: "enrollment:\n  type: web-based\n  supervised: true",
    fixed: "enrollment:\n  type: automated")

  public static let ssoSugarConflict = DiagnosticDescriptor(
    "PC4025", .error, "SSO key set twice",
    explanation: """
      An `sso:` sugar key (`app-allow-list`, `browser-sso-interaction`, ...) and an entry of \
      `extension-data` write the same ExtensionData key. Keep one of them.
      """,
    bad: "sso:\n  provider: microsoft\n  app-allow-list: [com.contoso.app]\n  extension-data:\n    AppAllowList: com.contoso.mail",
    fixed: "sso:\n  provider: microsoft\n  app-allow-list: [com.contoso.app, com.contoso.mail]")
}

extension Catalog {
  static let intuneCodes: [DiagnosticDescriptor] = [
    .minOSBelowFloor, .jitNeedsIntune, .jitNeedsMicrosoftSSO, .deviceRegistrationAdded,
    .deviceRegistrationWrongValue, .extensionDataWhitespace, .webBasedWithoutPortalClip,
    .restrictionVersionWithPatch, .restrictionRangeInverted, .malformedVersion,
    .deviceLimitOutOfRange, .microsoftListNotString, .prefixWithoutDot, .authenticatorListed,
    .removalDisallowedUnsupervised, .removalDisallowedUserEnrollment, .scopeOutsideMacOS,
    .literalSecret, .ssoMissingTargets, .ssoInvalidURL, .ssoDuplicateTarget,
    .deprecatedEnrollmentType, .platformNotInEnrollmentType, .supervisedOutsideConfigurator,
    .ssoSugarConflict,
  ]
}
