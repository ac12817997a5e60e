import Diagnostics

/// SPEC §2 table and §3: the declared enrollment type's platforms, supervision, OS floor
/// and deprecation.
public struct EnrollmentTypeRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [
    .minOSBelowFloor, .platformNotInEnrollmentType, .supervisedOutsideConfigurator, .deprecatedEnrollmentType,
  ]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard let spec = model.enrollment else { return }
    let type = model.context.type
    let typeRange = spec.type?.range ?? spec.keyRange
    if let platform = spec.platform, !type.platforms.contains(platform.value) {
      out.emit(
        .platformNotInEnrollmentType,
        "\(type.rawValue) enrollment does not exist on \(platform.value.rawValue)", platform.range,
        path: "enrollment.platform",
        notes: ["'\(type.rawValue)' supports: " + type.platforms.map(\.rawValue).joined(separator: ", ")])
    }
    if let minOS = spec.minOS, let floor = type.floor, VersionText.compare(minOS.value, floor) < 0 {
      out.emit(
        .minOSBelowFloor,
        "min-os \(minOS.value) is below the \(floor) floor of \(type.phrase)", minOS.range,
        path: "enrollment.min-os",
        notes: type == .webBased
          ? ["devices below iOS/iPadOS 15 fall back to app-based enrollment with Company Portal"] : [],
        fixIts: [FixIt("raise it to \(floor)", edits: [TextEdit(range: minOS.range, replacement: "\"\(floor)\"")])])
    }
    if let supervised = spec.supervised, type != .configurator {
      let implied = type.impliesSupervision
      out.emit(
        .supervisedOutsideConfigurator,
        "'supervised' only applies to type 'configurator' and is ignored; \(type.phrase) is always \(implied ? "supervised" : "unsupervised")",
        supervised.range, path: "enrollment.supervised",
        fixIts: model.removalFixIts("remove it", supervised.range))
    }
    if type.isDeprecated {
      out.emit(
        .deprecatedEnrollmentType,
        "\(type.phrase) is deprecated and closed to new enrollments", typeRange, path: "enrollment.type",
        notes: ["use account-driven User Enrollment (type: account-driven-user) for new personal devices"])
    }
  }
}
