#!/usr/bin/env bash
# Builds scripts/bench/phases.swift against the library sources (optimised, whole-module,
# into .build-bench/) and runs it: per-phase times in one process.
#
#   scripts/bench/phases.sh [--repeat N] [--only parse|lower|validate|write] FILE|DIR...
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-bench/phases"
mkdir -p "$out"
# Rebuild when a library source or the harness is newer than the binary.
if [ ! -x "$out/phases" ] || [ -n "$(find "$root/Sources" "$root/scripts/bench/phases.swift" -newer "$out/phases" -name '*.swift' -print -quit)" ]; then
  for m in Diagnostics ProfileSyntax PropertyList ProfileSchemas ProfileCompiler; do
    swiftc -O -wmo -parse-as-library -g -module-name "$m" -emit-module \
      -emit-module-path "$out/$m.swiftmodule" -I "$out" \
      -c $(find "$root/Sources/$m" -name '*.swift' | sort) -o "$out/$m.o"
  done
  swiftc -O -g -I "$out" "$root/scripts/bench/phases.swift" "$out"/*.o -o "$out/phases"
fi
exec "$out/phases" "$@"
