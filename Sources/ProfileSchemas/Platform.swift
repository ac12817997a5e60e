/// An Apple operating system, as Apple's schemas name them in `supportedOS`.
///
/// iPadOS has no entry of its own: the schemas describe it under `iOS`.
public enum Platform: String, CaseIterable, Sendable, Hashable {
  case iOS, macOS, tvOS, visionOS, watchOS

  /// The platform for a name written in a profile source (`enrollment.platform`):
  /// the schema names plus `iPadOS`, which maps to ``iOS``. Exact spelling only.
  public init?(sourceName: String) {
    if sourceName == "iPadOS" {
      self = .iOS
    } else {
      self.init(rawValue: sourceName)
    }
  }

  /// Every spelling ``init(sourceName:)`` accepts, in a stable order (for messages).
  public static let sourceNames = ["iOS", "iPadOS", "macOS", "tvOS", "visionOS", "watchOS"]

  /// Position in ``allCases``; used to index per-platform storage.
  var index: Int {
    switch self {
    case .iOS: 0
    case .macOS: 1
    case .tvOS: 2
    case .visionOS: 3
    case .watchOS: 4
    }
  }
}

/// An OS version such as `17`, `17.0` or `17.0.3`.
///
/// Comparison is numeric per component, and missing components count as zero:
/// `17 == 17.0`, `17.0 < 17.0.3 < 17.10`.
public struct OSVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  // Stored inline (no array): availability checks parse versions for every key.
  private let parts: (Int, Int, Int)
  private let count: Int

  /// The components as written (one to three).
  public var components: [Int] { Array([parts.0, parts.1, parts.2].prefix(count)) }

  /// Parses one to three dot-separated decimal numbers. Anything else (empty text, signs,
  /// spaces, empty components, a fourth component, more than nine digits) is rejected.
  public init?(_ text: String) {
    var text = text
    guard let version = text.withUTF8({ OSVersion(utf8: $0) }) else { return nil }
    self = version
  }

  /// ``init(_:)`` over the text's UTF-8 bytes.
  init?<Bytes: Collection<UInt8>>(utf8 text: Bytes) {
    var parts = (0, 0, 0)
    var count = 0
    var current = 0
    var digits = 0
    for byte in text {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        digits += 1
        if digits > 9 { return nil }
        current = current * 10 + Int(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "."):
        if digits == 0 { return nil }
        if count == 2 { return nil }
        if count == 0 { parts.0 = current } else { parts.1 = current }
        count += 1
        current = 0
        digits = 0
      default:
        return nil
      }
    }
    if digits == 0 { return nil }
    switch count {
    case 0: parts.0 = current
    case 1: parts.1 = current
    default: parts.2 = current
    }
    self.parts = parts
    self.count = count + 1
  }

  /// A version from numbers, e.g. `OSVersion(17, 0, 3)`.
  public init(_ major: Int, _ minor: Int? = nil, _ patch: Int? = nil) {
    parts = (major, minor ?? 0, patch ?? 0)
    count = patch != nil ? 3 : minor != nil ? 2 : 1
  }

  /// The first component.
  public var major: Int { parts.0 }
  /// The second component, zero when absent.
  public var minor: Int { parts.1 }
  /// The third component, zero when absent.
  public var patch: Int { parts.2 }

  /// The version as written, e.g. `17.0`.
  public var description: String {
    components.map(String.init).joined(separator: ".")
  }

  public static func == (a: OSVersion, b: OSVersion) -> Bool {
    a.major == b.major && a.minor == b.minor && a.patch == b.patch
  }

  public static func < (a: OSVersion, b: OSVersion) -> Bool {
    if a.major != b.major { return a.major < b.major }
    if a.minor != b.minor { return a.minor < b.minor }
    return a.patch < b.patch
  }

  public func hash(into hasher: inout Hasher) {
    // Consistent with ==: `17` and `17.0` hash alike.
    hasher.combine(major)
    hasher.combine(minor)
    hasher.combine(patch)
  }
}
