import Diagnostics
import ProfileSchemas

/// SPEC §3: `multiple: false` and more than one payload of the type is an error.
public struct MultiplePayloadRule: ValidationRule {
  public static let codes: [DiagnosticDescriptor] = [.multiplePayloads]
  public init() {}

  public func check(_ model: ProfileModel, _ context: ValidationContext, _ out: inout DiagnosticBag) {
    let platform = Platform(rawValue: model.context.platform.schemaPlatform) ?? .iOS
    // Payload indices, not copies of the payloads.
    var first = FirstSeen()
    for (i, payload) in model.payloads.enumerated() {
      guard let previousIndex = first[payload.type] else {
        first.insert(payload.type, i)
        continue
      }
      let previous = model.payloads[previousIndex]
      guard let choice = context.schemaChoice(model, i) else { continue }
      let a = choice.schema.availability(on: platform)
      guard a.isAvailable, a.multiple == false else { continue }
      out.emit(
        .multiplePayloads,
        "a second \(payload.type) payload; \(model.context.platform.rawValue) installs only one per device",
        payload.anchor, path: payload.path, notes: ["the first is \(previous.path); merge their keys"])
    }
  }
}
