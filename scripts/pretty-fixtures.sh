#!/usr/bin/env bash
# pretty-fixtures.sh — regenerate nix-fixtures/pretty/expected.json (tests/pretty.rs):
# real Nix's rendering of every value of nix-fixtures/pretty/values.nix by
# nixpkgs' own
#   lib.generators.toPretty { } (lib.generators.withRecursion
#     { depthLimit = 10; throwOnDepthLimit = false; } v)
# (what the module system's `showDefs` prints in its errors).
#
# LIBDIR is $NIXPKGS_LIB if set, else ~/.cache/clan-oracle/src/nixpkgs-lib/lib.
# When it or nix-instantiate is absent the script says so and exits 0.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIBDIR="${NIXPKGS_LIB:-$HOME/.cache/clan-oracle/src/nixpkgs-lib/lib}"
if [ ! -d "$LIBDIR" ] || ! command -v nix-instantiate >/dev/null; then
  echo "pretty-fixtures.sh: no nixpkgs lib at $LIBDIR or no nix-instantiate; nothing done" >&2
  exit 0
fi
dir="$ROOT/nix-fixtures/pretty"
expr="let lib = import $LIBDIR; show = v: lib.generators.toPretty { } (lib.generators.withRecursion { depthLimit = 10; throwOnDepthLimit = false; } v); in map show (import $dir/values.nix)"
NIX_REMOTE=dummy:// nix-instantiate --eval --strict --json -E "$expr" > "$dir/expected.json.new"
mv "$dir/expected.json.new" "$dir/expected.json"
echo "pretty-fixtures.sh: wrote $dir/expected.json"
