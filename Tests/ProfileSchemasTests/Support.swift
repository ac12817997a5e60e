import Foundation

@testable import ProfileSchemas

/// Paths of the repository and of `../shared`, from this file's location.
enum Paths {
  static let repo: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let schemas = repo.appendingPathComponent("schemas")
  static let shared = repo.deletingLastPathComponent().appendingPathComponent("shared")
  static let appleJSON = shared.appendingPathComponent("reference/apple-mdm-profiles.json")
  static let appleRelease = shared.appendingPathComponent(
    "reference/apple-device-management")
}

/// A temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("profilec-schemas-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func write(_ name: String, _ text: String) throws {
    try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }

  func cleanUp() {
    try? FileManager.default.removeItem(at: url)
  }
}

/// Runs a program and returns its exit status and combined output.
func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (
  status: Int32, output: String
) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = directory }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The first of `names` found on PATH.
func which(_ name: String) -> String? {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  for dir in path.split(separator: ":") {
    let candidate = "\(dir)/\(name)"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}

/// python3 with PyYAML, when both are installed.
let pythonWithYAML: String? = {
  guard let python = which("python3") else { return nil }
  guard let result = try? run(python, ["-c", "import yaml"]), result.status == 0 else {
    return nil
  }
  return python
}()

/// A minimal schema text, for parser tests.
func schemaText(_ body: String, header: String = "kind payload\npayloadtype com.example.test")
  -> String
{
  "profilec-schema 1\n\(header)\n\(body)"
}
