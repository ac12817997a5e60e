extension Catalog {
  static let availabilityCodes: [DiagnosticDescriptor] = []
}
