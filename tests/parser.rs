//! The evaluation parser (`syntax::lexer`, `syntax::parser`) against rnix,
//! the reference it replaces for evaluation: on every Nix file of the
//! repository and on thousands of mutations of them, both draw the same
//! tokens, accept the same files and build the same tree (the same
//! expressions with the same byte ranges), written out here as
//! S-expressions from rnix's typed tree and from ours.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use clan_inv::syntax::ast::{self as my, AttrKind, Entry, ExprKind as K, Param, Part, PathKind};
use clan_inv::syntax::lexer::{Tok, tokenize};
use clan_inv::syntax::parser;
use rnix::SyntaxKind as S;
use rnix::ast::{self, AstToken, HasEntry};
use rowan::ast::AstNode;

fn rnix_tok(k: S) -> Option<Tok> {
    Some(match k {
        S::TOKEN_WHITESPACE | S::TOKEN_COMMENT => return None,
        S::TOKEN_IDENT | S::TOKEN_CUR_POS => Tok::Ident,
        S::TOKEN_INTEGER => Tok::Int,
        S::TOKEN_FLOAT => Tok::Float,
        S::TOKEN_URI => Tok::Uri,
        S::TOKEN_PATH_ABS => Tok::PathAbs,
        S::TOKEN_PATH_REL => Tok::PathRel,
        S::TOKEN_PATH_HOME => Tok::PathHome,
        S::TOKEN_PATH_SEARCH => Tok::PathSearch,
        S::TOKEN_STRING_START => Tok::StrStart,
        S::TOKEN_STRING_CONTENT => Tok::StrContent,
        S::TOKEN_STRING_END => Tok::StrEnd,
        S::TOKEN_INTERPOL_START => Tok::InterpStart,
        S::TOKEN_INTERPOL_END => Tok::InterpEnd,
        S::TOKEN_ASSERT => Tok::Assert,
        S::TOKEN_ELSE => Tok::Else,
        S::TOKEN_IF => Tok::If,
        S::TOKEN_IN => Tok::In,
        S::TOKEN_INHERIT => Tok::Inherit,
        S::TOKEN_LET => Tok::Let,
        S::TOKEN_OR => Tok::Or,
        S::TOKEN_REC => Tok::Rec,
        S::TOKEN_THEN => Tok::Then,
        S::TOKEN_WITH => Tok::With,
        S::TOKEN_ELLIPSIS => Tok::Ellipsis,
        S::TOKEN_L_BRACE => Tok::LBrace,
        S::TOKEN_R_BRACE => Tok::RBrace,
        S::TOKEN_L_BRACK => Tok::LBrack,
        S::TOKEN_R_BRACK => Tok::RBrack,
        S::TOKEN_L_PAREN => Tok::LParen,
        S::TOKEN_R_PAREN => Tok::RParen,
        S::TOKEN_AT => Tok::At,
        S::TOKEN_COLON => Tok::Colon,
        S::TOKEN_COMMA => Tok::Comma,
        S::TOKEN_DOT => Tok::Dot,
        S::TOKEN_ASSIGN => Tok::Assign,
        S::TOKEN_QUESTION => Tok::Question,
        S::TOKEN_SEMICOLON => Tok::Semicolon,
        S::TOKEN_EQUAL => Tok::Eq,
        S::TOKEN_NOT_EQUAL => Tok::Ne,
        S::TOKEN_INVERT => Tok::Not,
        S::TOKEN_LESS => Tok::Lt,
        S::TOKEN_LESS_OR_EQ => Tok::Le,
        S::TOKEN_MORE => Tok::Gt,
        S::TOKEN_MORE_OR_EQ => Tok::Ge,
        S::TOKEN_AND_AND => Tok::AndAnd,
        S::TOKEN_OR_OR => Tok::OrOr,
        S::TOKEN_IMPLICATION => Tok::Impl,
        S::TOKEN_UPDATE => Tok::Update,
        S::TOKEN_CONCAT => Tok::Concat,
        S::TOKEN_ADD => Tok::Add,
        S::TOKEN_SUB => Tok::Sub,
        S::TOKEN_MUL => Tok::Mul,
        S::TOKEN_DIV => Tok::Div,
        S::TOKEN_PIPE_LEFT => Tok::PipeLeft,
        S::TOKEN_PIPE_RIGHT => Tok::PipeRight,
        _ => Tok::Error,
    })
}

/// rnix's tokens without trivia, through its first error token.
fn rnix_tokens(src: &str) -> Vec<(Tok, u32, u32)> {
    let mut out = Vec::new();
    let mut at = 0u32;
    for (kind, text) in rnix::tokenize(src) {
        let (s, e) = (at, at + text.len() as u32);
        at = e;
        if let Some(t) = rnix_tok(kind) {
            out.push((t, s, e));
            if t == Tok::Error {
                break;
            }
        }
    }
    out
}

fn range(n: &impl AstNode) -> (u32, u32) {
    let r = n.syntax().text_range();
    (r.start().into(), r.end().into())
}

/// rnix's tree as an S-expression.
fn rnix_sexp(e: &ast::Expr, o: &mut String) {
    let (s, en) = range(e);
    let head = |o: &mut String, name: &str| {
        let _ = write!(o, "({name} {s} {en}");
    };
    match e {
        ast::Expr::Root(r) => {
            if let Some(x) = r.expr() {
                rnix_sexp(&x, o)
            }
            return;
        }
        ast::Expr::Paren(p) => {
            head(o, "Paren");
            rnix_sub(p.expr(), o);
        }
        ast::Expr::Literal(l) => head(
            o,
            match l.kind() {
                ast::LiteralKind::Integer(_) => "Int",
                ast::LiteralKind::Float(_) => "Float",
                ast::LiteralKind::Uri(_) => "Uri",
            },
        ),
        ast::Expr::Ident(_) => head(o, "Ident"),
        ast::Expr::CurPos(_) => head(o, "CurPos"),
        ast::Expr::Str(st) => {
            head(o, "Str");
            rnix_str(st, o);
        }
        ast::Expr::PathAbs(p) => rnix_path(o, "PathAbs", s, en, p.parts()),
        ast::Expr::PathRel(p) => rnix_path(o, "PathRel", s, en, p.parts()),
        ast::Expr::PathHome(p) => rnix_path(o, "PathHome", s, en, p.parts()),
        ast::Expr::PathSearch(_) => {
            head(o, "PathSearch");
            let _ = write!(o, " (Lit {s} {en})");
        }
        ast::Expr::List(l) => {
            head(o, "List");
            for it in l.items() {
                o.push(' ');
                rnix_sexp(&it, o);
            }
        }
        ast::Expr::AttrSet(set) => {
            head(o, if set.rec_token().is_some() { "RecSet" } else { "Set" });
            rnix_entries(set.entries(), o);
        }
        ast::Expr::LetIn(l) => {
            head(o, "LetIn");
            rnix_entries(l.entries(), o);
            rnix_sub(l.body(), o);
        }
        ast::Expr::LegacyLet(l) => {
            head(o, "LegacyLet");
            rnix_entries(l.entries(), o);
        }
        ast::Expr::Lambda(l) => {
            head(o, "Lambda");
            match l.param() {
                Some(ast::Param::IdentParam(ip)) => {
                    let (a, b) = ip.ident().map(|i| range(&i)).unwrap_or((0, 0));
                    let _ = write!(o, " (Param {a} {b})");
                }
                Some(ast::Param::Pattern(p)) => {
                    o.push_str(" (Pattern");
                    for pe in p.pat_entries() {
                        let (a, b) = pe.ident().map(|i| range(&i)).unwrap_or((0, 0));
                        let _ = write!(o, " (Formal {a} {b}");
                        rnix_sub(pe.default(), o);
                        o.push(')');
                    }
                    if let Some(i) = p.pat_bind().and_then(|b| b.ident()) {
                        let (a, b) = range(&i);
                        let _ = write!(o, " (Bind {a} {b})");
                    }
                    if p.ellipsis_token().is_some() {
                        o.push_str(" ...");
                    }
                    o.push(')');
                }
                None => o.push_str(" ?"),
            }
            rnix_sub(l.body(), o);
        }
        ast::Expr::Apply(a) => {
            head(o, "Apply");
            rnix_sub(a.lambda(), o);
            rnix_sub(a.argument(), o);
        }
        ast::Expr::Select(sel) => {
            head(o, "Select");
            rnix_sub(sel.expr(), o);
            rnix_attrpath(sel.attrpath(), o);
            rnix_sub(sel.default_expr(), o);
        }
        ast::Expr::HasAttr(h) => {
            head(o, "HasAttr");
            rnix_sub(h.expr(), o);
            rnix_attrpath(h.attrpath(), o);
        }
        ast::Expr::IfElse(i) => {
            head(o, "If");
            rnix_sub(i.condition(), o);
            rnix_sub(i.body(), o);
            rnix_sub(i.else_body(), o);
        }
        ast::Expr::Assert(a) => {
            head(o, "Assert");
            rnix_sub(a.condition(), o);
            rnix_sub(a.body(), o);
        }
        ast::Expr::With(w) => {
            head(o, "With");
            rnix_sub(w.namespace(), o);
            rnix_sub(w.body(), o);
        }
        ast::Expr::BinOp(b) => {
            let op = b.operator().map(|k| format!("{k:?}")).unwrap_or_default();
            head(o, &format!("BinOp:{op}"));
            rnix_sub(b.lhs(), o);
            rnix_sub(b.rhs(), o);
        }
        ast::Expr::UnaryOp(u) => {
            head(
                o,
                match u.operator() {
                    Some(ast::UnaryOpKind::Invert) => "Not",
                    Some(ast::UnaryOpKind::Negate) => "Neg",
                    None => "?",
                },
            );
            rnix_sub(u.expr(), o);
        }
        ast::Expr::Error(_) => head(o, "Error"),
    }
    o.push(')');
}

fn rnix_sub(e: Option<ast::Expr>, o: &mut String) {
    o.push(' ');
    if let Some(e) = e {
        rnix_sexp(&e, o);
    }
}

fn rnix_str(st: &ast::Str, o: &mut String) {
    if st.syntax().first_token().is_some_and(|t| t.text() == "''") {
        o.push_str(" ''");
    }
    rnix_parts(st.parts(), o);
}

fn rnix_path(o: &mut String, name: &str, s: u32, e: u32, parts: Vec<ast::InterpolPart<ast::PathContent>>) {
    let _ = write!(o, "({name} {s} {e}");
    rnix_parts(parts, o);
}

fn rnix_parts<T: AstToken>(parts: impl IntoIterator<Item = ast::InterpolPart<T>>, o: &mut String) {
    for p in parts {
        match p {
            ast::InterpolPart::Literal(l) => {
                let r = l.syntax().text_range();
                let _ = write!(o, " (Lit {} {})", u32::from(r.start()), u32::from(r.end()));
            }
            ast::InterpolPart::Interpolation(i) => rnix_sub(i.expr(), o),
        }
    }
}

fn rnix_attr(a: &ast::Attr, o: &mut String) {
    let (s, e) = range(a);
    match a {
        ast::Attr::Ident(_) => {
            let _ = write!(o, " (Name {s} {e})");
        }
        ast::Attr::Str(st) => {
            let _ = write!(o, " (StrName {s} {e}");
            rnix_str(st, o);
            o.push(')');
        }
        ast::Attr::Dynamic(d) => {
            let _ = write!(o, " (Dyn {s} {e}");
            rnix_sub(d.expr(), o);
            o.push(')');
        }
    }
}

fn rnix_attrpath(p: Option<ast::Attrpath>, o: &mut String) {
    o.push_str(" [");
    if let Some(p) = p {
        for a in p.attrs() {
            rnix_attr(&a, o);
        }
    }
    o.push(']');
}

fn rnix_entries(entries: impl Iterator<Item = ast::Entry>, o: &mut String) {
    for en in entries {
        let (s, e) = match &en {
            ast::Entry::Inherit(i) => range(i),
            ast::Entry::AttrpathValue(v) => range(v),
        };
        match en {
            ast::Entry::Inherit(i) => {
                let _ = write!(o, " (Inherit {s} {e}");
                if let Some(f) = i.from() {
                    o.push_str(" from");
                    rnix_sub(f.expr(), o);
                }
                for a in i.attrs() {
                    rnix_attr(&a, o);
                }
            }
            ast::Entry::AttrpathValue(v) => {
                let _ = write!(o, " (Bind {s} {e}");
                rnix_attrpath(v.attrpath(), o);
                rnix_sub(v.value(), o);
            }
        }
        o.push(')');
    }
}

/// Our tree as the same S-expression.
fn my_sexp(e: &my::Expr, src: &str, o: &mut String) {
    let (s, en) = (e.start, e.end);
    let head = |o: &mut String, name: &str| {
        let _ = write!(o, "({name} {s} {en}");
    };
    match &e.kind {
        K::Paren(x) => {
            head(o, "Paren");
            my_sub(x, src, o);
        }
        K::Int => head(o, "Int"),
        K::Float => head(o, "Float"),
        K::Uri => head(o, "Uri"),
        K::Ident => head(o, "Ident"),
        K::CurPos => head(o, "CurPos"),
        K::Str(st) => {
            head(o, "Str");
            my_str(st, src, o);
        }
        K::Path { kind, parts } => {
            head(
                o,
                match kind {
                    PathKind::Abs => "PathAbs",
                    PathKind::Rel => "PathRel",
                    PathKind::Home => "PathHome",
                    PathKind::Search => "PathSearch",
                },
            );
            my_parts(parts, src, o);
        }
        K::List(items) => {
            head(o, "List");
            for it in items {
                my_sub(it, src, o);
            }
        }
        K::AttrSet { rec, entries } => {
            head(o, if *rec { "RecSet" } else { "Set" });
            my_entries(entries, src, o);
        }
        K::LetIn { entries, body } => {
            head(o, "LetIn");
            my_entries(entries, src, o);
            my_sub(body, src, o);
        }
        K::LegacyLet(entries) => {
            head(o, "LegacyLet");
            my_entries(entries, src, o);
        }
        K::Lambda(l) => {
            head(o, "Lambda");
            match &l.param {
                Param::Ident(a, b) => {
                    let _ = write!(o, " (Param {a} {b})");
                }
                Param::Pattern { entries, bind, ellipsis } => {
                    o.push_str(" (Pattern");
                    for pe in entries {
                        let _ = write!(o, " (Formal {} {}", pe.start, pe.end);
                        o.push(' ');
                        if let Some(d) = &pe.default {
                            my_sexp(d, src, o);
                        }
                        o.push(')');
                    }
                    if let Some((a, b)) = bind {
                        let _ = write!(o, " (Bind {a} {b})");
                    }
                    if *ellipsis {
                        o.push_str(" ...");
                    }
                    o.push(')');
                }
            }
            my_sub(&l.body, src, o);
        }
        K::Apply(f, x) => {
            head(o, "Apply");
            my_sub(f, src, o);
            my_sub(x, src, o);
        }
        K::Select { expr, path, default } => {
            head(o, "Select");
            my_sub(expr, src, o);
            my_attrpath(path, src, o);
            o.push(' ');
            if let Some(d) = default {
                my_sexp(d, src, o);
            }
        }
        K::HasAttr { expr, path } => {
            head(o, "HasAttr");
            my_sub(expr, src, o);
            my_attrpath(path, src, o);
        }
        K::If(c, t, f) => {
            head(o, "If");
            my_sub(c, src, o);
            my_sub(t, src, o);
            my_sub(f, src, o);
        }
        K::Assert(c, b) => {
            head(o, "Assert");
            my_sub(c, src, o);
            my_sub(b, src, o);
        }
        K::With(n, b) => {
            head(o, "With");
            my_sub(n, src, o);
            my_sub(b, src, o);
        }
        K::BinOp(op, l, r) => {
            let op = match op {
                Tok::Concat => "Concat",
                Tok::Update => "Update",
                Tok::Add => "Add",
                Tok::Sub => "Sub",
                Tok::Mul => "Mul",
                Tok::Div => "Div",
                Tok::AndAnd => "And",
                Tok::Eq => "Equal",
                Tok::Impl => "Implication",
                Tok::Lt => "Less",
                Tok::Le => "LessOrEq",
                Tok::Gt => "More",
                Tok::Ge => "MoreOrEq",
                Tok::Ne => "NotEqual",
                Tok::OrOr => "Or",
                Tok::PipeRight => "PipeRight",
                Tok::PipeLeft => "PipeLeft",
                _ => "?",
            };
            head(o, &format!("BinOp:{op}"));
            my_sub(l, src, o);
            my_sub(r, src, o);
        }
        K::Not(x) => {
            head(o, "Not");
            my_sub(x, src, o);
        }
        K::Neg(x) => {
            head(o, "Neg");
            my_sub(x, src, o);
        }
    }
    o.push(')');
}

fn my_sub(e: &my::Expr, src: &str, o: &mut String) {
    o.push(' ');
    my_sexp(e, src, o);
}

fn my_parts(parts: &[Part], src: &str, o: &mut String) {
    for p in parts {
        match p {
            Part::Lit(a, b) => {
                let _ = write!(o, " (Lit {a} {b})");
            }
            Part::Interp(e) => my_sub(e, src, o),
        }
    }
}

fn my_str(st: &my::Str, src: &str, o: &mut String) {
    if st.multiline {
        o.push_str(" ''");
    }
    my_parts(&st.parts, src, o);
}

fn my_attrpath(path: &[my::Attr], src: &str, o: &mut String) {
    o.push_str(" [");
    for a in path {
        my_attr(a, src, o);
    }
    o.push(']');
}

fn my_attr(a: &my::Attr, src: &str, o: &mut String) {
    let (s, e) = (a.start, a.end);
    match &a.kind {
        AttrKind::Ident => {
            let _ = write!(o, " (Name {s} {e})");
        }
        AttrKind::Str(st) => {
            let _ = write!(o, " (StrName {s} {e}");
            my_str(st, src, o);
            o.push(')');
        }
        AttrKind::Dynamic(x) => {
            let _ = write!(o, " (Dyn {s} {e}");
            my_sub(x, src, o);
            o.push(')');
        }
    }
}

fn my_entries(entries: &[Entry], src: &str, o: &mut String) {
    for en in entries {
        match en {
            Entry::Inherit { from, attrs, start, end } => {
                let _ = write!(o, " (Inherit {start} {end}");
                if let Some(f) = from {
                    o.push_str(" from");
                    my_sub(f, src, o);
                }
                for a in attrs {
                    my_attr(a, src, o);
                }
            }
            Entry::Value { path, value, start, end } => {
                let _ = write!(o, " (Bind {start} {end}");
                my_attrpath(path, src, o);
                my_sub(value, src, o);
            }
        }
        o.push(')');
    }
}

fn unclosed_paren(root: &rnix::SyntaxNode) -> bool {
    root.descendants().any(|n| n.kind() == S::NODE_PAREN && n.last_token().is_none_or(|t| t.kind() != S::TOKEN_R_PAREN))
}

/// Compares the two parsers on one text: `Err` says how they differ.
fn compare(src: &str) -> Result<(), String> {
    let ours: Vec<(Tok, u32, u32)> = tokenize(src).iter().map(|t| (t.kind, t.start, t.end)).collect();
    let theirs = rnix_tokens(src);
    if ours != theirs {
        let i = ours.iter().zip(&theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
        return Err(format!("tokens differ at #{i}: ours {:?}, rnix {:?}", ours.get(i), theirs.get(i)));
    }
    let parse = rnix::Root::parse(src);
    let rnix_ok = parse.errors().is_empty();
    match (parser::parse(src), rnix_ok) {
        (Ok(file), true) => {
            let mut a = String::new();
            my_sexp(&file.expr, src, &mut a);
            let mut b = String::new();
            rnix_sexp(&ast::Expr::Root(parse.tree()), &mut b);
            if a != b {
                let i = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
                let from = i.saturating_sub(80);
                return Err(format!(
                    "trees differ:\n  ours: …{}\n  rnix: …{}",
                    &a[from..(i + 80).min(a.len())],
                    &b[from..(i + 80).min(b.len())]
                ));
            }
            Ok(())
        }
        (Err(_), false) => Ok(()),
        (Ok(_), false) => Err(format!("we accept, rnix refuses: {:?}", parse.errors().first())),
        // rnix takes any token for the `)` of a parenthesis and reports
        // nothing (`(a ]`): Nix refuses those, and so do we.
        (Err(_), true) if unclosed_paren(&parse.syntax()) => Ok(()),
        (Err(f), true) => Err(format!("rnix accepts, we refuse at {}: {}", f.at, f.message)),
    }
}

fn nix_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            nix_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "nix") {
            out.push(p);
        }
    }
}

fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in ["nix-fixtures", "examples", "src"] {
        nix_files(&root.join(d), &mut files);
    }
    // Extra trees to compare on (`:`-separated), e.g. checkouts of real
    // clans; `CLAN_INV_PARSER_MUTATIONS` sets the mutations per file.
    if let Ok(extra) = std::env::var("CLAN_INV_PARSER_CORPUS") {
        for d in extra.split(':') {
            nix_files(Path::new(d), &mut files);
        }
    }
    files.into_iter().filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t))).collect()
}

#[test]
fn same_tokens_and_trees_as_rnix_on_every_file() {
    let files = corpus();
    assert!(files.len() > 500, "only {} Nix files found", files.len());
    let mut failures = Vec::new();
    for (p, text) in &files {
        if let Err(e) = compare(text) {
            failures.push(format!("{}: {e}", p.display()));
        }
    }
    assert!(failures.is_empty(), "{} of {} files differ:\n{}", failures.len(), files.len(), failures.join("\n"));
}

/// Pieces of Nix that mutations insert: delimiters, operators, keywords and
/// the tokens the tokenizer guesses about (paths, URIs, search paths).
const PIECES: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    "=",
    ":",
    "@",
    "...",
    "?",
    "or",
    "${",
    "}",
    "\"",
    "''",
    "'''",
    "''$",
    "''\\",
    "\\",
    "$",
    "$$",
    "./a",
    "a/b",
    "/",
    "//",
    "/*",
    "*/",
    "#",
    "-",
    "!",
    "<x>",
    "<",
    ">",
    "http://x",
    ".5",
    "1e",
    "1.",
    "0",
    "rec",
    "let",
    "in",
    "inherit",
    "with",
    "assert",
    "if",
    "then",
    "else",
    "__curPos",
    ",",
    ".",
    "~/",
    "~",
    "|>",
    "<|",
    "->",
    "++",
    "&&",
    "||",
    "==",
    "!=",
    "<=",
    " ",
    "\n",
    "\t",
    "x:",
    "{ a ? 1, ... }:",
    "é",
    "\u{a0}",
    "\r\n",
    "\r",
    "\u{2028}",
    "\x0b",
];

#[test]
fn same_answers_as_rnix_on_mutated_files() {
    let files = corpus();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let mut failures = Vec::new();
    let mut runs = 0;
    let per_file: usize = std::env::var("CLAN_INV_PARSER_MUTATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(12);
    for (p, text) in files.iter().filter(|(_, t)| t.len() < 4000) {
        for _ in 0..per_file {
            let mut s = text.clone();
            for _ in 0..1 + next(3) {
                let mut at = next(s.len() + 1);
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                match next(3) {
                    0 => {
                        let mut end = (at + 1 + next(4)).min(s.len());
                        while !s.is_char_boundary(end) {
                            end += 1;
                        }
                        s.replace_range(at..end, "");
                    }
                    _ => s.insert_str(at, PIECES[next(PIECES.len())]),
                }
            }
            runs += 1;
            if let Err(e) = compare(&s) {
                failures.push(format!("{} mutated: {e}\n---\n{s}\n---", p.display()));
            }
        }
    }
    assert!(runs > 3000, "only {runs} mutations");
    assert!(
        failures.is_empty(),
        "{} of {runs} mutations differ; the first:\n{}",
        failures.len(),
        failures.iter().take(3).cloned().collect::<Vec<_>>().join("\n")
    );
}
