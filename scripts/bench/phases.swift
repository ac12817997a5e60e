// Times the compiler's phases in one process over many sources (scripts/bench/phases.sh):
// parse, lower, validate and write, each summed over every file, so a change to one phase
// shows without process start-up or file I/O around it. Not a test: prints milliseconds.
import Diagnostics
import ProfileCompiler
import ProfileSyntax
import PropertyList

#if canImport(Glibc)
  import Glibc
#endif

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let args = Array(CommandLine.arguments.dropFirst())
guard !args.isEmpty else {
  print("usage: phases [--repeat N] [--only parse|lower|validate|write] FILE|DIR...")
  exit(2)
}
var repeats = 1
var only: String? = nil
var inputs: [String] = []
var i = 0
while i < args.count {
  if args[i] == "--repeat", i + 1 < args.count {
    repeats = Int(args[i + 1]) ?? 1
    i += 2
  } else if args[i] == "--only", i + 1 < args.count {
    only = args[i + 1]
    i += 2
  } else {
    inputs.append(args[i])
    i += 1
  }
}
var paths: [String] = []
for input in inputs {
  if FileIO.kind(input) == .directory {
    paths += FileIO.findFiles(under: input, suffix: ".profile.yaml")
  } else {
    paths.append(input)
  }
}
let files: [SourceFile] = paths.map { path in
  guard case .success(let bytes) = FileIO.read(path) else { fatalError("cannot read \(path)") }
  return SourceFile(path: path, bytes: bytes)
}
let options = CompileOptions(environment: { _ in "value" })
// Decode the schemas once, outside the timings (a CLI run pays for them once too). The
// first files name every payload type the generated benchmark sources use.
if only != "parse" {
  for file in files.prefix(50) { _ = Compiler.compile(file, options: options) }
}

var parse = 0.0, lower = 0.0, validate = 0.0, write = 0.0
var bytesOut = 0
for _ in 0..<repeats {
  for file in files {
    var t = now()
    let tree = Parser.parse(file)
    parse += now() - t
    if only == "parse" { continue }
    t = now()
    let (model, _) = Lowering.lower(tree, options: options.lowering)
    lower += now() - t
    guard let model else { continue }
    if only == "lower" { continue }
    t = now()
    _ = options.validator.validate(model, context: options.validation)
    validate += now() - t
    if only == "validate" { continue }
    t = now()
    let bytes = (try? PlistXMLWriter.write(model.plist())) ?? []
    write += now() - t
    bytesOut += bytes.count
  }
}
let total = parse + lower + validate + write
let inBytes = files.reduce(0) { $0 + $1.bytes.count } * repeats
func ms(_ s: Double) -> String {
  let v = (s * 1000 * 10).rounded() / 10
  return "\(v) ms"
}
print("\(files.count) files x \(repeats): \(inBytes) bytes in, \(bytesOut) bytes out")
print("parse     \(ms(parse))")
print("lower     \(ms(lower))")
print("validate  \(ms(validate))")
print("write     \(ms(write))")
print("total     \(ms(total))  (\(Int(Double(inBytes) / 1e6 / max(total, 1e-9))) MB/s)")
