//! The module system, emulated: modules are collected breadth-first through
//! their `imports`, definitions are gathered per option (in the reverse of
//! collection order, as nixpkgs lists them), properties (`mkIf`, `mkMerge`,
//! `mkOverride`, `mkOrder`) are discharged, and values are merged by the
//! option's declared type. Submodules start a new evaluation whose roots are
//! their fixed modules followed by one wrapper per received definition.
//!
//! Everything is lazy: the merged configuration is an attribute set of
//! thunks, and a module may read it through its `config` argument. This layer
//! knows the module system, not clan; the option tree is declared by the
//! caller (`inventory`).

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use crate::eval::value::*;
use crate::eval::{ErrorKind, EvalError, Evaluator, R};
use crate::syntax::Span;
use crate::util::sym;

/// A `strMatching` pattern: the regex, as messages show it, and the same
/// test written out (compiling the regex cost a tenth of a small query;
/// each matcher is checked against real Nix's `builtins.match` in the
/// tests, `nix-fixtures/strmatching`).
pub struct Pattern {
    pub regex: &'static str,
    pub matches: fn(&str) -> bool,
}

/// Option types (the subset of nixpkgs' `types` clan uses).
pub enum Ty {
    Str,
    Int,
    Bool,
    /// `types.raw`: one definition, never inspected.
    Raw,
    Enum(&'static [&'static str]),
    /// `strMatching`: the regex must match the whole string.
    StrMatching(&'static Pattern),
    NullOr(Rc<Ty>),
    ListOf(Rc<Ty>),
    AttrsOf(Rc<Ty>),
    Submodule(Rc<Options>),
    /// Kept as a module (`{ imports = [ defs ]; }`), not merged.
    DeferredModule,
    /// clan's `uniqueDeferredSerializableModule`: one JSON-able definition.
    UniqueSettings,
    /// clan's role `tags`: a list of names is coerced to `{ name = { }; }`.
    ListOrAttrsOf(Rc<Ty>),
    /// `mkRemovedOptionModule`: any definition is a failed assertion.
    Removed(&'static str),
    /// `types.anything`: sets merge recursively, lists concatenate, other
    /// values must agree.
    Anything,
    /// A type clan-inv does not model: values of the option are unknown.
    Opaque(Rc<Unknown>),
    /// A user's `types.submodule`: its modules declare the options.
    UserSubmodule(Vec<Thunk>),
}

impl Ty {
    /// The type description nixpkgs prints in type errors.
    pub fn describe(&self) -> String {
        match self {
            Ty::Str => "string".into(),
            Ty::Int => "signed integer".into(),
            Ty::Bool => "boolean".into(),
            Ty::Raw => "raw value".into(),
            Ty::Enum(vs) => format!("one of {}", vs.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")),
            Ty::StrMatching(p) => format!("string matching the pattern {}", p.regex),
            Ty::NullOr(t) => format!("null or {}", t.describe_nested()),
            Ty::ListOf(t) => format!("list of {}", t.describe_nested()),
            Ty::AttrsOf(t) => format!("attribute set of {}", t.describe_nested()),
            Ty::Submodule(_) => "submodule".into(),
            Ty::DeferredModule => "module".into(),
            Ty::UniqueSettings => "module".into(),
            Ty::ListOrAttrsOf(t) => format!("list of string or attribute set of {}", t.describe_nested()),
            Ty::Removed(_) => "removed option".into(),
            Ty::Anything => "anything".into(),
            Ty::Opaque(_) => "unknown type".into(),
            Ty::UserSubmodule(_) => "submodule".into(),
        }
    }
    fn describe_nested(&self) -> String {
        match self {
            Ty::Submodule(_) => "(submodule)".into(),
            Ty::NullOr(_) | Ty::ListOf(_) | Ty::AttrsOf(_) => format!("({})", self.describe()),
            _ => self.describe(),
        }
    }
}

pub type ApplyFn = fn(&mut Evaluator, Value) -> R<Value>;

/// A native fixed module: the module's value from the module arguments.
pub type NativeModule = fn(&mut Evaluator, &ModArgs, &Thunk) -> R<Value>;

/// Module arguments inherited by nested submodule evaluations: shared by
/// all of them (one list for thousands of machines, never copied).
pub type Inherited = Rc<[(Rc<str>, Thunk)]>;

/// The module arguments a submodule evaluation receives besides `config`,
/// `lib` and `options`: the inherited ones and its own `name` (an
/// attribute key), which nested evaluations do not inherit.
#[derive(Clone, Default)]
pub struct ModArgs {
    pub inherited: Inherited,
    pub name: Option<Thunk>,
}

impl ModArgs {
    /// From a list that may hold a `name` (the first one is the name).
    pub fn from_vec(mut v: Vec<(Rc<str>, Thunk)>) -> ModArgs {
        let name = v.iter().position(|(n, _)| &**n == "name").map(|i| v.remove(i).1);
        v.retain(|(n, _)| &**n != "name");
        ModArgs { inherited: Rc::from(v), name }
    }
    /// The argument `n`, as a search of `to_vec` would find it.
    pub fn get(&self, n: &str) -> Option<&Thunk> {
        if n == "name" {
            return self.name.as_ref();
        }
        self.inherited.iter().find(|(k, _)| &**k == n).map(|(_, t)| t)
    }
    pub fn to_vec(&self) -> Vec<(Rc<str>, Thunk)> {
        let mut v = Vec::with_capacity(self.inherited.len() + 1);
        v.extend_from_slice(&self.inherited);
        if let Some(t) = &self.name {
            v.push((sym!("name"), t.clone()));
        }
        v
    }
}

pub struct OptDecl {
    pub ty: Rc<Ty>,
    /// The option default (priority 1500); `None`: reading it unset fails.
    pub default: Option<Value>,
    pub apply: Option<ApplyFn>,
}

/// The options of a submodule (`Default`: no options, no fixed modules).
#[derive(Default)]
pub struct Options {
    pub decls: Vec<(&'static str, OptDecl)>,
    pub freeform: Option<Rc<Ty>>,
    /// Modules every evaluation of this submodule starts with, as Nix source
    /// (clan-inv's own code): `(name, text)`.
    pub fixed: Vec<(&'static str, &'static str)>,
    /// Nested submodule evaluations receive this evaluation's config as a
    /// module argument of this name (clan passes `machines` to `tags`).
    pub export_as: Option<&'static str>,
    /// Arguments derived from inherited ones: `(name, from, path)` binds
    /// `name` to `from.path...`.
    pub derived_args: &'static [(&'static str, &'static str, &'static [&'static str])],
    /// `shorthandOnlyDefinesConfig`: a definition is always plain config
    /// (so `config` or `imports` inside it are option names).
    pub shorthand_only: bool,
    /// A fixed module computed natively from the module arguments (cheaper
    /// than Nix source where there is one evaluation per machine).
    pub fixed_native: Option<NativeModule>,
    /// The names of `decls`, made once (`decl_names`).
    pub names: std::cell::OnceCell<Vec<Rc<str>>>,
    /// Whether `decls` are in name order, found once (`decls_sorted`).
    pub sorted: std::cell::OnceCell<bool>,
    /// Indices into `decls` ordered by name length, then bytes; made once
    /// (`decl_index`).
    pub order: std::cell::OnceCell<Vec<u32>>,
}

impl Options {
    fn decl(&self, name: &str) -> Option<&OptDecl> {
        self.decl_index(name).map(|i| &self.decls[i].1)
    }
    /// The position of `name` in `decls`: by binary search over the names
    /// in byte order (built once per `Options`).
    fn decl_index(&self, name: &str) -> Option<usize> {
        // Ordered by length first: most probes end without comparing bytes.
        fn key(s: &str) -> (usize, Name<'_>) {
            (s.len(), Name(s))
        }
        #[derive(PartialEq, Eq)]
        struct Name<'a>(&'a str);
        impl PartialOrd for Name<'_> {
            fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(o))
            }
        }
        impl Ord for Name<'_> {
            fn cmp(&self, o: &Self) -> std::cmp::Ordering {
                crate::eval::value::cmp_names(self.0, o.0)
            }
        }
        let order = self.order.get_or_init(|| {
            let mut o: Vec<u32> = (0..self.decls.len() as u32).collect();
            o.sort_by(|&a, &b| key(self.decls[a as usize].0).cmp(&key(self.decls[b as usize].0)));
            o
        });
        let i = order.binary_search_by(|&i| key(self.decls[i as usize].0).cmp(&key(name))).ok()?;
        Some(order[i] as usize)
    }
    /// The declared names as shared strings, allocated once per `Options`.
    fn decl_names(&self) -> &[Rc<str>] {
        self.names.get_or_init(|| self.decls.iter().map(|(n, _)| Rc::from(*n)).collect())
    }
    /// Whether `decls` are in name order (as clan's option sets here are).
    fn decls_sorted(&self) -> bool {
        *self.sorted.get_or_init(|| self.decls.is_sorted_by(|a, b| a.0.as_bytes() < b.0.as_bytes()))
    }
}

/// One definition of an option, before properties are discharged.
#[derive(Clone)]
pub struct Def {
    pub value: Thunk,
    pub file: Rc<str>,
    pub span: Option<Span>,
    /// `mkIf` conditions pushed down onto this definition.
    pub conds: Vec<Thunk>,
    /// `mkOverride` priority pushed down onto this definition.
    pub prio: Option<i64>,
    /// Index of the defining module in collection order.
    pub module: usize,
}

impl Def {
    pub fn new(value: Thunk, file: Rc<str>, span: Option<Span>) -> Def {
        Def { value, file, span, conds: Vec::new(), prio: None, module: 0 }
    }
}

/// A definition with its properties discharged.
#[derive(Clone)]
pub struct Flat {
    pub value: Value,
    pub prio: i64,
    pub order: i64,
    pub file: Rc<str>,
    pub span: Option<Span>,
}

pub const DEFAULT_PRIO: i64 = 100;
pub const OPTION_DEFAULT_PRIO: i64 = 1500;

/// An option path (`inventory.machines.jon`) as nixpkgs shows it.
pub fn show_path(path: &[Rc<str>]) -> String {
    path.iter()
        .map(|p| {
            let ident = !p.is_empty()
                && p.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '\'');
            if ident { p.to_string() } else { format!("\"{p}\"") }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// An option path, sharing its prefix with its parent's: joining a name is
/// one allocation (there is one path per option of every submodule, and
/// most are only ever shown in an error message).
#[derive(Clone, Default)]
pub struct OptPath(Option<Rc<(OptPath, Rc<str>)>>);

impl OptPath {
    pub fn new(names: &[&str]) -> OptPath {
        names.iter().fold(OptPath::default(), |p, n| p.join(&Rc::from(*n)))
    }
    pub fn join(&self, k: &Rc<str>) -> OptPath {
        OptPath(Some(Rc::new((self.clone(), k.clone()))))
    }
    pub fn last(&self) -> Option<&Rc<str>> {
        self.0.as_ref().map(|n| &n.1)
    }
    pub fn names(&self) -> Vec<Rc<str>> {
        let mut out = Vec::new();
        let mut cur = self;
        while let Some(n) = &cur.0 {
            out.push(n.1.clone());
            cur = &n.0;
        }
        out.reverse();
        out
    }
    /// As nixpkgs shows it (`show_path`).
    pub fn show(&self) -> String {
        show_path(&self.names())
    }
}

/// Lists definitions the way nixpkgs' error messages do.
/// nixpkgs' `showDefs`: each definition's file and its value pretty-printed
/// (the first five lines; on a line of its own when it has several; none
/// when printing it fails).
fn show_defs(ev: &mut Evaluator, defs: &[Flat]) -> String {
    let mut out = String::new();
    for d in defs {
        out.push_str(&format!("\n- In `{}'", d.file));
        let Some(text) = crate::eval::print::pretty(ev, &d.value) else { continue };
        let lines: Vec<&str> = text.split('\n').collect();
        let mut shown: Vec<&str> = lines.iter().copied().take(5).collect();
        if lines.len() > 5 {
            shown.push("...");
        }
        out.push_str(if lines.len() > 1 { ":\n    " } else { ": " });
        out.push_str(&shown.join("\n    "));
    }
    out
}

fn set_native(t: &Thunk, f: impl Fn(&mut Evaluator) -> R<Value> + 'static) {
    if let Thunk::Lazy(c) = t {
        *c.borrow_mut() = ThunkState::Native(Rc::new(f));
    }
}

/// Arguments passed to module functions.
#[derive(Clone, Default)]
pub struct Args {
    pub entries: Vec<(Rc<str>, Thunk)>,
}

/// A module after loading: its config part and its file.
struct Collected {
    config: Thunk,
    file: Rc<str>,
    span: Option<Span>,
    /// The module's own `options` declarations and its `_module` attribute
    /// (for `_module.args`), when it has either (rare: boxed, so the
    /// modules of every machine take less room).
    meta: Option<Box<(Option<Thunk>, Option<Thunk>)>>,
}

impl Collected {
    fn new(config: Thunk, file: Rc<str>, span: Option<Span>) -> Collected {
        Collected { config, file, span, meta: None }
    }
    fn options(&self) -> Option<&Thunk> {
        self.meta.as_ref().and_then(|m| m.0.as_ref())
    }
    fn module_meta(&self) -> Option<&Thunk> {
        self.meta.as_ref().and_then(|m| m.1.as_ref())
    }
}

/// The result of one module evaluation (one submodule instance).
pub struct Evaluation {
    modules: Vec<Collected>,
    /// Definitions of every top-level option, in nixpkgs' order.
    defs: Defs,
    /// Definitions whose keys cannot be known (unknown modules).
    pub unknown: Option<Rc<Unknown>>,
    /// Top-level options declared by the modules themselves.
    pub declared: Vec<(Rc<str>, Option<Span>)>,
    /// The `options` values of the modules, in collection order.
    option_values: Vec<Thunk>,
}

/// Where an evaluation's definitions are.
enum Defs {
    /// Gathered from the collected modules, by option, and the option
    /// names in first-definition order.
    Gathered(HashMap<Rc<str>, Vec<Def>>, Vec<Rc<str>>),
    /// Read from the modules when asked for: every module is a plain
    /// attribute set of config (`plain_modules`), so an option's
    /// definitions are its key in each, last module first, as gathering
    /// would find them. Nearly every machine, instance and role; a
    /// machine has two or three options read, out of a handful defined.
    Plain(std::cell::OnceCell<Vec<Rc<str>>>),
}

const MAX_MODULES: usize = 200_000;

/// Collects modules breadth-first from `roots`, applying functions to `args`.
fn collect(ev: &mut Evaluator, roots: Vec<Def>, args: &Thunk) -> R<Vec<Collected>> {
    let mut level = roots;
    let mut out = Vec::new();
    let mut seen_paths: rustc_hash::FxHashSet<std::path::PathBuf> = Default::default();
    while !level.is_empty() {
        let mut next = Vec::new();
        for d in level {
            if out.len() > MAX_MODULES {
                return Err(ev.err(ErrorKind::Limit, "too many modules"));
            }
            let mut file = d.file.clone();
            let mut v = ev.force(&d.value)?;
            let mut applied = false;
            loop {
                match &v {
                    Value::Path(p) => {
                        let mut p = (**p).clone();
                        if p.is_dir() {
                            p = p.join("default.nix");
                        }
                        if !seen_paths.insert(p.clone()) {
                            v = Value::Null;
                            break;
                        }
                        file = Rc::from(crate::syntax::display_path(&p).as_str());
                        v = ev.import(&p)?;
                    }
                    Value::Str(s) if s.starts_with('/') => {
                        v = Value::Path(Rc::new(crate::eval::ir::canon_path(std::path::Path::new(&**s))));
                    }
                    Value::Lambda(_) | Value::Builtin(_) if !applied => {
                        applied = true;
                        let saved = ev.cur_span;
                        ev.cur_span = d.span.or(saved);
                        let r = ev.apply(v.clone(), args.clone());
                        ev.cur_span = saved;
                        v = r?;
                    }
                    Value::Attrs(a) if a.get("__functor").is_some() && !applied => {
                        applied = true;
                        v = ev.apply(v.clone(), args.clone())?;
                    }
                    _ => break,
                }
            }
            match &v {
                Value::Null => continue,
                Value::Attrs(a) => {
                    if let Some(f) = a.get("_file")
                        && let Ok(Value::Str(s)) = ev.force(&f.clone())
                    {
                        file = s;
                    }
                    if let Some(imps) = a.get("imports").cloned() {
                        match ev.force(&imps)? {
                            Value::List(l) => {
                                for t in l.iter() {
                                    next.push(Def::new(t.clone(), file.clone(), Evaluator::thunk_span(t).or(d.span)));
                                }
                            }
                            Value::Unknown(u) => {
                                out.push(Collected::new(Thunk::Val(Value::Unknown(u)), file.clone(), d.span))
                            }
                            other => return Err(ev.type_error("a list", &other)),
                        }
                    }
                    if a.get("config").is_some() || a.get("options").is_some() {
                        let special = |n: &str| MODULE_ATTRS.contains(&n) || ["config", "options", "meta"].contains(&n);
                        let others: Vec<&str> = a.names().map(|n| n.as_ref()).filter(|n| !special(n)).collect();
                        if let Some(first) = others.first() {
                            return Err(EvalError::new(
                                ErrorKind::Other,
                                format!(
                                    "Module `{file}' has an unsupported attribute `{first}'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: {}) into the explicit `config' attribute.",
                                    others.join(" ")
                                ),
                                d.span,
                            ));
                        }
                    }
                    let config = if a.get("config").is_some() || a.get("options").is_some() {
                        match a.get("config") {
                            Some(c) => c.clone(),
                            None => Thunk::Val(Value::attrs(Attrs::default())),
                        }
                    } else {
                        let is_special = |n: &Rc<str>| MODULE_ATTRS.contains(&n.as_ref());
                        if !a.entries.iter().any(|(n, _)| is_special(n)) {
                            if a.entries.is_empty() && a.partial.is_none() {
                                Thunk::Val(Value::Null)
                            } else {
                                // Keep the literal's identity for definition locations.
                                Thunk::Val(v.clone())
                            }
                        } else {
                            let entries: Vec<(Rc<str>, Thunk)> =
                                a.entries.iter().filter(|(n, _)| !is_special(n)).cloned().collect();
                            if entries.is_empty() && a.partial.is_none() {
                                // Wrapper modules (only `imports`/`_file`) define nothing.
                                Thunk::Val(Value::Null)
                            } else {
                                let partial = a
                                    .partial
                                    .as_ref()
                                    .map(|p| Partial { unknown: p.unknown.clone(), can_shadow: true });
                                Thunk::Val(Value::attrs(Attrs { origin: a.origin.clone(), entries, partial }))
                            }
                        }
                    };
                    let options = a.get("options").cloned();
                    let module_meta = a.get("_module").cloned();
                    let meta = (options.is_some() || module_meta.is_some()).then(|| Box::new((options, module_meta)));
                    out.push(Collected { config, file, span: d.span, meta });
                }
                Value::Unknown(u) => out.push(Collected {
                    config: Thunk::Val(Value::Unknown(u.clone())),
                    file,
                    span: d.span,
                    meta: None,
                }),
                other => {
                    return Err(EvalError::new(
                        ErrorKind::Type,
                        format!("A module must be a set or a function, but {} was found", other.show_type()),
                        d.span,
                    ));
                }
            }
        }
        level = next;
    }
    Ok(out)
}

/// Splits a config value into attribute sets with pushed-down properties.
fn config_pieces(
    ev: &mut Evaluator,
    t: &Thunk,
    conds: &[Thunk],
    prio: Option<i64>,
    out: &mut Vec<(Value, Vec<Thunk>, Option<i64>)>,
) -> R<()> {
    let v = ev.force(t)?;
    if let Value::Attrs(a) = &v
        && let Some(ty) = a.get("_type").cloned()
        && let Value::Str(ty) = ev.force(&ty)?
    {
        {
            match &*ty {
                "merge" => {
                    if let Some(c) = a.get("contents").cloned()
                        && let Value::List(l) = ev.force(&c)?
                    {
                        for x in l.iter() {
                            config_pieces(ev, x, conds, prio, out)?;
                        }
                    }
                    return Ok(());
                }
                "if" => {
                    let (Some(c), Some(content)) = (a.get("condition").cloned(), a.get("content").cloned()) else {
                        return Ok(());
                    };
                    let mut conds = conds.to_vec();
                    conds.push(c);
                    return config_pieces(ev, &content, &conds, prio, out);
                }
                "override" => {
                    let (Some(p), Some(content)) = (a.get("priority").cloned(), a.get("content").cloned()) else {
                        return Ok(());
                    };
                    let p = match ev.force(&p)? {
                        Value::Int(i) => Some(i),
                        _ => prio,
                    };
                    return config_pieces(ev, &content, conds, p, out);
                }
                _ => {}
            }
        }
    }
    out.push((v, conds.to_vec(), prio));
    Ok(())
}

impl Evaluation {
    /// Collects the modules and gathers the definitions of every option.
    /// `args` is the (lazy) argument set of module functions.
    pub fn new(ev: &mut Evaluator, roots: Vec<Def>, args: &Thunk) -> R<Evaluation> {
        let modules = collect(ev, roots, args)?;
        Evaluation::from_modules(ev, modules)
    }

    /// Gathers the definitions of collected modules.
    fn from_modules(ev: &mut Evaluator, modules: Vec<Collected>) -> R<Evaluation> {
        let mut defs: HashMap<Rc<str>, Vec<Def>> = HashMap::default();
        let mut order: Vec<Rc<str>> = Vec::new();
        let mut unknown = None;
        let mut pieces = Vec::new();
        for (mi, m) in modules.iter().enumerate().rev() {
            if let Thunk::Val(Value::Null) = &m.config {
                continue;
            }
            config_pieces(ev, &m.config, &[], None, &mut pieces)?;
            for (v, conds, prio) in pieces.drain(..) {
                match &v {
                    Value::Attrs(a) => {
                        if let Some(p) = &a.partial {
                            unknown = Some(p.unknown.clone());
                        }
                        for (i, (k, t)) in a.entries.iter().enumerate() {
                            let span = Evaluator::attr_span_at(a, i).or_else(|| Evaluator::thunk_span(t)).or(m.span);
                            let d = Def {
                                value: t.clone(),
                                file: m.file.clone(),
                                span,
                                conds: conds.clone(),
                                prio,
                                module: mi,
                            };
                            push_def(&mut defs, &mut order, k, d);
                        }
                    }
                    Value::Unknown(u) => unknown = Some(u.clone()),
                    other => {
                        return Err(EvalError::new(
                            ErrorKind::Type,
                            format!("expected a set but found {} as module configuration", other.show_type()),
                            m.span,
                        ));
                    }
                }
            }
        }
        let mut declared = Vec::new();
        for m in &modules {
            if let Some(o) = m.options()
                && let Ok(Value::Attrs(a)) = ev.force(o)
            {
                for k in a.names() {
                    if !declared.iter().any(|(n, _): &(Rc<str>, Option<Span>)| n == k) {
                        declared.push((k.clone(), ev.attr_span(&a, k).or(m.span)));
                    }
                }
            }
        }
        let option_values = modules.iter().filter_map(|m| m.options().cloned()).collect();
        Ok(Evaluation { modules, defs: Defs::Gathered(defs, order), unknown, declared, option_values })
    }

    /// The evaluation of plain modules (see `Defs::Plain`).
    fn plain(modules: Vec<Collected>) -> Evaluation {
        Evaluation {
            modules,
            defs: Defs::Plain(Default::default()),
            unknown: None,
            declared: Vec::new(),
            option_values: Vec::new(),
        }
    }

    /// The plain modules' config sets, in the order definitions are
    /// gathered (last module first); wrappers (`Null`) have none. Every
    /// config is a value here: `plain_modules` forced them all.
    fn plain_sets(&self) -> impl Iterator<Item = (usize, &Collected, Rc<Attrs>)> {
        self.modules.iter().enumerate().rev().filter_map(|(mi, m)| match m.config.peek() {
            Some(Value::Attrs(a)) => Some((mi, m, a)),
            _ => None,
        })
    }

    pub fn defs_of(&self, name: &str) -> std::borrow::Cow<'_, [Def]> {
        use std::borrow::Cow;
        match &self.defs {
            Defs::Gathered(defs, _) => Cow::Borrowed(defs.get(name).map(|v| v.as_slice()).unwrap_or(&[])),
            Defs::Plain(_) => {
                let mut out = Vec::with_capacity(self.modules.len());
                for (mi, m, a) in self.plain_sets() {
                    if let Ok(i) = a.entries.binary_search_by(|e| crate::eval::value::cmp_names(&e.0, name)) {
                        let t = &a.entries[i].1;
                        let span = Evaluator::attr_span_at(&a, i).or_else(|| Evaluator::thunk_span(t)).or(m.span);
                        let (value, file) = (t.clone(), m.file.clone());
                        out.push(Def { value, file, span, conds: Vec::new(), prio: None, module: mi });
                    }
                }
                Cow::Owned(out)
            }
        }
    }

    /// The first defined option name (in first-definition order) that
    /// `known` rejects.
    fn first_name_not(&self, known: impl Fn(&str) -> bool) -> Option<Rc<str>> {
        match &self.defs {
            Defs::Gathered(_, order) => order.iter().find(|k| !known(k)).cloned(),
            // Each name's first definition comes first in this walk.
            Defs::Plain(_) => self.plain_sets().find_map(|(_, _, a)| a.names().find(|k| !known(k)).cloned()),
        }
    }

    pub fn module_count(&self) -> usize {
        self.modules.len()
    }

    /// The raw config value of module `i` (collection order).
    pub fn module_config(&self, i: usize) -> Option<&Thunk> {
        self.modules.get(i).map(|m| &m.config)
    }

    /// The `_module` values of the collected modules (`_module.args`).
    pub fn module_metas(&self) -> Vec<Thunk> {
        self.modules.iter().filter_map(|m| m.module_meta().cloned()).collect()
    }

    /// Option names in first-definition order.
    pub fn option_names(&self) -> &[Rc<str>] {
        match &self.defs {
            Defs::Gathered(_, order) => order,
            Defs::Plain(order) => order.get_or_init(|| {
                let mut out: Vec<Rc<str>> = Vec::new();
                for (_, _, a) in self.plain_sets() {
                    for k in a.names() {
                        if !out.contains(k) {
                            out.push(k.clone());
                        }
                    }
                }
                out
            }),
        }
    }
}

/// Adds a definition under `k`, remembering keys in first-definition order.
fn push_def(defs: &mut HashMap<Rc<str>, Vec<Def>>, order: &mut Vec<Rc<str>>, k: &Rc<str>, d: Def) {
    match defs.get_mut(k) {
        Some(list) => list.push(d),
        None => {
            order.push(k.clone());
            defs.insert(k.clone(), vec![d]);
        }
    }
}

/// Discharges properties of one definition: `mkIf`, `mkMerge`,
/// `mkOverride`, `mkOrder`. Unknown conditions give an unknown value.
pub fn discharge(ev: &mut Evaluator, d: &Def, out: &mut Vec<Flat>) -> R<()> {
    for c in &d.conds {
        match ev.force(c)? {
            Value::Bool(true) => {}
            Value::Bool(false) => return Ok(()),
            Value::Unknown(u) => {
                out.push(Flat {
                    value: Value::Unknown(u),
                    prio: d.prio.unwrap_or(DEFAULT_PRIO),
                    order: 1000,
                    file: d.file.clone(),
                    span: d.span,
                });
                return Ok(());
            }
            other => return Err(ev.type_error("a Boolean", &other)),
        }
    }
    discharge_value(ev, &d.value, d.prio.unwrap_or(DEFAULT_PRIO), 1000, d, out)
}

fn discharge_value(ev: &mut Evaluator, t: &Thunk, prio: i64, order: i64, d: &Def, out: &mut Vec<Flat>) -> R<()> {
    let saved = ev.cur_span;
    if d.span.is_some() {
        ev.cur_span = d.span;
    }
    let v = ev.force(t);
    ev.cur_span = saved;
    let v = v?;
    if let Value::Attrs(a) = &v
        && let Some(ty) = a.get("_type").cloned()
        && let Value::Str(ty) = ev.force(&ty)?
    {
        let get = |n: &str| a.get(n).cloned();
        match &*ty {
            "merge" => {
                if let Some(c) = get("contents") {
                    match ev.force(&c)? {
                        Value::List(l) => {
                            for x in l.iter() {
                                discharge_value(ev, x, prio, order, d, out)?;
                            }
                        }
                        Value::Unknown(u) => {
                            out.push(Flat { value: Value::Unknown(u), prio, order, file: d.file.clone(), span: d.span })
                        }
                        other => return Err(ev.type_error("a list", &other)),
                    }
                }
                return Ok(());
            }
            "if" => {
                let (Some(c), Some(content)) = (get("condition"), get("content")) else {
                    return Ok(());
                };
                return match ev.force(&c)? {
                    Value::Bool(true) => discharge_value(ev, &content, prio, order, d, out),
                    Value::Bool(false) => Ok(()),
                    Value::Unknown(u) => {
                        out.push(Flat { value: Value::Unknown(u), prio, order, file: d.file.clone(), span: d.span });
                        Ok(())
                    }
                    other => Err(ev.type_error("a Boolean", &other)),
                };
            }
            // `mkOverride` sets the priority, `mkOrder` the list order.
            "override" | "order" => {
                let (Some(p), Some(content)) = (get("priority"), get("content")) else {
                    return Ok(());
                };
                let n = match ev.force(&p)? {
                    Value::Int(i) => Some(i),
                    _ => None,
                };
                let (prio, order) =
                    if &*ty == "override" { (n.unwrap_or(prio), order) } else { (prio, n.unwrap_or(order)) };
                return discharge_value(ev, &content, prio, order, d, out);
            }
            _ => {}
        }
    }
    out.push(Flat { value: v, prio, order, file: d.file.clone(), span: d.span });
    Ok(())
}

/// Provenance: where each option value was defined (file and span).
#[derive(Default)]
pub struct Provenance {
    pub defs: HashMap<String, Vec<DefLoc>>,
}

/// A definition's file and span.
pub type DefLoc = (Rc<str>, Option<Span>);

/// A defined removed option: (message, file, span).
pub type RemovedDef = (String, Rc<str>, Option<Span>);

/// Shared state of a module-system run.
pub struct System {
    /// Whether to record provenance (off on the fast query paths).
    pub track: std::cell::Cell<bool>,
    pub provenance: std::cell::RefCell<Provenance>,
    /// Removed options that were defined: (message, file).
    pub removed: std::cell::RefCell<Vec<RemovedDef>>,
}

impl System {
    pub fn new() -> Rc<System> {
        Rc::new(System { track: Default::default(), provenance: Default::default(), removed: Default::default() })
    }

    fn record(&self, path: &OptPath, flats: &[Flat]) {
        // Provenance is collected only when a command asks for it.
        if !self.track.get() {
            return;
        }
        let key = path.show();
        let mut p = self.provenance.borrow_mut();
        let e = p.defs.entry(key).or_default();
        for f in flats {
            if !e.iter().any(|(file, sp)| *file == f.file && *sp == f.span) {
                e.push((f.file.clone(), f.span));
            }
        }
    }
}

/// Evaluates a submodule lazily. `extra_args` are passed to module
/// functions besides `config`, `lib` and `options`.
pub fn submodule(sys: &Rc<System>, opts: Rc<Options>, defs: Vec<Def>, path: OptPath, extra_args: ModArgs) -> Thunk {
    let cfg = Thunk::lazy(ThunkState::Blackhole);
    let cfg2 = cfg.clone();
    let sys = sys.clone();
    set_native(&cfg, move |ev| build_submodule(ev, &sys, &opts, &defs, &path, &extra_args, cfg2.clone()));
    cfg
}

fn build_submodule(
    ev: &mut Evaluator,
    sys: &Rc<System>,
    opts: &Rc<Options>,
    defs: &[Def],
    path: &OptPath,
    extra_args: &ModArgs,
    cfg: Thunk,
) -> R<Value> {
    if let Some(modules) = plain_modules(ev, opts, defs, extra_args, &cfg)? {
        return finish_submodule(ev, sys, opts, Evaluation::plain(modules), path, extra_args, cfg);
    }
    // Roots: the fixed modules, then one wrapper per received definition.
    let mut roots = Vec::new();
    if let Some(native) = opts.fixed_native {
        roots.push(Def::new(Thunk::Val(native_fixed(ev, native, extra_args, &cfg)?), sym!(FIXED_FILE), None));
    }
    for (name, text) in &opts.fixed {
        let v = ev.cached_source(name, text)?;
        roots.push(Def::new(Thunk::Val(v), Rc::from(*name), None));
    }
    for d in defs {
        // Definitions pushed down with properties become `mkIf`/`mkOverride`
        // values again, imported by the wrapper.
        let inner = rewrap(d.clone()).value;
        let key = if opts.shorthand_only { sym!("config") } else { sym!("imports") };
        let inner = if opts.shorthand_only { inner } else { Thunk::Val(Value::list(vec![inner])) };
        let wrapper = Value::attrs(Attrs::from_unsorted(vec![
            (sym!("_file"), Thunk::Val(Value::Str(d.file.clone()))),
            (key, inner),
        ]));
        roots.push(Def { value: Thunk::Val(wrapper), conds: Vec::new(), prio: None, ..d.clone() });
    }
    let mut args = extra_args.to_vec();
    for (name, from, sel) in opts.derived_args {
        if let Some(src) = extra_args.get(from) {
            let src = src.clone();
            let sel: Vec<Rc<str>> = sel.iter().map(|s| Rc::from(*s)).collect();
            args.push((
                Rc::from(*name),
                Thunk::native(move |ev| {
                    let mut v = ev.force(&src)?;
                    for s in &sel {
                        v = ev.select_one(&v, s)?;
                    }
                    Ok(v)
                }),
            ));
        }
    }
    // Built only if some module is a function.
    let margs = {
        let cfg = cfg.clone();
        Thunk::native(move |_| Ok(module_args(&args, cfg.clone())))
    };
    let evaluation = Evaluation::new(ev, roots, &margs)?;
    finish_submodule(ev, sys, opts, evaluation, path, extra_args, cfg)
}

/// The configuration of a submodule evaluation, after the check for
/// options that do not exist; nested submodules inherit the module
/// arguments (but `name`), and this config under `export_as`.
fn finish_submodule(
    ev: &mut Evaluator,
    sys: &Rc<System>,
    opts: &Rc<Options>,
    evaluation: Evaluation,
    path: &OptPath,
    extra_args: &ModArgs,
    cfg: Thunk,
) -> R<Value> {
    let evaluation = Rc::new(evaluation);
    check_unknown_options(ev, opts, &evaluation, path)?;
    let inherited = match opts.export_as {
        Some(name) => {
            let mut v = extra_args.inherited.to_vec();
            v.push((Rc::from(name), cfg));
            Rc::from(v)
        }
        None => extra_args.inherited.clone(),
    };
    Ok(config_value(sys, opts, &evaluation, path, &inherited))
}

/// The value of a native fixed module, given the module arguments.
fn native_fixed(ev: &mut Evaluator, native: NativeModule, extra_args: &ModArgs, cfg: &Thunk) -> R<Value> {
    native(ev, extra_args, cfg)
}

/// The file name native fixed modules are shown with.
const FIXED_FILE: &str = "<clan-inv fixed module>";

/// Attributes of a module that are never config: the module system's own.
const MODULE_ATTRS: [&str; 7] = ["imports", "_file", "_class", "key", "disabledModules", "freeformType", "_module"];

/// Whether a module attribute set's key makes it more than plain config
/// (a module-system attribute, explicit `config`/`options`, a property, a
/// functor).
fn is_module_key(k: &str) -> bool {
    // A `match` compares lengths first: most keys are ruled out without a
    // byte comparison (this runs for every key of every machine).
    matches!(
        k,
        "imports"
            | "_file"
            | "_class"
            | "key"
            | "disabledModules"
            | "freeformType"
            | "_module"
            | "config"
            | "options"
            | "_type"
            | "__functor"
    )
}

/// The modules of a submodule evaluation without the module machinery,
/// when collection would find what is given: every definition (and the native fixed module) is a plain
/// attribute set of config, with no properties, no functions, no imports.
/// That is nearly every machine, instance and role of a real inventory.
/// The modules are laid out exactly as `collect` would find them (fixed
/// module, wrappers, then the definitions), so definitions, their order,
/// files and locations are the same; `None` means "not plain: collect".
fn plain_modules(
    ev: &mut Evaluator,
    opts: &Options,
    defs: &[Def],
    extra_args: &ModArgs,
    cfg: &Thunk,
) -> R<Option<Vec<Collected>>> {
    if !opts.fixed.is_empty() || defs.iter().any(|d| !d.conds.is_empty() || d.prio.is_some()) {
        return Ok(None);
    }
    let plain = |v: &Value, shorthand: bool| match v {
        Value::Attrs(a) => {
            a.partial.is_none()
                && if shorthand { a.get("_type").is_none() } else { !a.entries.iter().any(|(k, _)| is_module_key(k)) }
        }
        _ => false,
    };
    let mut modules = Vec::with_capacity(1 + 2 * defs.len());
    if let Some(native) = opts.fixed_native {
        let v = native_fixed(ev, native, extra_args, cfg)?;
        if !plain(&v, false) {
            return Ok(None);
        }
        let file = sym!(FIXED_FILE);
        modules.push(Collected { config: Thunk::Val(v), file, span: None, meta: None });
    }
    let mut inner = Vec::with_capacity(defs.len());
    for d in defs {
        // Where `collect` would place the definition: its expression, if
        // not evaluated yet, else the definition's own location.
        let span = Evaluator::thunk_span(&d.value).or(d.span);
        let v = ev.force(&d.value)?;
        if !plain(&v, opts.shorthand_only) {
            return Ok(None);
        }
        if opts.shorthand_only {
            // The wrapper's `config` is the definition itself, as the value
            // just forced (`Defs::Plain` reads every config without forcing).
            let config = Thunk::Val(v);
            modules.push(Collected { config, file: d.file.clone(), span: d.span, meta: None });
        } else {
            let wrapper = Collected::new(Thunk::Val(Value::Null), d.file.clone(), d.span);
            modules.push(wrapper);
            inner.push(Collected { config: Thunk::Val(v), file: d.file.clone(), span, meta: None });
        }
    }
    modules.extend(inner);
    Ok(Some(modules))
}

/// The argument set of module functions: `config`, `lib`, `options` and
/// `extra`; any other argument is unknown (and only matters if forced).
pub fn module_args(extra: &[(Rc<str>, Thunk)], cfg: Thunk) -> Value {
    let mut entries: Vec<(Rc<str>, Thunk)> = extra.to_vec();
    entries.push((sym!("config"), cfg));
    // Built when a module first reads it (many never do).
    entries.push((sym!("lib"), Thunk::native(|ev| Ok(ev.lib()))));
    entries.push((sym!("options"), Thunk::Val(Value::unknown("the `options` module argument is not modelled", None))));
    let mut args = Attrs::from_unsorted(entries);
    args.partial = Some(Partial {
        unknown: Rc::new(Unknown { reason: "a module argument that is not statically known".into(), span: None }),
        can_shadow: false,
    });
    Value::attrs(args)
}

/// Unknown options are errors, raised when the configuration is used.
pub fn check_unknown_options(ev: &mut Evaluator, opts: &Options, evaluation: &Evaluation, path: &OptPath) -> R<()> {
    if opts.freeform.is_some() {
        return Ok(());
    }
    if let Some(k) = evaluation.first_name_not(|k| opts.decl(k).is_some()) {
        let names: Vec<&str> = opts.decls.iter().map(|(n, _)| *n).collect();
        return Err(no_such_option(ev, evaluation, &k, path, &names)?);
    }
    Ok(())
}

/// nixpkgs' error for an option that is defined but not declared: its
/// definitions, and the nearest declared names (`close_matches`).
pub fn no_such_option(
    ev: &mut Evaluator,
    evaluation: &Evaluation,
    k: &Rc<str>,
    path: &OptPath,
    declared: &[&str],
) -> R<EvalError> {
    let mut flats = Vec::new();
    for d in evaluation.defs_of(k).iter() {
        discharge(ev, d, &mut flats)?;
    }
    let p = path.join(k);
    let mut msg = format!("The option `{}' does not exist. Definition values:{}", p.show(), show_defs(ev, &flats));
    let names: Vec<&str> = declared.iter().copied().filter(|n| !n.starts_with('_')).collect();
    let close = close_matches(k, &names);
    if !close.is_empty() {
        let shown: Vec<String> = close.iter().map(|c| format!("`{}'", path.join(&Rc::from(*c)).show())).collect();
        msg.push_str(&format!("\n\nDid you mean {}?", or_list(&shown)));
    }
    Ok(EvalError::new(ErrorKind::Other, msg, evaluation.defs_of(k).first().and_then(|d| d.span)))
}

/// The merged configuration of an evaluation: a set of lazily merged
/// options (declared ones, then freeform keys).
pub fn config_value(
    sys: &Rc<System>,
    opts: &Rc<Options>,
    evaluation: &Rc<Evaluation>,
    path: &OptPath,
    inherited: &Inherited,
) -> Value {
    // Options the modules declare themselves: see `ConfigTable`.
    let user_declared: Vec<Rc<str>> =
        evaluation.declared.iter().filter(|(k, _)| opts.decl(k).is_none()).map(|(k, _)| k.clone()).collect();
    let mut freeform = Vec::new();
    if opts.freeform.is_some() {
        for k in evaluation.option_names() {
            if opts.decl(k).is_none() && !user_declared.contains(k) {
                freeform.push(k.clone());
            }
        }
    }
    // Declared names in name order need no sort when alone.
    let only_declared = freeform.is_empty() && user_declared.is_empty() && opts.decls_sorted();
    let names = opts.decl_names().iter().chain(&freeform).chain(&user_declared);
    let mut entries: Vec<(Rc<str>, Thunk)> = names.map(|name| (name.clone(), Thunk::Val(Value::Null))).collect();
    let table = ConfigTable {
        sys: sys.clone(),
        opts: opts.clone(),
        evaluation: evaluation.clone(),
        path: path.clone(),
        inherited: inherited.clone(),
        freeform,
        user_declared,
    };
    let slots = Slots::new(Box::new(table), entries.len());
    for (i, e) in entries.iter_mut().enumerate() {
        e.1 = Thunk::Slot(slots.clone(), i as u32);
    }
    let mut attrs =
        if only_declared { Attrs { entries, partial: None, origin: None } } else { Attrs::from_unsorted(entries) };
    if let Some(u) = &evaluation.unknown {
        attrs.partial = Some(Partial { unknown: u.clone(), can_shadow: true });
    }
    Value::attrs(attrs)
}

/// The options of one configuration, merged when read: entry `i` is the
/// `i`-th declared option, then the freeform keys, then the options the
/// modules declare themselves.
struct ConfigTable {
    sys: Rc<System>,
    opts: Rc<Options>,
    evaluation: Rc<Evaluation>,
    path: OptPath,
    inherited: Inherited,
    freeform: Vec<Rc<str>>,
    user_declared: Vec<Rc<str>>,
}

impl LazyTable for ConfigTable {
    fn compute(&self, ev: &mut Evaluator, i: u32) -> R<Value> {
        let i = i as usize;
        let declared = self.opts.decls.len();
        let (key, ty, default, apply) = if let Some((_, decl)) = self.opts.decls.get(i) {
            (&self.opts.decl_names()[i], &decl.ty, decl.default.clone(), decl.apply)
        } else if let (Some(key), Some(ff)) = (self.freeform.get(i - declared), &self.opts.freeform) {
            (key, ff, None, None)
        } else {
            let Some(key) = self.user_declared.get(i - declared - self.freeform.len()) else {
                return Err(EvalError::new(ErrorKind::Other, "clan-inv: no such option entry".into(), None));
            };
            // Declared by the modules themselves (`options.k = mkOption { … }`):
            // merged by the declared type, with the declared default.
            let mut mine = Vec::new();
            for o in &self.evaluation.option_values {
                if let Value::Attrs(a) = ev.force(o)?
                    && let Some(d) = a.get(key)
                {
                    mine.push(d.clone());
                }
            }
            let p = self.path.join(key);
            return merge_declared(ev, &self.sys, &mine, &self.evaluation.defs_of(key), &p, &self.inherited);
        };
        let defs = self.evaluation.defs_of(key);
        let p = self.path.join(key);
        let unknown = self.evaluation.unknown.clone();
        let v = merge_option_with(ev, &self.sys, ty, &defs, &p, default, unknown, &self.inherited)?;
        match apply {
            Some(f) => f(ev, v),
            None => Ok(v),
        }
    }
}

/// Whether a declaration is an option (`mkOption`), not a namespace.
fn is_option(ev: &mut Evaluator, v: &Value) -> R<bool> {
    if let Value::Attrs(a) = v
        && let Some(t) = a.get("_type").cloned()
    {
        return Ok(matches!(ev.force(&t)?, Value::Str(s) if &*s == "option"));
    }
    Ok(false)
}

/// The module-layer type of a `lib.types` description.
pub fn ty_from_value(ev: &mut Evaluator, v: &Value) -> R<Rc<Ty>> {
    let opaque = |why: String| Rc::new(Ty::Opaque(Rc::new(Unknown { reason: why, span: None })));
    let Value::Attrs(a) = v else {
        return Ok(match v {
            Value::Unknown(u) => Rc::new(Ty::Opaque(u.clone())),
            _ => opaque("an option type clan-inv does not know".into()),
        });
    };
    let name = match a.get("name").cloned() {
        Some(n) => match ev.force(&n)? {
            Value::Str(s) => s,
            _ => return Ok(opaque("an option type clan-inv does not know".into())),
        },
        None => return Ok(opaque("an option type clan-inv does not know".into())),
    };
    let elem = |ev: &mut Evaluator| -> R<Rc<Ty>> {
        match a.get("elemType").cloned() {
            Some(t) => {
                let tv = ev.force(&t)?;
                ty_from_value(ev, &tv)
            }
            None => Ok(Rc::new(Ty::Anything)),
        }
    };
    Ok(match &*name {
        "str" | "string" | "nonEmptyStr" | "singleLineStr" | "envVar" => Rc::new(Ty::Str),
        "int" | "port" => Rc::new(Ty::Int),
        "bool" => Rc::new(Ty::Bool),
        "raw" | "package" | "path" | "pathInStore" | "functionTo" => Rc::new(Ty::Raw),
        "anything" | "unspecified" | "attrs" | "number" | "float" | "either" | "oneOf" | "enum" | "strMatching" => {
            Rc::new(Ty::Anything)
        }
        "deferredModule" => Rc::new(Ty::DeferredModule),
        "listOf" => Rc::new(Ty::ListOf(elem(ev)?)),
        "attrsOf" | "lazyAttrsOf" => Rc::new(Ty::AttrsOf(elem(ev)?)),
        "nullOr" => Rc::new(Ty::NullOr(elem(ev)?)),
        "uniq" | "unique" => elem(ev)?,
        "submodule" => {
            let mods = match a.get("modules").cloned() {
                Some(m) => match ev.force(&m)? {
                    Value::List(l) => l.to_vec(),
                    _ => vec![m],
                },
                None => vec![],
            };
            Rc::new(Ty::UserSubmodule(mods))
        }
        other => opaque(format!("the option type `{other}' is not modelled by clan-inv")),
    })
}

/// Merges the definitions of an option the configuration declares itself:
/// `decls` are the declarations of this name (an option, or namespaces of
/// options), `defs` its definitions.
pub fn merge_declared(
    ev: &mut Evaluator,
    sys: &Rc<System>,
    decls: &[Thunk],
    defs: &[Def],
    path: &OptPath,
    inherited: &Inherited,
) -> R<Value> {
    let mut values = Vec::new();
    for d in decls {
        values.push(ev.force(d)?);
    }
    for v in &values {
        if let Value::Unknown(u) = v {
            return Ok(Value::Unknown(u.clone()));
        }
        if is_option(ev, v)? {
            let Value::Attrs(o) = v else { continue };
            let ty = match o.get("type").cloned() {
                Some(t) => {
                    let tv = ev.force(&t)?;
                    ty_from_value(ev, &tv)?
                }
                None => Rc::new(Ty::Anything),
            };
            if let Ty::Opaque(u) = &*ty {
                return Ok(Value::Unknown(u.clone()));
            }
            let default = match o.get("default").cloned() {
                Some(d) => Some(ev.force(&d)?),
                None => None,
            };
            return merge_option_with(ev, sys, &ty, defs, path, default, None, inherited);
        }
    }
    // Namespaces: one level of names, each declared further down.
    let mut names: Vec<Rc<str>> = Vec::new();
    for v in &values {
        if let Value::Attrs(a) = v {
            for n in a.names() {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
    }
    let mut flats = Vec::new();
    for d in defs {
        discharge(ev, d, &mut flats)?;
    }
    let mut entries = Vec::new();
    for n in names {
        let sub_decls: Vec<Thunk> =
            values.iter().filter_map(|v| if let Value::Attrs(a) = v { a.get(&n).cloned() } else { None }).collect();
        let sub_defs: Vec<Def> = flats
            .iter()
            .filter_map(|f| match &f.value {
                Value::Attrs(a) => a.get(&n).map(|t| {
                    let prio = if f.prio == DEFAULT_PRIO { None } else { Some(f.prio) };
                    Def { value: t.clone(), file: f.file.clone(), span: f.span, conds: Vec::new(), prio, module: 0 }
                }),
                _ => None,
            })
            .collect();
        let p = path.join(&n);
        let sys = sys.clone();
        let inherited = inherited.clone();
        entries.push((n, Thunk::native(move |ev| merge_declared(ev, &sys, &sub_decls, &sub_defs, &p, &inherited))));
    }
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

/// A user's submodule: its modules and the definitions, evaluated together;
/// the options are what those modules declare.
fn user_submodule(
    ev: &mut Evaluator,
    sys: &Rc<System>,
    modules: &[Thunk],
    defs: &[Def],
    path: &OptPath,
    inherited: &Inherited,
) -> R<Value> {
    let mut roots: Vec<Def> = modules.iter().map(|m| Def::new(m.clone(), Rc::from("<submodule type>"), None)).collect();
    for d in defs {
        let inner = rewrap(d.clone()).value;
        let wrapper = Value::attrs(Attrs::from_unsorted(vec![
            (Rc::from("_file"), Thunk::Val(Value::Str(d.file.clone()))),
            (Rc::from("imports"), Thunk::Val(Value::list(vec![inner]))),
        ]));
        roots.push(Def { value: Thunk::Val(wrapper), conds: Vec::new(), prio: None, ..d.clone() });
    }
    let cfg = Thunk::lazy(ThunkState::Blackhole);
    let mut args = inherited.to_vec();
    args.push((Rc::from("name"), Thunk::Val(Value::Str(path.last().cloned().unwrap_or_else(|| Rc::from(""))))));
    let margs = Thunk::Val(module_args(&args, cfg.clone()));
    let evaluation = Rc::new(Evaluation::new(ev, roots, &margs)?);
    // Defined but declared nowhere: the module system rejects it.
    for k in evaluation.option_names() {
        if !evaluation.declared.iter().any(|(n, _)| n == k) {
            return Err(EvalError::new(
                ErrorKind::Other,
                format!("The option `{}' does not exist.", path.join(k).show()),
                evaluation.defs_of(k).first().and_then(|d| d.span),
            ));
        }
    }
    let opts = Rc::new(Options { decls: vec![], ..Default::default() });
    let value = config_value(sys, &opts, &evaluation, path, inherited);
    if let Thunk::Lazy(c) = &cfg {
        *c.borrow_mut() = ThunkState::Done(value.clone());
    }
    Ok(value)
}

/// Turns a definition with pushed-down properties back into a value that
/// carries them (`mkIf c (mkOverride p v)`), so it can travel as a module.
pub fn rewrap(d: Def) -> Def {
    if d.conds.is_empty() && d.prio.is_none() {
        return d;
    }
    let mut v = d.value.clone();
    if let Some(p) = d.prio {
        v = Thunk::Val(Value::attrs(Attrs::from_unsorted(vec![
            (Rc::from("_type"), Thunk::Val(Value::str("override"))),
            (Rc::from("priority"), Thunk::Val(Value::Int(p))),
            (Rc::from("content"), v),
        ])));
    }
    for c in d.conds.iter().rev() {
        v = Thunk::Val(Value::attrs(Attrs::from_unsorted(vec![
            (Rc::from("_type"), Thunk::Val(Value::str("if"))),
            (Rc::from("condition"), c.clone()),
            (Rc::from("content"), v),
        ])));
    }
    Def { value: v, conds: Vec::new(), prio: None, ..d }
}

/// `a', `b' or `c': nixpkgs' way of listing suggestions.
pub fn or_list(shown: &[String]) -> String {
    match shown {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The options nixpkgs suggests for `k`, an option that does not exist.
pub fn close_matches<'a>(k: &str, names: &[&'a str]) -> Vec<&'a str> {
    // nixpkgs: the three nearest by edit distance (ties in name order, as
    // `attrNames` lists them); among 100 names or more, only those within
    // distance 2.
    let mut scored: Vec<(usize, &str)> = names.iter().map(|n| (crate::util::levenshtein(k, n), *n)).collect();
    if names.len() >= 100 {
        scored.retain(|(d, _)| *d <= 2);
    }
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.as_bytes().cmp(b.1.as_bytes())));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

fn not_of_type(ev: &mut Evaluator, path: &OptPath, ty: &Ty, bad: &[Flat]) -> EvalError {
    // nixpkgs' composite types word their check failure as a TypeError.
    let te = if matches!(ty, Ty::ListOf(_) | Ty::AttrsOf(_) | Ty::Submodule(_) | Ty::ListOrAttrsOf(_)) {
        "TypeError: "
    } else {
        ""
    };
    let msg = format!(
        "A definition for option `{}' is not of type `{}'. {te}Definition values:{}",
        path.show(),
        ty.describe(),
        show_defs(ev, bad)
    );
    EvalError::new(ErrorKind::Type, msg, bad.first().and_then(|f| f.span))
}

/// Whether a forced value has the type (shallowly, as nixpkgs' `check`).
fn check(ty: &Ty, v: &Value) -> bool {
    match (ty, v) {
        (_, Value::Unknown(_)) => true,
        (Ty::Str, Value::Str(_)) => true,
        (Ty::Int, Value::Int(_)) => true,
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::Raw, _) => true,
        (Ty::Enum(vs), Value::Str(s)) => vs.contains(&&**s),
        (Ty::StrMatching(p), Value::Str(s)) => (p.matches)(s),
        (Ty::NullOr(_), Value::Null) => true,
        (Ty::NullOr(t), v) => check(t, v),
        (Ty::ListOf(_), Value::List(_)) => true,
        (Ty::AttrsOf(_), Value::Attrs(_)) => true,
        (Ty::Submodule(_), Value::Attrs(_) | Value::Lambda(_) | Value::Path(_)) => true,
        (Ty::DeferredModule, Value::Attrs(_) | Value::Lambda(_) | Value::Path(_)) => true,
        (Ty::UniqueSettings, _) => true,
        (Ty::ListOrAttrsOf(_), Value::List(_) | Value::Attrs(_)) => true,
        (Ty::Removed(_), _) => true,
        (Ty::Anything, _) | (Ty::Opaque(_), _) => true,
        (Ty::UserSubmodule(_), Value::Attrs(_) | Value::Lambda(_) | Value::Path(_)) => true,
        _ => false,
    }
}

/// Merges the definitions of one option by its type.
pub fn merge_option(
    ev: &mut Evaluator,
    sys: &Rc<System>,
    ty: &Rc<Ty>,
    defs: &[Def],
    path: &OptPath,
    default: Option<Value>,
    unknown: Option<Rc<Unknown>>,
) -> R<Value> {
    merge_option_with(ev, sys, ty, defs, path, default, unknown, &Inherited::default())
}

/// `merge_option` with module arguments inherited by nested submodules.
#[allow(clippy::too_many_arguments)]
pub fn merge_option_with(
    ev: &mut Evaluator,
    sys: &Rc<System>,
    ty: &Rc<Ty>,
    defs: &[Def],
    path: &OptPath,
    default: Option<Value>,
    unknown: Option<Rc<Unknown>>,
    inherited: &Inherited,
) -> R<Value> {
    if let Ty::Removed(msg) = &**ty {
        // Recorded as a failed assertion; the value is still merged so that
        // lint and legacy resolution can read it.
        for d in defs {
            sys.removed.borrow_mut().push((msg.to_string(), d.file.clone(), d.span));
        }
        if defs.is_empty() {
            return Ok(Value::Null);
        }
        return merge_option_with(ev, sys, &Rc::new(Ty::Anything), defs, path, None, unknown, inherited);
    }
    if let Ty::UniqueSettings = &**ty {
        return merge_unique(ev, sys, defs, path, default, unknown);
    }
    let mut flats = Vec::with_capacity(defs.len() + 1);
    for d in defs {
        discharge(ev, d, &mut flats)?;
    }
    if flats.is_empty() {
        if let Some(u) = &unknown {
            // A module we could not read may define this option.
            return Ok(Value::Unknown(u.clone()));
        }
        match default {
            Some(v) => flats.push(Flat {
                value: v,
                prio: OPTION_DEFAULT_PRIO,
                order: 1000,
                file: sym!("<default>"),
                span: None,
            }),
            None => {
                return Err(EvalError::new(
                    ErrorKind::Other,
                    format!(
                        "The option `{}' was accessed but has no value defined. Try setting the option.",
                        path.show()
                    ),
                    None,
                ));
            }
        }
    }
    let best = flats.iter().map(|f| f.prio).min().unwrap_or(DEFAULT_PRIO);
    let mut flats: Vec<Flat> = flats.into_iter().filter(|f| f.prio == best).collect();
    sys.record(path, &flats);
    // A module we could not read may add to or override this option.
    let maybe_more = unknown.clone();
    let bad: Vec<Flat> = {
        let mut b = Vec::new();
        for f in &flats {
            if !check(ty, &f.value) {
                b.push(f.clone());
            }
        }
        b
    };
    if !bad.is_empty() {
        return Err(not_of_type(ev, path, ty, &bad));
    }
    match &**ty {
        Ty::Str | Ty::Int | Ty::Bool | Ty::Enum(_) | Ty::StrMatching(_) => merge_equal(ev, &flats, path, maybe_more),
        Ty::NullOr(inner) => {
            let nulls = flats.iter().filter(|f| matches!(f.value, Value::Null)).count();
            if nulls == flats.len() {
                return Ok(match maybe_more {
                    Some(u) => Value::Unknown(u),
                    None => Value::Null,
                });
            }
            if nulls > 0 {
                let n =
                    flats.iter().find(|f| matches!(f.value, Value::Null)).map(|f| f.file.clone()).unwrap_or_default();
                let nn =
                    flats.iter().find(|f| !matches!(f.value, Value::Null)).map(|f| f.file.clone()).unwrap_or_default();
                return Err(EvalError::new(
                    ErrorKind::Other,
                    format!("The option `{}' is defined both null and not null, in `{n}' and `{nn}'.", path.show()),
                    None,
                ));
            }
            let _ = inner;
            merge_equal(ev, &flats, path, maybe_more)
        }
        Ty::Raw => {
            if flats.len() > 1 {
                return Err(EvalError::new(
                    ErrorKind::Other,
                    format!("The option `{}' is defined multiple times while it's expected to be unique.", path.show()),
                    flats.last().and_then(|f| f.span),
                ));
            }
            Ok(flats.pop().map(|f| f.value).unwrap_or(Value::Null))
        }
        Ty::ListOf(elem) => {
            flats.sort_by_key(|f| f.order);
            let mut out = Vec::new();
            for f in &flats {
                match &f.value {
                    Value::List(l) => out.extend(l.iter().cloned()),
                    Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
                    _ => {}
                }
            }
            if let Some(u) = maybe_more {
                return Ok(Value::Unknown(u));
            }
            // Elements are type-checked as they are merged.
            let mut checked = Vec::with_capacity(out.len());
            for t in out {
                let v = ev.force(&t)?;
                if !check(elem, &v) {
                    let f =
                        Flat { value: v, prio: best, order: 1000, file: flats[0].file.clone(), span: flats[0].span };
                    return Err(not_of_type(ev, path, ty, &[f]));
                }
                checked.push(Thunk::Val(v));
            }
            Ok(Value::list(checked))
        }
        Ty::AttrsOf(elem) => merge_attrs(sys, elem, &flats, path, maybe_more, inherited),
        Ty::ListOrAttrsOf(elem) => {
            // Lists of names become `{ name = { }; }`.
            let mut coerced = Vec::new();
            for f in &flats {
                match &f.value {
                    Value::List(l) => {
                        let mut entries = Vec::new();
                        for t in l.iter() {
                            match ev.force(t)? {
                                Value::Str(s) => entries.push((s, Thunk::Val(Value::attrs(Attrs::default())))),
                                Value::Unknown(u) => return Ok(Value::Unknown(u)),
                                other => {
                                    let bad = Flat { value: other, ..f.clone() };
                                    return Err(not_of_type(ev, path, ty, &[bad]));
                                }
                            }
                        }
                        coerced.push(Flat { value: Value::attrs(Attrs::from_unsorted(entries)), ..f.clone() });
                    }
                    _ => coerced.push(f.clone()),
                }
            }
            merge_attrs(sys, elem, &coerced, path, maybe_more, inherited)
        }
        Ty::Submodule(opts) => {
            let defs: Vec<Def> =
                flats.iter().map(|f| Def::new(Thunk::Val(f.value.clone()), f.file.clone(), f.span)).collect();
            let name = Thunk::Val(Value::Str(path.last().cloned().unwrap_or_else(|| sym!(""))));
            let extra = ModArgs { inherited: inherited.clone(), name: Some(name) };
            let t = submodule(sys, opts.clone(), defs, path.clone(), extra);
            let v = ev.force(&t)?;
            Ok(match (maybe_more, v) {
                (Some(u), Value::Attrs(a)) => Value::attrs(Attrs {
                    origin: None,
                    entries: a.entries.clone(),
                    partial: Some(Partial { unknown: u, can_shadow: true }),
                }),
                (_, v) => v,
            })
        }
        Ty::DeferredModule => {
            let l: Vec<Thunk> = flats.iter().map(|f| Thunk::Val(f.value.clone())).collect();
            Ok(Value::attrs(Attrs::from_unsorted(vec![(Rc::from("imports"), Thunk::Val(Value::list(l)))])))
        }
        Ty::UniqueSettings | Ty::Removed(_) => Ok(Value::Null),
        Ty::Opaque(u) => Ok(Value::Unknown(u.clone())),
        Ty::UserSubmodule(mods) => {
            let defs: Vec<Def> =
                flats.iter().map(|f| Def::new(Thunk::Val(f.value.clone()), f.file.clone(), f.span)).collect();
            user_submodule(ev, sys, mods, &defs, path, inherited)
        }
        Ty::Anything => {
            if flats.iter().all(|f| matches!(f.value, Value::Attrs(_))) {
                return merge_attrs(sys, ty, &flats, path, maybe_more, inherited);
            }
            if flats.iter().all(|f| matches!(f.value, Value::List(_))) {
                let mut out = Vec::new();
                for f in &flats {
                    if let Value::List(l) = &f.value {
                        out.extend(l.iter().cloned());
                    }
                }
                return Ok(Value::list(out));
            }
            if flats.len() == 1 {
                return Ok(flats[0].value.clone());
            }
            merge_equal(ev, &flats, path, maybe_more)
        }
    }
}

fn merge_equal(ev: &mut Evaluator, flats: &[Flat], path: &OptPath, maybe_more: Option<Rc<Unknown>>) -> R<Value> {
    if let Some(u) = maybe_more {
        return Ok(Value::Unknown(u));
    }
    let first = flats[0].value.clone();
    if let Value::Unknown(_) = first {
        return Ok(first);
    }
    for f in &flats[1..] {
        match ev.values_equal(&first, &f.value)? {
            Some(true) => {}
            None => {
                return Ok(if let Value::Unknown(_) = f.value { f.value.clone() } else { first });
            }
            Some(false) => {
                let msg = format!(
                    "The option `{}' has conflicting definition values:{}\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
                    path.show(),
                    show_defs(ev, flats)
                );
                return Err(EvalError::new(ErrorKind::Other, msg, flats.last().and_then(|f| f.span)));
            }
        }
    }
    Ok(first)
}

fn merge_attrs(
    sys: &Rc<System>,
    elem: &Rc<Ty>,
    flats: &[Flat],
    path: &OptPath,
    maybe_more: Option<Rc<Unknown>>,
    inherited: &Inherited,
) -> R<Value> {
    let mut unknown = maybe_more;
    let mut sets: Vec<(&Flat, &Rc<Attrs>)> = Vec::with_capacity(flats.len());
    for f in flats {
        match &f.value {
            Value::Attrs(a) => {
                if let Some(p) = &a.partial {
                    unknown = Some(p.unknown.clone());
                }
                sets.push((f, a));
            }
            Value::Unknown(u) => unknown = Some(u.clone()),
            _ => {}
        }
    }
    let groups = group_by_key(&sets);
    // Shared by every element's thunk.
    struct Ctx {
        sys: Rc<System>,
        elem: Rc<Ty>,
        path: OptPath,
        inherited: Inherited,
    }
    let ctx = Rc::new(Ctx { sys: sys.clone(), elem: elem.clone(), path: path.clone(), inherited: inherited.clone() });
    let mut entries = Vec::with_capacity(groups.len());
    for (k, defs) in groups {
        let ctx = ctx.clone();
        let k2 = k.clone();
        let t = match &*elem.clone() {
            Ty::Submodule(opts) => {
                if sys.track.get() {
                    let flat_locs: Vec<Flat> = defs
                        .iter()
                        .map(|d| Flat { value: Value::Null, prio: 0, order: 0, file: d.file.clone(), span: d.span })
                        .collect();
                    sys.record(&path.join(&k), &flat_locs);
                }
                let opts = opts.clone();
                Thunk::native(move |ev| {
                    let p = ctx.path.join(&k2);
                    let mut flats = Vec::with_capacity(defs.len());
                    for d in &defs {
                        discharge(ev, d, &mut flats)?;
                    }
                    let mut bad = Vec::new();
                    for f in &flats {
                        if !check(&ctx.elem, &f.value) {
                            bad.push(f.clone());
                        }
                    }
                    if !bad.is_empty() {
                        return Err(not_of_type(ev, &p, &ctx.elem, &bad));
                    }
                    let extra =
                        ModArgs { inherited: ctx.inherited.clone(), name: Some(Thunk::Val(Value::Str(k2.clone()))) };
                    // Built here and now (this thunk is being forced), with
                    // the configuration's own thunk for `config`.
                    let cfg = Thunk::lazy(ThunkState::Blackhole);
                    let v = build_submodule(ev, &ctx.sys, &opts, &defs, &p, &extra, cfg.clone())?;
                    if let Thunk::Lazy(c) = &cfg {
                        *c.borrow_mut() = ThunkState::Done(v.clone());
                    }
                    Ok(v)
                })
            }
            _ => Thunk::native(move |ev| {
                let p = ctx.path.join(&k2);
                merge_option_with(ev, &ctx.sys, &ctx.elem, &defs, &p, None, None, &ctx.inherited)
            }),
        };
        entries.push((k, t));
    }
    // In name order already, without repeats.
    let mut attrs = Attrs { entries, partial: None, origin: None };
    if let Some(u) = unknown {
        attrs.partial = Some(Partial { unknown: u, can_shadow: true });
    }
    Ok(Value::attrs(attrs))
}

/// The keys of the sets in name order, each with its definitions in the
/// order of the sets. Every set's entries are in name order, so this merges
/// sorted lists (one comparison per heap step; no hashing, no sort):
/// thousands of machines over a few dozen files.
fn group_by_key(sets: &[(&Flat, &Rc<Attrs>)]) -> Vec<(Rc<str>, Vec<Def>)> {
    use std::cmp::{Ordering, Reverse};
    /// The next entry of set `.1`, ordered by name, then set.
    struct Head<'a>(&'a str, usize);
    impl Ord for Head<'_> {
        fn cmp(&self, o: &Self) -> Ordering {
            crate::eval::value::cmp_names(self.0, o.0).then(self.1.cmp(&o.1))
        }
    }
    impl PartialOrd for Head<'_> {
        fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
            Some(self.cmp(o))
        }
    }
    impl PartialEq for Head<'_> {
        fn eq(&self, o: &Self) -> bool {
            self.cmp(o) == Ordering::Equal
        }
    }
    impl Eq for Head<'_> {}
    let def = |si: usize, i: usize| {
        let (f, a) = sets[si];
        let t = &a.entries[i].1;
        let span = Evaluator::attr_span_at(a, i).or_else(|| Evaluator::thunk_span(t)).or(f.span);
        let prio = if f.prio == DEFAULT_PRIO { None } else { Some(f.prio) };
        Def { value: t.clone(), file: f.file.clone(), span, conds: Vec::new(), prio, module: 0 }
    };
    let n: usize = sets.iter().map(|(_, a)| a.len()).sum();
    let mut out: Vec<(Rc<str>, Vec<Def>)> = Vec::with_capacity(n);
    if let [(_, a)] = sets {
        // One set: its keys, one definition each.
        out.extend(a.entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), vec![def(0, i)])));
        return out;
    }
    let mut pos = vec![0usize; sets.len()];
    let mut heap: std::collections::BinaryHeap<Reverse<Head>> = sets
        .iter()
        .enumerate()
        .filter_map(|(si, (_, a))| a.entries.first().map(|(k, _)| Reverse(Head(k, si))))
        .collect();
    while let Some(Reverse(Head(_, si))) = heap.pop() {
        let i = pos[si];
        pos[si] += 1;
        let k = &sets[si].1.entries[i].0;
        match out.last_mut() {
            // Ties come out in set order.
            Some((last, defs)) if **last == **k => defs.push(def(si, i)),
            _ => out.push((k.clone(), vec![def(si, i)])),
        }
        if let Some((next, _)) = sets[si].1.entries.get(i + 1) {
            heap.push(Reverse(Head(next, si)));
        }
    }
    out
}

fn merge_unique(
    ev: &mut Evaluator,
    sys: &Rc<System>,
    defs: &[Def],
    path: &OptPath,
    default: Option<Value>,
    unknown: Option<Rc<Unknown>>,
) -> R<Value> {
    if defs.len() > 1 {
        let mut flats = Vec::new();
        for d in defs {
            discharge(ev, d, &mut flats)?;
        }
        let mut msg = format!(
            "The option `{}' is defined multiple times while it's expected to be unique.\n------\nDefinition values:",
            path.show()
        );
        msg.push_str(&show_defs(ev, &flats));
        msg.push_str(
            "\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
        );
        return Err(EvalError::new(ErrorKind::Other, msg, defs.last().and_then(|d| d.span)));
    }
    let Some(d) = defs.first() else {
        if let Some(u) = unknown {
            return Ok(Value::Unknown(u));
        }
        return Ok(default.unwrap_or_else(|| Value::attrs(Attrs::default())));
    };
    sys.record(path, &[Flat { value: Value::Null, prio: 0, order: 0, file: d.file.clone(), span: d.span }]);
    // Properties around the whole settings value are discharged (stored
    // plain); those inside it are stored raw.
    let mut flats = Vec::new();
    discharge(ev, d, &mut flats)?;
    let v = match flats.pop() {
        Some(f) => f.value,
        None => return Ok(default.unwrap_or_else(|| Value::attrs(Attrs::default()))),
    };
    // The type's check is `toJSON`: functions fail hard, like in clan-core.
    let mut out = String::new();
    let mut unknowns = Vec::new();
    let saved = ev.cur_span;
    ev.cur_span = d.span;
    let r = crate::eval::json::write_json(ev, &v, &mut out, &mut unknowns, crate::eval::json::PathMode::Store);
    ev.cur_span = saved;
    r?;
    match &v {
        Value::Attrs(a) => {
            if a.get("imports").is_some() {
                return Err(EvalError::new(
                    ErrorKind::Other,
                    "uniqueDeferredSerializableModule doesn't allow nested imports".into(),
                    d.span,
                ));
            }
        }
        Value::Unknown(_) => {}
        other => {
            let f = Flat { value: other.clone(), prio: DEFAULT_PRIO, order: 1000, file: d.file.clone(), span: d.span };
            return Err(not_of_type(ev, path, &Ty::UniqueSettings, &[f]));
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `group_by_key` gives what gathering by name does: every key once, in
    /// name order, with its definitions in the order of the sets, on random
    /// sets with shared keys (and one set, and none).
    #[test]
    fn group_by_key_is_gathering_by_name() {
        let mut rng = crate::util::test_rng(0x7a3f_19c2_e8b4_d061);
        let names = ["a", "a-1", "a1", "b", "ba", "é", "Z", "_x", "m"];
        for round in 0..400 {
            let flats: Vec<Flat> = (0..rng(5))
                .map(|fi| {
                    let entries = (0..rng(names.len() + 1))
                        .map(|_| {
                            let v = Value::Int((fi * 100 + rng(100)) as i64);
                            (Rc::from(names[rng(names.len())]), Thunk::Val(v))
                        })
                        .collect();
                    let file: Rc<str> = Rc::from(format!("f{fi}").as_str());
                    Flat { value: Value::attrs(Attrs::from_unsorted(entries)), prio: 100, order: 0, file, span: None }
                })
                .collect();
            let sets: Vec<(&Flat, &Rc<Attrs>)> =
                flats.iter().filter_map(|f| if let Value::Attrs(a) = &f.value { Some((f, a)) } else { None }).collect();
            let show = |defs: &[Def]| -> Vec<(String, i64)> {
                defs.iter()
                    .map(|d| (d.file.to_string(), if let Some(Value::Int(i)) = d.value.peek() { i } else { -1 }))
                    .collect()
            };
            let got: Vec<(String, Vec<(String, i64)>)> =
                group_by_key(&sets).iter().map(|(k, defs)| (k.to_string(), show(defs))).collect();
            type Shown = (String, Vec<(String, i64)>);
            let mut want: std::collections::BTreeMap<Vec<u8>, Shown> = Default::default();
            for (f, a) in &sets {
                for (k, t) in &a.entries {
                    let i = if let Some(Value::Int(i)) = t.peek() { i } else { -1 };
                    let e = want.entry(k.as_bytes().to_vec()).or_insert_with(|| (k.to_string(), Vec::new()));
                    e.1.push((f.file.to_string(), i));
                }
            }
            let want: Vec<_> = want.into_values().collect();
            assert_eq!(got, want, "round {round}");
        }
    }
}
