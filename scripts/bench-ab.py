#!/usr/bin/env python3
"""Side by side: an earlier clan-inv against the current one, in one run.

    scripts/bench-ab.py REV [--rounds N] [--sizes 10:5,1000:200,10000:2000]
                            [--command "instances --json"] [--no-build]

Builds REV (any git revision) into target/bench-ab/<rev> from a temporary git
worktree, builds the current tree, and runs `clan-inv --dir D COMMAND` on the
generated clans of scripts/bench.sh (scripts/gen-clan.py, seed 1; made here if
missing) with the two binaries and the bare rnix parse *alternating*, round
after round, so that a shared host's changing load falls on all of them
alike. Prints min / p10 / p25 / median wall time per size and binary, and
the ratio of the medians. Not a test: exit code 0 unless a build fails.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build_rev(rev, no_build):
    sha = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", rev], check=True,
                         capture_output=True, text=True).stdout.strip()
    target = os.path.join(ROOT, "target", "bench-ab", sha)
    binary = os.path.join(target, "release", "clan-inv")
    if no_build and os.path.exists(binary):
        return sha, binary
    tree = os.path.join(ROOT, "target", "bench-ab", sha + "-src")
    if not os.path.isdir(tree):
        run(["git", "-C", ROOT, "worktree", "add", "--detach", tree, sha], stdout=subprocess.DEVNULL)
    try:
        run(["cargo", "build", "--release", "--bin", "clan-inv"], cwd=tree,
            env=dict(os.environ, CARGO_TARGET_DIR=target))
    finally:
        run(["git", "-C", ROOT, "worktree", "remove", "--force", tree])
    return sha, binary


def clan(n, m):
    with open(os.path.join(ROOT, "scripts", "gen-clan.py"), "rb") as f:
        gen_sum = hashlib.sha256(f.read()).hexdigest()[:16]
    d = os.path.join(ROOT, "target", "bench", "clans", f"{n}-{m}-s1")
    if not os.path.exists(os.path.join(d, f".gen-{gen_sum}")):
        run(["rm", "-rf", d])
        run([sys.executable, os.path.join(ROOT, "scripts", "gen-clan.py"), str(n), str(m), d, "--seed", "1"],
            stdout=sys.stderr)
        open(os.path.join(d, f".gen-{gen_sum}"), "w").close()
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rev")
    ap.add_argument("--rounds", type=int, default=0, help="rounds per size (default: 100, 40, 20 by size)")
    ap.add_argument("--sizes", default="10:5,1000:200,10000:2000")
    ap.add_argument("--command", default="instances --json")
    ap.add_argument("--no-build", action="store_true", help="reuse built binaries")
    a = ap.parse_args()

    sha, old = build_rev(a.rev, a.no_build)
    if not a.no_build:
        run(["cargo", "build", "--release", "--bin", "clan-inv", "--bin", "rnix-parse"], cwd=ROOT)
    new = os.path.join(ROOT, "target", "release", "clan-inv")
    parse = os.path.join(ROOT, "target", "release", "rnix-parse")
    print(f"{sha} against the current tree, `{a.command}`, alternating rounds")
    for size in a.sizes.split(","):
        n, m = (int(x) for x in size.split(":"))
        d = clan(n, m)
        rounds = a.rounds or (100 if n <= 100 else 40 if n <= 1000 else 20)
        runs = {
            sha: [old, "--dir", d] + a.command.split(),
            "now": [new, "--dir", d] + a.command.split(),
            # What clan-inv reads: the clan without the oracle's copy and
            # the machines' own configurations (as scripts/bench.sh).
            "parse": [parse, "--exclude", "oracle", "--exclude", "machines", d],
        }
        times = {k: [] for k in runs}
        for _ in range(rounds):
            for k, argv in runs.items():
                t = time.perf_counter()
                subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[k].append(time.perf_counter() - t)
        print(f"\n{n}x{m} ({rounds} rounds)        min      p10      p25   median  (ms)")
        for k, v in times.items():
            v.sort()
            q = lambda p: v[int(p * (len(v) - 1))] * 1000
            print(f"  {k:<18} {q(0):8.1f} {q(0.1):8.1f} {q(0.25):8.1f} {q(0.5):8.1f}")
        med = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
        print(f"  now / {sha}: {med['now'] / med[sha]:.2f}")


if __name__ == "__main__":
    main()
