//! Lowering: one parsed file becomes IR. Variables are resolved to frame
//! slots (lexical bindings and globals beat `with`, as in Nix), attribute set
//! literals are merged with Nix's parse-time rules (`addAttr`), and the
//! errors Nix raises while parsing or binding a file (duplicate attributes,
//! undefined variables) are returned as the file's error.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use std::rc::Rc;

use rnix::ast::AstToken;
use rnix::ast::{self, HasEntry};
use rowan::ast::AstNode;

use super::ir::*;
use super::value::{Attrs, Thunk, Value};
use super::{ErrorKind, EvalError};
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
struct LAttrs {
    rec: bool,
    attrs: Vec<(Rc<str>, LVal, Span)>,
    index: HashMap<Rc<str>, usize>,
    dynamics: Vec<(LName, LVal, Span)>,
    inherit_from: Vec<ast::Expr>,
}

/// Below this many attributes a set is searched linearly (most literals
/// are small; hashing every name costs more than comparing a few).
const INDEX_FROM: usize = 12;

impl LAttrs {
    fn new(rec: bool) -> LAttrs {
        LAttrs { rec, attrs: Vec::new(), index: HashMap::default(), dynamics: Vec::new(), inherit_from: Vec::new() }
    }
    /// The position of static attribute `name`.
    fn find(&self, name: &str) -> Option<usize> {
        if self.attrs.len() < INDEX_FROM {
            self.attrs.iter().position(|(n, _, _)| &**n == name)
        } else {
            self.index.get(name).copied()
        }
    }
    fn push(&mut self, name: Rc<str>, v: LVal, span: Span) -> usize {
        let i = self.attrs.len();
        if i + 1 == INDEX_FROM {
            self.index = self.attrs.iter().enumerate().map(|(j, (n, _, _))| (n.clone(), j)).collect();
        }
        if i + 1 >= INDEX_FROM {
            self.index.insert(name.clone(), i);
        }
        self.attrs.push((name, v, span));
        i
    }
}

enum LVal {
    Expr(ast::Expr),
    Set(LAttrs),
    Inherit(Span),
    InheritFrom(u32),
}

#[derive(Clone)]
enum LName {
    Dyn(ast::Expr),
    Str(ast::Str),
}

enum PathKey {
    Static(Rc<str>),
    Dynamic(LName),
}

fn strip_parens(mut e: ast::Expr) -> ast::Expr {
    while let ast::Expr::Paren(p) = &e {
        match p.expr() {
            Some(inner) => e = inner,
            None => break,
        }
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

    fn intern(&self, s: &str) -> Rc<str> {
        let mut names = self.names.borrow_mut();
        if let Some(n) = names.get(s) {
            return n.clone();
        }
        let n: Rc<str> = Rc::from(s);
        names.insert(n.clone());
        n
    }

    /// The name of an identifier node, interned.
    fn ident_name(&self, node: &rowan::SyntaxNode<rnix::NixLanguage>) -> Rc<str> {
        // An identifier is one token: read it on the green tree.
        let green = node.green();
        let mut kids = green.children();
        match (kids.next(), kids.next()) {
            (Some(rowan::NodeOrToken::Token(t)), None) => self.intern(t.text()),
            _ => self.intern(&node.text().to_string()),
        }
    }

    fn span(&self, n: &impl AstNode) -> Span {
        Span::new(self.file, n.syntax().text_range())
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

    pub fn lower_root(&mut self, root: &ast::Root) -> LR<ExprRef> {
        match root.expr() {
            Some(e) => self.lower(e),
            None => Err(EvalError::new(ErrorKind::Syntax, "syntax error, unexpected end of file".into(), None)),
        }
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

    pub fn lower(&mut self, e: ast::Expr) -> LR<ExprRef> {
        let span = self.span(&e);
        let kind = match e {
            ast::Expr::Paren(p) => {
                return match p.expr() {
                    Some(e) => self.lower(e),
                    None => Err(self.syntax(span)),
                };
            }
            ast::Expr::Root(r) => return self.lower_root(&r),
            ast::Expr::Literal(l) => match l.kind() {
                ast::LiteralKind::Integer(i) => match i.value() {
                    Ok(v) => ExprKind::Const(Value::Int(v)),
                    Err(_) => {
                        return Err(self.err(
                            ErrorKind::Syntax,
                            format!("invalid integer '{}'", i.syntax().text()),
                            span,
                        ));
                    }
                },
                ast::LiteralKind::Float(f) => match f.value() {
                    Ok(v) => ExprKind::Const(Value::Float(v)),
                    Err(_) => {
                        return Err(self.err(
                            ErrorKind::Syntax,
                            format!("invalid float '{}'", f.syntax().text()),
                            span,
                        ));
                    }
                },
                ast::LiteralKind::Uri(u) => ExprKind::Const(Value::str(u.syntax().text())),
            },
            ast::Expr::Str(s) => return self.lower_str(&s),
            ast::Expr::PathRel(p) => {
                let parts = p.parts();
                return self.lower_path(parts, span, true);
            }
            ast::Expr::PathAbs(p) => {
                let parts = p.parts();
                return self.lower_path(parts, span, false);
            }
            ast::Expr::PathHome(_) => {
                ExprKind::Unknown(Rc::from("a path relative to the home directory (~) is not statically known"))
            }
            ast::Expr::PathSearch(p) => ExprKind::Unknown(Rc::from(
                format!("the search path {} is not available statically", p.syntax().text()).as_str(),
            )),
            ast::Expr::Ident(i) => {
                let name = self.ident_name(i.syntax());
                self.lookup(&name, span, false)?
            }
            ast::Expr::List(l) => {
                let mut items = Vec::new();
                for it in l.items() {
                    items.push(self.lower(it)?);
                }
                ExprKind::List(items)
            }
            ast::Expr::AttrSet(set) => {
                let la = self.collect(set.entries(), is_rec(&set), false)?;
                let def = self.lower_attrs(la)?;
                ExprKind::Attrs(def)
            }
            ast::Expr::LetIn(l) => {
                let la = self.collect(l.entries(), true, true)?;
                let (def, body) = self.lower_let(la, l.body())?;
                ExprKind::Let { def, body }
            }
            ast::Expr::LegacyLet(l) => {
                // `let { a = 1; body = a; }` is `rec { ... }.body`.
                let la = self.collect(l.entries(), true, true)?;
                let def = self.lower_attrs(la)?;
                let set = self.mk(ExprKind::Attrs(def), span);
                ExprKind::Select { expr: set, path: vec![KeyExpr::Static(Rc::from("body"))], default: None }
            }
            ast::Expr::Lambda(l) => ExprKind::Lambda(self.lower_lambda(&l, None)?),
            ast::Expr::Apply(a) => {
                let (Some(f), Some(x)) = (a.lambda(), a.argument()) else {
                    return Err(self.syntax(span));
                };
                ExprKind::Apply(self.lower(f)?, self.lower(x)?)
            }
            ast::Expr::Select(s) => {
                let Some(base) = s.expr() else {
                    return Err(self.syntax(span));
                };
                let expr = self.lower(base)?;
                let path = self.lower_attrpath(s.attrpath())?;
                let default = match s.default_expr() {
                    Some(d) => Some(self.lower(d)?),
                    None => None,
                };
                ExprKind::Select { expr, path, default }
            }
            ast::Expr::HasAttr(h) => {
                let Some(base) = h.expr() else {
                    return Err(self.syntax(span));
                };
                let expr = self.lower(base)?;
                let path = self.lower_attrpath(h.attrpath())?;
                ExprKind::HasAttr { expr, path }
            }
            ast::Expr::IfElse(i) => {
                let (Some(c), Some(t), Some(f)) = (i.condition(), i.body(), i.else_body()) else {
                    return Err(self.syntax(span));
                };
                ExprKind::If(self.lower(c)?, self.lower(t)?, self.lower(f)?)
            }
            ast::Expr::Assert(a) => {
                let (Some(c), Some(b)) = (a.condition(), a.body()) else {
                    return Err(self.syntax(span));
                };
                let text: Rc<str> = Rc::from(c.syntax().text().to_string().as_str());
                ExprKind::Assert { cond: self.lower(c)?, body: self.lower(b)?, text }
            }
            ast::Expr::With(w) => {
                let (Some(ns), Some(body)) = (w.namespace(), w.body()) else {
                    return Err(self.syntax(span));
                };
                let ns = self.lower(ns)?;
                self.scopes.push(Scope::With);
                let body = self.lower(body);
                self.scopes.pop();
                ExprKind::With { ns, body: body? }
            }
            ast::Expr::BinOp(b) => {
                let (Some(l), Some(r), Some(op)) = (b.lhs(), b.rhs(), b.operator()) else {
                    return Err(self.syntax(span));
                };
                use rnix::ast::BinOpKind as K;
                let l = self.lower(l)?;
                let r = self.lower(r)?;
                let op = match op {
                    K::Concat => BinOp::Concat,
                    K::Update => BinOp::Update,
                    K::Add => BinOp::Add,
                    K::Sub => BinOp::Sub,
                    K::Mul => BinOp::Mul,
                    K::Div => BinOp::Div,
                    K::And => BinOp::And,
                    K::Equal => BinOp::Eq,
                    K::Implication => BinOp::Impl,
                    K::Less => BinOp::Lt,
                    K::LessOrEq => BinOp::Le,
                    K::More => BinOp::Gt,
                    K::MoreOrEq => BinOp::Ge,
                    K::NotEqual => BinOp::Ne,
                    K::Or => BinOp::Or,
                    K::PipeRight => return Ok(self.mk(ExprKind::Apply(r, l), span)),
                    K::PipeLeft => return Ok(self.mk(ExprKind::Apply(l, r), span)),
                };
                ExprKind::BinOp(op, l, r)
            }
            ast::Expr::UnaryOp(u) => {
                let (Some(x), Some(op)) = (u.expr(), u.operator()) else {
                    return Err(self.syntax(span));
                };
                let x = self.lower(x)?;
                match op {
                    ast::UnaryOpKind::Invert => ExprKind::Not(x),
                    ast::UnaryOpKind::Negate => ExprKind::Neg(x),
                }
            }
            ast::Expr::CurPos(_) => {
                let (l, c) = self.src.line_col(span.start);
                let attrs = Attrs::from_unsorted(vec![
                    (Rc::from("column"), Thunk::Val(Value::Int(c as i64))),
                    (Rc::from("file"), Thunk::Val(Value::str(&self.src.path.to_string_lossy()))),
                    (Rc::from("line"), Thunk::Val(Value::Int(l as i64))),
                ]);
                ExprKind::Const(Value::attrs(attrs))
            }
            ast::Expr::Error(_) => return Err(self.syntax(span)),
        };
        Ok(self.mk(kind, span))
    }

    fn syntax(&self, span: Span) -> EvalError {
        self.err(ErrorKind::Syntax, "syntax error".into(), span)
    }

    fn lower_str(&mut self, s: &ast::Str) -> LR<ExprRef> {
        let span = self.span(s);
        // Most strings are one plain piece of a `"…"` string: no escapes,
        // no `$`, no indentation to strip. Those need no normalizing, and
        // are recognised on the green tree (no cursor per token).
        if let Some(text) = plain_string(s.syntax().green()) {
            return Ok(self.mk(ExprKind::Const(Value::Str(Rc::from(text))), span));
        }
        let mut parts = Vec::new();
        for p in s.normalized_parts() {
            match p {
                ast::InterpolPart::Literal(l) => parts.push(StrPart::Lit(Rc::from(l.as_str()))),
                ast::InterpolPart::Interpolation(i) => {
                    let Some(e) = i.expr() else {
                        return Err(self.syntax(span));
                    };
                    parts.push(StrPart::Interp(self.lower(e)?));
                }
            }
        }
        Ok(self.mk(const_or_interp(parts, false), span))
    }

    fn lower_path(
        &mut self,
        parts: Vec<ast::InterpolPart<ast::PathContent>>,
        span: Span,
        relative: bool,
    ) -> LR<ExprRef> {
        let mut out = Vec::new();
        for (i, p) in parts.into_iter().enumerate() {
            match p {
                ast::InterpolPart::Literal(l) => {
                    let text = l.syntax().text().to_string();
                    if i == 0 {
                        let abs = if relative { abs_path(self.dir, &text) } else { canon_path(Path::new(&text)) };
                        let mut s = abs.to_string_lossy().into_owned();
                        // Keep a trailing slash before an interpolation (`./a/${x}`).
                        if text.ends_with('/') && !s.ends_with('/') {
                            s.push('/');
                        }
                        out.push(StrPart::Lit(Rc::from(s.as_str())));
                    } else {
                        out.push(StrPart::Lit(Rc::from(text.as_str())));
                    }
                }
                ast::InterpolPart::Interpolation(ip) => {
                    let Some(e) = ip.expr() else {
                        return Err(self.syntax(span));
                    };
                    out.push(StrPart::Interp(self.lower(e)?));
                }
            }
        }
        Ok(self.mk(const_or_interp(out, true), span))
    }

    fn lower_attrpath(&mut self, ap: Option<ast::Attrpath>) -> LR<Vec<KeyExpr>> {
        let Some(ap) = ap else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for a in ap.attrs() {
            match self.attr_key(a)? {
                PathKey::Static(s) => out.push(KeyExpr::Static(s)),
                PathKey::Dynamic(n) => out.push(KeyExpr::Dynamic(self.lower_name(n)?)),
            }
        }
        Ok(out)
    }

    fn attr_key(&self, a: ast::Attr) -> LR<PathKey> {
        Ok(match a {
            ast::Attr::Ident(i) => PathKey::Static(self.ident_name(i.syntax())),
            ast::Attr::Str(s) => {
                let parts = s.normalized_parts();
                if parts.iter().all(|p| matches!(p, ast::InterpolPart::Literal(_))) {
                    let mut out = String::new();
                    for p in parts {
                        if let ast::InterpolPart::Literal(l) = p {
                            out.push_str(&l);
                        }
                    }
                    PathKey::Static(self.intern(&out))
                } else {
                    PathKey::Dynamic(LName::Str(s))
                }
            }
            ast::Attr::Dynamic(d) => match d.expr() {
                Some(ast::Expr::Str(s))
                    if s.normalized_parts().iter().all(|p| matches!(p, ast::InterpolPart::Literal(_))) =>
                {
                    // `${"a"}` is a static name in Nix's parser.
                    let mut out = String::new();
                    for p in s.normalized_parts() {
                        if let ast::InterpolPart::Literal(l) = p {
                            out.push_str(&l);
                        }
                    }
                    PathKey::Static(self.intern(&out))
                }
                Some(e) => PathKey::Dynamic(LName::Dyn(e)),
                None => return Err(self.syntax(self.span(&d))),
            },
        })
    }

    fn lower_name(&mut self, n: LName) -> LR<ExprRef> {
        match n {
            LName::Dyn(e) => self.lower(e),
            LName::Str(s) => self.lower_str(&s),
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
    fn collect(&self, entries: impl Iterator<Item = ast::Entry>, rec: bool, is_let: bool) -> LR<LAttrs> {
        let mut top = LAttrs::new(rec);
        for entry in entries {
            match entry {
                ast::Entry::Inherit(inh) => {
                    let from_idx = match inh.from() {
                        Some(f) => {
                            let Some(e) = f.expr() else {
                                return Err(self.syntax(self.span(&inh)));
                            };
                            top.inherit_from.push(e);
                            Some(top.inherit_from.len() as u32 - 1)
                        }
                        None => None,
                    };
                    for a in inh.attrs() {
                        let span = self.span(&a);
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
                            return Err(self.dup_err(&[name], span, top.attrs[i].2));
                        }
                        let v = match from_idx {
                            Some(i) => LVal::InheritFrom(i),
                            None => LVal::Inherit(span),
                        };
                        top.push(name, v, span);
                    }
                }
                ast::Entry::AttrpathValue(apv) => {
                    let span = self.span(&apv);
                    // The attribute path and the value are the first two child
                    // nodes: one walk instead of rnix's one search each.
                    let mut kids = apv.syntax().children();
                    let ap = kids.next().and_then(ast::Attrpath::cast);
                    let value = kids.next().and_then(ast::Expr::cast);
                    let (Some(ap), Some(value)) = (ap, value) else {
                        return Err(self.syntax(span));
                    };
                    let mut keys = Vec::new();
                    for a in ap.attrs() {
                        keys.push(self.attr_key(a)?);
                    }
                    if keys.is_empty() {
                        return Err(self.syntax(span));
                    }
                    if is_let && keys.iter().any(|k| matches!(k, PathKey::Dynamic(_))) {
                        return Err(self.err(ErrorKind::Syntax, "dynamic attributes not allowed in let".into(), span));
                    }
                    let value = strip_parens(value);
                    let lval = match value {
                        ast::Expr::AttrSet(s) => LVal::Set(self.collect(s.entries(), is_rec(&s), false)?),
                        other => LVal::Expr(other),
                    };
                    let key_span = self.span(&ap);
                    self.add_attr(&mut top, keys, lval, key_span)?;
                }
            }
        }
        Ok(top)
    }

    fn add_attr(&self, top: &mut LAttrs, keys: Vec<PathKey>, val: LVal, span: Span) -> LR<()> {
        // Nix names the whole attribute path of the new binding (made only
        // for an error).
        let full = |keys: &[PathKey]| -> Vec<Rc<str>> {
            keys.iter()
                .map(|k| match k {
                    PathKey::Static(s) => s.clone(),
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
                                    return self.merge_sets(existing, new, &full(&keys));
                                }
                                _ => return Err(self.dup_err(&full(&keys), span, prev)),
                            }
                        }
                        cur.push(name.clone(), val, span);
                        return Ok(());
                    }
                    let j = match cur.find(name) {
                        Some(j) => {
                            if !matches!(cur.attrs[j].1, LVal::Set(_)) {
                                return Err(self.dup_err(&full(&keys), span, cur.attrs[j].2));
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
                        cur.dynamics.push((dn.clone(), val, span));
                        return Ok(());
                    }
                    cur.dynamics.push((dn.clone(), LVal::Set(LAttrs::new(false)), span));
                    let idx = cur.dynamics.len() - 1;
                    let LVal::Set(s) = &mut cur.dynamics[idx].1 else { unreachable!("just pushed") };
                    cur = s;
                }
            }
        }
        Ok(())
    }

    fn merge_sets(&self, existing: &mut LAttrs, new: LAttrs, path: &[Rc<str>]) -> LR<()> {
        let off = existing.inherit_from.len() as u32;
        existing.inherit_from.extend(new.inherit_from);
        for (k, v, sp) in new.attrs {
            let v = match v {
                LVal::InheritFrom(x) => LVal::InheritFrom(x + off),
                v => v,
            };
            if let Some(j2) = existing.find(&k) {
                let mut p = path.to_vec();
                p.push(k.clone());
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
    fn lower_attrs(&mut self, la: LAttrs) -> LR<Rc<AttrsDef>> {
        if la.rec {
            let names: HashMap<Rc<str>, u32> =
                la.attrs.iter().enumerate().map(|(i, a)| (a.0.clone(), i as u32)).collect();
            self.scopes.push(Scope::Frame(names));
            let r = self.lower_attrs_in_scope(la, true);
            self.scopes.pop();
            r
        } else {
            self.lower_attrs_in_scope(la, false)
        }
    }

    fn lower_let(&mut self, la: LAttrs, body: Option<ast::Expr>) -> LR<(Rc<AttrsDef>, ExprRef)> {
        let names: HashMap<Rc<str>, u32> = la.attrs.iter().enumerate().map(|(i, a)| (a.0.clone(), i as u32)).collect();
        self.scopes.push(Scope::Frame(names));
        let r = (|| {
            let def = self.lower_attrs_in_scope(la, true)?;
            let Some(body) = body else {
                return Err(EvalError::new(ErrorKind::Syntax, "syntax error".into(), None));
            };
            let body = self.lower(body)?;
            Ok((def, body))
        })();
        self.scopes.pop();
        r
    }

    fn lower_attrs_in_scope(&mut self, la: LAttrs, own_frame: bool) -> LR<Rc<AttrsDef>> {
        let mut inherit_from = Vec::new();
        for e in la.inherit_from {
            inherit_from.push(self.lower(e)?);
        }
        let mut statics = Vec::new();
        for (name, v, span) in la.attrs {
            let av = self.lower_val(v, &name, span, own_frame)?;
            statics.push((name, av, span));
        }
        let mut dynamics = Vec::new();
        for (n, v, span) in la.dynamics {
            let name = self.lower_name(n)?;
            let av = self.lower_val(v, "", span, own_frame)?;
            dynamics.push((name, av, span));
        }
        let mut by_name: Vec<u32> = (0..statics.len() as u32).collect();
        if !statics.is_sorted_by(|a, b| a.0.as_bytes() <= b.0.as_bytes()) {
            by_name.sort_by(|&a, &b| statics[a as usize].0.as_bytes().cmp(statics[b as usize].0.as_bytes()));
        }
        Ok(Rc::new(AttrsDef { rec: own_frame, statics, dynamics, inherit_from, by_name: by_name.into() }))
    }

    fn lower_val(&mut self, v: LVal, name: &str, span: Span, own_frame: bool) -> LR<AttrVal> {
        Ok(match v {
            LVal::Expr(e) => {
                if let ast::Expr::Lambda(l) = &e {
                    let span = self.span(l);
                    let def = self.lower_lambda(l, if name.is_empty() { None } else { Some(Rc::from(name)) })?;
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

    fn lower_lambda(&mut self, l: &ast::Lambda, name: Option<Rc<str>>) -> LR<Rc<LambdaDef>> {
        let span = self.span(l);
        let Some(param) = l.param() else {
            return Err(self.syntax(span));
        };
        let (param, names, defaults) = match param {
            ast::Param::IdentParam(ip) => {
                let Some(id) = ip.ident() else {
                    return Err(self.syntax(span));
                };
                let mut names = HashMap::default();
                names.insert(self.ident_name(id.syntax()), 0u32);
                (Param::Ident, names, Vec::new())
            }
            ast::Param::Pattern(p) => {
                let mut names: HashMap<Rc<str>, u32> = HashMap::default();
                let mut formals = Vec::new();
                let mut defaults = Vec::new();
                for entry in p.pat_entries() {
                    let Some(id) = entry.ident() else {
                        return Err(self.syntax(span));
                    };
                    let n: Rc<str> = self.ident_name(id.syntax());
                    if names.contains_key(&n) {
                        return Err(self.err(
                            ErrorKind::Syntax,
                            format!("duplicate formal function argument '{n}'"),
                            span,
                        ));
                    }
                    names.insert(n.clone(), formals.len() as u32);
                    formals.push(n);
                    defaults.push(entry.default());
                }
                let at = match p.pat_bind().and_then(|b| b.ident()) {
                    Some(id) => {
                        let n: Rc<str> = self.ident_name(id.syntax());
                        if names.contains_key(&n) {
                            return Err(self.err(
                                ErrorKind::Syntax,
                                format!("duplicate formal function argument '{n}'"),
                                span,
                            ));
                        }
                        names.insert(n, formals.len() as u32);
                        true
                    }
                    None => false,
                };
                let ellipsis = p.ellipsis_token().is_some();
                (
                    Param::Formals { formals: formals.into_iter().map(|f| (f, None)).collect(), ellipsis, at },
                    names,
                    defaults,
                )
            }
        };
        self.scopes.push(Scope::Frame(names));
        let r = (|| {
            let param = match param {
                Param::Formals { formals, ellipsis, at } => {
                    let mut out = Vec::new();
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
            let Some(body) = l.body() else {
                return Err(self.syntax(span));
            };
            let body = self.lower(body)?;
            Ok(Rc::new(LambdaDef { name, param, body, span }))
        })();
        self.scopes.pop();
        r
    }
}

/// The text of a string node that is `"…"` with one piece of content and no
/// escapes, `$` or CR (or is empty); `None` for any other string.
fn plain_string(green: &rowan::GreenNodeData) -> Option<&str> {
    use rnix::SyntaxKind as K;
    let kind = |k: rowan::SyntaxKind| <rnix::NixLanguage as rowan::Language>::kind_from_raw(k);
    let mut toks = green.children().map(|c| c.into_token());
    let start = toks.next()??;
    if kind(start.kind()) != K::TOKEN_STRING_START || start.text() != "\"" {
        return None;
    }
    let next = toks.next()??;
    if kind(next.kind()) == K::TOKEN_STRING_END {
        return toks.next().is_none().then_some("");
    }
    let end = toks.next()??;
    let text = next.text();
    (kind(next.kind()) == K::TOKEN_STRING_CONTENT
        && kind(end.kind()) == K::TOKEN_STRING_END
        && toks.next().is_none()
        && !text.contains(['\\', '$', '\r']))
    .then_some(text)
}

/// Whether a set literal is `rec { … }`: its first token is `rec` (rnix's
/// `rec_token` scans every token of the set).
fn is_rec(set: &ast::AttrSet) -> bool {
    let green = set.syntax().green();
    green
        .children()
        .next()
        .and_then(|c| c.into_token())
        .is_some_and(|t| <rnix::NixLanguage as rowan::Language>::kind_from_raw(t.kind()) == rnix::SyntaxKind::TOKEN_REC)
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
