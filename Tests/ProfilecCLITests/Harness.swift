import Foundation

/// Runs the built `profilec` binary (end-to-end tests never call the library directly).
struct Run {
  var status: Int32
  var stdout: Data
  var stderr: String
  var out: String { String(decoding: stdout, as: UTF8.self) }
}

enum Harness {
  /// The package root (three levels above this file).
  static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static let sharedRoot: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

  /// The `profilec` built next to the test bundle.
  static let binary: URL = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("profilec")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/profilec")
  }()

  /// `launcher`, when given, runs the binary: its first element is the program, the rest
  /// its arguments, followed by the binary's path and `args` (a shell that sets limits).
  @discardableResult
  static func run(
    _ args: [String], cwd: URL? = nil, env: [String: String] = [:], stdin: Data? = nil,
    launcher: [String] = []
  ) throws -> Run {
    let p = Process()
    if let program = launcher.first {
      p.executableURL = URL(fileURLWithPath: program)
      p.arguments = Array(launcher.dropFirst()) + [binary.path] + args
    } else {
      p.executableURL = binary
      p.arguments = args
    }
    if let cwd { p.currentDirectoryURL = cwd }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let input = Pipe()
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try? input.fileHandleForWriting.close()
    let (outData, errData) = drain(out, err)
    p.waitUntilExit()
    return Run(status: p.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
  }

  /// `run`, as an unprivileged user when the tests run as root (permission checks do not
  /// apply to root): `setpriv` to uid/gid 65534 (nobody). The paths involved must be
  /// readable by that user.
  static func runUnprivileged(_ args: [String], cwd: URL? = nil) throws -> Run {
    guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: setpriv) else {
      return try run(args, cwd: cwd)
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: setpriv)
    p.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + args
    if let cwd { p.currentDirectoryURL = cwd }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let (outData, errData) = drain(out, err)
    p.waitUntilExit()
    return Run(status: p.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
  }

  static let setpriv = "/usr/bin/setpriv"

  /// True when `runUnprivileged` really runs as another user here and that user can run
  /// the binary on `dir` (`probe` exits 0): a checkout or temporary folder may be private
  /// to root, and then the permission checks cannot be exercised.
  static func canRunUnprivileged(in dir: URL, probe: [String]) -> Bool {
    guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: setpriv) else { return false }
    return (try? runUnprivileged(probe, cwd: dir))?.status == 0
  }

  /// A fresh temporary directory, removed when the test process exits.
  static func tempDir() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("profilec-test-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    TemporaryDirectories.removeAtExit(url)
    return url
  }

  static func write(_ text: String, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// Runs python3 with a script; returns stdout.
  static func python(_ script: String, args: [String] = [], stdin: Data? = nil) throws -> (Int32, Data, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + args
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try? input.fileHandleForWriting.close()
    let (outData, errData) = drain(out, err)
    p.waitUntilExit()
    return (p.terminationStatus, outData, String(decoding: errData, as: UTF8.self))
  }

  final class Box: @unchecked Sendable { var data = Data() }

  /// Reads both pipes concurrently so a full pipe can never block the child.
  static func drain(_ out: Pipe, _ err: Pipe) -> (Data, Data) {
    let box = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      box.data = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    return (box.data, errData)
  }

  static var updateGolden: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }
}

/// The directories `Harness.tempDir()` made, removed when the test process exits: some
/// sixty tests use one, and end in many ways (a failed expectation, a thrown error), so
/// one place cleans up instead of a `defer` in each (they were left in the temporary
/// folder, sixty-odd per run).
enum TemporaryDirectories {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var made: [URL] = []
  private static let removalRegistered: Void = {
    atexit { TemporaryDirectories.removeAll() }
  }()

  static func removeAtExit(_ url: URL) {
    _ = removalRegistered
    lock.withLock { made.append(url) }
  }

  private static func removeAll() {
    for url in lock.withLock({ made }) { try? FileManager.default.removeItem(at: url) }
  }
}
