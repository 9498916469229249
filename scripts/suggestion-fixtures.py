#!/usr/bin/env python3
"""Regenerate nix-fixtures/suggestions/expected.json (tests/suggestions.rs):
clan-core's own "did you mean" for machine names, `_suggest_similar_names`
of `pkgs/clan-cli/clan_lib/machines/suggestions.py`, run on fixed cases.

Usage: scripts/suggestion-fixtures.py PATH/TO/clan_lib/machines/suggestions.py

The module is loaded as it is, with its two clan_lib imports stubbed (the
function needs neither).
"""
import importlib.util
import json
import pathlib
import random
import sys
import types

if len(sys.argv) != 2:
    sys.exit(__doc__)
for name in ["clan_lib", "clan_lib.errors", "clan_lib.flake"]:
    sys.modules[name] = types.ModuleType(name)
sys.modules["clan_lib.errors"].ClanError = Exception
sys.modules["clan_lib.flake"].Flake = object
spec = importlib.util.spec_from_file_location("clan_suggestions", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)

random.seed(7)
alphabet = "abcdeJON-_0123\u00c9"
cases = [
    ("jom", ["jon", "sara", "laptop"]),
    ("JON", ["sara", "jonas", "joe", "jon"]),
    ("zzzz", ["b", "a", "c", "d"]),
    ("per", ["peer", "server"]),
    ("x", []),
    ("web-01", ["web-1", "web-02", "Web-01", "db-01", "web01"]),
    ("\u00e9va", ["\u00c9va", "eva", "ava"]),
]
for _ in range(60):
    n = random.randint(0, 12)
    cands = sorted({"".join(random.choice(alphabet) for _ in range(random.randint(1, 8))) for _ in range(n)})
    target = "".join(random.choice(alphabet) for _ in range(random.randint(1, 8)))
    cases.append((target, cands))
out = [{"name": t, "candidates": c, "suggestions": mod._suggest_similar_names(t, c)} for t, c in cases]
dest = pathlib.Path(__file__).resolve().parent.parent / "nix-fixtures" / "suggestions" / "expected.json"
dest.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
print(f"wrote {len(out)} cases")
