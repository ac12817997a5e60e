// The start-up floor for the benchmark (scripts/bench.sh): a statically linked Swift
// program that reads the file named by its argument and does nothing else. A profilec
// run can never be faster than this.
#if canImport(Glibc)
  import Glibc
#endif

let args = CommandLine.arguments
guard args.count > 1 else { exit(2) }
let fd = open(args[1], O_RDONLY)
guard fd >= 0 else { exit(2) }
var buffer = [UInt8](repeating: 0, count: 1 << 16)
var total = 0
while true {
  let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
  if n <= 0 { break }
  total += n
}
close(fd)
exit(total > 0 ? 0 : 1)
