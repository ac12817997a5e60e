import Synchronization

/// A file's bytes with a line table, shared by every diagnostic that points into it.
///
/// Positions are byte offsets everywhere in the pipeline; lines and columns are computed
/// only when a diagnostic is printed. Columns count Unicode scalar values (SPEC §7).
public final class SourceFile: Sendable {
  /// The path as the user wrote it (used verbatim in diagnostics).
  public let path: String
  public let bytes: [UInt8]
  /// Byte offset of the first byte of every line. A line ends at `\n`, `\r\n` or a lone `\r`.
  /// Found on first use: only files with something to report (or to format) need it, and
  /// scanning every compiled source for its lines cost about a hundredth of a build.
  public var lineStarts: [Int] {
    lineTable.withLock { table in
      if let table { return table }
      let starts = SourceFile.findLineStarts(bytes)
      table = starts
      return starts
    }
  }
  private let lineTable = Mutex<[Int]?>(nil)

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }

  static func findLineStarts(_ bytes: [UInt8]) -> [Int] {
    var starts = [0]
    var i = 0
    let n = bytes.count
    bytes.withUnsafeBufferPointer { buf in
      guard let base = buf.baseAddress else { return }
      while i < n {
        // Skip to the next LF or CR eight bytes at a time: the lowest set bit of the
        // "has zero byte" mask of the word xor-ed with a byte marks its first occurrence.
        while i + 8 <= n {
          let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
          let lf = x ^ 0x0A0A_0A0A_0A0A_0A0A
          let cr = x ^ 0x0D0D_0D0D_0D0D_0D0D
          let m =
            ((lf &- 0x0101_0101_0101_0101) & ~lf | (cr &- 0x0101_0101_0101_0101) & ~cr)
            & 0x8080_8080_8080_8080
          if m != 0 {
            i += m.trailingZeroBitCount >> 3
            break
          }
          i += 8
        }
        guard i < n else { break }
        let b = buf[i]
        if b == 0x0A {
          starts.append(i + 1)
        } else if b == 0x0D {
          if i + 1 < n && buf[i + 1] == 0x0A { i += 1 }
          starts.append(i + 1)
        }
        i += 1
      }
    }
    return starts
  }

  public convenience init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// 0-based line index containing `offset` (offsets at a line's terminator belong to that line).
  public func lineIndex(of offset: Int) -> Int {
    let lineStarts = self.lineStarts  // one lock, not one per probe
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// 1-based line and column (in Unicode scalars) of a byte offset.
  /// 3 when the file starts with a UTF-8 byte order mark, else 0. The mark is not a
  /// column: editors do not show it, so the first character is at 1:1.
  public var byteOrderMarkLength: Int {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
  }

  public func location(of offset: Int) -> SourceLocation {
    let clamped = max(0, min(offset, bytes.count))
    let line = lineIndex(of: clamped)
    var column = 1
    var i = self.lineStarts[line]
    if line == 0 && clamped >= byteOrderMarkLength { i = max(i, byteOrderMarkLength) }
    while i < clamped {
      // Count every byte that starts a scalar; continuation bytes (10xxxxxx) do not.
      if bytes[i] & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    return SourceLocation(line: line + 1, column: column)
  }

  /// Byte range of a 0-based line, without its terminator.
  public func lineContentRange(_ line: Int) -> Range<Int> {
    let lineStarts = self.lineStarts
    let start = lineStarts[line]
    var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
    while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
    return start..<end
  }

  /// The text of a 0-based line, without its terminator; invalid UTF-8 is repaired.
  public func lineText(_ line: Int) -> String {
    String(decoding: bytes[lineContentRange(line)], as: UTF8.self)
  }

  /// Byte offset of a 1-based line and column (the inverse of `location(of:)`).
  public func offset(line: Int, column: Int) -> Int {
    let lineStarts = self.lineStarts
    let lineIdx = max(0, min(line - 1, lineStarts.count - 1))
    var i = lineStarts[lineIdx]
    var col = 1
    while col < column && i < bytes.count {
      i += 1
      while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
      col += 1
    }
    return i
  }
}

public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  public var description: String { "\(line):\(column)" }
}

/// A half-open byte range `[start, end)` in a `SourceFile`.
public struct SourceRange: Sendable, Equatable, Hashable {
  public var start: Int
  public var end: Int
  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }
  public init(at offset: Int) { self.init(offset, offset) }
  public var isEmpty: Bool { start == end }
  public static func cover(_ a: SourceRange, _ b: SourceRange) -> SourceRange {
    SourceRange(min(a.start, b.start), max(a.end, b.end))
  }
}
