import Diagnostics
import Foundation
import PropertyList

/// The package root, found from this file's path (Tests/PropertyListTests/Support.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// The shared corpus of real profiles (read-only).
let corpusRoot: URL = {
  let relative = packageRoot.appendingPathComponent("../shared/corpus").standardizedFileURL
  if FileManager.default.fileExists(atPath: relative.path) { return relative }
  return URL(fileURLWithPath: "/work/shared/corpus")
}()

/// Every `.mobileconfig` in the corpus, as paths relative to `corpusRoot`, sorted.
let corpusFiles: [String] = {
  var out: [String] = []
  let root = corpusRoot.path
  guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
  while let p = e.nextObject() as? String {
    if p.hasSuffix(".mobileconfig") { out.append(p) }
  }
  return out.sorted()
}()

let malformedCorpusFile =
  "microsoft__shell-intune-samples/macOS/Custom Profiles/Google Chrome/Prevent proceeding from the SSL warning page/Google Chrome - Prevent proceeding from the SSL warning page.mobileconfig"
let leadingWhitespaceCorpusFile =
  "microsoft__shell-intune-samples/macOS/Custom Profiles/Docker Desktop/Docker Desktop - Sign-in Enforcement.mobileconfig"

func readBytes(_ path: String) -> [UInt8] {
  (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
}

func readCorpus(_ relative: String) -> PlistReadResult {
  let path = corpusRoot.appendingPathComponent(relative).path
  return PlistReader.read(path: relative, bytes: readBytes(path))
}

func findTool(_ candidates: [String]) -> String? {
  candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

let python3Path = findTool([
  "/usr/bin/python3", "/usr/local/bin/python3", "/root/.pyenv/shims/python3",
])
let plutilPath = findTool(["/opt/swift/usr/bin/plutil", "/usr/bin/plutil"])
let opensslPath = findTool(["/usr/bin/openssl", "/usr/local/bin/openssl"])

struct ToolError: Error, CustomStringConvertible {
  var description: String
}

/// Runs a program with `input` on stdin; returns stdout. Stderr is returned in the error.
@discardableResult
func run(_ tool: String, _ arguments: [String], input: Data = Data()) throws -> Data {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: tool)
  process.arguments = arguments
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  // Feed stdin and drain both outputs concurrently so no pipe fills up.
  let group = DispatchGroup()
  nonisolated(unsafe) var out = Data()
  nonisolated(unsafe) var err = Data()
  group.enter()
  DispatchQueue.global().async {
    out = stdout.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  group.enter()
  DispatchQueue.global().async {
    err = stderr.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  stdin.fileHandleForWriting.write(input)
  try stdin.fileHandleForWriting.close()
  group.wait()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw ToolError(
      description: "\(tool) exited \(process.terminationStatus): "
        + String(decoding: err, as: UTF8.self))
  }
  return out
}

/// Runs a Python script that reads stdin and answers one framed record per input:
/// `OK <n>\n` followed by n bytes, or `ERR <message>\n`.
func runFramedPython(_ script: String, input: Data) throws -> [Result<[UInt8], ToolError>] {
  guard let python3Path else { throw ToolError(description: "python3 not found") }
  let out = [UInt8](try run(python3Path, ["-c", script], input: input))
  var records: [Result<[UInt8], ToolError>] = []
  var i = 0
  while i < out.count {
    guard let nl = out[i...].firstIndex(of: 0x0A) else { break }
    let header = String(decoding: out[i..<nl], as: UTF8.self)
    i = nl + 1
    if header.hasPrefix("OK ") {
      let n = Int(header.dropFirst(3))!
      records.append(.success(Array(out[i..<i + n])))
      i += n
    } else {
      records.append(.failure(ToolError(description: String(header.dropFirst(4)))))
    }
  }
  return records
}

/// Python side of `runFramedPython`.
let framedPythonPrelude = """
  import sys, plistlib, json, subprocess, datetime
  out = sys.stdout.buffer
  def ok(b):
      out.write(b'OK %d\\n' % len(b)); out.write(b)
  def err(m):
      out.write(('ERR ' + str(m).replace('\\n', ' ') + '\\n').encode())

  """

/// `code@line:col` for each diagnostic.
func summary(_ result: PlistReadResult) -> [String] {
  result.diagnostics.map { d in
    if let loc = d.startLocation { return "\(d.code)@\(loc.line):\(loc.column)" }
    return d.code
  }
}

func xml(_ body: String) -> String {
  """
  <?xml version="1.0" encoding="UTF-8"?>
  <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
  <plist version="1.0">
  \(body)
  </plist>

  """
}

func readXML(_ text: String, limits: PlistReadLimits = .default) -> PlistReadResult {
  PlistReader.read(path: "test.plist", bytes: Array(text.utf8), limits: limits)
}

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "plist-tests-" + UUID().uuidString)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
