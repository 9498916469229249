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
    // The closure moves into the thread; if no thread can be had, it runs
    // here (with the depth bounds still in force, just less headroom).
    let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(f)));
    let s2 = slot.clone();
    let h = std::thread::Builder::new().stack_size(2 << 30).spawn(move || {
        let f = s2.lock().ok().and_then(|mut g| g.take());
        f.map(|f| f())
    });
    match h {
        Ok(h) => match h.join() {
            Ok(Some(v)) => v,
            Ok(None) => run_here(slot),
            Err(p) => std::panic::resume_unwind(p),
        },
        Err(_) => run_here(slot),
    }
}

fn run_here<T, F: FnOnce() -> T>(slot: std::sync::Arc<std::sync::Mutex<Option<F>>>) -> T {
    let f = slot.lock().map(|mut g| g.take()).unwrap_or_else(|mut e| e.get_mut().take());
    match f {
        Some(f) => f(),
        None => std::process::exit(2),
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
    // Nix indents continuation lines, but leaves empty ones empty.
    let mut s = String::from("error: ");
    for (i, line) in e.msg.split('\n').enumerate() {
        if i > 0 {
            s.push_str(if line.is_empty() { "\n" } else { "\n       " });
        }
        s.push_str(line);
    }
    s.push('\n');
    if let Some(sp) = e.span {
        s.push_str(&format!("       at {}\n", ev.db.location(sp)));
    }
    s
}

/// The report of a clan that could not be loaded: no clan or an I/O error
/// is exit 2, an error 1. A limit (something not statically knowable, such
/// as a clan defined inside a flake input's function) makes the whole answer
/// unknown: `$unknown` on stdout (its human form unless `json`), the reason
/// and location on stderr, exit 3.
pub fn load_error_report(ev: &Evaluator, e: &EvalError, json: bool) -> Report {
    let mut stderr = String::new();
    for t in &ev.traces {
        stderr.push_str(t);
        stderr.push('\n');
    }
    let exit_code = match e.kind {
        ErrorKind::NoClan | ErrorKind::Io => 2,
        ErrorKind::Limit => 3,
        _ => 1,
    };
    let mut stdout = String::new();
    if exit_code == 3 {
        let at = e.span.map(|s| ev.db.location(s));
        let u = im::Unknown { what: "the answer".into(), reason: e.msg.clone(), at };
        stderr.push_str(&render::unknown_line(&u));
        stdout = if json { render::unknown_json_text(&u) } else { render::unknown_text(&u) } + "\n";
    } else {
        stderr.push_str(&render_error(ev, e));
    }
    Report { stdout, stderr, exit_code }
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

/// The `unknown:` lines of the inventory's unknown parts: where each is in
/// the inventory, why, and where in the source.
fn unknown_lines(ev: &Evaluator, unknowns: &[crate::inventory::serialize::Part]) -> String {
    let mut s = String::new();
    let mut seen = std::collections::HashSet::new();
    for (part, u) in unknowns {
        let loc = u.span.map(|sp| ev.db.location(sp));
        let line = match &loc {
            Some(l) => format!("unknown: {part}: {} ({l})\n", u.reason),
            None => format!("unknown: {part}: {}\n", u.reason),
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
        let t0 = std::time::Instant::now();
        let loaded = crate::inventory::Clan::load(&dir);
        if std::env::var_os("CLAN_INV_PROFILE").is_some() {
            eprintln!("profile: load: {:?}", t0.elapsed());
        }
        let mut clan = match loaded {
            Ok(c) => c,
            // The inventory's human form is pretty JSON: `$unknown` either way.
            Err((ev, e)) => return load_error_report(&ev, &e, true),
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
        let report = match r {
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
                    Report { stdout: String::new(), stderr, exit_code: 3 }
                } else {
                    stderr.push_str(&render_error(&clan.ev, &e));
                    Report { stdout: String::new(), stderr, exit_code: 1 }
                }
            }
        };
        dispose(clan);
        report
    })
}

// ---- query commands: machines, tags, instances, members, machine ---------
//
// Each `*_report` loads the clan, extracts only what its answer needs
// (`inventory::model`), resolves membership (`resolve`) and renders it
// (`render`). Exit codes as SPEC §3: 0 complete, 1 errors or a name that
// does not exist, 2 no clan, 3 some part not statically known.

use crate::inventory::model::{self as im, K, MachineWant, Name};
use crate::render::{self, Style, Unknowns};
use crate::resolve::{self, Messages, TagIndex};

/// Output options of the query commands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryOpts {
    /// SPEC §3 JSON on stdout instead of the human form.
    pub json: bool,
    /// Colour the human form.
    pub color: bool,
}

impl QueryOpts {
    fn style(&self) -> Style {
        Style { color: self.color && !self.json }
    }
}

/// What a query produced besides stdout.
#[derive(Default)]
struct QueryOut {
    stdout: String,
    msgs: Messages,
    /// The legacy-API warning, printed before the evaluation warnings.
    legacy: String,
    /// Further stderr text (notes, "not found" errors).
    stderr: String,
    unknowns: Unknowns,
    /// Exit 1 (a name that does not exist).
    failed: bool,
}

type QueryFn = dyn Fn(&mut crate::inventory::Clan, &std::rc::Rc<crate::eval::value::Attrs>, &mut QueryOut) -> crate::eval::R<()>
    + Send;

/// Set by the CLI: the process exits right after its one report.
static ONE_SHOT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Tells the library that it runs as the command-line tool: the process
/// exits after one report, so a loaded clan is left to the operating system
/// instead of being freed value by value (~3-5 % of a query on a large
/// clan), and a large JSON answer that can no longer fail goes straight to
/// the process's stdout as it is rendered, instead of into `Report::stdout`
/// (tens of MB at 10,000 machines: memory, and the time to touch it).
pub fn set_one_shot(on: bool) {
    ONE_SHOT.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// The first error writing the answer to the process's stdout, other than
/// a closed pipe (`clan-inv … | head` stops reading: not worth a word).
static STDOUT_ERROR: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Records a failed write to stdout (a full disk, a device that refuses
/// it): the CLI then says so and exits 2, an I/O error, rather than leave a
/// truncated answer behind a success.
pub fn note_stdout_error(e: &std::io::Error) {
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        let _ = STDOUT_ERROR.set(e.to_string());
    }
}

/// The error `note_stdout_error` recorded first, if any.
pub fn stdout_error() -> Option<&'static str> {
    STDOUT_ERROR.get().map(String::as_str)
}

/// Where a streamed JSON answer goes: the process's stdout in chunks as it
/// is rendered (one-shot mode), or a string.
struct Sink {
    buf: String,
    /// Where chunks go in one-shot mode: a handle on the process's stdout
    /// that bypasses std's line buffering (which scans every chunk for a
    /// newline and copies it).
    out: Option<std::fs::File>,
}

impl Sink {
    fn new(direct: bool) -> Sink {
        use std::io::Write;
        use std::os::fd::AsFd;
        let out = (direct && ONE_SHOT.load(std::sync::atomic::Ordering::Relaxed))
            .then(|| {
                // Whatever std has buffered goes first.
                let _ = std::io::stdout().lock().flush();
                std::io::stdout().as_fd().try_clone_to_owned().ok().map(std::fs::File::from)
            })
            .flatten();
        Sink { buf: String::new(), out }
    }
    fn flush_if_big(&mut self) {
        if self.out.is_some() && self.buf.len() >= 1 << 16 {
            self.write_out();
        }
    }
    fn write_out(&mut self) {
        use std::io::Write;
        if let Some(f) = &mut self.out
            && let Err(e) = f.write_all(self.buf.as_bytes())
        {
            note_stdout_error(&e);
        }
        self.buf.clear();
    }
    /// What is left for `Report::stdout`.
    fn finish(mut self) -> String {
        if self.out.is_some() {
            self.write_out();
            String::new()
        } else {
            self.buf
        }
    }
}

/// Ids of member lists written on this thread before the rest of an
/// answer goes to a writer thread (a typical clan never gets there).
const PIPE_FROM_IDS: usize = 20_000;
/// Ids gathered before a batch is handed to the writer thread.
const PIPE_BATCH_IDS: usize = 16_384;

/// How many batches behind the writer thread must be for the evaluating
/// thread to write the member lists of the next batch itself (the writer
/// then only copies its text out): the two threads share the member lists,
/// the bulk of the answer, rather than one waiting for the other at the
/// end. Further behind, the writer is waiting on its reader (a pager, a
/// slow pipe): batches stay unwritten, as their text is ~20x their size.
const PIPE_HELP_BEHIND: std::ops::Range<usize> = 2..8;

/// A piece of a streamed answer for the writer thread.
enum Piece {
    Text(String),
    /// A member list, as `Members::write_json` writes it.
    Members(std::sync::Arc<resolve::NamesJson>, resolve::Union),
}

enum ToWriter {
    Start(Sink),
    Batch(Vec<Piece>),
}

/// Appends the text of `pieces` to `out`.
fn write_pieces(pieces: Vec<Piece>, out: &mut String) {
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&t),
            Piece::Members(json, union) => json.write_union(&union, out),
        }
    }
}

/// The writer thread of a big streamed answer and what goes to it next.
struct Pipe {
    tx: std::sync::mpsc::Sender<ToWriter>,
    writer: std::thread::JoinHandle<String>,
    /// Text since the last piece.
    text: String,
    batch: Vec<Piece>,
    batch_ids: usize,
    /// Batches sent, and those the writer is done with (it counts them).
    sent: usize,
    written: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// `PIPE_HELP_BEHIND`, or other bounds in tests.
    help_behind: std::ops::Range<usize>,
}

impl Pipe {
    fn start(help_behind: std::ops::Range<usize>) -> Option<Pipe> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (tx, rx) = std::sync::mpsc::channel::<ToWriter>();
        let written = std::sync::Arc::new(AtomicUsize::new(0));
        let done = written.clone();
        let writer = std::thread::Builder::new()
            .name("json-writer".into())
            .spawn(move || {
                let Ok(ToWriter::Start(mut sink)) = rx.recv() else { return String::new() };
                for msg in rx {
                    if let ToWriter::Batch(pieces) = msg {
                        write_pieces(pieces, &mut sink.buf);
                        sink.flush_if_big();
                        done.fetch_add(1, Ordering::Release);
                    }
                }
                sink.finish()
            })
            .ok()?;
        Some(Pipe { tx, writer, text: String::new(), batch: Vec::new(), batch_ids: 0, sent: 0, written, help_behind })
    }
    fn send(&mut self) {
        if !self.text.is_empty() {
            self.batch.push(Piece::Text(std::mem::take(&mut self.text)));
        }
        let mut batch = std::mem::take(&mut self.batch);
        let behind = self.sent - self.written.load(std::sync::atomic::Ordering::Acquire);
        if self.help_behind.contains(&behind) {
            let mut text = String::new();
            write_pieces(batch, &mut text);
            batch = vec![Piece::Text(text)];
        }
        self.sent += 1;
        // The writer ends only when this end is dropped.
        let _ = self.tx.send(ToWriter::Batch(batch));
        self.batch_ids = 0;
    }
}

/// A streamed JSON answer (`instances --json`): written into a `Sink` on
/// this thread, until its member lists turn out big; then the member lists
/// (most of such an answer: tens of MB at 10,000 machines) are written on
/// a second thread while this one resolves the next instances. Same bytes,
/// same order either way.
enum JsonOut {
    /// `pipe_from`: ids written here before the writer thread takes over;
    /// `help_behind`: the writer's `Pipe::help_behind`.
    Inline {
        sink: Sink,
        ids: usize,
        pipe_from: usize,
        help_behind: std::ops::Range<usize>,
    },
    Piped(Pipe),
}

impl JsonOut {
    fn new(direct: bool, pipe_from: usize, help_behind: std::ops::Range<usize>) -> JsonOut {
        JsonOut::Inline { sink: Sink::new(direct), ids: 0, pipe_from, help_behind }
    }
    /// Where the text goes.
    fn text(&mut self) -> &mut String {
        match self {
            JsonOut::Inline { sink, .. } => &mut sink.buf,
            JsonOut::Piped(p) => &mut p.text,
        }
    }
    fn instance(&mut self, ri: &resolve::ResolvedInstance, un: &mut render::Unknowns) {
        match self {
            JsonOut::Inline { sink, ids, .. } => {
                render::instance_json_with(ri, un, &mut sink.buf, &mut |m, out| {
                    *ids += m.len();
                    m.write_json(out)
                });
            }
            JsonOut::Piped(Pipe { text, batch, batch_ids, .. }) => {
                render::instance_json_with(ri, un, text, &mut |m, out| match m.as_union() {
                    Some((json, union)) => {
                        *batch_ids += union.len_bound();
                        batch.push(Piece::Text(std::mem::take(out)));
                        batch.push(Piece::Members(json.clone(), union));
                    }
                    None => m.write_json(out),
                });
            }
        }
    }
    fn flush_if_big(&mut self) {
        match self {
            JsonOut::Piped(p) => {
                if p.batch_ids >= PIPE_BATCH_IDS || p.text.len() >= 1 << 16 {
                    p.send();
                }
            }
            JsonOut::Inline { sink, ids, pipe_from, help_behind } => {
                if *ids < *pipe_from {
                    sink.flush_if_big();
                    return;
                }
                // Without a thread, everything stays on this one.
                let Some(p) = Pipe::start(help_behind.clone()) else {
                    *ids = 0;
                    sink.flush_if_big();
                    return;
                };
                if let JsonOut::Inline { sink, .. } = std::mem::replace(self, JsonOut::Piped(p))
                    && let JsonOut::Piped(p) = self
                {
                    let _ = p.tx.send(ToWriter::Start(sink));
                }
            }
        }
    }
    /// What is left for `Report::stdout`; `None` if the writer failed.
    fn finish(self) -> Option<String> {
        match self {
            JsonOut::Inline { sink, .. } => Some(sink.finish()),
            JsonOut::Piped(mut p) => {
                p.send();
                let Pipe { tx, writer, .. } = p;
                drop(tx);
                writer.join().ok()
            }
        }
    }
}

fn dispose<T>(x: T) {
    if ONE_SHOT.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(x);
    } else {
        drop(x);
    }
}

fn run_query(dir: Option<&Path>, json: bool, f: Box<QueryFn>) -> Report {
    let dir = match clan_dir(dir) {
        Ok(d) => d,
        Err(r) => return r,
    };
    run_with_big_stack(move || {
        // The fast path records no definition locations; when an unknown
        // part has no location of its own, answer again with them recorded.
        let (r, missing_at) = query_once(&dir, &*f, false, json);
        if missing_at { query_once(&dir, &*f, true, json).0 } else { r }
    })
}

/// One evaluation of a query: its report, and whether some unknown part
/// lacks a location.
fn query_once(dir: &Path, f: &QueryFn, track: bool, json: bool) -> (Report, bool) {
    let t0 = std::time::Instant::now();
    let loaded = crate::inventory::Clan::load(dir);
    if std::env::var_os("CLAN_INV_PROFILE").is_some() {
        let waited = crate::syntax::ahead::WAITED_NS.load(std::sync::atomic::Ordering::Relaxed);
        eprintln!(
            "profile: load: {:?} (waiting for parse-ahead: {:?})",
            t0.elapsed(),
            std::time::Duration::from_nanos(waited)
        );
    }
    let mut clan = match loaded {
        Ok(c) => c,
        Err((ev, e)) => return (load_error_report(&ev, &e, json), false),
    };
    // Definition locations for unknown values that carry none of their own.
    clan.sys.track.set(track);
    let mut q = QueryOut::default();
    let r = match im::inventory(&mut clan) {
        Ok(K::Known(inv)) => f(&mut clan, &inv, &mut q),
        Ok(K::Unknown(u)) => {
            q.unknowns.0.push(u.clone());
            q.stdout = render::unknown_json_text(&u) + "\n";
            Ok(())
        }
        Err(e) => Err(e),
    };
    let mut stderr = String::new();
    for t in &clan.ev.traces {
        stderr.push_str(t);
        stderr.push('\n');
    }
    stderr.push_str(&q.legacy);
    for w in &q.msgs.warnings {
        stderr.push_str(&format!("evaluation warning: {w}\n"));
    }
    for d in &q.msgs.dropped {
        stderr.push_str(&dropped_warning(d));
    }
    stderr.push_str(&q.stderr);
    for e in &clan.errors {
        stderr.push_str(&render_error(&clan.ev, e));
    }
    let mut code = if clan.errors.is_empty() && !q.failed { 0 } else { 1 };
    let mut stdout = q.stdout;
    match r {
        Ok(()) => {}
        Err(e) if e.kind == ErrorKind::Limit => {
            let at = e.span.map(|s| clan.ev.db.location(s));
            q.unknowns.0.push(im::Unknown { what: "the answer".into(), reason: e.msg, at });
            stdout = String::new();
        }
        Err(e) => {
            stderr.push_str(&render_error(&clan.ev, &e));
            code = 1;
            stdout = String::new();
        }
    }
    let mut seen = std::collections::HashSet::new();
    for u in &q.unknowns.0 {
        let line = render::unknown_line(u);
        if seen.insert(line.clone()) {
            stderr.push_str(&line);
        }
    }
    if code == 0 && !q.unknowns.0.is_empty() {
        code = 3;
    }
    let missing_at = q.unknowns.0.iter().any(|u| u.at.is_none());
    dispose(clan);
    (Report { stdout, stderr, exit_code: code }, missing_at)
}

fn dropped_warning(d: &resolve::Dropped) -> String {
    let quote = |v: &[Name]| v.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
    format!(
        "warning: {}: role '{}': the legacy resolution drops {}: tag '{}' matches no machine, and the legacy tag fold \
         reset the members collected from the earlier tag(s) {} (a bug of the legacy API; explicit machines survive)\n",
        d.instance_key,
        d.role,
        d.lost.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", "),
        d.empty_tag,
        quote(&d.earlier_tags),
    )
}

fn legacy_warning(legacy: &im::Legacy) -> String {
    if !legacy.defined {
        return String::new();
    }
    let files = legacy.files.iter().map(|f| format!("`{f}'")).collect::<Vec<_>>().join(", ");
    format!(
        "warning: `inventory.services' is defined in {files}, but current clan-core rejects this legacy API:\n\
         \x20        {}\n\
         \x20        clan-inv lists its instances as `services.<service>.<instance>', resolved with the legacy rules.\n",
        crate::inventory::schema::SERVICES_REMOVED.replace('\n', "\n         ")
    )
}

fn out_json_or_human(
    opts: QueryOpts,
    j: impl FnOnce(&mut Unknowns) -> String,
    h: impl FnOnce(&Style, &mut Unknowns) -> String,
    q: &mut QueryOut,
) {
    if opts.json {
        q.stdout = j(&mut q.unknowns) + "\n";
    } else {
        q.stdout = h(&opts.style(), &mut q.unknowns);
    }
}

/// `clan-inv machines [--tags T]...`: every machine (sorted), or those
/// carrying ALL the given tags.
pub fn machines_report(dir: Option<&Path>, opts: QueryOpts, tags: &[String]) -> Report {
    let tags = tags.to_vec();
    run_query(
        dir,
        opts.json,
        Box::new(move |clan, inv, q| {
            let ms = im::machines(&mut clan.ev, inv, MachineWant { details: true })?;
            let names = resolve::machines_with_all_tags(&ms, &tags);
            let list: K<Vec<&im::Machine>> = names.map(|n| n.iter().filter_map(|n| ms.get(n)).collect());
            out_json_or_human(
                opts,
                |un| render::machines_json(&list, un),
                |st, un| render::machines_human(st, &list, un),
                q,
            );
            Ok(())
        }),
    )
}

/// `clan-inv tags`: every tag (carried by a machine, or a key of
/// `inventory.tags`) → the sorted machines whose final tags hold it.
pub fn tags_report(dir: Option<&Path>, opts: QueryOpts) -> Report {
    run_query(
        dir,
        opts.json,
        Box::new(move |clan, inv, q| {
            let ms = im::machines(&mut clan.ev, inv, MachineWant::default())?;
            let index = TagIndex::build(&ms);
            let keys = im::inventory_tag_names(&mut clan.ev, inv)?;
            let map = match (index.unknown(), &keys.rest) {
                (Some(u), _) | (None, Some(u)) => K::Unknown(u.clone()),
                (None, None) => K::Known(resolve::tags_map(&index, &keys.names)),
            };
            out_json_or_human(opts, |un| render::tags_json(&map, un), |st, un| render::tags_human(st, &map, un), q);
            Ok(())
        }),
    )
}

fn role_needs_index(r: &K<im::Role>) -> bool {
    match r {
        K::Known(r) => !r.tags.names.is_empty() || r.tags.rest.is_some(),
        K::Unknown(_) => false,
    }
}

fn legacy_role_needs_index(r: &K<im::LegacyRole>) -> bool {
    match r {
        K::Known(r) => match &r.tags {
            K::Known(t) => !t.is_empty(),
            K::Unknown(_) => false,
        },
        K::Unknown(_) => false,
    }
}

/// The tag index when some role needs it (all machines' tags are forced
/// only then).
fn index_if(
    clan: &mut crate::inventory::Clan,
    inv: &std::rc::Rc<crate::eval::value::Attrs>,
    need: bool,
) -> crate::eval::R<TagIndex> {
    if need {
        Ok(TagIndex::build(&im::machines(&mut clan.ev, inv, MachineWant::default())?))
    } else {
        Ok(TagIndex::not_loaded())
    }
}

fn unknown_instance(key: String, u: im::Unknown, legacy: bool) -> resolve::ResolvedInstance {
    resolve::ResolvedInstance {
        key,
        module_name: K::Unknown(u.clone()),
        module_input: K::Unknown(u.clone()),
        legacy,
        enabled: K::Known(true),
        roles: Vec::new(),
        roles_rest: Some(u),
    }
}

fn is_machine_fn(names: &im::Names) -> impl Fn(&str) -> Option<bool> + '_ {
    move |m: &str| {
        if names.contains(m) {
            Some(true)
        } else if names.rest.is_some() {
            None
        } else {
            Some(false)
        }
    }
}

/// `clan-inv instances`: every instance (and legacy `services` instance),
/// its module and the resolved members of each role it names.
pub fn instances_report(dir: Option<&Path>, opts: QueryOpts) -> Report {
    run_query(
        dir,
        opts.json,
        Box::new(move |clan, inv, q| {
            let names = im::instance_names(&mut clan.ev, inv)?;
            let mut insts = Vec::with_capacity(names.names.len());
            for n in &names.names {
                insts.push((n.clone(), im::instance(&mut clan.ev, inv, n)?));
            }
            let legacy = im::legacy(clan, inv)?;
            q.legacy = legacy_warning(&legacy);
            let need = insts.iter().any(|(_, i)| match i {
                Some(K::Known(i)) => i.roles.iter().any(|(_, r)| role_needs_index(r)),
                _ => false,
            }) || legacy.instances.iter().any(|l| l.roles.iter().any(|(_, r)| legacy_role_needs_index(r)));
            let index = index_if(clan, inv, need)?;
            if opts.json && names.rest.is_none() && legacy.rest.is_none() {
                // Stream: resolve and write one instance at a time, so the
                // member lists of thousands of instances are never all held.
                let mut legacy_resolved: Vec<_> =
                    legacy.instances.iter().map(|l| resolve::resolve_legacy_instance(l, &index, &mut q.msgs)).collect();
                legacy_resolved.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
                // Straight to stdout only if nothing can be unknown (an
                // unknown part may make the query run again, with locations).
                let known = q.unknowns.0.is_empty()
                    && legacy_resolved.iter().all(|l| l.is_known())
                    && insts.iter().all(|(_, i)| match i {
                        Some(K::Known(i)) => resolve::resolves_known(i, &index),
                        Some(K::Unknown(_)) => false,
                        None => true,
                    });
                let mut legacy_iter = legacy_resolved.into_iter().peekable();
                let mut out = JsonOut::new(known, PIPE_FROM_IDS, PIPE_HELP_BEHIND);
                out.text().push('{');
                let mut first = true;
                for (n, i) in insts {
                    let ri = match i {
                        Some(K::Known(i)) => resolve::resolve_instance(&i, &index, &mut q.msgs),
                        Some(K::Unknown(u)) => unknown_instance(n.to_string(), u.clone(), false),
                        None => continue,
                    };
                    while let Some(l) = legacy_iter.next_if(|l| l.key.as_bytes() < ri.key.as_bytes()) {
                        render::key(&l.key, first, out.text());
                        out.instance(&l, &mut q.unknowns);
                        first = false;
                    }
                    render::key(&ri.key, first, out.text());
                    out.instance(&ri, &mut q.unknowns);
                    first = false;
                    out.flush_if_big();
                }
                for l in legacy_iter {
                    render::key(&l.key, first, out.text());
                    out.instance(&l, &mut q.unknowns);
                    first = false;
                }
                out.text().push_str("}\n");
                q.stdout = match out.finish() {
                    Some(s) => s,
                    None => {
                        return Err(crate::eval::EvalError::new(
                            crate::eval::ErrorKind::Other,
                            "clan-inv: the output writer stopped".into(),
                            None,
                        ));
                    }
                };
                return Ok(());
            }
            let mut resolved = Vec::new();
            for (n, i) in &insts {
                resolved.push(match i {
                    Some(K::Known(i)) => resolve::resolve_instance(i, &index, &mut q.msgs),
                    Some(K::Unknown(u)) => unknown_instance(n.to_string(), u.clone(), false),
                    None => continue,
                });
            }
            for l in &legacy.instances {
                resolved.push(resolve::resolve_legacy_instance(l, &index, &mut q.msgs));
            }
            resolved.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
            let list = match names.rest.as_ref().or(legacy.rest.as_ref()) {
                Some(u) => K::Unknown(u.clone()),
                None => K::Known(resolved),
            };
            let mnames = if opts.json { im::Names::default() } else { im::machine_names(&mut clan.ev, inv)? };
            let is_machine = is_machine_fn(&mnames);
            out_json_or_human(
                opts,
                |un| render::instances_json(&list, un),
                |st, un| render::instances_human(st, &list, &is_machine, un),
                q,
            );
            Ok(())
        }),
    )
}

/// `clan-inv members INSTANCE [ROLE]`: the sorted, deduplicated members of
/// one role, or of all roles of the instance.
pub fn members_report(dir: Option<&Path>, opts: QueryOpts, instance: &str, role: Option<&str>) -> Report {
    let instance = instance.to_string();
    let role = role.map(str::to_string);
    run_query(
        dir,
        opts.json,
        Box::new(move |clan, inv, q| {
            let names = im::instance_names(&mut clan.ev, inv)?;
            let mut ri = None;
            if names.contains(&instance) {
                ri = Some(match im::instance(&mut clan.ev, inv, &instance)? {
                    Some(K::Known(mut i)) => {
                        if let Some(r) = &role {
                            i.roles.retain(|(n, _)| **n == **r);
                        }
                        let need = i.roles.iter().any(|(_, r)| role_needs_index(r));
                        let index = index_if(clan, inv, need)?;
                        let mut ri = resolve::resolve_instance(&i, &index, &mut q.msgs);
                        ri.roles_rest = i.role_names.rest.clone();
                        (ri, i.role_names.clone())
                    }
                    Some(K::Unknown(u)) => (
                        unknown_instance(instance.clone(), u.clone(), false),
                        im::Names { names: Vec::new(), rest: Some(u) },
                    ),
                    None => {
                        let u = im::Unknown {
                            what: format!("inventory.instances.{}", im::show_name(&instance)),
                            reason: "the instance cannot be read".into(),
                            at: None,
                        };
                        (
                            unknown_instance(instance.clone(), u.clone(), false),
                            im::Names { names: Vec::new(), rest: Some(u) },
                        )
                    }
                });
            }
            let mut legacy_keys = Vec::new();
            let mut legacy_rest = None;
            if ri.is_none() {
                let legacy = im::legacy(clan, inv)?;
                legacy_keys = legacy.instances.iter().map(|l| Name::from(l.key().as_str())).collect();
                legacy_rest = legacy.rest.clone();
                if let Some(l) = legacy.instances.iter().find(|l| l.key() == instance) {
                    q.legacy = legacy_warning(&legacy);
                    let mut l = l.clone();
                    if let Some(r) = &role {
                        l.roles.retain(|(n, _)| **n == **r);
                    }
                    let need = l.roles.iter().any(|(_, r)| legacy_role_needs_index(r));
                    let index = index_if(clan, inv, need)?;
                    let mut ri2 = resolve::resolve_legacy_instance(&l, &index, &mut q.msgs);
                    ri2.roles_rest = l.role_names.rest.clone();
                    ri = Some((ri2, l.role_names.clone()));
                }
            }
            let Some((ri, role_names)) = ri else {
                if let Some(u) = names.rest.as_ref().or(legacy_rest.as_ref()) {
                    // It may be among the instances that cannot be known.
                    let u = u.clone();
                    out_json_or_human(
                        opts,
                        |un| render::members_json(&K::Unknown(u.clone()), un),
                        |st, un| render::members_human(st, &K::Unknown(u.clone()), un),
                        q,
                    );
                    return Ok(());
                }
                let mut all = names.names.clone();
                all.extend(legacy_keys);
                all.sort();
                q.stderr.push_str(&render::not_found("Instance", "instances", &instance, &all, ""));
                q.failed = true;
                return Ok(());
            };
            let members: K<Vec<Name>> = match &role {
                Some(r) => match ri.roles.iter().find(|rm| *rm.role == **r) {
                    Some(rm) => rm.members.clone().map(|m| m.to_vec()),
                    None => match &role_names.rest {
                        Some(u) => K::Unknown(u.clone()),
                        None => {
                            q.stderr.push_str(&render::not_found(
                                "Role",
                                "roles",
                                r,
                                &role_names.names,
                                &format!(" in instance '{instance}'"),
                            ));
                            q.failed = true;
                            return Ok(());
                        }
                    },
                },
                None => {
                    let mut all = Vec::new();
                    let mut unknown = ri.roles_rest.clone();
                    for rm in &ri.roles {
                        match &rm.members {
                            K::Known(ms) => all.extend(ms.iter().cloned()),
                            K::Unknown(u) => {
                                unknown.get_or_insert(u.clone());
                            }
                        }
                    }
                    all.sort_unstable();
                    all.dedup();
                    match unknown {
                        Some(u) => K::Unknown(u),
                        None => K::Known(all),
                    }
                }
            };
            if !opts.json
                && let K::Known(ms) = &members
            {
                let mnames = im::machine_names(&mut clan.ev, inv)?;
                if mnames.rest.is_none() {
                    for m in ms.iter().filter(|m| !mnames.contains(m)) {
                        q.stderr.push_str(&format!(
                            "note: '{m}' is a member but not an inventory machine (clan-core accepts it silently; it gets no configuration)\n"
                        ));
                    }
                }
            }
            out_json_or_human(
                opts,
                |un| render::members_json(&members, un),
                |st, un| render::members_human(st, &members, un),
                q,
            );
            Ok(())
        }),
    )
}

/// `clan-inv machine NAME`: the machine's class and tags and every
/// (instance, role) it is in, and why; the human form also shows the
/// settings that reach it.
pub fn machine_report(dir: Option<&Path>, opts: QueryOpts, name: &str) -> Report {
    let name = name.to_string();
    run_query(
        dir,
        opts.json,
        Box::new(move |clan, inv, q| {
            let mnames = im::machine_names(&mut clan.ev, inv)?;
            let Some(m) = im::machine(&mut clan.ev, inv, &name, MachineWant::default())? else {
                if let Some(u) = &mnames.rest {
                    // It may be among the machines that cannot be known.
                    let u = u.clone();
                    q.unknowns.0.push(u.clone());
                    q.stdout = if opts.json {
                        render::unknown_json_text(&u) + "\n"
                    } else {
                        format!("{}\n", render::unknown_text(&u))
                    };
                    return Ok(());
                }
                q.stderr.push_str(&render::not_found("Machine", "machines", &name, &mnames.names, ""));
                q.stderr.push_str(&ghost_note(clan, inv, &name));
                q.failed = true;
                return Ok(());
            };
            let (mut list, unknown) = machine_memberships(clan, inv, &name, &m, q)?;
            if !opts.json {
                // The settings that reach the machine (human form only).
                for ms in list.iter_mut().filter(|ms| !ms.legacy) {
                    let carried = carried_tags(ms);
                    ms.settings = Some(im::settings_chain(&mut clan.ev, inv, &ms.instance, &ms.role, &name, &carried)?);
                }
            }
            let memberships = match unknown {
                Some(u) => K::Unknown(u),
                None => K::Known(list.clone()),
            };
            if opts.json {
                q.stdout = render::machine_json(&m, &memberships, &mut q.unknowns) + "\n";
            } else {
                // People see the known memberships even when the list is
                // incomplete; the unknown part is listed after them.
                let shown = K::Known(list);
                let mut s = render::machine_human(&opts.style(), &m, &shown, &mut q.unknowns);
                if let K::Unknown(u) = &memberships {
                    s.push_str(&format!(
                        "  {} {}\n",
                        opts.style().dim("and possibly more:"),
                        opts.style().unknown(&render::unknown_text(u))
                    ));
                    q.unknowns.0.push(u.clone());
                }
                q.stdout = s;
            }
            Ok(())
        }),
    )
}

/// Every (instance, role) the machine `m` is in (current and legacy API),
/// sorted by instance then role, and why the list is incomplete, if it is.
fn machine_memberships(
    clan: &mut crate::inventory::Clan,
    inv: &std::rc::Rc<crate::eval::value::Attrs>,
    name: &str,
    m: &im::Machine,
    q: &mut QueryOut,
) -> crate::eval::R<(Vec<resolve::Membership>, Option<im::Unknown>)> {
    let tags: K<&[Name]> = match &m.tags {
        K::Known(t) => K::Known(t.as_slice()),
        K::Unknown(u) => K::Unknown(u.clone()),
    };
    let mut list = Vec::new();
    let mut unknown: Option<im::Unknown> = None;
    let inames = im::instance_names(&mut clan.ev, inv)?;
    if let Some(u) = &inames.rest {
        unknown = Some(u.clone());
    }
    for iname in &inames.names {
        let inst = match im::instance(&mut clan.ev, inv, iname)? {
            Some(K::Known(i)) => i,
            Some(K::Unknown(u)) => {
                unknown.get_or_insert(u);
                continue;
            }
            None => continue,
        };
        if let Some(u) = &inst.role_names.rest {
            unknown.get_or_insert(u.clone());
        }
        for (rname, r) in &inst.roles {
            let r = match r {
                K::Known(r) => r,
                K::Unknown(u) => {
                    unknown.get_or_insert(u.clone());
                    continue;
                }
            };
            match resolve::machine_in_role(name, tags.clone(), r) {
                K::Known(Some(via)) => list.push(resolve::Membership {
                    instance: iname.to_string(),
                    role: rname.clone(),
                    module_name: inst.module.name.clone(),
                    module_input: inst.module.input.clone(),
                    legacy: false,
                    enabled: K::Known(true),
                    via,
                    settings: None,
                }),
                K::Known(None) => {}
                K::Unknown(u) => {
                    unknown.get_or_insert(u);
                }
            }
        }
    }
    let legacy = im::legacy(clan, inv)?;
    q.legacy = legacy_warning(&legacy);
    if let Some(u) = &legacy.rest {
        unknown.get_or_insert(u.clone());
    }
    let need = legacy.instances.iter().any(|l| l.roles.iter().any(|(_, r)| legacy_role_needs_index(r)));
    let index = index_if(clan, inv, need)?;
    for l in &legacy.instances {
        if let Some(u) = &l.role_names.rest {
            unknown.get_or_insert(u.clone());
        }
        for (rname, r) in &l.roles {
            let r = match r {
                K::Known(r) => r,
                K::Unknown(u) => {
                    unknown.get_or_insert(u.clone());
                    continue;
                }
            };
            let mut scratch = Messages::default();
            let _ = resolve::resolve_legacy_role(l, r, &index, &mut scratch);
            for d in scratch.dropped {
                if d.lost.iter().any(|x| **x == *name) {
                    q.msgs.dropped.push(d);
                }
            }
            match resolve::machine_in_legacy_role(name, tags.clone(), l, r, &index) {
                K::Known(Some(via)) => list.push(resolve::Membership {
                    instance: l.key(),
                    role: rname.clone(),
                    module_name: K::Known(l.service.clone()),
                    module_input: K::Known(None),
                    legacy: true,
                    enabled: l.enabled.clone(),
                    via,
                    settings: None,
                }),
                K::Known(None) => {}
                K::Unknown(u) => {
                    unknown.get_or_insert(u);
                }
            }
        }
    }
    list.sort_by(|a, b| {
        a.instance.as_bytes().cmp(b.instance.as_bytes()).then_with(|| a.role.as_bytes().cmp(b.role.as_bytes()))
    });
    Ok((list, unknown))
}

/// For a name that is not a machine: where roles name it explicitly (clan
/// accepts such members silently).
fn ghost_note(clan: &mut crate::inventory::Clan, inv: &std::rc::Rc<crate::eval::value::Attrs>, name: &str) -> String {
    let mut refs = Vec::new();
    if let Ok(names) = im::instance_names(&mut clan.ev, inv) {
        for i in &names.names {
            if let Ok(Some(K::Known(inst))) = im::instance(&mut clan.ev, inv, i) {
                for (r, role) in &inst.roles {
                    if let K::Known(role) = role
                        && role.machines.contains(name)
                    {
                        refs.push(format!("{i}/{r}"));
                    }
                }
            }
        }
    }
    if refs.is_empty() {
        return String::new();
    }
    format!(
        "note: '{name}' is named as a member of {} but is not an inventory machine (clan-core accepts it silently; it gets no configuration)\n",
        refs.join(", ")
    )
}

/// The role tags through which a membership holds (in tag-name order).
fn carried_tags(ms: &resolve::Membership) -> Vec<Name> {
    ms.via
        .iter()
        .filter_map(|v| match v {
            resolve::Via::Tag(t) => Some(t.clone()),
            resolve::Via::Explicit => None,
        })
        .collect()
}

/// The settings that reach machine `name` in each (instance, role) of the
/// current API it is in, as JSON
/// `{"<instance>": {"<role>": {"role": S, "machine": S, "tags": {"<t>": S}}}}`
/// (`machine` is `{}` for a member that has no entry of its own), the shape
/// of the oracle's `machineSettings`. Not a command: the human `machine`
/// output shows the same chain; tests compare it with the oracle.
pub fn machine_settings_report(dir: Option<&Path>, name: &str) -> Report {
    let name = name.to_string();
    run_query(
        dir,
        true,
        Box::new(move |clan, inv, q| {
            let Some(m) = im::machine(&mut clan.ev, inv, &name, MachineWant::default())? else {
                q.stderr.push_str(&render::not_found("Machine", "machines", &name, &[], ""));
                q.failed = true;
                return Ok(());
            };
            let (list, unknown) = machine_memberships(clan, inv, &name, &m, q)?;
            if let Some(u) = unknown {
                q.unknowns.0.push(u);
            }
            let mut out = serde_json::Map::new();
            for ms in list.iter().filter(|ms| !ms.legacy) {
                let chain = im::settings_chain(&mut clan.ev, inv, &ms.instance, &ms.role, &name, &carried_tags(ms))?;
                let mut val = |v: &im::SettingsValue| {
                    q.unknowns.0.extend(v.unknowns.iter().cloned());
                    serde_json::from_str::<serde_json::Value>(&v.json).unwrap_or(serde_json::Value::Null)
                };
                let mut tags = serde_json::Map::new();
                for (t, v) in &chain.tags {
                    tags.insert(t.to_string(), val(v));
                }
                let entry = serde_json::json!({
                    "role": val(&chain.role),
                    "machine": chain.machine.as_ref().map(&mut val).unwrap_or_else(|| serde_json::json!({})),
                    "tags": tags,
                });
                let inst = out.entry(ms.instance.clone()).or_insert_with(|| serde_json::json!({}));
                if let Some(o) = inst.as_object_mut() {
                    o.insert(ms.role.to_string(), entry);
                }
            }
            q.stdout = render::json_text(&serde_json::Value::Object(out));
            Ok(())
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::model::{Instance, Machine, Machines, ModuleRef, Names, Role};
    use std::rc::Rc;

    /// The streamed `instances --json` text is the same whether the member
    /// lists are written here or on the writer thread (from the first id,
    /// from the middle, never), with batches of every size, whether this
    /// thread writes some batches' member lists (all, when the writer is
    /// one batch behind, as in use, none) and equals `render::instances_json`.
    #[test]
    fn piped_json_is_the_inline_json() {
        let mut rng = crate::util::test_rng(0x5851_f42d_4c95_7f2d);
        let tags = ["a", "b", "c", "d", "e"];
        let n = 700;
        let list: Vec<Machine> = (0..n)
            .map(|i| Machine {
                name: Rc::from(format!("m{i:04}").as_str()),
                machine_class: K::Known(Rc::from("nixos")),
                tags: K::Known(tags.iter().filter(|_| rng(3) == 0).map(|t| Rc::from(*t)).collect()),
                details: None,
            })
            .collect();
        let index = resolve::TagIndex::build(&Machines { list, rest: None });
        let names = |v: Vec<String>| Names { names: v.iter().map(|s| Rc::from(s.as_str())).collect(), rest: None };
        let mut insts = Vec::new();
        for i in 0..120 {
            let roles: Vec<(Rc<str>, K<Role>)> = ["client", "server"]
                .iter()
                .map(|r| {
                    let t: Vec<String> = tags.iter().filter(|_| rng(4) == 0).map(|t| t.to_string()).collect();
                    // Some explicit names are not inventory machines.
                    let mut m: Vec<String> = (0..rng(4)).map(|_| format!("m{:04}", rng(2 * n))).collect();
                    m.sort();
                    m.dedup();
                    let role = Role { name: Rc::from(*r), machines: names(m), tags: names(t) };
                    (Rc::from(*r), K::Known(role))
                })
                .collect();
            let role_names = Names { names: roles.iter().map(|(n, _)| n.clone()).collect(), rest: None };
            let module = ModuleRef { name: K::Known(Rc::from("svc")), input: K::Known(None) };
            insts.push(Instance { name: Rc::from(format!("i{i:03}").as_str()), module, roles, role_names });
        }
        let mut msgs = resolve::Messages::default();
        let resolved: Vec<_> = insts.iter().map(|i| resolve::resolve_instance(i, &index, &mut msgs)).collect();
        let expected = render::instances_json(&K::Known(resolved.clone()), &mut render::Unknowns(Vec::new()));
        let cases = [0, 1, 5_000, 20_000, usize::MAX]
            .into_iter()
            .flat_map(|p| [(p, 0..usize::MAX), (p, 1..2), (p, PIPE_HELP_BEHIND), (p, 0..0)]);
        for (pipe_from, help_behind) in cases {
            let mut out = JsonOut::new(false, pipe_from, help_behind.clone());
            out.text().push('{');
            for (i, ri) in resolved.iter().enumerate() {
                render::key(&ri.key, i == 0, out.text());
                out.instance(ri, &mut render::Unknowns(Vec::new()));
                out.flush_if_big();
            }
            out.text().push('}');
            assert!(pipe_from == usize::MAX || matches!(out, JsonOut::Piped(_)), "the writer thread took over");
            assert_eq!(out.finish().as_deref(), Some(expected.as_str()), "pipe_from {pipe_from}, help {help_behind:?}");
        }
    }
}
