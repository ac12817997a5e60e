import Diagnostics
import ProfileCompiler
import Testing

@Suite struct ExistingEnrollmentContextRuleTests {
  let dock = Existing.profile(payloads: [
    Existing.payload(
      type: "com.apple.dock", identifier: "a.b", uuid: "1B2C3D4E-2D4E-4F60-8A7B-9C0D1E2F3A4B")
  ])

  func diagnostics(_ given: ExistingContextOptions, _ text: String? = nil) -> [Diagnostic] {
    Existing.lint(text ?? dock, options: LintOptions(context: given)).diagnostics
      .filter { EnrollmentContextRule.codes.map(\.code).contains($0.code) }
  }

  @Test func typeMustExistOnThePlatform() throws {
    // The dock makes the platform macOS; web-based enrollment is iOS/iPadOS only.
    let d = try #require(diagnostics(ExistingContextOptions(enrollment: .webBased)).first)
    #expect(d.code == "PC4023")
    #expect(d.severity == .error)
    #expect(d.message == "web-based enrollment does not exist on macOS")
    #expect(d.notes.contains { $0.contains("inferred") })
    #expect(diagnostics(ExistingContextOptions(enrollment: .automated)).isEmpty)
  }

  @Test func minOSBelowTheFloor() {
    let ios = Existing.profile(payloads: [])
    let d = diagnostics(ExistingContextOptions(enrollment: .webBased, minOS: "14.0"), ios)
    #expect(d.map(\.code) == ["PC4001"])
    #expect(diagnostics(ExistingContextOptions(enrollment: .webBased, minOS: "15.0"), ios).isEmpty)
  }

  @Test func deprecatedTypeIsAWarning() {
    let d = diagnostics(
      ExistingContextOptions(enrollment: .userWithCompanyPortal), Existing.profile(payloads: []))
    #expect(d.map(\.code) == ["PC4022"])
    #expect(d.allSatisfy { $0.severity == .warning })
  }
}
