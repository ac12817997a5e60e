extension Catalog {
  static let intuneCodes: [DiagnosticDescriptor] = []
}
