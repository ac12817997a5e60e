/// The enrollment types of SPEC §2's table.
public enum EnrollmentType: String, CaseIterable, Sendable {
  case appBased = "app-based"
  case webBased = "web-based"
  case accountDrivenUser = "account-driven-user"
  case userWithCompanyPortal = "user-with-company-portal"
  case device
  case user
  case automated
  case configurator
  case manual

  /// Intune enrollment types (the first four rows of the table).
  public var isIntune: Bool {
    switch self {
    case .appBased, .webBased, .accountDrivenUser, .userWithCompanyPortal: return true
    default: return false
    }
  }

  public var platforms: [TargetPlatform] {
    switch self {
    case .appBased, .webBased, .accountDrivenUser, .userWithCompanyPortal:
      return [.iOS, .iPadOS]
    case .user: return [.iOS, .iPadOS, .macOS, .visionOS]
    case .configurator: return [.iOS, .iPadOS, .tvOS]
    case .device, .automated, .manual: return TargetPlatform.allCases
    }
  }

  /// Supervision implied by the type (`configurator` reads `supervised:`).
  public var impliesSupervision: Bool { self == .automated }

  public var isUserEnrollment: Bool {
    self == .accountDrivenUser || self == .userWithCompanyPortal || self == .user
  }

  /// The iOS floor of Intune types (SPEC §2 table).
  public var floor: String? {
    switch self {
    case .appBased: return "14.0"
    case .webBased, .accountDrivenUser: return "15.0"
    case .userWithCompanyPortal: return "13.0"
    default: return nil
    }
  }

  /// `appleUserInitiatedEnrollmentType` member for Microsoft Graph.
  public var graphEnum: String? {
    switch self {
    case .appBased: return "device"
    case .webBased: return "webDeviceEnrollment"
    case .accountDrivenUser: return "accountDrivenUserEnrollment"
    case .userWithCompanyPortal: return "user"
    default: return nil
    }
  }

  public var isDeprecated: Bool { self == .userWithCompanyPortal }

  /// How the type reads in messages ("web-based enrollment").
  public var phrase: String {
    switch self {
    case .appBased: return "app-based enrollment"
    case .webBased: return "web-based enrollment"
    case .accountDrivenUser: return "account-driven User Enrollment"
    case .userWithCompanyPortal: return "User Enrollment with Company Portal"
    case .device: return "device enrollment"
    case .user: return "User Enrollment"
    case .automated: return "automated device enrollment"
    case .configurator: return "Apple Configurator enrollment"
    case .manual: return "manual installation"
    }
  }
}

/// `enrollment.platform`. iPadOS shares iOS's schema availability.
public enum TargetPlatform: String, CaseIterable, Sendable {
  case iOS, iPadOS, macOS, tvOS, visionOS, watchOS

  /// The platform name Apple's schemas use.
  public var schemaPlatform: String { self == .iPadOS ? "iOS" : rawValue }
}
