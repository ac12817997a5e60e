import Diagnostics
import ProfileSchemas
import PropertyList

/// The top-level keys of an existing profile against Apple's TopLevel schema: types,
/// allowed values, availability, unknown keys. PayloadDisplayName is required (SPEC §5;
/// a source's `name:`). The Payload* identity keys and PayloadContent are the other plist
/// rules' business; ConsentText is checked here because Apple's schema describes it one
/// level too deep (language codes map straight to texts).
public struct TopLevelKeysRule: ValidationRule {
  public static var codes: [DiagnosticDescriptor] {
    [.missingProfileKey, .wrongType] + SchemaWalkRule.codes
  }
  /// Keys other rules check, or that are fine without a schema entry (PayloadEnabled, a
  /// legacy key many profiles still carry at the top level).
  static let handledElsewhere = KnownNames([
    "PayloadContent", "PayloadIdentifier", "PayloadUUID", "PayloadType", "PayloadVersion",
    "PayloadEnabled", "ConsentText",
  ])
  /// Keys whose availability in the enrollment context ProfileKeysRule reports.
  static let contextElsewhere: Set<String> = ["PayloadRemovalDisallowed", "PayloadScope"]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag)
  {
    // A source's profile: keys are typed by lowering (name and ConsentText checked there);
    // what Apple's schema adds (TargetDeviceType's values, availability per platform and
    // OS) applies to them as to an existing profile's keys, so compile and lint agree.
    if model.origin == .plist {
      if model.top["PayloadDisplayName"] == nil {
        out.emit(
          .missingProfileKey, "the profile has no PayloadDisplayName", nil,
          path: "PayloadDisplayName",
          notes: ["devices show the display name in Settings; profilec requires one"])
      }
      checkConsentText(model, &out)
    }

    let set = context.schemas
    let platform = Platform(rawValue: model.context.platform.schemaPlatform) ?? .iOS
    let schema = set.topLevel
    let walker = SchemaWalkRule.Walker(
      model: model, payload: nil, context: context, platform: platform, set: set)
    var bag = DiagnosticBag(file: out.file)
    walker.visitDict(
      model.top, range: nil, container: schema, path: "",
      availability: schema.availability(on: platform),
      knownElsewhere: TopLevelKeysRule.handledElsewhere, variantNote: nil, out: &bag)
    for var d in bag.all {
      // The walker joins paths with '.'; top-level paths are the bare key names.
      if let p = d.path, p.hasPrefix(".") { d.path = String(p.dropFirst()) }
      // ProfileKeysRule says what removal-disallowed and scope do in the context.
      if d.code.hasPrefix("PC3"), let p = d.path, TopLevelKeysRule.contextElsewhere.contains(p),
        TopLevelKeysRule.reportedByProfileKeysRule(d.code, key: p, model)
      {
        continue
      }
      if model.origin == .source, let apple = d.path, let key = TopLevelKeysRule.sourceKey[apple] {
        // In the words of the source: `profile.target-device-type`.
        d.path = "profile." + key
        d.message = ByteSearch.replacing(d.message, "'\(apple)'", with: "'\(key)' (\(apple))")
      }
      out.add(d)
    }
  }

  /// Whether ProfileKeysRule covers what the schema walk found: scope anywhere (PC4017);
  /// removal-disallowed under User Enrollment (PC4016) and without supervision on iOS and
  /// iPadOS (PC4015). The walk's other findings stand (SPEC §3, keys): the key is not
  /// available on visionOS and watchOS (PC3101), and needs supervision on tvOS too (PC3102,
  /// when it is true, as on iOS).
  static func reportedByProfileKeysRule(_ code: String, key: String, _ model: ProfileModel) -> Bool {
    guard key == "PayloadRemovalDisallowed" else { return true }
    let ctx = model.context
    switch code {
    case DiagnosticDescriptor.keyUserEnrollment.code:
      return true
    case DiagnosticDescriptor.keyNeedsSupervision.code:
      return ctx.platform == .iOS || ctx.platform == .iPadOS || ctx.userEnrollment
        || model.top["PayloadRemovalDisallowed"]?.boolValue != true
    default:
      return false
    }
  }

  /// The `profile:` key that writes each Apple top-level key.
  static let sourceKey: [String: String] = Dictionary(
    Lowering.profileKeyToApple.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })

  func checkConsentText(_ model: ProfileModel, _ out: inout DiagnosticBag) {
    guard let entry = model.top.entry("ConsentText") else { return }
    guard let dict = entry.value.dictValue else {
      out.emit(
        .wrongType,
        "'ConsentText' expects a dictionary of language codes to texts, found \(ExistingPlist.describe(entry.value))",
        entry.value.range ?? entry.keyRange, path: "ConsentText")
      return
    }
    for e in dict.entries where e.value.stringValue == nil {
      out.emit(
        .wrongType,
        "'ConsentText.\(e.key)' expects a string, found \(ExistingPlist.describe(e.value))",
        e.value.range ?? e.keyRange, path: "ConsentText." + e.key)
    }
  }
}
