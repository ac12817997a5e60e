import Testing

@testable import ProfileSchemas

@Suite struct OSVersionTests {
  /// (a, b, expected comparison of a to b: -1, 0, 1)
  static let comparisons: [(String, String, Int)] = [
    ("17", "17.0", 0),
    ("17.0", "17.0.0", 0),
    ("17", "17.0.0", 0),
    ("17.0", "17.0.3", -1),
    ("17.0.3", "17.10", -1),
    ("17.9", "17.10", -1),
    ("17.10", "17.2", 1),
    ("9.3", "10.0", -1),
    ("10.13.4", "10.13", 1),
    ("10.15", "10.15.4", -1),
    ("18.1", "18.0.9", 1),
    ("4.2.1", "4.2", 1),
    ("1", "2", -1),
    ("0.0.1", "0", 1),
  ]

  @Test(arguments: comparisons)
  func compares(_ a: String, _ b: String, _ expected: Int) throws {
    let va = try #require(OSVersion(a))
    let vb = try #require(OSVersion(b))
    switch expected {
    case 0:
      #expect(va == vb)
      #expect(!(va < vb) && !(vb < va))
      #expect(va.hashValue == vb.hashValue)
    case -1:
      #expect(va < vb)
      #expect(va != vb)
    default:
      #expect(va > vb)
      #expect(va != vb)
    }
  }

  static let malformed = [
    "", ".", "17.", ".17", "17..0", "17.0.0.1", "v17", "17.0a", " 17", "17 ", "-1", "+17",
    "17,0", "n/a", "all", "1234567890", "17.0.", "١٧",
  ]

  @Test(arguments: malformed)
  func rejects(_ text: String) {
    #expect(OSVersion(text) == nil)
  }

  @Test func components() throws {
    let v = try #require(OSVersion("17.0.3"))
    #expect(v.components == [17, 0, 3])
    #expect((v.major, v.minor, v.patch) == (17, 0, 3))
    #expect(v.description == "17.0.3")
    #expect(OSVersion("17")?.description == "17")
    #expect(OSVersion(17, 1) == OSVersion("17.1"))
    #expect(OSVersion("017") == OSVersion(17))
  }

  @Test func platformNames() {
    #expect(Platform(sourceName: "iPadOS") == .iOS)
    #expect(Platform(sourceName: "iOS") == .iOS)
    #expect(Platform(sourceName: "visionOS") == .visionOS)
    #expect(Platform(sourceName: "ios") == nil)
    #expect(Platform(sourceName: "iPadOS ") == nil)
    #expect(Platform.sourceNames.compactMap(Platform.init(sourceName:)).count == 6)
    #expect(Platform.allCases.map(\.rawValue) == ["iOS", "macOS", "tvOS", "visionOS", "watchOS"])
  }

  @Test func availabilityOverride() {
    var payload = Availability()
    payload.introduced = "9.3"
    payload.supervised = true
    payload.userEnrollment = .forbidden
    payload.sharedIPad = .allowed
    payload.sharedIPadUserChannel = true
    var key = Availability()
    key.introduced = "11.3"
    key.sharedIPad = .forbidden
    let r = payload.overridden(by: key)
    #expect(r.introduced == "11.3")
    #expect(r.supervised == true)
    #expect(r.userEnrollment == .forbidden)
    #expect(r.sharedIPad == .forbidden)
    #expect(r.sharedIPadUserChannel == true)
    #expect(r.introducedVersion == OSVersion(11, 3))
    #expect(payload.overridden(by: nil) == payload)
    var na = Availability()
    na.introduced = "n/a"
    #expect(!na.isAvailable)
    #expect(na.introducedVersion == nil)
    #expect(Availability().isAvailable)
    #expect(Availability().isEmpty)
  }
}
