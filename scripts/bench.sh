#!/usr/bin/env bash
# Benchmarks profilec against baselines measured in the same run and prints one table of
# ratios with PASS/MISS per target (docs/performance.md). Exits non-zero only on errors.
#
#   scripts/bench.sh [--quick] [--no-build] [--profilec PATH]
#
# --quick: fewer runs (a smoke test, not a measurement); --no-build: use the existing
# release binary; --profilec PATH: benchmark another binary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

runs=31
slow_runs=15
build=1
profilec="$root/.build/release/profilec"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) runs=5; slow_runs=3 ;;
    --no-build) build=0 ;;
    --profilec) profilec=$2; build=0; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done

# The real interpreter, not a version-manager shim (a shell script that would add its own
# start-up to every Python run).
python=$(python3 -c 'import sys; print(sys.executable)')
"$python" -c 'import yaml; from yaml import CLoader' 2>/dev/null || {
  echo "bench.sh: the baseline needs PyYAML with libyaml (pip install pyyaml)" >&2
  exit 2
}

if [ "$build" = 1 ]; then
  swift build -c release --product profilec >&2
fi
[ -x "$profilec" ] || { echo "bench.sh: no profilec at $profilec" >&2; exit 2; }

# The start-up floor, built like the release binary (git-ignored folder).
mkdir -p .build-bench
floor=.build-bench/floor
if [ ! -x "$floor" ] || [ scripts/bench/floor.swift -nt "$floor" ]; then
  swiftc -O -static-stdlib scripts/bench/floor.swift -o "$floor" >&2
fi

corpus="$root/../shared/corpus"
[ -d "$corpus" ] || { echo "bench.sh: no corpus at $corpus" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/profilec-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$python" scripts/bench/gen.py typical "$work/typical.profile.yaml"
"$python" scripts/bench/gen.py many "$work/many" 1000
"$python" scripts/bench/gen.py large "$work/large.profile.yaml" 150000
mkdir -p "$work/out"

echo "profilec: $profilec ($(stat -c %s "$profilec") bytes)"
"$python" scripts/bench/bench.py \
  --profilec "$profilec" --floor "$root/$floor" --python "$python" \
  --baseline "$root/scripts/bench/baseline.py" \
  --typical "$work/typical.profile.yaml" --many "$work/many" --large "$work/large.profile.yaml" \
  --corpus "$corpus" --out "$work/out" --runs "$runs" --slow-runs "$slow_runs"
