// PC3xxx: availability in the enrollment context (SPEC §3). PC30xx are about whole
// payloads (they decide whether the profile installs), PC31xx about single keys (they
// decide whether a setting takes effect).

extension DiagnosticDescriptor {
  public static let payloadUnavailableOnPlatform = DiagnosticDescriptor(
    "PC3001", .error, "payload not available on the platform",
    explanation: """
      Apple's schema marks this payload type `n/a` on the target platform: devices of that \
      platform refuse the profile. Target another platform in `enrollment.platform`, or \
      move the payload to a profile for the platform that supports it.
      """,
    bad: "enrollment:\n  platform: iOS\npayloads:\n  - type: com.apple.dock",
    fixed: "enrollment:\n  platform: macOS\npayloads:\n  - type: com.apple.dock")

  public static let payloadIntroducedLater = DiagnosticDescriptor(
    "PC3002", .warning, "payload newer than min-os",
    explanation: """
      The payload type appeared in a later OS than `enrollment.min-os`: devices between \
      min-os and that release will not install the profile.
      """,
    bad: "enrollment:\n  min-os: \"15.0\"\npayloads:\n  - type: com.apple.security.acme",
    fixed: "enrollment:\n  min-os: \"16.0\"\npayloads:\n  - type: com.apple.security.acme")

  public static let payloadRemoved = DiagnosticDescriptor(
    "PC3003", .error, "payload removed",
    explanation: "Apple removed this payload type at or before the target OS; devices reject it.",
    bad: "enrollment:\n  platform: iOS\npayloads:\n  - type: com.apple.osxserver.account",
    fixed: "enrollment:\n  platform: iOS\npayloads: []")

  public static let payloadDeprecated = DiagnosticDescriptor(
    "PC3004", .warning, "payload deprecated",
    explanation: "Apple deprecated this payload type at or before the target OS; plan its replacement.",
    bad: "payloads:\n  - type: com.apple.apn.managed",
    fixed: "payloads:\n  - type: com.apple.cellular")

  public static let payloadNeedsSupervision = DiagnosticDescriptor(
    "PC3005", .error, "payload requires a supervised device",
    explanation: """
      This payload type only installs on supervised devices, and the declared enrollment \
      type does not supervise them: the whole profile would fail to install. Use \
      automated device enrollment (or a supervised Apple Configurator setup), or drop the \
      payload.
      """,
    bad: "enrollment:\n  type: app-based\npayloads:\n  - type: com.apple.homescreenlayout",
    fixed: "enrollment:\n  type: automated\npayloads:\n  - type: com.apple.homescreenlayout")

  public static let payloadForbiddenUnderUserEnrollment = DiagnosticDescriptor(
    "PC3006", .error, "payload not allowed under User Enrollment",
    explanation: """
      User Enrollment keeps the organisation away from the personal side of a device, and \
      Apple forbids this payload type there (for example a device-wide VPN; use a per-app \
      VPN instead).
      """,
    bad: "enrollment:\n  type: account-driven-user\npayloads:\n  - type: com.apple.vpn.managed",
    fixed: "enrollment:\n  type: account-driven-user\npayloads:\n  - type: com.apple.vpn.managed.applayer")

  public static let payloadIgnoredUnderUserEnrollment = DiagnosticDescriptor(
    "PC3007", .warning, "payload ignored under User Enrollment",
    explanation: "Apple accepts this payload under User Enrollment but ignores it: it has no effect.",
    bad: "enrollment:\n  type: account-driven-user",
    fixed: "enrollment:\n  type: device")

  public static let payloadNeedsMDM = DiagnosticDescriptor(
    "PC3008", .error, "payload cannot be installed by hand",
    explanation: """
      Apple allows this payload type only in profiles delivered by MDM \
      (`allowmanualinstall: false`), and the source declares `type: manual`. Deliver the \
      profile through your MDM instead.
      """,
    bad: "enrollment:\n  type: manual\nsso:\n  provider: microsoft",
    fixed: "enrollment:\n  type: web-based\nsso:\n  provider: microsoft")

  public static let keyUnavailableOnPlatform = DiagnosticDescriptor(
    "PC3101", .warning, "key not available on the platform",
    explanation: "The payload exists on the target platform but this key does not: it has no effect there.",
    bad: "enrollment:\n  platform: macOS\npayloads:\n  - type: com.apple.webClip.managed\n    URL: https://example.com\n    Label: Example\n    IsRemovable: false",
    fixed: "enrollment:\n  platform: macOS\npayloads:\n  - type: com.apple.webClip.managed\n    URL: https://example.com\n    Label: Example")

  public static let keyNeedsSupervision = DiagnosticDescriptor(
    "PC3102", .warning, "key requires a supervised device",
    explanation: """
      Apple honours this key only on supervised devices. Under an enrollment type that \
      does not supervise devices (app-based, web-based, User Enrollment, device \
      enrollment) the profile installs but the setting has no effect; Intune's "only \
      supported settings take effect" rule. Remove it, or target automated enrollment.
      """,
    bad: "enrollment:\n  type: web-based\nrestrictions:\n  allowAirDrop: false",
    fixed: "enrollment:\n  type: automated\nrestrictions:\n  allowAirDrop: false")

  public static let keyIntroducedLater = DiagnosticDescriptor(
    "PC3103", .warning, "key newer than min-os",
    explanation: "The key appeared in a later OS than `enrollment.min-os`: older devices ignore it.",
    bad: "enrollment:\n  min-os: \"14.0\"\nrestrictions:\n  blockedAppBundleIDs: [com.example.game]",
    fixed: "enrollment:\n  min-os: \"15.0\"\nrestrictions:\n  blockedAppBundleIDs: [com.example.game]")

  public static let keyDeprecated = DiagnosticDescriptor(
    "PC3104", .warning, "key deprecated",
    explanation: "Apple deprecated this key at or before the target OS; it may stop working in a later release.",
    bad: "restrictions:\n  allowVoiceDialing: false",
    fixed: "restrictions:\n  allowAssistantWhileLocked: false")

  public static let keyRemoved = DiagnosticDescriptor(
    "PC3105", .error, "key removed",
    explanation: "Apple removed this key at or before the target OS; devices ignore or reject it.",
    bad: "# a key removed in the target OS", fixed: "# remove the key")

  public static let keyUserEnrollment = DiagnosticDescriptor(
    "PC3106", .warning, "key has no effect under User Enrollment",
    explanation: """
      Under User Enrollment Apple forbids or ignores this key: the setting does not apply \
      to the device.
      """,
    bad: "enrollment:\n  type: account-driven-user\nrestrictions:\n  allowCamera: false",
    fixed: "enrollment:\n  type: account-driven-user\nrestrictions:\n  allowScreenShot: false")
}

extension Catalog {
  static let availabilityCodes: [DiagnosticDescriptor] = [
    .payloadUnavailableOnPlatform, .payloadIntroducedLater, .payloadRemoved, .payloadDeprecated,
    .payloadNeedsSupervision, .payloadForbiddenUnderUserEnrollment,
    .payloadIgnoredUnderUserEnrollment, .payloadNeedsMDM, .keyUnavailableOnPlatform,
    .keyNeedsSupervision, .keyIntroducedLater, .keyDeprecated, .keyRemoved, .keyUserEnrollment,
  ]
}
