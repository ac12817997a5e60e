import Diagnostics
import Dispatch
import PropertyList

/// One source compiled by the driver.
public struct CompiledSource: Sendable {
  public var path: String
  /// nil when the file could not be read (then `diagnostics` says why).
  public var output: CompileOutput?
  public var diagnostics: [Diagnostic]
  public var unreadable: Bool
  /// The file's ``FileIO/fileIdentity(_:)``, taken when it was read (nil if it was not).
  public var identity: [UInt8]? = nil
}

/// Compiles many sources: reads them, compiles them in parallel with at most one job per
/// core, then runs the checks that span several profiles (SSO URLs are unique across
/// every profile compiled together, SPEC §3). Results come back in input order, so the
/// diagnostics order is stable.
public enum Driver {
  public static let maxSourceBytes = 64 << 20

  public static func compileAll(_ paths: [String], options: CompileOptions) -> [CompiledSource] {
    var all = compileEach(paths, options: options)
    checkAcrossProfiles(&all, options: options)
    return all
  }

  /// Compiles each source on its own, without the checks across profiles (a caller that
  /// drops some results first, such as a source named twice, runs those itself).
  ///
  /// `keepModels: false` is for a caller that needs only the outputs and diagnostics: with
  /// several sources, a model that takes no part in the checks across profiles is
  /// released right after its source compiles (`output.model` is nil). Each model is
  /// several times its source's size; a thousand kept ones made a fresh heap page fault
  /// for every few kilobytes, where released ones leave their memory to the next source
  /// on the same thread.
  public static func compileEach(
    _ paths: [String], options: CompileOptions, keepModels: Bool = true
  ) -> [CompiledSource] {
    @Sendable func one(_ path: String) -> CompiledSource {
      var compiled = compileOne(path, options: options)
      if !keepModels, let model = compiled.output?.model, !CrossProfileRules.concerns(model) {
        compiled.output?.model = nil
      }
      return compiled
    }
    // A single source keeps its model: its memory would serve no later source, and
    // freeing a large model node by node is pure cost (a tenth of W4's instructions).
    if paths.count == 1 { return [compileOne(paths[0], options: options)] }
    // One work item per source: sources differ in size, and Dispatch hands them out as
    // threads free up.
    return parallelMap(paths.count, workers: paths.count) { one(paths[$0]) }
  }

  /// Adds the diagnostics of the checks that span several profiles to the sources they
  /// concern (an error there withdraws that source's output).
  public static func checkAcrossProfiles(_ all: inout [CompiledSource], options: CompileOptions) {
    let models = all.compactMap { $0.output?.model }
    // Each diagnostic is scrubbed of its own file's interpolated values only.
    let cross = CrossProfileRules.check(models).map { d in
      let own = models.first { $0.file.path == d.file?.path }?.interpolations ?? []
      return Redaction.scrub([d], own)[0]
    }
    if !cross.isEmpty {
      for d in options.policy.apply(cross) {
        guard let i = all.firstIndex(where: { $0.path == d.file?.path }) else { continue }
        all[i].diagnostics.append(d)
        if d.severity == .error { all[i].output?.mobileconfig = nil }
      }
    }
  }

  public static func compileOne(_ path: String, options: CompileOptions) -> CompiledSource {
    var identity: [UInt8]? = nil
    switch FileIO.read(path, limit: maxSourceBytes, identity: &identity) {
    case .success(let bytes):
      let file = SourceFile(path: path, bytes: bytes)
      let output = Compiler.compile(file, options: options)
      return CompiledSource(
        path: path, output: output, diagnostics: output.diagnostics, unreadable: false, identity: identity)
    case .failure(let failure):
      var d = Diagnostic(.unreadableInput, "cannot read the source: \(failure)")
      d.fileName = path
      return CompiledSource(path: path, output: nil, diagnostics: [d], unreadable: true, identity: identity)
    }
  }
}

/// `body(i)` for every `i` below `count`, results in order; `workers` work items run at
/// once on Dispatch's threads, item `w` taking indices `w`, `w + workers`, ... or, when
/// `contiguous`, the `w`th of `workers` runs of consecutive indices.
func parallelMap<T: Sendable>(
  _ count: Int, workers: Int, contiguous: Bool = false, _ body: @escaping @Sendable (Int) -> T
) -> [T] {
  let results = ResultSlots<T>(count: count)
  let workers = min(count, workers)
  DispatchQueue.concurrentPerform(iterations: workers) { w in
    if contiguous {
      for i in (count * w / workers)..<(count * (w + 1) / workers) { results.set(i, body(i)) }
      return
    }
    var i = w
    while i < count {
      results.set(i, body(i))
      i += workers
    }
  }
  return results.values()
}

/// Fixed slots written from several threads, each index by one thread only.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
  private var storage: [T?]
  private let lock = NSLockish()
  init(count: Int) { storage = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ value: T) {
    lock.withLock { storage[i] = value }
  }
  func values() -> [T] { lock.withLock { storage.map { $0! } } }
}

#if canImport(Glibc)
  import Glibc
#endif

/// A pthread mutex (Foundation's NSLock is not used in the compiler targets).
final class NSLockish: @unchecked Sendable {
  private var mutex = pthread_mutex_t()
  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }
  func withLock<R>(_ body: () throws -> R) rethrows -> R {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return try body()
  }
}

/// Checks that need every profile of a run (SPEC §3).
public enum CrossProfileRules {
  public static func check(_ models: [ProfileModel]) -> [Diagnostic] {
    SSOTargetUniqueness.check(models)
  }

  /// Whether `model` can take part in ``check(_:)``: one without it reports nothing and is
  /// reported against by nothing.
  public static func concerns(_ model: ProfileModel) -> Bool {
    SSOTargetUniqueness.concerns(model)
  }
}
