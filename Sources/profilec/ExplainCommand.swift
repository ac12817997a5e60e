import Diagnostics
import ProfileCompiler

enum ExplainCommand {
  static func run(_ o: Options) throws -> Int32 {
    if o.positional.isEmpty {
      throw UsageError(message: "explain needs a code, e.g. 'profilec explain PC3102'", command: "explain")
    }
    guard o.positional.count == 1 else {
      throw UsageError(message: "explain takes one code", command: "explain")
    }
    let code = o.positional[0]
    if code == "list" {
      var s = ""
      for d in Catalog.all { s += "\(d.code)  \(d.severity.rawValue.padding(7))  \(d.summary)\n" }
      FileIO.writeStandardOutput(s)
      return 0
    }
    guard let d = Catalog.descriptor(for: code) else {
      let known = Catalog.all.map(\.code)
      throw UsageError(
        message: "unknown diagnostic code '\(code)'" + Suggest.didYouMean(code.uppercased(), known),
        command: "explain")
    }
    FileIO.writeStandardOutput(DiagnosticsDocument.page(d))
    return 0
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
