#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Minimal file access for `--schemas DIR`, without Foundation.
enum FileReading {
  /// The names of the entries of `directory` that end in `suffix`, sorted.
  static func list(directory: String, suffix: String) throws(SchemaError) -> [String] {
    guard let dir = opendir(directory) else {
      throw SchemaError(file: directory, line: 0, message: "cannot open directory: \(errnoText())")
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) { ptr in
        ptr.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: ptr.pointee)) {
          String(cString: $0)
        }
      }
      if name.hasSuffix(suffix), !name.hasPrefix(".") { names.append(name) }
    }
    return names.sorted()
  }

  /// The whole file at `path`, decoded as UTF-8 (invalid bytes become U+FFFD).
  static func readFile(path: String) throws(SchemaError) -> String {
    let fd = open(path, O_RDONLY)
    if fd < 0 {
      throw SchemaError(file: path, line: 0, message: "cannot open: \(errnoText())")
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw SchemaError(file: path, line: 0, message: "cannot read: \(errnoText())")
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func errnoText() -> String {
    String(cString: strerror(errno))
  }
}
