//! Parse-ahead: reading and parsing files on worker threads while the
//! evaluator works, so a clan of many files costs little more than its
//! evaluation on a machine with a spare core.
//!
//! The evaluator asks for files one at a time, in an order only evaluation
//! reveals. Workers guess it from the syntax: every file they (or the
//! evaluator) parse is scanned for relative path literals (`./machines`,
//! `../x.nix`), and the files those name are queued, breadth-first. A guess
//! costs only a spare core's time: the evaluator never waits for a file it
//! could parse itself; when it needs one a worker is parsing right now, it
//! parses the next queued file meanwhile, and waits only when none is left.
//! Workers read only regular files inside the sandbox root, and the syntax
//! trees the evaluator is done with are freed on a worker as well.
//!
//! Everything here is `Send`: text, the syntax tree (`ast.rs`) and its errors. The
//! evaluator's own (single-threaded, `Rc`) structures are built from them on
//! its thread.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::SyntaxError;

/// A file read and checked, ready for lowering: what
/// `Evaluator::load_file` would compute first, in the same order.
pub enum Prepared {
    /// Getting its status or reading it failed.
    Io(std::io::Error),
    /// Larger than the size limit: its length.
    TooLarge(u64),
    /// Neither a regular file nor a directory (a FIFO or a device would
    /// block or never end).
    NotRegular,
    /// Not valid UTF-8: the raw bytes.
    NotUtf8(Vec<u8>),
    Text {
        text: String,
        /// Offset of the first NUL byte.
        nul: Option<usize>,
        /// The nesting pre-check's complaint (`check_nesting`).
        nesting: Option<(u32, String)>,
        /// The parse, when the checks above passed.
        parse: Option<Result<super::ast::File, Vec<SyntaxError>>>,
        /// Files named by relative path literals (not yet checked to exist).
        paths: Vec<PathBuf>,
    },
}

impl Prepared {
    /// The source bytes held (the measure of the parse-ahead budget).
    fn size(&self) -> usize {
        match self {
            Prepared::Text { text, .. } => text.len(),
            Prepared::NotUtf8(b) => b.len(),
            Prepared::Io(_) | Prepared::TooLarge(_) | Prepared::NotRegular => 0,
        }
    }
}

/// Reads, checks and parses one file; never fails (errors are values).
pub fn prepare(path: &Path, max_size: u64) -> Prepared {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return Prepared::Io(e),
    };
    if !meta.is_file() && !meta.is_dir() {
        return Prepared::NotRegular;
    }
    if meta.len() > max_size {
        return Prepared::TooLarge(meta.len());
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Prepared::Io(e),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Prepared::NotUtf8(e.into_bytes()),
    };
    let nul = text.find('\0');
    let nesting = if nul.is_none() { super::check_nesting(&text) } else { None };
    let (parse, paths) = if nul.is_none() && nesting.is_none() {
        let p = super::parse(&text);
        let dir = path.parent().unwrap_or(Path::new("/"));
        let paths = match &p {
            Ok(file) => file
                .paths
                .iter()
                .map(|&(s, e)| crate::eval::ir::canon_path(&dir.join(&text[s as usize..e as usize])))
                .collect(),
            Err(_) => Vec::new(),
        };
        (Some(p), paths)
    } else {
        (None, Vec::new())
    };
    Prepared::Text { text, nul, nesting, parse, paths }
}

enum Slot {
    Queued,
    Running,
    Ready(Box<Prepared>),
    /// Handed to the evaluator, or parsed by it.
    Taken,
}

#[derive(Default)]
struct State {
    slots: HashMap<PathBuf, Slot>,
    queue: VecDeque<PathBuf>,
    /// Syntax trees to free.
    trash: Vec<Box<dyn Send>>,
    /// Source bytes of the files parsed but not yet taken.
    ready_bytes: usize,
    stop: bool,
}

struct Shared {
    state: Mutex<State>,
    cv: Condvar,
    root: PathBuf,
    max_size: u64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker never panics while holding the lock (nothing in it can);
        // if one did, its state is still consistent enough to read.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Time the evaluator spent waiting for files being parsed (for
/// `CLAN_INV_PROFILE`).
pub static WAITED_NS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Source bytes parsed ahead and not yet taken, beyond which workers pause:
/// path literals may name files the evaluation never reads (a vendored
/// package tree), and their syntax trees must not pile up.
const MAX_READY_BYTES: usize = 8 << 20;

/// Stack of a worker: as deep as the evaluator's (`api::run_with_big_stack`);
/// reserved, not used, unless a file nests that deep.
const WORKER_STACK: usize = 2 << 30;

/// Most files a clan's parse-ahead will queue (a guard against directories
/// of generated code, not a limit on what clan-inv reads).
const MAX_QUEUED: usize = 100_000;

/// The worker pool of one evaluation. Dropping it stops the workers (they
/// finish the file at hand and exit; nobody waits for them).
pub struct ParseAhead {
    shared: Arc<Shared>,
    /// For the files the evaluator's thread parses.
    canon: std::cell::RefCell<crate::util::CanonCache>,
}

impl ParseAhead {
    /// Workers for files under `root` (canonical), or `None` when the
    /// machine has no spare core or no thread can be started.
    pub fn start(root: &Path, max_size: u64, seeds: &[PathBuf]) -> Option<ParseAhead> {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let workers = cores.saturating_sub(1).min(3);
        if std::env::var_os("CLAN_INV_NO_AHEAD").is_some() {
            return None;
        }
        if workers == 0 {
            return None;
        }
        let shared =
            Arc::new(Shared { state: Mutex::new(State::default()), cv: Condvar::new(), root: root.into(), max_size });
        let ahead = ParseAhead { shared, canon: Default::default() };
        ahead.enqueue(seeds);
        let mut started = 0;
        for i in 0..workers {
            let s = ahead.shared.clone();
            // Operator chains are parsed (right-associative ones) and
            // freed recursively, one frame per operator: workers get the
            // evaluator's deep stack, or a long `++` chain would abort.
            let b = std::thread::Builder::new().name(format!("parse-ahead-{i}")).stack_size(WORKER_STACK);
            if b.spawn(move || work(&s)).is_ok() {
                started += 1;
            }
        }
        (started > 0).then_some(ahead)
    }

    /// Queues files (not yet checked) for parsing, unless already known.
    pub fn enqueue(&self, paths: &[PathBuf]) {
        if paths.is_empty() {
            return;
        }
        let mut st = self.shared.lock();
        let mut added = false;
        for p in paths {
            if st.slots.len() >= MAX_QUEUED {
                break;
            }
            if !st.slots.contains_key(p) {
                st.slots.insert(p.clone(), Slot::Queued);
                st.queue.push_back(p.clone());
                added = true;
            }
        }
        if added {
            self.shared.cv.notify_all();
        }
    }

    /// The prepared file at canonical path `canon`, if a worker has it or
    /// is on it; `None` means the caller prepares it (workers then skip it).
    pub fn take(&self, canon: &Path) -> Option<Prepared> {
        let mut st = self.shared.lock();
        loop {
            match st.slots.get_mut(canon) {
                Some(Slot::Running) => {
                    // Rather than wait for the worker on this file, parse the
                    // next one for it: it is needed soon, and both cores work.
                    if let Some(p) = next_job(&mut st) {
                        drop(st);
                        run_job(&self.shared, p, &mut self.canon.borrow_mut());
                        st = self.shared.lock();
                        continue;
                    }
                    let t0 = std::time::Instant::now();
                    st = self.shared.cv.wait(st).unwrap_or_else(|e| e.into_inner());
                    WAITED_NS.fetch_add(t0.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
                }
                Some(slot @ Slot::Ready(_)) => {
                    let Slot::Ready(p) = std::mem::replace(slot, Slot::Taken) else { return None };
                    st.ready_bytes = st.ready_bytes.saturating_sub(p.size());
                    self.shared.cv.notify_all();
                    return Some(*p);
                }
                Some(slot) => {
                    *slot = Slot::Taken;
                    return None;
                }
                None => {
                    st.slots.insert(canon.to_path_buf(), Slot::Taken);
                    return None;
                }
            }
        }
    }

    /// Frees a syntax tree on a worker.
    pub fn discard(&self, tree: Box<dyn Send>) {
        let mut st = self.shared.lock();
        st.trash.push(tree);
        self.shared.cv.notify_all();
    }
}

impl Drop for ParseAhead {
    fn drop(&mut self) {
        let mut st = self.shared.lock();
        st.stop = true;
        self.shared.cv.notify_all();
    }
}

fn work(s: &Shared) {
    let mut canon = crate::util::CanonCache::default();
    let mut st = s.lock();
    loop {
        if st.stop {
            return;
        }
        // Trees the evaluator is done with are freed first: they would
        // otherwise pile up while parsing stays ahead, and memory that is
        // freed early is memory reused instead of fresh pages faulted in.
        if !st.trash.is_empty() {
            let trash = std::mem::take(&mut st.trash);
            drop(st);
            drop(trash);
            st = s.lock();
            continue;
        }
        if st.ready_bytes < MAX_READY_BYTES
            && let Some(p) = next_job(&mut st)
        {
            drop(st);
            run_job(s, p, &mut canon);
            st = s.lock();
            continue;
        }
        st = s.cv.wait(st).unwrap_or_else(|e| e.into_inner());
    }
}

/// The next queued file, marked as being parsed.
fn next_job(st: &mut State) -> Option<PathBuf> {
    while let Some(p) = st.queue.pop_front() {
        if matches!(st.slots.get(&p), Some(Slot::Queued)) {
            st.slots.insert(p.clone(), Slot::Running);
            return Some(p);
        }
    }
    None
}

/// Prepares one queued file (on a worker, or on the evaluator's thread
/// while it waits) and queues the files it names.
fn run_job(s: &Shared, path: PathBuf, canon: &mut crate::util::CanonCache) {
    // Only regular files inside the sandbox; anything else is left to the
    // evaluator, which reports it properly if it is ever needed.
    let target = canon
        .canonicalize(&path)
        .ok()
        .map(|c| if c.is_dir() { c.join("default.nix") } else { c })
        .filter(|c| c.starts_with(&s.root) && c.is_file());
    let Some(target) = target else {
        s.lock().slots.insert(path, Slot::Taken);
        s.cv.notify_all();
        return;
    };
    if target != path {
        // Known under its real name: prepare that one instead.
        let mut st = s.lock();
        st.slots.insert(path, Slot::Taken);
        if !st.slots.contains_key(&target) {
            st.slots.insert(target.clone(), Slot::Queued);
            st.queue.push_front(target);
        }
        s.cv.notify_all();
        return;
    }
    // Parsing is not known to panic, but a worker that did would leave the
    // evaluator waiting for this file: it is handed back instead.
    let p = match std::panic::catch_unwind(|| prepare(&target, s.max_size)) {
        Ok(p) => p,
        Err(_) => {
            s.lock().slots.insert(target, Slot::Taken);
            s.cv.notify_all();
            return;
        }
    };
    let found: Vec<PathBuf> = match &p {
        Prepared::Text { paths, .. } => paths.clone(),
        _ => Vec::new(),
    };
    let mut st = s.lock();
    st.ready_bytes += p.size();
    st.slots.insert(target, Slot::Ready(Box::new(p)));
    for f in found {
        if st.slots.len() >= MAX_QUEUED {
            break;
        }
        if !st.slots.contains_key(&f) {
            st.slots.insert(f.clone(), Slot::Queued);
            st.queue.push_back(f);
        }
    }
    s.cv.notify_all();
}
