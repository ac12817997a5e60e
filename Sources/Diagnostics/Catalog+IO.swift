extension Catalog {
  static let ioCodes: [DiagnosticDescriptor] = []
}
