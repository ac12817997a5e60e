import Diagnostics
import ProfileCompiler
import ProfileSchemas

/// `profilec compile` and `profilec check` (SPEC §6).
struct CompileCommand {
  var options: Options
  /// false for `check`.
  var writeOutputs: Bool

  typealias Input = CommandInputs.Input

  func run() throws -> Int32 {
    let o = options
    let name = writeOutputs ? "compile" : "check"
    guard !o.positional.isEmpty else {
      throw UsageError(message: "\(name) needs at least one source file or folder", command: name)
    }
    if o.outputFile != nil && o.outDir != nil {
      throw UsageError(message: "-o and --out-dir cannot be used together", command: name)
    }
    if !writeOutputs && (o.outputFile != nil || o.outDir != nil || o.checkOnly) {
      throw UsageError(message: "check writes nothing; -o, --out-dir and --check belong to compile", command: name)
    }

    let expanded = CommandInputs(o.positional, suffix: ".profile.yaml")
    let early = expanded.problems
    let anyDirectory = expanded.anyDirectory
    let cwd = FileIO.workingDirectory()
    func lexicalIdentity(_ path: String) -> [UInt8] {
      Array(FileIO.lexicalIdentity(path, workingDirectory: cwd).utf8)
    }
    /// A source's identity: device and inode (from its read when there was one), else its
    /// spelled-out path.
    func sourceIdentity(_ path: String, read: [UInt8]? = nil) -> [UInt8] {
      read ?? FileIO.fileIdentity(path) ?? lexicalIdentity(path)
    }
    if o.outputFile != nil {
      // A usage error comes before any work: count the distinct sources by `stat` here
      // (a few arguments), where a compile of folders takes identities from its reads.
      let distinct = Set(expanded.inputs.map { sourceIdentity($0.path) })
      if distinct.count != 1 || anyDirectory {
        throw UsageError(message: "-o takes exactly one source file; use --out-dir for several", command: name)
      }
    }
    let compileOptions = try CompilerSetup.options(o)
    // New outputs wait as open unnamed files until all are written (FileIO.writeAtomically):
    // room for their descriptors is made now, while this is the only thread.
    if writeOutputs && !o.checkOnly {
      FileIO.reserveDescriptors(expanded.inputs.count * (o.emit.contains("intune") ? 2 : 1))
    }
    // A source named twice (`compile samples samples/a.profile.yaml`, `a` and `./a`, or a
    // link to it) counts once: twice would report it against itself (duplicate SSO URLs)
    // and write it twice. Each source is told by the device and inode its read saw
    // (bytes: `Set<String>` would take the NFC and NFD spellings of a name, two files on
    // Linux, for one), an unreadable one by its path. Sources are compiled before the
    // duplicates are dropped: a thousand `stat` calls in a row cost more than the rare
    // second compile.
    // Only --emit intune reads the models after the compile.
    let compiled = Driver.compileEach(
      expanded.inputs.map(\.path), options: compileOptions, keepModels: o.emit.contains("intune"))
    var inputIdentities: [IdentityKey: Int] = [:]
    inputIdentities.reserveCapacity(expanded.inputs.count)
    var inputs: [Input] = []
    var results: [CompiledSource] = []
    for (input, result) in zip(expanded.inputs, compiled) {
      // An unreadable file has no identity from a read; `stat` may still know it.
      let id = sourceIdentity(input.path, read: result.identity)
      if let kept = inputIdentities[IdentityKey(id)] {
        // Keep the first position, but a folder's root wherever one came with it (so
        // --out-dir mirrors the same way whatever the order of the arguments).
        if inputs[kept].root == nil { inputs[kept].root = input.root }
      } else {
        inputIdentities[IdentityKey(id)] = inputs.count
        inputs.append(input)
        results.append(result)
      }
    }
    Driver.checkAcrossProfiles(&results, options: compileOptions)
    let toStdout = writeOutputs && o.outputFile == nil && o.outDir == nil && !o.checkOnly
      && !anyDirectory && inputs.count == 1
    // Like clang's -disable-free: the process ends right after this command, and freeing
    // what is left (outputs, and the models kept for SSO checks or --emit intune) node by
    // node on this one thread cost a tenth of a thousand-source build.
    ProcessLifetime.keep(compiled)
    ProcessLifetime.keep(results)
    var diagnostics = early
    for r in results { diagnostics += r.diagnostics }
    let unreadable = expanded.anyMissing || results.contains { $0.unreadable }
    let printer = DiagnosticPrinter(options: o, stdoutBusy: toStdout)

    guard !diagnostics.hasErrors else {
      printer.print(diagnostics)
      return unreadable ? 2 : 1
    }
    guard writeOutputs else {
      printer.print(diagnostics)
      return 0
    }

    // Everything compiled: produce the outputs (all or nothing).
    var files: [(path: String, bytes: [UInt8])] = []
    var sourceOfFile: [String] = []  // parallel to files, for messages
    for (input, result) in zip(inputs, results) {
      guard let output = result.output, let bytes = output.mobileconfig else { continue }
      let target = outputPath(for: input)
      if o.emit.contains("mobileconfig") && !toStdout {
        files.append((target, bytes))
        sourceOfFile.append(input.path)
      }
      if o.emit.contains("intune"), let model = output.model {
        let json = IntuneEmitter.render(model: model, mobileconfig: bytes, fileName: FileIO.baseName(target))
        let jsonPath = toStdout ? IntuneEmitter.jsonPath(forSource: input.path) : IntuneEmitter.jsonPath(forOutput: target)
        files.append((jsonPath, Array(json.utf8)))
        sourceOfFile.append(input.path)
      }
    }

    // Two sources that would write one file (`a.yaml` and `a.profile.yaml`, or two folders
    // mirrored into one --out-dir), or an output that is a source (`-o a.profile.yaml`):
    // refuse before writing anything. Outputs that exist are compared by file identity
    // too (links, case-insensitive file systems).
    var writers: [IdentityKey: Int] = [:]
    writers.reserveCapacity(files.count)
    var collisions: [Diagnostic] = []
    // One `stat` per output, for every check below.
    // The listings vouch only for folders unchanged since the walk (a stat per folder).
    let existingStatuses = FileIO.statuses(files.map(\.path), listings: expanded.listings.revalidated())
    let existingIdentities = existingStatuses.map { $0?.identity }
    // An output that does not exist yet is known by its folder's identity and its name, so
    // two spellings of one folder (a link in an --out-dir tree) still meet here.
    var folderIdentities: [String: [UInt8]?] = [:]
    // Outputs come folder by folder: the last folder's identity is kept at hand, found by
    // comparing bytes, without a folder string and a hashed lookup per output.
    var lastFolder: (bytes: [UInt8], id: [UInt8]?)? = nil
    func futureIdentity(_ path: String) -> [UInt8]? {
      var path = path
      return path.withUTF8 { u -> [UInt8]? in
        let cut = FileIO.nameStart(u)
        // The folder as `directoryName` spells it: without its last slash, except the root.
        let folderBytes = UnsafeBufferPointer(rebasing: u[0..<(cut > 1 ? cut - 1 : cut)])
        let id: [UInt8]?
        if let last = lastFolder, last.bytes.elementsEqual(folderBytes) {
          id = last.id
        } else {
          let folder = String(decoding: folderBytes, as: UTF8.self)
          if folderIdentities[folder] == nil { folderIdentities[folder] = FileIO.fileIdentity(folder == "" ? "." : folder) }
          id = folderIdentities[folder] ?? nil
          lastFolder = (Array(folderBytes), id)
        }
        guard let id else { return nil }
        var future = id
        future.reserveCapacity(id.count + 1 + u.count - cut)
        future.append(UInt8(ascii: "/"))
        future.append(contentsOf: UnsafeBufferPointer(rebasing: u[cut...]))
        return future
      }
    }
    // Each output's identity on disk: the file's if it exists, else its folder's and its
    // name. Two outputs with one spelled-out path have the same one, so when every output
    // has one, the spelled-out paths add nothing and are not built (a thousand of them
    // were a third of this loop); when some folder is missing (--out-dir), every output
    // is also known by its spelled-out path.
    let diskIdentities = files.indices.map { existingIdentities[$0] ?? futureIdentity(files[$0].path) }
    let needLexical = diskIdentities.contains { $0 == nil }
    for (i, f) in files.enumerated() {
      let existing = existingIdentities[i]
      if let existing, inputIdentities[IdentityKey(existing)] != nil {
        var d = Diagnostic(.unwritableOutput, "'\(f.path)' is a source; writing it would destroy it")
        d.fileName = f.path
        d.notes = ["'\(sourceOfFile[i])' compiles to it; choose another output name"]
        collisions.append(d)
        continue
      }
      var ids: [[UInt8]] = []
      if needLexical { ids.append(lexicalIdentity(f.path)) }
      if let onDisk = diskIdentities[i] { ids.append(onDisk) }
      if let first = ids.lazy.compactMap({ writers[IdentityKey($0)] }).first {
        var d = Diagnostic(.unwritableOutput, "'\(f.path)' would be written by two sources")
        d.fileName = f.path
        d.notes = ["'\(sourceOfFile[first])' and '\(sourceOfFile[i])' both compile to it; rename one of them"]
        collisions.append(d)
      } else {
        for id in ids { writers[IdentityKey(id)] = i }
      }
    }
    if !collisions.isEmpty {
      printer.print(diagnostics + collisions)
      return 2
    }

    if o.checkOnly {
      var problems: [Diagnostic] = []
      for f in files {
        switch FileIO.read(f.path) {
        case .success(let existing):
          if existing != f.bytes {
            var d = Diagnostic(.staleOutput, "'\(f.path)' is out of date with its source")
            d.fileName = f.path
            d.notes = ["run the same command without --check and commit the result"]
            problems.append(d)
          }
        case .failure:
          var d = Diagnostic(.missingOutput, "'\(f.path)' is missing")
          d.fileName = f.path
          d.notes = ["run the same command without --check and commit the result"]
          problems.append(d)
        }
      }
      printer.print(diagnostics + problems)
      return problems.isEmpty ? 0 : 1
    }

    // A write bound to fail (the output is a folder; its folder is missing, not a folder or
    // not writable) is reported before anything is written: found only while writing, the
    // run's other outputs would already be in place (SPEC §5: a run with errors writes
    // nothing and leaves existing outputs untouched).
    // Outputs that already hold exactly the compiled bytes are left alone: they are not
    // written again and need no writable folder (a read-only tree of committed outputs).
    let unchanged = FileIO.unchangedFiles(files, existing: existingStatuses.map { $0.map { !$0.isDirectory } ?? false })
    let toWrite = files.indices.filter { !unchanged[$0] }
    let blocked = unwritableOutputs(toWrite.map { files[$0].path }, existing: toWrite.map { existingStatuses[$0] })
    if !blocked.isEmpty {
      printer.print(diagnostics + blocked)
      return 2
    }

    var writeFailures: [Diagnostic] = []
    if o.outDir != nil {
      for f in files {
        let dir = FileIO.directoryName(f.path)
        if !dir.isEmpty && FileIO.kind(dir) != .directory { _ = FileIO.makeDirectories(dir) }
      }
    }
    // Several at a time (the waits are the disk's); failures are reported in input order.
    let writing = toWrite.map { files[$0] }
    let written = FileIO.writeAtomically(writing, missing: toWrite.map { existingIdentities[$0] == nil })
    for (f, result) in zip(writing, written.results) {
      if case .failure(let failure) = result {
        var d = Diagnostic(.unwritableOutput, "cannot write '\(f.path)': \(failure)")
        d.fileName = f.path
        if written.wroteNothing { d.notes = ["no output of this run was written; every existing one is as it was"] }
        writeFailures.append(d)
      }
    }
    printer.print(diagnostics + writeFailures)
    if !writeFailures.isEmpty { return 2 }
    if toStdout, let bytes = results.first?.output?.mobileconfig, o.emit.contains("mobileconfig") {
      FileIO.writeStandardOutput(bytes)
    }
    return 0
  }

  /// PC9002 for each output that cannot be written: a folder in its place, or a folder
  /// that is missing (created only under `--out-dir`, where the nearest existing one
  /// decides), is not a folder or is not writable. The outputs' own `stat`s are the ones
  /// taken before (`existing`); each distinct folder is looked at once.
  func unwritableOutputs(_ paths: [String], existing: [FileIO.Status?]) -> [Diagnostic] {
    var folderProblems: [String: String?] = [:]
    func folderProblem(_ folder: String) -> String? {
      if let known = folderProblems[folder] { return known }
      var dir = folder.isEmpty ? "." : folder
      var problem: String? = nil
      while true {
        switch FileIO.kind(dir) {
        case .directory:
          if !FileIO.isWritableDirectory(dir) { problem = "folder '\(dir)' is not writable" }
        case .missing:
          if !FileIO.isAbsent(dir) {
            // There, but not to be looked at (no search permission above it).
            problem = "folder '\(dir)' cannot be reached"
            break
          }
          // Under --out-dir missing folders are made: the nearest existing one decides.
          let parent = FileIO.directoryName(dir)
          let next = parent.isEmpty ? "." : parent
          if options.outDir != nil && next != dir {
            dir = next
            continue
          }
          problem = "folder '\(dir)' does not exist"
        default:
          problem = "'\(dir)' is not a folder"
        }
        break
      }
      folderProblems[folder] = problem
      return problem
    }
    var out: [Diagnostic] = []
    for (i, path) in paths.enumerated() {
      var why: String? = nil
      if existing[i]?.isDirectory == true {
        why = "it is a folder"
      } else {
        why = folderProblem(FileIO.directoryName(path))
      }
      guard let why else { continue }
      var d = Diagnostic(.unwritableOutput, "cannot write '\(path)': \(why)")
      d.fileName = path
      d.notes = ["nothing was written"]
      out.append(d)
    }
    return out
  }

  /// `-o FILE`; else `NAME.mobileconfig` beside the source or mirrored under `--out-dir`.
  func outputPath(for input: Input) -> String {
    if let file = options.outputFile { return file }
    guard let outDir = options.outDir else { return FileIO.outputBeside(input.path) }
    let outName = FileIO.sourceStem(FileIO.baseName(input.path)) + ".mobileconfig"
    var relativeDir = ""
    if let root = input.root {
      let dir = FileIO.directoryName(input.path)
      if root == "." {
        // findFiles spells what it finds under "." without a "./" prefix.
        relativeDir = dir
      } else {
        // Bytes: the path was built by appending to `root`, so its bytes start with them.
        let prefix = FileIO.endsWith(root, "/") ? root : root + "/"
        if dir.utf8.starts(with: prefix.utf8) {
          relativeDir = String(decoding: dir.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
        }
      }
    }
    return FileIO.join(FileIO.join(outDir, relativeDir), outName)
  }
}

/// Builds the compiler's options from the command line.
enum CompilerSetup {
  static func schemas(_ o: Options) throws -> SchemaSet {
    do {
      return try SchemaRegistry.load(directory: o.schemasDirectory)
    } catch {
      throw UsageError(message: "cannot load schemas from '\(o.schemasDirectory ?? "")': \(error)", command: o.command)
    }
  }

  static func options(_ o: Options) throws -> CompileOptions {
    CompileOptions(schemas: try schemas(o), strict: o.strict, policy: o.policy)
  }
}

/// Values left for the process's exit to reclaim.
enum ProcessLifetime {
  nonisolated(unsafe) private static var kept: [Any] = []
  static func keep(_ value: Any) { kept.append(value) }
}

/// A file identity (or spelled-out path) as a dictionary key, hashed as one block of bytes:
/// `[UInt8]` hashes element by element, and a thousand-output compile hashes a few
/// thousand paths on one thread.
struct IdentityKey: Hashable {
  let bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  func hash(into hasher: inout Hasher) {
    bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
  }
}
