import Testing

@testable import ProfileSchemas

/// Availability keeps its versions as `CompactText`: the text must come back as written,
/// and equality must be the text's.
@Suite struct CompactTextTests {
  static let texts = [
    "", "17", "17.0", "n/a", "all", "10.15.4", "16 bytes exactly", "seventeen bytes!!",
    "a version text far longer than sixteen bytes", "é", "1.0-β", String(repeating: "9", count: 200),
  ]

  @Test func roundTripsAndCompares() {
    for a in Self.texts {
      #expect(CompactText(a).string == a)
      for b in Self.texts {
        #expect((CompactText(a) == CompactText(b)) == (Array(a.utf8) == Array(b.utf8)), "\(a) / \(b)")
      }
    }
    #expect(Set(Self.texts.map(CompactText.init)).count == Self.texts.count)
  }

  /// Availability reads its versions from the inline bytes: the same as parsing the text.
  @Test func versionsReadFromBytesAgreeWithParsingTheText() {
    let versions = Self.texts + [
      "1", "1.2.3", "1.2.3.4", ".1", "1.", "1..2", "123456789", "1234567890", "+1", "-1", " 1",
      "18.0", "999999999.999999999.9", "999999999.999999999.99", "10.15.4.",
    ]
    for v in versions {
      #expect(CompactText(v).osVersion == OSVersion(v), "\(v)")
      var a = Availability()
      a.introduced = v
      a.deprecated = v
      a.removed = v
      #expect(a.introducedVersion == OSVersion(v) && a.deprecatedVersion == OSVersion(v) && a.removedVersion == OSVersion(v))
    }
  }

  @Test func availabilityFieldsReadBackAsSet() {
    var a = Availability()
    a.introduced = "n/a"
    #expect(!a.isAvailable && a.introduced == "n/a")
    a.introduced = "14.0"
    a.removed = "a removal version longer than sixteen"
    #expect(a.isAvailable && a.introduced == "14.0" && a.removed == "a removal version longer than sixteen")
    #expect(a.deprecated == nil && !a.isEmpty)
    var b = Availability()
    b.deprecated = "15.0"
    let c = a.overridden(by: b)
    #expect(c.introduced == "14.0" && c.deprecated == "15.0" && c.removed == a.removed)
    a.introduced = nil
    a.removed = nil
    #expect(a.isEmpty)
  }
}
