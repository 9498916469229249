#!/usr/bin/env bash
# Regenerates (or checks) the oracle outputs of nix-fixtures/clans/<case>/.
#
#   scripts/clan-fixtures.sh [--check] [CASE...]
#
# For every case directory the oracle (clan-core's own Nix code, see
# the oracle README in the shared folder) is run on <case>/oracle if that folder
# exists (the normalised equivalent of a realistic flake layout), else on <case>
# itself. Results:
#   expected.json    oracle stdout, when it succeeds
#   expected.stderr  oracle stderr on success (lib.warn traces), only when non-empty
#   expected.err     oracle stderr, when it fails (paths already replaced by <DIR>)
#
# --check regenerates into a temporary directory and fails on any difference
# (including a case that changed between success and failure).
#
# The oracle is ~/.cache/clan-oracle/run.sh, or $CLAN_ORACLE if set. When it is
# not installed (CI has no network to fetch clan-core) the script prints
# "oracle not installed, skipping" and exits 0.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
oracle="${CLAN_ORACLE:-$HOME/.cache/clan-oracle/run.sh}"
mode=write
cases=()
for a in "$@"; do
  case "$a" in
    --check) mode=check ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "clan-fixtures.sh: unknown option $a" >&2; exit 2 ;;
    *) cases+=("${a%/}") ;;
  esac
done
if [ ! -x "$oracle" ] || ! command -v nix-instantiate >/dev/null 2>&1; then
  echo "oracle not installed, skipping"
  exit 0
fi
clans="$root/nix-fixtures/clans"
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$clans"/*/; do cases+=("$(basename "$d")"); done
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0; n=0
for name in "${cases[@]}"; do
  name="$(basename "$name")"
  d="$clans/$name"
  [ -d "$d" ] || { echo "FAIL $name: no such case" >&2; fail=1; continue; }
  src="$d"; [ -d "$d/oracle" ] && src="$d/oracle"
  out="$tmp/$name"; mkdir -p "$out"
  "$oracle" "$src" >"$out/stdout" 2>"$out/stderr"; rc=$?
  if [ $rc -eq 0 ]; then
    mv "$out/stdout" "$out/expected.json"
    if [ -s "$out/stderr" ]; then mv "$out/stderr" "$out/expected.stderr"; else rm -f "$out/stderr"; fi
    kind=json
  else
    mv "$out/stderr" "$out/expected.err"; rm -f "$out/stdout"
    kind=err
  fi
  n=$((n + 1))
  if [ "$mode" = check ]; then
    bad=0
    for f in expected.json expected.err expected.stderr; do
      if [ -f "$out/$f" ] || [ -f "$d/$f" ]; then
        if ! diff -u "$d/$f" "$out/$f" >"$tmp/diff" 2>&1; then
          [ $bad = 0 ] && echo "FAIL $name ($f differs)"
          head -30 "$tmp/diff"; bad=1
        fi
      fi
    done
    [ $bad = 0 ] && echo "ok   $name ($kind)"
    [ $bad = 0 ] || fail=1
  else
    rm -f "$d/expected.json" "$d/expected.err" "$d/expected.stderr"
    cp "$out"/expected.* "$d/"
    echo "wrote $name ($kind, rc=$rc)"
  fi
done
if [ "$mode" = check ]; then
  if [ $fail = 0 ]; then echo "all $n cases match"; else echo "some cases differ" >&2; fi
fi
exit $fail
