import Diagnostics

/// SPEC §3: `removal-disallowed: true` on iOS without supervision (warning) or under User
/// Enrollment (error); `scope` outside macOS (warning).
public struct ProfileKeysRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [
    .removalDisallowedUnsupervised, .removalDisallowedUserEnrollment, .scopeOutsideMacOS,
  ]
  public init() {}

  func path(_ model: ProfileModel, _ apple: String, _ profilec: String) -> String {
    model.origin == .source ? "profile." + profilec : apple
  }

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    let ctx = model.context
    if let entry = model.top.entry("PayloadRemovalDisallowed"), entry.value.boolValue == true {
      let range = entry.keyRange ?? entry.value.range
      let removal = model.origin == .source && range != nil ? model.removalFixIts("remove it", range!) : []
      if ctx.userEnrollment {
        out.emit(
          .removalDisallowedUserEnrollment, "removal-disallowed is not allowed under \(ctx.type.phrase)", range,
          path: path(model, "PayloadRemovalDisallowed", "removal-disallowed"),
          notes: ["User Enrollment leaves the device's owner in control"], fixIts: removal)
      } else if (ctx.platform == .iOS || ctx.platform == .iPadOS) && !ctx.supervised {
        out.emit(
          .removalDisallowedUnsupervised,
          "removal-disallowed needs a supervised device; under \(ctx.type.phrase) users can still remove the profile",
          range, path: path(model, "PayloadRemovalDisallowed", "removal-disallowed"),
          notes: ["profiles installed by MDM cannot be removed by users anyway"], fixIts: removal)
      }
    }
    if let entry = model.top.entry("PayloadScope"), ctx.platform != .macOS {
      let range = entry.keyRange ?? entry.value.range
      out.emit(
        .scopeOutsideMacOS, "scope only has a meaning on macOS, not \(ctx.platform.rawValue)", range,
        path: path(model, "PayloadScope", "scope"),
        fixIts: model.origin == .source && range != nil ? model.removalFixIts("remove it", range!) : [])
    }
  }
}
