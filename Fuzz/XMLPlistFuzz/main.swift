// libFuzzer target: the XML property-list reader (scripts/fuzz.sh). A file it accepts
// is written back canonically and must read back to an equal value.
import Diagnostics
import PropertyList

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let result = PlistXMLReader.read(SourceFile(path: "input.mobileconfig", bytes: bytes))
  _ = HumanRenderer(color: false).render(result.diagnostics)
  guard let root = result.root else { return 0 }
  guard let xml = try? PlistXMLWriter.write(root) else { return 0 }
  let again = PlistXMLReader.read(SourceFile(path: "again.mobileconfig", bytes: xml))
  guard let back = again.root, back.value == root.value else {
    fatalError("a property list read from XML does not survive writing and reading again")
  }
  return 0
}
