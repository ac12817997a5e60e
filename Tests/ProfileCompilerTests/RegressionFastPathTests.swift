import Foundation
#if canImport(Glibc)
  import Glibc
#endif
import PropertyList
import Testing

@testable import ProfileCompiler

/// Byte-level helpers used on hot paths must agree with their plain definitions.
@Suite struct RegressionFastPathTests {
  @Test(arguments: ["${env:", "?", "#", " ", "ExtensionData.", "Password", "PIN"])
  func byteSearchFindsWhatContainsFinds(_ needle: StaticString) {
    let needleText = needle.description
    let haystacks = [
      "", "$", "${env", "${env:", "x${env:A}", String(repeating: "$", count: 40) + "{env:", "Password",
      "WifiPassword", "passwordish", "PINCode", "https://a/?q#f", "tab\there", "é ExtensionData.x",
      String(repeating: "a", count: 63) + "?", "ExtensionData", "\u{1F600}#", "ab" + String(repeating: "${en", count: 9) + "v:",
    ]
    for h in haystacks {
      #expect(ByteSearch.contains(h, needle) == h.utf8.containsSubsequence(needleText.utf8), "\(h) / \(needleText)")
      #expect(ByteSearch.hasPrefix(h, needle) == h.utf8.starts(with: needleText.utf8), "\(h) / \(needleText)")
    }
  }

  /// Payload meta keys are told by length and bytes: the same keys `==` finds in the
  /// table, and nothing else (case, near misses of the same length, other spellings).
  @Test func payloadMetaKeysAreFoundByTheirExactSpelling() {
    let metas = Set(Lowering.payloadMetaKeys.map(\.meta))
    let others = [
      "", "i", "Id", "ID", "iD", "typ", "types", "Type", "TYPE", "tYpe", "uuiD", "nam", "named", "names",
      "versio", "Version", "enable", "Enabled", "identifie", "Identifier", "identifiers", "descriptio",
      "Description", "organisation", "Organization", "PayloadType", "URL", "ty\u{0301}pe", "t\u{0443}pe",
      "\u{212A}", "version\u{0}", "id\u{0}", "nаme", "nbme", "typf", "uuie", "ie",
    ]
    for key in Array(metas) + others {
      let found = DocumentLowerer.payloadMetaKey(key)
      #expect((found != nil) == metas.contains(key), "\(key)")
      if let found { #expect("\(found)" == key) }
    }
  }

  /// compile's duplicate-input and shared-output checks: one spelling per file.
  @Test func pathTextAgreesWithConcatenation() {
    for parent in ["", "payloads[0]", "sso.ExtensionData", "é.ü", String(repeating: "k", count: 40)] {
      for child in ["", "a", "ServerURL", "日本", String(repeating: "x", count: 30)] {
        #expect(PathText.member(parent, child) == (parent.isEmpty ? child : parent + "." + child))
        #expect(PathText.join(parent, UInt8(ascii: "."), child) == parent + "." + child)
      }
      for i in [0, 7, 10, 99, 1_000_000, Int.max] {
        #expect(PathText.index(parent, i) == parent + "[\(i)]")
      }
    }
    for path in ["", "/", "a", "a/b", "/a/b.profile.yaml", "dir/é.yaml", "a/b/", "x.profile.yaml"] {
      let slash = path.lastIndex(of: "/")
      #expect(FileIO.baseName(path) == (slash.map { String(path[path.index(after: $0)...]) } ?? path))
      #expect(FileIO.directoryName(path) == (slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? ""))
      #expect(FileIO.endsWith(path, ".yaml") == path.utf8.reversed().starts(with: ".yaml".utf8.reversed()))
      #expect(FileIO.sourceStem(path) == (path.hasSuffix(".profile.yaml") ? String(path.dropLast(13)) : path.hasSuffix(".yaml") ? String(path.dropLast(5)) : path))
    }
    #expect(FileIO.endsWith("a", "") && !FileIO.endsWith("", "a") && FileIO.endsWith("", ""))
  }

  /// The schema walk's known names agree with a `Set<String>`: `String` equality, so a
  /// canonically equal spelling matches (the Kelvin sign is `K`), and case matters.
  @Test func knownNamesAgreeWithASet() {
    let names = [
      "PayloadType", "PayloadUUID", "PayloadVersion", "PayloadIdentifier", "PayloadEnabled", "ConsentText",
      "caf\u{E9}", "Kelvin", "PayloadDisplayName", "PayloadDescription",
    ]
    let known = KnownNames(names + ["PayloadType"])
    let set = Set(names)
    let probes = names + [
      "", "Payload", "PayloadTypes", "PayloadTyp", "payloadtype", "cafe\u{301}", "\u{212A}elvin", "PayloadUUIE",
      "PayloadIdentifieR", "PayloadDescriptioN", "PayloadDisplayNamE", String(repeating: "P", count: 40),
    ]
    for probe in probes {
      #expect(known.contains(probe) == set.contains(probe), "\(probe)")
    }
    #expect(known.names.count == names.count)
    #expect(!KnownNames.none.contains("") && KnownNames([""]).contains("") && !KnownNames([""]).contains("a"))
  }

  /// FirstSeen keeps what a `[String: Int]` would, below and past its switch to a table.
  @Test func firstSeenAgreesWithADictionary() {
    var seen = FirstSeen()
    var plain: [String: Int] = [:]
    let keys = (0..<40).map { "suffix\($0 % 23)" } + ["caf\u{E9}", "cafe\u{301}", "", "wifi", "wifi"]
    for (i, key) in keys.enumerated() {
      #expect(seen[key] == plain[key], "\(key)")
      if i % 3 == 0 || seen[key] != nil {
        seen.update(key, (plain[key] ?? 0) + i)
        plain[key] = (plain[key] ?? 0) + i
      } else {
        seen.insert(key, i)
        plain[key] = i
      }
    }
    for key in Set(keys) + ["absent"] { #expect(seen[key] == plain[key], "\(key)") }
  }

  /// compile's output beside each source, built in one pass, is the path the composed
  /// helpers spell (trailing and doubled slashes, the root, names without `.yaml`).
  @Test func outputBesideAgreesWithTheComposedPath() {
    let paths = [
      "a.profile.yaml", "a.yaml", "a", "dir/a.profile.yaml", "/a.profile.yaml", "//a.yaml", "d//a.profile.yaml",
      "d/e/f.yaml", "d/.profile.yaml", "d/x.profile.yaml.yaml", "dé/é.profile.yaml", "d/", "/", "", ".yaml",
      "a.PROFILE.YAML", "./a.profile.yaml", "../up/b.yml", String(repeating: "k/", count: 30) + "z.profile.yaml",
    ]
    for path in paths {
      let composed = FileIO.join(FileIO.directoryName(path), FileIO.sourceStem(FileIO.baseName(path)) + ".mobileconfig")
      #expect(FileIO.outputBeside(path) == composed, "\(path)")
    }
  }

  @Test func lexicalIdentityOfPaths() {
    let cwd = "/work/repo"
    let cases: [(String, String)] = [
      ("a/b.profile.yaml", "/work/repo/a/b.profile.yaml"),
      ("./a//b.profile.yaml", "/work/repo/a/b.profile.yaml"),
      ("/work/repo/a/./b.profile.yaml", "/work/repo/a/b.profile.yaml"),
      ("a/../a/b", "/work/repo/a/../a/b"),
      ("/", "/"),
      (".", "/work/repo"),
      ("dé/é.yaml", "/work/repo/dé/é.yaml"),
      ("a/", "/work/repo/a"),
      ("a/.", "/work/repo/a"),
      (".a/..b/c.", "/work/repo/.a/..b/c."),
      ("//x", "/x"),
      ("", "/work/repo"),
    ]
    for (path, identity) in cases {
      #expect(FileIO.lexicalIdentity(path, workingDirectory: cwd) == identity, "\(path)")
    }
    #expect(FileIO.lexicalIdentity("x", workingDirectory: "/") == "/x")
    #expect(FileIO.lexicalIdentity("x", workingDirectory: "/w//./r/") == "/w/r/x")
    for path in ["a", "/a/b", "/", ".a", "a/..", "a..b/c"] { #expect(FileIO.isPlainPath(path), "\(path)") }
    for path in ["", "a/", "./a", "a//b", "a/./b", "a/.", "//"] { #expect(!FileIO.isPlainPath(path), "\(path)") }
  }

  /// PlistDict's in-place key search agrees with a plain scan by scalars (NFC and NFD
  /// spellings are different keys; the empty key is a key).
  @Test func dictionaryKeySearchAgreesWithAPlainScan() {
    let keys = ["", "a", "PayloadUUID", "PayloadType", "caf\u{E9}", "cafe\u{301}", "\u{1F600}", String(repeating: "k", count: 40), "b"]
    let dict = PlistDict(keys.map { PlistEntry(key: $0, value: .string($0)) })
    for probe in keys + ["c", "Payload", "PayloadUUIDs", "caf", String(repeating: "k", count: 39)] {
      let plain = keys.firstIndex { Array($0.utf8) == Array(probe.utf8) }
      #expect(dict.index(of: probe) == plain, "\(probe)")
      for start in 0...keys.count {
        let expected = plain.flatMap { $0 >= start ? $0 : nil }
        #expect(dict.index(of: probe, searchingFrom: start) == expected, "\(probe) from \(start)")
      }
    }
    var grown = dict
    grown.set("b", .string("again"), searchingFrom: 3)
    #expect(grown.entries.count == keys.count && grown["b"]?.stringValue == "again")
    grown.set("new", .string("n"), searchingFrom: 3)
    #expect(grown.entries.count == keys.count + 1 && grown.entries.last?.key == "new")
  }

  /// compile takes a source's identity from the fstat of its read: it must equal the
  /// stat-based identity, for a link too; writes told an output is missing still replace
  /// one that appeared since.
  @Test func identitiesFromReadsAndWritesWithAStaleHint() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profilec-fastpath-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let file = dir + "/a.txt", link = dir + "/link.txt"
    try Data("one".utf8).write(to: URL(fileURLWithPath: file))
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
    var fromRead: [UInt8]? = nil
    guard case .success = FileIO.read(link, identity: &fromRead) else { Issue.record("read failed"); return }
    #expect(fromRead != nil && fromRead == FileIO.fileIdentity(file))
    #expect(FileIO.statuses([file, dir + "/missing", link]).map { $0?.identity } == [FileIO.fileIdentity(file), nil, FileIO.fileIdentity(file)])
    #expect(FileIO.statuses([file, dir]).map { $0?.isDirectory } == [false, true])
    let many = (0..<100).map { dir + "/f\($0)" }
    #expect(FileIO.statuses(many).allSatisfy { $0 == nil })

    let out = dir + "/out.mobileconfig"
    try Data("old".utf8).write(to: URL(fileURLWithPath: out))
    #expect(FileIO.unchangedFiles([(out, Array("old".utf8)), (out, Array("new".utf8))], existing: [true, true]) == [true, false])
    #expect(FileIO.unchangedFiles([(out, Array("old".utf8))], existing: [false]) == [false])
    let results = FileIO.writeAtomically([(out, Array("new".utf8)), (dir + "/other", Array("x".utf8))], missing: [true, true])
    #expect(results.results.allSatisfy { if case .success = $0 { return true } else { return false } })
    #expect(!results.wroteNothing)
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "new")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".profilec-") }
    #expect(leftovers.isEmpty)
  }

  /// Both ways of handing out indices (strided, and the runs of consecutive indices the
  /// output writers use so that two threads work in different folders) call the body once
  /// per index and return the results in index order, for counts below, at and above the
  /// number of workers.
  @Test func parallelMapCoversEveryIndexOnceInOrder() {
    for contiguous in [false, true] {
      for (count, workers) in [(0, 8), (1, 8), (7, 8), (8, 8), (9, 8), (125, 8), (1000, 8), (3, 2), (5, 1)] {
        let calls = CallCounter()
        let results = parallelMap(count, workers: workers, contiguous: contiguous) { i in
          calls.add()
          return i * 3
        }
        #expect(results == (0..<count).map { $0 * 3 }, "count \(count), workers \(workers), contiguous \(contiguous)")
        #expect(calls.total == count)
      }
    }
  }

  /// import writes every scalar `profile:` key compile reads, under the same Apple key and
  /// with the same value type (both come from lowering's tables).
  @Test func importSpellsEveryScalarProfileKey() {
    let structural: Set<String> = ["identifier", "organization", "uuid", "consent-text", "inherit-organization"]
    #expect(Set(SourceWriter.profileScalars.map(\.key)) == Set(Lowering.profileKeys).subtracting(structural))
    for scalar in SourceWriter.profileScalars {
      #expect(Lowering.profileKeyToApple[scalar.key] == scalar.apple, "\(scalar.key)")
      let typed = Lowering.typedProfileKeys.first { $0.key == scalar.key }
      #expect(scalar.shape.name == (typed?.shape.name ?? "string"), "\(scalar.key)")
    }
  }

  /// The secret rule's byte scan agrees with the plain definition: the key, less trailing
  /// digits, ends in Password, password, Passphrase, passphrase, Secret, secret or PIN.
  @Test func secretKeyScanAgreesWithItsDefinition() {
    let words = ["Password", "password", "Passphrase", "passphrase", "Secret", "secret", "PIN"]
    func plain(_ key: String) -> Bool {
      var k = Substring(key)
      while let last = k.last, last.isASCII, last.isNumber { k = k.dropLast() }
      return words.contains { k.hasSuffix($0) }
    }
    let keys = [
      "", "d", "N", "PIN", "pin", "PIN2", "forcePIN", "maxPINAgeInDays", "Password", "password", "PASSWORD",
      "assword", "AuthPassword", "Password12", "passwordContentRegex", "Passphrase", "keyPassphrase", "Secret",
      "SharedSecret", "sharedSecret", "ecret", "XAuthPasswordEncryption", "Passwords", "IN", "xPassword9x",
      "Pässword", "Secret\u{301}", "7", "\u{1F600}Secret",
    ]
    for key in keys { #expect(SecretRule.looksSecret(key) == plain(key), "\(key)") }
  }

  @Test func sha1OfLongInputs() {
    func hex(_ d: [UInt8]) -> String { d.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
    #expect(hex(SHA1.hash(Array(repeating: UInt8(ascii: "a"), count: 1000))) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    var split = SHA1()
    let bytes = (0..<3).flatMap { _ in (0..<256).map { UInt8($0) } }
    split.update(bytes[0..<5])
    split.update(bytes[5..<300])
    split.update(bytes[300...])
    #expect(hex(split.finalize()) == "ac2a264c8ec1f4232a40854e8239bc3a697ab1d2")
    #expect(UUIDv5.make(name: String(repeating: "x", count: 200)) == "DDCC691A-B8E2-53E5-B059-6A232874B2EB")
  }
}

extension Sequence where Element: Equatable {
  fileprivate func containsSubsequence<S: Collection>(_ other: S) -> Bool where S.Element == Element {
    let a = Array(self)
    let b = Array(other)
    if b.isEmpty { return true }
    guard a.count >= b.count else { return false }
    return (0...(a.count - b.count)).contains { Array(a[$0..<($0 + b.count)]) == b }
  }
}

@Suite struct RegressionEditDistanceTests {
  /// The banded distance agrees with the full one wherever the full one is within the
  /// limit, and says "over" otherwise.
  @Test func boundedDistanceAgrees() {
    var state: UInt64 = 42
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33) % n
    }
    let alphabet = Array("abcAB.é")
    for _ in 0..<3000 {
      let a = String((0..<next(12)).map { _ in alphabet[next(alphabet.count)] })
      var b = Array(a)
      for _ in 0..<next(5) {
        switch next(4) {
        case 0 where !b.isEmpty: b.remove(at: next(b.count))
        case 1: b.insert(alphabet[next(alphabet.count)], at: next(b.count + 1))
        case 2 where b.count > 1:
          let i = next(b.count - 1)
          b.swapAt(i, i + 1)
        default: if !b.isEmpty { b[next(b.count)] = alphabet[next(alphabet.count)] }
        }
      }
      let other = String(b)
      let full = Suggest.distance(a, other)
      for limit in 1...3 {
        let bounded = Suggest.boundedDistance(Array(a.unicodeScalars), Array(other.unicodeScalars), limit: limit)
        if full <= limit {
          #expect(bounded == full, "\(a) / \(other) limit \(limit)")
        } else {
          #expect(bounded > limit, "\(a) / \(other) limit \(limit)")
        }
      }
    }
  }

  /// compile skips the `stat` of an output its folder's listing did not hold; it must agree
  /// with `stat` for every name the listing can vouch for, and vouch for nothing else.
  @Test func folderListingsAgreeWithStat() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profilec-listing-\(UUID().uuidString)")
    let sub = dir.appendingPathComponent("Sub")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for name in ["a.profile.yaml", "a.mobileconfig", "Mixed.mobileconfig", ".hidden.mobileconfig"] {
      try Data().write(to: dir.appendingPathComponent(name))
    }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.mobileconfig"), withIntermediateDirectories: true)
    try Data().write(to: sub.appendingPathComponent("b.profile.yaml"))
    // A folder holding a non-ASCII name vouches for nothing: under Unicode case folding
    // the Kelvin sign's "\u{212A}ey.mobileconfig" is "key.mobileconfig".
    let unicode = dir.appendingPathComponent("u")
    try FileManager.default.createDirectory(at: unicode, withIntermediateDirectories: true)
    try Data().write(to: unicode.appendingPathComponent("\u{212A}ey.mobileconfig"))
    try Data().write(to: unicode.appendingPathComponent("key.profile.yaml"))
    var listings = FolderListings()
    let found = FileIO.findFiles(under: dir.path, suffix: ".profile.yaml", listings: &listings)
    #expect(found == [dir.path + "/Sub/b.profile.yaml", dir.path + "/a.profile.yaml", dir.path + "/u/key.profile.yaml"])
    #expect(!listings.wasAbsent(dir.path + "/u/key.mobileconfig"))
    #expect(!listings.wasAbsent(dir.path + "/u/other.mobileconfig"))
    let base = dir.path + "/"
    // Present (in any ASCII case), a folder, hidden: never "absent".
    for name in ["a.mobileconfig", "A.MOBILECONFIG", "mixed.mobileconfig", ".hidden.mobileconfig", "folder.mobileconfig", "Sub"] {
      #expect(!listings.wasAbsent(base + name), "\(name)")
    }
    // Non-ASCII names and folders spelled otherwise or never listed: `stat` decides.
    #expect(!listings.wasAbsent(base + "é.mobileconfig"))
    #expect(!listings.wasAbsent(dir.path + "//new.mobileconfig"))
    #expect(!listings.wasAbsent(dir.path + "/Other/new.mobileconfig"))
    #expect(!listings.wasAbsent("new.mobileconfig"))
    // Absent from a listed folder, the root's and a subfolder's.
    #expect(listings.wasAbsent(base + "b.mobileconfig"))
    #expect(listings.wasAbsent(base + "Sub/b.mobileconfig"))
    for path in [base + "b.mobileconfig", base + "Sub/b.mobileconfig"] {
      #expect(FileIO.status(path) == nil)
    }
    // statuses: what the listing vouches for is nil, the rest are stat's answers.
    let paths = [base + "a.mobileconfig", base + "b.mobileconfig", base + "folder.mobileconfig"]
    let statuses = FileIO.statuses(paths, listings: listings)
    #expect(statuses[0] != nil && statuses[0]?.isDirectory == false)
    #expect(statuses[1] == nil)
    #expect(statuses[2]?.isDirectory == true)
  }

  /// A listing stops vouching once its folder changes: something that appeared at an
  /// output path during the compile (here a folder) gets its `stat` and its PC9002.
  @Test func folderListingsDropChangedFolders() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profilec-relisting-\(UUID().uuidString)")
    let kept = dir.appendingPathComponent("kept")
    let changed = dir.appendingPathComponent("changed")
    for folder in [kept, changed] {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data().write(to: folder.appendingPathComponent("a.profile.yaml"))
      // Times well in the past, so that the change below moves them whatever the clock's
      // granularity.
      var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
      #expect(utimensat(AT_FDCWD, folder.path, &times, 0) == 0)
    }
    defer { try? FileManager.default.removeItem(at: dir) }
    var listings = FolderListings()
    _ = FileIO.findFiles(under: dir.path, suffix: ".profile.yaml", listings: &listings)
    #expect(listings.wasAbsent(kept.path + "/a.mobileconfig"))
    #expect(listings.wasAbsent(changed.path + "/a.mobileconfig"))
    try FileManager.default.createDirectory(at: changed.appendingPathComponent("a.mobileconfig"), withIntermediateDirectories: false)
    let current = listings.revalidated()
    #expect(current.wasAbsent(kept.path + "/a.mobileconfig"))
    #expect(!current.wasAbsent(changed.path + "/a.mobileconfig"))
    let statuses = FileIO.statuses([kept.path + "/a.mobileconfig", changed.path + "/a.mobileconfig"], listings: current)
    #expect(statuses[0] == nil)
    #expect(statuses[1]?.isDirectory == true)
  }

  /// The byte scanner of OS versions agrees with the plain split-based definition.
  @Test func versionTextAgreesWithSplit() {
    func reference(_ s: String) -> Bool {
      let parts = s.split(separator: ".", omittingEmptySubsequences: false)
      guard (1...3).contains(parts.count) else { return false }
      return parts.allSatisfy { p in !p.isEmpty && p.count <= 6 && p.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
    let pieces = ["", "0", "1", "17", "123456", "1234567", ".", "..", "a", " ", "١", "é", "-", "+1"]
    var checked = 0
    for a in pieces {
      for b in pieces {
        for c in pieces {
          for s in [a, a + b, a + "." + b, a + "." + b + "." + c, a + "." + b + "." + c + ".1", a + b + c] {
            #expect(VersionText.isWellFormed(s) == reference(s), "\(s)")
            checked += 1
          }
        }
      }
    }
    #expect(checked > 10_000)
  }
}

/// Counts calls made from several threads.
private final class CallCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func add() { lock.withLock { count += 1 } }
  var total: Int { lock.withLock { count } }
}
