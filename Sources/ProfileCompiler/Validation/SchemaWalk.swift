import Diagnostics
import ProfileSchemas
import PropertyList
import Synchronization

/// The model and payload a walk visits, shared by reference: a visit is made for every
/// key, and copying the model into each one (a dozen references to retain and release)
/// cost more than most rules.
final class VisitScope: Sendable {
  let model: ProfileModel
  let payload: PayloadModel?
  init(model: ProfileModel, payload: PayloadModel?) {
    self.model = model
    self.payload = payload
  }
}

/// The last step of a visit's data path; the path is spelled out only when a rule asks
/// for it (to report something), not for every key.
enum VisitStep {
  case whole
  case member(String)
  case index(Int)

  func path(from parent: String) -> String {
    switch self {
    case .whole: return parent
    case .member(let key): return PathText.join(parent, UInt8(ascii: "."), key)
    case .index(let i): return PathText.index(parent, i)
    }
  }
}

/// One dictionary entry (or array element) checked against its key schema.
public struct KeyVisit {
  let scope: VisitScope
  public var model: ProfileModel { scope.model }
  public var payload: PayloadModel? { scope.payload }
  /// The key's name (for array elements: the array's key).
  public let name: String
  public let value: PlistNode
  /// Where diagnostics about the key point: its key in the source, else the value.
  public let range: SourceRange?
  public let schema: KeySchema
  let parentPath: String
  let step: VisitStep
  /// The data path, e.g. `payloads[1].EAPClientConfiguration.AcceptEAPTypes[0]`.
  public var path: String { step.path(from: parentPath) }
  /// The key's effective availability on the target platform.
  public let availability: Availability
  /// The enclosing key's (or the payload's) availability: a key reports only what it
  /// adds to it, so a supervised-only payload does not warn once per key.
  public let enclosing: Availability
  /// True for an element of an array (availability is the array key's business).
  public let isElement: Bool
  /// A note naming the schema variant, when the payload type has several.
  public let variantNote: String?
}

/// One dictionary checked against the keys its schema lists.
public struct DictVisit {
  let scope: VisitScope
  public var model: ProfileModel { scope.model }
  public var payload: PayloadModel? { scope.payload }
  public let dict: PlistDict
  public let range: SourceRange?
  public let container: any KeyContainer
  public let path: String
  public let availability: Availability
  /// Keys the walker must not call unknown (the common Payload* keys at payload level).
  public let knownElsewhere: KnownNames
  public let variantNote: String?
  /// What each entry of `dict` resolved to, in entry order (looked up once per walk).
  let resolutions: [EntryResolution]
}

/// How the walker resolved one dictionary entry's key.
enum EntryResolution {
  /// In `knownElsewhere`.
  case elsewhere
  /// One of the keys every payload carries (PayloadVersion, ...): visited against the
  /// common payload keys' schema once the payload's own keys are done.
  case common(KeySchema)
  case key(KeySchema)
  /// Neither in the container nor elsewhere.
  case unknown
}

public protocol KeyRule: Sendable {
  static var codes: [DiagnosticDescriptor] { get }
  func check(_ visit: KeyVisit, _ context: ValidationContext, _ out: inout DiagnosticBag)
  /// False when the rule can report nothing for any value checked against `schema`: the
  /// walker then leaves it out for every element of an array. (Default: true.)
  func applies(to schema: KeySchema, isElement: Bool) -> Bool
}

extension KeyRule {
  public func applies(to schema: KeySchema, isElement: Bool) -> Bool { true }
}

public protocol DictRule: Sendable {
  static var codes: [DiagnosticDescriptor] { get }
  func check(_ visit: DictVisit, _ context: ValidationContext, _ out: inout DiagnosticBag)
}

/// Walks every payload (and the top level) against its schema, recursively through
/// dictionaries and arrays, running the key and dictionary rules (SPEC §3, "Keys").
public struct SchemaWalkRule: ValidationRule {
  public static var codes: [DiagnosticDescriptor] {
    (keyRules.flatMap { type(of: $0).codes }) + (dictRules.flatMap { type(of: $0).codes })
  }
  static let keyRules: [any KeyRule] = [
    TypeRule(), RangeListRule(), RangeRule(), FormatRule(), RepetitionRule(), KeyAvailabilityRule(),
  ]
  static let dictRules: [any DictRule] = [UnknownKeyRule(), RequiredKeyRule()]

  /// Keys every payload may carry besides its schema's (CommonPayloadKeys, plus the legacy
  /// PayloadEnabled that many real profiles still have).
  static func commonKeys(_ set: SchemaSet) -> KnownNames {
    if set === SchemaSet.embedded { return embeddedCommonKeys }
    return KnownNames(set.commonPayloadKeys.keys.map(\.name) + ["PayloadEnabled"])
  }

  /// Made once: building the set for every profile showed up in many-file runs.
  static let embeddedCommonKeys = KnownNames(
    SchemaSet.embedded.commonPayloadKeys.keys.map(\.name) + ["PayloadEnabled"])

  /// True when every key of `keys` starts with `Payload`: a dictionary entry without that
  /// prefix then needs no search of them.
  static func allPayloadPrefixed(_ keys: KnownNames) -> Bool {
    !keys.isEmpty && keys.names.allSatisfy { ByteSearch.hasPrefix($0, "Payload") }
  }
  static let embeddedCommonKeysPrefixed = allPayloadPrefixed(embeddedCommonKeys)

  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    let set = context.schemas
    let platform = Platform(rawValue: model.context.platform.schemaPlatform) ?? .iOS
    let common = SchemaWalkRule.commonKeys(set)
    let commonPrefixed =
      set === SchemaSet.embedded ? SchemaWalkRule.embeddedCommonKeysPrefixed : SchemaWalkRule.allPayloadPrefixed(common)
    // Looked up once per profile, not per payload (a locked, hashed lookup). Its keys are
    // `common` less PayloadEnabled, so `commonPrefixed` holds for them too. The walk of
    // each payload visits them too (PayloadVersion must be 1, ...), against their own
    // schema, after the payload's keys.
    let commonSchema = set.commonPayloadKeys
    let minOS = Walker.minOS(model)
    for (i, payload) in model.payloads.enumerated() {
      guard let choice = context.schemaChoice(model, i) else { continue }
      let payloadAvailability = choice.schema.availability(on: platform)
      // A payload the platform lacks is reported once, by the payload rules.
      guard payloadAvailability.isAvailable else { continue }
      let note = SchemaSelection.note(choice, payload)
      let walker = Walker(
        scope: VisitScope(model: model, payload: payload), context: context, platform: platform, set: set,
        minOS: minOS)
      walker.visitDict(
        payload.content, range: payload.anchor, container: choice.schema, path: payload.path,
        availability: payloadAvailability, knownElsewhere: common, knownElsewherePrefixed: commonPrefixed,
        commonKeys: commonSchema, variantNote: note, out: &out)
    }
  }

  struct Walker {
    let scope: VisitScope
    var payload: PayloadModel? { scope.payload }
    let context: ValidationContext
    let platform: Platform
    let set: SchemaSet

    /// The profile's min-os, parsed once per profile for the availability gate in `checkKey`.
    let minOS: OSVersion?

    static func minOS(_ model: ProfileModel) -> OSVersion? { model.context.minOS.flatMap(OSVersion.init) }

    init(scope: VisitScope, context: ValidationContext, platform: Platform, set: SchemaSet, minOS: OSVersion?) {
      self.scope = scope
      self.context = context
      self.platform = platform
      self.set = set
      self.minOS = minOS
    }

    init(model: ProfileModel, payload: PayloadModel?, context: ValidationContext, platform: Platform, set: SchemaSet) {
      self.init(
        scope: VisitScope(model: model, payload: payload), context: context, platform: platform, set: set,
        minOS: Walker.minOS(model))
    }

    func visitDict(
      _ dict: PlistDict, range: SourceRange?, container: any KeyContainer, path: String,
      availability: Availability, knownElsewhere: KnownNames, knownElsewherePrefixed: Bool = false,
      commonKeys: PayloadSchema? = nil, variantNote: String?, out: inout DiagnosticBag
    ) {
      // Each key is looked up once, here, for the walk and the dictionary rules alike, into
      // scratch space (on the stack for the usual few dozen keys): the entries are read in
      // place, neither the entries nor their resolutions are copied into an array.
      let count = dict.entries.count
      let required = container.requiredKeys
      if count == 0 {
        // Nothing to look up or visit; required keys are all missing.
        if !required.isEmpty {
          let visit = DictVisit(
            scope: scope, dict: dict, range: range, container: container, path: path,
            availability: availability, knownElsewhere: knownElsewhere, variantNote: variantNote,
            resolutions: [])
          RequiredKeyRule().check(visit, context, &out)
        }
        return
      }
      dict.entries.withUnsafeBufferPointer { entries in
        withUnsafeTemporaryAllocation(of: EntryResolution.self, capacity: count) { resolutions in
          guard let slots = resolutions.baseAddress else { return }
          var anyUnknown = false
          for i in 0..<count {
            let key = entries[i].key
            let resolution: EntryResolution
            let mayBeElsewhere =
              !knownElsewhere.isEmpty && (!knownElsewherePrefixed || ByteSearch.hasPrefix(key, "Payload"))
            // `knownElsewhere` holds every common key: one found there is looked up once,
            // here, for its visit after the payload's own keys.
            if mayBeElsewhere, let common = commonKeys?.key(named: key) {
              resolution = .common(common)
            } else if mayBeElsewhere && knownElsewhere.contains(key) {
              resolution = .elsewhere
            } else if let schema = container.resolveKey(named: key) {
              resolution = .key(schema)
            } else {
              resolution = .unknown
              anyUnknown = true
            }
            (slots + i).initialize(to: resolution)
          }
          defer { slots.deinitialize(count: count) }
          // Called directly (not through `dictRules`), in the same order, and only when
          // they can report: UnknownKeyRule reports only unknown resolutions,
          // RequiredKeyRule only missing required keys.
          if anyUnknown || !required.isEmpty {
            let visit = DictVisit(
              scope: scope, dict: dict, range: range, container: container, path: path,
              availability: availability, knownElsewhere: knownElsewhere, variantNote: variantNote,
              resolutions: anyUnknown ? Array(UnsafeBufferPointer(start: slots, count: count)) : [])
            if anyUnknown { UnknownKeyRule().check(visit, context, &out) }
            if !required.isEmpty { RequiredKeyRule().check(visit, context, &out) }
          }
          let base = entries.baseAddress!
          for i in 0..<count {
            guard case .key(let key) = slots[i] else { continue }
            // Most keys state no availability of their own: they keep the enclosing one as is
            // (passed along, not copied).
            if key.hasOwnSupportedOS, let own = key.supportedOS[platform] {
              visitEntry(
                base + i, schema: key, parentPath: path, availability: availability.overridden(by: own),
                enclosing: availability, ownAvailability: true, variantNote: variantNote, out: &out)
            } else {
              visitEntry(
                base + i, schema: key, parentPath: path, availability: availability, enclosing: availability,
                ownAvailability: false, variantNote: variantNote, out: &out)
            }
          }
          // The common keys, in entry order, with the payload's availability (a key states
          // nothing the payload does not).
          guard commonKeys != nil else { return }
          for i in 0..<count {
            guard case .common(let key) = slots[i] else { continue }
            visitEntry(
              base + i, schema: key, parentPath: path, availability: availability, enclosing: availability,
              ownAvailability: false, variantNote: nil, out: &out)
          }
        }
      }
    }

    /// Runs the key rules on one value, in `keyRules` order, calling each only when its
    /// own first checks (or its `applies`) would let it report: every gate below repeats
    /// such a check, so skipping changes nothing. Most values pass every gate and cost no
    /// `KeyVisit` at all. `ownAvailability` is false when `availability == enclosing`.
    ///
    /// The value's type `t` is read by the caller in place; its name and value are asked
    /// for only when a rule will look at them (copying them for every value visited, a key
    /// and a node with their references, cost more than the gates).
    func checkKey(
      type t: SchemaType, name: () -> String, value: () -> PlistNode, range: SourceRange?, schema key: KeySchema,
      parentPath: String, step: () -> VisitStep, availability: Availability, enclosing: Availability,
      ownAvailability: Bool, isElement: Bool, variantNote: String?, out: inout DiagnosticBag
    ) {
      let wrongType = !(key.accepts(t) || (t == .integer && key.accepts(.real)))
      let isNumber = t == .integer || t == .real
      // A listed value or an array is read (one copy of the value) to see whether its
      // rule would report, before a whole visit is built for it.
      let listed = key.hasRangeList && RangeListRule.mightReport(value().value, key)
      let ranged = isNumber && key.hasRange
      let formatted = t == .string && key.hasFormat
      let repeated = t == .array && RepetitionRule.mightReport(value().value, key)
      let available =
        !isElement && ownAvailability
        && KeyAvailabilityRule.mightReport(availability, enclosing, scope.model.context, minOS: minOS)
      guard wrongType || listed || ranged || formatted || repeated || available else { return }
      let visit = KeyVisit(
        scope: scope, name: name(), value: value(), range: range, schema: key, parentPath: parentPath,
        step: step(), availability: availability, enclosing: enclosing, isElement: isElement,
        variantNote: variantNote)
      if wrongType { TypeRule().check(visit, context, &out) }
      if listed { RangeListRule().check(visit, context, &out) }
      if ranged { RangeRule().check(visit, context, &out) }
      if formatted { FormatRule().check(visit, context, &out) }
      if repeated { RepetitionRule().check(visit, context, &out) }
      if available { KeyAvailabilityRule().check(visit, context, &out) }
    }

    /// `entry` points into the dictionary being walked: entries are read in place, a copy
    /// of each (its key, value and ranges) cost more than the checks of most.
    func visitEntry(
      _ entry: UnsafePointer<PlistEntry>, schema key: KeySchema, parentPath: String, availability: Availability,
      enclosing: Availability, ownAvailability: Bool, variantNote: String?, out: inout DiagnosticBag
    ) {
      let t = entry.pointee.value.value.schemaType
      checkKey(
        type: t, name: { entry.pointee.key }, value: { entry.pointee.value },
        range: entry.pointee.keyRange ?? entry.pointee.value.range, schema: key, parentPath: parentPath,
        step: { .member(entry.pointee.key) }, availability: availability, enclosing: enclosing,
        ownAvailability: ownAvailability, isElement: false, variantNote: variantNote, out: &out)
      // Only containers need the path spelled out (for their own entries' visits).
      guard t == .dictionary || t == .array else { return }
      descend(
        entry.pointee.value, name: entry.pointee.key, schema: key,
        path: VisitStep.member(entry.pointee.key).path(from: parentPath),
        availability: availability, variantNote: variantNote, out: &out)
    }

    func descend(
      _ value: PlistNode, name: String, schema key: KeySchema, path: String,
      availability: Availability, variantNote: String?, out: inout DiagnosticBag
    ) {
      switch value.value {
      case .dict(let d):
        if let ext = microsoftExtensionData(name: name, path: path) {
          visitDict(
            d, range: value.range, container: ext, path: path, availability: availability,
            knownElsewhere: KnownNames.none, variantNote: nil, out: &out)
        } else if key.type == .dictionary && key.hasSubkeys {
          visitDict(
            d, range: value.range, container: key, path: path, availability: availability,
            knownElsewhere: KnownNames.none, variantNote: variantNote, out: &out)
        }
      case .array(let items):
        guard key.type == .array, let element = key.elementSchema else { return }
        let elementAvailability = element.availability(on: platform, inheriting: availability)
        items.withUnsafeBufferPointer { items in
          for i in items.indices {
            let t = items[i].value.schemaType
            checkKey(
              type: t, name: { name }, value: { items[i] }, range: items[i].range,
              schema: element, parentPath: path, step: { .index(i) }, availability: elementAvailability,
              enclosing: availability, ownAvailability: false, isElement: true, variantNote: variantNote, out: &out)
            guard t == .dictionary || t == .array else { continue }
            descend(
              items[i], name: name, schema: element, path: VisitStep.index(i).path(from: path),
              availability: elementAvailability, variantNote: variantNote, out: &out)
          }
        }
      default:
        break
      }
    }

    /// The Microsoft plug-in's ExtensionData is checked against profilec's own schema.
    func microsoftExtensionData(name: String, path: String) -> PayloadSchema? {
      guard name == "ExtensionData", let payload, path == payload.path(of: "ExtensionData"),
        MicrosoftSSO.isMicrosoftPayload(payload.content)
      else { return nil }
      return set.microsoftSSOExtensionData
    }
  }
}

/// Picks a payload's schema variant from its own values.
enum SchemaSelection {
  /// A note naming the variant, only when it is not the payload type's plain schema.
  static func note(_ choice: SchemaSet.VariantChoice, _ payload: PayloadModel) -> String? {
    guard choice.schema.name != payload.type, let reason = choice.reason else { return nil }
    return "checked against the \(reason)"
  }

  static func choose(_ payload: PayloadModel, _ set: SchemaSet) -> SchemaSet.VariantChoice? {
    set.selectVariant(forPayloadType: payload.type, keys: payload.content.keys) { key in
      payload.content[key]?.stringValue
    }
  }
}

extension ValidationContext {
  /// `'allowAirDrop'` for messages.
  static func quoted(_ s: String) -> String { "'" + s + "'" }
}

extension PlistValue {
  var schemaType: SchemaType {
    switch self {
    case .string: return .string
    case .integer: return .integer
    case .real: return .real
    case .bool: return .boolean
    case .date: return .date
    case .data: return .data
    case .array: return .array
    case .dict: return .dictionary
    }
  }
}

func article(_ word: String) -> String {
  let first = word.unicodeScalars.first.map { "aeiou".unicodeScalars.contains($0) } ?? false
  return (first ? "an " : "a ") + word
}

func typeWord(_ t: SchemaType) -> String {
  switch t {
  case .boolean: return "boolean"
  case .dictionary: return "dictionary"
  case .any: return "value"
  default: return t.rawValue
  }
}
