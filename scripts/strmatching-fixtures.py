#!/usr/bin/env python3
"""Regenerate nix-fixtures/strmatching/expected.json (the `strMatching`
unit test in src/inventory/schema.rs): which strings clan's `meta` patterns
accept, as real Nix decides it (`builtins.match`, which nixpkgs'
`types.strMatching` uses), on chosen and seeded random strings.

Usage: scripts/strmatching-fixtures.py   (needs nix-instantiate)
"""
import json
import os
import pathlib
import random
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The patterns of clan-core's meta options, as src/inventory/schema.rs has them.
PATTERNS = {
    "domain": r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
    "name": "[a-zA-Z0-9_-]*",
    "tld": "[a-z]+",
}

cases = ["", "a", "-", "a-", "-a", "a.b", "a..b", ".a", "a.", "Clan_1-x", "x\n", "\u00e9", "a b", "ab.c-d.e9"]
for n in [1, 2, 61, 62, 63, 64]:
    cases += ["a" * n, "b." + "a" * n, "a" + "-" * max(n - 2, 0) + "a", "a" * n + ".c"]
rng = random.Random(7)
alphabet = list("az09-._AZ\n \u00e9")
for _ in range(1500):
    cases.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(12))))
cases = list(dict.fromkeys(cases))

with tempfile.TemporaryDirectory() as d:
    pathlib.Path(d, "in.json").write_text(json.dumps({"patterns": PATTERNS, "cases": cases}))
    expr = """
      let i = builtins.fromJSON (builtins.readFile ./in.json);
      in map (s: { inherit s; } // builtins.mapAttrs (_: p: builtins.match p s != null) i.patterns) i.cases
    """
    pathlib.Path(d, "e.nix").write_text(expr)
    out = subprocess.run(
        ["nix-instantiate", "--eval", "--strict", "--json", os.path.join(d, "e.nix")],
        env={**os.environ, "NIX_REMOTE": "dummy://"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
results = json.loads(out)
dest = ROOT / "nix-fixtures/strmatching/expected.json"
lines = [json.dumps(c, ensure_ascii=False, sort_keys=True) for c in results]
dest.write_text(
    '{"patterns": ' + json.dumps(PATTERNS) + ',\n"cases": [\n' + ",\n".join(lines) + "\n]}\n"
)
print(f"{dest}: {len(results)} strings, {sum(c['domain'] for c in results)} domains accepted")
