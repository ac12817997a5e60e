import Diagnostics
import ProfileSchemas
import PropertyList

/// A property list read from an existing `.mobileconfig`, as the plist-level rules see it:
/// the raw root (payloads that are not dictionaries included) before it becomes a
/// `ProfileModel`.
public struct ExistingPlist: Sendable {
  public let read: PlistReadResult
  public let root: PlistNode
  public var file: SourceFile { read.file }
  /// The root dictionary; nil when the root is another kind of value.
  public var top: PlistDict? { root.dictValue }

  public init(read: PlistReadResult, root: PlistNode) {
    self.read = read
    self.root = root
  }

  /// The items of `PayloadContent` with their indexes, when it is an array.
  public var payloadItems: [(index: Int, node: PlistNode)] {
    guard let items = top?["PayloadContent"]?.arrayValue else { return [] }
    return items.enumerated().map { ($0.offset, $0.element) }
  }

  /// Where a diagnostic about key `key` of `dict` points: the key, else the dictionary.
  public static func anchor(_ dict: PlistDict, _ key: String, fallback: SourceRange?)
    -> SourceRange?
  {
    dict.entry(key)?.keyRange ?? dict[key]?.range ?? fallback
  }
}

/// A check of an existing profile's property list itself (ARCHITECTURE.md: one rule per
/// file, naming its codes). The content is then validated like a compiled source.
public protocol PlistRule: Sendable {
  static var codes: [DiagnosticDescriptor] { get }
  func check(_ plist: ExistingPlist, _ context: ValidationContext, _ out: inout DiagnosticBag)
}

/// The enrollment context `lint` and `import` use: given on the command line or inferred
/// (SPEC §6).
public struct ExistingContextOptions: Sendable {
  public var enrollment: EnrollmentType?
  public var platform: TargetPlatform?
  public var minOS: String?
  /// Only for `configurator` (default supervised).
  public var supervised: Bool?

  public init(
    enrollment: EnrollmentType? = nil, platform: TargetPlatform? = nil, minOS: String? = nil,
    supervised: Bool? = nil
  ) {
    self.enrollment = enrollment
    self.platform = platform
    self.minOS = minOS
    self.supervised = supervised
  }
}

/// Builds the `ProfileModel` of an existing profile (origin `.plist`).
public enum ExistingProfile {
  /// The model of `plist`: `top` is the root dictionary without `PayloadContent`; each
  /// dictionary item of `PayloadContent` with a PayloadType string becomes a payload
  /// (origin `.plist(i)`, path `PayloadContent[i]`). Nil when the root is not a dictionary.
  /// What is left out is reported by the plist-level rules.
  public static func model(
    _ plist: ExistingPlist, context options: ExistingContextOptions, schemas: SchemaSet
  ) -> ProfileModel? {
    guard var top = plist.top else { return nil }
    top.remove("PayloadContent")
    var payloads: [PayloadModel] = []
    for (i, node) in plist.payloadItems {
      guard let dict = node.dictValue, let type = dict["PayloadType"]?.stringValue, !type.isEmpty
      else {
        continue
      }
      let path = "PayloadContent[\(i)]"
      payloads.append(
        PayloadModel(
          origin: .plist(i), type: type, content: dict, path: path,
          anchor: dict["PayloadType"]?.range ?? node.range, range: node.range))
    }
    let type = options.enrollment ?? .device
    let context = EnrollmentContext(
      type: type, platform: options.platform ?? inferPlatform(payloads, schemas: schemas),
      minOS: options.minOS, supervised: options.supervised, declared: options.enrollment != nil)
    return ProfileModel(
      file: plist.file, origin: .plist, top: top, payloads: payloads, context: context)
  }

  /// SPEC §6: iOS, unless some payload type is unavailable on iOS and available on macOS.
  public static func inferPlatform(_ payloads: [PayloadModel], schemas: SchemaSet) -> TargetPlatform
  {
    for payload in payloads {
      guard let choice = SchemaSelection.choose(payload, schemas) else { continue }
      if !choice.schema.availability(on: .iOS).isAvailable
        && choice.schema.availability(on: .macOS).isAvailable
      {
        return .macOS
      }
    }
    return .iOS
  }
}

extension ExistingPlist {
  /// `'value'`, `the integer 2`, `a dictionary`: a value for a plist-level message.
  static func describe(_ node: PlistNode) -> String {
    switch node.value {
    case .string(let s):
      let short =
        s.unicodeScalars.count > 60
        ? String(String.UnicodeScalarView(s.unicodeScalars.prefix(57))) + "..." : s
      return "the string '\(short)'"
    case .integer(let i): return "the integer \(i)"
    case .real(let r): return "the real \(RealFormat.python(r))"
    case .bool(let b): return b ? "the boolean true" : "the boolean false"
    case .date(let d): return "the date \(d.iso8601)"
    case .data(let d): return "\(d.count) bytes of data"
    case .array: return "an array"
    case .dict: return "a dictionary"
    }
  }

  /// `the profile` or `payload PayloadContent[1] (com.apple.dock)`, for messages.
  static func owner(_ dict: PlistDict, index: Int?) -> String {
    guard let index else { return "the profile" }
    if let type = dict["PayloadType"]?.stringValue, !type.isEmpty {
      return "payload PayloadContent[\(index)] (\(type))"
    }
    return "payload PayloadContent[\(index)]"
  }

  /// The dictionaries whose Payload* keys every profile needs: the top level (index nil)
  /// and each dictionary item of PayloadContent.
  var identityDictionaries: [(index: Int?, dict: PlistDict, range: SourceRange?)] {
    guard let top else { return [] }
    var out: [(Int?, PlistDict, SourceRange?)] = [(nil, top, root.range)]
    for (i, node) in payloadItems {
      if let d = node.dictValue { out.append((i, d, node.range)) }
    }
    return out
  }

  static func path(_ index: Int?, _ key: String) -> String {
    index.map { "PayloadContent[\($0)].\(key)" } ?? key
  }
}
