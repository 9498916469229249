//! Property test against real Nix: random expressions in the subset the
//! evaluator supports are evaluated by
//! `NIX_REMOTE=dummy:// nix-instantiate --eval --strict --json` and by
//! `clan_inv::eval_file_report`; both must succeed with the same stdout, or
//! both fail with an error of the same kind.
//!
//! - `CLAN_INV_PROPTEST_CASES` (default 150): number of expressions.
//! - `CLAN_INV_PROPTEST_SEED` (default fixed): base seed; every failure
//!   prints the seed of its case, and `CLAN_INV_PROPTEST_CASE_SEED=<seed>`
//!   runs that one case alone.
//! - Without `nix-instantiate` on PATH the test prints a notice and passes,
//!   unless `CI` is set, then it fails.
//!
//! The generator avoids integer overflow (products only by literals 0..=3,
//! small leaves) and floats, where Nix 2.8 differs from current Nix.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use common::{error_kind, error_message, same_error};

const DEFAULT_SEED: u64 = 0x00c1_a41e_5eed_2024;
const THREADS: usize = 2;

// ---------------------------------------------------------------- PRNG

/// SplitMix64: small, fast, and good enough for test generation.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

fn case_seed(base: u64, i: u64) -> u64 {
    let mut r = Rng(base ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
    r.next()
}

// ----------------------------------------------------------- generator

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Int,
    Bool,
    Str,
    ListInt,
    ListStr,
    /// An attribute set whose values are ints.
    Attrs,
}

const ALL_TYS: [Ty; 6] = [Ty::Int, Ty::Bool, Ty::Str, Ty::ListInt, Ty::ListStr, Ty::Attrs];
const NAMES: [&str; 4] = ["a", "b", "c", "d"];

struct Gen {
    rng: Rng,
    /// Variables in scope: name and type.
    scope: Vec<(String, Ty)>,
    fresh: usize,
}

impl Gen {
    fn new(seed: u64) -> Self {
        Gen { rng: Rng(seed), scope: Vec::new(), fresh: 0 }
    }

    fn fresh_var(&mut self) -> String {
        self.fresh += 1;
        format!("v{}", self.fresh)
    }

    fn var_of(&mut self, ty: Ty) -> Option<String> {
        let vs: Vec<String> = self.scope.iter().filter(|(_, t)| *t == ty).map(|(n, _)| n.clone()).collect();
        if vs.is_empty() { None } else { Some(self.rng.pick(&vs).clone()) }
    }

    /// Generate an expression of type `ty` (usually; a few percent are
    /// deliberately of another type, to provoke type errors).
    fn expr(&mut self, ty: Ty, depth: u32) -> String {
        if depth > 0 && self.rng.chance(3) {
            let other = *self.rng.pick(&ALL_TYS);
            return self.typed(other, depth - 1);
        }
        self.typed(ty, depth)
    }

    fn typed(&mut self, ty: Ty, depth: u32) -> String {
        // Variables, let, if and application work at every type.
        if !self.scope.is_empty()
            && self.rng.chance(20)
            && let Some(v) = self.var_of(ty)
        {
            return v;
        }
        if depth > 0 {
            match self.rng.below(14) {
                0 => return self.let_in(ty, depth),
                1 => {
                    let c = self.expr(Ty::Bool, depth - 1);
                    let t = self.expr(ty, depth - 1);
                    let e = self.expr(ty, depth - 1);
                    return format!("(if {c} then {t} else {e})");
                }
                2 => return self.apply_lambda(ty, depth),
                3 if self.rng.chance(30) => {
                    // selecting from a set literal
                    let v = self.expr(ty, depth - 1);
                    let n = self.rng.pick(&NAMES).to_string();
                    return format!("({{ {n} = {v}; }}.{n})");
                }
                4 if self.rng.chance(15) => {
                    let c = self.expr(Ty::Bool, depth - 1);
                    let b = self.expr(ty, depth - 1);
                    return format!("(assert {c}; {b})");
                }
                _ => {}
            }
        }
        match ty {
            Ty::Int => self.int(depth),
            Ty::Bool => self.bool(depth),
            Ty::Str => self.str(depth),
            Ty::ListInt => self.list(Ty::Int, depth),
            Ty::ListStr => self.list(Ty::Str, depth),
            Ty::Attrs => self.attrs(depth),
        }
    }

    fn let_in(&mut self, ty: Ty, depth: u32) -> String {
        let n = 1 + self.rng.below(2) as usize;
        let mut binds = String::new();
        let mut added = Vec::new();
        for _ in 0..n {
            let bt = *self.rng.pick(&ALL_TYS);
            let name = self.fresh_var();
            let val = self.expr(bt, depth - 1);
            write!(binds, "{name} = {val}; ").unwrap();
            added.push((name, bt));
        }
        let len = self.scope.len();
        self.scope.extend(added);
        let body = self.expr(ty, depth - 1);
        self.scope.truncate(len);
        format!("(let {binds}in {body})")
    }

    fn apply_lambda(&mut self, ty: Ty, depth: u32) -> String {
        let at = *self.rng.pick(&ALL_TYS);
        let name = self.fresh_var();
        let arg = self.expr(at, depth - 1);
        self.scope.push((name.clone(), at));
        let body = self.expr(ty, depth - 1);
        self.scope.pop();
        if self.rng.chance(30) {
            // a set pattern with a default
            let def = self.expr(at, depth - 1);
            let give = self.rng.chance(50);
            let call_arg = if give { format!("{{ {name} = {arg}; }}") } else { "{ }".into() };
            return format!("(({{ {name} ? {def} }}: {body}) {call_arg})");
        }
        format!("(({name}: {body}) {arg})")
    }

    fn lambda1(&mut self, arg_ty: Ty, body_ty: Ty, depth: u32) -> String {
        let name = self.fresh_var();
        self.scope.push((name.clone(), arg_ty));
        let body = self.expr(body_ty, depth);
        self.scope.pop();
        format!("({name}: {body})")
    }

    fn int_lit(&mut self) -> String {
        let v = self.rng.range(-5, 20);
        if v < 0 { format!("({v})") } else { v.to_string() }
    }

    fn int(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.int_lit();
        }
        let d = depth - 1;
        match self.rng.below(13) {
            0 | 1 => self.int_lit(),
            2 => {
                let a = self.expr(Ty::Int, d);
                let b = self.expr(Ty::Int, d);
                format!("({a} + {b})")
            }
            3 => {
                let a = self.expr(Ty::Int, d);
                let b = self.expr(Ty::Int, d);
                format!("({a} - {b})")
            }
            4 => {
                // products only by a small literal: no overflow
                let a = self.expr(Ty::Int, d);
                let k = self.rng.range(0, 3);
                if self.rng.chance(50) { format!("({a} * {k})") } else { format!("({k} * {a})") }
            }
            5 => {
                let a = self.expr(Ty::Int, d);
                let b = self.expr(Ty::Int, d);
                format!("({a} / {b})")
            }
            6 => {
                let l = self.expr(Ty::ListInt, d);
                format!("(builtins.length {l})")
            }
            7 => {
                let s = self.expr(Ty::Str, d);
                format!("(builtins.stringLength {s})")
            }
            8 => {
                let f = self.lambda2_sum(d);
                let init = self.expr(Ty::Int, d);
                let l = self.expr(Ty::ListInt, d);
                format!("(builtins.foldl' {f} {init} {l})")
            }
            9 => {
                let l = self.expr(Ty::ListInt, d);
                if self.rng.chance(50) {
                    format!("(builtins.head {l})")
                } else {
                    let i = self.rng.range(0, 3);
                    format!("(builtins.elemAt {l} {i})")
                }
            }
            10 => {
                let s = self.expr(Ty::Attrs, d);
                let n = self.rng.pick(&NAMES);
                if self.rng.chance(70) {
                    let def = self.expr(Ty::Int, d);
                    format!("(({s}).{n} or {def})")
                } else {
                    format!("({s}).{n}")
                }
            }
            11 => {
                let a = self.expr(Ty::Int, d);
                format!("(-{a})")
            }
            _ => {
                let s = self.expr(Ty::Attrs, d);
                let n = self.rng.pick(&NAMES);
                format!("(with {s}; {n})")
            }
        }
    }

    /// `acc: x: <int>` for foldl'.
    fn lambda2_sum(&mut self, depth: u32) -> String {
        let acc = self.fresh_var();
        let x = self.fresh_var();
        self.scope.push((acc.clone(), Ty::Int));
        self.scope.push((x.clone(), Ty::Int));
        let body = if self.rng.chance(50) { format!("{acc} + {x}") } else { self.expr(Ty::Int, depth.min(1)) };
        self.scope.truncate(self.scope.len() - 2);
        format!("({acc}: {x}: {body})")
    }

    fn bool(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.rng.pick(&["true", "false"]).to_string();
        }
        let d = depth - 1;
        match self.rng.below(12) {
            0 => self.rng.pick(&["true", "false"]).to_string(),
            1 => {
                let a = self.expr(Ty::Int, d);
                let b = self.expr(Ty::Int, d);
                let op = self.rng.pick(&["<", "<=", ">", ">="]);
                format!("({a} {op} {b})")
            }
            2 => {
                let t = *self.rng.pick(&ALL_TYS);
                let a = self.expr(t, d);
                let b = self.expr(t, d);
                let op = self.rng.pick(&["==", "!="]);
                format!("({a} {op} {b})")
            }
            3 => {
                let a = self.expr(Ty::Bool, d);
                format!("(!{a})")
            }
            4 => {
                let a = self.expr(Ty::Bool, d);
                let b = self.expr(Ty::Bool, d);
                let op = self.rng.pick(&["&&", "||", "->"]);
                format!("({a} {op} {b})")
            }
            5 => {
                let x = self.expr(Ty::Int, d);
                let l = self.expr(Ty::ListInt, d);
                format!("(builtins.elem {x} {l})")
            }
            6 => {
                let s = self.expr(Ty::Attrs, d);
                let n = self.rng.pick(&NAMES);
                if self.rng.chance(50) { format!("(({s}) ? {n})") } else { format!("(builtins.hasAttr \"{n}\" {s})") }
            }
            7 => {
                let f = self.lambda1(Ty::Int, Ty::Bool, d);
                let l = self.expr(Ty::ListInt, d);
                let which = self.rng.pick(&["any", "all"]);
                format!("(builtins.{which} {f} {l})")
            }
            8 => {
                let a = self.expr(Ty::Str, d);
                let b = self.expr(Ty::Str, d);
                format!("({a} < {b})")
            }
            9 => {
                let t = *self.rng.pick(&ALL_TYS);
                let x = self.expr(t, d);
                let p = self.rng.pick(&["isInt", "isString", "isList", "isAttrs", "isBool"]);
                format!("(builtins.{p} {x})")
            }
            _ => {
                let a = self.expr(Ty::ListInt, d);
                let b = self.expr(Ty::ListInt, d);
                format!("({a} == {b})")
            }
        }
    }

    fn str_lit(&mut self) -> String {
        let pieces = ["a", "b", "xy", " ", "-", "_", "\\n", "\\\"", "\\\\", "\\$", "é", "$"];
        let n = self.rng.below(4);
        let mut s = String::from("\"");
        for _ in 0..n {
            let p = self.rng.pick(&pieces);
            s.push_str(p);
        }
        s.push('"');
        s
    }

    fn str(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.str_lit();
        }
        let d = depth - 1;
        match self.rng.below(9) {
            0 | 1 => self.str_lit(),
            2 => {
                let a = self.expr(Ty::Str, d);
                let b = self.expr(Ty::Str, d);
                format!("({a} + {b})")
            }
            3 => {
                let a = self.expr(Ty::Str, d);
                format!("\"<${{{a}}}>\"")
            }
            4 => {
                let a = self.expr(Ty::Int, d);
                format!("(toString {a})")
            }
            5 => {
                let sep = self.str_lit();
                let l = self.expr(Ty::ListStr, d);
                format!("(builtins.concatStringsSep {sep} {l})")
            }
            6 => {
                let s = self.expr(Ty::Str, d);
                let start = self.rng.range(-1, 3);
                let len = self.rng.range(-1, 3);
                let start = if start < 0 { format!("({start})") } else { start.to_string() };
                let len = if len < 0 { format!("({len})") } else { len.to_string() };
                format!("(builtins.substring {start} {len} {s})")
            }
            7 => {
                let s = self.expr(Ty::Str, d);
                format!("(builtins.replaceStrings [ \"a\" \"b\" ] [ \"B\" \"\" ] {s})")
            }
            _ => {
                let t = *self.rng.pick(&ALL_TYS);
                let x = self.expr(t, d);
                format!("(builtins.typeOf {x})")
            }
        }
    }

    fn list(&mut self, elem: Ty, depth: u32) -> String {
        let lty = if elem == Ty::Int { Ty::ListInt } else { Ty::ListStr };
        let n = self.rng.below(4);
        let lit = |g: &mut Gen, depth: u32| {
            let mut s = String::from("[ ");
            for _ in 0..n {
                let e = g.expr(elem, depth.saturating_sub(1));
                s.push_str(&e);
                s.push(' ');
            }
            s.push(']');
            s
        };
        if depth == 0 {
            return lit(self, 0);
        }
        let d = depth - 1;
        match (elem, self.rng.below(8)) {
            (_, 0 | 1) => lit(self, depth),
            (_, 2) => {
                let a = self.expr(lty, d);
                let b = self.expr(lty, d);
                format!("({a} ++ {b})")
            }
            (_, 3) => {
                let f = self.lambda1(elem, Ty::Bool, d);
                let l = self.expr(lty, d);
                format!("(builtins.filter {f} {l})")
            }
            (_, 4) => {
                let f = self.lambda1(elem, elem, d);
                let l = self.expr(lty, d);
                format!("(map {f} {l})")
            }
            (_, 5) => {
                let l = self.expr(lty, d);
                format!("(builtins.tail {l})")
            }
            (Ty::Int, 6) => {
                let s = self.expr(Ty::Attrs, d);
                format!("(builtins.attrValues {s})")
            }
            (Ty::Int, _) => {
                let l = self.expr(Ty::ListInt, d);
                if self.rng.chance(50) {
                    format!("(builtins.sort builtins.lessThan {l})")
                } else {
                    let k = self.rng.range(0, 4);
                    let f = self.lambda1(Ty::Int, Ty::Int, d);
                    format!("(builtins.genList {f} {k})")
                }
            }
            (_, _) => {
                let s = self.expr(Ty::Attrs, d);
                format!("(builtins.attrNames {s})")
            }
        }
    }

    fn attrs(&mut self, depth: u32) -> String {
        let lit = |g: &mut Gen, depth: u32| {
            let mut s = String::from("{ ");
            for n in NAMES {
                if g.rng.chance(50) {
                    let v = g.expr(Ty::Int, depth.saturating_sub(1));
                    write!(s, "{n} = {v}; ").unwrap();
                }
            }
            s.push('}');
            s
        };
        if depth == 0 {
            return lit(self, 0);
        }
        let d = depth - 1;
        match self.rng.below(7) {
            0 | 1 => lit(self, depth),
            2 => {
                let a = self.expr(Ty::Attrs, d);
                let b = self.expr(Ty::Attrs, d);
                format!("({a} // {b})")
            }
            3 => {
                let a = self.expr(Ty::Int, d);
                format!("(rec {{ a = {a}; b = a + 1; }})")
            }
            4 => {
                let n = self.fresh_var();
                let v = self.fresh_var();
                self.scope.push((v.clone(), Ty::Int));
                let body = self.expr(Ty::Int, d.min(1));
                self.scope.pop();
                let s = self.expr(Ty::Attrs, d);
                format!("(builtins.mapAttrs ({n}: {v}: {body}) {s})")
            }
            5 => {
                let s = self.expr(Ty::Attrs, d);
                let n = self.rng.pick(&NAMES);
                format!("(builtins.removeAttrs {s} [ \"{n}\" ])")
            }
            _ => {
                let l = self.expr(Ty::ListStr, d);
                let v = self.expr(Ty::Int, d);
                format!("(builtins.listToAttrs (map (n: {{ name = n; value = {v}; }}) {l}))")
            }
        }
    }
}

fn generate(seed: u64) -> String {
    let mut g = Gen::new(seed);
    let ty = *g.rng.pick(&ALL_TYS);
    let depth = 2 + g.rng.below(3) as u32;
    g.expr(ty, depth)
}

// -------------------------------------------------------------- running

fn nix_available() -> bool {
    Command::new("nix-instantiate").arg("--version").output().map(|o| o.status.success()).unwrap_or(false)
}

struct NixResult {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run_nix(file: &Path) -> NixResult {
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json"])
        .arg(file)
        .env("NIX_REMOTE", "dummy://")
        .env("NIX_PATH", "")
        .env("TERM", "dumb")
        .output()
        .expect("run nix-instantiate");
    let mut stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    // Nix 2.8 prints no final newline; current Nix and clan-inv do.
    if out.status.success() && !stdout.ends_with('\n') {
        stdout.push('\n');
    }
    NixResult { ok: out.status.success(), stdout, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

/// `None` when the evaluator agrees with Nix, else a description.
fn compare(dir: &Path, index: u64, seed: u64, expr: &str) -> Option<String> {
    let file = dir.join(format!("case-{index}.nix"));
    std::fs::write(&file, format!("{expr}\n")).expect("write case file");
    let nix = run_nix(&file);
    let ours = std::panic::catch_unwind(|| clan_inv::eval_file_report(&file, None));
    let _ = std::fs::remove_file(&file);
    let ours = match ours {
        Ok(r) => r,
        Err(_) => return Some("clan-inv panicked".into()),
    };
    let nix_err = error_message(&nix.stderr).unwrap_or_default();
    let our_err = error_message(&ours.stderr).unwrap_or_default();
    let verdict = if nix.ok {
        // Nix strings are bytes; where an operation splits a UTF-8 character
        // clan-inv answers "unknown" (exit 3) instead of guessing. That is an
        // explicit answer, not a disagreement.
        if ours.exit_code == 3 && ours.stderr.contains("not valid UTF-8") {
            None
        } else if ours.exit_code != 0 {
            Some(format!(
                "nix: {}      clan-inv: exit {}: {}",
                nix.stdout,
                ours.exit_code,
                ours.stderr.lines().next().unwrap_or("")
            ))
        } else if ours.stdout != nix.stdout {
            Some(format!("nix:      {}      clan-inv: {}", nix.stdout, ours.stdout))
        } else {
            None
        }
    } else if ours.exit_code != 1 {
        Some(format!(
            "nix: error [{}] {}\n      clan-inv: exit {} {}",
            error_kind(&nix_err),
            nix_err,
            ours.exit_code,
            ours.stdout.trim_end()
        ))
    } else if !same_error(&nix_err, &our_err) {
        Some(format!(
            "nix: error [{}] {}\n      clan-inv: error [{}] {}",
            error_kind(&nix_err),
            nix_err,
            error_kind(&our_err),
            our_err
        ))
    } else {
        None
    };
    verdict.map(|v| format!("case {index} (CLAN_INV_PROPTEST_CASE_SEED={seed}):\n      {expr}\n      {v}"))
}

fn env_u64(name: &str) -> Option<u64> {
    let s = std::env::var(name).ok()?;
    let s = s.trim();
    if let Some(h) = s.strip_prefix("0x") { u64::from_str_radix(h, 16).ok() } else { s.parse().ok() }
}

#[test]
fn generator_is_deterministic() {
    for i in 0..20 {
        let s = case_seed(DEFAULT_SEED, i);
        assert_eq!(generate(s), generate(s));
    }
}

#[test]
fn evaluator_agrees_with_nix_on_random_expressions() {
    if !nix_available() {
        if std::env::var_os("CI").is_some() {
            panic!("nix-instantiate is not on PATH, and CI is set: the property test cannot run");
        }
        eprintln!("nix_property: nix-instantiate not on PATH; skipping (install nix-bin to run it)");
        return;
    }
    let base = env_u64("CLAN_INV_PROPTEST_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_u64("CLAN_INV_PROPTEST_CASES").unwrap_or(150);
    let single = env_u64("CLAN_INV_PROPTEST_CASE_SEED");

    let dir: PathBuf = std::env::temp_dir().join(format!("clan-inv-proptest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");

    let jobs: Vec<(u64, u64)> = match single {
        Some(s) => vec![(0, s)],
        None => (0..cases).map(|i| (i, case_seed(base, i))).collect(),
    };
    let jobs = Arc::new(Mutex::new(jobs.into_iter()));
    let failures = Arc::new(Mutex::new(Vec::<(u64, String)>::new()));
    let mut handles = Vec::new();
    for _ in 0..THREADS {
        let jobs = Arc::clone(&jobs);
        let failures = Arc::clone(&failures);
        let dir = dir.clone();
        handles.push(std::thread::spawn(move || {
            loop {
                let next = jobs.lock().unwrap().next();
                let Some((index, seed)) = next else { break };
                let expr = generate(seed);
                if let Some(f) = compare(&dir, index, seed, &expr) {
                    failures.lock().unwrap().push((index, f));
                }
            }
        }));
    }
    for h in handles {
        h.join().expect("worker thread");
    }
    let _ = std::fs::remove_dir_all(&dir);

    let mut failures = std::mem::take(&mut *failures.lock().unwrap());
    failures.sort_by_key(|(i, _)| *i);
    let total = if single.is_some() { 1 } else { cases };
    let summary = format!(
        "nix property (seed {base:#x}): {} agreed, {} disagreed",
        total as usize - failures.len(),
        failures.len()
    );
    println!("{summary}");
    if !failures.is_empty() {
        let list: Vec<String> = failures.into_iter().map(|(_, f)| format!("  {f}")).collect();
        panic!("{}\n{summary}", list.join("\n"));
    }
}
