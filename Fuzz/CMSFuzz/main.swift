// libFuzzer target: DER and CMS SignedData unwrapping, then whatever property list is
// inside, through the entry point `lint` uses (scripts/fuzz.sh).
import Diagnostics
import PropertyList

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  // PlistReader.read takes a first byte 0x30 as CMS: make every input take that path.
  var bytes = Array(UnsafeBufferPointer(start: data, count: size))
  bytes[0] = 0x30
  let result = PlistReader.read(path: "input.mobileconfig", bytes: bytes)
  _ = HumanRenderer(color: false).render(result.diagnostics)
  if let root = result.root { _ = try? PlistXMLWriter.write(root) }
  return 0
}
