#!/usr/bin/env bash
# lib-fixtures.sh — regenerate or check the expectations of the native
# nixpkgs-lib test corpus (tests/nixlib.rs) against the real nixpkgs lib.
#
# Layout (relative to the repository root):
#
#   nix-fixtures/lib/<name>.nix       one case: a function `lib: <expr>`
#   nix-fixtures/lib/<name>.exp.json  the JSON nix-instantiate prints for it,
#                                     plus exactly one trailing newline
#
# Each case is evaluated as
#   NIX_REMOTE=dummy:// nix-instantiate --eval --strict --json \
#     -E '(import <abs case>) (import LIBDIR)'
# Every case must succeed (test failures with builtins.tryEval); a case that
# fails in Nix is reported and makes the script exit 1.
#
# LIBDIR is $NIXPKGS_LIB if set, else ~/.cache/clan-oracle/src/nixpkgs-lib/lib
# (the `lib` folder of nixpkgs / nix-community/nixpkgs.lib). When it is
# absent the script prints a notice and exits 0 without touching anything.
#
# Usage:
#   scripts/lib-fixtures.sh           regenerate every expectation (and delete
#                                     expectations of removed cases)
#   scripts/lib-fixtures.sh --check   compare with fresh results; exit 1 with a
#                                     diff on any difference
# Exits 1 when nix-instantiate is not on PATH. Works from any directory.

set -euo pipefail

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
CASES="$ROOT/nix-fixtures/lib"
LIBDIR="${NIXPKGS_LIB:-$HOME/.cache/clan-oracle/src/nixpkgs-lib/lib}"

if [ ! -f "$LIBDIR/default.nix" ]; then
  echo "notice: nixpkgs lib not found at $LIBDIR (set NIXPKGS_LIB); lib fixtures skipped" >&2
  exit 0
fi
LIBDIR="$(cd "$LIBDIR" && pwd -P)"
if ! command -v nix-instantiate >/dev/null 2>&1; then
  echo "error: nix-instantiate not found on PATH (apt-get install nix-bin)" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ "$mode" = check ]; then out_dir="$tmp/new"; else out_dir="$CASES"; fi
mkdir -p "$out_dir"

mapfile -t cases < <(cd "$CASES" && find . -maxdepth 1 -name '*.nix' | sed 's|^\./||' | LC_ALL=C sort)
if [ "${#cases[@]}" -eq 0 ]; then echo "error: no cases under $CASES" >&2; exit 1; fi

failed=0
for rel in "${cases[@]}"; do
  base="${rel%.nix}"
  rc=0
  (cd "$tmp" && env NIX_REMOTE=dummy:// NIX_PATH= TERM=dumb \
     nix-instantiate --eval --strict --json \
     -E "(import $CASES/$rel) (import $LIBDIR)" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "error: $rel fails in Nix (exit $rc); lib cases must succeed:" >&2
    cat "$tmp/stderr" >&2
    failed=1
    continue
  fi
  cp "$tmp/stdout" "$tmp/result"
  [ -n "$(tail -c1 "$tmp/result")" ] && echo >>"$tmp/result"
  if grep -q '/nix/store' "$tmp/result"; then
    echo "error: output of $rel mentions /nix/store; rewrite the case" >&2
    failed=1
    continue
  fi
  mv "$tmp/result" "$out_dir/$base.exp.json"
done

if [ "$mode" = write ]; then
  while IFS= read -r exp; do
    if [ ! -f "${exp%.exp.json}.nix" ]; then echo "removing stale $exp" >&2; rm -f "$exp"; fi
  done < <(find "$CASES" -maxdepth 1 -name '*.exp.json')
  echo "lib fixtures: ${#cases[@]} cases written under nix-fixtures/lib"
  exit "$failed"
fi

mkdir -p "$tmp/old"
(cd "$CASES" && find . -maxdepth 1 -name '*.exp.json' -print0 | xargs -0 -r cp -t "$tmp/old")
if ! (cd "$tmp" && diff -ru old new); then
  echo "lib fixtures: expectations differ from nixpkgs lib (run scripts/lib-fixtures.sh to regenerate)" >&2
  exit 1
fi
if [ "$failed" -ne 0 ]; then exit 1; fi
echo "lib fixtures: ${#cases[@]} cases match nixpkgs lib"
