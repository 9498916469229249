//! The evaluation parser: tokens (`lexer.rs`) become the tree of `ast.rs`
//! by recursive descent, with operator precedence climbing. It accepts what
//! rnix's parser accepts without error (but a parenthesis rnix lets any
//! token close, `(a ]`, which Nix refuses too) and builds the same shape
//! with the same node ranges (checked against rnix in `tests/parser.rs`); on the
//! first error it stops, and `syntax::parse` asks rnix for the diagnostics,
//! so error messages stay rnix's. It exists because evaluation needs no
//! lossless tree: this costs a tenth of rnix's parse plus the cursor walk
//! over it.

use super::ast::*;
use super::lexer::{Tok, Token, tokenize};

/// Where parsing stopped, and why.
pub struct ParseFail {
    pub at: u32,
    pub message: String,
    /// The nesting limit was hit (the file may be valid).
    pub limit: bool,
}

type R<T> = Result<T, ParseFail>;

/// How deeply expressions may nest, as in rnix (whose limit makes such
/// files an unknown answer rather than a syntax error).
const MAX_DEPTH: u32 = 512;

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    depth: u32,
    paths: Vec<(u32, u32)>,
}

/// The tree of one file, or where and why parsing stopped.
pub fn parse(src: &str) -> Result<File, ParseFail> {
    let toks = tokenize(src);
    let mut p = Parser { src, toks, pos: 0, depth: 0, paths: Vec::new() };
    let expr = p.expr()?;
    if p.pos < p.toks.len() {
        return Err(p.unexpected());
    }
    Ok(File { expr, paths: p.paths })
}

fn mk(kind: ExprKind, start: u32, end: u32) -> Expr {
    Expr { kind, start, end }
}

/// Binding power and associativity of a binary operator.
#[derive(PartialEq)]
enum Assoc {
    Left,
    Right,
    None,
}

fn binary_op(t: Tok) -> Option<(u8, Assoc)> {
    Some(match t {
        Tok::PipeLeft => (1, Assoc::Right),
        Tok::PipeRight => (2, Assoc::Left),
        Tok::Impl => (3, Assoc::Right),
        Tok::OrOr => (4, Assoc::Left),
        Tok::AndAnd => (5, Assoc::Left),
        Tok::Eq | Tok::Ne => (6, Assoc::None),
        Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => (7, Assoc::None),
        Tok::Update => (8, Assoc::Right),
        // 9 is prefix `!`.
        Tok::Add | Tok::Sub => (10, Assoc::Left),
        Tok::Mul | Tok::Div => (11, Assoc::Left),
        Tok::Concat => (12, Assoc::Right),
        // 13 is postfix `?`, 14 prefix `-`.
        _ => return None,
    })
}
const NOT_LEVEL: u8 = 9;
const HAS_ATTR_LEVEL: u8 = 13;

fn is_fn_arg(t: Tok) -> bool {
    matches!(
        t,
        Tok::Rec
            | Tok::LBrace
            | Tok::LBrack
            | Tok::LParen
            | Tok::StrStart
            | Tok::Ident
            | Tok::Int
            | Tok::Float
            | Tok::PathAbs
            | Tok::PathRel
            | Tok::PathHome
            | Tok::PathSearch
            | Tok::Uri
    )
}

impl Parser<'_> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.pos).map(|t| t.kind)
    }
    fn peek_at(&self, n: usize) -> Option<Tok> {
        self.toks.get(self.pos + n).map(|t| t.kind)
    }
    /// Start of the current token.
    fn here(&self) -> u32 {
        self.toks.get(self.pos).map_or(self.src.len() as u32, |t| t.start)
    }
    /// End of the last token taken.
    fn last_end(&self) -> u32 {
        if self.pos == 0 { 0 } else { self.toks[self.pos - 1].end }
    }
    fn bump(&mut self) {
        self.pos += 1;
    }
    fn unexpected(&self) -> ParseFail {
        let (at, what) = match self.toks.get(self.pos) {
            Some(t) if t.kind == Tok::Error => (t.start, "invalid input".to_string()),
            Some(t) => (t.start, format!("'{}'", &self.src[t.start as usize..t.end as usize])),
            None => (self.src.len() as u32, "end of file".to_string()),
        };
        ParseFail { at, message: format!("syntax error, unexpected {what}"), limit: false }
    }
    fn expect(&mut self, t: Tok) -> R<()> {
        if self.peek() == Some(t) {
            self.bump();
            return Ok(());
        }
        let mut fail = self.unexpected();
        // Worded as Nix words it (`unexpected ';', expecting ')'`).
        let wanted = match t {
            Tok::RParen => "')'",
            Tok::LBrace => "'{'",
            Tok::RBrace | Tok::InterpEnd => "'}'",
            Tok::Semicolon => "';'",
            Tok::Assign => "'='",
            Tok::Colon => "':'",
            Tok::Then => "'then'",
            Tok::Else => "'else'",
            _ => return Err(fail),
        };
        fail.message = format!("{}, expecting {wanted}", fail.message);
        Err(fail)
    }

    fn expr(&mut self) -> R<Expr> {
        if self.depth >= MAX_DEPTH {
            return Err(ParseFail {
                at: self.here(),
                message: "syntax error, nesting too deep (parser recursion limit exceeded)".into(),
                limit: true,
            });
        }
        self.depth += 1;
        let r = self.expr_inner();
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self) -> R<Expr> {
        let start = self.here();
        match self.peek() {
            Some(Tok::Let) => {
                self.bump();
                if self.peek() == Some(Tok::LBrace) {
                    self.bump();
                    let entries = self.bindings(Tok::RBrace)?;
                    Ok(mk(ExprKind::LegacyLet(entries), start, self.last_end()))
                } else {
                    let entries = self.bindings(Tok::In)?;
                    let body = self.expr()?;
                    let end = body.end;
                    Ok(mk(ExprKind::LetIn { entries, body: Box::new(body) }, start, end))
                }
            }
            Some(t @ (Tok::With | Tok::Assert)) => {
                self.bump();
                let a = self.expr()?;
                self.expect(Tok::Semicolon)?;
                let b = self.expr()?;
                let end = b.end;
                let kind = if t == Tok::With {
                    ExprKind::With(Box::new(a), Box::new(b))
                } else {
                    ExprKind::Assert(Box::new(a), Box::new(b))
                };
                Ok(mk(kind, start, end))
            }
            Some(Tok::If) => {
                self.bump();
                let c = self.expr()?;
                self.expect(Tok::Then)?;
                let t = self.expr()?;
                self.expect(Tok::Else)?;
                let e = self.expr()?;
                let end = e.end;
                Ok(mk(ExprKind::If(Box::new(c), Box::new(t), Box::new(e)), start, end))
            }
            _ => self.binary(0),
        }
    }

    /// Operators binding at least as tightly as `min` (precedence climbing
    /// over rnix's ladder of levels).
    fn binary(&mut self, min: u8) -> R<Expr> {
        // Like rnix's ladder of levels, a level once left is not entered
        // again: after an operator of level L only levels up to L (below L
        // for a non-associative one) may follow; a higher one ends this
        // expression and is left to an enclosing one (or a syntax error).
        let mut ceiling = u8::MAX;
        let mut lhs = match self.peek() {
            Some(Tok::Not) if min <= NOT_LEVEL => {
                ceiling = NOT_LEVEL;
                self.not()?
            }
            Some(Tok::Sub) => self.negate()?,
            _ => self.application()?,
        };
        while let Some(t) = self.peek() {
            if t == Tok::Question {
                if HAS_ATTR_LEVEL < min || HAS_ATTR_LEVEL > ceiling {
                    break;
                }
                self.bump();
                let path = self.attrpath()?;
                let (start, end) = (lhs.start, self.last_end());
                lhs = mk(ExprKind::HasAttr { expr: Box::new(lhs), path }, start, end);
                ceiling = HAS_ATTR_LEVEL;
                continue;
            }
            let Some((level, assoc)) = binary_op(t) else { break };
            if level < min || level > ceiling {
                break;
            }
            self.bump();
            let rhs = match assoc {
                Assoc::Right => self.binary(level)?,
                Assoc::Left | Assoc::None => self.binary(level + 1)?,
            };
            ceiling = if assoc == Assoc::None { level - 1 } else { level };
            let (start, end) = (lhs.start, rhs.end);
            lhs = mk(ExprKind::BinOp(t, Box::new(lhs), Box::new(rhs)), start, end);
        }
        Ok(lhs)
    }

    /// `!x`: the operand is another `!` or what binds tighter than `!`.
    fn not(&mut self) -> R<Expr> {
        let start = self.here();
        self.bump();
        let x = if self.peek() == Some(Tok::Not) { self.not()? } else { self.binary(NOT_LEVEL + 1)? };
        let end = x.end;
        Ok(mk(ExprKind::Not(Box::new(x)), start, end))
    }

    /// `-x`: the operand is another `-` or an application.
    fn negate(&mut self) -> R<Expr> {
        let start = self.here();
        self.bump();
        let x = if self.peek() == Some(Tok::Sub) { self.negate()? } else { self.application()? };
        let end = x.end;
        Ok(mk(ExprKind::Neg(Box::new(x)), start, end))
    }

    fn application(&mut self) -> R<Expr> {
        let mut f = self.simple()?;
        while self.peek().is_some_and(is_fn_arg) {
            let x = self.simple()?;
            let (start, end) = (f.start, x.end);
            f = mk(ExprKind::Apply(Box::new(f), Box::new(x)), start, end);
        }
        Ok(f)
    }

    /// A primary expression, then a selection (`.a.b or d`) or rnix's (and
    /// Nix's) `e or` quirk: an application of `e` to the variable `or`.
    fn simple(&mut self) -> R<Expr> {
        let Some(t) = self.peek() else {
            return Err(self.unexpected());
        };
        let start = self.here();
        let e = match t {
            Tok::LParen => {
                self.bump();
                let inner = self.expr()?;
                self.expect(Tok::RParen)?;
                mk(ExprKind::Paren(Box::new(inner)), start, self.last_end())
            }
            Tok::Rec => {
                self.bump();
                self.expect(Tok::LBrace)?;
                let entries = self.bindings(Tok::RBrace)?;
                mk(ExprKind::AttrSet { rec: true, entries }, start, self.last_end())
            }
            Tok::LBrace => {
                let pattern = matches!(
                    (self.peek_at(1), self.peek_at(2)),
                    (Some(Tok::Ident), Some(Tok::Comma | Tok::Question | Tok::RBrace))
                        | (Some(Tok::Ellipsis), Some(Tok::RBrace))
                        | (Some(Tok::RBrace), Some(Tok::Colon | Tok::At))
                );
                self.bump();
                if pattern {
                    let param = self.pattern(false)?;
                    self.expect(Tok::Colon)?;
                    self.lambda(param, start)?
                } else {
                    let entries = self.bindings(Tok::RBrace)?;
                    mk(ExprKind::AttrSet { rec: false, entries }, start, self.last_end())
                }
            }
            Tok::LBrack => {
                self.bump();
                let items = self.items_until(Tok::RBrack, Self::simple)?;
                self.bump();
                mk(ExprKind::List(items), start, self.last_end())
            }
            Tok::StrStart => {
                let s = self.string()?;
                mk(ExprKind::Str(s), start, self.last_end())
            }
            Tok::PathAbs | Tok::PathRel | Tok::PathHome | Tok::PathSearch => self.path(t)?,
            Tok::Int | Tok::Float | Tok::Uri => {
                self.bump();
                let kind = match t {
                    Tok::Int => ExprKind::Int,
                    Tok::Float => ExprKind::Float,
                    _ => ExprKind::Uri,
                };
                mk(kind, start, self.last_end())
            }
            Tok::Ident => match self.peek_at(1) {
                Some(Tok::Colon) => {
                    let end = self.toks[self.pos].end;
                    self.pos += 2;
                    self.lambda(Param::Ident(start, end), start)?
                }
                Some(Tok::At) => {
                    let end = self.toks[self.pos].end;
                    self.pos += 2;
                    self.expect(Tok::LBrace)?;
                    let mut param = self.pattern(true)?;
                    if let Param::Pattern { bind, .. } = &mut param {
                        *bind = Some((start, end));
                    }
                    self.expect(Tok::Colon)?;
                    self.lambda(param, start)?
                }
                _ => {
                    let end = self.toks[self.pos].end;
                    self.bump();
                    let kind = if &self.src[start as usize..end as usize] == "__curPos" {
                        ExprKind::CurPos
                    } else {
                        ExprKind::Ident
                    };
                    mk(kind, start, end)
                }
            },
            _ => return Err(self.unexpected()),
        };
        match self.peek() {
            Some(Tok::Dot) => {
                self.bump();
                let path = self.attrpath()?;
                let default = if self.peek() == Some(Tok::Or) {
                    self.bump();
                    Some(Box::new(self.simple()?))
                } else {
                    None
                };
                Ok(mk(ExprKind::Select { expr: Box::new(e), path, default }, start, self.last_end()))
            }
            Some(Tok::Or) => {
                let (s, en) = (self.toks[self.pos].start, self.toks[self.pos].end);
                self.bump();
                let or = mk(ExprKind::Ident, s, en);
                Ok(mk(ExprKind::Apply(Box::new(e), Box::new(or)), start, en))
            }
            _ => Ok(e),
        }
    }

    /// Items up to (not including) `close`; the end of the file first is
    /// an error.
    fn items_until<T>(&mut self, close: Tok, mut item: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Some(t) if t == close => return Ok(out),
                None => return Err(self.unexpected()),
                Some(_) => out.push(item(self)?),
            }
        }
    }

    fn lambda(&mut self, param: Param, start: u32) -> R<Expr> {
        let body = self.expr()?;
        let end = body.end;
        Ok(mk(ExprKind::Lambda(Box::new(Lambda { param, body })), start, end))
    }

    /// The formals after `{`, through `}` and an `@ name` after it (not
    /// allowed when the pattern is already bound: `x @ { } @ y`).
    fn pattern(&mut self, bound: bool) -> R<Param> {
        let mut entries = Vec::new();
        let mut ellipsis = false;
        if self.peek() == Some(Tok::RBrace) {
            self.bump();
        } else {
            loop {
                match self.peek() {
                    Some(Tok::RBrace) => {
                        self.bump();
                        break;
                    }
                    Some(Tok::Ellipsis) => {
                        self.bump();
                        ellipsis = true;
                        self.expect(Tok::RBrace)?;
                        break;
                    }
                    Some(Tok::Ident) => {
                        let (start, end) = (self.toks[self.pos].start, self.toks[self.pos].end);
                        self.bump();
                        let default = if self.peek() == Some(Tok::Question) {
                            self.bump();
                            Some(self.expr()?)
                        } else {
                            None
                        };
                        entries.push(PatEntry { start, end, default });
                        if self.peek() == Some(Tok::Comma) {
                            self.bump();
                        } else {
                            self.expect(Tok::RBrace)?;
                            break;
                        }
                    }
                    _ => return Err(self.unexpected()),
                }
            }
        }
        let mut bind = None;
        if self.peek() == Some(Tok::At) {
            if bound {
                return Err(self.unexpected());
            }
            self.bump();
            if self.peek() != Some(Tok::Ident) {
                return Err(self.unexpected());
            }
            bind = Some((self.toks[self.pos].start, self.toks[self.pos].end));
            self.bump();
        }
        Ok(Param::Pattern { entries, bind, ellipsis })
    }

    /// The bindings of a set or `let`, through the closing `until`.
    fn bindings(&mut self, until: Tok) -> R<Vec<Entry>> {
        let mut out = Vec::new();
        loop {
            let start = self.here();
            match self.peek() {
                None => return Err(self.unexpected()),
                Some(t) if t == until => {
                    self.bump();
                    return Ok(out);
                }
                Some(Tok::Inherit) => {
                    self.bump();
                    let from = if self.peek() == Some(Tok::LParen) {
                        self.bump();
                        let e = self.expr()?;
                        self.expect(Tok::RParen)?;
                        Some(Box::new(e))
                    } else {
                        None
                    };
                    let attrs = self.items_until(Tok::Semicolon, Self::attr)?;
                    self.bump();
                    out.push(Entry::Inherit { from, attrs, start, end: self.last_end() });
                }
                Some(_) => {
                    let path = self.attrpath()?;
                    self.expect(Tok::Assign)?;
                    let value = self.expr()?;
                    self.expect(Tok::Semicolon)?;
                    out.push(Entry::Value { path, value, start, end: self.last_end() });
                }
            }
        }
    }

    fn attrpath(&mut self) -> R<Vec<Attr>> {
        let mut out = vec![self.attr()?];
        while self.peek() == Some(Tok::Dot) {
            self.bump();
            out.push(self.attr()?);
        }
        Ok(out)
    }

    fn attr(&mut self) -> R<Attr> {
        let start = self.here();
        let kind = match self.peek() {
            Some(Tok::InterpStart) => {
                self.bump();
                let e = self.expr()?;
                self.expect(Tok::InterpEnd)?;
                AttrKind::Dynamic(Box::new(e))
            }
            Some(Tok::StrStart) => AttrKind::Str(self.string()?),
            Some(Tok::Ident | Tok::Or) => {
                self.bump();
                AttrKind::Ident
            }
            _ => return Err(self.unexpected()),
        };
        Ok(Attr { kind, start, end: self.last_end() })
    }

    fn string(&mut self) -> R<Str> {
        let t = self.toks[self.pos];
        let multiline = t.end - t.start == 2;
        self.bump();
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::StrContent) => {
                    let t = self.toks[self.pos];
                    parts.push(Part::Lit(t.start, t.end));
                    self.bump();
                }
                Some(Tok::InterpStart) => {
                    self.bump();
                    let e = self.expr()?;
                    self.expect(Tok::InterpEnd)?;
                    parts.push(Part::Interp(e));
                }
                Some(Tok::StrEnd) => {
                    self.bump();
                    return Ok(Str { multiline, parts });
                }
                _ => return Err(self.unexpected()),
            }
        }
    }

    /// A path: its first piece, then (when an interpolation follows
    /// directly) further pieces and interpolations.
    fn path(&mut self, t: Tok) -> R<Expr> {
        let first = self.toks[self.pos];
        self.bump();
        let kind = match t {
            Tok::PathAbs => PathKind::Abs,
            Tok::PathRel => PathKind::Rel,
            Tok::PathHome => PathKind::Home,
            _ => PathKind::Search,
        };
        let mut parts = vec![Part::Lit(first.start, first.end)];
        let interpolated = kind != PathKind::Search
            && self.toks.get(self.pos).is_some_and(|n| n.kind == Tok::InterpStart && n.start == first.end);
        if interpolated {
            while let Some(next) = self.toks.get(self.pos).copied() {
                if next.start != self.last_end() {
                    break;
                }
                match next.kind {
                    Tok::PathAbs | Tok::PathRel | Tok::PathHome => {
                        parts.push(Part::Lit(next.start, next.end));
                        self.bump();
                    }
                    Tok::InterpStart => {
                        self.bump();
                        let e = self.expr()?;
                        self.expect(Tok::InterpEnd)?;
                        parts.push(Part::Interp(e));
                    }
                    _ => break,
                }
            }
        }
        if kind == PathKind::Rel && parts.len() == 1 {
            self.paths.push((first.start, first.end));
        }
        Ok(mk(ExprKind::Path { kind, parts }, first.start, self.last_end()))
    }
}
