// libFuzzer target: the binary (bplist00) property-list reader (scripts/fuzz.sh).
import Diagnostics
import PropertyList

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let result = PlistBinaryReader.read(SourceFile(path: "input.mobileconfig", bytes: bytes))
  _ = HumanRenderer(color: false).render(result.diagnostics)
  if let root = result.root { _ = try? PlistXMLWriter.write(root) }
  return 0
}
