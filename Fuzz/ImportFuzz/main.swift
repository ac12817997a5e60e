// libFuzzer target: an existing profile (XML, binary or signed) through `lint` and
// `import`, which compiles the imported source and compares it with the profile
// (scripts/fuzz.sh). A profile lint accepts must import exactly (SPEC §6): the
// importer's own "please report this" round-trip failures count as findings.
import Diagnostics
import ProfileCompiler
import PropertyList

let options = LintOptions()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let output = Importer.importProfile(path: "input.mobileconfig", bytes: bytes, options: options)
  _ = HumanRenderer(color: false).render(output.diagnostics)
  for d in output.diagnostics where d.notes.contains(where: { $0.hasPrefix("please report this") }) {
    fatalError("import round trip: \(d.message)\n\(output.source ?? "")")
  }
  return 0
}
