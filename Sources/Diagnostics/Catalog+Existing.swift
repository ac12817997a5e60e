extension Catalog {
  static let existingProfileCodes: [DiagnosticDescriptor] = []
}
