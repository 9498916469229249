#!/usr/bin/env bash
# Benchmark of SPEC §6, side by side in one run: clan-inv vs the oracle
# (clan-core's own Nix code on real Nix) vs a bare rnix parse of the same
# files, on generated clans (scripts/gen-clan.py, seed 1) of
#   10 machines × 5 instances        (a typical clan)
#   1,000 machines × 200 instances
#   10,000 machines × 2,000 instances
#
# Usage: scripts/bench.sh [--quick] [--no-build] [--no-oracle] [--instructions]
#                         [--oracle-timeout SECONDS] [--out DIR]
#
#   --quick           only 10×5 and 1,000×200, fewer runs, one oracle run each
#   --instructions    also count the instructions of (a) and (c) with valgrind's
#                     callgrind (all threads): a figure the load of a shared host
#                     does not move, where wall times on it may vary by 30 %
#                     (a local check in well under a minute)
#   --no-build        use the existing target/release binaries
#   --no-oracle       skip the oracle columns
#   --oracle-timeout  give up on one oracle run after this long (default 120 s);
#                     a size whose oracle run times out is reported as skipped
#   --out DIR         work directory (default target/bench): generated clans
#                     (kept and reused while gen-clan.py is unchanged), outputs,
#                     hyperfine JSON, and the final table in DIR/report.txt
#
# For each size it measures, one after the other:
#   (a) clan-inv --dir D instances --json   (falls back to `inventory --json`,
#       and says so, while the `instances` command does not exist)
#   (b) clan-inv --dir D inventory --json
#   (c) rnix-parse D   (src/bin/rnix-parse.rs: every .nix file clan-inv reads,
#       i.e. all of D except the oracle/ copy and machines/*/configuration.nix)
#   (d) ~/.cache/clan-oracle/run.sh --compact D/oracle   (full oracle: settings
#       and every membership forced, as clan-cli does)
# and, on the typical clan only, the other queries (`machines`, `tags`,
# `members <first instance>`, `machine <first machine>`) for the 10 ms target.
# Wall time: median of several runs with hyperfine (shell=none, warm cache;
# the number of runs adapts to the duration so every command costs ~10 s at
# most), else a Python timing loop. Peak RSS: ru_maxrss of one separate run
# (wait4; for the oracle this includes nix-instantiate, its child).
# It also checks that clan-inv's `inventory` equals the oracle's `inventory`
# object (a benchmark of wrong answers is worthless), then prints a table,
# the ratios clan-inv/parse and oracle/clan-inv, and each SPEC target with
# PASS/FAIL. Nothing here is a test: the exit code is 0 unless the script
# itself fails (missing tools, build error) or a clan-inv / rnix-parse run
# exits with a code other than 0 or 3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quick=0
instr=0
build=1
oracle=1
oracle_timeout=120
out="$ROOT/target/bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --instructions) instr=1; shift ;;
    --no-build) build=0; shift ;;
    --no-oracle) oracle=0; shift ;;
    --oracle-timeout) oracle_timeout="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,44p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

ORACLE="${CLAN_ORACLE:-$HOME/.cache/clan-oracle/run.sh}"
if [ "$oracle" = 1 ] && [ ! -x "$ORACLE" ]; then
  echo "bench.sh: oracle not found at $ORACLE (see shared/oracle/README.md); running without it" >&2
  oracle=0
fi
if [ "$oracle" = 1 ] && ! command -v nix-instantiate >/dev/null; then
  echo "bench.sh: nix-instantiate not found; running without the oracle" >&2
  oracle=0
fi

if [ "$build" = 1 ]; then
  (cd "$ROOT" && cargo build --release --bins --quiet) >&2 || { echo "bench.sh: build failed" >&2; exit 2; }
fi
for b in clan-inv rnix-parse; do
  [ -x "$ROOT/target/release/$b" ] || { echo "bench.sh: missing target/release/$b (run without --no-build)" >&2; exit 2; }
done

if [ "$quick" = 1 ]; then
  sizes="10:5 1000:200"
else
  sizes="10:5 1000:200 10000:2000"
fi

mkdir -p "$out/clans"
gen_sum="$(sha256sum "$ROOT/scripts/gen-clan.py" | cut -c1-16)"
for s in $sizes; do
  n="${s%%:*}"; m="${s##*:}"
  d="$out/clans/$n-$m-s1"
  if [ ! -f "$d/.gen-$gen_sum" ]; then
    rm -rf "$d"
    python3 "$ROOT/scripts/gen-clan.py" "$n" "$m" "$d" --seed 1 >&2
    touch "$d/.gen-$gen_sum"
  fi
done

export BENCH_ROOT="$ROOT" BENCH_OUT="$out" BENCH_SIZES="$sizes" BENCH_QUICK="$quick" BENCH_INSTR="$instr" \
  BENCH_ORACLE="$oracle" BENCH_ORACLE_CMD="$ORACLE" BENCH_ORACLE_TIMEOUT="$oracle_timeout"
exec python3 - <<'PY'
import json, os, re, resource, shutil, signal, subprocess, sys, time

ROOT = os.environ["BENCH_ROOT"]
OUT = os.environ["BENCH_OUT"]
SIZES = [tuple(int(x) for x in s.split(":")) for s in os.environ["BENCH_SIZES"].split()]
QUICK = os.environ["BENCH_QUICK"] == "1"
INSTR = os.environ["BENCH_INSTR"] == "1" and shutil.which("valgrind") is not None
ORACLE = os.environ["BENCH_ORACLE"] == "1"
ORACLE_CMD = os.environ["BENCH_ORACLE_CMD"]
ORACLE_TIMEOUT = float(os.environ["BENCH_ORACLE_TIMEOUT"])
CLAN_INV = os.path.join(ROOT, "target/release/clan-inv")
PARSE = os.path.join(ROOT, "target/release/rnix-parse")
HYPERFINE = shutil.which("hyperfine")
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
BUDGET = 4.0 if QUICK else 10.0        # seconds of timed runs per command
MAX_RUNS = 10 if QUICK else 30
notes = []


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def limit_memory():
    # The oracle on a huge clan can eat all memory before the timeout: cap it.
    resource.setrlimit(resource.RLIMIT_AS, (16 << 30, 16 << 30))


def run_once(cmd, stdout_path, timeout=None, cap=False):
    """One run: (wall seconds, peak RSS in KB, exit code, first stderr line); None on timeout."""
    # ru_maxrss of a child forked from this Python process would count
    # Python's own pages (the high-water mark survives exec): measure through
    # /usr/bin/time, whose own footprint is ~2 MB, when it exists.
    rss_file = stdout_path + ".rss"
    if TIME:
        cmd = [TIME, "-f", "%M", "-o", rss_file] + cmd
    with open(stdout_path, "wb") as so, open(stdout_path + ".err", "wb") as se:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=so, stderr=se, start_new_session=True,
                             preexec_fn=limit_memory if cap else None)
        deadline = None if timeout is None else t0 + timeout
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                os.killpg(p.pid, signal.SIGKILL)
                os.wait4(p.pid, 0)
                return None
            time.sleep(0.0005)
        wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    rss = ru.ru_maxrss
    if TIME:
        try:
            rss = int(open(rss_file).read().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
        if code != 0:   # /usr/bin/time passes the exit code on, but reports signals as text
            with open(rss_file) as f:
                txt = f.read()
            if "signal" in txt:
                code = -1
    with open(stdout_path + ".err", errors="replace") as f:
        first = next((l.rstrip() for l in f if l.strip() and not l.startswith("trace:")), "")
    return wall, rss, code, first


def time_runs(name, cmd, probe):
    """Median/min/max wall seconds over several runs (count adapted to the probe time)."""
    runs = int(max(3, min(MAX_RUNS, BUDGET / max(probe, 1e-4))))
    warmup = 2 if probe < 1 else 0
    if HYPERFINE:
        js = os.path.join(OUT, "hf-%s.json" % name)
        subprocess.run([HYPERFINE, "-N", "-i", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
                        "--export-json", js, subprocess.list2cmdline(cmd)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = json.load(open(js))["results"][0]
        ts = sorted(r["times"])
        return r["median"], ts[0], ts[-1], len(ts)
    ts = []
    for _ in range(warmup):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2] if len(ts) % 2 else (ts[len(ts) // 2 - 1] + ts[len(ts) // 2]) / 2, ts[0], ts[-1], len(ts)


def instructions(cmd):
    """Instructions executed by cmd and all its threads (valgrind callgrind)."""
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"refs:\s+([\d,]+)", p.stderr)
    return int(m.group(1).replace(",", "")) if m else None


def has_command(sub):
    r = subprocess.run([CLAN_INV, sub, "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


have_instances = has_command("instances")
if not have_instances:
    notes.append("`clan-inv instances` does not exist yet: (a) runs `inventory --json` instead")
extra_queries = [q for q in ("machines", "tags") if has_command(q)]

results = {}   # (size, key) -> dict
for (n, m) in SIZES:
    d = os.path.join(OUT, "clans", "%d-%d-s1" % (n, m))
    od = os.path.join(OUT, "out", "%d-%d" % (n, m))
    os.makedirs(od, exist_ok=True)
    cmds = [
        ("instances", [CLAN_INV, "--dir", d, "instances" if have_instances else "inventory", "--json"]),
        ("inventory", [CLAN_INV, "--dir", d, "inventory", "--json"]),
        ("parse", [PARSE, "--exclude", "oracle", "--exclude", "machines", d]),
    ]
    if n <= 25:
        cmds += [(q, [CLAN_INV, "--dir", d, q, "--json"]) for q in extra_queries]
        # `members` and `machine` take a name: the first instance / machine.
        inv = subprocess.run([CLAN_INV, "--dir", d, "inventory", "--json"], capture_output=True, text=True).stdout
        try:
            inv = json.loads(inv)
            if has_command("members") and inv.get("instances"):
                cmds.append(("members", [CLAN_INV, "--dir", d, "members", sorted(inv["instances"])[0], "--json"]))
            if has_command("machine") and inv.get("machines"):
                cmds.append(("machine", [CLAN_INV, "--dir", d, "machine", sorted(inv["machines"])[0], "--json"]))
        except ValueError:
            notes.append("%dx%d: `inventory --json` printed no JSON; members/machine not timed" % (n, m))
    if ORACLE:
        cmds.append(("oracle", [ORACLE_CMD, "--compact", os.path.join(d, "oracle")]))
    for key, cmd in cmds:
        tag = "%d-%d-%s" % (n, m, key)
        log("== %dx%d %s" % (n, m, key))
        to = ORACLE_TIMEOUT if key == "oracle" else 600
        probe = run_once(cmd, os.path.join(od, key + ".out"), timeout=to, cap=(key == "oracle"))
        if probe is None:
            results[(n, key)] = {"skipped": "run exceeded %.0f s" % to}
            notes.append("%s at %d machines: skipped, one run took more than %.0f s" % (key, n, to))
            continue
        wall, rss, code, first = probe
        r = {"rss_mb": rss / 1024, "exit": code, "first": first, "probe": wall}
        if code not in (0, 3):
            notes.append("%s at %d machines exited %d: %s" % (key, n, code, first))
        if key == "oracle" and (QUICK or wall > 20):
            r.update(median=wall, min=wall, max=wall, runs=1)
        else:
            r["median"], r["min"], r["max"], r["runs"] = time_runs(tag, cmd, wall)
        results[(n, key)] = r

    if INSTR:
        for key, cmd in cmds:
            if key in ("instances", "parse") and "median" in results.get((n, key), {}):
                log("== %dx%d %s (callgrind)" % (n, m, key))
                results[(n, key)]["ir"] = instructions(cmd)

    # Correctness: clan-inv's inventory vs the oracle's.
    if ORACLE and "median" in results.get((n, "oracle"), {}) and results[(n, "oracle")]["exit"] == 0:
        try:
            o = json.load(open(os.path.join(od, "oracle.out")))["inventory"]
            i = json.load(open(os.path.join(od, "inventory.out")))
            results[(n, "agree")] = (o == i)
            if o != i:
                bad = [k for k in sorted(set(o) | set(i)) if o.get(k) != i.get(k)]
                notes.append("%d machines: clan-inv inventory DIFFERS from the oracle in %s" % (n, bad))
        except Exception as e:  # noqa: BLE001 - report, do not die
            notes.append("%d machines: cannot compare with the oracle: %s" % (n, e))


def ms(x):
    return "%.1f" % (x * 1000) if x < 10 else "%.0f" % (x * 1000)


lines = []
P = lines.append
P("clan-inv benchmark (SPEC §6)  host: %d cores, %s" % (os.cpu_count(), "hyperfine" if HYPERFINE else "python loop"))
P("")
P("%-12s %-11s %10s %10s %10s %5s %9s %5s" % ("size", "command", "median ms", "min ms", "max ms", "runs", "RSS MB", "exit"))
for (n, m) in SIZES:
    for key in ("instances", "inventory", "machines", "tags", "members", "machine", "parse", "oracle"):
        r = results.get((n, key))
        if r is None:
            continue
        size = "%dx%d" % (n, m)
        if "skipped" in r:
            P("%-12s %-11s %s" % (size, key, "skipped: " + r["skipped"]))
            continue
        P("%-12s %-11s %10s %10s %10s %5d %9.1f %5d" % (size, key, ms(r["median"]), ms(r["min"]), ms(r["max"]),
                                                     r["runs"], r["rss_mb"], r["exit"]))
    P("")

if INSTR:
    P("instructions (valgrind --tool=callgrind, all threads; not load-sensitive)")
    P("%-12s %16s %16s %10s" % ("size", "instances", "parse", "ratio"))
    for (n, m) in SIZES:
        a, b = results.get((n, "instances"), {}).get("ir"), results.get((n, "parse"), {}).get("ir")
        if a and b:
            P("%-12s %16s %16s %9.1fx" % ("%dx%d" % (n, m), "{:,}".format(a), "{:,}".format(b), a / b))
    P("")

P("ratios (medians)")
P("%-12s %18s %18s %18s %18s" % ("size", "instances/parse", "inventory/parse", "oracle/instances", "oracle/inventory"))
for (n, m) in SIZES:
    def rat(a, b):
        ra, rb = results.get((n, a), {}), results.get((n, b), {})
        if "median" in ra and "median" in rb:
            return "%.1fx" % (ra["median"] / rb["median"])
        return "-"
    P("%-12s %18s %18s %18s %18s" % ("%dx%d" % (n, m), rat("instances", "parse"), rat("inventory", "parse"),
                                     rat("oracle", "instances"), rat("oracle", "inventory")))
P("")

targets = []


def target(desc, ok, detail):
    targets.append(("n/a" if ok is None else "PASS" if ok else "FAIL", desc, detail))


def med(n, k):
    return results.get((n, k), {}).get("median")


typ = SIZES[0][0]
qs = [k for k in ("instances", "inventory", "machines", "tags", "members", "machine") if med(typ, k) is not None]
worst = max((med(typ, k), k) for k in qs) if qs else None
target("typical clan (%dx%d): every query < 10 ms incl. process start" % SIZES[0],
       None if worst is None else worst[0] < 0.010,
       "slowest median: %s %s ms (its min %s ms)" % (worst[1], ms(worst[0]), ms(results[(typ, worst[1])]["min"]))
       if worst else "")
big = [s for s in SIZES if s[0] == 10000]
if big:
    r = results.get((10000, "instances"), {})
    t = r.get("median")
    target("10000x2000: instances --json < 200 ms", None if t is None else t < 0.2,
           "%s ms" % ms(t) if t is not None else "")
    target("10000x2000: instances --json < 200 MB peak", None if t is None else r["rss_mb"] < 200,
           "%.1f MB" % r["rss_mb"] if t is not None else "")
    a, b = med(1000, "instances"), med(10000, "instances")
    target("time grows linearly (10x machines: <= 15x time)", None if not (a and b) else b / a <= 15,
           "1000->10000: %.1fx" % (b / a) if a and b else "")
a, o = med(1000, "instances"), med(1000, "oracle")
target(">= 100x faster than the oracle at 1000 machines", None if not (a and o) else o / a >= 100,
       "%.1fx" % (o / a) if a and o else "oracle not run")
worst = None
for (n, m) in SIZES:
    p = med(n, "parse")
    for k in ("instances", "inventory"):
        t = med(n, k)
        if p and t and (worst is None or t / p > worst[0]):
            worst = (t / p, "%s at %dx%d" % (k, n, m))
target("whole pipeline <= 3x the bare rnix parse (every size)", None if worst is None else worst[0] <= 3,
       "worst: %.1fx (%s)" % worst if worst else "")
agree = [results[(n, "agree")] for (n, _) in SIZES if (n, "agree") in results]
target("clan-inv inventory == oracle inventory (not a SPEC §6 target)", None if not agree else all(agree),
       "%d of %d sizes compared" % (len(agree), len(SIZES)))

P("SPEC §6 targets")
for st, desc, detail in targets:
    P("  %-4s  %-62s %s" % (st, desc, detail))
if notes:
    P("")
    P("notes")
    for x in notes:
        P("  - " + x)
report = "\n".join(lines) + "\n"
open(os.path.join(OUT, "report.txt"), "w").write(report)
print(report, end="")
crashed = [k for k, r in results.items() if isinstance(r, dict) and k[1] != "oracle" and r.get("exit", 0) not in (0, 3)]
sys.exit(1 if crashed else 0)
PY
