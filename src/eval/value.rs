//! Runtime values of the evaluator: Nix's values plus `Unknown`, thunks and
//! environments. Values are cheap to clone (`Rc` inside).

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use super::builtins::BuiltinDef;
use super::ir::{ExprRef, LambdaDef};
use crate::syntax::Span;

/// Why a value is not statically known, and where it came from.
#[derive(Debug)]
pub struct Unknown {
    pub reason: String,
    pub span: Option<Span>,
}

#[derive(Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Path(Rc<PathBuf>),
    Attrs(Rc<Attrs>),
    List(Rc<Vec<Thunk>>),
    Lambda(Rc<Closure>),
    Builtin(Rc<BuiltinApp>),
    Unknown(Rc<Unknown>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }
    pub fn unknown(reason: impl Into<String>, span: Option<Span>) -> Value {
        Value::Unknown(Rc::new(Unknown { reason: reason.into(), span }))
    }
    pub fn list(v: Vec<Thunk>) -> Value {
        Value::List(Rc::new(v))
    }
    pub fn attrs(a: Attrs) -> Value {
        Value::Attrs(Rc::new(a))
    }
    /// Nix's type names, as `builtins.typeOf` gives them.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Lambda(_) | Value::Builtin(_) => "lambda",
            Value::Unknown(_) => "unknown",
        }
    }
    /// Type names as Nix's error messages show them ("an integer", "a set").
    pub fn show_type(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Str(_) => "a string",
            Value::Path(_) => "a path",
            Value::Attrs(_) => "a set",
            Value::List(_) => "a list",
            Value::Lambda(_) => "a function",
            Value::Builtin(_) => "a built-in function",
            Value::Unknown(_) => "an unknown value",
        }
    }
}

/// Bytewise order of two names, as `a.as_bytes().cmp(b.as_bytes())`: most
/// probes of a search over attribute names are told apart by the first
/// byte, without a call to `memcmp`.
#[inline]
pub fn cmp_names(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x.cmp(y),
        _ => a.as_bytes().cmp(b.as_bytes()),
    }
}

/// An attribute set: entries sorted bytewise by name, plus an optional
/// unknown part (keys that may exist but cannot be known statically).
#[derive(Default)]
pub struct Attrs {
    pub entries: Vec<(Rc<str>, Thunk)>,
    pub partial: Option<Partial>,
    /// The literal this set was evaluated from (or filtered from), for the
    /// source location of each attribute (`Evaluator::attr_span`).
    pub origin: Option<Rc<super::ir::AttrsDef>>,
}

/// The unknown part of an attribute set.
pub struct Partial {
    pub unknown: Rc<Unknown>,
    /// Whether the unknown part may shadow keys of the known part (an unknown
    /// right-hand side of `//`), or may only add new keys.
    pub can_shadow: bool,
}

impl Attrs {
    /// Builds a set from unsorted entries; later duplicates are dropped.
    pub fn from_unsorted(mut entries: Vec<(Rc<str>, Thunk)>) -> Attrs {
        // Often already in order (declared options, generated sets), and
        // then strictly so: one pass instead of a sort.
        if !entries.is_sorted_by(|a, b| a.0.as_bytes() < b.0.as_bytes()) {
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            entries.dedup_by(|b, a| a.0 == b.0);
        }
        Attrs { origin: None, entries, partial: None }
    }
    pub fn get(&self, name: &str) -> Option<&Thunk> {
        self.entries.binary_search_by(|e| cmp_names(&e.0, name)).ok().map(|i| &self.entries[i].1)
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn names(&self) -> impl Iterator<Item = &Rc<str>> {
        self.entries.iter().map(|e| &e.0)
    }
}

/// A lambda together with the environment it closes over.
pub struct Closure {
    pub def: Rc<LambdaDef>,
    pub env: Rc<Env>,
}

/// A builtin, possibly partially applied.
pub struct BuiltinApp {
    pub def: &'static BuiltinDef,
    pub args: Vec<Thunk>,
}

/// One frame of variables. `with` frames hold the namespace in slot 0.
pub struct Env {
    pub slots: RefCell<Vec<Thunk>>,
    pub parent: Option<Rc<Env>>,
}

impl Env {
    pub fn new(parent: Option<Rc<Env>>, cap: usize) -> Rc<Env> {
        Rc::new(Env { slots: RefCell::new(Vec::with_capacity(cap)), parent })
    }
    pub fn with_slots(parent: Option<Rc<Env>>, slots: Vec<Thunk>) -> Rc<Env> {
        Rc::new(Env { slots: RefCell::new(slots), parent })
    }
    pub fn ancestor(self: &Rc<Env>, level: u32) -> &Rc<Env> {
        let mut e = self;
        for _ in 0..level {
            match &e.parent {
                Some(p) => e = p,
                None => break,
            }
        }
        e
    }
    pub fn slot(&self, i: u32) -> Option<Thunk> {
        self.slots.borrow().get(i as usize).cloned()
    }
}

/// A possibly unevaluated value.
#[derive(Clone)]
pub enum Thunk {
    Val(Value),
    Lazy(Rc<RefCell<ThunkState>>),
    /// Entry `i` of a table of deferred computations that share their
    /// state (an option set's options): one allocation for the table and
    /// its memo cells, none per entry.
    Slot(Rc<Slots>, u32),
}

/// Deferred computations sharing one state (see `Thunk::Slot`).
pub trait LazyTable {
    fn compute(&self, ev: &mut super::Evaluator, i: u32) -> super::R<Value>;
}

/// A `LazyTable` with a memo cell per entry; a cell starts as
/// `ThunkState::Table` (computed by the table when forced).
pub struct Slots {
    pub table: Box<dyn LazyTable>,
    pub cells: Box<[RefCell<ThunkState>]>,
}

impl Slots {
    pub fn new(table: Box<dyn LazyTable>, n: usize) -> Rc<Slots> {
        Rc::new(Slots { table, cells: (0..n).map(|_| RefCell::new(ThunkState::Table)).collect() })
    }
}

/// A deferred computation of the evaluator.
pub type NativeFn = Rc<dyn Fn(&mut super::Evaluator) -> super::R<Value>>;

pub enum ThunkState {
    Pending(ExprRef, Rc<Env>),
    // The rarer, larger states are boxed: every lazy value carries a
    // `ThunkState`, and most are `Pending`.
    /// `f arg`, applied when forced (used by `map`, `mapAttrs`, ...).
    Apply(Box<(Value, Thunk)>),
    /// `f a b`, applied when forced.
    Apply2(Box<(Value, Thunk, Thunk)>),
    /// `set.name`, selected when forced.
    Select(Box<(Thunk, Rc<str>, Option<Span>)>),
    Native(NativeFn),
    /// An entry of a `Slots` table, not computed yet.
    Table,
    Blackhole,
    Done(Value),
}

impl Thunk {
    pub fn new(expr: ExprRef, env: Rc<Env>) -> Thunk {
        Thunk::Lazy(Rc::new(RefCell::new(ThunkState::Pending(expr, env))))
    }
    pub fn lazy(state: ThunkState) -> Thunk {
        Thunk::Lazy(Rc::new(RefCell::new(state)))
    }
    pub fn apply(f: Value, arg: Thunk) -> Thunk {
        Thunk::lazy(ThunkState::Apply(Box::new((f, arg))))
    }
    pub fn native(f: impl Fn(&mut super::Evaluator) -> super::R<Value> + 'static) -> Thunk {
        Thunk::lazy(ThunkState::Native(Rc::new(f)))
    }
    /// The value if already evaluated.
    pub fn peek(&self) -> Option<Value> {
        match self {
            Thunk::Val(v) => Some(v.clone()),
            Thunk::Lazy(c) => match &*c.borrow() {
                ThunkState::Done(v) => Some(v.clone()),
                _ => None,
            },
            Thunk::Slot(s, i) => match s.cells.get(*i as usize).map(|c| c.borrow()).as_deref() {
                Some(ThunkState::Done(v)) => Some(v.clone()),
                _ => None,
            },
        }
    }
}

impl From<Value> for Thunk {
    fn from(v: Value) -> Thunk {
        Thunk::Val(v)
    }
}

#[cfg(test)]
mod tests {
    /// `cmp_names` is the bytewise order, on names that share prefixes,
    /// are empty, or hold non-ASCII characters.
    #[test]
    fn cmp_names_is_bytewise() {
        let mut rng = crate::util::test_rng(0x2f3c_8a91_d4e7_1b05);
        let alphabet = ["", "a", "b", "ab", "é", "_", "Z", "a-b", "\u{10000}"];
        for _ in 0..20_000 {
            let mut word = || (0..rng(4)).map(|_| alphabet[rng(alphabet.len())]).collect::<String>();
            let (a, b) = (word(), word());
            assert_eq!(super::cmp_names(&a, &b), a.as_bytes().cmp(b.as_bytes()), "{a:?} {b:?}");
        }
    }
}
