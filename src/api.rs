//! The library entry points the CLI and tests call. Each returns what the
//! command prints and its exit code; none of them panics on bad input.

use std::path::{Path, PathBuf};

use crate::eval::json::{PathMode, write_json};
use crate::eval::value::{Thunk, Value};
use crate::eval::{ErrorKind, EvalError, Evaluator};

/// What `clan-inv eval` prints and returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalReport {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// Runs `f` on a thread with a large stack: evaluation of deeply nested
/// input recurses, and the depth bounds are set for this stack.
pub fn run_with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let h = std::thread::Builder::new().stack_size(2 << 30).spawn(f);
    match h {
        Ok(h) => match h.join() {
            Ok(v) => v,
            Err(p) => std::panic::resume_unwind(p),
        },
        Err(_) => panic!("cannot spawn the evaluation thread"),
    }
}

/// The sandbox root of `clan-inv eval FILE`: the nearest ancestor of FILE's
/// directory holding `flake.nix` or `clan.nix`, else FILE's own directory.
pub fn eval_root(file: &Path) -> PathBuf {
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
    let mut d = Some(dir.as_path());
    while let Some(p) = d {
        if p.join("flake.nix").is_file() || p.join("clan.nix").is_file() {
            return p.to_path_buf();
        }
        d = p.parent();
    }
    dir
}

pub fn eval_file_report(path: &Path, attr: Option<&str>) -> EvalReport {
    eval_file_report_in(path, attr, None, true)
}

/// `clan-inv eval FILE [--attr a.b] [--json]` with an optional explicit
/// sandbox root.
pub fn eval_file_report_in(path: &Path, attr: Option<&str>, root: Option<&Path>, json: bool) -> EvalReport {
    let path = path.to_path_buf();
    let attr = attr.map(str::to_string);
    let root = root.map(Path::to_path_buf);
    run_with_big_stack(move || eval_report_inner(&path, attr.as_deref(), root, json))
}

fn error_report(ev: &Evaluator, e: &EvalError, mut stderr: String) -> EvalReport {
    let loc = e.span.map(|s| ev.db.location(s));
    if e.kind == ErrorKind::Limit {
        let mut out = String::new();
        out.push_str("{\"$unknown\":");
        crate::eval::json::escape_json_str(&e.msg, &mut out);
        if let Some(l) = &loc {
            out.push_str(",\"at\":");
            crate::eval::json::escape_json_str(l, &mut out);
        }
        out.push_str("}\n");
        stderr.push_str(&format!("unknown: {}", e.msg));
        if let Some(l) = loc {
            stderr.push_str(&format!(" ({l})"));
        }
        stderr.push('\n');
        return EvalReport { stdout: out, stderr, exit_code: 3 };
    }
    stderr.push_str(&format!("error: {}\n", e.msg));
    if let Some(l) = loc {
        stderr.push_str(&format!("       at {l}\n"));
    }
    EvalReport { stdout: String::new(), stderr, exit_code: 1 }
}

fn eval_report_inner(path: &Path, attr: Option<&str>, root: Option<PathBuf>, json: bool) -> EvalReport {
    let abs = match std::fs::canonicalize(path) {
        Ok(p) => p,
        Err(e) => {
            return EvalReport {
                stdout: String::new(),
                stderr: format!("error: cannot read '{}': {e}\n", path.display()),
                exit_code: 2,
            };
        }
    };
    let root = root.and_then(|r| std::fs::canonicalize(r).ok()).unwrap_or_else(|| eval_root(&abs));
    let mut ev = Evaluator::new(root);
    let r = (|| -> Result<(String, Vec<std::rc::Rc<crate::eval::value::Unknown>>), EvalError> {
        let mut v = ev.import(&abs)?;
        // nix-instantiate calls a top-level function that takes a set.
        if let Value::Lambda(c) = &v
            && let crate::eval::ir::Param::Formals { formals, .. } = &c.def.param
        {
            if let Some((n, _)) = formals.iter().find(|(_, d)| d.is_none()) {
                return Err(EvalError::new(
                    ErrorKind::MissingArg,
                    format!("cannot evaluate a function that has an argument without a value ('{n}')"),
                    Some(c.def.span),
                ));
            }
            v = ev.apply(v.clone(), Thunk::Val(Value::attrs(Default::default())))?;
        }
        if let Some(a) = attr {
            let mut so_far = String::new();
            for part in a.split('.').filter(|s| !s.is_empty()) {
                if !so_far.is_empty() {
                    so_far.push('.');
                }
                so_far.push_str(part);
                v = match &v {
                    Value::Attrs(s) if s.get(part).is_none() && s.partial.is_none() => {
                        return Err(EvalError::new(
                            ErrorKind::MissingAttr,
                            format!("attribute '{part}' in selection path '{so_far}' not found"),
                            None,
                        ));
                    }
                    other => ev.select_one(other, part)?,
                };
            }
        }
        let mut unknowns = Vec::new();
        let mut out = String::new();
        if json {
            write_json(&mut ev, &v, &mut out, &mut unknowns, PathMode::Text)?;
        } else {
            ev.force_deep(&v)?;
            out = crate::eval::print::print_value(&mut ev, &v, usize::MAX)?;
            collect_unknowns(&v, &mut unknowns);
        }
        Ok((out, unknowns))
    })();
    let mut stderr = String::new();
    for t in &ev.traces {
        stderr.push_str(t);
        stderr.push('\n');
    }
    match r {
        Ok((out, unknowns)) => {
            let mut code = 0;
            for u in &unknowns {
                code = 3;
                stderr.push_str(&format!("unknown: {}", u.reason));
                if let Some(s) = u.span {
                    stderr.push_str(&format!(" ({})", ev.db.location(s)));
                }
                stderr.push('\n');
            }
            EvalReport { stdout: out + "\n", stderr, exit_code: code }
        }
        Err(e) => error_report(&ev, &e, stderr),
    }
}

fn collect_unknowns(v: &Value, out: &mut Vec<std::rc::Rc<crate::eval::value::Unknown>>) {
    match v {
        Value::Unknown(u) => out.push(u.clone()),
        Value::List(l) => {
            for t in l.iter() {
                if let Some(x) = t.peek() {
                    collect_unknowns(&x, out);
                }
            }
        }
        Value::Attrs(a) => {
            if let Some(p) = &a.partial {
                out.push(p.unknown.clone());
            }
            for (_, t) in &a.entries {
                if let Some(x) = t.peek() {
                    collect_unknowns(&x, out);
                }
            }
        }
        _ => {}
    }
}

/// What any command prints and returns.
pub type Report = EvalReport;

/// Renders an evaluation error the way clan-inv prints errors.
pub fn render_error(ev: &Evaluator, e: &EvalError) -> String {
    let mut s = format!("error: {}\n", e.msg.replace('\n', "\n       "));
    if let Some(sp) = e.span {
        s.push_str(&format!("       at {}\n", ev.db.location(sp)));
    }
    s
}

/// Resolves the clan directory: `--dir`, else the nearest ancestor of the
/// working directory with flake.nix or clan.nix.
pub fn clan_dir(dir: Option<&Path>) -> Result<PathBuf, Report> {
    let fail = |msg: String| Report { stdout: String::new(), stderr: msg, exit_code: 2 };
    match dir {
        Some(d) => {
            if !d.is_dir() {
                return Err(fail(format!("error: '{}' is not a directory\n", d.display())));
            }
            if !d.join("flake.nix").is_file() && !d.join("clan.nix").is_file() {
                return Err(fail(format!(
                    "error: no clan found: '{}' has neither flake.nix nor clan.nix\n",
                    d.display()
                )));
            }
            Ok(d.to_path_buf())
        }
        None => {
            let cwd = std::env::current_dir()
                .map_err(|e| fail(format!("error: cannot read the working directory: {e}\n")))?;
            crate::inventory::find_clan_dir(&cwd).ok_or_else(|| {
                fail(format!(
                    "error: no clan found: neither '{}' nor any parent holds flake.nix or clan.nix\n",
                    cwd.display()
                ))
            })
        }
    }
}

fn unknown_lines(ev: &Evaluator, unknowns: &[std::rc::Rc<crate::eval::value::Unknown>]) -> String {
    let mut s = String::new();
    let mut seen = std::collections::HashSet::new();
    for u in unknowns {
        let loc = u.span.map(|sp| ev.db.location(sp));
        let line = match &loc {
            Some(l) => format!("unknown: {} ({l})\n", u.reason),
            None => format!("unknown: {}\n", u.reason),
        };
        if seen.insert(line.clone()) {
            s.push_str(&line);
        }
    }
    s
}

/// Pretty JSON (2-space indent, sorted keys) for human output.
pub fn pretty_json(compact: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(compact) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| compact.to_string()),
        Err(_) => compact.to_string(),
    }
}

/// `clan-inv inventory [--json]`.
pub fn inventory_report(dir: Option<&Path>, json: bool) -> Report {
    let dir = match clan_dir(dir) {
        Ok(d) => d,
        Err(r) => return r,
    };
    run_with_big_stack(move || {
        let mut clan = match crate::inventory::Clan::load(&dir) {
            Ok(c) => c,
            Err((ev, e)) => {
                return Report { stdout: String::new(), stderr: render_error(&ev, &e), exit_code: 1 };
            }
        };
        let r = crate::inventory::serialize::inventory_json(&mut clan);
        let mut stderr = String::new();
        for t in &clan.ev.traces {
            stderr.push_str(t);
            stderr.push('\n');
        }
        for e in &clan.errors {
            stderr.push_str(&render_error(&clan.ev, e));
        }
        match r {
            Ok((out, unknowns)) => {
                stderr.push_str(&unknown_lines(&clan.ev, &unknowns));
                let code = if !clan.errors.is_empty() {
                    1
                } else if unknowns.is_empty() {
                    0
                } else {
                    3
                };
                let stdout = if json { out + "\n" } else { pretty_json(&out) + "\n" };
                Report { stdout, stderr, exit_code: code }
            }
            Err(e) => {
                if e.kind == ErrorKind::Limit {
                    stderr.push_str(&format!("unknown: {}\n", e.msg));
                    return Report { stdout: String::new(), stderr, exit_code: 3 };
                }
                stderr.push_str(&render_error(&clan.ev, &e));
                Report { stdout: String::new(), stderr, exit_code: 1 }
            }
        }
    })
}
