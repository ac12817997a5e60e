#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// File access through the C library: the compiler targets avoid Foundation so that the
/// static binary stays small and starts fast.
public enum FileIO {
  public enum Failure: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case isDirectory(String)
    case tooLarge(String, limit: Int)
    case system(String, String)

    public var description: String {
      switch self {
      case .notFound(let p): return "'\(p)' does not exist"
      case .isDirectory(let p): return "'\(p)' is a directory"
      case .tooLarge(let p, let limit): return "'\(p)' is larger than \(limit / (1 << 20)) MiB"
      case .system(let p, let why): return "cannot access '\(p)': \(why)"
      }
    }
  }

  static func errnoText() -> String { String(cString: strerror(errno)) }

  /// Reads a whole file, refusing files over `limit` bytes before reading them.
  public static func read(_ path: String, limit: Int = 64 << 20) -> Result<[UInt8], Failure> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      return .failure(errno == ENOENT ? .notFound(path) : .system(path, errnoText()))
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return .failure(.system(path, errnoText())) }
    if (st.st_mode & S_IFMT) == S_IFDIR { return .failure(.isDirectory(path)) }
    if Int(st.st_size) > limit { return .failure(.tooLarge(path, limit: limit)) }
    var out: [UInt8] = []
    out.reserveCapacity(Int(st.st_size) + 1)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(.system(path, errnoText()))
      }
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
      if out.count > limit { return .failure(.tooLarge(path, limit: limit)) }
    }
    return .success(out)
  }

  /// Reads standard input completely.
  public static func readStandardInput(limit: Int = 64 << 20) -> Result<[UInt8], Failure> {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(.system("<stdin>", errnoText()))
      }
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
      if out.count > limit { return .failure(.tooLarge("<stdin>", limit: limit)) }
    }
    return .success(out)
  }

  /// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync,
  /// then rename over the target. On failure the target is left untouched.
  public static func writeAtomically(_ path: String, _ bytes: [UInt8]) -> Result<Void, Failure> {
    let dir = directoryName(path)
    var template = Array((dir == "" ? "." : dir).utf8) + Array("/.profilec-XXXXXX".utf8) + [0]
    let fd = template.withUnsafeMutableBufferPointer { buf in
      buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { mkstemp($0) }
    }
    if fd < 0 { return .failure(.system(path, errnoText())) }
    let tempPath = String(decoding: template.dropLast(), as: UTF8.self)
    var ok = true
    var why = ""
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          ok = false
          why = errnoText()
          return
        }
        offset += n
      }
    }
    if ok && fsync(fd) != 0 {
      ok = false
      why = errnoText()
    }
    // Files are readable by everyone, as a normal `>` redirect would leave them.
    fchmod(fd, 0o644)
    close(fd)
    if ok && rename(tempPath, path) != 0 {
      ok = false
      why = errnoText()
    }
    if !ok {
      unlink(tempPath)
      return .failure(.system(path, why))
    }
    return .success(())
  }

  /// Writes to standard output.
  public static func writeStandardOutput(_ bytes: [UInt8]) {
    writeAll(1, bytes)
  }

  public static func writeStandardError(_ text: String) {
    writeAll(2, Array(text.utf8))
  }

  public static func writeStandardOutput(_ text: String) {
    writeAll(1, Array(text.utf8))
  }

  static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += n
      }
    }
  }

  public enum Kind { case file, directory, missing, other }

  public static func kind(_ path: String) -> Kind {
    var st = stat()
    guard stat(path, &st) == 0 else { return .missing }
    switch st.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFREG: return .file
    default: return .other
    }
  }

  /// Entries of a directory (names only, without `.` and `..`), sorted by bytes.
  public static func list(_ path: String) -> [String]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      names.append(name)
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// Every file below `root` whose name ends in `suffix`, depth-first in byte order;
  /// hidden directories (`.git`, `.build`) are skipped.
  public static func findFiles(under root: String, suffix: String) -> [String] {
    var out: [String] = []
    var stack: [String] = [root]
    var visited = 0
    while let dir = stack.popLast() {
      visited += 1
      if visited > 100_000 { break }
      guard let names = list(dir) else { continue }
      var subdirs: [String] = []
      for name in names {
        let full = dir == "." ? name : dir.hasSuffix("/") ? dir + name : dir + "/" + name
        switch kind(full) {
        case .directory where !name.hasPrefix("."): subdirs.append(full)
        case .file where name.hasSuffix(suffix): out.append(full)
        default: break
        }
      }
      stack.append(contentsOf: subdirs.reversed())
    }
    return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  public static func makeDirectories(_ path: String) -> Bool {
    if kind(path) == .directory { return true }
    let parent = directoryName(path)
    if !parent.isEmpty && parent != path && kind(parent) != .directory {
      if !makeDirectories(parent) { return false }
    }
    return mkdir(path, 0o755) == 0 || kind(path) == .directory
  }

  public static func directoryName(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }

  public static func baseName(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// `dir/relative` unless `relative` is absolute.
  public static func join(_ dir: String, _ relative: String) -> String {
    if relative.hasPrefix("/") || dir.isEmpty { return relative }
    return dir.hasSuffix("/") ? dir + relative : dir + "/" + relative
  }

  /// A source path without its `.profile.yaml` (or `.yaml`) extension: the name its
  /// outputs take.
  public static func sourceStem(_ path: String) -> String {
    for suffix in [".profile.yaml", ".yaml"] where path.hasSuffix(suffix) {
      return String(path.dropLast(suffix.count))
    }
    return path
  }

  public static func environment(_ name: String) -> String? {
    guard let v = getenv(name) else { return nil }
    return String(cString: v)
  }

  public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }
}
