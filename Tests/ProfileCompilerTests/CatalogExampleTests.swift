import Diagnostics
import ProfileCompiler
import Testing

/// Every catalog page's example must really trigger its code, and its fixed version must
/// not: docs/diagnostics.md and `profilec explain` never show a wrong example.
@Suite struct CatalogExampleTests {
  /// Codes whose examples cannot run through `compile` (raw bytes, several files, command
  /// lines, hypothetical schemas), with why.
  static let notRunnable: [String: String] = [
    "PC0001": "needs invalid UTF-8 bytes, which an example string cannot hold",
    "PC0014": "the example is abbreviated",
    "PC1008": "depends on the environment",
    "PC1019": "reported by import, not compile",
    "PC2009": "no schema in the current release bounds an array",
    "PC3007": "no payload type in the current release is ignored under User Enrollment",
    "PC3105": "no key in the current release is removed",
    "PC4021": "needs two profiles compiled together",
  ]

  static let header = "profile:\n  identifier: com.contoso.example\n  name: Example\n"

  /// The example with a profile header when it has keys but no `profile:` block.
  static func source(_ example: String) -> String {
    let hasKeys = example.split(separator: "\n").contains { !$0.hasPrefix("#") && $0.contains(":") }
    return example.contains("profile:") || !hasKeys ? example : header + example
  }

  static var yamlCodes: [String] {
    Catalog.all.filter { $0.exampleLanguage == "yaml" && notRunnable[$0.code] == nil }.map(\.code)
  }

  func codes(_ text: String) -> [String] {
    let file = SourceFile(path: "example.profile.yaml", text: text)
    let output = Compiler.compile(file, options: CompileOptions(environment: { _ in nil }))
    return output.diagnostics.map(\.code)
  }

  @Test(arguments: yamlCodes)
  func badExampleTriggersAndFixedDoesNot(_ code: String) {
    let d = Catalog.descriptor(for: code)!
    let bad = codes(Self.source(d.bad))
    #expect(bad.contains(code), "bad example of \(code) gives \(bad)")
    let fixed = codes(Self.source(d.fixed))
    #expect(!fixed.contains(code), "fixed example of \(code) gives \(fixed)")
  }

  @Test func everyCodeIsUniqueAndWellFormed() {
    var seen: Set<String> = []
    for d in Catalog.all {
      #expect(!seen.contains(d.code), "\(d.code) declared twice")
      seen.insert(d.code)
      #expect(d.code.count == 6 && d.code.hasPrefix("PC") && Int(d.code.dropFirst(2)) != nil)
      #expect(d.summary.first?.isLowercase == true || d.summary.first?.isUppercase == true)
      #expect(!d.summary.hasSuffix("."))
      #expect(!d.explanation.isEmpty && !d.bad.isEmpty && !d.fixed.isEmpty)
    }
  }
}
