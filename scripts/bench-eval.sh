#!/usr/bin/env bash
# Evaluator throughput (issue: "evaluation throughput on large generated
# files, against a bare rnix parse of the same file, in one run").
# For each generated file: clan-inv eval --json (median of 5 runs, peak RSS)
# side by side with rnix-parse of the same file, and the ratio.
#
#   scripts/bench-eval.sh [--scale N]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=20000
[ "${1:-}" = "--scale" ] && scale="$2"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cargo build --release --quiet --bin clan-inv --bin rnix-parse
python3 scripts/gen-eval-bench.py "$out" --scale "$scale"

median() { # median of wall seconds of N runs of a command
  local n=$1; shift
  for _ in $(seq "$n"); do
    /usr/bin/time -f "%e %M" "$@" >/dev/null 2>>"$out/times" || true
  done
  sort -n "$out/times" | awk '{a[NR]=$1; m[NR]=$2} END {printf "%s %s\n", a[int((NR+1)/2)], m[NR]}'
  rm -f "$out/times"
}

printf "%-16s %9s %12s %10s %12s %7s\n" file size "eval (s)" "RSS (MB)" "parse (s)" ratio
for f in "$out"/*.nix; do
  size=$(stat -c %s "$f")
  read -r e em < <(median 5 ./target/release/clan-inv eval "$f" --json)
  read -r p _ < <(median 5 ./target/release/rnix-parse "$f")
  ratio=$(awk -v e="$e" -v p="$p" 'BEGIN { if (p > 0) printf "%.1fx", e / p; else print "-" }')
  printf "%-16s %8dK %12s %10.1f %12s %7s\n" "$(basename "$f")" $((size / 1024)) "$e" "$(awk -v k="$em" 'BEGIN{print k/1024}')" "$p" "$ratio"
done
