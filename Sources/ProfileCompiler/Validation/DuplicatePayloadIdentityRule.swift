import Diagnostics

/// SPEC §3: "duplicate PayloadIdentifier or explicit PayloadUUID within the profile: error".
public struct DuplicatePayloadIdentityRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.duplicatePayloadIdentity]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    var identifiers: [String: Int] = [:]
    var uuids: [String: Int] = [:]
    let profileUUID = model.top["PayloadUUID"]?.stringValue?.uppercased()
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
          identifiers[id] = i
        }
      }
      let uuid = p.uuid.uppercased()
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
          uuids[uuid] = i
        }
      }
    }
  }
}
