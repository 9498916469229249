//! The lowered expression language: rnix trees become this small IR with
//! variables resolved to frame slots and attribute sets merged by Nix's
//! parse-time rules. Every node keeps its source span.

use std::path::PathBuf;
use std::rc::Rc;

use super::value::Value;
use crate::syntax::Span;

pub type ExprRef = Rc<Expr>;

pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Concat,
    Update,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Impl,
}

pub enum StrPart {
    Lit(Rc<str>),
    Interp(ExprRef),
}

/// An attribute name in a select / has-attr path.
pub enum KeyExpr {
    Static(Rc<str>),
    Dynamic(ExprRef),
}

pub enum ExprKind {
    Const(Value),
    /// A string with interpolations.
    Interp(Vec<StrPart>),
    /// A path with interpolations; the first part is already absolute.
    InterpPath(Vec<StrPart>),
    /// A lexical variable: `level` frames up, slot `slot`.
    Var {
        level: u32,
        slot: u32,
    },
    /// A variable only a `with` can provide; the levels of the enclosing
    /// `with` frames, innermost first.
    WithVar {
        name: Rc<str>,
        withs: Vec<u32>,
    },
    List(Vec<ExprRef>),
    Attrs(Rc<AttrsDef>),
    Let {
        def: Rc<AttrsDef>,
        body: ExprRef,
    },
    Lambda(Rc<LambdaDef>),
    Apply(ExprRef, ExprRef),
    Select {
        expr: ExprRef,
        path: Vec<KeyExpr>,
        default: Option<ExprRef>,
    },
    HasAttr {
        expr: ExprRef,
        path: Vec<KeyExpr>,
    },
    If(ExprRef, ExprRef, ExprRef),
    Assert {
        cond: ExprRef,
        body: ExprRef,
        text: Rc<str>,
    },
    With {
        ns: ExprRef,
        body: ExprRef,
    },
    BinOp(BinOp, ExprRef, ExprRef),
    Not(ExprRef),
    Neg(ExprRef),
    /// A value that cannot be known statically (search paths, `~` paths).
    Unknown(Rc<str>),
    /// An error Nix raises when the file is bound (undefined variable,
    /// duplicate attribute, ...); raised when forced.
    Error(super::EvalError),
}

/// An attribute set literal, a `rec` set or the bindings of a `let`.
pub struct AttrsDef {
    /// `rec` sets and `let` bindings create a frame holding every static
    /// attribute, in `statics` order.
    pub rec: bool,
    pub statics: Vec<(Rc<str>, AttrVal, Span)>,
    pub dynamics: Vec<(ExprRef, AttrVal, Span)>,
    /// `inherit (e)` sources, evaluated once each (in the frame for `rec`).
    pub inherit_from: Vec<ExprRef>,
    /// Indices into `statics` sorted by name: where each static attribute
    /// is defined, found by binary search (provenance for the module layer).
    /// `None` when `statics` are in name order already (most literals).
    pub by_name: Option<Box<[u32]>>,
}

impl AttrsDef {
    /// The `i`-th static attribute in name order.
    pub fn nth_by_name(&self, i: usize) -> Option<&(Rc<str>, AttrVal, Span)> {
        match &self.by_name {
            Some(order) => self.statics.get(*order.get(i)? as usize),
            None => self.statics.get(i),
        }
    }

    /// Where the static attribute `name` is defined.
    pub fn span_of(&self, name: &str) -> Option<Span> {
        let key = |i: usize| self.nth_by_name(i).map(|s| s.0.as_bytes()).unwrap_or_default();
        let mut lo = 0;
        let mut hi = self.statics.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            match key(mid).cmp(name.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.nth_by_name(mid).map(|s| s.2),
            }
        }
        None
    }
}

pub enum AttrVal {
    Expr(ExprRef),
    /// A nested set created by a dotted path or merged literal.
    Nested(Rc<AttrsDef>),
    /// `inherit (e) name`: select `name` from `inherit_from[idx]`.
    InheritFrom(u32, Rc<str>),
}

pub struct LambdaDef {
    pub name: Option<Rc<str>>,
    pub param: Param,
    pub body: ExprRef,
    pub span: Span,
}

pub enum Param {
    /// `x: ...` — one slot.
    Ident,
    /// `{ a, b ? d, ... } @ x: ...` — slots: formals in order, then `x`.
    Formals { formals: Vec<(Rc<str>, Option<ExprRef>)>, ellipsis: bool, at: bool },
}

/// The files a path literal may refer to are resolved at lowering time.
pub fn abs_path(base: &std::path::Path, rel: &str) -> PathBuf {
    canon_path(&base.join(rel))
}

/// Nix's `canonPath`: removes `.`, `..` and duplicate slashes without touching
/// the filesystem.
pub fn canon_path(p: &std::path::Path) -> PathBuf {
    let s = p.to_string_lossy();
    let mut out: Vec<&str> = Vec::new();
    for c in s.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    PathBuf::from(format!("/{}", out.join("/")))
}
