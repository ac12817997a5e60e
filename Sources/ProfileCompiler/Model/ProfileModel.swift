import Diagnostics
import PropertyList

/// Where a payload came from, so diagnostics can point at the right source construct.
public enum PayloadOrigin: Sendable, Equatable {
  /// `payloads[i]` in a source.
  case entry(Int)
  /// The `sso:` sugar block.
  case sso
  /// The `restrictions:` sugar block.
  case restrictions
  /// `PayloadContent[i]` of an existing .mobileconfig.
  case plist(Int)
}

/// One payload dictionary ready to validate and emit.
public struct PayloadModel: Sendable {
  public var origin: PayloadOrigin
  public var type: String
  /// The complete payload dictionary, `Payload*` keys included.
  public var content: PlistDict
  /// Data path of the payload: `payloads[0]`, `sso`, `restrictions`, `PayloadContent[0]`.
  public var path: String
  /// Where payload-level diagnostics point (the `type:` value, the sugar block's key...).
  public var anchor: SourceRange?
  /// The whole entry (for fix-its that remove it).
  public var range: SourceRange?
  public var identifier: String { content["PayloadIdentifier"]?.stringValue ?? "" }
  public var uuid: String { content["PayloadUUID"]?.stringValue ?? "" }

  public init(
    origin: PayloadOrigin, type: String, content: PlistDict, path: String, anchor: SourceRange?,
    range: SourceRange?
  ) {
    self.origin = origin
    self.type = type
    self.content = content
    self.path = path
    self.anchor = anchor
    self.range = range
  }

  /// Data path of a key inside this payload.
  public func path(of key: String) -> String { PathText.join(path, UInt8(ascii: "."), key) }
}

/// The enrollment context validation runs in (SPEC §3: P, V, S, U, M).
public struct EnrollmentContext: Sendable {
  public var type: EnrollmentType
  public var platform: TargetPlatform
  /// The oldest OS the profile must work on; nil when none is declared and the type has
  /// no floor.
  public var minOS: String?
  public var supervised: Bool
  public var userEnrollment: Bool
  public var manual: Bool
  /// False when the source has no `enrollment:` block (defaults assumed).
  public var declared: Bool

  public init(
    type: EnrollmentType = .device, platform: TargetPlatform = .iOS, minOS: String? = nil,
    supervised: Bool? = nil, declared: Bool = false
  ) {
    self.type = type
    self.platform = platform
    self.minOS = minOS ?? type.floor
    // Only Apple Configurator leaves supervision to the admin (default: supervised).
    self.supervised = type == .configurator ? (supervised ?? true) : type.impliesSupervision
    self.userEnrollment = type.isUserEnrollment
    self.manual = type == .manual
    self.declared = declared
  }

  public static let `default` = EnrollmentContext()
}

/// A scalar from a profilec block with where it was written.
public struct Located<T: Sendable>: Sendable {
  public var value: T
  public var range: SourceRange
  public init(_ value: T, _ range: SourceRange) {
    self.value = value
    self.range = range
  }
}

/// `enrollment.restrictions` (Intune enrollment restrictions).
public struct EnrollmentRestrictions: Sendable {
  public var minOS: Located<String>?
  public var maxOS: Located<String>?
  public var personallyOwned: Located<String>?
  public var platform: Located<String>?
  public var deviceLimit: Located<Int64>?
  public var range: SourceRange
}

/// The `enrollment:` block as written.
public struct EnrollmentSpec: Sendable {
  public var type: Located<EnrollmentType>?
  public var platform: Located<TargetPlatform>?
  public var minOS: Located<String>?
  public var jitRegistration: Located<Bool>?
  public var supervised: Located<Bool>?
  public var restrictions: EnrollmentRestrictions?
  /// The `enrollment` key.
  public var keyRange: SourceRange
  public var range: SourceRange
}

/// The `sso:` block as written (the expanded payload is in `ProfileModel.payloads`).
public struct SSOSpec: Sendable {
  public var provider: Located<String>?
  public var keyRange: SourceRange
  public var range: SourceRange
  /// Index of the expanded payload in `ProfileModel.payloads`.
  public var payloadIndex: Int?
  /// Ranges of the sugar keys, by name (for diagnostics about them).
  public var sugarKeys: [String: SourceRange]
  /// `device_registration` was added by the compiler for JIT registration.
  public var addedDeviceRegistration: Bool
}

/// A profile in the form every validation rule and emitter works on: from a source (after
/// lowering) or from an existing .mobileconfig.
public struct ProfileModel: Sendable {
  public enum Origin: Sendable { case source, plist }
  public let file: SourceFile
  public var origin: Origin
  /// Top-level keys, `PayloadContent` excluded (it is rebuilt from `payloads`).
  public var top: PlistDict
  public var payloads: [PayloadModel]
  public var context: EnrollmentContext
  public var enrollment: EnrollmentSpec?
  public var sso: SSOSpec?
  /// The `restrictions:` key, when the sugar block is used.
  public var restrictionsKeyRange: SourceRange?
  /// The `profile:` key.
  public var profileKeyRange: SourceRange?
  /// The `payloads:` value when it is a flow sequence (`[...]`), for fix-its that add an entry.
  public var payloadsFlowRange: SourceRange?
  /// Where the last item of that flow sequence ends (nil when it has none): an added entry
  /// goes right after it, before any trailing comma or comment.
  public var payloadsFlowLastItemEnd: Int?
  /// The values `${env:NAME}` produced: never quoted in messages (``mayQuote(_:)``), and
  /// kept out of diagnostics by ``Redaction``.
  public var interpolations: [Interpolation] = []
  /// Where the document's top-level mapping ends (for fix-its that append blocks).
  public var documentEnd: Int

  public init(file: SourceFile, origin: Origin, top: PlistDict, payloads: [PayloadModel], context: EnrollmentContext) {
    self.file = file
    self.origin = origin
    self.top = top
    self.payloads = payloads
    self.context = context
    self.documentEnd = file.bytes.count
  }

  /// The profile as one property list, `PayloadContent` in payload order.
  public func plist() -> PlistNode {
    var dict = top
    dict.set("PayloadContent", PlistNode(.array(payloads.map { PlistNode(.dict($0.content), range: $0.range) })))
    return PlistNode(.dict(dict))
  }

  public var identifier: String { top["PayloadIdentifier"]?.stringValue ?? "" }

  /// True when a message may quote this value (it did not come from the environment).
  public func mayQuote(_ node: PlistNode) -> Bool {
    guard let r = node.range else { return true }
    return !isInterpolated(at: r.start)
  }

  /// True when the value written at `start` came from `${env:NAME}`.
  public func isInterpolated(at start: Int) -> Bool {
    interpolations.contains(valueAt: start)
  }

  /// `'value'` for messages, or a neutral phrase for interpolated values.
  public func describe(_ node: PlistNode) -> String {
    guard mayQuote(node) else { return "the interpolated value" }
    switch node.value {
    case .string(let s):
      let short = s.unicodeScalars.count > 60 ? String(String.UnicodeScalarView(s.unicodeScalars.prefix(57))) + "..." : s
      return "'\(short)'"
    case .integer(let i): return String(i)
    case .real(let r): return RealFormat.python(r)
    case .bool(let b): return b ? "true" : "false"
    case .date(let d): return d.iso8601
    case .data(let d): return "\(d.count) bytes of data"
    case .array(let a): return "an array of \(a.count)"
    case .dict: return "a dictionary"
    }
  }
}
