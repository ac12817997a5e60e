#if canImport(Glibc)
  import Glibc

  // glibc's mallopt, which the Glibc module does not export (malloc.h is not in its map).
  @_silgen_name("mallopt") func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
  let M_TRIM_THRESHOLD: Int32 = -1, M_TOP_PAD: Int32 = -2  // from <malloc.h>

  // profilec is a short-lived process: let glibc's heaps grow in larger steps and never
  // hand memory back mid-run. By default each worker thread's heap grows a little at a
  // time (an mprotect each) and freed tops are trimmed, then faulted in again.
  _ = glibcMallopt(M_TOP_PAD, 8 << 20)
  _ = glibcMallopt(M_TRIM_THRESHOLD, 256 << 20)
#endif

exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
