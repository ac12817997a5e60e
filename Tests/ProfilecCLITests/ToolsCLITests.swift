import Foundation
import Testing

/// End-to-end tests of `diff`, `fmt` and `schema` against the built binary.
private let byod = """
  profile:
    identifier: com.contoso.byod
    name: Contoso BYOD
  enrollment:
    type: device
    platform: iOS
  restrictions:
    allowCamera: true
    allowScreenShot: false
  payloads:
    - type: com.apple.webClip.managed
      id: portal
      URL: https://portal.manage.microsoft.com/
      Label: Company Portal

  """

private func write(_ text: String, _ name: String, in dir: URL) throws -> String {
  let url = dir.appendingPathComponent(name)
  try Harness.write(text, to: url)
  return url.path
}

@Suite struct DiffCLITests {
  @Test func changesAreListedByKeyPath() throws {
    let dir = try Harness.tempDir()
    let old = try write(byod, "old.profile.yaml", in: dir)
    let new = try write(
      byod.replacingOccurrences(of: "allowCamera: true", with: "allowCamera: false")
        .replacingOccurrences(of: "  allowScreenShot: false\n", with: ""), "new.profile.yaml", in: dir)
    let r = try Harness.run(["diff", old, new])
    #expect(r.status == 1, "\(r.stderr)")
    #expect(
      r.out == """
        ~ PayloadContent[com.contoso.byod.applicationaccess].allowCamera: true -> false
        - PayloadContent[com.contoso.byod.applicationaccess].allowScreenShot: false

        """)
    #expect(r.stderr.isEmpty)
  }

  @Test func sourceEqualsItsCompiledProfileInEveryEncoding() throws {
    let dir = try Harness.tempDir()
    let src = try write(byod, "byod.profile.yaml", in: dir)
    let xml = dir.appendingPathComponent("byod.mobileconfig").path
    #expect(try Harness.run(["compile", src, "-o", xml]).status == 0)
    let binary = dir.appendingPathComponent("byod.binary.mobileconfig").path
    let (status, _, err) = try Harness.python(
      "import plistlib,sys; d=plistlib.load(open(sys.argv[1],'rb')); open(sys.argv[2],'wb').write(plistlib.dumps(d, fmt=plistlib.FMT_BINARY))",
      args: [xml, binary])
    #expect(status == 0, "\(err)")
    var inputs = [xml, binary]
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") {
      let key = dir.appendingPathComponent("k.pem").path, cert = dir.appendingPathComponent("c.pem").path
      let signed = dir.appendingPathComponent("byod.signed.mobileconfig").path
      let openssl = { (args: [String]) throws -> Int32 in
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
      }
      if try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-subj", "/CN=profilec test", "-days", "1"]) == 0,
        try openssl(["smime", "-sign", "-in", xml, "-out", signed, "-signer", cert, "-inkey", key, "-outform", "der", "-nodetach", "-binary"]) == 0
      {
        inputs.append(signed)
      }
    }
    for input in inputs {
      let r = try Harness.run(["diff", src, input])
      #expect(r.status == 0, "\(input): \(r.out) \(r.stderr)")
      #expect(r.out.isEmpty)
      let back = try Harness.run(["diff", input, src])
      #expect(back.status == 0)
    }
  }

  @Test func reorderedPayloadsAreANoteAndUUIDsNeedAFlag() throws {
    let dir = try Harness.tempDir()
    let old = try write(byod, "old.profile.yaml", in: dir)
    // restrictions moved after payloads; an explicit payload UUID.
    let moved = byod.replacingOccurrences(of: "restrictions:\n  allowCamera: true\n  allowScreenShot: false\n", with: "")
      .replacingOccurrences(of: "    id: portal\n", with: "    id: portal\n    uuid: 11111111-2222-3333-4444-555555555555\n")
      + "restrictions:\n  allowScreenShot: false\n  allowCamera: true\n"
    let new = try write(moved, "new.profile.yaml", in: dir)
    let r = try Harness.run(["diff", old, new])
    #expect(r.status == 0, "\(r.out)")
    #expect(r.out.hasPrefix("note: payload order changed"))
    #expect(r.out.split(separator: "\n").count == 1)
    let u = try Harness.run(["diff", old, new, "--uuids"])
    #expect(u.status == 1)
    #expect(u.out.contains("~ PayloadContent[com.contoso.byod.portal].PayloadUUID: "))
    #expect(u.out.contains("-> \"11111111-2222-3333-4444-555555555555\""))
  }

  @Test func markdownAndJSONFormats() throws {
    let dir = try Harness.tempDir()
    let old = try write(byod, "old.profile.yaml", in: dir)
    let new = try write(byod.replacingOccurrences(of: "Label: Company Portal", with: "Label: Portal"), "new.profile.yaml", in: dir)
    let md = try Harness.run(["diff", old, new, "--format", "markdown"])
    #expect(md.status == 1)
    #expect(md.out.contains("| | Key path | Old | New |"))
    #expect(md.out.contains("| ~ | `PayloadContent[com.contoso.byod.portal].Label` | `\"Company Portal\"` | `\"Portal\"` |"))
    let json = try Harness.run(["diff", old, new, "--format", "json"])
    #expect(json.status == 1)
    let object = try JSONSerialization.jsonObject(with: json.stdout) as! [String: Any]
    #expect(object["equal"] as? Bool == false)
    let change = (object["changes"] as! [[String: Any]])[0]
    #expect(change["path"] as? String == "PayloadContent[com.contoso.byod.portal].Label")
    #expect(change["old"] as? String == "Company Portal")
    #expect(change["new"] as? String == "Portal")
    let same = try Harness.run(["diff", old, old, "--format", "json"])
    #expect(same.status == 0)
    #expect((try JSONSerialization.jsonObject(with: same.stdout) as! [String: Any])["equal"] as? Bool == true)
  }

  @Test func errorsExitTwo() throws {
    let dir = try Harness.tempDir()
    let good = try write(byod, "good.profile.yaml", in: dir)
    let broken = try write(byod + "bogus: 1\n", "broken.profile.yaml", in: dir)
    let r = try Harness.run(["diff", good, broken])
    #expect(r.status == 2)
    #expect(r.stderr.contains("error[PC1001]: unknown top-level key 'bogus'"))
    #expect(r.stdout.isEmpty)
    #expect(try Harness.run(["diff", good, dir.appendingPathComponent("missing.mobileconfig").path]).status == 2)
    let notPlist = try write("not a plist", "x.mobileconfig", in: dir)
    #expect(try Harness.run(["diff", good, notPlist]).status == 2)
    #expect(try Harness.run(["diff", good]).status == 2)
    #expect(try Harness.run(["diff", good, good, "--format", "sarif"]).status == 2)
  }
}

@Suite struct FmtCLITests {
  static let fixtures = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/fmt")

  @Test func checkListsRewriteFixesSecondRunIsANoOp() throws {
    let dir = try Harness.tempDir()
    let messy = try String(contentsOf: Self.fixtures.appendingPathComponent("odd-indent.profile.yaml"), encoding: .utf8)
    let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("odd-indent.formatted.yaml"), encoding: .utf8)
    let a = try write(messy, "nested/a.profile.yaml", in: dir)
    let b = try write(expected, "b.profile.yaml", in: dir)

    let check = try Harness.run(["fmt", "--check", dir.path])
    #expect(check.status == 1)
    #expect(check.out == a + "\n")
    #expect(try String(contentsOfFile: a, encoding: .utf8) == messy)

    let before = try Harness.run(["compile", a])
    let fmt = try Harness.run(["fmt", a, b])
    #expect(fmt.status == 0, "\(fmt.stderr)")
    #expect(try String(contentsOfFile: a, encoding: .utf8) == expected)
    #expect(try String(contentsOfFile: b, encoding: .utf8) == expected)
    let after = try Harness.run(["compile", a])
    #expect(before.status == 0 && after.status == 0)
    #expect(before.stdout == after.stdout)

    let again = try Harness.run(["fmt", "--check", a, b])
    #expect(again.status == 0)
    #expect(again.out.isEmpty)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("nested").path)
    #expect(leftovers == ["a.profile.yaml"])
  }

  @Test func syntaxErrorsAreReportedAndNotRewritten() throws {
    let dir = try Harness.tempDir()
    let text = "profile:\n    identifier: x\n\tname: y\n"
    let path = try write(text, "bad.profile.yaml", in: dir)
    for args in [["fmt", path], ["fmt", "--check", path]] {
      let r = try Harness.run(args)
      #expect(r.status == 1)
      #expect(r.stderr.contains("PC0"))
      #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }
  }

  @Test func aFileThatCannotBeWrittenIsNotCountedAsFormatted() throws {
    // A file size limit fails the large file's rewrite; the small one is rewritten.
    let dir = try Harness.tempDir()
    let messy = try String(contentsOf: Self.fixtures.appendingPathComponent("odd-indent.profile.yaml"), encoding: .utf8)
    let small = try write(messy, "small.profile.yaml", in: dir)
    let urls = (0..<20_000).map { "      - https://blocked-\($0).example.com/page" }.joined(separator: "\n")
    // The same messy source followed by 20,000 comment lines (about 900 KB).
    let large = messy + urls.replacingOccurrences(of: "      - ", with: "#   ") + "\n"
    let big = try write(large, "big.profile.yaml", in: dir)
    let r = try Harness.run(
      ["fmt", small, big], launcher: ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 256; exec \"$0\" \"$@\""])
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("cannot write"), "\(r.stderr)")
    #expect(r.stderr.contains("formatted 1 file\n"), "\(r.stderr)")
    #expect(try String(contentsOfFile: big, encoding: .utf8) == large)
    #expect(try String(contentsOfFile: small, encoding: .utf8) != messy)
  }

  @Test func unreadableInputsExitTwo() throws {
    #expect(try Harness.run(["fmt", "/nonexistent/x.profile.yaml"]).status == 2)
    #expect(try Harness.run(["fmt"]).status == 2)
  }
}

@Suite struct SchemaCLITests {
  @Test func listShowsPlatforms() throws {
    let r = try Harness.run(["schema", "list"])
    #expect(r.status == 0)
    let row = r.out.split(separator: "\n").first { $0.hasPrefix("com.apple.webClip.managed ") }
    #expect(row != nil)
    #expect(row.map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(3).joined(separator: " ") } == "com.apple.webClip.managed 4.0 10.7")
    #expect(r.out.contains("S supervised only"))
  }

  @Test func showKeysAvailabilityAndEnrollment() throws {
    let r = try Harness.run(["schema", "show", "com.apple.applicationaccess"])
    #expect(r.status == 0)
    #expect(r.out.hasPrefix("com.apple.applicationaccess\n"))
    let airdrop = r.out.split(separator: "\n").first { $0.hasPrefix("  allowAirDrop ") }.map(String.init) ?? ""
    #expect(airdrop.contains("boolean"))
    #expect(airdrop.contains("default true"))
    #expect(airdrop.contains("7.0 S U"))
    #expect(r.out.contains("By enrollment type"))
    let nested = try Harness.run(["schema", "show", "com.apple.homescreenlayout"])
    #expect(nested.out.contains("\n    Type "))
    #expect(nested.out.contains("same structure as above"))
    #expect(nested.out.contains("  configurator              ok"))
    #expect(nested.out.contains("  web-based                 needs supervision"))
  }

  @Test func unknownTypeSuggestsAndExitsTwo() throws {
    let r = try Harness.run(["schema", "show", "com.apple.webclip.managed"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("did you mean 'com.apple.webClip.managed'?"))
    #expect(r.stdout.isEmpty)
    #expect(try Harness.run(["schema", "show", "webclip"]).stderr.contains("com.apple.webClip.managed"))
    #expect(try Harness.run(["schema"]).status == 2)
    #expect(try Harness.run(["schema", "lst"]).stderr.contains("did you mean 'list'"))
    #expect(try Harness.run(["schema", "export"]).status == 2)
  }

  @Test func exportIsJSON() throws {
    let r = try Harness.run(["schema", "export", "--json-schema"])
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
    #expect(object["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
    #expect(object["additionalProperties"] as? Bool == false)
    #expect(try Harness.run(["schema", "export", "--json-schema"]).stdout == r.stdout)
  }
}
