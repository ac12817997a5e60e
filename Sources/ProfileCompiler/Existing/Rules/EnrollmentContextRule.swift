import Diagnostics

/// The enrollment context `lint` was given (or inferred) checked like a source's
/// `enrollment:` block (EnrollmentTypeRule checks that block, which an existing profile
/// does not have): the type must exist on the platform, `--min-os` may not be below the
/// type's floor, and a deprecated type is a warning. The diagnostics have no position:
/// the context comes from the command line.
public struct EnrollmentContextRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [
    .platformNotInEnrollmentType, .minOSBelowFloor, .deprecatedEnrollmentType,
  ]
  /// What the command line gave; nil fields were defaulted or inferred.
  public let given: ExistingContextOptions
  public init(given: ExistingContextOptions) { self.given = given }

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag)
  {
    guard model.origin == .plist else { return }
    let type = model.context.type
    let platform = model.context.platform
    if !type.platforms.contains(platform) {
      var notes = [
        "'\(type.rawValue)' supports: " + type.platforms.map(\.rawValue).joined(separator: ", ")
      ]
      if given.platform == nil {
        notes.append(
          "the platform was inferred from the payloads; pass --platform to choose another")
      }
      out.emit(
        .platformNotInEnrollmentType,
        "\(type.rawValue) enrollment does not exist on \(platform.rawValue)", nil,
        path: "enrollment.platform", notes: notes)
    }
    if let minOS = given.minOS, let floor = type.floor, VersionText.compare(minOS, floor) < 0 {
      out.emit(
        .minOSBelowFloor, "--min-os \(minOS) is below the \(floor) floor of \(type.phrase)", nil,
        path: "enrollment.min-os")
    }
    if type.isDeprecated {
      out.emit(
        .deprecatedEnrollmentType, "\(type.phrase) is deprecated and closed to new enrollments",
        nil,
        path: "enrollment.type",
        notes: [
          "use account-driven User Enrollment (--enrollment account-driven-user) for new personal devices"
        ])
    }
  }
}
