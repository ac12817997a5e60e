// libFuzzer target: a source file through the whole compiler (parse, lower, validate,
// write) and every diagnostic rendered, as `profilec compile` and `check` would.
// Built by scripts/fuzz.sh; not part of the package.
import Diagnostics
import ProfileCompiler
import PropertyList

// `${env:SET}` interpolates; anything else is unset. `{file: ...}` paths resolve under a
// folder that does not exist, so the target never reads the fuzzing machine's files.
let options = CompileOptions(environment: { name in name == "SET" ? "value" : nil })

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let file = SourceFile(path: "/nonexistent-fuzz-dir/input.profile.yaml", bytes: bytes)
  let output = Compiler.compile(file, options: options)
  if let bytes = output.mobileconfig {
    // Whatever the writer produced must read back as a property list without errors.
    let back = PlistReader.read(path: "out.mobileconfig", bytes: bytes)
    if back.hasErrors { fatalError("written profile does not read back: \(back.diagnostics)") }
  }
  _ = HumanRenderer(color: false).render(output.diagnostics)
  _ = JSONRenderer.render(output.diagnostics)
  return 0
}
