//! Nix-syntax printing of values (`clan-inv eval` without `--json`,
//! `builtins.trace`), and nixpkgs' `lib.generators.toPretty` (the values
//! shown in module-system errors).

use super::value::*;
use super::{Evaluator, R};

pub fn float_to_string(f: f64) -> String {
    // Nix's toString on floats uses std::to_string: six decimals.
    format!("{f:.6}")
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_ascii_alphabetic() || f == '_' => {}
        _ => return false,
    }
    s.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '\'' || ch == '-')
        && !matches!(s, "if" | "then" | "else" | "assert" | "with" | "let" | "in" | "rec" | "inherit" | "or")
}

pub fn quote_str(s: &str, out: &mut String) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Prints a value; `depth` limits how deep unevaluated parts are forced
/// (`usize::MAX` forces everything, as `--strict`).
pub fn print_value(ev: &mut Evaluator, v: &Value, depth: usize) -> R<String> {
    let mut out = String::new();
    print_into(ev, v, depth, &mut out)?;
    Ok(out)
}

fn print_into(ev: &mut Evaluator, v: &Value, depth: usize, out: &mut String) -> R<()> {
    ev.enter()?;
    let r = print_into_inner(ev, v, depth, out);
    ev.leave();
    r
}

fn print_into_inner(ev: &mut Evaluator, v: &Value, depth: usize, out: &mut String) -> R<()> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(super::json::format_float(*f).trim_end_matches(".0")),
        Value::Str(s) => quote_str(s, out),
        Value::Path(p) => out.push_str(&p.to_string_lossy()),
        Value::Lambda(_) => out.push_str("<LAMBDA>"),
        Value::Builtin(b) => out.push_str(if b.args.is_empty() { "<PRIMOP>" } else { "<PRIMOP-APP>" }),
        Value::Unknown(u) => {
            out.push_str("<unknown: ");
            out.push_str(&u.reason);
            if let Some(sp) = u.span {
                out.push_str(" (");
                out.push_str(&ev.db.location(sp));
                out.push(')');
            }
            out.push('>');
        }
        Value::List(l) => {
            out.push('[');
            let l = l.clone();
            for t in l.iter() {
                out.push(' ');
                print_thunk(ev, t, depth, out)?;
            }
            out.push_str(" ]");
        }
        Value::Attrs(a) => {
            out.push('{');
            let a = a.clone();
            for (n, t) in &a.entries {
                out.push(' ');
                if is_ident(n) {
                    out.push_str(n);
                } else {
                    quote_str(n, out);
                }
                out.push_str(" = ");
                print_thunk(ev, t, depth, out)?;
                out.push(';');
            }
            if let Some(p) = &a.partial {
                out.push_str(" <unknown attributes: ");
                out.push_str(&p.unknown.reason);
                out.push('>');
            }
            out.push_str(" }");
        }
    }
    Ok(())
}

fn print_thunk(ev: &mut Evaluator, t: &Thunk, depth: usize, out: &mut String) -> R<()> {
    if depth == 0 {
        match t.peek() {
            Some(v) => print_into(ev, &v, 0, out),
            None => {
                out.push_str("<thunk>");
                Ok(())
            }
        }
    } else {
        let v = ev.force(t)?;
        print_into(ev, &v, depth.saturating_sub(1).max(if depth == usize::MAX { usize::MAX } else { 0 }), out)
    }
}

/// nixpkgs' `lib.generators.toPretty { }` of `lib.generators.withRecursion
/// { depthLimit = 10; throwOnDepthLimit = false; } v`, as the module
/// system shows definitions in its errors; `None` when forcing the value
/// fails (nixpkgs then shows no value).
pub fn pretty(ev: &mut Evaluator, v: &Value) -> Option<String> {
    let mut out = String::new();
    pretty_into(ev, v, 0, "", &mut out).ok()?;
    Some(out)
}

/// The depth from which `withRecursion` replaces values.
const PRETTY_DEPTH: usize = 10;

/// Attributes `withRecursion` does not step into.
const SPECIAL_ATTRS: [&str; 4] = ["__functor", "__functionArgs", "__toString", "__pretty"];

fn pretty_into(ev: &mut Evaluator, v: &Value, depth: usize, indent: &str, out: &mut String) -> R<()> {
    ev.enter()?;
    let r = pretty_inner(ev, v, depth, indent, out);
    ev.leave();
    r
}

fn is_functor(a: &Attrs) -> bool {
    a.get("__functor").is_some()
}

fn pretty_inner(ev: &mut Evaluator, v: &Value, depth: usize, indent: &str, out: &mut String) -> R<()> {
    let container = matches!(v, Value::List(_)) || matches!(v, Value::Attrs(a) if !is_functor(a));
    // `withRecursion`: a leaf at the limit, or anything past it, becomes
    // the string "<unevaluated>".
    if depth > PRETTY_DEPTH || (depth == PRETTY_DEPTH && !container) {
        out.push_str("\"<unevaluated>\"");
        return Ok(());
    }
    let inner = format!("{indent}  ");
    let intro = format!("\n{inner}");
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&super::json::format_float(*f)),
        Value::Str(s) => pretty_str(s, &intro, indent, out),
        Value::Path(p) => out.push_str(&p.to_string_lossy()),
        Value::Lambda(c) => match &c.def.param {
            super::ir::Param::Formals { formals, .. } if !formals.is_empty() => {
                let mut names: Vec<String> =
                    formals.iter().map(|(n, d)| if d.is_some() { format!("{n}?") } else { n.to_string() }).collect();
                names.sort();
                out.push_str(&format!("<function, args: {{{}}}>", names.join(", ")));
            }
            _ => out.push_str("<function>"),
        },
        Value::Builtin(_) => out.push_str("<function>"),
        Value::Unknown(u) => {
            out.push_str("<unknown: ");
            out.push_str(&u.reason);
            out.push('>');
        }
        Value::List(l) => {
            if l.is_empty() {
                out.push_str("[ ]");
                return Ok(());
            }
            out.push('[');
            let l = l.clone();
            for t in l.iter() {
                out.push_str(&intro);
                let x = ev.force(t)?;
                pretty_into(ev, &x, depth + 1, &inner, out)?;
            }
            out.push('\n');
            out.push_str(indent);
            out.push(']');
        }
        Value::Attrs(a) => {
            if is_functor(a) {
                out.push_str("<function>");
                return Ok(());
            }
            if a.entries.is_empty() && a.partial.is_none() {
                out.push_str("{ }");
                return Ok(());
            }
            if let Some(t) = a.get("type").cloned()
                && let Value::Str(ty) = ev.force(&t)?
                && &*ty == "derivation"
            {
                let name = match a.get("name").cloned() {
                    Some(n) => match ev.force(&n)? {
                        Value::Str(s) => s.to_string(),
                        _ => "???".into(),
                    },
                    None => "???".into(),
                };
                out.push_str(&format!("<derivation {name}>"));
                return Ok(());
            }
            out.push('{');
            let a = a.clone();
            for (n, t) in &a.entries {
                out.push_str(&intro);
                if is_ident(n) {
                    out.push_str(n);
                } else {
                    // `escapeNixString`: JSON, with `$` escaped.
                    let mut q = String::new();
                    super::json::escape_json_str(n, &mut q);
                    out.push_str(&q.replace('$', "\\$"));
                }
                out.push_str(" = ");
                let x = ev.force(t)?;
                let d = if SPECIAL_ATTRS.contains(&&**n) { depth } else { depth + 1 };
                pretty_into(ev, &x, d, &inner, out)?;
                out.push(';');
            }
            if let Some(p) = &a.partial {
                out.push_str(&intro);
                out.push_str("<unknown attributes: ");
                out.push_str(&p.unknown.reason);
                out.push('>');
            }
            out.push('\n');
            out.push_str(indent);
            out.push('}');
        }
    }
    Ok(())
}

/// Replaces, left to right and without rescanning (as `replaceStrings`),
/// each `from` with its `to`.
fn replace_strings(s: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        for (from, to) in pairs {
            if let Some(r) = rest.strip_prefix(from) {
                out.push_str(to);
                rest = r;
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A string as `toPretty` writes it: in double quotes, or as an indented
/// `''` string when it has several lines.
fn pretty_str(s: &str, intro: &str, indent: &str, out: &mut String) {
    let lines: Vec<&str> = s.split('\n').collect();
    match lines.split_last() {
        Some((last, init)) if !init.is_empty() => {
            let esc = |l: &str| replace_strings(l, &[("${", "''${"), ("''", "'''")]);
            out.push_str("''");
            out.push_str(intro);
            out.push_str(&init.iter().map(|l| esc(l)).collect::<Vec<_>>().join(intro));
            if last.is_empty() {
                out.push('\n');
                out.push_str(indent);
            } else {
                out.push_str(intro);
                out.push_str(&esc(last));
            }
            out.push_str("''");
        }
        _ => {
            out.push('"');
            out.push_str(&replace_strings(s, &[("\\", "\\\\"), ("\"", "\\\""), ("${", "\\${")]));
            out.push('"');
        }
    }
}
