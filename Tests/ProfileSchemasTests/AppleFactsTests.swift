import Foundation
import Testing

@testable import ProfileSchemas

/// Compares the embedded schemas with `apple-mdm-profiles.json`, an independent rendering
/// of the same Apple release, and checks facts verified by hand in Apple's YAML.
@Suite struct AppleFactsTests {
  nonisolated(unsafe) static let facts: [String: Any]? = {
    guard let data = try? Data(contentsOf: Paths.appleJSON) else { return nil }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
  }()

  static var payloads: [[String: Any]] { facts?["payloads"] as? [[String: Any]] ?? [] }

  let set = SchemaSet.embedded

  @Test func sameReleaseAndFiles() throws {
    let facts = try #require(Self.facts, "missing \(Paths.appleJSON.path)")
    #expect(set.release == facts["release"] as? String)
    #expect(set.commit == facts["commit"] as? String)
    let files = Self.payloads.compactMap { $0["file"] as? String }
    #expect(files.count == 128)
    let mine = set.schemaNames.filter {
      $0 != SchemaSet.microsoftSSOExtensionDataName && $0 != SchemaSet.intuneEnrollmentName
    }
    #expect(Set(mine) == Set(files.map { String($0.dropLast(".yaml".count)) }))
  }

  /// The JSON's rendering of a scalar as our value type (NSNumber: objCType tells
  /// booleans from integers from reals).
  static func value(_ any: Any) -> SchemaValue? {
    if let s = any as? String { return .string(s) }
    guard let n = any as? NSNumber else { return nil }
    switch String(cString: n.objCType) {
    case "c", "B": return .boolean(n.boolValue)
    case "d", "f": return .real(n.doubleValue)
    default: return .integer(n.intValue)
    }
  }

  static func availability(_ json: [String: Any], _ context: String) -> Availability {
    var a = Availability()
    for (field, v) in json {
      switch field {
      case "introduced": a.introduced = v as? String
      case "deprecated": a.deprecated = v as? String
      case "removed": a.removed = v as? String
      case "multiple": a.multiple = v as? Bool
      case "supervised": a.supervised = v as? Bool
      case "allowmanualinstall": a.allowManualInstall = v as? Bool
      case "devicechannel": a.deviceChannel = v as? Bool
      case "userchannel": a.userChannel = v as? Bool
      case "requiresdep": a.requiresDEP = v as? Bool
      case "userapprovedmdm": a.userApprovedMDM = v as? Bool
      case "userenrollment":
        a.userEnrollment = ((v as? [String: Any])?["mode"] as? String).flatMap(EnrollmentMode.init)
      case "sharedipad":
        let d = v as? [String: Any] ?? [:]
        a.sharedIPad = (d["mode"] as? String).flatMap(EnrollmentMode.init)
        a.sharedIPadDeviceChannel = d["devicechannel"] as? Bool
        a.sharedIPadUserChannel = d["userchannel"] as? Bool
      default: Issue.record("\(context): unexpected supportedOS field \(field)")
      }
    }
    return a
  }

  static func supportedOS(_ json: Any?, _ context: String) -> SupportedOS {
    var s = SupportedOS()
    for (platform, v) in json as? [String: Any] ?? [:] {
      guard let p = Platform(rawValue: platform) else {
        Issue.record("\(context): unknown platform \(platform)")
        continue
      }
      s[p] = availability(v as? [String: Any] ?? [:], "\(context).\(platform)")
    }
    return s
  }

  /// Compares one list of keys, recursively. `root` resolves `$recursive` paths.
  func compare(
    _ json: [[String: Any]], _ mine: [KeySchema], _ path: String, root: [KeySchema],
    counts: inout Int
  ) {
    #expect(mine.map(\.name) == json.compactMap { $0["key"] as? String }, "\(path): key names")
    guard mine.count == json.count else { return }
    for (j, k) in zip(json, mine) {
      counts += 1
      let here = "\(path)/\(k.name)"
      for field in j.keys {
        let known = [
          "key", "type", "presence", "default", "rangelist", "range", "format", "repetition",
          "subtype", "valuetype", "subkeytype", "subkeys", "supportedOS", "combinetype",
        ]
        #expect(known.contains(field), "\(here): JSON field \(field) not compared")
      }
      #expect(k.type.rawValue == j["type"] as? String, "\(here): type")
      #expect(k.presence?.rawValue == j["presence"] as? String, "\(here): presence")
      #expect(k.defaultValue == j["default"].flatMap(Self.value), "\(here): default")
      #expect(
        k.rangeList == (j["rangelist"] as? [Any]).map { $0.compactMap(Self.value) },
        "\(here): rangelist")
      let range = j["range"] as? [String: Any]
      #expect(k.rangeMin == range?["min"].flatMap(Self.value), "\(here): range min")
      #expect(k.rangeMax == range?["max"].flatMap(Self.value), "\(here): range max")
      let rep = j["repetition"] as? [String: Any]
      #expect(k.repetitionMin == rep?["min"] as? Int, "\(here): repetition min")
      #expect(k.repetitionMax == rep?["max"] as? Int, "\(here): repetition max")
      #expect(k.format == j["format"] as? String, "\(here): format")
      #expect(k.subtype == j["subtype"] as? String, "\(here): subtype")
      #expect(k.valueType == j["valuetype"] as? String, "\(here): valuetype")
      #expect(k.combineType == j["combinetype"] as? String, "\(here): combinetype")
      #expect(k.subkeyType == j["subkeytype"] as? String, "\(here): subkeytype")
      #expect(k.supportedOS == Self.supportedOS(j["supportedOS"], here), "\(here): supportedOS")
      switch j["subkeys"] {
      case nil:
        #expect(!k.hasSubkeys, "\(here): unexpected subkeys")
      case let list as [[String: Any]]:
        compare(list, k.subkeys, here, root: root, counts: &counts)
      case let ref as [String: Any]:
        // The JSON stops recursion with {"$recursive": "/Dock"}: the subkeys are those of
        // the key at that path. Ours must be the very same shared objects.
        guard let target = ref["$recursive"] as? String else {
          Issue.record("\(here): odd subkeys \(ref)")
          break
        }
        var list = root
        var found: KeySchema?
        for name in target.split(separator: "/") {
          found = list.first { $0.name == name }
          list = found?.subkeys ?? []
        }
        guard let t = found else {
          Issue.record("\(here): $recursive target \(target) not found")
          break
        }
        #expect(k.structureName != nil, "\(here): recursion not through a named structure")
        #expect(
          k.subkeys.map(ObjectIdentifier.init) == t.subkeys.map(ObjectIdentifier.init),
          "\(here): recursion does not resolve to \(target)")
      default:
        Issue.record("\(here): odd subkeys")
      }
    }
  }

  @Test(arguments: payloads.compactMap { $0["file"] as? String })
  func matchesJSONFacts(_ file: String) throws {
    let json = try #require(Self.payloads.first { $0["file"] as? String == file })
    let schema = try #require(set.schema(named: String(file.dropLast(".yaml".count))))
    #expect(schema.payloadType == json["payloadtype"] as? String)
    #expect(schema.source == "mdm/profiles/\(file)")
    #expect(schema.release == Self.facts?["release"] as? String)
    #expect(schema.commit == Self.facts?["commit"] as? String)
    #expect(schema.supportedOS == Self.supportedOS(json["supportedOS"], file))
    let keys = json["payloadkeys"] as? [[String: Any]] ?? []
    #expect(schema.keys.count == keys.count, "\(file): top-level key count")
    var counted = 0
    compare(keys, schema.keys, file, root: schema.keys, counts: &counted)
    #expect(counted > 0 || keys.isEmpty)
  }

  // MARK: - Facts checked by hand against Apple's YAML

  @Test func allowAirDropIsSupervisedOnlyOnIOS() throws {
    let s = try #require(set.schemas(forPayloadType: "com.apple.applicationaccess").first)
    let key = try #require(s.key(named: "allowAirDrop"))
    #expect(key.type == .boolean)
    #expect(key.defaultValue == .boolean(true))
    let ios = s.availability(of: [key], on: .iOS)
    #expect(ios.supervised == true)
    #expect(ios.introduced == "7.0")
    #expect(ios.userEnrollment == .forbidden)
    // The payload itself is not supervised-only.
    #expect(s.availability(on: .iOS).supervised == false)
    #expect(s.availability(ofKeyPath: ["allowAirDrop"], on: .macOS)?.supervised == nil)
  }

  @Test func blockedAppBundleIDsIsIOS15() throws {
    let s = try #require(set.schema(named: "com.apple.applicationaccess"))
    let a = try #require(s.availability(ofKeyPath: ["blockedAppBundleIDs"], on: .iOS))
    #expect(a.introducedVersion == OSVersion(15, 0))
    #expect(a.supervised == true)
    #expect(s.key(named: "blockedAppBundleIDs")?.elementSchema?.type == .string)
  }

  @Test func webClipIsNotOnTVOS() throws {
    let s = try #require(set.schemas(forPayloadType: "com.apple.webClip.managed").first)
    #expect(s.availability(on: .tvOS).introduced == "n/a")
    #expect(!s.availability(on: .tvOS).isAvailable)
    #expect(s.availability(on: .iOS).isAvailable)
    #expect(s.key(named: "URL")?.isRequired == true)
    #expect(s.key(named: "IsRemovable")?.defaultValue == .boolean(true))
  }

  @Test func extensibleSSOIsMDMOnlyOnIOS() throws {
    let s = try #require(set.schema(named: "com.apple.extensiblesso"))
    let ios = s.availability(on: .iOS)
    #expect(ios.allowManualInstall == false)
    #expect(ios.introducedVersion == OSVersion(13, 0))
    #expect(ios.multiple == true)
    #expect(ios.userEnrollment == .allowed)
    #expect(s.key(named: "Type")?.rangeList == [.string("Credential"), .string("Redirect")])
    #expect(s.availability(ofKeyPath: ["TeamIdentifier"], on: .iOS)?.isAvailable == false)
    #expect(s.availability(ofKeyPath: ["ScreenLockedBehavior"], on: .iOS)?.introduced == "15.0")
  }

  @Test func homeScreenLayoutRecursionResolves() throws {
    let s = try #require(set.schema(named: "com.apple.homescreenlayout"))
    #expect(s.availability(on: .iOS).supervised == true)
    // A folder's pages hold items that can again be folders, to any depth.
    let path = try #require(s.keyPath(["Pages", "Pages", "Pages", "Pages", "Type"]))
    #expect(path.last?.rangeList?.contains(.string("Folder")) == true)
    let pages = try #require(s.key(named: "Pages"))
    let item = try #require(pages.elementSchema?.elementSchema)
    #expect(item.type == .dictionary)
    let folderPages = try #require(item.key(named: "Pages"))
    #expect(folderPages.elementSchema === pages.elementSchema)
    #expect(folderPages.elementSchema?.elementSchema === item)
    let dockItem = try #require(s.key(named: "Dock")?.elementSchema)
    #expect(dockItem === item)
    // URL inside a nested folder inherits the payload's iOS facts and its own override.
    let url = try #require(s.availability(ofKeyPath: ["Pages", "Pages", "URL"], on: .iOS))
    #expect(url.introduced == "11.3")
    #expect(url.supervised == true)
  }

  @Test func applicationAccessNewRecursionResolves() throws {
    let s = try #require(set.schema(named: "com.apple.applicationaccess.new"))
    let path = try #require(s.keyPath(["whiteList", "subApps", "subApps", "bundleID"]))
    #expect(path.last?.isRequired == true)
    let item = try #require(s.key(named: "whiteList")?.elementSchema)
    #expect(item.key(named: "subApps")?.elementSchema === item)
  }

  @Test func wildcardAndOddNames() throws {
    let energy = try #require(set.schema(named: "com.apple.MCX(EnergySaver)"))
    let timer = try #require(
      energy.keyPath(["com.apple.EnergySaver.desktop.ACPower", "Display Sleep Timer"])?.last)
    #expect(timer.rangeMin == .integer(1) && timer.rangeMax == .integer(180))
    #expect(timer.rangeList == [.integer(0)])
    let anyKeys = set.schemaNames.compactMap(set.schema(named:)).filter { schema in
      func hasWildcard(_ keys: [KeySchema], _ depth: Int) -> Bool {
        depth < 8 && keys.contains { $0.isWildcard || hasWildcard($0.subkeys, depth + 1) }
      }
      return hasWildcard(schema.keys, 0)
    }
    #expect(!anyKeys.isEmpty)
  }

  @Test func topLevelAndCommonKeys() throws {
    let top = set.topLevel
    #expect(top.kind == .topLevel)
    #expect(top.key(named: "PayloadContent")?.type == .array)
    #expect(top.key(named: "RemovalDate")?.type == .date)
    #expect(top.key(named: "PayloadRemovalDisallowed")?.defaultValue == .boolean(false))
    let removal = try #require(top.availability(ofKeyPath: ["PayloadRemovalDisallowed"], on: .iOS))
    #expect(removal.supervised == true)
    #expect(removal.userEnrollment == .forbidden)
    let common = set.commonPayloadKeys
    #expect(common.kind == .commonPayloadKeys)
    #expect(
      Set(common.keys.filter(\.isRequired).map(\.name)) == [
        "PayloadType", "PayloadVersion", "PayloadIdentifier", "PayloadUUID",
      ])
    #expect(!set.payloadTypes.contains("TopLevel"))
    #expect(!set.payloadTypes.contains("CommonPayloadKeys"))
  }

  @Test func everyFormatCompilesAsSwiftRegex() throws {
    var seen = 0
    func walk(_ keys: [KeySchema], _ visited: inout Set<ObjectIdentifier>) {
      for k in keys where visited.insert(ObjectIdentifier(k)).inserted {
        if let format = k.format {
          seen += 1
          #expect(k.formatRegex != nil, "\(k.name): \(format): \(k.formatRegexError ?? "")")
        }
        walk(k.subkeys, &visited)
      }
    }
    for name in set.schemaNames {
      var visited: Set<ObjectIdentifier> = []
      walk(set.schema(named: name)!.keys, &visited)
    }
    #expect(seen >= 19)
    let mdm = try #require(set.schema(named: "com.apple.mdm"))
    let uuid = try #require(mdm.key(named: "IdentityCertificateUUID")?.formatRegex)
    #expect("6A1F0E32-1C2B-4B7C-9A5F-0123456789AB".wholeMatch(of: uuid) != nil)
    #expect("not-a-uuid".wholeMatch(of: uuid) == nil)
    let server = try #require(mdm.key(named: "ServerURL")?.formatRegex)
    #expect("https://mdm.example.com/x".firstMatch(of: server) != nil)
    #expect("http://mdm.example.com/x".firstMatch(of: server) == nil)
  }
}
