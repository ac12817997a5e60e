import Diagnostics
import Foundation
import ProfileCompiler
import Testing

@Suite struct ExistingEncryptedProfileRuleTests {
  @Test func encryptedProfileIsAClearError() throws {
    let text = Existing.xml(
      """
      <key>EncryptedPayloadContent</key>
      <data>MIAGCSqGSIb3DQEHA6CAMIACAQAx</data>
      <key>PayloadType</key>
      <string>Configuration</string>
      """)
    let d = try #require(Existing.check(EncryptedProfileRule(), text).first)
    #expect(d.code == "PC5021")
    #expect(d.severity == .error)
    #expect(d.message.contains("encrypted"))
    #expect(d.startLocation?.line == 5)
    // The whole lint says it once, without also calling PayloadContent missing.
    let lint = Existing.lint(text)
    #expect(lint.diagnostics.filter { $0.code == "PC5020" }.isEmpty)
    #expect(lint.diagnostics.filter { $0.code == "PC5021" }.count == 1)
  }

  @Test func plainProfilesPass() {
    #expect(Existing.check(EncryptedProfileRule(), Existing.profile(payloads: [])).isEmpty)
  }
}

@Suite struct ExistingSignatureRuleTests {
  @Test func signedProfileGetsANoteNamingTheSigner() throws {
    let signed = Existing.corpusRoot.appendingPathComponent("paulmillr__encrypted-dns/signed").path
    let file = try #require(Existing.files(under: URL(fileURLWithPath: signed)).first)
    let read = PlistReaderShim.read(file)
    let root = try #require(read.root)
    var bag = DiagnosticBag(file: read.file)
    SignatureRule().check(ExistingPlist(read: read, root: root), ValidationContext(), &bag)
    let d = try #require(bag.all.first)
    #expect(d.code == "PC5014")
    #expect(d.severity == .note)
    #expect(d.message.hasPrefix("signed by "))
    #expect(d.message.contains("encrypted-dns.brunch.io"))
    #expect(d.message.hasSuffix("; signature not verified"))
  }

  @Test func unsignedProfilesGetNoNote() {
    #expect(Existing.check(SignatureRule(), Existing.profile(payloads: [])).isEmpty)
  }
}
