import Synchronization

/// How a payload or key may be used under an enrollment mode (User Enrollment, Shared iPad).
public enum EnrollmentMode: String, Sendable, Hashable, CaseIterable {
  /// Usable with or without the mode.
  case allowed
  /// Usable only when the mode is in effect.
  case required
  /// Not usable when the mode is in effect.
  case forbidden
  /// Accepted, but without effect, when the mode is in effect.
  case ignored
}

/// The `supportedOS` facts for one platform: of a payload, or a key's overrides of them.
///
/// Every field is optional: absent means "not stated here". A key's effective
/// availability is its payload's, overridden field by field by each enclosing key and
/// finally by the key itself (see ``overridden(by:)``).
public struct Availability: Sendable, Hashable {
  // The versions are stored as `CompactText`: every key visit copies availabilities, and
  // with three `String`s each copy counted three references (a twentieth of a
  // thousand-source build); now a copy is a copy of bytes.
  public var introducedText: CompactText?
  public var deprecatedText: CompactText?
  public var removedText: CompactText?

  /// The version that introduced it, `n/a` when not available on the platform, or `all`.
  public var introduced: String? {
    get { introducedText?.string }
    set { introducedText = newValue.map(CompactText.init) }
  }
  /// The version that deprecated it.
  public var deprecated: String? {
    get { deprecatedText?.string }
    set { deprecatedText = newValue.map(CompactText.init) }
  }
  /// The version that removed it.
  public var removed: String? {
    get { removedText?.string }
    set { removedText = newValue.map(CompactText.init) }
  }
  /// Whether a profile may hold more than one payload of the type.
  public var multiple: Bool?
  /// Whether it works only on supervised devices.
  public var supervised: Bool?
  /// Whether a user may install it by hand (`false`: MDM delivery only).
  public var allowManualInstall: Bool?
  /// Whether it is supported on the device channel (macOS).
  public var deviceChannel: Bool?
  /// Whether it is supported on the user channel (macOS).
  public var userChannel: Bool?
  /// Whether it needs a device enrolled through Automated Device Enrollment.
  public var requiresDEP: Bool?
  /// Whether it needs user-approved MDM enrollment.
  public var userApprovedMDM: Bool?
  /// Behaviour under User Enrollment.
  public var userEnrollment: EnrollmentMode?
  /// Behaviour on Shared iPad.
  public var sharedIPad: EnrollmentMode?
  /// On Shared iPad: supported on the device channel.
  public var sharedIPadDeviceChannel: Bool?
  /// On Shared iPad: supported on the user channel.
  public var sharedIPadUserChannel: Bool?

  /// Nothing stated.
  public init() {}

  /// False when `introduced` is `n/a`: the payload or key does not exist on the platform.
  public var isAvailable: Bool { introducedText != CompactText.notAvailable }

  /// `introduced` as a version; nil when absent, `n/a`, `all` or malformed.
  public var introducedVersion: OSVersion? { introducedText?.osVersion }
  /// `deprecated` as a version.
  public var deprecatedVersion: OSVersion? { deprecatedText?.osVersion }
  /// `removed` as a version.
  public var removedVersion: OSVersion? { removedText?.osVersion }

  /// True when no field is set.
  public var isEmpty: Bool { self == Availability() }

  /// These facts with every field that `other` states replacing ours.
  public func overridden(by other: Availability?) -> Availability {
    guard let o = other else { return self }
    var r = self
    if let v = o.introducedText { r.introducedText = v }
    if let v = o.deprecatedText { r.deprecatedText = v }
    if let v = o.removedText { r.removedText = v }
    if let v = o.multiple { r.multiple = v }
    if let v = o.supervised { r.supervised = v }
    if let v = o.allowManualInstall { r.allowManualInstall = v }
    if let v = o.deviceChannel { r.deviceChannel = v }
    if let v = o.userChannel { r.userChannel = v }
    if let v = o.requiresDEP { r.requiresDEP = v }
    if let v = o.userApprovedMDM { r.userApprovedMDM = v }
    if let v = o.userEnrollment { r.userEnrollment = v }
    if let v = o.sharedIPad { r.sharedIPad = v }
    if let v = o.sharedIPadDeviceChannel { r.sharedIPadDeviceChannel = v }
    if let v = o.sharedIPadUserChannel { r.sharedIPadUserChannel = v }
    return r
  }
}

/// `supportedOS`: availability per platform, absent where the schema says nothing.
public struct SupportedOS: Sendable, Hashable {
  // Indexed by `Platform.index`; five optionals are cheaper than a dictionary. Empty until
  // the first platform is set: most keys state none, and a schema has thousands of keys.
  var storage: [Availability?] = []

  /// Nothing stated for any platform.
  public init() {}

  /// The facts for one platform, nil when the schema does not mention the platform.
  public subscript(platform: Platform) -> Availability? {
    get { storage.isEmpty ? nil : storage[platform.index] }
    set {
      if storage.isEmpty {
        if newValue == nil { return }
        storage = Array(repeating: nil, count: Platform.allCases.count)
      }
      storage[platform.index] = newValue
    }
  }

  /// The platforms that have an entry, in ``Platform/allCases`` order.
  public var platforms: [Platform] { Platform.allCases.filter { self[$0] != nil } }

  /// True when no platform has an entry.
  public var isEmpty: Bool { storage.allSatisfy { $0 == nil } }

  public static func == (a: SupportedOS, b: SupportedOS) -> Bool {
    Platform.allCases.allSatisfy { a[$0] == b[$0] }
  }

  public func hash(into hasher: inout Hasher) {
    for platform in Platform.allCases { hasher.combine(self[platform]) }
  }
}

/// A text held by value, without a reference to count: up to 16 UTF-8 bytes inline (every
/// version, `n/a`, `all`); a longer one (a schema may hold anything) is kept once in a
/// process-wide table and held by its index. Equal texts are equal values.
public struct CompactText: Sendable, Hashable, CustomStringConvertible {
  private var bytes: (UInt64, UInt64) = (0, 0)
  /// The number of inline bytes, or `CompactText.interned` (`bytes.0` is then the index).
  private var count: UInt8 = 0
  private static let interned: UInt8 = 0xFF

  static let notAvailable = CompactText("n/a")

  public init(_ text: String) {
    var text = text
    let inline = text.withUTF8 { u -> Bool in
      guard u.count <= 16 else { return false }
      withUnsafeMutableBytes(of: &bytes) { w in
        for i in 0..<u.count { w[i] = u[i] }
      }
      count = UInt8(u.count)
      return true
    }
    if !inline {
      bytes = (UInt64(CompactText.intern(text)), 0)
      count = CompactText.interned
    }
  }

  public var string: String {
    if count == CompactText.interned { return CompactText.table.withLock { $0.texts[Int(bytes.0)] } }
    var copy = bytes
    let n = Int(count)
    return withUnsafeBytes(of: &copy) { String(decoding: UnsafeRawBufferPointer(rebasing: $0[0..<n]), as: UTF8.self) }
  }

  public var description: String { string }

  /// `OSVersion(string)`, read from the inline bytes without making a string (the payload
  /// rules ask every payload's availability for its versions).
  var osVersion: OSVersion? {
    if count == CompactText.interned { return OSVersion(string) }
    var copy = bytes
    let n = Int(count)
    return withUnsafeBytes(of: &copy) { OSVersion(utf8: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
  }

  public static func == (a: CompactText, b: CompactText) -> Bool {
    a.count == b.count && a.bytes.0 == b.bytes.0 && a.bytes.1 == b.bytes.1
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(count)
    hasher.combine(bytes.0)
    hasher.combine(bytes.1)
  }

  private static let table = Mutex<(texts: [String], index: [String: Int])>(([], [:]))

  private static func intern(_ text: String) -> Int {
    table.withLock { t in
      if let i = t.index[text] { return i }
      t.texts.append(text)
      t.index[text] = t.texts.count - 1
      return t.texts.count - 1
    }
  }
}
