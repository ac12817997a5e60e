import Diagnostics
import Foundation
import ProfileCompiler
import PropertyList
import Testing

/// Existing profiles the fuzzers found (scripts/fuzz.sh), kept in Tests/Fixtures/fuzz/.
@Suite struct RegressionImportFuzzTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

  /// ImportFuzz: a key holding a control character (U+0015) lints clean, and import wrote
  /// it into the source, which then failed to compile ("please report this"). Import now
  /// says the key cannot be written, as it already did for such string values.
  @Test func controlCharacterInAKey() throws {
    let bytes = try [UInt8](
      Data(contentsOf: Self.fixtures.appendingPathComponent("xml-control-character-in-key.mobileconfig")))
    let output = Importer.importProfile(path: "fuzz.mobileconfig", bytes: bytes)
    #expect(!output.diagnostics.contains { d in d.notes.contains { $0.hasPrefix("please report this") } })
    let d = try #require(output.diagnostics.first { $0.code == DiagnosticDescriptor.importCannotRepresent.code })
    #expect(d.message.hasPrefix("the key at 'PayloadContent[0].Payl\u{15}adEnabled' contains the control character U+0015"))
  }

  /// ImportFuzz (second run): a PayloadIdentifier holding U+0001. Payload identifiers are
  /// written as `identifier:` outside the per-value check, so import printed a source that
  /// did not compile ("please report this"). Now the string is named as unwritable.
  @Test func controlCharacterInAPayloadIdentifier() throws {
    let bytes = try [UInt8](
      Data(contentsOf: Self.fixtures.appendingPathComponent("xml-control-character-in-identifier.mobileconfig")))
    let output = Importer.importProfile(path: "fuzz.mobileconfig", bytes: bytes)
    #expect(!output.diagnostics.contains { d in d.notes.contains { $0.hasPrefix("please report this") } })
    let d = try #require(output.diagnostics.first { $0.code == DiagnosticDescriptor.importCannotRepresent.code })
    #expect(d.message.hasPrefix("the string at 'PayloadContent[0].PayloadIdentifier' contains the control character U+0001"))
  }

  /// A PayloadIdentifier holding `${env:` (found in review): written as `identifier:` it
  /// would be interpolated when the source compiles. Named as unwritable instead.
  @Test func interpolationInAPayloadIdentifier() throws {
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <plist version="1.0"><dict>
      <key>PayloadType</key><string>Configuration</string>
      <key>PayloadVersion</key><integer>1</integer>
      <key>PayloadIdentifier</key><string>com.contoso.env</string>
      <key>PayloadUUID</key><string>6A1F5B5C-4D3E-4F1A-9B2C-8D7E6F5A4B3C</string>
      <key>PayloadDisplayName</key><string>Env</string>
      <key>PayloadContent</key><array><dict>
      <key>PayloadType</key><string>com.apple.webClip.managed</string>
      <key>PayloadVersion</key><integer>1</integer>
      <key>PayloadIdentifier</key><string>com.contoso.env.${env:HOME}</string>
      <key>PayloadUUID</key><string>7A1F5B5C-4D3E-4F1A-9B2C-8D7E6F5A4B3C</string>
      <key>URL</key><string>https://example.com/</string>
      <key>Label</key><string>Clip</string>
      </dict></array>
      </dict></plist>
      """
    let output = Importer.importProfile(path: "env.mobileconfig", bytes: Array(xml.utf8))
    #expect(!output.diagnostics.contains { d in d.notes.contains { $0.hasPrefix("please report this") } })
    let d = try #require(output.diagnostics.first { $0.code == DiagnosticDescriptor.importCannotRepresent.code })
    #expect(d.message == "the string at 'PayloadContent[0].PayloadIdentifier' contains '${env:', which a source would interpolate")
  }

  /// The same through a character reference (`&#7;`) in a key.
  @Test func controlCharacterReferenceInAKey() throws {
    // Written by hand (the writer refuses such a key); the reader accepts it.
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <plist version="1.0"><dict>
      <key>PayloadType</key><string>Configuration</string>
      <key>PayloadVersion</key><integer>1</integer>
      <key>PayloadIdentifier</key><string>com.contoso.bin</string>
      <key>PayloadUUID</key><string>6A1F5B5C-4D3E-4F1A-9B2C-8D7E6F5A4B3C</string>
      <key>PayloadDisplayName</key><string>Binary</string>
      <key>PayloadContent</key><array><dict>
      <key>PayloadType</key><string>com.apple.webClip.managed</string>
      <key>PayloadVersion</key><integer>1</integer>
      <key>PayloadIdentifier</key><string>com.contoso.bin.clip</string>
      <key>PayloadUUID</key><string>7A1F5B5C-4D3E-4F1A-9B2C-8D7E6F5A4B3C</string>
      <key>URL</key><string>https://example.com/</string>
      <key>Label</key><string>Clip</string>
      <key>Bell&#7;</key><string>x</string>
      </dict></array></dict></plist>
      """
    let output = Importer.importProfile(path: "bell.mobileconfig", bytes: Array(xml.utf8))
    #expect(!output.diagnostics.contains { d in d.notes.contains { $0.hasPrefix("please report this") } })
    #expect(output.diagnostics.contains { $0.code == DiagnosticDescriptor.importCannotRepresent.code && $0.message.contains("U+0007") })
  }
}
