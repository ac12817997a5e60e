import Diagnostics
import ProfileSchemas

/// SPEC §3, keys: availability in the enrollment context. A key reports only what it adds
/// to its enclosing key or payload (whose own availability is reported once, by the
/// payload rules).
public struct KeyAvailabilityRule: KeyRule {
  public static let codes: [DiagnosticDescriptor] = [
    .keyUnavailableOnPlatform, .keyNeedsSupervision, .keyIntroducedLater, .keyDeprecated, .keyRemoved,
    .keyUserEnrollment,
  ]
  public init() {}

  /// Elements are the array key's business; a key without availability of its own
  /// inherits its enclosing key's exactly, so it adds nothing to report.
  public func applies(to schema: KeySchema, isElement: Bool) -> Bool {
    !isElement && !schema.supportedOS.isEmpty
  }

  /// False when `check` would report nothing for a key of availability `a` inside
  /// `enclosing`: the same tests, without the key's visit or any text. Most keys state
  /// versions of their own, and building a visit for each cost more than the tests.
  /// `minOS` is `context.minOS` parsed.
  static func mightReport(
    _ a: Availability, _ enclosing: Availability, _ context: EnrollmentContext, minOS: OSVersion?
  ) -> Bool {
    if a == enclosing { return false }
    if !a.isAvailable { return enclosing.isAvailable }
    if a.supervised == true && enclosing.supervised != true && !context.supervised { return true }
    if a.introducedText != enclosing.introducedText, let introduced = a.introducedVersion, let minOS,
      introduced > minOS
    {
      return true
    }
    if a.removedText != enclosing.removedText, let removed = a.removedVersion, minOS.map({ removed <= $0 }) ?? true {
      return true
    }
    if a.deprecatedText != enclosing.deprecatedText, let deprecated = a.deprecatedVersion,
      minOS.map({ deprecated <= $0 }) ?? true
    {
      return true
    }
    if context.userEnrollment, let mode = a.userEnrollment, mode != enclosing.userEnrollment,
      mode == .forbidden || mode == .ignored
    {
      return true
    }
    return false
  }

  public func check(_ visit: KeyVisit, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    guard !visit.isElement else { return }
    let a = visit.availability
    let enclosing = visit.enclosing
    // Every report below is about a difference from the enclosing availability (most
    // keys have none of their own on the target platform).
    guard a != enclosing else { return }
    let ctx = visit.model.context
    let platform = ctx.platform.rawValue
    let name = visit.name
    // The fix-it is built only for a key that is reported (most keys are fine).
    var removal: FixIt? { removalFix(visit) }
    let notes = visit.variantNote.map { [$0] } ?? []

    if !a.isAvailable {
      if enclosing.isAvailable {
        out.emit(
          .keyUnavailableOnPlatform, "'\(name)' is not available on \(platform) and has no effect",
          visit.range, path: visit.path, notes: notes, fixIts: removal.map { [$0] } ?? [])
      }
      return
    }
    if a.supervised == true && enclosing.supervised != true && !ctx.supervised {
      var fixes: [FixIt] = []
      if var r = removal {
        r.message = "remove it, or target enrollment type 'automated'"
        fixes.append(r)
      } else {
        fixes.append(FixIt("remove it, or target enrollment type 'automated'"))
      }
      out.emit(
        .keyNeedsSupervision,
        "'\(name)' requires a supervised device and has no effect under \(ctx.type.phrase)",
        visit.range, path: visit.path, notes: notes, fixIts: fixes)
    }
    // The version strings are compared before any is parsed: most keys inherit them.
    var minOS: OSVersion? { ctx.minOS.flatMap(OSVersion.init) }
    if a.introducedText != enclosing.introducedText, let introduced = a.introducedVersion, let minOS, introduced > minOS {
      out.emit(
        .keyIntroducedLater,
        "'\(name)' needs \(platform) \(a.introduced!); devices on \(ctx.minOS!) up to it ignore the key",
        visit.range, path: visit.path, notes: notes)
    }
    if a.removedText != enclosing.removedText, let removed = a.removedVersion, minOS.map({ removed <= $0 }) ?? true {
      out.emit(
        .keyRemoved, "'\(name)' was removed in \(platform) \(a.removed!)", visit.range, path: visit.path,
        notes: notes, fixIts: removal.map { [$0] } ?? [])
    } else if a.deprecatedText != enclosing.deprecatedText, let deprecated = a.deprecatedVersion,
      minOS.map({ deprecated <= $0 }) ?? true
    {
      out.emit(
        .keyDeprecated, "'\(name)' is deprecated since \(platform) \(a.deprecated!)", visit.range,
        path: visit.path, notes: notes)
    }
    if ctx.userEnrollment, let mode = a.userEnrollment, mode != enclosing.userEnrollment,
      mode == .forbidden || mode == .ignored
    {
      let what = mode == .forbidden ? "is not allowed" : "is ignored"
      out.emit(
        .keyUserEnrollment, "'\(name)' \(what) under User Enrollment and has no effect", visit.range,
        path: visit.path, notes: notes, fixIts: removal.map { [$0] } ?? [])
    }
  }

  /// For sources: an edit removing the key's lines.
  func removalFix(_ visit: KeyVisit) -> FixIt? {
    guard visit.model.origin == .source, let keyRange = visit.range else { return nil }
    let end = max(keyRange.end, visit.value.range?.end ?? keyRange.end)
    // Sugar-generated keys point at a block key; never offer to delete a whole block.
    guard visit.payload?.origin != .sso || ByteSearch.contains(visit.path, "ExtensionData.") else { return nil }
    return visit.model.lineRemoval(SourceRange(keyRange.start, end)).map { FixIt("remove it", edits: $0) }
  }
}
