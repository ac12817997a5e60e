import Diagnostics

/// SPEC §3: "duplicate PayloadIdentifier or explicit PayloadUUID within the profile: error".
public struct DuplicatePayloadIdentityRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.duplicatePayloadIdentity]
  public init() {}

  /// `s.uppercased()`, without the Unicode machinery for ASCII text (every UUID).
  static func upper(_ s: String) -> String {
    // A byte loop over contiguous storage: iterating `s.utf8` generically cost more than
    // the rest of the rule.
    let scan: (ascii: Bool, hasLower: Bool)? = s.utf8.withContiguousStorageIfAvailable { u in
      var high: UInt8 = 0
      var hasLower = false
      for b in u {
        high |= b
        if b >= 0x61 && b <= 0x7A { hasLower = true }
      }
      return (high < 0x80, hasLower)
    }
    var hasLower = false
    if let scan {
      if !scan.ascii { return s.uppercased() }
      hasLower = scan.hasLower
    } else {
      for b in s.utf8 {
        if b >= 0x80 { return s.uppercased() }
        if b >= 0x61 && b <= 0x7A { hasLower = true }
      }
    }
    guard hasLower else { return s }
    return String(decoding: s.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
  }

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    var identifiers = FirstSeen()
    var uuids = FirstSeen()
    let profileUUID = model.top["PayloadUUID"]?.stringValue.map(DuplicatePayloadIdentityRule.upper)
    for (i, p) in model.payloads.enumerated() {
      let id = p.identifier
      if !id.isEmpty {
        if let first = identifiers[id] {
          out.emit(
            .duplicatePayloadIdentity,
            "payload identifier '\(id)' is also used by \(model.payloads[first].path)",
            model.keyRange(p, "PayloadIdentifier"), path: p.path(of: "PayloadIdentifier"),
            notes: ["give one of them a different 'id'"])
        } else {
          identifiers.insert(id, i)
        }
      }
      let uuid = DuplicatePayloadIdentityRule.upper(p.uuid)
      if !uuid.isEmpty {
        if let first = uuids[uuid] {
          out.emit(
            .duplicatePayloadIdentity, "PayloadUUID '\(p.uuid)' is also used by \(model.payloads[first].path)",
            model.keyRange(p, "PayloadUUID"), path: p.path(of: "PayloadUUID"),
            notes: ["every payload needs its own UUID"])
        } else if uuid == profileUUID {
          out.emit(
            .duplicatePayloadIdentity, "PayloadUUID '\(p.uuid)' is also the profile's UUID",
            model.keyRange(p, "PayloadUUID"), path: p.path(of: "PayloadUUID"))
        } else {
          uuids.insert(uuid, i)
        }
      }
    }
  }
}
