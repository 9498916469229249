#!/usr/bin/env bash
# eval-fixtures.sh — regenerate or check the expectations of the evaluator's
# differential test corpus against real Nix.
#
# Layout (all paths relative to the repository root):
#
#   nix-fixtures/eval/<group>/<name>.nix       one small case, testing one thing
#   nix-fixtures/eval/<group>/<name>.exp.json  nix-instantiate's stdout when the
#                                              case evaluates (the JSON value plus
#                                              one trailing newline, see below)
#   nix-fixtures/eval/<group>/<name>.exp.err   nix-instantiate's stderr when the
#                                              case fails (exit 1), ANSI escapes
#                                              stripped, the absolute path of the
#                                              repository replaced by <ROOT>
#   nix-fixtures/eval/_data/                   files the cases read or import
#                                              (not cases themselves)
#   nix-fixtures/eval/clan.nix                 marker only: makes nix-fixtures/eval
#                                              the sandbox root of `clan-inv eval`
#                                              so cases may read ../_data
#   nix-fixtures/eval-current/<group>/...      cases where Nix 2.8 (the Nix this
#                                              script runs) differs from current
#                                              Nix; their expectations are written
#                                              BY HAND and this script never
#                                              touches them (see its README.md)
#
# Every case has exactly one expectation file: .exp.json or .exp.err.
# Each case is evaluated as
#   NIX_REMOTE=dummy:// nix-instantiate --eval --strict --json <abs path of case>
# Nix 2.8 prints the JSON without a final newline; the .exp.json files always
# end with exactly one newline (as current Nix and `clan-inv eval --json` print).
# Success output has <ROOT> substituted too (toString of a path literal).
# An output that mentions /nix/store is rejected: rewrite the case.
#
# Usage:
#   scripts/eval-fixtures.sh           regenerate every expectation under eval/
#                                      (and delete expectations of removed cases)
#   scripts/eval-fixtures.sh --check   regenerate into a temporary directory and
#                                      exit 1 with a diff on any difference
# Either mode exits 1 when nix-instantiate is not on PATH.
# Works from any working directory.

set -euo pipefail

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
CASES="$ROOT/nix-fixtures/eval"

if ! command -v nix-instantiate >/dev/null 2>&1; then
  echo "error: nix-instantiate not found on PATH (apt-get install nix-bin)" >&2
  exit 1
fi

# ROOT as a literal sed regex (delimiter |)
root_re="$(printf '%s' "$ROOT" | sed 's/[][\.*^$|/]/\\&/g')"
sanitize() { sed -E -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e "s|$root_re|<ROOT>|g"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ "$mode" = check ]; then out_root="$tmp/new"; else out_root="$CASES"; fi

mapfile -t cases < <(cd "$CASES" && find . -mindepth 2 -maxdepth 2 -name '*.nix' \
  -not -path './_data/*' | sed 's|^\./||' | LC_ALL=C sort)
if [ "${#cases[@]}" -eq 0 ]; then echo "error: no cases under $CASES" >&2; exit 1; fi

failed=0
n_ok=0
n_err=0
for rel in "${cases[@]}"; do
  base="${rel%.nix}"
  mkdir -p "$out_root/$(dirname "$rel")"
  rc=0
  (cd "$ROOT" && env NIX_REMOTE=dummy:// NIX_PATH= TERM=dumb \
     nix-instantiate --eval --strict --json "$CASES/$rel" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null) || rc=$?
  if [ "$rc" -eq 0 ]; then
    sanitize <"$tmp/stdout" >"$tmp/result"
    [ -n "$(tail -c1 "$tmp/result")" ] && echo >>"$tmp/result"
    ext=exp.json other=exp.err
    n_ok=$((n_ok + 1))
  elif [ "$rc" -eq 1 ]; then
    sanitize <"$tmp/stderr" >"$tmp/result"
    ext=exp.err other=exp.json
    n_err=$((n_err + 1))
  else
    echo "error: nix-instantiate exited with $rc on $rel:" >&2
    cat "$tmp/stderr" >&2
    failed=1
    continue
  fi
  if grep -q '/nix/store' "$tmp/result"; then
    echo "error: output of $rel mentions /nix/store; rewrite the case" >&2
    failed=1
    continue
  fi
  mv "$tmp/result" "$out_root/$base.$ext"
  rm -f "$out_root/$base.$other"
done

if [ "$mode" = write ]; then
  # drop expectations whose case is gone
  while IFS= read -r exp; do
    case_file="${exp%.exp.*}.nix"
    if [ ! -f "$case_file" ]; then echo "removing stale $exp" >&2; rm -f "$exp"; fi
  done < <(find "$CASES" -mindepth 2 -maxdepth 2 \( -name '*.exp.json' -o -name '*.exp.err' \) -not -path "$CASES/_data/*")
  echo "eval fixtures: ${#cases[@]} cases ($n_ok succeed, $n_err fail) written under nix-fixtures/eval"
  exit "$failed"
fi

# --check: compare the committed expectations with the fresh ones
mkdir -p "$tmp/old"
(cd "$CASES" && find . -mindepth 2 -maxdepth 2 \( -name '*.exp.json' -o -name '*.exp.err' \) \
   -not -path './_data/*' -print0 | xargs -0 -r cp --parents -t "$tmp/old")
mkdir -p "$tmp/new"
if ! (cd "$tmp" && diff -ru old new); then
  echo "eval fixtures: expectations differ from nix-instantiate (run scripts/eval-fixtures.sh to regenerate)" >&2
  exit 1
fi
if [ "$failed" -ne 0 ]; then exit 1; fi
echo "eval fixtures: ${#cases[@]} cases ($n_ok succeed, $n_err fail) match nix-instantiate"
