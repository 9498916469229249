//! JSON in and out of Nix values, byte-compatible with Nix's own JSON
//! (sorted keys, Nix's string escapes, current Nix's float format).

use std::rc::Rc;

use super::value::*;
use super::{ErrorKind, Evaluator, R};

/// What a path value becomes in JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PathMode {
    /// As Nix does: copied to the store, so not statically known.
    Store,
    /// The absolute path as a string (`clan-inv eval` output, SPEC §3).
    Text,
}

pub fn escape_json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Formats a float the way current Nix's JSON output does (shortest
/// round-trip digits, nlohmann's layout).
pub fn format_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    let sci = format!("{:e}", f); // e.g. "-1.2345e-5"
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let k = digits.len() as i32;
    let n = exp + 1; // position of the decimal point
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if k <= n && n <= 15 {
        out.push_str(&digits);
        for _ in 0..(n - k) {
            out.push('0');
        }
        out.push_str(".0");
    } else if 0 < n && n <= 15 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -4 < n && n <= 0 {
        out.push_str("0.");
        for _ in 0..(-n) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = n - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", e.abs()));
    }
    out
}

pub fn unknown_json(ev: &Evaluator, u: &Unknown, out: &mut String) {
    out.push_str("{\"$unknown\":");
    escape_json_str(&u.reason, out);
    if let Some(sp) = u.span {
        out.push_str(",\"at\":");
        escape_json_str(&ev.db.location(sp), out);
    }
    out.push('}');
}

/// Writes `v` as JSON, forcing it deeply. Unknown parts are written as
/// `{"$unknown": ..., "at": ...}` and collected in `unknowns`.
pub fn write_json(
    ev: &mut Evaluator,
    v: &Value,
    out: &mut String,
    unknowns: &mut Vec<Rc<Unknown>>,
    mode: PathMode,
) -> R<()> {
    ev.enter()?;
    let r = write_json_inner(ev, v, out, unknowns, mode);
    ev.leave();
    r
}

fn write_json_inner(
    ev: &mut Evaluator,
    v: &Value,
    out: &mut String,
    unknowns: &mut Vec<Rc<Unknown>>,
    mode: PathMode,
) -> R<()> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::Str(s) => escape_json_str(s, out),
        Value::Path(p) => match mode {
            PathMode::Text => escape_json_str(&p.to_string_lossy(), out),
            PathMode::Store => {
                let u = Rc::new(Unknown {
                    reason: format!(
                        "the path {} would be copied to the Nix store; its store path is not statically known",
                        p.display()
                    ),
                    span: ev.cur_span,
                });
                unknown_json(ev, &u, out);
                unknowns.push(u);
            }
        },
        Value::List(l) => {
            out.push('[');
            let l = l.clone();
            for (i, t) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let x = ev.force(t)?;
                write_json(ev, &x, out, unknowns, mode)?;
            }
            out.push(']');
        }
        Value::Attrs(a) => {
            if a.get("__toString").is_some() {
                let s = ev.coerce_to_string(v, false, mode == PathMode::Text)?;
                match s {
                    Ok(s) => escape_json_str(&s, out),
                    Err(Value::Unknown(u)) => {
                        unknown_json(ev, &u, out);
                        unknowns.push(u);
                    }
                    Err(_) => {}
                }
                return Ok(());
            }
            if let Some(o) = a.get("outPath").cloned() {
                let ov = ev.force(&o)?;
                return write_json(ev, &ov, out, unknowns, mode);
            }
            if let Some(p) = &a.partial {
                unknown_json(ev, &p.unknown, out);
                unknowns.push(p.unknown.clone());
                return Ok(());
            }
            out.push('{');
            let a = a.clone();
            for (i, (n, t)) in a.entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                escape_json_str(n, out);
                out.push(':');
                let x = ev.force(t)?;
                write_json(ev, &x, out, unknowns, mode)?;
            }
            out.push('}');
        }
        Value::Lambda(_) | Value::Builtin(_) => {
            return Err(ev.err(ErrorKind::Type, "cannot convert a function to JSON"));
        }
        Value::Unknown(u) => {
            unknown_json(ev, u, out);
            unknowns.push(u.clone());
        }
    }
    Ok(())
}

pub fn from_json(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Int(i)
            } else {
                Value::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(|x| Thunk::Val(from_json(x))).collect()),
        serde_json::Value::Object(o) => Value::attrs(Attrs::from_unsorted(
            o.iter().map(|(k, v)| (Rc::from(k.as_str()), Thunk::Val(from_json(v)))).collect(),
        )),
    }
}

/// `fromJSON`: like [`from_json`], but integers outside Nix's range are an
/// error, as in current Nix.
pub fn from_json_checked(j: &serde_json::Value) -> Result<Value, String> {
    Ok(match j {
        serde_json::Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_some() => {
            return Err(format!("unsigned json number {n} outside of Nix integer range"));
        }
        serde_json::Value::Array(a) => {
            let mut out = Vec::with_capacity(a.len());
            for x in a {
                out.push(Thunk::Val(from_json_checked(x)?));
            }
            Value::list(out)
        }
        serde_json::Value::Object(o) => {
            let mut out = Vec::with_capacity(o.len());
            for (k, v) in o {
                out.push((Rc::from(k.as_str()), Thunk::Val(from_json_checked(v)?)));
            }
            Value::attrs(Attrs::from_unsorted(out))
        }
        other => from_json(other),
    })
}
