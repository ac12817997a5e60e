// PC2xxx: payload contents checked against the schemas (SPEC §3, §4).

extension DiagnosticDescriptor {
  public static let wrongType = DiagnosticDescriptor(
    "PC2003", .error, "wrong value type",
    explanation: """
      The schema gives every key a type (string, integer, real, boolean, date, data, array, \
      dictionary). A value of another type is ignored or rejected by the device. Plain \
      scalars take the schema's type when their text fits it (`1` is a valid real); a \
      quoted scalar is always a string.
      """,
    bad: "restrictions:\n  allowCamera: \"false\"",
    fixed: "restrictions:\n  allowCamera: false")
}

extension Catalog {
  static let schemaCodes: [DiagnosticDescriptor] = [.wrongType]
}
