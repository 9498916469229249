//! Nix-syntax printing of values (`clan-inv eval` without `--json`,
//! `builtins.trace`).

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
