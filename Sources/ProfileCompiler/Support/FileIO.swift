#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import PropertyList

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
    var identity: [UInt8]? = nil
    return read(path, limit: limit, identity: &identity)
  }

  /// ``read(_:limit:)``, also giving the file's ``fileIdentity(_:)`` from the same `fstat`
  /// (compile tells sources named twice apart by it without a `stat` of its own).
  public static func read(_ path: String, limit: Int = 64 << 20, identity: inout [UInt8]?) -> Result<[UInt8], Failure> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      return .failure(errno == ENOENT ? .notFound(path) : .system(path, errnoText()))
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return .failure(.system(path, errnoText())) }
    identity = identityBytes(st)
    if (st.st_mode & S_IFMT) == S_IFDIR { return .failure(.isDirectory(path)) }
    if Int(st.st_size) > limit { return .failure(.tooLarge(path, limit: limit)) }
    // Read straight into the result (no chunk copies); one byte of slack notices a file
    // that grew since fstat, and the loop below then reads the rest.
    let expected = Int(st.st_size) + 1
    // A regular file returns less than asked only at its end: no second read to see EOF
    // once fstat's size is in. (Network and FUSE file systems may return short reads
    // before that; those go on reading.)
    let regular = (st.st_mode & S_IFMT) == S_IFREG
    let size = Int(st.st_size)
    var failure: Failure? = nil
    var out = [UInt8](unsafeUninitializedCapacity: expected) { buf, count in
      while count < expected {
        let asked = expected - count
        let n = Glibc.read(fd, buf.baseAddress! + count, asked)
        if n < 0 {
          if errno == EINTR { continue }
          failure = .system(path, errnoText())
          return
        }
        if n == 0 { return }
        count += n
        if regular && n < asked && count >= size { return }
      }
    }
    if let failure { return .failure(failure) }
    if out.count < expected { return .success(out) }
    if out.count > limit { return .failure(.tooLarge(path, limit: limit)) }
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

  /// Writes `bytes` to `path` atomically: written in full beside the target first (see
  /// ``stage(_:_:unnamed:)``), then given the target's name. On failure the target is left
  /// untouched. Readers see the old file or the new one, never a partial one. There is no
  /// fsync, as in the compilers (swiftc, clang, rustc) that also write by rename: a build
  /// output is reproducible, and an fsync per file made a 1,000-file compile wait on the
  /// disk (docs/performance.md). `missing` says the caller saw no file at `path`.
  public static func writeAtomically(_ path: String, _ bytes: [UInt8], missing: Bool = false) -> Result<Void, Failure> {
    stage(path, bytes, unnamed: true).flatMap { commit($0, path, bytes, missing: missing) }
  }

  /// An output written in full beside its target but not yet under the target's name:
  /// ``commit(_:_:_:missing:)`` names it, ``discard(_:)`` drops it without a trace.
  enum StagedOutput: Sendable {
    /// An unnamed file in the target's folder (Linux `O_TMPFILE`), kept open to be
    /// linked: if the process dies first, it goes with the process.
    case unnamed(Int32)
    /// A closed temporary file beside the target, to be renamed over it.
    case temporary(String)
  }

  /// Writes `bytes` beside `path`. `unnamed` asks for an unnamed file in the target's
  /// folder (`O_TMPFILE`): nothing to clean up if the run stops before naming it, and a
  /// new output is then named with one directory operation. Where the file system, the
  /// kernel or permissions refuse it, or `unnamed` is false, a temporary file
  /// `.profilec-...` in the target's folder holds the bytes.
  static func stage(_ path: String, _ bytes: [UInt8], unnamed: Bool) -> Result<StagedOutput, Failure> {
    let dir = directoryName(path)
    #if os(Linux)
      if unnamed {
        let oTmpfile: Int32 = 0o20_000_000 | O_DIRECTORY  // <fcntl.h>, not in the Glibc module
        let fd = open(dir == "" ? "." : dir, O_WRONLY | O_CLOEXEC | oTmpfile, 0o666)
        if fd >= 0 {
          // A failed write leaves nothing behind: the unnamed file goes with its descriptor.
          if let why = writeFully(fd, bytes) {
            close(fd)
            return .failure(.system(path, why))
          }
          return .success(.unnamed(fd))
        }
      }
    #endif
    // The temporary file is created with mode 0666 less the umask, as a `>` redirect would
    // create the output (no fchmod afterwards).
    let created = withTemporaryName(beside: path) { candidate -> Int32? in
      let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      return fd < 0 ? nil : fd
    }
    guard let (fd, tempPath) = created else { return .failure(.system(path, errnoText())) }
    var why = writeFully(fd, bytes)
    // Without fsync, close is where a file system may report a failed write.
    if close(fd) != 0 && why == nil { why = errnoText() }
    if let why {
      unlink(tempPath)
      return .failure(.system(path, why))
    }
    return .success(.temporary(tempPath))
  }

  /// `create(name)` for names `.profilec-...` in the folder of `path` until one is not
  /// taken (EEXIST): its result and the name it took, or nil with `errno` set.
  static func withTemporaryName<T>(beside path: String, _ create: (String) -> T?) -> (T, String)? {
    let dir = directoryName(path)
    let prefix = (dir == "" ? "." : dir) + "/.profilec-"
    for attempt in 0..<100 {
      // First a name from this process's token and a counter, then random names: drawing
      // a random name per file cost a `getrandom` call each.
      let name = prefix + (attempt == 0 ? TemporaryNames.shared.next() : String(UInt64.random(in: 0...UInt64.max), radix: 36))
      if let made = create(name) { return (made, name) }
      if errno != EEXIST { return nil }
    }
    return nil
  }

  /// Gives a staged output its target's name, atomically. `missing` (the caller saw no
  /// file there) lets an unnamed file be linked straight to the name, which never
  /// replaces anything; otherwise it is linked to a temporary name and renamed over the
  /// target, the temporary name living only between those two calls.
  static func commit(_ staged: StagedOutput, _ path: String, _ bytes: [UInt8], missing: Bool) -> Result<Void, Failure> {
    switch staged {
    case .temporary(let tempPath):
      if rename(tempPath, path) != 0 {
        let why = errnoText()
        unlink(tempPath)
        return .failure(.system(path, why))
      }
      return .success(())
    case .unnamed(let fd):
      #if os(Linux)
        // Without fsync, close is where a file system may report a failed write.
        func closeNamed() -> Result<Void, Failure> {
          if close(fd) != 0 {
            let why = errnoText()
            unlink(path)
            return .failure(.system(path, why))
          }
          return .success(())
        }
        if missing && link(fd, to: path) { return closeNamed() }
        // The target exists (or appeared meanwhile: `linkat` never replaces).
        if let (_, tempPath) = withTemporaryName(beside: path, { link(fd, to: $0) ? () : nil }) {
          if rename(tempPath, path) != 0 {
            let why = errnoText()
            unlink(tempPath)
            close(fd)
            return .failure(.system(path, why))
          }
          return closeNamed()
        }
        // Links refused here: written again the portable way, renamed over the target.
        close(fd)
        return stage(path, bytes, unnamed: false).flatMap { commit($0, path, bytes, missing: false) }
      #else
        close(fd)
        return .failure(.system(path, "unnamed files are not supported here"))
      #endif
    }
  }

  #if os(Linux)
    /// Names the unnamed file `fd` at `path` (which must not exist).
    static func link(_ fd: Int32, to path: String) -> Bool {
      let atEmptyPath: Int32 = 0x1000
      // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH on older kernels; /proc's link to the
      // descriptor does not.
      return linkat(fd, "", AT_FDCWD, path, atEmptyPath) == 0
        || (errno != EEXIST && linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
    }
  #endif

  /// Drops a staged output: its target is left as it was.
  static func discard(_ staged: StagedOutput) {
    switch staged {
    case .temporary(let tempPath): unlink(tempPath)
    case .unnamed(let fd): close(fd)
    }
  }

  /// Descriptors kept free for everything but unnamed outputs: the standard streams, the
  /// sources being read, Dispatch's own.
  static let descriptorReserve = 64

  /// The soft limit on open files, raised toward the hard one when `wanted` descriptors
  /// (plus the reserve) need more.
  static func openFilesLimit(raisingFor wanted: Int) -> Int {
    #if canImport(Glibc)
      let openFiles = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
      let openFiles = RLIMIT_NOFILE
    #endif
    var limit = rlimit()
    guard getrlimit(openFiles, &limit) == 0 else { return 0 }
    let needed = rlim_t(wanted + descriptorReserve)
    if limit.rlim_cur < needed && limit.rlim_cur < limit.rlim_max {
      var raised = limit
      raised.rlim_cur = min(needed, limit.rlim_max)
      if setrlimit(openFiles, &raised) == 0 { limit = raised }
    }
    return limit.rlim_cur >= rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
  }

  /// How many unnamed files (each an open descriptor until it is named) a batch of
  /// `wanted` may hold: the soft limit on open files is raised toward the hard one if need
  /// be, less the descriptors already open (a parent may pass many) and the reserve;
  /// outputs beyond that are staged as closed temporary files instead.
  static func unnamedBudget(_ wanted: Int) -> Int {
    guard wanted > 0, let open = openDescriptorCount() else { return 0 }
    let limit = openFilesLimit(raisingFor: wanted + open)
    return max(0, min(wanted, limit - open - descriptorReserve))
  }

  /// The number of descriptors this process has open (the entries of /proc/self/fd, less
  /// the one listing them), or nil where that cannot be read.
  static func openDescriptorCount() -> Int? {
    guard let dir = opendir("/proc/self/fd") else { return nil }
    defer { closedir(dir) }
    var count = 0
    while readdir(dir) != nil { count += 1 }
    // ".", ".." and the listing's own descriptor.
    return max(0, count - 3)
  }

  /// Makes room for `count` more open descriptors ahead of time: the limit is raised as
  /// ``unnamedBudget(_:)`` would, and the process's descriptor table is grown to hold them.
  /// Call it while the process has a single thread (before a compile starts Dispatch's):
  /// Linux grows the table by doubling as descriptors are opened, and with other threads
  /// sharing it each growth waits for an RCU grace period (`expand_fdtable`), which cost a
  /// thousand-output compile 15 to 20 ms spent asleep.
  public static func reserveDescriptors(_ count: Int) {
    guard count > 0 else { return }
    // The highest descriptor the outputs will take: the count past the few already open.
    let highest = min(count + 16, openFilesLimit(raisingFor: count) - 1)
    // The table starts with room for 64; a descriptor at the highest number grows it once,
    // and it stays grown when that one is closed. F_DUPFD takes the lowest free number from
    // there on (dup2 would close a descriptor the process inherited at that number).
    guard highest >= 64 else { return }
    for source: Int32 in [0, 1, 2] {
      let copy = fcntl(source, F_DUPFD, Int32(highest))
      if copy >= 0 {
        close(copy)
        return
      }
    }
  }

  /// For each file that `existing` marks, whether it already holds exactly its bytes
  /// (``hasContents(_:_:)``), several at a time; false for the others. compile leaves
  /// such outputs alone (not rewritten, their modification times kept): reading one back
  /// costs a tenth of replacing it, and recompiling a tree of committed outputs then
  /// touches only those that changed.
  public static func unchangedFiles(_ files: [(path: String, bytes: [UInt8])], existing: [Bool]) -> [Bool] {
    @Sendable func one(_ i: Int) -> Bool { existing[i] && hasContents(files[i].path, files[i].bytes) }
    if files.count < 64 { return files.indices.map(one) }
    return parallelMap(files.count, workers: 8, one)
  }

  /// True when `stat` of `path` fails because nothing is there (not for lack of
  /// permission to look).
  public static func isAbsent(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) != 0 && errno == ENOENT
  }

  /// True when `path` is a regular file (not a symbolic link) holding exactly `bytes`.
  public static func hasContents(_ path: String, _ bytes: [UInt8]) -> Bool {
    // O_NOFOLLOW: a symbolic link fails to open and is replaced like any stale output.
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    if fd < 0 { return false }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) == bytes.count
    else { return false }
    // Compared a block at a time: reading a large output whole would double its memory.
    // One byte more than expected notices a longer file in the same read.
    let blockSize = min(bytes.count + 1, 1 << 16)
    let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
    defer { block.deallocate() }
    var offset = 0
    while true {
      let n = Glibc.read(fd, block, blockSize)
      if n < 0 {
        if errno == EINTR { continue }
        return false
      }
      if n == 0 { return offset == bytes.count }
      if offset + n > bytes.count { return false }
      let same = bytes.withUnsafeBytes { expected in memcmp(block, expected.baseAddress! + offset, n) == 0 }
      if !same { return false }
      offset += n
      // Short of a full block with every expected byte seen: the end of a regular file.
      if n < blockSize && offset == bytes.count { return true }
    }
  }

  /// What ``writeAtomically(_:missing:)`` did: a result per file, and whether the run
  /// stopped before naming any output because one could not be written.
  public struct BatchWrite: Sendable {
    public var results: [Result<Void, Failure>]
    /// True when a write failed and therefore no output was named: every target is as it
    /// was, including those whose own write succeeded (their results say success).
    public var wroteNothing: Bool
  }

  /// Writes every file atomically, all or nothing as far as it can be known in advance:
  /// each output is first written in full beside its target (``stage(_:_:unnamed:)``,
  /// several at a time), and only when every one is written do they take their names. A
  /// write that fails (a full disk, a quota, a file size limit) leaves every target as it
  /// was; only naming (a rename or link) can still fail after others are in place.
  ///
  /// `missing` (parallel to `files`, when given) says which paths the caller saw absent:
  /// those are linked straight to their names.
  public static func writeAtomically(
    _ files: [(path: String, bytes: [UInt8])], missing: [Bool]? = nil
  ) -> BatchWrite {
    // Unnamed files hold a descriptor each until they are named: within the open-files
    // limit, the first outputs get one, the rest a temporary name.
    let budget = unnamedBudget(files.count)
    let isMissing: [Bool] = missing ?? Array(repeating: false, count: files.count)
    // Two outputs with one path must land in order (the last wins): then one at a time.
    let sequential = files.count < 2 || Set(files.map(\.path)).count != files.count
    @Sendable func stageOne(_ i: Int) -> Result<StagedOutput, Failure> {
      stage(files[i].path, files[i].bytes, unnamed: i < budget)
    }
    // Consecutive runs of outputs per work item: outputs come sorted, so the two threads
    // work in different folders instead of taking turns on one folder's lock.
    let staged = sequential ? files.indices.map(stageOne) : parallelMap(files.count, workers: 8, contiguous: true, stageOne)
    let ready = staged.compactMap { try? $0.get() }
    if ready.count != staged.count {
      var results: [Result<Void, Failure>] = []
      results.reserveCapacity(staged.count)
      for s in staged {
        switch s {
        case .success(let output):
          discard(output)
          results.append(.success(()))
        case .failure(let failure):
          results.append(.failure(failure))
        }
      }
      return BatchWrite(results: results, wroteNothing: true)
    }
    @Sendable func commitOne(_ i: Int) -> Result<Void, Failure> {
      commit(ready[i], files[i].path, files[i].bytes, missing: isMissing[i])
    }
    let results = sequential ? files.indices.map(commitOne) : parallelMap(files.count, workers: 8, contiguous: true, commitOne)
    return BatchWrite(results: results, wroteNothing: false)
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
    _ = writeFully(fd, bytes)
  }

  /// Writes every byte (retrying short writes and EINTR); the error's text, or nil.
  static func writeFully(_ fd: Int32, _ bytes: [UInt8]) -> String? {
    bytes.withUnsafeBytes { raw -> String? in
      var offset = 0
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return errnoText()
        }
        offset += n
      }
      return nil
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

  /// True when files can be created in the folder `path` (write and search permission).
  public static func isWritableDirectory(_ path: String) -> Bool {
    access(path, W_OK | X_OK) == 0
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
    return names.sorted { scalarLess($0, $1) }
  }

  /// Every file below `root` whose name ends in `suffix`, depth-first in byte order;
  /// hidden directories (`.git`, `.build`) are skipped.
  public static func findFiles(under root: String, suffix: String) -> [String] {
    var listings = FolderListings()
    return findFiles(under: root, suffix: suffix, listings: &listings)
  }

  /// ``findFiles(under:suffix:)``, also noting in `listings` every name each folder held.
  public static func findFiles(under root: String, suffix: String, listings: inout FolderListings) -> [String] {
    var out: [String] = []
    var stack: [String] = [root]
    var visited = 0
    while let dir = stack.popLast() {
      visited += 1
      if visited > 100_000 { break }
      // The folder's change times before its entries are read: an entry added after this
      // changes them (FolderListings.revalidated()).
      let changed = FolderListings.changeTimes(dir)
      guard let entries = listWithKinds(dir) else { continue }
      // Paths below are `prefix + name`, as the listing records them.
      let prefix = dir == "." ? "" : endsWith(dir, "/") ? dir : dir + "/"
      if let changed { listings.add(folder: prefix, path: dir, changed: changed, sortedNames: entries.map(\.0)) }
      var subdirs: [String] = []
      for (name, entryKind) in entries {
        let notHidden = name.utf8.first != UInt8(ascii: ".")
        // Only names that could matter need a kind; readdir's type saves a stat for most.
        let matches = endsWith(name, suffix)
        guard notHidden || matches else { continue }
        let full = prefix + name
        switch entryKind ?? kind(full) {
        case .directory where notHidden: subdirs.append(full)
        case .file where matches: out.append(full)
        default: break
        }
      }
      stack.append(contentsOf: subdirs.reversed())
    }
    // Depth-first over sorted listings is already in byte order unless a folder holds both
    // files and subfolders that sort before them: check before sorting.
    var sorted = true
    var i = 1
    while sorted && i < out.count {
      sorted = scalarLess(out[i - 1], out[i])
      i += 1
    }
    return sorted ? out : out.sorted { scalarLess($0, $1) }
  }

  /// Like ``list(_:)``, with each entry's kind where readdir knows it without a stat
  /// (nil for symbolic links and file systems that do not say).
  static func listWithKinds(_ path: String) -> [(String, Kind?)]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var entries: [(String, Kind?)] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      let entryKind: Kind?
      switch Int32(entry.pointee.d_type) {
      case Int32(DT_REG): entryKind = .file
      case Int32(DT_DIR): entryKind = .directory
      case Int32(DT_UNKNOWN), Int32(DT_LNK): entryKind = nil
      default: entryKind = .other
      }
      entries.append((name, entryKind))
    }
    // By each name's first eight bytes as one number, the full comparison only on a tie:
    // this sort runs on one thread before any source is compiled.
    let prefixes = entries.map { sortPrefix($0.0) }
    let order = entries.indices.sorted { a, b in
      prefixes[a] != prefixes[b] ? prefixes[a] < prefixes[b] : scalarLess(entries[a].0, entries[b].0)
    }
    return order.map { entries[$0] }
  }

  public static func makeDirectories(_ path: String) -> Bool {
    if kind(path) == .directory { return true }
    let parent = directoryName(path)
    if !parent.isEmpty && parent != path && kind(parent) != .directory {
      if !makeDirectories(parent) { return false }
    }
    return mkdir(path, 0o755) == 0 || kind(path) == .directory
  }

  // Paths are split at '/' bytes (ASCII, so always at a scalar boundary) and compared as
  // bytes, in place: the Character view's lastIndex(of:) and hasSuffix, and the generic
  // UTF-8 view's suffix/elementsEqual, cost more than the rest of planning a thousand
  // outputs (and this planning runs on one thread, before and after the parallel compile).

  /// The offset of the last '/' in `path`'s UTF-8, nil when there is none.
  static func lastSlash(_ path: String) -> Int? {
    var path = path
    return path.withUTF8 { u in
      let start = nameStart(u)
      return start > 0 ? start - 1 : nil
    }
  }

  /// Where the last component of the path bytes `u` begins: just past its last '/', or 0.
  public static func nameStart(_ u: UnsafeBufferPointer<UInt8>) -> Int {
    var i = u.count
    while i > 0 && u[i - 1] != UInt8(ascii: "/") { i -= 1 }
    return i
  }

  /// `path`'s UTF-8 bytes `range` as a String (the range lies on ASCII boundaries).
  static func slice(_ path: String, _ range: Range<Int>) -> String {
    var path = path
    return path.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
  }

  public static func directoryName(_ path: String) -> String {
    guard let slash = lastSlash(path) else { return "" }
    if slash == 0 { return "/" }
    return slice(path, 0..<slash)
  }

  public static func baseName(_ path: String) -> String {
    guard let slash = lastSlash(path) else { return path }
    return slice(path, (slash + 1)..<path.utf8.count)
  }

  /// True when `name` ends with the bytes of `suffix`.
  public static func endsWith(_ name: String, _ suffix: String) -> Bool {
    var name = name
    var suffix = suffix
    return name.withUTF8 { a in
      suffix.withUTF8 { b in
        guard a.count >= b.count else { return false }
        guard let sb = b.baseAddress, let sa = a.baseAddress else { return true }
        return memcmp(sa + (a.count - b.count), sb, b.count) == 0
      }
    }
  }

  /// `NAME.mobileconfig` in `source`'s folder: what
  /// `join(directoryName(source), sourceStem(baseName(source)) + ".mobileconfig")` spells,
  /// built in one pass (planning a thousand outputs made five strings for each).
  public static func outputBeside(_ source: String) -> String {
    var source = source
    return source.withUTF8 { u -> String in
      let cut = nameStart(u)
      // The folder as `join` leaves it: up to and with its last slash, or without that
      // slash when the folder already ends with one (`a//b.yaml` -> `a/b.mobileconfig`).
      let folderEnd = cut > 1 && u[cut - 2] == UInt8(ascii: "/") ? cut - 1 : cut
      let name = UnsafeBufferPointer(rebasing: u[cut...])
      func ends(with suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard name.count >= n else { return false }
        return memcmp(name.baseAddress! + (name.count - n), suffix.utf8Start, n) == 0
      }
      let stem = name.count - (ends(with: ".profile.yaml") ? 13 : ends(with: ".yaml") ? 5 : 0)
      let extensionText: StaticString = ".mobileconfig"
      var bytes: [UInt8] = []
      bytes.reserveCapacity(folderEnd + stem + extensionText.utf8CodeUnitCount)
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[0..<folderEnd]))
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: name[0..<stem]))
      extensionText.withUTF8Buffer { bytes.append(contentsOf: $0) }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// `name` without `suffix` when it ends with those bytes, else nil.
  public static func dropSuffix(_ name: String, _ suffix: String) -> String? {
    guard endsWith(name, suffix) else { return nil }
    return slice(name, 0..<(name.utf8.count - suffix.utf8.count))
  }

  /// `dir/relative` unless `relative` is absolute.
  public static func join(_ dir: String, _ relative: String) -> String {
    if relative.utf8.first == UInt8(ascii: "/") || dir.isEmpty { return relative }
    return dir.utf8.last == UInt8(ascii: "/") ? dir + relative : dir + "/" + relative
  }

  /// The same file's path however it was spelled on the command line (`./a/b`, `a//b`,
  /// `/cwd/a/b`): absolute, with empty and `.` components dropped. Lexical only, so no
  /// system call per path (`..` and symbolic links are left as written).
  public static func lexicalIdentity(_ path: String, workingDirectory cwd: String) -> String {
    // Bytes, not Characters: `split` on a String compares grapheme clusters, and this runs
    // twice per source (a tenth of a thousand-source build when it did). Paths as folder
    // walks and most command lines spell them need no rewriting at all.
    if isPlainPath(path) {
      if path.utf8.first == UInt8(ascii: "/") { return path }
      if isPlainPath(cwd) && cwd.utf8.first == UInt8(ascii: "/") {
        return cwd.utf8.count == 1 ? cwd + path : cwd + "/" + path
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(cwd.utf8.count + path.utf8.count + 1)
    func append(_ text: String) {
      var component: [UInt8] = []
      for byte in text.utf8 {
        if byte == UInt8(ascii: "/") {
          flush(&component)
        } else {
          component.append(byte)
        }
      }
      flush(&component)
    }
    // Empty and "." components are dropped; the rest joined by single slashes.
    func flush(_ component: inout [UInt8]) {
      defer { component.removeAll(keepingCapacity: true) }
      if component.isEmpty || component == [UInt8(ascii: ".")] { return }
      out.append(UInt8(ascii: "/"))
      out.append(contentsOf: component)
    }
    if !path.hasPrefix("/") { append(cwd) }
    append(path)
    return out.isEmpty ? "/" : String(decoding: out, as: UTF8.self)
  }

  /// True when `path` has no empty or `.` component and no trailing slash (so that
  /// lexicalIdentity would not change it); "/" alone counts as plain.
  static func isPlainPath(_ path: String) -> Bool {
    var componentLength = 0
    var componentIsDot = false
    var index = 0
    for byte in path.utf8 {
      if byte == UInt8(ascii: "/") {
        // An empty component (leading slash excepted) or a "." component.
        if (componentLength == 0 && index > 0) || componentIsDot { return false }
        componentLength = 0
        componentIsDot = false
      } else {
        componentLength += 1
        componentIsDot = componentLength == 1 && byte == UInt8(ascii: ".")
      }
      index += 1
    }
    if path.utf8.count == 1 && path.utf8.first == UInt8(ascii: "/") { return true }
    return componentLength > 0 && !componentIsDot
  }

  /// The file system's identity of an existing file (device and inode), after following
  /// links; nil when it cannot be read. Two spellings with the same identity are one file,
  /// whatever `..`, links or the file system's case rules made of their names.
  public static func fileIdentity(_ path: String) -> [UInt8]? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return identityBytes(st)
  }

  /// What one `stat` says about a path that exists: its ``fileIdentity(_:)`` and whether
  /// it is a folder.
  public struct Status: Sendable {
    public var identity: [UInt8]
    public var isDirectory: Bool
  }

  /// The path's ``Status``, nil when it does not exist.
  public static func status(_ path: String) -> Status? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return Status(identity: identityBytes(st), isDirectory: (st.st_mode & S_IFMT) == S_IFDIR)
  }

  /// ``status(_:)`` for many paths, several at a time (a thousand outputs are a thousand
  /// `stat` calls, which the compile's one thread used to make in a row). Paths that
  /// `listings` knows were absent are taken as still absent, without a `stat`.
  public static func statuses(_ paths: [String], listings: FolderListings = FolderListings()) -> [Status?] {
    @Sendable func one(_ i: Int) -> Status? { listings.wasAbsent(paths[i]) ? nil : status(paths[i]) }
    if paths.count < 64 { return paths.indices.map(one) }
    return parallelMap(paths.count, workers: 4, one)
  }

  static func identityBytes(_ st: stat) -> [UInt8] {
    var id: [UInt8] = [UInt8(ascii: "#")]  // never a path's first byte (identities start with "/")
    id.reserveCapacity(17)
    withUnsafeBytes(of: UInt64(st.st_dev)) { id.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt64(st.st_ino)) { id.append(contentsOf: $0) }
    return id
  }

  /// The process's working directory ("" if it cannot be read).
  public static func workingDirectory() -> String {
    guard let p = getcwd(nil, 0) else { return "" }
    defer { free(p) }
    return String(cString: p)
  }

  /// A source path without its `.profile.yaml` (or `.yaml`) extension: the name its
  /// outputs take.
  public static func sourceStem(_ path: String) -> String {
    // Byte suffixes: the Character view's hasSuffix/dropLast showed up when planning a
    // thousand outputs.
    dropSuffix(path, ".profile.yaml") ?? dropSuffix(path, ".yaml") ?? path
  }

  public static func environment(_ name: String) -> String? {
    guard let v = getenv(name) else { return nil }
    return String(cString: v)
  }

  public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }
}

/// Names for temporary files: a random token drawn once per process, then a counter.
final class TemporaryNames: @unchecked Sendable {
  static let shared = TemporaryNames()
  private let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
  private var counter = 0
  private let lock = NSLockish()

  func next() -> String {
    let n = lock.withLock { () -> Int in
      counter += 1
      return counter
    }
    return token + "-" + String(n, radix: 36)
  }
}

/// The names folders held when they were listed (a compile's folder arguments), so that a
/// path can be known absent without a `stat` of its own: a thousand outputs that do not
/// exist yet were a thousand `stat` calls on one thread before any write.
///
/// A listing vouches for nothing once its folder has changed: ``revalidated()``, called
/// right before the outputs are checked, drops every folder whose modification or change
/// time moved since it was listed (an entry was added, removed or renamed). Names compare
/// with ASCII letters folded, so a differently cased file on a file system that folds case
/// still counts as present (and gets its `stat`). A folder holding any non-ASCII name
/// vouches for nothing either: under Unicode case folding or normalization such a name can
/// be the same file as an ASCII one (the Kelvin sign folds to `k`). An output name with
/// non-ASCII bytes always gets its `stat`.
public struct FolderListings: Sendable {
  /// A folder's modification and change times, as `stat` reports them.
  struct ChangeTimes: Equatable, Sendable {
    var modified: timespec
    var changed: timespec
    static func == (a: ChangeTimes, b: ChangeTimes) -> Bool {
      a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
        && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
    }
  }

  struct Listing: Sendable {
    /// The folder as it was listed (for the `stat` of ``revalidated()``).
    var path: String
    var changed: ChangeTimes
    /// Every name, in byte order (as `listWithKinds` returns them).
    var names: [String]
    /// The names that have capitals, ASCII letters lowercased (few in practice).
    var foldedCapitalized: Set<String>

    /// Whether `names` holds exactly these bytes (a binary search in byte order).
    func holds<C: Collection<UInt8>>(_ name: C) -> Bool {
      var low = 0
      var high = names.count
      while low < high {
        let mid = (low + high) / 2
        if names[mid].utf8.lexicographicallyPrecedes(name) { low = mid + 1 } else { high = mid }
      }
      return low < names.count && names[low].utf8.elementsEqual(name)
    }
  }

  /// Each listed folder that can vouch for its names, by how paths below it begin (`dir/`,
  /// or "" for `.`).
  private var folders: [String: Listing] = [:]

  public init() {}

  /// The modification and change times of `path` (nil when it cannot be `stat`ed).
  static func changeTimes(_ path: String) -> ChangeTimes? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return ChangeTimes(modified: st.st_mtim, changed: st.st_ctim)
  }

  /// Records `folder`'s names, given in byte order, with the folder's times taken before
  /// they were read. Kept as listed, without a set over all of them: hashing every name of
  /// a thousand-source tree cost more than the `stat` calls it spares.
  mutating func add(folder: String, path: String, changed: ChangeTimes, sortedNames: [String]) {
    var capitalized = Set<String>()
    for name in sortedNames {
      guard let folded = FolderListings.foldedASCII(name) else {
        // A non-ASCII name may fold to an output's ASCII name: no vouching here.
        folders[folder] = nil
        return
      }
      if folded != name { capitalized.insert(folded) }
    }
    folders[folder] = Listing(path: path, changed: changed, names: sortedNames, foldedCapitalized: capitalized)
  }

  /// The listings whose folders have not changed since they were listed (one `stat` per
  /// folder). Something that appeared at an output path meanwhile (a folder, a link) then
  /// gets its `stat` and is refused before anything is written, as without the listings.
  public func revalidated() -> FolderListings {
    var kept = FolderListings()
    for (folder, listing) in folders where FolderListings.changeTimes(listing.path) == listing.changed {
      kept.folders[folder] = listing
    }
    return kept
  }

  /// True when `path`'s folder was listed (and vouches for its names) and held no entry by
  /// `path`'s name then.
  public func wasAbsent(_ path: String) -> Bool {
    var path = path
    return path.withUTF8 { u -> Bool in
      let cut = FileIO.nameStart(u)
      guard let listing = folders[String(decoding: UnsafeBufferPointer(rebasing: u[0..<cut]), as: UTF8.self)] else {
        return false
      }
      let name = UnsafeBufferPointer(rebasing: u[cut...])
      var high: UInt8 = 0
      var capitals = false
      for b in name {
        high |= b
        if b >= 0x41 && b <= 0x5A { capitals = true }
      }
      if high >= 0x80 { return false }
      if capitals || !listing.foldedCapitalized.isEmpty {
        // The rare case, by strings: a folded name, or a folder with capitalized names.
        guard let folded = FolderListings.foldedASCII(String(decoding: name, as: UTF8.self)) else { return false }
        return !listing.foldedCapitalized.contains(folded) && !listing.holds(Array(folded.utf8))
      }
      // A name without capitals is its own folded form: one search of the listed names by
      // bytes (a thousand outputs took a string and an array each here).
      return !listing.holds(name)
    }
  }

  /// `name` with A-Z lowercased (itself when it has none); nil when it has a non-ASCII
  /// byte (Unicode case folding is the file system's business).
  static func foldedASCII(_ name: String) -> String? {
    var upper = false
    for b in name.utf8 {
      if b >= 0x80 { return nil }
      if b >= 0x41 && b <= 0x5A { upper = true }
    }
    guard upper else { return name }
    return String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
  }
}
