//! The lazy Nix evaluator. It gives Nix's answer wherever the input is
//! static, and a [`Value::Unknown`] with a reason and a location wherever it
//! is not. Errors are values until forced, as in Nix; they carry Nix's
//! wording. Work, depth and file sizes are bounded.

pub mod builtins;
pub mod ir;
pub mod json;
pub mod lower;
pub mod nixlib;
pub mod print;
pub mod types;
pub mod value;

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use ir::*;
use value::*;

use crate::syntax::{SourceDb, Span};

/// The kinds of evaluation errors (the classes Nix distinguishes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    UndefinedVariable,
    DuplicateAttr,
    MissingAttr,
    Type,
    InfiniteRecursion,
    Assertion,
    Throw,
    Abort,
    DivisionByZero,
    Overflow,
    MissingArg,
    UnexpectedArg,
    Coercion,
    IndexOutOfBounds,
    Io,
    Sandbox,
    StackOverflow,
    /// No clan was found where one was looked for (exit 2).
    NoClan,
    /// A bound of clan-inv (steps, memory, file size) was hit: not an answer
    /// Nix would give, so callers report it as unknown.
    Limit,
    Other,
}

#[derive(Clone, Debug)]
pub struct EvalError {
    pub kind: ErrorKind,
    pub msg: String,
    pub span: Option<Span>,
}

impl EvalError {
    pub fn new(kind: ErrorKind, msg: String, span: Option<Span>) -> EvalError {
        EvalError { kind, msg, span }
    }
    /// Errors `builtins.tryEval` catches (as in Nix: `throw` and `assert`).
    pub fn catchable(&self) -> bool {
        matches!(self.kind, ErrorKind::Throw | ErrorKind::Assertion)
    }
}

pub type R<T> = Result<T, EvalError>;

/// The longest string clan-inv builds.
pub const MAX_STRING: usize = 64 << 20;

/// Bounds on one evaluation.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_steps: u64,
    pub max_call_depth: u32,
    pub max_eval_depth: u32,
    pub max_file_size: u64,
    pub max_alloc: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_steps: 25_000_000,
            max_call_depth: 10_000,
            max_eval_depth: 300_000,
            max_file_size: 10 << 20,
            max_alloc: 60_000_000,
        }
    }
}

enum Loaded {
    Ok(ExprRef),
    Err(EvalError),
}

pub struct Evaluator {
    pub db: SourceDb,
    /// Files outside this directory are never read.
    pub root: PathBuf,
    pub globals: HashMap<Rc<str>, Value>,
    files: HashMap<PathBuf, Loaded>,
    /// Results of `import`, so each file is evaluated once.
    imports: HashMap<PathBuf, Thunk>,
    pub limits: Limits,
    steps: u64,
    depth: u32,
    call_depth: u32,
    pub allocs: u64,
    pub cur_span: Option<Span>,
    /// The builtin being called (for messages of unsupported builtins).
    pub current_builtin: Option<&'static str>,
    /// `builtins.trace` output and warnings, in order.
    pub traces: Vec<String>,
    /// The literal each attribute set came from (for definition locations).
    /// Calls of entry points recorded by marker functions (`lib.clan`,
    /// `mkFlake`): their kind and arguments.
    pub recorded: Vec<(&'static str, Vec<Thunk>)>,
    /// State of higher layers that marker functions create (e.g. the
    /// flake-parts evaluation), kept for the layer that asked for it.
    pub ext: Vec<Rc<dyn std::any::Any>>,
    /// While looking for the clan: arguments passed to functions that are
    /// not known (a flake input's framework), so they can be searched too.
    pub opaque_args: Option<Vec<Thunk>>,
    /// Where the first of those calls is.
    pub opaque_call: Option<Span>,
    /// Interned names (see `lower`).
    pub names: std::cell::RefCell<rustc_hash::FxHashSet<Rc<str>>>,
    /// Workers parsing files ahead of evaluation, if started.
    ahead: Option<crate::syntax::ahead::ParseAhead>,
    /// Values of clan-inv's own Nix sources, by name (evaluated once).
    sources: HashMap<&'static str, Value>,
    /// Native nixpkgs lib, built on first use.
    lib_cache: Option<Value>,
    /// Canonical directories (`check_sandbox`).
    canon: std::cell::RefCell<crate::util::CanonCache>,
}

fn type_err(expected: &str, v: &Value, span: Option<Span>) -> EvalError {
    EvalError::new(ErrorKind::Type, format!("expected {} but found {}", expected, v.show_type()), span)
}

impl Evaluator {
    pub fn new(root: PathBuf) -> Evaluator {
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let mut ev = Evaluator {
            db: SourceDb::default(),
            root,
            globals: HashMap::default(),
            files: HashMap::default(),
            imports: HashMap::default(),
            limits: Limits::default(),
            steps: 0,
            depth: 0,
            call_depth: 0,
            allocs: 0,
            cur_span: None,
            current_builtin: None,
            traces: Vec::new(),
            lib_cache: None,
            canon: Default::default(),
            sources: HashMap::default(),
            names: Default::default(),
            ahead: None,
            recorded: Vec::new(),
            ext: Vec::new(),
            opaque_args: None,
            opaque_call: None,
        };
        ev.globals = builtins::globals();
        ev
    }

    pub fn err(&self, kind: ErrorKind, msg: impl Into<String>) -> EvalError {
        EvalError::new(kind, msg.into(), self.cur_span)
    }

    pub fn type_error(&self, expected: &str, v: &Value) -> EvalError {
        type_err(expected, v, self.cur_span)
    }

    /// The native nixpkgs lib (`lib`, `inputs.nixpkgs.lib`).
    pub fn lib(&mut self) -> Value {
        if let Some(l) = &self.lib_cache {
            return l.clone();
        }
        let l = nixlib::make_lib(self);
        self.lib_cache = Some(l.clone());
        l
    }

    // ---- files ------------------------------------------------------------

    /// Resolves a path for reading: it must exist inside the root. Returns
    /// the canonical path.
    pub fn check_sandbox(&self, p: &Path) -> R<PathBuf> {
        let canon =
            self.canon.borrow_mut().canonicalize(p).map_err(|e| {
                self.err(ErrorKind::Io, format!("getting status of '{}': {}", p.display(), io_reason(&e)))
            })?;
        if !canon.starts_with(&self.root) {
            return Err(self.err(
                ErrorKind::Sandbox,
                format!(
                    "access to path '{}' is forbidden: it is outside the clan directory '{}'",
                    p.display(),
                    self.root.display()
                ),
            ));
        }
        Ok(canon)
    }

    /// Reads, parses and lowers a file once; returns its expression.
    pub fn load_file(&mut self, path: &Path) -> R<ExprRef> {
        let mut path = path.to_path_buf();
        if path.is_dir() {
            path = path.join("default.nix");
        }
        self.load_resolved(path)
    }

    /// `load_file` of a path already resolved from a directory to its
    /// `default.nix` (one `stat` less per imported file).
    fn load_resolved(&mut self, path: PathBuf) -> R<ExprRef> {
        if let Some(l) = self.files.get(&path) {
            return match l {
                Loaded::Ok(e) => Ok(e.clone()),
                Loaded::Err(e) => Err(e.clone()),
            };
        }
        let r = self.load_file_uncached(&path);
        self.files.insert(
            path,
            match &r {
                Ok(e) => Loaded::Ok(e.clone()),
                Err(e) => Loaded::Err(e.clone()),
            },
        );
        r
    }

    fn load_file_uncached(&mut self, path: &Path) -> R<ExprRef> {
        use crate::syntax::ahead::{Prepared, prepare};
        let canon = self.check_sandbox(path)?;
        let prepared = match self.ahead.as_ref().and_then(|a| a.take(&canon)) {
            Some(p) => p,
            None => {
                let p = prepare(&canon, self.limits.max_file_size);
                if let (Some(a), Prepared::Text { paths, .. }) = (&self.ahead, &p) {
                    a.enqueue(paths);
                }
                p
            }
        };
        let io = |ev: &Self, e: &std::io::Error| {
            ev.err(ErrorKind::Io, format!("reading '{}': {}", path.display(), io_reason(e)))
        };
        let (text, nul, nesting, parse) = match prepared {
            Prepared::Io(e) => return Err(io(self, &e)),
            Prepared::TooLarge(_) => {
                return Err(self.err(
                    ErrorKind::Limit,
                    format!(
                        "file '{}' is larger than the limit of {} bytes",
                        path.display(),
                        self.limits.max_file_size
                    ),
                ));
            }
            Prepared::NotUtf8(bytes) => return Err(self.not_utf8(path, &bytes)),
            Prepared::NotRegular => {
                return Err(self.err(
                    ErrorKind::Limit,
                    format!("'{}' is not a regular file; clan-inv reads only regular files", path.display()),
                ));
            }
            Prepared::Text { text, nul, nesting, parse, .. } => (text, nul, nesting, parse),
        };
        let fid = self.db.add(path.to_path_buf(), Rc::from(text.as_str()));
        if let Some(nul) = nul {
            return Err(EvalError::new(
                ErrorKind::Syntax,
                "syntax error, unexpected NUL byte".into(),
                Some(Span { file: fid, start: nul as u32, end: nul as u32 + 1 }),
            ));
        }
        if let Some((at, msg)) = nesting {
            return Err(EvalError::new(ErrorKind::Limit, msg, Some(Span { file: fid, start: at, end: at + 1 })));
        }
        let Some(parse) = parse else {
            return Err(self.err(ErrorKind::Limit, format!("file '{}' could not be parsed", path.display())));
        };
        let file = match parse {
            Ok(file) => file,
            Err(errors) => {
                let Some(e) = errors.iter().find(|e| e.limit).or(errors.first()) else {
                    return Err(self.err(ErrorKind::Syntax, format!("file '{}' could not be parsed", path.display())));
                };
                // Hitting the parser's depth limit says nothing about the file's
                // validity: that is an unknown answer, not a syntax error.
                let kind = if e.limit { ErrorKind::Limit } else { ErrorKind::Syntax };
                return Err(EvalError::new(
                    kind,
                    e.message.clone(),
                    Some(Span { file: fid, start: e.start, end: e.end }),
                ));
            }
        };
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let src = self.db.get(fid);
        let mut lw = lower::Lowerer::new(fid, src, &dir, &self.globals, &self.names);
        let r = lw.lower_root(&file);
        // Freeing a tree costs a good part of building it: a worker does it.
        if let Some(a) = &self.ahead {
            a.discard(Box::new(file));
        }
        r
    }

    /// The error for a file that is not valid UTF-8. Inside a string or a
    /// comment Nix reads such bytes fine (clan-inv cannot: unknown);
    /// elsewhere they are a syntax error for Nix too.
    fn not_utf8(&mut self, path: &Path, bytes: &[u8]) -> EvalError {
        let off = match std::str::from_utf8(bytes) {
            Ok(_) => 0,
            Err(e) => e.valid_up_to(),
        };
        // A backtick stands in for each invalid byte: offsets stay the same
        // and it is no valid token outside strings and comments.
        let mut masked = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            masked.push_str(chunk.valid());
            masked.extend(std::iter::repeat_n('`', chunk.invalid().len()));
        }
        let mut pos = 0usize;
        let mut in_text = false;
        for (kind, tok) in rnix::tokenize(&masked) {
            if pos + tok.len() > off {
                in_text = matches!(kind, rnix::SyntaxKind::TOKEN_STRING_CONTENT | rnix::SyntaxKind::TOKEN_COMMENT);
                break;
            }
            pos += tok.len();
        }
        let fid = self.db.add(path.to_path_buf(), Rc::from(masked.as_str()));
        let span = Some(Span { file: fid, start: off as u32, end: off as u32 + 1 });
        if in_text {
            EvalError::new(ErrorKind::Limit, "file is not valid UTF-8; clan-inv reads only UTF-8 files".into(), span)
        } else {
            EvalError::new(ErrorKind::Syntax, "syntax error, unexpected invalid UTF-8 byte".into(), span)
        }
    }

    /// Starts parsing files ahead on spare cores, beginning with `seeds`
    /// (see `syntax::ahead`).
    pub fn start_parse_ahead(&mut self, seeds: &[PathBuf]) {
        if self.ahead.is_none() {
            self.ahead = crate::syntax::ahead::ParseAhead::start(&self.root, self.limits.max_file_size, seeds);
        }
    }

    /// Evaluates Nix source that is not a file of the clan (clan-inv's own
    /// prelude code). `name` is shown in locations.
    pub fn eval_source(&mut self, name: &str, text: &str) -> R<Value> {
        let fid = self.db.add(PathBuf::from(name), Rc::from(text));
        let file = match crate::syntax::parse(text) {
            Ok(file) => file,
            Err(errors) => {
                let (start, end, message) = match errors.first() {
                    Some(e) => (e.start, e.end, e.message.clone()),
                    None => (0, 0, "syntax error".to_string()),
                };
                return Err(EvalError::new(ErrorKind::Syntax, message, Some(Span { file: fid, start, end })));
            }
        };
        let src = self.db.get(fid);
        let dir = self.root.clone();
        let mut lw = lower::Lowerer::new(fid, src, &dir, &self.globals, &self.names);
        let e = lw.lower_root(&file)?;
        self.eval(&e, &Env::new(None, 0))
    }

    /// `eval_source`, once per name.
    pub fn cached_source(&mut self, name: &'static str, text: &'static str) -> R<Value> {
        if let Some(v) = self.sources.get(name) {
            return Ok(v.clone());
        }
        let v = self.eval_source(name, text)?;
        self.sources.insert(name, v.clone());
        Ok(v)
    }

    /// `import path`: the value of a file, evaluated once.
    pub fn import(&mut self, path: &Path) -> R<Value> {
        let mut path = path.to_path_buf();
        if path.is_dir() {
            path = path.join("default.nix");
        }
        if let Some(t) = self.imports.get(&path) {
            let t = t.clone();
            return self.force(&t);
        }
        let expr = match self.load_resolved(path.clone()) {
            Ok(e) => e,
            // A file outside the clan directory is not read: what it holds is
            // not known (Nix would read it).
            Err(e) if e.kind == ErrorKind::Sandbox => return Ok(Value::unknown(e.msg, e.span.or(self.cur_span))),
            Err(e) => return Err(e),
        };
        let t = Thunk::new(expr, Env::new(None, 0));
        self.imports.insert(path, t.clone());
        self.force(&t)
    }

    // ---- forcing -----------------------------------------------------------

    pub fn force(&mut self, t: &Thunk) -> R<Value> {
        match t {
            Thunk::Val(v) => Ok(v.clone()),
            Thunk::Lazy(c) => self.force_cell(c, None),
            Thunk::Slot(s, i) => match s.cells.get(*i as usize) {
                Some(c) => self.force_cell(c, Some((s, *i))),
                None => Err(self.err(ErrorKind::Other, "clan-inv: no such table entry")),
            },
        }
    }

    /// Forces the state in `cell`; `slot` is the table it belongs to, if
    /// it is a `Thunk::Slot`'s.
    fn force_cell(&mut self, cell: &std::cell::RefCell<ThunkState>, slot: Option<(&Rc<Slots>, u32)>) -> R<Value> {
        if let ThunkState::Done(v) = &*cell.borrow() {
            return Ok(v.clone());
        }
        let state = std::mem::replace(&mut *cell.borrow_mut(), ThunkState::Blackhole);
        let r = match &state {
            ThunkState::Pending(e, env) => self.eval(e, env),
            ThunkState::Apply(fa) => self.apply(fa.0.clone(), fa.1.clone()),
            ThunkState::Apply2(fab) => {
                let (f, a, b) = &**fab;
                let g = self.apply(f.clone(), a.clone());
                match g {
                    Ok(g) => self.apply(g, b.clone()),
                    Err(e) => Err(e),
                }
            }
            ThunkState::Select(sel) => {
                let (s, name, span) = &**sel;
                let sv = self.force(s);
                match sv {
                    Ok(sv) => {
                        let saved = self.cur_span;
                        if span.is_some() {
                            self.cur_span = *span;
                        }
                        let r = self.select_one(&sv, name);
                        self.cur_span = saved;
                        r
                    }
                    Err(e) => Err(e),
                }
            }
            ThunkState::Native(f) => {
                let f = f.clone();
                f(self)
            }
            ThunkState::Table => match slot {
                Some((s, i)) => s.table.compute(self, i),
                None => Err(self.err(ErrorKind::Other, "clan-inv: a table entry outside its table")),
            },
            ThunkState::Blackhole => {
                *cell.borrow_mut() = ThunkState::Blackhole;
                return Err(self.err(ErrorKind::InfiniteRecursion, "infinite recursion encountered"));
            }
            ThunkState::Done(v) => Ok(v.clone()),
        };
        match r {
            Ok(v) => {
                *cell.borrow_mut() = ThunkState::Done(v.clone());
                Ok(v)
            }
            Err(e) => {
                // Like Nix, a failed thunk fails again when forced again.
                *cell.borrow_mut() = state;
                Err(e)
            }
        }
    }

    /// Enters one level of a deep walk over a value (JSON output, deepSeq,
    /// equality): counts a step and bounds the depth, like evaluation.
    pub fn enter(&mut self) -> R<()> {
        self.tick()?;
        self.depth += 1;
        if self.depth > self.limits.max_eval_depth {
            self.depth -= 1;
            return Err(self.err(ErrorKind::StackOverflow, "stack overflow (possible infinite recursion)"));
        }
        Ok(())
    }

    /// Leaves a level entered with [`Evaluator::enter`].
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    fn tick(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(self.err(
                ErrorKind::Limit,
                format!(
                    "evaluation exceeded the limit of {} steps (the expression may be exponential)",
                    self.limits.max_steps
                ),
            ));
        }
        Ok(())
    }

    /// Strings are bounded too (a doubling string grows exponentially).
    pub fn check_string_len(&self, n: usize) -> R<()> {
        if n > MAX_STRING {
            return Err(
                self.err(ErrorKind::Limit, format!("a string longer than {MAX_STRING} bytes exceeds clan-inv's limit"))
            );
        }
        Ok(())
    }

    pub fn count_alloc(&mut self, n: usize) -> R<()> {
        self.allocs += n as u64;
        if self.allocs > self.limits.max_alloc {
            return Err(self.err(
                ErrorKind::Limit,
                format!("evaluation exceeded the memory limit of {} values", self.limits.max_alloc),
            ));
        }
        Ok(())
    }

    /// Evaluates to weak head normal form.
    pub fn eval(&mut self, e: &ExprRef, env: &Rc<Env>) -> R<Value> {
        self.tick()?;
        self.depth += 1;
        if self.depth > self.limits.max_eval_depth {
            self.depth -= 1;
            return Err(EvalError::new(
                ErrorKind::StackOverflow,
                "stack overflow (possible infinite recursion)".into(),
                Some(e.span),
            ));
        }
        let r = self.eval_inner(e, env);
        self.depth -= 1;
        r
    }

    fn thunk_of(&mut self, e: &ExprRef, env: &Rc<Env>) -> Thunk {
        match &e.kind {
            ExprKind::Const(v) => Thunk::Val(v.clone()),
            ExprKind::Var { level, slot } => match env.ancestor(*level).slot(*slot) {
                Some(t) => t,
                None => Thunk::new(e.clone(), env.clone()),
            },
            ExprKind::Lambda(def) => Thunk::Val(Value::Lambda(Rc::new(Closure { def: def.clone(), env: env.clone() }))),
            _ => Thunk::new(e.clone(), env.clone()),
        }
    }

    fn eval_inner(&mut self, e: &ExprRef, env: &Rc<Env>) -> R<Value> {
        match &e.kind {
            ExprKind::Const(v) => Ok(v.clone()),
            ExprKind::Var { level, slot } => {
                let t = env.ancestor(*level).slot(*slot);
                match t {
                    Some(t) => {
                        let saved = self.cur_span;
                        self.cur_span = Some(e.span);
                        let r = self.force(&t);
                        self.cur_span = saved;
                        // An unknown argument (`pkgs`, an opaque input) is
                        // located where it is used.
                        match r {
                            Ok(Value::Unknown(u)) if u.span.is_none() => Ok(located(&u, None, e.span)),
                            r => r,
                        }
                    }
                    None => Err(EvalError::new(
                        ErrorKind::InfiniteRecursion,
                        "infinite recursion encountered".into(),
                        Some(e.span),
                    )),
                }
            }
            ExprKind::WithVar { name, withs } => {
                for level in withs {
                    let ns = env.ancestor(*level).slot(0);
                    let Some(ns) = ns else { continue };
                    let nsv = self.force(&ns)?;
                    match &nsv {
                        Value::Attrs(a) => {
                            if let Some(t) = a.get(name) {
                                let t = t.clone();
                                return self.force(&t);
                            }
                            if let Some(p) = &a.partial {
                                return Ok(Value::Unknown(p.unknown.clone()));
                            }
                        }
                        Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
                        other => return Err(type_err("a set", other, Some(e.span))),
                    }
                }
                Err(EvalError::new(ErrorKind::UndefinedVariable, format!("undefined variable '{name}'"), Some(e.span)))
            }
            ExprKind::List(items) => {
                self.count_alloc(items.len())?;
                let v: Vec<Thunk> = items.iter().map(|i| self.thunk_of(i, env)).collect();
                Ok(Value::list(v))
            }
            ExprKind::Attrs(def) => self.eval_attrs(def, env),
            ExprKind::Let { def, body } => {
                let new_env = self.make_rec_env(def, env)?;
                self.eval(body, &new_env)
            }
            ExprKind::Lambda(def) => Ok(Value::Lambda(Rc::new(Closure { def: def.clone(), env: env.clone() }))),
            ExprKind::Apply(f, x) => {
                let fv = self.eval(f, env)?;
                let arg = self.thunk_of(x, env);
                let saved = self.cur_span;
                self.cur_span = Some(e.span);
                let r = self.apply(fv, arg);
                self.cur_span = saved;
                r
            }
            ExprKind::Select { expr, path, default } => {
                let mut cur = self.eval(expr, env)?;
                for key in path {
                    let name = match self.key_name(key, env)? {
                        Ok(n) => n,
                        Err(u) => return Ok(u),
                    };
                    match &cur {
                        Value::Attrs(a) => match a.get(&name) {
                            Some(t) => {
                                if let Some(p) = &a.partial
                                    && p.can_shadow
                                {
                                    return Ok(Value::Unknown(p.unknown.clone()));
                                }
                                let t = t.clone();
                                let saved = self.cur_span;
                                self.cur_span = Some(e.span);
                                let r = self.force(&t);
                                self.cur_span = saved;
                                cur = match r? {
                                    Value::Unknown(u) if u.span.is_none() => located(&u, Some(&name), e.span),
                                    v => v,
                                };
                            }
                            None => {
                                if let Some(p) = &a.partial {
                                    return Ok(located(&p.unknown, Some(&name), e.span));
                                }
                                if let Some(d) = default {
                                    return self.eval(d, env);
                                }
                                return Err(EvalError::new(
                                    ErrorKind::MissingAttr,
                                    format!("attribute '{name}' missing"),
                                    Some(e.span),
                                ));
                            }
                        },
                        Value::Unknown(u) => return Ok(located(u, None, e.span)),
                        other => {
                            if let Some(d) = default {
                                return self.eval(d, env);
                            }
                            return Err(type_err("a set", other, Some(e.span)));
                        }
                    }
                }
                Ok(cur)
            }
            ExprKind::HasAttr { expr, path } => {
                let mut cur = self.eval(expr, env)?;
                let n = path.len();
                for (i, key) in path.iter().enumerate() {
                    let name = match self.key_name(key, env)? {
                        Ok(n) => n,
                        Err(u) => return Ok(u),
                    };
                    match &cur {
                        Value::Attrs(a) => match a.get(&name) {
                            Some(t) => {
                                if i + 1 == n {
                                    return Ok(Value::Bool(true));
                                }
                                if let Some(p) = &a.partial
                                    && p.can_shadow
                                {
                                    return Ok(Value::Unknown(p.unknown.clone()));
                                }
                                let t = t.clone();
                                cur = self.force(&t)?;
                            }
                            None => {
                                if let Some(p) = &a.partial {
                                    return Ok(Value::Unknown(p.unknown.clone()));
                                }
                                return Ok(Value::Bool(false));
                            }
                        },
                        Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
                        _ => return Ok(Value::Bool(false)),
                    }
                }
                Ok(Value::Bool(true))
            }
            ExprKind::If(c, t, f) => match self.eval(c, env)? {
                Value::Bool(true) => self.eval(t, env),
                Value::Bool(false) => self.eval(f, env),
                Value::Unknown(u) => Ok(Value::Unknown(u)),
                other => Err(type_err("a Boolean", &other, Some(c.span))),
            },
            ExprKind::Assert { cond, body, text } => match self.eval(cond, env)? {
                Value::Bool(true) => self.eval(body, env),
                Value::Bool(false) => {
                    Err(EvalError::new(ErrorKind::Assertion, format!("assertion '{text}' failed"), Some(e.span)))
                }
                Value::Unknown(u) => Ok(Value::Unknown(u)),
                other => Err(type_err("a Boolean", &other, Some(cond.span))),
            },
            ExprKind::With { ns, body } => {
                let t = self.thunk_of(ns, env);
                let new_env = Env::with_slots(Some(env.clone()), vec![t]);
                self.eval(body, &new_env)
            }
            ExprKind::BinOp(op, l, r) => self.binop(*op, l, r, env, e.span),
            ExprKind::Not(x) => match self.eval(x, env)? {
                Value::Bool(b) => Ok(Value::Bool(!b)),
                Value::Unknown(u) => Ok(Value::Unknown(u)),
                other => Err(type_err("a Boolean", &other, Some(x.span))),
            },
            ExprKind::Neg(x) => match self.eval(x, env)? {
                Value::Int(i) => match 0i64.checked_sub(i) {
                    Some(v) => Ok(Value::Int(v)),
                    None => Err(EvalError::new(
                        ErrorKind::Overflow,
                        format!("integer overflow in subtracting 0 - {i}"),
                        Some(e.span),
                    )),
                },
                Value::Float(f) => Ok(Value::Float(-f)),
                Value::Unknown(u) => Ok(Value::Unknown(u)),
                other => Err(type_err("an integer", &other, Some(x.span))),
            },
            ExprKind::Interp(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        StrPart::Lit(l) => s.push_str(l),
                        StrPart::Interp(x) => {
                            let v = self.eval(x, env)?;
                            let saved = self.cur_span;
                            self.cur_span = Some(x.span);
                            let r = self.coerce_to_string(&v, false, false);
                            self.cur_span = saved;
                            match r? {
                                Ok(piece) => {
                                    self.check_string_len(s.len() + piece.len())?;
                                    s.push_str(&piece)
                                }
                                Err(u) => return Ok(u),
                            }
                        }
                    }
                }
                Ok(Value::Str(Rc::from(s.as_str())))
            }
            ExprKind::InterpPath(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        StrPart::Lit(l) => s.push_str(l),
                        StrPart::Interp(x) => {
                            let v = self.eval(x, env)?;
                            let saved = self.cur_span;
                            self.cur_span = Some(x.span);
                            let r = match &v {
                                Value::Path(p) => Ok(Ok(p.to_string_lossy().into_owned())),
                                _ => self.coerce_to_string(&v, false, false),
                            };
                            self.cur_span = saved;
                            match r? {
                                Ok(piece) => s.push_str(&piece),
                                Err(u) => return Ok(u),
                            }
                        }
                    }
                }
                Ok(Value::Path(Rc::new(canon_path(Path::new(&s)))))
            }
            ExprKind::Unknown(reason) => Ok(Value::unknown(reason.to_string(), Some(e.span))),
            ExprKind::Error(err) => Err(err.clone()),
        }
    }

    /// The name of a select key: `Ok(name)`, or `Err(unknown)` when the key
    /// itself is not known.
    fn key_name(&mut self, key: &KeyExpr, env: &Rc<Env>) -> R<Result<Rc<str>, Value>> {
        match key {
            KeyExpr::Static(s) => Ok(Ok(s.clone())),
            KeyExpr::Dynamic(e) => match self.eval(e, env)? {
                Value::Str(s) => Ok(Ok(s)),
                Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
                other => Err(type_err("a string", &other, Some(e.span))),
            },
        }
    }

    fn attr_thunk(&mut self, v: &AttrVal, env: &Rc<Env>, from: &[Thunk]) -> R<Thunk> {
        Ok(match v {
            AttrVal::Expr(e) => self.thunk_of(e, env),
            AttrVal::Nested(def) => Thunk::Val(self.eval_attrs(def, env)?),
            AttrVal::InheritFrom(i, name) => match from.get(*i as usize) {
                Some(src) => Thunk::lazy(ThunkState::Select(Box::new((src.clone(), name.clone(), None)))),
                None => Thunk::Val(Value::unknown("internal: inherit source missing", None)),
            },
        })
    }

    /// The frame of a `rec` set or `let`: one slot per static attribute.
    fn make_rec_env(&mut self, def: &AttrsDef, env: &Rc<Env>) -> R<Rc<Env>> {
        let new_env = Env::new(Some(env.clone()), def.statics.len());
        let from: Vec<Thunk> = def.inherit_from.iter().map(|e| Thunk::new(e.clone(), new_env.clone())).collect();
        for (_, v, _) in &def.statics {
            let t = self.attr_thunk(v, &new_env, &from)?;
            new_env.slots.borrow_mut().push(t);
        }
        Ok(new_env)
    }

    fn eval_attrs(&mut self, def: &Rc<AttrsDef>, env: &Rc<Env>) -> R<Value> {
        self.count_alloc(def.statics.len() + 1)?;
        let (entries, scope): (Vec<(Rc<str>, Thunk)>, Rc<Env>) = if def.rec {
            let new_env = self.make_rec_env(def, env)?;
            let slots = new_env.slots.borrow().clone();
            (def.statics.iter().zip(slots).map(|((n, _, _), t)| (n.clone(), t)).collect(), new_env.clone())
        } else {
            let from: Vec<Thunk> = def.inherit_from.iter().map(|e| Thunk::new(e.clone(), env.clone())).collect();
            let mut out = Vec::with_capacity(def.statics.len());
            for (n, v, _) in &def.statics {
                out.push((n.clone(), self.attr_thunk(v, env, &from)?));
            }
            (out, env.clone())
        };
        let mut attrs = Attrs::from_unsorted(entries);
        if !def.dynamics.is_empty() {
            let from: Vec<Thunk> = def.inherit_from.iter().map(|e| Thunk::new(e.clone(), scope.clone())).collect();
            let mut extra: Vec<(Rc<str>, Thunk)> = Vec::new();
            for (name_e, v, span) in &def.dynamics {
                let name = self.eval(name_e, &scope)?;
                match name {
                    Value::Null => continue,
                    Value::Str(s) => {
                        if attrs.get(&s).is_some() || extra.iter().any(|(n, _)| *n == s) {
                            return Err(EvalError::new(
                                ErrorKind::DuplicateAttr,
                                format!("dynamic attribute '{s}' already defined at {}", self.db.location(*span)),
                                Some(*span),
                            ));
                        }
                        let t = self.attr_thunk(v, &scope, &from)?;
                        extra.push((s, t));
                    }
                    Value::Unknown(u) => {
                        attrs.partial = Some(Partial { unknown: u, can_shadow: false });
                    }
                    other => return Err(type_err("a string", &other, Some(name_e.span))),
                }
            }
            if !extra.is_empty() {
                let partial = attrs.partial.take();
                let mut all = attrs.entries;
                all.extend(extra);
                attrs = Attrs::from_unsorted(all);
                attrs.partial = partial;
            }
        }
        attrs.origin = Some(def.clone());
        Ok(Value::Attrs(Rc::new(attrs)))
    }

    /// Where attribute `name` of `set` was written, if `set` is a literal.
    pub fn attr_span(&self, set: &Attrs, name: &str) -> Option<Span> {
        set.origin.as_ref()?.span_of(name)
    }

    /// `attr_span` of the `i`-th entry of `set`: when the set has exactly
    /// the literal's static attributes, both are in name order and the
    /// entry's definition is found without a search.
    pub fn attr_span_at(set: &Attrs, i: usize) -> Option<Span> {
        let def = set.origin.as_ref()?;
        let (name, _) = set.entries.get(i)?;
        if def.statics.len() == set.entries.len()
            && let Some((n, _, span)) = def.nth_by_name(i)
            && (Rc::ptr_eq(n, name) || n == name)
        {
            return Some(*span);
        }
        def.span_of(name)
    }

    /// The span of the expression behind an unevaluated thunk.
    pub fn thunk_span(t: &Thunk) -> Option<Span> {
        match t {
            Thunk::Lazy(c) => match &*c.borrow() {
                ThunkState::Pending(e, _) => Some(e.span),
                _ => None,
            },
            Thunk::Val(_) | Thunk::Slot(..) => None,
        }
    }

    // ---- application -------------------------------------------------------

    pub fn apply(&mut self, f: Value, arg: Thunk) -> R<Value> {
        match f {
            Value::Lambda(c) => {
                self.call_depth += 1;
                if self.call_depth > self.limits.max_call_depth {
                    self.call_depth -= 1;
                    return Err(self.err(ErrorKind::StackOverflow, "stack overflow; max-call-depth exceeded"));
                }
                let r = self.call_lambda(&c, arg);
                self.call_depth -= 1;
                r
            }
            Value::Builtin(b) => {
                let def = b.def;
                // Sized for the full application: no regrowth on the push.
                let mut args = Vec::with_capacity((def.arity as usize).max(b.args.len() + 1));
                args.extend(b.args.iter().cloned());
                args.push(arg);
                if args.len() < def.arity as usize {
                    return Ok(Value::Builtin(Rc::new(BuiltinApp { def, args })));
                }
                self.call_depth += 1;
                if self.call_depth > self.limits.max_call_depth {
                    self.call_depth -= 1;
                    return Err(self.err(ErrorKind::StackOverflow, "stack overflow; max-call-depth exceeded"));
                }
                let saved = self.current_builtin.replace(def.name);
                let r = (def.f)(self, &args);
                self.current_builtin = saved;
                self.call_depth -= 1;
                r
            }
            Value::Attrs(a) => match a.get("__functor") {
                Some(t) => {
                    let t = t.clone();
                    let functor = self.force(&t)?;
                    let g = self.apply(functor, Thunk::Val(Value::Attrs(a.clone())))?;
                    self.apply(g, arg)
                }
                None => match &a.partial {
                    Some(p) => Ok(Value::Unknown(p.unknown.clone())),
                    None => {
                        Err(self.err(ErrorKind::Type, "attempt to call something which is not a function but a set"))
                    }
                },
            },
            Value::Unknown(u) => {
                if let Some(args) = &mut self.opaque_args
                    && args.len() < 1000
                {
                    args.push(arg);
                    self.opaque_call = self.opaque_call.or(self.cur_span).or(u.span);
                }
                // A fresh unknown: the result of a call is not the function.
                let reason = if u.reason.starts_with("the result of calling") {
                    u.reason.clone()
                } else {
                    format!("the result of calling a function that is not known statically ({})", u.reason)
                };
                Ok(Value::Unknown(Rc::new(Unknown { reason, span: self.cur_span.or(u.span) })))
            }
            other => Err(self.err(
                ErrorKind::Type,
                format!("attempt to call something which is not a function but {}", other.show_type()),
            )),
        }
    }

    /// Applies `f` to two arguments.
    pub fn apply2(&mut self, f: Value, a: Thunk, b: Thunk) -> R<Value> {
        let g = self.apply(f, a)?;
        self.apply(g, b)
    }

    fn call_lambda(&mut self, c: &Closure, arg: Thunk) -> R<Value> {
        let def = &c.def;
        match &def.param {
            Param::Ident => {
                let env = Env::with_slots(Some(c.env.clone()), vec![arg]);
                self.eval(&def.body, &env)
            }
            Param::Formals { formals, ellipsis, at } => {
                let av = self.force(&arg)?;
                let fname =
                    def.name.as_deref().map(|n| format!("'{n}'")).unwrap_or_else(|| "'anonymous lambda'".into());
                let env = Env::new(Some(c.env.clone()), formals.len() + 1);
                match &av {
                    Value::Attrs(a) => {
                        // Missing arguments first, in name order, as Nix checks them.
                        let mut sorted: Vec<&(Rc<str>, Option<ExprRef>)> = formals.iter().collect();
                        sorted.sort_by(|x, y| x.0.as_bytes().cmp(y.0.as_bytes()));
                        for (n, d) in &sorted {
                            if a.get(n).is_none() && d.is_none() && a.partial.is_none() {
                                return Err(self.err(
                                    ErrorKind::MissingArg,
                                    format!("function {fname} called without required argument '{n}'"),
                                ));
                            }
                        }
                        if !ellipsis {
                            for n in a.names() {
                                if !formals.iter().any(|(f, _)| f == n) {
                                    return Err(self.err(
                                        ErrorKind::UnexpectedArg,
                                        format!("function {fname} called with unexpected argument '{n}'"),
                                    ));
                                }
                            }
                        }
                        for (n, d) in formals {
                            let t = match (a.get(n), d) {
                                (Some(t), _) => match &a.partial {
                                    Some(p) if p.can_shadow => Thunk::Val(Value::Unknown(p.unknown.clone())),
                                    _ => t.clone(),
                                },
                                (None, Some(d)) => match &a.partial {
                                    Some(p) => Thunk::Val(Value::Unknown(p.unknown.clone())),
                                    None => Thunk::new(d.clone(), env.clone()),
                                },
                                (None, None) => match &a.partial {
                                    Some(p) => Thunk::Val(Value::Unknown(p.unknown.clone())),
                                    None => Thunk::Val(Value::unknown("internal: missing argument", None)),
                                },
                            };
                            env.slots.borrow_mut().push(t);
                        }
                    }
                    Value::Unknown(u) => {
                        for _ in formals {
                            env.slots.borrow_mut().push(Thunk::Val(Value::Unknown(u.clone())));
                        }
                    }
                    other => return Err(self.type_error("a set", other)),
                }
                if *at {
                    env.slots.borrow_mut().push(Thunk::Val(av.clone()));
                }
                self.eval(&def.body, &env)
            }
        }
    }

    /// `v.name` on a forced value (used by lazy selections).
    pub fn select_one(&mut self, v: &Value, name: &str) -> R<Value> {
        match v {
            Value::Attrs(a) => match a.get(name) {
                Some(t) => {
                    if let Some(p) = &a.partial
                        && p.can_shadow
                    {
                        return Ok(Value::Unknown(p.unknown.clone()));
                    }
                    let t = t.clone();
                    self.force(&t)
                }
                None => match &a.partial {
                    Some(p) => Ok(Value::Unknown(p.unknown.clone())),
                    None => Err(self.err(ErrorKind::MissingAttr, format!("attribute '{name}' missing"))),
                },
            },
            Value::Unknown(u) => Ok(Value::Unknown(u.clone())),
            other => Err(self.type_error("a set", other)),
        }
    }

    // ---- operators -----------------------------------------------------------

    fn bool_of(&mut self, e: &ExprRef, env: &Rc<Env>) -> R<Result<bool, Value>> {
        match self.eval(e, env)? {
            Value::Bool(b) => Ok(Ok(b)),
            Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
            other => Err(type_err("a Boolean", &other, Some(e.span))),
        }
    }

    fn binop(&mut self, op: BinOp, l: &ExprRef, r: &ExprRef, env: &Rc<Env>, span: Span) -> R<Value> {
        match op {
            BinOp::And => match self.bool_of(l, env)? {
                Ok(false) => Ok(Value::Bool(false)),
                Ok(true) => self.bool_of(r, env).map(|b| b.map(Value::Bool).unwrap_or_else(|u| u)),
                Err(u) => Ok(u),
            },
            BinOp::Or => match self.bool_of(l, env)? {
                Ok(true) => Ok(Value::Bool(true)),
                Ok(false) => self.bool_of(r, env).map(|b| b.map(Value::Bool).unwrap_or_else(|u| u)),
                Err(u) => Ok(u),
            },
            BinOp::Impl => match self.bool_of(l, env)? {
                Ok(false) => Ok(Value::Bool(true)),
                Ok(true) => self.bool_of(r, env).map(|b| b.map(Value::Bool).unwrap_or_else(|u| u)),
                Err(u) => Ok(u),
            },
            // `a > b` and `a <= b` are `b < a` in Nix: the right side is
            // evaluated first.
            BinOp::Gt | BinOp::Le => {
                let rv = self.eval(r, env)?;
                let lv = self.eval(l, env)?;
                let saved = self.cur_span;
                self.cur_span = Some(span);
                let res = self.binop_values(op, lv, rv);
                self.cur_span = saved;
                res
            }
            _ => {
                let lv = self.eval(l, env)?;
                // String concatenation coerces each part before evaluating
                // the next one.
                if op == BinOp::Add
                    && !matches!(
                        lv,
                        Value::Int(_)
                            | Value::Float(_)
                            | Value::Path(_)
                            | Value::Str(_)
                            | Value::Attrs(_)
                            | Value::Unknown(_)
                    )
                {
                    let saved = self.cur_span;
                    self.cur_span = Some(span);
                    let e = self.err(ErrorKind::Coercion, format!("cannot coerce {} to a string", lv.show_type()));
                    self.cur_span = saved;
                    return Err(e);
                }
                let rv = self.eval(r, env)?;
                let saved = self.cur_span;
                self.cur_span = Some(span);
                let res = self.binop_values(op, lv, rv);
                self.cur_span = saved;
                res
            }
        }
    }

    pub fn binop_values(&mut self, op: BinOp, lv: Value, rv: Value) -> R<Value> {
        match op {
            BinOp::Eq | BinOp::Ne => {
                let eq = self.values_equal(&lv, &rv)?;
                Ok(match eq {
                    Some(b) => Value::Bool(if op == BinOp::Eq { b } else { !b }),
                    None => unknown_of(&lv, &rv),
                })
            }
            BinOp::Lt => self.less_than(&lv, &rv).map(|o| o.map(Value::Bool).unwrap_or_else(|| unknown_of(&lv, &rv))),
            BinOp::Gt => self.less_than(&rv, &lv).map(|o| o.map(Value::Bool).unwrap_or_else(|| unknown_of(&lv, &rv))),
            BinOp::Le => {
                self.less_than(&rv, &lv).map(|o| o.map(|b| Value::Bool(!b)).unwrap_or_else(|| unknown_of(&lv, &rv)))
            }
            BinOp::Ge => {
                self.less_than(&lv, &rv).map(|o| o.map(|b| Value::Bool(!b)).unwrap_or_else(|| unknown_of(&lv, &rv)))
            }
            BinOp::Concat => match (&lv, &rv) {
                (Value::List(a), Value::List(b)) => {
                    self.count_alloc(a.len() + b.len())?;
                    let mut v = Vec::with_capacity(a.len() + b.len());
                    v.extend(a.iter().cloned());
                    v.extend(b.iter().cloned());
                    Ok(Value::list(v))
                }
                (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Ok(Value::Unknown(u.clone())),
                (Value::List(_), other) | (other, _) => Err(self.type_error("a list", other)),
            },
            BinOp::Update => self.update(lv, rv),
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => self.arith(op, lv, rv),
            BinOp::And | BinOp::Or | BinOp::Impl => Err(self.err(ErrorKind::Other, "internal: lazy operator")),
        }
    }

    pub fn update(&mut self, lv: Value, rv: Value) -> R<Value> {
        match (&lv, &rv) {
            (Value::Attrs(a), Value::Attrs(b)) => {
                if b.is_empty() && b.partial.is_none() {
                    return Ok(lv.clone());
                }
                if a.is_empty() && a.partial.is_none() {
                    return Ok(rv.clone());
                }
                self.count_alloc(a.len() + b.len())?;
                let mut out = Vec::with_capacity(a.len() + b.len());
                let (mut i, mut j) = (0, 0);
                while i < a.entries.len() && j < b.entries.len() {
                    match a.entries[i].0.as_bytes().cmp(b.entries[j].0.as_bytes()) {
                        std::cmp::Ordering::Less => {
                            out.push(a.entries[i].clone());
                            i += 1;
                        }
                        std::cmp::Ordering::Greater => {
                            out.push(b.entries[j].clone());
                            j += 1;
                        }
                        std::cmp::Ordering::Equal => {
                            out.push(b.entries[j].clone());
                            i += 1;
                            j += 1;
                        }
                    }
                }
                out.extend(a.entries[i..].iter().cloned());
                out.extend(b.entries[j..].iter().cloned());
                // An unknown part on the right may shadow anything (conservative);
                // one on the left can only shadow what the left itself holds.
                let partial = match (&a.partial, &b.partial) {
                    (_, Some(p)) => Some(Partial { unknown: p.unknown.clone(), can_shadow: true }),
                    (Some(p), None) => Some(Partial { unknown: p.unknown.clone(), can_shadow: p.can_shadow }),
                    (None, None) => None,
                };
                Ok(Value::attrs(Attrs { origin: None, entries: out, partial }))
            }
            (Value::Attrs(a), Value::Unknown(u)) => {
                let entries = a.entries.clone();
                Ok(Value::attrs(Attrs {
                    origin: None,
                    entries,
                    partial: Some(Partial { unknown: u.clone(), can_shadow: true }),
                }))
            }
            (Value::Unknown(u), Value::Attrs(b)) => {
                let entries = b.entries.clone();
                let can_shadow = b.partial.as_ref().is_some_and(|p| p.can_shadow);
                Ok(Value::attrs(Attrs {
                    origin: None,
                    entries,
                    partial: Some(Partial { unknown: u.clone(), can_shadow }),
                }))
            }
            (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Ok(Value::Unknown(u.clone())),
            (Value::Attrs(_), other) | (other, _) => Err(self.type_error("a set", other)),
        }
    }

    fn arith(&mut self, op: BinOp, lv: Value, rv: Value) -> R<Value> {
        use Value::*;
        match (&lv, &rv) {
            (Unknown(u), _) | (_, Unknown(u)) => Ok(Unknown(u.clone())),
            (Int(a), Int(b)) => {
                let (a, b) = (*a, *b);
                let (r, word) = match op {
                    BinOp::Add => (a.checked_add(b), "adding"),
                    BinOp::Sub => (a.checked_sub(b), "subtracting"),
                    BinOp::Mul => (a.checked_mul(b), "multiplying"),
                    _ => {
                        if b == 0 {
                            return Err(self.err(ErrorKind::DivisionByZero, "division by zero"));
                        }
                        (a.checked_div(b), "dividing")
                    }
                };
                let sym = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    _ => "/",
                };
                match r {
                    Some(v) => Ok(Int(v)),
                    None => Err(self.err(ErrorKind::Overflow, format!("integer overflow in {word} {a} {sym} {b}"))),
                }
            }
            (Int(_) | Float(_), Int(_) | Float(_)) => {
                let a = as_f64(&lv);
                let b = as_f64(&rv);
                Ok(Float(match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    _ => {
                        if b == 0.0 {
                            return Err(self.err(ErrorKind::DivisionByZero, "division by zero"));
                        }
                        a / b
                    }
                }))
            }
            (Str(a), _) if op == BinOp::Add => {
                let saved = self.cur_span;
                let r = self.coerce_to_string(&rv, false, false)?;
                self.cur_span = saved;
                match r {
                    Ok(b) => {
                        self.check_string_len(a.len() + b.len())?;
                        let mut s = String::with_capacity(a.len() + b.len());
                        s.push_str(a);
                        s.push_str(&b);
                        Ok(Str(Rc::from(s.as_str())))
                    }
                    Err(u) => Ok(u),
                }
            }
            (Path(a), _) if op == BinOp::Add => {
                let tail = match &rv {
                    Path(p) => p.to_string_lossy().into_owned(),
                    Str(s) => s.to_string(),
                    other => match self.coerce_to_string(other, false, false)? {
                        Ok(s) => s,
                        Err(u) => return Ok(u),
                    },
                };
                let joined = format!("{}{}", a.to_string_lossy(), tail);
                Ok(Path(Rc::new(canon_path(std::path::Path::new(&joined)))))
            }
            _ => {
                if op == BinOp::Add && !matches!(lv, Int(_) | Float(_)) {
                    Err(self.err(ErrorKind::Coercion, format!("cannot coerce {} to a string", lv.show_type())))
                } else if op == BinOp::Add {
                    Err(self.err(ErrorKind::Type, format!("cannot add {} to {}", rv.show_type(), lv.show_type())))
                } else if !matches!(lv, Int(_) | Float(_)) {
                    Err(self.type_error("an integer", &lv))
                } else {
                    Err(self.type_error("an integer", &rv))
                }
            }
        }
    }

    /// Deep equality as Nix's `==`. `None` when an unknown value decides it.
    pub fn values_equal(&mut self, a: &Value, b: &Value) -> R<Option<bool>> {
        self.enter()?;
        let r = self.values_equal_inner(a, b);
        self.leave();
        r
    }

    fn values_equal_inner(&mut self, a: &Value, b: &Value) -> R<Option<bool>> {
        use Value::*;
        Ok(Some(match (a, b) {
            (Unknown(_), _) | (_, Unknown(_)) => return Ok(None),
            (Null, Null) => true,
            (Bool(x), Bool(y)) => x == y,
            (Int(x), Int(y)) => x == y,
            (Int(_) | Float(_), Int(_) | Float(_)) => as_f64(a) == as_f64(b),
            (Str(x), Str(y)) => x == y,
            (Path(x), Path(y)) => x == y,
            (List(x), List(y)) => {
                if x.len() != y.len() {
                    return Ok(Some(false));
                }
                if Rc::ptr_eq(x, y) {
                    return Ok(Some(true));
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    // Nix treats the very same element as equal without
                    // comparing (so a function equals itself inside a list).
                    if thunk_same(p, q) {
                        continue;
                    }
                    let pv = self.force(p)?;
                    let qv = self.force(q)?;
                    match self.values_equal(&pv, &qv)? {
                        Some(true) => {}
                        Some(false) => return Ok(Some(false)),
                        None => return Ok(None),
                    }
                }
                true
            }
            (Attrs(x), Attrs(y)) => {
                if x.partial.is_some() || y.partial.is_some() {
                    return Ok(None);
                }
                if Rc::ptr_eq(x, y) {
                    return Ok(Some(true));
                }
                // Derivations compare by outPath.
                if is_derivation(self, x)? && is_derivation(self, y)? {
                    let (Some(p), Some(q)) = (x.get("outPath").cloned(), y.get("outPath").cloned()) else {
                        return Ok(Some(false));
                    };
                    let pv = self.force(&p)?;
                    let qv = self.force(&q)?;
                    return self.values_equal(&pv, &qv);
                }
                if x.len() != y.len() {
                    return Ok(Some(false));
                }
                for ((n1, _), (n2, _)) in x.entries.iter().zip(y.entries.iter()) {
                    if n1 != n2 {
                        return Ok(Some(false));
                    }
                }
                for ((_, t1), (_, t2)) in x.entries.iter().zip(y.entries.iter()) {
                    if thunk_same(t1, t2) {
                        continue;
                    }
                    let pv = self.force(t1)?;
                    let qv = self.force(t2)?;
                    match self.values_equal(&pv, &qv)? {
                        Some(true) => {}
                        Some(false) => return Ok(Some(false)),
                        None => return Ok(None),
                    }
                }
                true
            }
            _ => false,
        }))
    }

    /// `a < b` as Nix compares. `None` when unknown.
    pub fn less_than(&mut self, a: &Value, b: &Value) -> R<Option<bool>> {
        use Value::*;
        Ok(Some(match (a, b) {
            (Unknown(_), _) | (_, Unknown(_)) => return Ok(None),
            (Int(x), Int(y)) => x < y,
            (Int(_) | Float(_), Int(_) | Float(_)) => as_f64(a) < as_f64(b),
            (Str(x), Str(y)) => x.as_bytes() < y.as_bytes(),
            (Path(x), Path(y)) => x.as_os_str() < y.as_os_str(),
            (List(x), List(y)) => {
                for (p, q) in x.iter().zip(y.iter()) {
                    let pv = self.force(p)?;
                    let qv = self.force(q)?;
                    match self.values_equal(&pv, &qv)? {
                        Some(true) => continue,
                        None => return Ok(None),
                        Some(false) => return self.less_than(&pv, &qv),
                    }
                }
                x.len() < y.len()
            }
            _ => {
                return Err(
                    self.err(ErrorKind::Type, format!("cannot compare {} with {}", a.show_type(), b.show_type()))
                );
            }
        }))
    }

    /// Coerces to a string. `coerce_more` is `toString`'s extended set
    /// (ints, bools, null, lists); `copy_paths == false` keeps paths as their
    /// absolute path text only where Nix does (toString). Returns
    /// `Ok(Err(unknown))` when the string is not statically known.
    pub fn coerce_to_string(&mut self, v: &Value, coerce_more: bool, path_as_text: bool) -> R<Result<String, Value>> {
        match v {
            Value::Str(s) => Ok(Ok(s.to_string())),
            Value::Path(p) => {
                if path_as_text || coerce_more {
                    Ok(Ok(p.to_string_lossy().into_owned()))
                } else {
                    Ok(Err(Value::unknown(
                        format!(
                            "the path {} would be copied to the Nix store; its store path is not statically known",
                            p.display()
                        ),
                        self.cur_span,
                    )))
                }
            }
            Value::Attrs(a) => {
                if let Some(f) = a.get("__toString").cloned() {
                    let fv = self.force(&f)?;
                    let r = self.apply(fv, Thunk::Val(v.clone()))?;
                    return self.coerce_to_string(&r, coerce_more, path_as_text);
                }
                if let Some(o) = a.get("outPath").cloned() {
                    let ov = self.force(&o)?;
                    return self.coerce_to_string(&ov, coerce_more, path_as_text);
                }
                if let Some(p) = &a.partial {
                    return Ok(Err(Value::Unknown(p.unknown.clone())));
                }
                Err(self.err(ErrorKind::Coercion, "cannot coerce a set to a string"))
            }
            Value::Unknown(u) => Ok(Err(Value::Unknown(u.clone()))),
            Value::Int(i) if coerce_more => Ok(Ok(i.to_string())),
            Value::Float(f) if coerce_more => Ok(Ok(print::float_to_string(*f))),
            Value::Bool(b) if coerce_more => Ok(Ok(if *b { "1".into() } else { String::new() })),
            Value::Null if coerce_more => Ok(Ok(String::new())),
            Value::List(l) if coerce_more => {
                let mut out = String::new();
                let items = l.clone();
                for (i, t) in items.iter().enumerate() {
                    let iv = self.force(t)?;
                    let s = match self.coerce_to_string(&iv, true, path_as_text)? {
                        Ok(s) => s,
                        Err(u) => return Ok(Err(u)),
                    };
                    // Nix puts a space between elements, but not after empty lists.
                    if i > 0 && !(matches!(&iv, Value::List(x) if x.is_empty())) {
                        out.push(' ');
                    }
                    out.push_str(&s);
                }
                Ok(Ok(out))
            }
            other => Err(self.err(ErrorKind::Coercion, format!("cannot coerce {} to a string", other.show_type()))),
        }
    }

    /// Forces a value completely (`deepSeq`).
    pub fn force_deep(&mut self, v: &Value) -> R<()> {
        self.enter()?;
        let r = self.force_deep_inner(v);
        self.leave();
        r
    }

    fn force_deep_inner(&mut self, v: &Value) -> R<()> {
        match v {
            Value::List(l) => {
                let l = l.clone();
                for t in l.iter() {
                    let x = self.force(t)?;
                    self.force_deep(&x)?;
                }
            }
            Value::Attrs(a) => {
                let a = a.clone();
                for (_, t) in &a.entries {
                    let x = self.force(t)?;
                    self.force_deep(&x)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// An unknown with a location: markers made without one (a partial `lib`,
/// an opaque input) get the place where they were used, and the name.
fn located(u: &Rc<Unknown>, name: Option<&str>, span: Span) -> Value {
    if u.span.is_some() {
        return Value::Unknown(u.clone());
    }
    let reason = match name {
        Some(n) => format!("{}: `{n}`", u.reason),
        None => u.reason.clone(),
    };
    Value::Unknown(Rc::new(Unknown { reason, span: Some(span) }))
}

/// Whether two thunks are the same object (or the same function value).
fn thunk_same(a: &Thunk, b: &Thunk) -> bool {
    match (a, b) {
        (Thunk::Lazy(x), Thunk::Lazy(y)) => Rc::ptr_eq(x, y),
        (Thunk::Slot(x, i), Thunk::Slot(y, j)) => Rc::ptr_eq(x, y) && i == j,
        (Thunk::Val(Value::Lambda(x)), Thunk::Val(Value::Lambda(y))) => Rc::ptr_eq(x, y),
        (Thunk::Val(Value::Builtin(x)), Thunk::Val(Value::Builtin(y))) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

fn is_derivation(ev: &mut Evaluator, a: &Attrs) -> R<bool> {
    match a.get("type").cloned() {
        Some(t) => Ok(matches!(ev.force(&t)?, Value::Str(s) if &*s == "derivation")),
        None => Ok(false),
    }
}

pub fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => 0.0,
    }
}

fn unknown_of(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Value::Unknown(u.clone()),
        _ => Value::unknown("comparison involves a value that is not statically known", None),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}
