import Foundation
import Testing

@testable import ProfileSchemas

@Suite struct SchemaFormatTests {
  func parse(_ text: String, name: String = "test") throws(SchemaError) -> PayloadSchema {
    try SchemaParser.parse(name: name, file: "schemas/\(name).schema", text: text)
  }

  @Test func decodesEveryField() throws {
    let text = schemaText(
      #"""
      release Release_X
      commit abc123
      source mdm/profiles/com.example.test.yaml
      os iOS introduced=9.3 deprecated=17.0 removed=18.0 multiple=false supervised=true allowmanualinstall=false userenrollment=ignored sharedipad=allowed sharedipad.devicechannel=true sharedipad.userchannel=false
      os macOS introduced=n/a
      os tvOS introduced=10.2 devicechannel=true userchannel=false requiresdep=true userapprovedmdm=true

      # a comment line
      key "Display Sleep Timer" integer optional default=5 min=1 max=180 repeat-min=2 repeat-max=2
        rangelist 0
      key Mode string required default="a \"quoted\" = value" valuetype=url subtype=<url> combinetype=set format="^[0-9]{2}\\d$"
        os iOS introduced=11.3 supervised=false
        rangelist "a \"quoted\" = value" "b\u00e9" "\ud83d\ude00" "true"
      key Ratio real optional default=2.0 min=0.5 max=1e3
      key Flag boolean|integer optional
        rangelist true false 1 0
      key Items array optional subkeytype=Item
        key Item dictionary
          key ANY string
          key Name string required
      key Empty dictionary optional
        subkeys none
      """#)
    let s = try parse(text)
    #expect(s.kind == .payload)
    #expect(s.payloadType == "com.example.test")
    #expect(s.release == "Release_X")
    #expect(s.commit == "abc123")
    #expect(s.source == "mdm/profiles/com.example.test.yaml")
    let ios = try #require(s.supportedOS[.iOS])
    #expect(ios.introduced == "9.3")
    #expect(ios.deprecated == "17.0")
    #expect(ios.removed == "18.0")
    #expect(ios.multiple == false)
    #expect(ios.supervised == true)
    #expect(ios.allowManualInstall == false)
    #expect(ios.userEnrollment == .ignored)
    #expect(ios.sharedIPad == .allowed)
    #expect(ios.sharedIPadDeviceChannel == true)
    #expect(ios.sharedIPadUserChannel == false)
    #expect(s.supportedOS[.macOS]?.isAvailable == false)
    let tv = try #require(s.supportedOS[.tvOS])
    #expect(tv.deviceChannel == true && tv.userChannel == false)
    #expect(tv.requiresDEP == true && tv.userApprovedMDM == true)
    #expect(s.supportedOS[.watchOS] == nil)
    #expect(s.supportedOS.platforms == [.iOS, .macOS, .tvOS])

    #expect(
      s.keys.map(\.name) == ["Display Sleep Timer", "Mode", "Ratio", "Flag", "Items", "Empty"])
    let timer = try #require(s.key(named: "Display Sleep Timer"))
    #expect(timer.type == .integer)
    #expect(timer.presence == .optional)
    #expect(timer.defaultValue == .integer(5))
    #expect(timer.rangeMin == .integer(1) && timer.rangeMax == .integer(180))
    #expect(timer.repetitionMin == 2 && timer.repetitionMax == 2)
    #expect(timer.rangeList == [.integer(0)])
    #expect(timer.line == 12)

    let mode = try #require(s.key(named: "Mode"))
    #expect(mode.isRequired)
    #expect(mode.defaultValue == .string(#"a "quoted" = value"#))
    #expect(mode.valueType == "url" && mode.subtype == "<url>" && mode.combineType == "set")
    #expect(mode.format == #"^[0-9]{2}\d$"#)
    #expect(
      mode.rangeList == [
        .string(#"a "quoted" = value"#), .string("bé"), .string("😀"), .string("true"),
      ])
    #expect(mode.supportedOS[.iOS]?.introduced == "11.3")
    #expect(mode.supportedOS[.iOS]?.supervised == false)
    let effective = s.availability(of: [mode], on: .iOS)
    #expect(effective.introduced == "11.3")
    #expect(effective.supervised == false)
    #expect(effective.deprecated == "17.0")

    let ratio = try #require(s.key(named: "Ratio"))
    #expect(ratio.defaultValue == .real(2.0))
    #expect(ratio.rangeMax == .real(1000))

    let flag = try #require(s.key(named: "Flag"))
    #expect(flag.type == .boolean)
    #expect(flag.acceptedTypes == [.boolean, .integer])
    #expect(flag.accepts(.integer) && !flag.accepts(.string))
    #expect(flag.rangeList == [.boolean(true), .boolean(false), .integer(1), .integer(0)])

    let items = try #require(s.key(named: "Items"))
    let item = try #require(items.elementSchema)
    #expect(item.name == "Item" && item.presence == nil)
    #expect(item.wildcard?.name == "ANY")
    #expect(item.resolveKey(named: "Name")?.isRequired == true)
    #expect(item.resolveKey(named: "Whatever")?.isWildcard == true)
    #expect(item.key(named: "Whatever") == nil)
    #expect(s.keyPath(["Items", "Name"])?.map(\.name) == ["Items", "Item", "Name"])
    #expect(s.keyPath(["Items", "Other"])?.last?.name == "ANY")
    #expect(s.keyPath(["Nope"]) == nil)

    let empty = try #require(s.key(named: "Empty"))
    #expect(empty.hasSubkeys && empty.subkeys.isEmpty)
  }

  @Test func recursionThroughNamedStructures() throws {
    let s = try parse(
      schemaText(
        """
        key Dock array optional subkeytype=IconItem
          subkeys IconItem
        key Pages array required
          subkeys PagesItem

        struct IconItem
          key IconItem dictionary
            key Type string required
            key Pages array optional
              subkeys PagesItem

        struct PagesItem
          key PagesItem array
            subkeys IconItem
        """))
    #expect(s.structureNames == ["IconItem", "PagesItem"])
    let dockItem = try #require(s.key(named: "Dock")?.elementSchema)
    let pagesItem = try #require(s.key(named: "Pages")?.elementSchema?.elementSchema)
    #expect(dockItem === pagesItem)
    // Folders hold pages that hold items that can again be folders.
    let path = try #require(s.keyPath(["Pages", "Pages", "Pages", "Type"]))
    #expect(
      path.map(\.name) == [
        "Pages", "PagesItem", "IconItem", "Pages", "PagesItem", "IconItem", "Pages", "PagesItem",
        "IconItem", "Type",
      ])
    #expect(s.key(named: "Dock")?.structureName == "IconItem")
  }

  /// (text after the header, line of the error, words the message must contain)
  static let malformed: [(String, Int, String)] = [
    ("key A string\n\tkey B string", 5, "tab"),
    ("key A strin", 4, "unknown type"),
    ("key A string maybe", 4, "required or optional"),
    ("key A string optional default=yes", 4, "not a value"),
    ("key A string optional colour=red", 4, "unknown key attribute"),
    ("key A string optional default=\"open", 4, "unterminated"),
    ("key A string optional default=\"bad\\q\"", 4, "unknown escape"),
    ("key A dictionary\n  subkeys Missing", 5, "never defined"),
    ("key A dictionary\n  subkeys S\n  key B string", 6, "both"),
    ("key A string\n  os Android introduced=1", 5, "os PLATFORM"),
    ("key A string\n  os iOS introduced=1 supervised=maybe", 5, "true or false"),
    ("key A string\n  os iOS userenrollment=sometimes", 5, "allowed, required"),
    ("key A string\n  os iOS colour=red", 5, "unknown availability field"),
    ("key A dictionary\n  key B string\n   key C string", 6, "indentation"),
    ("  key A string", 4, "indentation"),
    ("key A string\npayloadtype late", 5, "before the first key"),
    ("struct S\n  rangelist 1", 5, "only 'key' lines"),
    ("struct S\n  key A string\nstruct S\n  key B string", 6, "defined twice"),
    ("key A string\n  frobnicate", 5, "unknown directive"),
    ("key A", 4, "expected 'key NAME TYPE"),
    ("key A string\nkey B string\nkey A integer", 6, "twice"),
    ("key A dictionary\n  key B string\n  key B string", 6, "twice"),
    ("key A dictionary\n  subkeys T\nkey B dictionary\n  subkeys S", 5, "'T' is used"),
  ]

  @Test(arguments: malformed)
  func reportsFileAndLine(_ body: String, _ line: Int, _ words: String) {
    do {
      _ = try parse(schemaText(body), name: "broken")
      Issue.record("no error for \(body)")
    } catch {
      #expect(error.file == "schemas/broken.schema")
      #expect(error.line == line, "\(error)")
      #expect(error.message.contains(words), "\(error)")
      #expect(error.description.hasPrefix("schemas/broken.schema:\(line): "))
    }
  }

  @Test func headerErrors() {
    #expect(throws: SchemaError.self) { try parse("kind payload\npayloadtype x\n") }
    #expect(throws: SchemaError.self) { try parse("profilec-schema 2\nkind payload\n") }
    #expect(throws: SchemaError.self) { try parse("profilec-schema 1\nkind payload\n") }
    #expect(throws: SchemaError.self) { try parse("profilec-schema 1\nkind nonsense\n") }
    #expect((try? parse("profilec-schema 1\nkind project\n"))?.kind == .project)
  }

  @Test func loadsADirectory() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp() }
    let embedded = SchemaSet.embedded
    try dir.write("TopLevel.schema", EmbeddedSchemas.texts["TopLevel"]!)
    try dir.write("CommonPayloadKeys.schema", EmbeddedSchemas.texts["CommonPayloadKeys"]!)
    try dir.write(
      "com.example.a.schema",
      schemaText("key A string required\n", header: "kind payload\npayloadtype com.example.a"))
    try dir.write(
      "com.example.a(v2).schema",
      schemaText("key B string required\n", header: "kind payload\npayloadtype com.example.a"))
    try dir.write("notes.txt", "not a schema")
    let set = try SchemaSet(directory: dir.url.path)
    #expect(set.directory == dir.url.path)
    #expect(set.payloadTypes == ["com.example.a"])
    #expect(
      set.schemas(forPayloadType: "com.example.a").map(\.name) == [
        "com.example.a", "com.example.a(v2)",
      ])
    #expect(set.release == embedded.release)
    #expect(set.topLevel.key(named: "PayloadContent") != nil)
    // Project schemas fall back to the embedded ones.
    #expect(set.microsoftSSOExtensionData.key(named: "AppAllowList") != nil)
    #expect(set.intuneEnrollment.key(named: "restrictions") != nil)
    #expect(set.schemas(forPayloadType: "com.apple.webClip.managed").isEmpty)

    try dir.write("com.example.bad.schema", schemaText("key A string\n  os iOS oops\n"))
    do {
      _ = try SchemaSet(directory: dir.url.path + "/")
      Issue.record("malformed file accepted")
    } catch {
      #expect(error.file == dir.url.path + "/com.example.bad.schema")
      #expect(error.line == 5)
    }
  }

  @Test func directoryErrors() throws {
    #expect(throws: SchemaError.self) { try SchemaSet(directory: "/nonexistent/profilec") }
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp() }
    do {
      _ = try SchemaSet(directory: dir.url.path)
      Issue.record("empty directory accepted")
    } catch {
      #expect(error.message.contains("TopLevel"))
    }
  }
}
