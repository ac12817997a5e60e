extension Catalog {
  static let structureCodes: [DiagnosticDescriptor] = []
}
