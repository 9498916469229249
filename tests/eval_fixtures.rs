//! Differential corpus: every case under `nix-fixtures/eval/<group>/` (its
//! expectation produced by real Nix through `scripts/eval-fixtures.sh`) and
//! `nix-fixtures/eval-current/<group>/` (expectations written by hand where
//! Nix 2.8 and current Nix differ; see the README there) is evaluated
//! in-process with `clan_inv::eval_file_report`.
//!
//! - `<name>.exp.json`: exit code 0 and stdout byte-identical (with `<ROOT>`
//!   replaced by the repository root).
//! - `<name>.exp.err`: exit code 1 and an error of the same kind
//!   (`common::error_kind`); when the kind of both is unrecognised ("other",
//!   e.g. every `throw`), the messages must be equal. A case whose expected
//!   kind is `stack-overflow` may also end with exit code 3 (an explicit
//!   evaluation bound, `$unknown`), since no evaluator bound can match Nix's
//!   stack size exactly.
//!
//! All cases run; the test fails once at the end listing every failing case.
//! `CLAN_INV_FIXTURE_FILTER=<substring>` restricts the run to matching cases;
//! `CLAN_INV_FIXTURE_TIMEOUT=<seconds>` (default 20) bounds each case.

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use common::{error_kind, error_message, same_error};

const SUITES: &[&str] = &["nix-fixtures/eval", "nix-fixtures/eval-current"];

fn repo_root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// Cases: `<suite>/<group>/<name>.nix`, groups not starting with `_`.
fn collect_cases(root: &Path) -> Vec<PathBuf> {
    let mut cases = Vec::new();
    for suite in SUITES {
        let dir = root.join(suite);
        let Ok(groups) = std::fs::read_dir(&dir) else {
            continue;
        };
        for g in groups.flatten() {
            let gp = g.path();
            let name = g.file_name().to_string_lossy().into_owned();
            if !gp.is_dir() || name.starts_with('_') || name.starts_with('.') {
                continue;
            }
            let Ok(files) = std::fs::read_dir(&gp) else {
                continue;
            };
            for f in files.flatten() {
                let p = f.path();
                if p.is_file() && p.extension().is_some_and(|e| e == "nix") {
                    cases.push(p);
                }
            }
        }
    }
    cases.sort();
    cases
}

/// `<ROOT>` stands for the repository root; inside JSON it sits in a string.
fn json_root(root: &Path) -> String {
    let s = serde_json::to_string(&root.to_string_lossy()).expect("json string");
    s[1..s.len() - 1].to_string()
}

enum Outcome {
    Report(clan_inv::EvalReport),
    Panicked(String),
    TimedOut,
}

fn run_case(path: &Path, timeout: Duration) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    let spawned = std::thread::Builder::new().name(format!("fixture {}", path.display())).spawn(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| clan_inv::eval_file_report(&p, None)));
        let _ = tx.send(match r {
            Ok(rep) => Outcome::Report(rep),
            Err(e) => Outcome::Panicked(
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "non-string panic".into()),
            ),
        });
    });
    if let Err(e) = spawned {
        return Outcome::Panicked(format!("cannot spawn thread: {e}"));
    }
    // On timeout the thread is left behind; the process ends with the test.
    rx.recv_timeout(timeout).unwrap_or(Outcome::TimedOut)
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn check_case(root: &Path, case: &Path, timeout: Duration) -> Result<(), String> {
    let case_s = case.to_string_lossy();
    let stem = case_s.strip_suffix(".nix").unwrap_or(&case_s);
    let exp_json = PathBuf::from(format!("{stem}.exp.json"));
    let exp_err = PathBuf::from(format!("{stem}.exp.err"));
    let root_s = root.to_string_lossy();

    let rep = match run_case(case, timeout) {
        Outcome::Report(r) => r,
        Outcome::Panicked(m) => return Err(format!("evaluator panicked: {m}")),
        Outcome::TimedOut => return Err(format!("no result within {}s", timeout.as_secs())),
    };
    let got_err = error_message(&rep.stderr).unwrap_or_default();

    if exp_json.is_file() {
        let expected = std::fs::read_to_string(&exp_json)
            .map_err(|e| format!("cannot read {}: {e}", exp_json.display()))?
            .replace("<ROOT>", &json_root(root));
        if rep.exit_code != 0 {
            return Err(format!(
                "expected success {}\n      got exit {}: {}",
                expected.trim_end(),
                rep.exit_code,
                first_line(&rep.stderr)
            ));
        }
        if rep.stdout != expected {
            return Err(format!("stdout differs\n      expected: {:?}\n      got:      {:?}", expected, rep.stdout));
        }
        Ok(())
    } else if exp_err.is_file() {
        let expected_stderr = std::fs::read_to_string(&exp_err)
            .map_err(|e| format!("cannot read {}: {e}", exp_err.display()))?
            .replace("<ROOT>", &root_s);
        let exp_msg =
            error_message(&expected_stderr).ok_or_else(|| format!("{} has no `error:` line", exp_err.display()))?;
        let exp_kind = error_kind(&exp_msg);
        let exit_ok = rep.exit_code == 1 || (exp_kind == "stack-overflow" && rep.exit_code == 3);
        if !exit_ok {
            let got = if rep.exit_code == 0 {
                format!("success {}", rep.stdout.trim_end())
            } else {
                format!("exit {}: {}", rep.exit_code, first_line(&rep.stderr))
            };
            return Err(format!("expected error [{exp_kind}] {exp_msg}\n      got {got}"));
        }
        if rep.exit_code == 3 || same_error(&exp_msg, &got_err) {
            Ok(())
        } else {
            Err(format!(
                "error kind differs\n      expected [{}] {}\n      got      [{}] {}",
                exp_kind,
                exp_msg,
                error_kind(&got_err),
                got_err
            ))
        }
    } else {
        Err("no .exp.json or .exp.err beside the case".into())
    }
}

#[test]
fn eval_fixtures() {
    let root = repo_root();
    let filter = std::env::var("CLAN_INV_FIXTURE_FILTER").unwrap_or_default();
    let timeout =
        Duration::from_secs(std::env::var("CLAN_INV_FIXTURE_TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(20));
    let cases: Vec<PathBuf> = collect_cases(&root)
        .into_iter()
        .filter(|c| filter.is_empty() || c.to_string_lossy().contains(&filter))
        .collect();
    assert!(!cases.is_empty() || !filter.is_empty(), "no cases found under {:?} in {}", SUITES, root.display());

    let mut failures = Vec::new();
    let mut passed = 0usize;
    for case in &cases {
        match check_case(&root, case, timeout) {
            Ok(()) => passed += 1,
            Err(why) => {
                let rel = case.strip_prefix(&root).unwrap_or(case);
                failures.push(format!("  {}: {}", rel.display(), why));
            }
        }
    }
    let summary = format!("eval fixtures: {} passed, {} failed", passed, failures.len());
    println!("{summary}");
    if !failures.is_empty() {
        panic!("{}\n{}", failures.join("\n"), summary);
    }
}
