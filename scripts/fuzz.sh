#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ against the library sources (swiftc
# -sanitize=fuzzer,address, optimised, into .build-fuzz/) and runs each for N seconds.
# Exits non-zero when any target finds a crash, a leak or a timeout; findings land in
# fuzz-out/TARGET/ (git-ignored), with the libFuzzer log in fuzz-out/TARGET.log.
#
#   scripts/fuzz.sh [--seconds N] [--jobs K] [--only TARGET] [--build-only]
#
# Targets: SourceFuzz (Compiler.compile on a source, then read the output back),
# XMLPlistFuzz, BinaryPlistFuzz, CMSFuzz (DER/CMS unwrapping and the plist inside),
# ImportFuzz (lint and import of an existing profile, with import's round-trip check).
# --jobs K runs K targets at a time (each is single-threaded). The working corpora in
# .build-fuzz/corpus/ persist between runs and start from samples/, test fixtures,
# Fuzz/Seeds/, ../shared/corpus and binary copies made with plutil.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=60
jobs=1
only=""
build_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --only) only=$2; shift ;;
    --build-only) build_only=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done

targets="SourceFuzz XMLPlistFuzz BinaryPlistFuzz CMSFuzz ImportFuzz"
[ -n "$only" ] && targets=$only

build="$root/.build-fuzz"
mods="$build/modules"
mkdir -p "$mods"
flags=(-O -g -sanitize=fuzzer,address -parse-as-library)

# The library modules in dependency order, rebuilt when a source is newer than the
# object or a module before them was rebuilt.
rebuilt=0
for m in Diagnostics ProfileSyntax PropertyList ProfileSchemas ProfileCompiler; do
  obj="$mods/$m.o"
  if [ "$rebuilt" = 1 ] || [ ! -f "$obj" ] || [ -n "$(find "Sources/$m" -name '*.swift' -newer "$obj" -print -quit)" ]; then
    rebuilt=1
    echo "fuzz.sh: building $m" >&2
    swiftc "${flags[@]}" -wmo -module-name "$m" -emit-module -emit-module-path "$mods/$m.swiftmodule" \
      -I "$mods" -c $(find "Sources/$m" -name '*.swift' | sort) -o "$obj" 2>&1 \
      | grep -v "Cannot export local symbol" >&2 || true
    [ -f "$obj" ] || { echo "fuzz.sh: $m did not build" >&2; exit 2; }
    touch "$obj"
  fi
done
for t in $targets; do
  exe="$build/$t"
  if [ ! -x "$exe" ] || [ "Fuzz/$t/main.swift" -nt "$exe" ] || [ -n "$(find "$mods" -name '*.o' -newer "$exe" -print -quit)" ]; then
    echo "fuzz.sh: building $t" >&2
    swiftc "${flags[@]}" -I "$mods" "Fuzz/$t/main.swift" "$mods"/*.o -o "$exe" 2>&1 \
      | grep -v "Cannot export local symbol" >&2 || true
    [ -x "$exe" ] || { echo "fuzz.sh: $t did not build" >&2; exit 2; }
  fi
done
[ "$build_only" = 1 ] && exit 0

# Seed corpora (copied once; libFuzzer adds what it finds to the same folders).
seed() {
  local t=$1 dir="$build/corpus/$1"
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  local shared="$root/../shared/corpus"
  case "$t" in
    SourceFuzz)
      find samples Tests Fuzz/Seeds -name '*.profile.yaml' -exec cp {} "$dir/" \; 2>/dev/null || true
      python3 scripts/bench/gen.py typical "$dir/typical.profile.yaml"
      python3 scripts/bench/gen.py many "$build/seed-many" 40
      find "$build/seed-many" -name '*.profile.yaml' -exec cp {} "$dir/" \;
      rm -rf "$build/seed-many"
      ;;
    XMLPlistFuzz)
      find samples Tests -name '*.mobileconfig' -exec cp {} "$dir/" \; 2>/dev/null || true
      [ -d "$shared" ] && find "$shared" -name '*.mobileconfig' -print0 | while IFS= read -r -d '' f; do
        [ "$(head -c1 "$f" | od -An -tx1 | tr -d ' ')" = 30 ] || cp "$f" "$dir/$(echo "$f" | cksum | cut -d' ' -f1).mobileconfig"
      done
      ;;
    BinaryPlistFuzz)
      local plutil=$(command -v plutil || echo /opt/swift/usr/bin/plutil)
      seed XMLPlistFuzz
      for f in "$build/corpus/XMLPlistFuzz"/*; do
        "$plutil" -convert binary1 -o "$dir/$(basename "$f").bplist" "$f" >/dev/null 2>&1 || true
      done
      ;;
    ImportFuzz)
      find samples Tests -name '*.mobileconfig' -exec cp {} "$dir/" \; 2>/dev/null || true
      [ -d "$shared" ] && find "$shared" -name '*.mobileconfig' -print0 | while IFS= read -r -d '' f; do
        cp "$f" "$dir/$(echo "$f" | cksum | cut -d' ' -f1).mobileconfig"
      done
      ;;
    CMSFuzz)
      [ -d "$shared" ] && find "$shared" -name '*.mobileconfig' -print0 | while IFS= read -r -d '' f; do
        [ "$(head -c1 "$f" | od -An -tx1 | tr -d ' ')" = 30 ] && cp "$f" "$dir/$(echo "$f" | cksum | cut -d' ' -f1).p7" || true
      done
      # A few signatures of our own: a throwaway key, XML and binary content, with and
      # without the certificate.
      if command -v openssl >/dev/null; then
        local tmp; tmp=$(mktemp -d)
        openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/k.pem" -out "$tmp/c.pem" -days 1 \
          -subj "/CN=profilec fuzz/O=Example/C=US" >/dev/null 2>&1
        for f in $(ls samples/*.mobileconfig 2>/dev/null | head -3); do
          local b; b=$(basename "$f" .mobileconfig)
          openssl cms -sign -binary -nodetach -outform DER -in "$f" -signer "$tmp/c.pem" -inkey "$tmp/k.pem" -out "$dir/$b.p7" 2>/dev/null || true
          openssl cms -sign -binary -nodetach -nocerts -outform DER -in "$f" -signer "$tmp/c.pem" -inkey "$tmp/k.pem" -out "$dir/$b.nocerts.p7" 2>/dev/null || true
        done
        rm -rf "$tmp"
      fi
      ;;
  esac
}

dict_for() {
  case "$1" in
    SourceFuzz) echo "-dict=$root/Fuzz/source.dict" ;;
    XMLPlistFuzz | ImportFuzz) echo "-dict=$root/Fuzz/xml.dict" ;;
    *) echo "" ;;
  esac
}

mkdir -p fuzz-out
run() {
  local t=$1 out="$root/fuzz-out/$t"
  mkdir -p "$out"
  seed "$t"
  local maxlen=65536
  [ "$t" = SourceFuzz ] && maxlen=16384
  # stdin is /dev/null: a {file: /dev/stdin} a source might name must not block.
  # Fuzz/lsan.supp: the Swift Regex library's own leak when a pattern compiles.
  LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" "$build/$t" "$build/corpus/$t" $(dict_for "$t") -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=$maxlen -print_final_stats=1 -artifact_prefix="$out/" \
    </dev/null >"$root/fuzz-out/$t.log" 2>&1
}

status=0
pids=()
names=()
for t in $targets; do
  run "$t" &
  pids+=($!)
  names+=("$t")
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    if ! wait "${pids[0]}"; then status=1; fi
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do
  if ! wait "$p"; then status=1; fi
done

printf '%-16s %12s %10s %8s  %s\n' target executions "exec/s" corpus result
for t in $targets; do
  log="fuzz-out/$t.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  corpus=$(ls "$build/corpus/$t" | wc -l)
  result=ok
  if grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|Fatal error|Program crashed|SUMMARY:' "$log"; then
    what=$(grep -m1 -oE '(Program crashed: [A-Za-z ]+|Fatal error: .{0,60}|deadly signal|timeout|out-of-memory|leak)' "$log" | head -1 || true)
    result="FINDING ($what): fuzz-out/$t/"
    status=1
  fi
  printf '%-16s %12s %10s %8s  %s\n' "$t" "${runs:-?}" "${speed:-?}" "$corpus" "$result"
done
exit $status
