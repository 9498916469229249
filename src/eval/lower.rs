//! Lowering: one parsed file (`syntax::ast`) becomes IR. Variables are resolved to frame
//! slots (lexical bindings and globals beat `with`, as in Nix), attribute set
//! literals are merged with Nix's parse-time rules (`addAttr`), and the
//! errors Nix raises while parsing or binding a file (duplicate attributes,
//! undefined variables) are returned as the file's error.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use std::rc::Rc;

use super::ir::*;
use super::value::{Attrs, Thunk, Value};
use super::{ErrorKind, EvalError};
use crate::syntax::ast::{self, Attr, AttrKind, Entry, Expr as AExpr, ExprKind as AK, Part};
use crate::syntax::lexer::Tok;
use crate::syntax::{FileId, SourceFile, Span};

enum Scope {
    Frame(HashMap<Rc<str>, u32>),
    With,
}

pub struct Lowerer<'a> {
    file: FileId,
    src: &'a SourceFile,
    dir: &'a Path,
    globals: &'a HashMap<Rc<str>, Value>,
    /// Attribute and variable names are interned: the same name in ten
    /// thousand machine definitions is one allocation.
    names: &'a std::cell::RefCell<rustc_hash::FxHashSet<Rc<str>>>,
    scopes: Vec<Scope>,
}

type LR<T> = Result<T, EvalError>;

/// Pre-merge representation of an attribute set literal (Nix's `ExprAttrs`
/// while the parser is still adding attributes to it).
struct LAttrs<'t> {
    rec: bool,
    attrs: Vec<(Interned, LVal<'t>, Span)>,
    /// Position by name, keyed by the interned name's address.
    index: HashMap<usize, usize>,
    dynamics: Vec<(LName<'t>, LVal<'t>, Span)>,
    inherit_from: Vec<&'t AExpr>,
}

/// Below this many attributes a set is searched linearly (most literals
/// are small; hashing every name costs more than comparing a few).
const INDEX_FROM: usize = 12;

impl<'t> LAttrs<'t> {
    fn new(rec: bool) -> LAttrs<'t> {
        LAttrs { rec, attrs: Vec::new(), index: HashMap::default(), dynamics: Vec::new(), inherit_from: Vec::new() }
    }
    /// The position of static attribute `name`.
    fn find(&self, name: &Interned) -> Option<usize> {
        if self.attrs.len() < INDEX_FROM {
            self.attrs.iter().position(|(n, _, _)| n.same(name))
        } else {
            self.index.get(&name.addr()).copied()
        }
    }
    fn push(&mut self, name: Interned, v: LVal<'t>, span: Span) -> usize {
        let i = self.attrs.len();
        if i + 1 == INDEX_FROM {
            self.index = self.attrs.iter().enumerate().map(|(j, (n, _, _))| (n.addr(), j)).collect();
        }
        if i + 1 >= INDEX_FROM {
            self.index.insert(name.addr(), i);
        }
        self.attrs.push((name, v, span));
        i
    }
}

/// A name made by `Lowerer::intern_name`: equal names are one `Rc`, so
/// they are told apart by address (no string compare, no string hash).
/// Only the interner makes one, which is what keeps that true.
#[derive(Clone)]
struct Interned(Rc<str>);

impl Interned {
    fn same(&self, other: &Interned) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
    fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }
}

enum LVal<'t> {
    Expr(&'t AExpr),
    Set(LAttrs<'t>),
    Inherit(Span),
    InheritFrom(u32),
}

#[derive(Clone, Copy)]
enum LName<'t> {
    Dyn(&'t AExpr),
    Str(&'t ast::Str, Span),
}

enum PathKey<'t> {
    Static(Interned),
    Dynamic(LName<'t>),
}

/// A piece of a string after escapes and indentation are processed.
enum NPart<'t> {
    Lit(String),
    Interp(&'t AExpr),
}

/// Whether a plain `"…"` piece has escapes, `$` or CR to process (a byte
/// loop: a set-of-chars pattern decodes every character).
fn needs_normalizing(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'\\' | b'$' | b'\r'))
}

fn strip_parens(mut e: &AExpr) -> &AExpr {
    while let AK::Paren(inner) = &e.kind {
        e = inner;
    }
    e
}

impl<'a> Lowerer<'a> {
    pub fn new(
        file: FileId,
        src: &'a SourceFile,
        dir: &'a Path,
        globals: &'a HashMap<Rc<str>, Value>,
        names: &'a std::cell::RefCell<rustc_hash::FxHashSet<Rc<str>>>,
    ) -> Self {
        Lowerer { file, src, dir, globals, names, scopes: Vec::new() }
    }

    fn intern_name(&self, s: &str) -> Interned {
        Interned(self.intern(s))
    }

    fn intern(&self, s: &str) -> Rc<str> {
        let mut names = self.names.borrow_mut();
        if let Some(n) = names.get(s) {
            return n.clone();
        }
        let n: Rc<str> = Rc::from(s);
        names.insert(n.clone());
        n
    }

    /// The source text of a range.
    fn text(&self, start: u32, end: u32) -> &'a str {
        let text: &'a str = &self.src.text;
        text.get(start as usize..end as usize).unwrap_or("")
    }

    fn span_of(&self, start: u32, end: u32) -> Span {
        Span { file: self.file, start, end }
    }

    fn span(&self, e: &AExpr) -> Span {
        self.span_of(e.start, e.end)
    }

    fn err(&self, kind: ErrorKind, msg: String, span: Span) -> EvalError {
        EvalError::new(kind, msg, Some(span))
    }

    fn mk(&self, kind: ExprKind, span: Span) -> ExprRef {
        Rc::new(Expr { kind, span })
    }

    fn loc(&self, span: Span) -> String {
        let (l, c) = self.src.line_col(span.start);
        format!("{}:{}:{}", self.src.path.display(), l, c)
    }

    pub fn lower_root(&mut self, file: &ast::File) -> LR<ExprRef> {
        self.lower(&file.expr)
    }

    fn lookup(&self, name: &str, span: Span, skip_innermost_frame: bool) -> LR<ExprKind> {
        let mut withs = Vec::new();
        let mut level = 0u32;
        let mut iter = self.scopes.iter().rev();
        if skip_innermost_frame {
            iter.next();
            level = 1;
        }
        for s in iter {
            match s {
                Scope::Frame(names) => {
                    if let Some(&slot) = names.get(name) {
                        return Ok(ExprKind::Var { level, slot });
                    }
                }
                Scope::With => withs.push(level),
            }
            level += 1;
        }
        if let Some(v) = self.globals.get(name) {
            return Ok(ExprKind::Const(v.clone()));
        }
        if !withs.is_empty() {
            return Ok(ExprKind::WithVar { name: Rc::from(name), withs });
        }
        Err(self.err(ErrorKind::UndefinedVariable, format!("undefined variable '{name}'"), span))
    }

    pub fn lower(&mut self, e: &AExpr) -> LR<ExprRef> {
        let span = self.span(e);
        let kind = match &e.kind {
            AK::Paren(inner) => return self.lower(inner),
            AK::Int => {
                let t = self.text(e.start, e.end);
                match t.parse::<i64>() {
                    Ok(v) => ExprKind::Const(Value::Int(v)),
                    Err(_) => return Err(self.err(ErrorKind::Syntax, format!("invalid integer '{t}'"), span)),
                }
            }
            AK::Float => {
                let t = self.text(e.start, e.end);
                match t.parse::<f64>() {
                    Ok(v) => ExprKind::Const(Value::Float(v)),
                    Err(_) => return Err(self.err(ErrorKind::Syntax, format!("invalid float '{t}'"), span)),
                }
            }
            AK::Uri => ExprKind::Const(Value::str(self.text(e.start, e.end))),
            AK::Str(s) => return self.lower_str(s, span),
            AK::Path { kind, parts } => match kind {
                ast::PathKind::Rel => return self.lower_path(parts, span, true),
                ast::PathKind::Abs => return self.lower_path(parts, span, false),
                ast::PathKind::Home => {
                    ExprKind::Unknown(Rc::from("a path relative to the home directory (~) is not statically known"))
                }
                ast::PathKind::Search => ExprKind::Unknown(Rc::from(
                    format!("the search path {} is not available statically", self.text(e.start, e.end)).as_str(),
                )),
            },
            AK::Ident => {
                let name = self.intern(self.text(e.start, e.end));
                self.lookup(&name, span, false)?
            }
            AK::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    out.push(self.lower(it)?);
                }
                ExprKind::List(out)
            }
            AK::AttrSet { rec, entries } => {
                let la = self.collect(entries, *rec, false)?;
                let def = self.lower_attrs(la)?;
                ExprKind::Attrs(def)
            }
            AK::LetIn { entries, body } => {
                let la = self.collect(entries, true, true)?;
                let (def, body) = self.lower_let(la, body)?;
                ExprKind::Let { def, body }
            }
            AK::LegacyLet(entries) => {
                // `let { a = 1; body = a; }` is `rec { ... }.body`.
                let la = self.collect(entries, true, true)?;
                let def = self.lower_attrs(la)?;
                let set = self.mk(ExprKind::Attrs(def), span);
                ExprKind::Select { expr: set, path: vec![KeyExpr::Static(Rc::from("body"))], default: None }
            }
            AK::Lambda(l) => ExprKind::Lambda(self.lower_lambda(l, span, None)?),
            AK::Apply(f, x) => ExprKind::Apply(self.lower(f)?, self.lower(x)?),
            AK::Select { expr, path, default } => {
                let expr = self.lower(expr)?;
                let path = self.lower_attrpath(path)?;
                let default = match default {
                    Some(d) => Some(self.lower(d)?),
                    None => None,
                };
                ExprKind::Select { expr, path, default }
            }
            AK::HasAttr { expr, path } => {
                let expr = self.lower(expr)?;
                let path = self.lower_attrpath(path)?;
                ExprKind::HasAttr { expr, path }
            }
            AK::If(c, t, f) => ExprKind::If(self.lower(c)?, self.lower(t)?, self.lower(f)?),
            AK::Assert(c, b) => {
                let text: Rc<str> = Rc::from(self.text(c.start, c.end));
                ExprKind::Assert { cond: self.lower(c)?, body: self.lower(b)?, text }
            }
            AK::With(ns, body) => {
                let ns = self.lower(ns)?;
                self.scopes.push(Scope::With);
                let body = self.lower(body);
                self.scopes.pop();
                ExprKind::With { ns, body: body? }
            }
            AK::BinOp(op, l, r) => {
                let l = self.lower(l)?;
                let r = self.lower(r)?;
                let op = match op {
                    Tok::Concat => BinOp::Concat,
                    Tok::Update => BinOp::Update,
                    Tok::Add => BinOp::Add,
                    Tok::Sub => BinOp::Sub,
                    Tok::Mul => BinOp::Mul,
                    Tok::Div => BinOp::Div,
                    Tok::AndAnd => BinOp::And,
                    Tok::Eq => BinOp::Eq,
                    Tok::Impl => BinOp::Impl,
                    Tok::Lt => BinOp::Lt,
                    Tok::Le => BinOp::Le,
                    Tok::Gt => BinOp::Gt,
                    Tok::Ge => BinOp::Ge,
                    Tok::Ne => BinOp::Ne,
                    Tok::OrOr => BinOp::Or,
                    Tok::PipeRight => return Ok(self.mk(ExprKind::Apply(r, l), span)),
                    Tok::PipeLeft => return Ok(self.mk(ExprKind::Apply(l, r), span)),
                    _ => return Err(self.syntax(span)),
                };
                ExprKind::BinOp(op, l, r)
            }
            AK::Not(x) => ExprKind::Not(self.lower(x)?),
            AK::Neg(x) => ExprKind::Neg(self.lower(x)?),
            AK::CurPos => {
                let (l, c) = self.src.line_col(span.start);
                let attrs = Attrs::from_unsorted(vec![
                    (Rc::from("column"), Thunk::Val(Value::Int(c as i64))),
                    (Rc::from("file"), Thunk::Val(Value::str(&self.src.path.to_string_lossy()))),
                    (Rc::from("line"), Thunk::Val(Value::Int(l as i64))),
                ]);
                ExprKind::Const(Value::attrs(attrs))
            }
        };
        Ok(self.mk(kind, span))
    }

    fn syntax(&self, span: Span) -> EvalError {
        self.err(ErrorKind::Syntax, "syntax error".into(), span)
    }

    fn lower_str(&mut self, s: &ast::Str, span: Span) -> LR<ExprRef> {
        // Most strings are one plain piece of a `"…"` string: no escapes,
        // no `$`, no CR. Those need no normalizing.
        if !s.multiline {
            match s.parts.as_slice() {
                [] => return Ok(self.mk(ExprKind::Const(Value::Str(Rc::from(""))), span)),
                [Part::Lit(a, b)] => {
                    let text = self.text(*a, *b);
                    if !needs_normalizing(text) {
                        return Ok(self.mk(ExprKind::Const(Value::Str(Rc::from(text))), span));
                    }
                }
                _ => {}
            }
        }
        let mut parts = Vec::new();
        for p in self.normalized(s) {
            match p {
                NPart::Lit(l) => parts.push(StrPart::Lit(Rc::from(l.as_str()))),
                NPart::Interp(e) => parts.push(StrPart::Interp(self.lower(e)?)),
            }
        }
        Ok(self.mk(const_or_interp(parts, false), span))
    }

    /// The pieces of a string with escapes interpreted and, for `''`
    /// strings, the first line (when blank), the common indentation and
    /// trailing spaces of the last line removed: rnix's `normalized_parts`,
    /// on which the evaluation fixtures were checked against Nix.
    fn normalized<'t>(&self, s: &'t ast::Str) -> Vec<NPart<'t>> {
        if !s.multiline {
            return s
                .parts
                .iter()
                .map(|p| match p {
                    Part::Lit(a, b) => NPart::Lit(unescape(self.text(*a, *b), false)),
                    Part::Interp(e) => NPart::Interp(e),
                })
                .collect();
        }
        // A first piece whose first line is blank loses that line.
        let first_line = |i: usize, t: &'a str| -> &'a str {
            if i == 0
                && let Some(p) = t.find('\n')
                && t.as_bytes()[..p].iter().all(|&c| c == b' ')
            {
                return &t[p + 1..];
            }
            t
        };
        let mut at_start = true;
        let mut min_indent = 1_000_000usize;
        let mut cur = 0usize;
        for (i, p) in s.parts.iter().enumerate() {
            match p {
                Part::Interp(_) => {
                    if at_start {
                        at_start = false;
                        min_indent = min_indent.min(cur);
                    }
                }
                Part::Lit(a, b) => {
                    for &c in first_line(i, self.text(*a, *b)).as_bytes() {
                        if at_start {
                            if c == b' ' {
                                cur += 1;
                            } else if c == b'\n' {
                                cur = 0;
                            } else {
                                at_start = false;
                                min_indent = min_indent.min(cur);
                            }
                        } else if c == b'\n' {
                            at_start = true;
                            cur = 0;
                        }
                    }
                }
            }
        }
        let n = s.parts.len();
        let mut out = Vec::with_capacity(n);
        let mut dropped = 0usize;
        at_start = true;
        for (i, p) in s.parts.iter().enumerate() {
            match p {
                Part::Interp(e) => {
                    at_start = false;
                    dropped = 0;
                    out.push(NPart::Interp(e));
                }
                Part::Lit(a, b) => {
                    let raw = self.text(*a, *b);
                    let text = first_line(i, raw);
                    if i == 0 && text.len() != raw.len() && text.is_empty() {
                        continue;
                    }
                    let mut st = String::with_capacity(text.len());
                    for c in text.chars() {
                        if at_start {
                            if c == ' ' {
                                if dropped >= min_indent {
                                    st.push(c);
                                }
                                dropped += 1;
                            } else if c == '\n' {
                                dropped = 0;
                                st.push(c);
                            } else {
                                at_start = false;
                                dropped = 0;
                                st.push(c);
                            }
                        } else {
                            st.push(c);
                            if c == '\n' {
                                at_start = true;
                            }
                        }
                    }
                    if i + 1 == n
                        && let Some(p) = st.rfind('\n')
                        && st.as_bytes()[p + 1..].iter().all(|&c| c == b' ')
                    {
                        st.truncate(p + 1);
                    }
                    out.push(NPart::Lit(unescape(&st, true)));
                }
            }
        }
        out
    }

    fn lower_path(&mut self, parts: &[Part], span: Span, relative: bool) -> LR<ExprRef> {
        let mut out = Vec::with_capacity(parts.len());
        for (i, p) in parts.iter().enumerate() {
            match p {
                Part::Lit(a, b) => {
                    let text = self.text(*a, *b);
                    if i == 0 {
                        let abs = if relative { abs_path(self.dir, text) } else { canon_path(Path::new(text)) };
                        let mut s = abs.to_string_lossy().into_owned();
                        // Keep a trailing slash before an interpolation (`./a/${x}`).
                        if text.ends_with('/') && !s.ends_with('/') {
                            s.push('/');
                        }
                        out.push(StrPart::Lit(Rc::from(s.as_str())));
                    } else {
                        out.push(StrPart::Lit(Rc::from(text)));
                    }
                }
                Part::Interp(e) => out.push(StrPart::Interp(self.lower(e)?)),
            }
        }
        Ok(self.mk(const_or_interp(out, true), span))
    }

    fn lower_attrpath(&mut self, path: &[Attr]) -> LR<Vec<KeyExpr>> {
        let mut out = Vec::with_capacity(path.len());
        for a in path {
            match self.attr_key(a)? {
                PathKey::Static(s) => out.push(KeyExpr::Static(s.0)),
                PathKey::Dynamic(n) => out.push(KeyExpr::Dynamic(self.lower_name(n)?)),
            }
        }
        Ok(out)
    }

    /// The name a string makes when it has no interpolation.
    fn static_str(&self, s: &ast::Str) -> Option<Interned> {
        if !s.multiline
            && let [Part::Lit(a, b)] = s.parts.as_slice()
        {
            let text = self.text(*a, *b);
            if !needs_normalizing(text) {
                return Some(self.intern_name(text));
            }
        }
        let parts = self.normalized(s);
        if !parts.iter().all(|p| matches!(p, NPart::Lit(_))) {
            return None;
        }
        let mut out = String::new();
        for p in parts {
            if let NPart::Lit(l) = p {
                out.push_str(&l);
            }
        }
        Some(self.intern_name(&out))
    }

    fn attr_key<'t>(&self, a: &'t Attr) -> LR<PathKey<'t>> {
        Ok(match &a.kind {
            AttrKind::Ident => PathKey::Static(self.intern_name(self.text(a.start, a.end))),
            AttrKind::Str(s) => match self.static_str(s) {
                Some(name) => PathKey::Static(name),
                None => PathKey::Dynamic(LName::Str(s, self.span_of(a.start, a.end))),
            },
            AttrKind::Dynamic(e) => match &e.kind {
                // `${"a"}` is a static name in Nix's parser.
                AK::Str(s) => match self.static_str(s) {
                    Some(name) => PathKey::Static(name),
                    None => PathKey::Dynamic(LName::Dyn(e)),
                },
                _ => PathKey::Dynamic(LName::Dyn(e)),
            },
        })
    }

    fn lower_name(&mut self, n: LName<'_>) -> LR<ExprRef> {
        match n {
            LName::Dyn(e) => self.lower(e),
            LName::Str(s, span) => self.lower_str(s, span),
        }
    }

    fn dup_err(&self, path: &[Rc<str>], span: Span, prev: Span) -> EvalError {
        let p: Vec<&str> = path.iter().map(|s| s.as_ref()).collect();
        self.err(
            ErrorKind::DuplicateAttr,
            format!("attribute '{}' already defined at {}", p.join("."), self.loc(prev)),
            span,
        )
    }

    /// Builds the pre-merge set for a literal's entries (Nix's `addAttr`).
    fn collect<'t>(&self, entries: &'t [Entry], rec: bool, is_let: bool) -> LR<LAttrs<'t>> {
        let mut top = LAttrs::new(rec);
        // One key buffer for every binding of the set.
        let mut keys = Vec::new();
        for entry in entries {
            match entry {
                Entry::Inherit { from, attrs, .. } => {
                    let from_idx = match from {
                        Some(f) => {
                            top.inherit_from.push(f);
                            Some(top.inherit_from.len() as u32 - 1)
                        }
                        None => None,
                    };
                    for a in attrs {
                        let span = self.span_of(a.start, a.end);
                        let name = match self.attr_key(a)? {
                            PathKey::Static(s) => s,
                            PathKey::Dynamic(_) => {
                                return Err(self.err(
                                    ErrorKind::Syntax,
                                    "dynamic attributes not allowed in inherit".into(),
                                    span,
                                ));
                            }
                        };
                        if let Some(i) = top.find(&name) {
                            return Err(self.dup_err(&[name.0], span, top.attrs[i].2));
                        }
                        let v = match from_idx {
                            Some(i) => LVal::InheritFrom(i),
                            None => LVal::Inherit(span),
                        };
                        top.push(name, v, span);
                    }
                }
                Entry::Value { path, value, start, end } => {
                    let span = self.span_of(*start, *end);
                    keys.clear();
                    for a in path {
                        keys.push(self.attr_key(a)?);
                    }
                    let (Some(first), Some(last)) = (path.first(), path.last()) else {
                        return Err(self.syntax(span));
                    };
                    if is_let && keys.iter().any(|k| matches!(k, PathKey::Dynamic(_))) {
                        return Err(self.err(ErrorKind::Syntax, "dynamic attributes not allowed in let".into(), span));
                    }
                    let value = strip_parens(value);
                    let lval = match &value.kind {
                        AK::AttrSet { rec, entries } => LVal::Set(self.collect(entries, *rec, false)?),
                        _ => LVal::Expr(value),
                    };
                    let key_span = self.span_of(first.start, last.end);
                    self.add_attr(&mut top, &keys, lval, key_span)?;
                }
            }
        }
        Ok(top)
    }

    fn add_attr<'t>(&self, top: &mut LAttrs<'t>, keys: &[PathKey<'t>], val: LVal<'t>, span: Span) -> LR<()> {
        // Nix names the whole attribute path of the new binding (made only
        // for an error).
        let full = |keys: &[PathKey<'t>]| -> Vec<Rc<str>> {
            keys.iter()
                .map(|k| match k {
                    PathKey::Static(s) => s.0.clone(),
                    PathKey::Dynamic(_) => Rc::from("\"${dynamic}\""),
                })
                .collect()
        };
        let mut cur = top;
        let n = keys.len();
        let mut val = Some(val);
        for i in 0..n {
            let last = i + 1 == n;
            match &keys[i] {
                PathKey::Static(name) => {
                    if last {
                        let Some(val) = val.take() else { break };
                        if let Some(j) = cur.find(name) {
                            let prev = cur.attrs[j].2;
                            match (&mut cur.attrs[j].1, val) {
                                (LVal::Set(existing), LVal::Set(new)) => {
                                    // Both literal sets: merge (recursively, as current
                                    // Nix does); a later `rec` is dropped.
                                    return self.merge_sets(existing, new, &full(keys));
                                }
                                _ => return Err(self.dup_err(&full(keys), span, prev)),
                            }
                        }
                        cur.push(name.clone(), val, span);
                        return Ok(());
                    }
                    let j = match cur.find(name) {
                        Some(j) => {
                            if !matches!(cur.attrs[j].1, LVal::Set(_)) {
                                return Err(self.dup_err(&full(keys), span, cur.attrs[j].2));
                            }
                            j
                        }
                        None => cur.push(name.clone(), LVal::Set(LAttrs::new(false)), span),
                    };
                    let LVal::Set(s) = &mut cur.attrs[j].1 else { unreachable!("a set, checked or just pushed") };
                    cur = s;
                }
                PathKey::Dynamic(dn) => {
                    if last {
                        let Some(val) = val.take() else { break };
                        cur.dynamics.push((*dn, val, span));
                        return Ok(());
                    }
                    cur.dynamics.push((*dn, LVal::Set(LAttrs::new(false)), span));
                    let idx = cur.dynamics.len() - 1;
                    let LVal::Set(s) = &mut cur.dynamics[idx].1 else { unreachable!("just pushed") };
                    cur = s;
                }
            }
        }
        Ok(())
    }

    fn merge_sets<'t>(&self, existing: &mut LAttrs<'t>, new: LAttrs<'t>, path: &[Rc<str>]) -> LR<()> {
        let off = existing.inherit_from.len() as u32;
        existing.inherit_from.extend(new.inherit_from);
        for (k, v, sp) in new.attrs {
            let v = match v {
                LVal::InheritFrom(x) => LVal::InheritFrom(x + off),
                v => v,
            };
            if let Some(j2) = existing.find(&k) {
                let mut p = path.to_vec();
                p.push(k.0.clone());
                let prev = existing.attrs[j2].2;
                match (&mut existing.attrs[j2].1, v) {
                    (LVal::Set(e2), LVal::Set(n2)) => {
                        self.merge_sets(e2, n2, &p)?;
                        continue;
                    }
                    _ => return Err(self.dup_err(&p, sp, prev)),
                }
            }
            existing.push(k, v, sp);
        }
        existing.dynamics.extend(new.dynamics);
        Ok(())
    }

    /// Lowers a merged set. For `rec` sets a frame with every static name is
    /// pushed around the values.
    fn lower_attrs(&mut self, la: LAttrs<'_>) -> LR<Rc<AttrsDef>> {
        if la.rec {
            let names: HashMap<Rc<str>, u32> =
                la.attrs.iter().enumerate().map(|(i, a)| (a.0.0.clone(), i as u32)).collect();
            self.scopes.push(Scope::Frame(names));
            let r = self.lower_attrs_in_scope(la, true);
            self.scopes.pop();
            r
        } else {
            self.lower_attrs_in_scope(la, false)
        }
    }

    fn lower_let(&mut self, la: LAttrs<'_>, body: &AExpr) -> LR<(Rc<AttrsDef>, ExprRef)> {
        let names: HashMap<Rc<str>, u32> =
            la.attrs.iter().enumerate().map(|(i, a)| (a.0.0.clone(), i as u32)).collect();
        self.scopes.push(Scope::Frame(names));
        let r = (|| {
            let def = self.lower_attrs_in_scope(la, true)?;
            let body = self.lower(body)?;
            Ok((def, body))
        })();
        self.scopes.pop();
        r
    }

    fn lower_attrs_in_scope(&mut self, la: LAttrs<'_>, own_frame: bool) -> LR<Rc<AttrsDef>> {
        let mut inherit_from = Vec::new();
        for e in la.inherit_from {
            inherit_from.push(self.lower(e)?);
        }
        let mut statics = Vec::with_capacity(la.attrs.len());
        for (Interned(name), v, span) in la.attrs {
            let av = self.lower_val(v, &name, span, own_frame)?;
            statics.push((name, av, span));
        }
        let mut dynamics = Vec::new();
        for (n, v, span) in la.dynamics {
            let name = self.lower_name(n)?;
            let av = self.lower_val(v, "", span, own_frame)?;
            dynamics.push((name, av, span));
        }
        let by_name = (!statics.is_sorted_by(|a, b| a.0.as_bytes() <= b.0.as_bytes())).then(|| {
            let mut by_name: Vec<u32> = (0..statics.len() as u32).collect();
            by_name.sort_by(|&a, &b| statics[a as usize].0.as_bytes().cmp(statics[b as usize].0.as_bytes()));
            by_name.into_boxed_slice()
        });
        Ok(Rc::new(AttrsDef { rec: own_frame, statics, dynamics, inherit_from, by_name }))
    }

    fn lower_val(&mut self, v: LVal<'_>, name: &str, span: Span, own_frame: bool) -> LR<AttrVal> {
        Ok(match v {
            LVal::Expr(e) => {
                if let AK::Lambda(l) = &e.kind {
                    let span = self.span(e);
                    let def = self.lower_lambda(l, span, if name.is_empty() { None } else { Some(Rc::from(name)) })?;
                    AttrVal::Expr(self.mk(ExprKind::Lambda(def), span))
                } else {
                    AttrVal::Expr(self.lower(e)?)
                }
            }
            LVal::Set(s) => AttrVal::Nested(self.lower_attrs(s)?),
            LVal::Inherit(sp) => {
                let kind = self.lookup(name, sp, own_frame)?;
                AttrVal::Expr(self.mk(kind, span))
            }
            LVal::InheritFrom(i) => AttrVal::InheritFrom(i, self.intern(name)),
        })
    }

    fn lower_lambda(&mut self, l: &ast::Lambda, span: Span, name: Option<Rc<str>>) -> LR<Rc<LambdaDef>> {
        let dup =
            |ev: &Self, n: &str| ev.err(ErrorKind::Syntax, format!("duplicate formal function argument '{n}'"), span);
        let (param, names, defaults) = match &l.param {
            ast::Param::Ident(a, b) => {
                let mut names = HashMap::default();
                names.insert(self.intern(self.text(*a, *b)), 0u32);
                (Param::Ident, names, Vec::new())
            }
            ast::Param::Pattern { entries, bind, ellipsis } => {
                let mut names: HashMap<Rc<str>, u32> = HashMap::default();
                let mut formals = Vec::with_capacity(entries.len());
                let mut defaults = Vec::with_capacity(entries.len());
                for entry in entries {
                    let n: Rc<str> = self.intern(self.text(entry.start, entry.end));
                    if names.contains_key(&n) {
                        return Err(dup(self, &n));
                    }
                    names.insert(n.clone(), formals.len() as u32);
                    formals.push(n);
                    defaults.push(entry.default.as_ref());
                }
                let at = match bind {
                    Some((a, b)) => {
                        let n: Rc<str> = self.intern(self.text(*a, *b));
                        if names.contains_key(&n) {
                            return Err(dup(self, &n));
                        }
                        names.insert(n, formals.len() as u32);
                        true
                    }
                    None => false,
                };
                (
                    Param::Formals {
                        formals: formals.into_iter().map(|f| (f, None)).collect(),
                        ellipsis: *ellipsis,
                        at,
                    },
                    names,
                    defaults,
                )
            }
        };
        self.scopes.push(Scope::Frame(names));
        let r = (|| {
            let param = match param {
                Param::Formals { formals, ellipsis, at } => {
                    let mut out = Vec::with_capacity(formals.len());
                    for ((f, _), d) in formals.into_iter().zip(defaults) {
                        let d = match d {
                            Some(d) => Some(self.lower(d)?),
                            None => None,
                        };
                        out.push((f, d));
                    }
                    Param::Formals { formals: out, ellipsis, at }
                }
                p => p,
            };
            let body = self.lower(&l.body)?;
            Ok(Rc::new(LambdaDef { name, param, body, span }))
        })();
        self.scopes.pop();
        r
    }
}

/// Interprets the escapes of a string piece (rnix's `unescape`): `\n`,
/// `\r`, `\t` and `\x` in `"…"`; `''$`, three quotes and `''\x` in `''…''`.
fn unescape(input: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut it = input.chars().peekable();
    let escaped = |c: char| match c {
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        c => c,
    };
    while let Some(c) = it.next() {
        match c {
            '"' if !multiline => break,
            '\\' if !multiline => match it.next() {
                None => break,
                Some(c) => out.push(escaped(c)),
            },
            '\'' if multiline => match it.next() {
                None => out.push('\''),
                Some('\'') => match it.peek() {
                    Some('\'') => {
                        it.next();
                        out.push_str("''");
                    }
                    Some('$') => {
                        it.next();
                        out.push('$');
                    }
                    Some('\\') => {
                        it.next();
                        match it.next() {
                            None => break,
                            Some(c) => out.push(escaped(c)),
                        }
                    }
                    _ => break,
                },
                Some(c) => {
                    out.push('\'');
                    out.push(c);
                }
            },
            c => out.push(c),
        }
    }
    out
}

fn const_or_interp(parts: Vec<StrPart>, path: bool) -> ExprKind {
    if parts.iter().all(|p| matches!(p, StrPart::Lit(_))) {
        let mut s = String::new();
        for p in &parts {
            if let StrPart::Lit(l) = p {
                s.push_str(l);
            }
        }
        if path {
            ExprKind::Const(Value::Path(Rc::new(canon_path(Path::new(&s)))))
        } else {
            ExprKind::Const(Value::Str(Rc::from(s.as_str())))
        }
    } else if path {
        ExprKind::InterpPath(parts)
    } else {
        ExprKind::Interp(parts)
    }
}
