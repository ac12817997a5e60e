import ProfileSchemas

/// Short phrases about schema facts, in profilec's words, shared by `schema show` and the
/// JSON Schema's descriptions.
enum SchemaFacts {
  /// `"App"`, `12`, `2.0`, `true`.
  static func value(_ v: SchemaValue) -> String { v.description }

  /// Default, allowed values, range and pattern: `default true; one of "a", "b"; 1...15`.
  static func values(_ key: KeySchema) -> String {
    var parts: [String] = []
    if let d = key.defaultValue { parts.append("default " + value(d)) }
    if let list = key.rangeList { parts.append("one of " + list.map(value).joined(separator: ", ")) }
    if key.rangeMin != nil || key.rangeMax != nil {
      parts.append((key.rangeMin.map(value) ?? "") + "..." + (key.rangeMax.map(value) ?? ""))
    }
    if let f = key.format { parts.append("matches " + f) }
    if let t = key.valueType ?? key.subtype { parts.append(t) }
    return parts.joined(separator: "; ")
  }

  /// The key's type: `string`, `array of string`, `boolean or integer`.
  static func type(_ key: KeySchema) -> String {
    if key.acceptedTypes.count > 1 { return key.acceptedTypes.map(\.rawValue).joined(separator: " or ") }
    if key.type == .array, let e = key.elementSchema { return "array of " + type(e) }
    return key.type.rawValue
  }

  /// What a platform's availability says beyond "exists": supervised only, deprecated...
  static func conditions(_ a: Availability) -> [String] {
    var out: [String] = []
    if let d = a.deprecated, d != "n/a" { out.append("deprecated in \(d)") }
    if let r = a.removed, r != "n/a" { out.append("removed in \(r)") }
    if a.supervised == true { out.append("supervised only") }
    switch a.userEnrollment {
    case .forbidden?: out.append("not under User Enrollment")
    case .ignored?: out.append("ignored under User Enrollment")
    case .required?: out.append("User Enrollment only")
    default: break
    }
    if a.allowManualInstall == false { out.append("MDM only") }
    return out
  }

  /// `iOS 7.0+ (supervised only); macOS 10.13+; not on tvOS, watchOS`, for the
  /// platforms `availability` describes.
  static func platforms(_ availability: (Platform) -> Availability?) -> String {
    var on: [String] = []
    var off: [String] = []
    for p in Platform.allCases {
      guard let a = availability(p) else { continue }
      guard a.isAvailable else {
        off.append(p.rawValue)
        continue
      }
      var s = p.rawValue
      if let v = a.introduced, v != "all" { s += " " + v + "+" }
      let c = conditions(a)
      if !c.isEmpty { s += " (" + c.joined(separator: ", ") + ")" }
      on.append(s)
    }
    var parts = on
    if !off.isEmpty { parts.append("not on " + off.joined(separator: ", ")) }
    return parts.joined(separator: "; ")
  }
}
