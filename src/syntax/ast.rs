//! The syntax tree the evaluator lowers (`eval::lower`): what `parser.rs`
//! builds from a file. It keeps what evaluation and locations need (every
//! node's byte range, names and string pieces as ranges of the source) and
//! drops what only an editor needs (trivia, tokens of punctuation). It owns
//! no `Rc`, so a worker thread can build it (`syntax::ahead`).

use super::lexer::Tok;

pub type P = Box<Expr>;

pub struct Expr {
    pub kind: ExprKind,
    pub start: u32,
    pub end: u32,
}

pub enum ExprKind {
    /// The text is the node's range, for these four.
    Int,
    Float,
    Uri,
    Ident,
    CurPos,
    Str(Str),
    Path {
        kind: PathKind,
        parts: Vec<Part>,
    },
    /// Kept so `assert (c); …` can quote its condition as written.
    Paren(P),
    List(Vec<Expr>),
    AttrSet {
        rec: bool,
        entries: Vec<Entry>,
    },
    LetIn {
        entries: Vec<Entry>,
        body: P,
    },
    /// `let { …; body = …; }`
    LegacyLet(Vec<Entry>),
    Lambda(Box<Lambda>),
    Apply(P, P),
    Select {
        expr: P,
        path: Vec<Attr>,
        default: Option<P>,
    },
    HasAttr {
        expr: P,
        path: Vec<Attr>,
    },
    If(P, P, P),
    Assert(P, P),
    With(P, P),
    /// The operator token: `+`, `//`, `|>`, ...
    BinOp(Tok, P, P),
    Not(P),
    Neg(P),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    Abs,
    Rel,
    Home,
    Search,
}

/// A piece of a string or a path: raw source text (escapes not yet
/// interpreted) or an interpolation.
pub enum Part {
    Lit(u32, u32),
    Interp(Expr),
}

pub struct Str {
    /// `''…''` rather than `"…"`.
    pub multiline: bool,
    pub parts: Vec<Part>,
}

/// One attribute name of an attribute path, with its range.
pub struct Attr {
    pub kind: AttrKind,
    pub start: u32,
    pub end: u32,
}

pub enum AttrKind {
    Ident,
    Str(Str),
    /// `${e}`
    Dynamic(P),
}

pub enum Entry {
    Inherit {
        from: Option<P>,
        attrs: Vec<Attr>,
        start: u32,
        end: u32,
    },
    /// `a.b.c = value;`: the range is the whole binding.
    Value {
        path: Vec<Attr>,
        value: Expr,
        start: u32,
        end: u32,
    },
}

pub struct Lambda {
    pub param: Param,
    pub body: Expr,
}

pub enum Param {
    /// `x: …`, the identifier's range.
    Ident(u32, u32),
    /// `{ a, b ? d, ... } @ x: …`
    Pattern { entries: Vec<PatEntry>, bind: Option<(u32, u32)>, ellipsis: bool },
}

pub struct PatEntry {
    pub start: u32,
    pub end: u32,
    pub default: Option<Expr>,
}

/// A parsed file: its expression and the plain relative path literals
/// (`./x.nix`) in source order, which parse-ahead follows.
pub struct File {
    pub expr: Expr,
    pub paths: Vec<(u32, u32)>,
}
