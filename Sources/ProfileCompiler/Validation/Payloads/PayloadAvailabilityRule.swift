import Diagnostics
import ProfileSchemas

/// SPEC §3, payloads: whether each payload installs in the enrollment context.
public struct PayloadAvailabilityRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [
    .payloadUnavailableOnPlatform, .payloadIntroducedLater, .payloadRemoved, .payloadDeprecated,
    .payloadNeedsSupervision, .payloadForbiddenUnderUserEnrollment, .payloadIgnoredUnderUserEnrollment,
    .payloadNeedsMDM,
  ]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    let ctx = model.context
    let platform = Platform(rawValue: ctx.platform.schemaPlatform) ?? .iOS
    let minOS = ctx.minOS.flatMap(OSVersion.init)
    for (i, payload) in model.payloads.enumerated() {
      guard let choice = context.schemaChoice(model, i) else { continue }
      let a = choice.schema.availability(on: platform)
      let type = payload.type
      var notes: [String] = []
      if let note = SchemaSelection.note(choice, payload) { notes.append(note) }
      let anchor = payload.anchor
      guard a.isAvailable else {
        let elsewhere = Platform.allCases.filter { choice.schema.availability(on: $0).isAvailable && choice.schema.supportedOS[$0] != nil }
        out.emit(
          .payloadUnavailableOnPlatform, "\(type) is not available on \(ctx.platform.rawValue)", anchor,
          path: payload.path,
          notes: notes + (elsewhere.isEmpty ? [] : ["available on: " + elsewhere.map(\.rawValue).joined(separator: ", ")]))
        continue
      }
      if let introduced = a.introducedVersion, let minOS, introduced > minOS {
        out.emit(
          .payloadIntroducedLater,
          "\(type) needs \(ctx.platform.rawValue) \(a.introduced!); devices on \(ctx.minOS!) up to it will not install the profile",
          anchor, path: payload.path, notes: notes + ["raise enrollment.min-os, or move the payload to a profile for newer devices"])
      }
      if let removed = a.removedVersion, minOS.map({ removed <= $0 }) ?? true {
        out.emit(.payloadRemoved, "\(type) was removed in \(ctx.platform.rawValue) \(a.removed!)", anchor, path: payload.path, notes: notes)
      } else if let deprecated = a.deprecatedVersion, minOS.map({ deprecated <= $0 }) ?? true {
        out.emit(
          .payloadDeprecated, "\(type) is deprecated since \(ctx.platform.rawValue) \(a.deprecated!)", anchor,
          path: payload.path, notes: notes)
      }
      if a.supervised == true && !ctx.supervised {
        out.emit(
          .payloadNeedsSupervision,
          "\(type) requires a supervised device; under \(ctx.type.phrase) the profile will not install",
          anchor, path: payload.path,
          notes: notes + ["supervision comes with automated device enrollment or a supervised Apple Configurator setup"])
      }
      if ctx.userEnrollment, let mode = a.userEnrollment {
        if mode == .forbidden {
          out.emit(
            .payloadForbiddenUnderUserEnrollment, "\(type) is not allowed under User Enrollment", anchor,
            path: payload.path,
            notes: notes + (type == "com.apple.vpn.managed" ? ["use a per-app VPN (com.apple.vpn.managed.applayer)"] : []))
        } else if mode == .ignored {
          out.emit(
            .payloadIgnoredUnderUserEnrollment, "\(type) is ignored under User Enrollment and has no effect",
            anchor, path: payload.path, notes: notes)
        }
      }
      if ctx.manual && a.allowManualInstall == false {
        out.emit(
          .payloadNeedsMDM, "\(type) can only be delivered by MDM, but the profile is installed by hand (type: manual)",
          anchor, path: payload.path, notes: notes)
      }
    }
  }
}
