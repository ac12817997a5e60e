import Diagnostics

/// SPEC §3: Intune enrollment restrictions (`enrollment.restrictions`): version range,
/// the web-based build-number known issue, device limit 1–15.
public struct EnrollmentRestrictionsRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [
    .restrictionVersionWithPatch, .restrictionRangeInverted, .deviceLimitOutOfRange,
  ]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard let r = model.enrollment?.restrictions else { return }
    if model.context.type == .webBased {
      for (name, version) in [("min-os", r.minOS), ("max-os", r.maxOS)] {
        guard let version, VersionText.components(version.value).count == 3 else { continue }
        let majorMinor = VersionText.components(version.value).prefix(2).map(String.init).joined(separator: ".")
        // From the environment: no suggestion made of the value (SPEC §1), and no fix-it
        // that would overwrite the reference.
        let interpolated = model.isInterpolated(at: version.range.start)
        out.emit(
          .restrictionVersionWithPatch,
          "restriction \(name) '\(version.value)' has a patch number; web-based enrollment can fail with it",
          version.range, path: "enrollment.restrictions.\(name)",
          notes: [interpolated ? "a known Intune issue: use major.minor" : "a known Intune issue: use major.minor, e.g. \"\(majorMinor)\""],
          fixIts: interpolated ? [] : [FixIt("use \"\(majorMinor)\"", edits: [TextEdit(range: version.range, replacement: "\"\(majorMinor)\"")])])
      }
    }
    if let min = r.minOS, let max = r.maxOS, VersionText.compare(min.value, max.value) > 0 {
      out.emit(
        .restrictionRangeInverted, "restriction min-os \(min.value) is above max-os \(max.value)", min.range,
        path: "enrollment.restrictions.min-os", notes: ["no device could enroll"])
    }
    if let limit = r.deviceLimit, !(1...15).contains(limit.value) {
      out.emit(
        .deviceLimitOutOfRange, "device-limit \(limit.value) is outside 1-15", limit.range,
        path: "enrollment.restrictions.device-limit", notes: ["Intune allows 1 to 15 devices per user"])
    }
  }
}
