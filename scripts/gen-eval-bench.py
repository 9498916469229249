#!/usr/bin/env python3
"""Generates large Nix files for the evaluator throughput benchmark
(scripts/bench-eval.sh): a wide attribute set of records, a deep let-chain
of arithmetic, list builtins over a generated list, and string building.
Deterministic; stdlib only.

    gen-eval-bench.py OUTDIR [--scale N]
"""
import argparse
import os


def attrs_file(n):
    out = ["let", "  mk = i: { id = i; name = \"m-${toString i}\"; tags = [ \"t${toString (i - (i / 7) * 7)}\" \"all\" ]; };", "in {"]
    for i in range(n):
        out.append(f"  m{i} = mk {i} // {{ deploy.targetHost = \"root@h{i}.example\"; weight = {i % 13}; }};")
    out.append("}")
    return "\n".join(out) + "\n"


def let_chain(n):
    out = ["let", "  x0 = 1;"]
    for i in range(1, n):
        out.append(f"  x{i} = x{i-1} + {i % 7} * 2 - {i % 3};")
    out.append(f"in x{n-1}")
    return "\n".join(out) + "\n"


def list_ops(n):
    return f"""let
  xs = builtins.genList (i: i * 3) {n};
  evens = builtins.filter (x: x / 2 * 2 == x) xs;
  sq = map (x: x * x) evens;
  names = map (x: "n" + toString x) xs;
  set = builtins.listToAttrs (map (n: {{ name = n; value = builtins.stringLength n; }}) names);
in {{
  sum = builtins.foldl' (a: b: a + b) 0 sq;
  count = builtins.length (builtins.attrNames set);
  sorted = builtins.length (builtins.sort (a: b: a > b) evens);
  joined = builtins.stringLength (builtins.concatStringsSep "," names);
}}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--scale", type=int, default=20000)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    files = {
        "attrs.nix": attrs_file(a.scale),
        "let-chain.nix": let_chain(a.scale),
        "list-ops.nix": list_ops(a.scale * 5),
    }
    for name, text in files.items():
        with open(os.path.join(a.outdir, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
