extension Catalog {
  static let schemaCodes: [DiagnosticDescriptor] = []
}
