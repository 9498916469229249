//! Nix's builtins, implemented natively. A builtin that cannot be answered
//! statically (fetchers, the store, the environment) yields an unknown value
//! naming it, never a crash.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::value::*;
use super::{ErrorKind, Evaluator, R};

pub type BuiltinFn = fn(&mut Evaluator, &[Thunk]) -> R<Value>;

pub struct BuiltinDef {
    pub name: &'static str,
    pub arity: u8,
    pub f: BuiltinFn,
}

/// Returns early with the unknown value when an argument is unknown.
macro_rules! known {
    ($e:expr) => {
        match $e? {
            Ok(v) => v,
            Err(u) => return Ok(u),
        }
    };
}
#[allow(unused_imports)]
pub(crate) use known;

pub fn attrs_of(ev: &mut Evaluator, t: &Thunk) -> R<Result<Rc<Attrs>, Value>> {
    match ev.force(t)? {
        Value::Attrs(a) => Ok(Ok(a)),
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        other => Err(ev.type_error("a set", &other)),
    }
}
pub fn list_of(ev: &mut Evaluator, t: &Thunk) -> R<Result<Rc<Vec<Thunk>>, Value>> {
    match ev.force(t)? {
        Value::List(l) => Ok(Ok(l)),
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        other => Err(ev.type_error("a list", &other)),
    }
}
pub fn str_of(ev: &mut Evaluator, t: &Thunk) -> R<Result<Rc<str>, Value>> {
    match ev.force(t)? {
        Value::Str(s) => Ok(Ok(s)),
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        other => Err(ev.type_error("a string", &other)),
    }
}
pub fn int_of(ev: &mut Evaluator, t: &Thunk) -> R<Result<i64, Value>> {
    match ev.force(t)? {
        Value::Int(i) => Ok(Ok(i)),
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        other => Err(ev.type_error("an integer", &other)),
    }
}
pub fn bool_of(ev: &mut Evaluator, t: &Thunk) -> R<Result<bool, Value>> {
    match ev.force(t)? {
        Value::Bool(b) => Ok(Ok(b)),
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        other => Err(ev.type_error("a Boolean", &other)),
    }
}
/// A function argument: forced, must be callable.
pub fn fn_of(ev: &mut Evaluator, t: &Thunk) -> R<Result<Value, Value>> {
    match ev.force(t)? {
        v @ (Value::Lambda(_) | Value::Builtin(_)) => Ok(Ok(v)),
        Value::Attrs(a) if a.get("__functor").is_some() => Ok(Ok(Value::Attrs(a))),
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        other => Err(ev.type_error("a function", &other)),
    }
}
/// A string argument that may also be a path or coercible set (no store copy).
pub fn string_like(ev: &mut Evaluator, t: &Thunk) -> R<Result<String, Value>> {
    let v = ev.force(t)?;
    ev.coerce_to_string(&v, false, false)
}
fn mk_str(s: &str) -> Value {
    Value::Str(Rc::from(s))
}
fn bytes_to_value(b: Vec<u8>) -> Value {
    match String::from_utf8(b) {
        Ok(s) => mk_str(&s),
        Err(_) => Value::unknown("the string is not valid UTF-8", None),
    }
}

// ---- the table ----------------------------------------------------------------

macro_rules! table {
    ($( $name:literal / $arity:literal => $f:expr ),* $(,)?) => {
        static DEFS: &[BuiltinDef] = &[ $( BuiltinDef { name: $name, arity: $arity, f: $f } ),* ];
    };
}

table! {
    "abort"/1 => b_abort,
    "add"/2 => |ev, a| arith(ev, a, super::ir::BinOp::Add),
    "all"/2 => b_all,
    "any"/2 => b_any,
    "attrNames"/1 => b_attr_names,
    "attrValues"/1 => b_attr_values,
    "baseNameOf"/1 => b_base_name_of,
    "bitAnd"/2 => |ev, a| bits(ev, a, |x, y| x & y),
    "bitOr"/2 => |ev, a| bits(ev, a, |x, y| x | y),
    "bitXor"/2 => |ev, a| bits(ev, a, |x, y| x ^ y),
    "catAttrs"/2 => b_cat_attrs,
    "ceil"/1 => |ev, a| rounding(ev, a, f64::ceil),
    "compareVersions"/2 => b_compare_versions,
    "concatLists"/1 => b_concat_lists,
    "concatMap"/2 => b_concat_map,
    "concatStringsSep"/2 => b_concat_strings_sep,
    "deepSeq"/2 => b_deep_seq,
    "dirOf"/1 => b_dir_of,
    "div"/2 => |ev, a| arith(ev, a, super::ir::BinOp::Div),
    "elem"/2 => b_elem,
    "elemAt"/2 => b_elem_at,
    "filter"/2 => b_filter,
    "floor"/1 => |ev, a| rounding(ev, a, f64::floor),
    "foldl'"/3 => b_foldl,
    "fromJSON"/1 => b_from_json,
    "functionArgs"/1 => b_function_args,
    "genList"/2 => b_gen_list,
    "getAttr"/2 => b_get_attr,
    "groupBy"/2 => b_group_by,
    "hasAttr"/2 => b_has_attr,
    "head"/1 => b_head,
    "import"/1 => b_import,
    "intersectAttrs"/2 => b_intersect_attrs,
    "isAttrs"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::Attrs(_))),
    "isBool"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::Bool(_))),
    "isFloat"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::Float(_))),
    "isFunction"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::Lambda(_) | Value::Builtin(_))),
    "isInt"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::Int(_))),
    "isList"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::List(_))),
    "isNull"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::Null)),
    "isPath"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::Path(_))),
    "isString"/1 => |ev, a| is(ev, a, |v| matches!(v, Value::Str(_))),
    "length"/1 => b_length,
    "lessThan"/2 => b_less_than,
    "listToAttrs"/1 => b_list_to_attrs,
    "map"/2 => b_map,
    "mapAttrs"/2 => b_map_attrs,
    "match"/2 => b_match,
    "mul"/2 => |ev, a| arith(ev, a, super::ir::BinOp::Mul),
    "parseDrvName"/1 => b_parse_drv_name,
    "partition"/2 => b_partition,
    "pathExists"/1 => b_path_exists,
    "readDir"/1 => b_read_dir,
    "readFile"/1 => b_read_file,
    "removeAttrs"/2 => b_remove_attrs,
    "replaceStrings"/3 => b_replace_strings,
    "seq"/2 => b_seq,
    "sort"/2 => b_sort,
    "split"/2 => b_split,
    "splitVersion"/1 => b_split_version,
    "stringLength"/1 => b_string_length,
    "sub"/2 => |ev, a| arith(ev, a, super::ir::BinOp::Sub),
    "substring"/3 => b_substring,
    "tail"/1 => b_tail,
    "throw"/1 => b_throw,
    "toJSON"/1 => b_to_json,
    "toPath"/1 => b_to_path,
    "toString"/1 => b_to_string,
    "trace"/2 => b_trace,
    "traceVerbose"/2 => b_trace_verbose,
    "tryEval"/1 => b_try_eval,
    "typeOf"/1 => b_type_of,
    "unsafeDiscardStringContext"/1 => b_identity_str,
    "unsafeDiscardOutputDependency"/1 => b_identity_str,
    "hasContext"/1 => |ev, a| { known!(str_of(ev, &a[0])); Ok(Value::Bool(false)) },
    "addErrorContext"/2 => |ev, a| ev.force(&a[1]),
    "warn"/2 => b_warn,
    "zipAttrsWith"/2 => b_zip_attrs_with,
    "genericClosure"/1 => b_generic_closure,
    // Builtins that depend on the store, the network or the machine.
    "derivation"/1 => unsupported,
    "derivationStrict"/1 => unsupported,
    "fetchGit"/1 => unsupported,
    "fetchMercurial"/1 => unsupported,
    "fetchTarball"/1 => unsupported,
    "fetchTree"/1 => unsupported,
    "fetchurl"/1 => unsupported,
    "fetchClosure"/1 => unsupported,
    "filterSource"/2 => unsupported,
    "findFile"/2 => unsupported,
    "fromTOML"/1 => unsupported,
    "getContext"/1 => unsupported,
    "getEnv"/1 => unsupported,
    "getFlake"/1 => unsupported,
    "hashFile"/2 => unsupported,
    "hashString"/2 => unsupported,
    "path"/1 => unsupported,
    "placeholder"/1 => unsupported,
    "scopedImport"/2 => unsupported,
    "storePath"/1 => unsupported,
    "toFile"/2 => unsupported,
    "toXML"/1 => unsupported,
    "unsafeGetAttrPos"/2 => unsupported,
    "appendContext"/2 => unsupported,
    "break"/1 => |ev, a| ev.force(&a[0]),
    "convertHash"/1 => unsupported,
    "outputOf"/2 => unsupported,
    "flakeRefToString"/1 => unsupported,
        "parseFlakeRef"/1 => unsupported,
    // Newer or vendor-specific builtins (Determinate Nix's wasm plugins).
    "wasm"/2 => unsupported,
}

pub fn lookup(name: &str) -> Option<&'static BuiltinDef> {
    DEFS.iter().find(|d| d.name == name)
}

fn unsupported(ev: &mut Evaluator, _a: &[Thunk]) -> R<Value> {
    // The id is not passed; the span points at the call, the message names it.
    let name = ev.current_builtin.unwrap_or("builtin");
    Ok(Value::unknown(format!("builtins.{name} is not supported statically"), ev.cur_span))
}

/// Value of a builtin by name (for `lib` aliases).
pub fn value(name: &str) -> Value {
    match lookup(name) {
        Some(d) => builtin_value(d),
        None => Value::unknown(format!("builtins.{name} is not supported statically"), None),
    }
}

/// A builtin (from any table) as a function value.
pub fn builtin_value(def: &'static BuiltinDef) -> Value {
    Value::Builtin(Rc::new(BuiltinApp { def, args: Vec::new() }))
}

thread_local! {
    static BUILTINS_SELF: std::cell::RefCell<Option<Rc<Attrs>>> = const { std::cell::RefCell::new(None) };
}

/// The global scope: `builtins` and the names Nix puts in scope unprefixed.
pub fn globals() -> HashMap<Rc<str>, Value> {
    let mut entries: Vec<(Rc<str>, Thunk)> = Vec::with_capacity(DEFS.len() + 12);
    for d in DEFS.iter() {
        entries.push((Rc::from(d.name), Thunk::Val(builtin_value(d))));
    }
    entries.push((Rc::from("true"), Thunk::Val(Value::Bool(true))));
    entries.push((Rc::from("false"), Thunk::Val(Value::Bool(false))));
    entries.push((Rc::from("null"), Thunk::Val(Value::Null)));
    entries.push((Rc::from("langVersion"), Thunk::Val(Value::Int(6))));
    entries.push((Rc::from("storeDir"), Thunk::Val(mk_str("/nix/store"))));
    for (n, why) in [
        ("currentSystem", "builtins.currentSystem depends on the machine"),
        ("currentTime", "builtins.currentTime is not static"),
        ("nixVersion", "builtins.nixVersion depends on the Nix installation"),
    ] {
        entries.push((Rc::from(n), Thunk::Val(Value::unknown(why, None))));
    }
    // `builtins.builtins` is `builtins` itself (resolved when forced).
    entries.push((
        Rc::from("builtins"),
        Thunk::native(|_| {
            BUILTINS_SELF
                .with(|c| c.borrow().clone())
                .map(Value::Attrs)
                .ok_or_else(|| super::EvalError::new(ErrorKind::Other, "builtins are not initialised".into(), None))
        }),
    ));
    entries
        .push((Rc::from("nixPath"), Thunk::Val(Value::unknown("builtins.nixPath depends on the environment", None))));
    let builtins_attrs = Rc::new(Attrs::from_unsorted(entries));
    let builtins_val = Value::Attrs(builtins_attrs.clone());
    let mut g: HashMap<Rc<str>, Value> = HashMap::default();
    g.reserve(builtins_attrs.entries.len() + 24);
    let mut key = String::from("__");
    for (n, t) in &builtins_attrs.entries {
        if let Some(v) = t.peek() {
            key.truncate(2);
            key.push_str(n);
            g.insert(Rc::from(key.as_str()), v);
        }
    }
    for n in [
        "abort",
        "baseNameOf",
        "break",
        "derivation",
        "derivationStrict",
        "dirOf",
        "false",
        "fetchGit",
        "fetchMercurial",
        "fetchTarball",
        "fetchTree",
        "fromTOML",
        "import",
        "isNull",
        "map",
        "null",
        "placeholder",
        "removeAttrs",
        "scopedImport",
        "throw",
        "toString",
        "true",
    ] {
        if let Some(v) = builtins_attrs.get(n).and_then(|t| t.peek()) {
            g.insert(Rc::from(n), v);
        }
    }
    // `builtins.builtins` exists in Nix too; a self-reference is harmless here.
    g.insert(Rc::from("builtins"), builtins_val);
    BUILTINS_SELF.with(|c| *c.borrow_mut() = Some(builtins_attrs.clone()));
    g
}

// ---- implementations ------------------------------------------------------------

fn is(ev: &mut Evaluator, a: &[Thunk], p: fn(&Value) -> bool) -> R<Value> {
    let v = ev.force(&a[0])?;
    if let Value::Unknown(u) = v {
        return Ok(Value::Unknown(u));
    }
    Ok(Value::Bool(p(&v)))
}

fn arith(ev: &mut Evaluator, a: &[Thunk], op: super::ir::BinOp) -> R<Value> {
    let x = ev.force(&a[0])?;
    let y = ev.force(&a[1])?;
    for v in [&x, &y] {
        if !matches!(v, Value::Int(_) | Value::Float(_) | Value::Unknown(_)) {
            return Err(ev.type_error("an integer", v));
        }
    }
    ev.binop_values(op, x, y)
}

fn bits(ev: &mut Evaluator, a: &[Thunk], f: fn(i64, i64) -> i64) -> R<Value> {
    let x = known!(int_of(ev, &a[0]));
    let y = known!(int_of(ev, &a[1]));
    Ok(Value::Int(f(x, y)))
}

fn rounding(ev: &mut Evaluator, a: &[Thunk], f: fn(f64) -> f64) -> R<Value> {
    match ev.force(&a[0])? {
        Value::Int(i) => Ok(Value::Int(i)),
        Value::Float(x) => {
            let r = f(x);
            if r.is_finite() && r >= i64::MIN as f64 && r < i64::MAX as f64 {
                Ok(Value::Int(r as i64))
            } else {
                Err(ev.err(
                    ErrorKind::Overflow,
                    format!(
                        "NixFloat argument {} is not in the range of NixInt",
                        super::json::format_float(x).trim_end_matches(".0")
                    ),
                ))
            }
        }
        Value::Unknown(u) => Ok(Value::Unknown(u)),
        other => Err(ev.type_error("a float", &other)),
    }
}

fn b_abort(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let s = known!(ev.coerce_to_string(&v, false, true));
    Err(ev.err(ErrorKind::Abort, format!("evaluation aborted with the following error message: '{s}'")))
}

fn b_throw(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let s = known!(ev.coerce_to_string(&v, false, true));
    Err(ev.err(ErrorKind::Throw, s))
}

fn b_all(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    any_all(ev, a, false)
}
fn b_any(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    any_all(ev, a, true)
}
fn any_all(ev: &mut Evaluator, a: &[Thunk], any: bool) -> R<Value> {
    let f = known!(fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let mut unknown = None;
    for t in l.iter() {
        let r = ev.apply(f.clone(), t.clone())?;
        match r {
            Value::Bool(b) if b == any => return Ok(Value::Bool(any)),
            Value::Bool(_) => {}
            Value::Unknown(u) => unknown = Some(u),
            other => return Err(ev.type_error("a Boolean", &other)),
        }
    }
    Ok(match unknown {
        Some(u) => Value::Unknown(u),
        None => Value::Bool(!any),
    })
}

fn b_attr_names(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(attrs_of(ev, &a[0]));
    if let Some(p) = &s.partial {
        return Ok(Value::Unknown(p.unknown.clone()));
    }
    ev.count_alloc(s.len())?;
    Ok(Value::list(s.names().map(|n| Thunk::Val(Value::Str(n.clone()))).collect()))
}

fn b_attr_values(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(attrs_of(ev, &a[0]));
    if let Some(p) = &s.partial {
        return Ok(Value::Unknown(p.unknown.clone()));
    }
    ev.count_alloc(s.len())?;
    Ok(Value::list(s.entries.iter().map(|(_, t)| t.clone()).collect()))
}

pub fn base_name(s: &str) -> String {
    let mut s = s;
    if s.len() > 1 && s.ends_with('/') {
        s = &s[..s.len() - 1];
    }
    match s.rfind('/') {
        Some(i) => s[i + 1..].to_string(),
        None => s.to_string(),
    }
}

fn b_base_name_of(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let s = known!(ev.coerce_to_string(&v, false, true));
    Ok(mk_str(&base_name(&s)))
}

fn b_dir_of(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let is_path = matches!(v, Value::Path(_));
    let s = known!(ev.coerce_to_string(&v, false, true));
    let d = match s.rfind('/') {
        None => ".".to_string(),
        Some(0) => "/".to_string(),
        Some(i) => s[..i].to_string(),
    };
    if is_path { Ok(Value::Path(Rc::new(super::ir::canon_path(Path::new(&d))))) } else { Ok(mk_str(&d)) }
}

fn b_cat_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let name = known!(str_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let mut out = Vec::new();
    for t in l.iter() {
        let s = known!(attrs_of(ev, t));
        if let Some(v) = s.get(&name) {
            out.push(v.clone());
        } else if let Some(p) = &s.partial {
            return Ok(Value::Unknown(p.unknown.clone()));
        }
    }
    Ok(Value::list(out))
}

fn split_version(s: &str) -> Vec<String> {
    // Nix: components are maximal runs of digits or of non-digit, non-separator chars.
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'.' || c == b'-' {
            i += 1;
            continue;
        }
        let digit = c.is_ascii_digit();
        let start = i;
        while i < b.len() && b[i] != b'.' && b[i] != b'-' && b[i].is_ascii_digit() == digit {
            i += 1;
        }
        out.push(s[start..i].to_string());
    }
    out
}

fn cmp_component(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    let an = !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit());
    let bn = !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit());
    if an && bn {
        let x: u128 = a.parse().unwrap_or(0);
        let y: u128 = b.parse().unwrap_or(0);
        return x.cmp(&y);
    }
    if a.is_empty() && bn {
        return Less;
    }
    if b.is_empty() && an {
        return Greater;
    }
    if a == "pre" {
        return if b == "pre" { Equal } else { Less };
    }
    if b == "pre" {
        return Greater;
    }
    if an {
        return Greater;
    }
    if bn {
        return Less;
    }
    a.cmp(b)
}

fn b_compare_versions(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let x = known!(str_of(ev, &a[0]));
    let y = known!(str_of(ev, &a[1]));
    let xs = split_version(&x);
    let ys = split_version(&y);
    let n = xs.len().max(ys.len());
    for i in 0..n {
        let p = xs.get(i).map(|s| s.as_str()).unwrap_or("");
        let q = ys.get(i).map(|s| s.as_str()).unwrap_or("");
        match cmp_component(p, q) {
            std::cmp::Ordering::Less => return Ok(Value::Int(-1)),
            std::cmp::Ordering::Greater => return Ok(Value::Int(1)),
            _ => {}
        }
    }
    Ok(Value::Int(0))
}

fn b_split_version(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let x = known!(str_of(ev, &a[0]));
    Ok(Value::list(split_version(&x).into_iter().map(|s| Thunk::Val(mk_str(&s))).collect()))
}

fn b_concat_lists(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    let mut out = Vec::new();
    for t in l.iter() {
        let x = known!(list_of(ev, t));
        ev.count_alloc(x.len())?;
        out.extend(x.iter().cloned());
    }
    Ok(Value::list(out))
}

fn b_concat_map(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = known!(fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let mut out = Vec::new();
    for t in l.iter() {
        let r = ev.apply(f.clone(), t.clone())?;
        match r {
            Value::List(x) => {
                ev.count_alloc(x.len())?;
                out.extend(x.iter().cloned())
            }
            Value::Unknown(u) => return Ok(Value::Unknown(u)),
            other => return Err(ev.type_error("a list", &other)),
        }
    }
    Ok(Value::list(out))
}

fn b_concat_strings_sep(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let sep = known!(str_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let mut out = String::new();
    for (i, t) in l.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        let s = known!(string_like(ev, t));
        ev.check_string_len(out.len() + s.len())?;
        out.push_str(&s);
    }
    Ok(mk_str(&out))
}

fn b_deep_seq(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    ev.force_deep(&v)?;
    ev.force(&a[1])
}

fn b_seq(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    ev.force(&a[0])?;
    ev.force(&a[1])
}

fn b_elem(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[1]));
    // Nix does not look at the element when the list is empty.
    if l.is_empty() {
        return Ok(Value::Bool(false));
    }
    let x = ev.force(&a[0])?;
    let mut unknown = None;
    for t in l.iter() {
        let y = ev.force(t)?;
        match ev.values_equal(&x, &y)? {
            Some(true) => return Ok(Value::Bool(true)),
            Some(false) => {}
            None => {
                unknown = Some(match (&x, &y) {
                    (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Value::Unknown(u.clone()),
                    _ => Value::unknown("comparison with an unknown value", None),
                })
            }
        }
    }
    Ok(unknown.unwrap_or(Value::Bool(false)))
}

fn b_elem_at(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    let i = known!(int_of(ev, &a[1]));
    if i < 0 || i as usize >= l.len() {
        return Err(ev.err(ErrorKind::IndexOutOfBounds, format!("list index {i} is out of bounds")));
    }
    let t = l[i as usize].clone();
    ev.force(&t)
}

fn b_head(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    match l.first() {
        Some(t) => {
            let t = t.clone();
            ev.force(&t)
        }
        None => Err(ev.err(ErrorKind::IndexOutOfBounds, "'builtins.head' called on an empty list")),
    }
}

fn b_tail(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    if l.is_empty() {
        return Err(ev.err(ErrorKind::IndexOutOfBounds, "'builtins.tail' called on an empty list"));
    }
    ev.count_alloc(l.len())?;
    Ok(Value::list(l[1..].to_vec()))
}

fn b_filter(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = known!(fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let mut out = Vec::new();
    for t in l.iter() {
        match ev.apply(f.clone(), t.clone())? {
            Value::Bool(true) => out.push(t.clone()),
            Value::Bool(false) => {}
            Value::Unknown(u) => return Ok(Value::Unknown(u)),
            other => return Err(ev.type_error("a Boolean", &other)),
        }
    }
    Ok(Value::list(out))
}

fn b_foldl(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = known!(fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[2]));
    let mut acc = a[1].clone();
    for t in l.iter() {
        let r = ev.apply2(f.clone(), acc, t.clone())?;
        acc = Thunk::Val(r);
    }
    ev.force(&acc)
}

fn b_from_json(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(str_of(ev, &a[0]));
    match serde_json::from_str::<serde_json::Value>(&s) {
        Ok(j) => super::json::from_json_checked(&j).map_err(|m| ev.err(ErrorKind::Overflow, m)),
        // serde_json stops at 128 levels where Nix goes on: not an error of the input.
        Err(e) if e.to_string().contains("recursion limit exceeded") => {
            Err(ev.err(ErrorKind::Limit, format!("JSON nested deeper than clan-inv's parser allows: {e}")))
        }
        Err(e) => Err(ev.err(ErrorKind::Other, format!("while decoding a JSON string: {e}"))),
    }
}

fn b_function_args(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    match ev.force(&a[0])? {
        Value::Lambda(c) => match &c.def.param {
            super::ir::Param::Ident => Ok(Value::attrs(Attrs::default())),
            super::ir::Param::Formals { formals, .. } => Ok(Value::attrs(Attrs::from_unsorted(
                formals.iter().map(|(n, d)| (n.clone(), Thunk::Val(Value::Bool(d.is_some())))).collect(),
            ))),
        },
        Value::Builtin(_) => Ok(Value::attrs(Attrs::default())),
        Value::Unknown(u) => Ok(Value::Unknown(u)),
        other => Err(ev.type_error("a function", &other)),
    }
}

fn b_gen_list(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let n = known!(int_of(ev, &a[1]));
    if n < 0 {
        return Err(ev.err(ErrorKind::Other, format!("cannot create list of size {n}")));
    }
    ev.count_alloc(n as usize)?;
    Ok(Value::list((0..n).map(|i| lazy_apply(&a[0], vec![Thunk::Val(Value::Int(i))])).collect()))
}

fn b_get_attr(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let n = known!(str_of(ev, &a[0]));
    let s = ev.force(&a[1])?;
    ev.select_one(&s, &n)
}

fn b_has_attr(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let n = known!(str_of(ev, &a[0]));
    let s = known!(attrs_of(ev, &a[1]));
    if s.get(&n).is_some() {
        return Ok(Value::Bool(true));
    }
    Ok(match &s.partial {
        Some(p) => Value::Unknown(p.unknown.clone()),
        None => Value::Bool(false),
    })
}

fn b_group_by(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = known!(fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let mut groups: Vec<(Rc<str>, Vec<Thunk>)> = Vec::new();
    let mut idx: HashMap<Rc<str>, usize> = HashMap::default();
    for t in l.iter() {
        let k = match ev.apply(f.clone(), t.clone())? {
            Value::Str(s) => s,
            Value::Unknown(u) => return Ok(Value::Unknown(u)),
            other => return Err(ev.type_error("a string", &other)),
        };
        match idx.get(&k) {
            Some(&i) => groups[i].1.push(t.clone()),
            None => {
                idx.insert(k.clone(), groups.len());
                groups.push((k, vec![t.clone()]));
            }
        }
    }
    Ok(Value::attrs(Attrs::from_unsorted(groups.into_iter().map(|(k, v)| (k, Thunk::Val(Value::list(v)))).collect())))
}

fn b_import(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let p = match &v {
        Value::Path(p) => (**p).clone(),
        Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
        other => {
            let s = known!(ev.coerce_to_string(other, false, true));
            if !s.starts_with('/') {
                return Err(ev.err(ErrorKind::Other, format!("string '{s}' doesn't represent an absolute path")));
            }
            PathBuf::from(s)
        }
    };
    ev.import(&p)
}

fn b_intersect_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let x = known!(attrs_of(ev, &a[0]));
    let y = known!(attrs_of(ev, &a[1]));
    if let Some(p) = x.partial.as_ref().or(y.partial.as_ref()) {
        return Ok(Value::Unknown(p.unknown.clone()));
    }
    Ok(Value::attrs(Attrs {
        origin: None,
        entries: y.entries.iter().filter(|(n, _)| x.get(n).is_some()).cloned().collect(),
        partial: None,
    }))
}

fn b_length(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    Ok(Value::Int(l.len() as i64))
}

fn b_less_than(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let x = ev.force(&a[0])?;
    let y = ev.force(&a[1])?;
    ev.binop_values(super::ir::BinOp::Lt, x, y)
}

fn b_list_to_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    let mut entries: Vec<(Rc<str>, Thunk)> = Vec::with_capacity(l.len());
    let mut seen: rustc_hash::FxHashSet<Rc<str>> = Default::default();
    ev.count_alloc(l.len())?;
    for t in l.iter() {
        let e = known!(attrs_of(ev, t));
        let Some(nt) = e.get("name").cloned() else {
            if let Some(p) = &e.partial {
                return Ok(Value::Unknown(p.unknown.clone()));
            }
            return Err(ev.err(ErrorKind::MissingAttr, "attribute 'name' missing"));
        };
        let name = known!(str_of(ev, &nt));
        let Some(vt) = e.get("value").cloned() else {
            if let Some(p) = &e.partial {
                return Ok(Value::Unknown(p.unknown.clone()));
            }
            return Err(ev.err(ErrorKind::MissingAttr, "attribute 'value' missing"));
        };
        if seen.insert(name.clone()) {
            entries.push((name, vt));
        }
    }
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

/// `f x`, computed when forced. Like Nix's `map`, `mapAttrs` and `genList`,
/// `f` itself is forced only then.
fn lazy_apply(f: &Thunk, args: Vec<Thunk>) -> Thunk {
    let f = f.clone();
    Thunk::native(move |ev| {
        let mut v = ev.force(&f)?;
        for x in &args {
            v = ev.apply(v, x.clone())?;
        }
        Ok(v)
    })
}

fn b_map(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[1]));
    ev.count_alloc(l.len())?;
    Ok(Value::list(l.iter().map(|t| lazy_apply(&a[0], vec![t.clone()])).collect()))
}

fn b_map_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(attrs_of(ev, &a[1]));
    ev.count_alloc(s.len())?;
    let entries = s
        .entries
        .iter()
        .map(|(n, t)| (n.clone(), lazy_apply(&a[0], vec![Thunk::Val(Value::Str(n.clone())), t.clone()])))
        .collect();
    let partial = s.partial.as_ref().map(|p| Partial { unknown: p.unknown.clone(), can_shadow: p.can_shadow });
    Ok(Value::attrs(Attrs { origin: None, entries, partial }))
}

thread_local! {
    static REGEX_CACHE: std::cell::RefCell<HashMap<String, Result<Rc<regex::Regex>, String>>> = std::cell::RefCell::new(HashMap::default());
}

fn compile_regex(ev: &mut Evaluator, re: &str, anchored: bool) -> R<Rc<regex::Regex>> {
    let key = format!("{}{re}", if anchored { "A:" } else { "U:" });
    let r = REGEX_CACHE.with(|c| {
        c.borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                // std::regex (ECMAScript-style matching in Nix) lets `.` match newlines.
                let src = if anchored { format!("(?s)^(?:{re})$") } else { format!("(?s){re}") };
                regex::Regex::new(&src).map(Rc::new).map_err(|e| e.to_string())
            })
            .clone()
    });
    r.map_err(|_| ev.err(ErrorKind::Other, format!("invalid regular expression '{re}'")))
}

fn b_match(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let re = known!(str_of(ev, &a[0]));
    let s = known!(str_of(ev, &a[1]));
    let rx = compile_regex(ev, &re, true)?;
    match rx.captures(&s) {
        None => Ok(Value::Null),
        Some(c) => Ok(Value::list(
            (1..c.len()).map(|i| Thunk::Val(c.get(i).map(|m| mk_str(m.as_str())).unwrap_or(Value::Null))).collect(),
        )),
    }
}

fn b_split(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let re = known!(str_of(ev, &a[0]));
    let s = known!(str_of(ev, &a[1]));
    let rx = compile_regex(ev, &re, false)?;
    let mut out = Vec::new();
    let mut last = 0;
    for c in rx.captures_iter(&s) {
        let Some(m) = c.get(0) else { continue };
        out.push(Thunk::Val(mk_str(&s[last..m.start()])));
        let groups: Vec<Thunk> =
            (1..c.len()).map(|i| Thunk::Val(c.get(i).map(|m| mk_str(m.as_str())).unwrap_or(Value::Null))).collect();
        out.push(Thunk::Val(Value::list(groups)));
        last = m.end();
    }
    out.push(Thunk::Val(mk_str(&s[last..])));
    Ok(Value::list(out))
}

fn b_parse_drv_name(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(str_of(ev, &a[0]));
    let b = s.as_bytes();
    let mut split = s.len();
    for i in 0..b.len() {
        if b[i] == b'-' && i + 1 < b.len() && !b[i + 1].is_ascii_alphabetic() {
            split = i;
            break;
        }
    }
    let (name, version) = if split < s.len() { (&s[..split], &s[split + 1..]) } else { (&s[..], "") };
    Ok(Value::attrs(Attrs::from_unsorted(vec![
        (Rc::from("name"), Thunk::Val(mk_str(name))),
        (Rc::from("version"), Thunk::Val(mk_str(version))),
    ])))
}

fn b_partition(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = known!(fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for t in l.iter() {
        match ev.apply(f.clone(), t.clone())? {
            Value::Bool(true) => right.push(t.clone()),
            Value::Bool(false) => wrong.push(t.clone()),
            Value::Unknown(u) => return Ok(Value::Unknown(u)),
            other => return Err(ev.type_error("a Boolean", &other)),
        }
    }
    Ok(Value::attrs(Attrs::from_unsorted(vec![
        (Rc::from("right"), Thunk::Val(Value::list(right))),
        (Rc::from("wrong"), Thunk::Val(Value::list(wrong))),
    ])))
}

/// A path argument of the filesystem builtins. `Err(unknown)` for paths
/// outside the sandbox: Nix could answer, we may not look.
fn fs_path(ev: &mut Evaluator, t: &Thunk) -> R<Result<PathBuf, Value>> {
    let v = ev.force(t)?;
    let s = match &v {
        Value::Path(p) => p.to_string_lossy().into_owned(),
        Value::Unknown(u) => return Ok(Err(Value::Unknown(u.clone()))),
        other => match ev.coerce_to_string(other, false, true)? {
            Ok(s) => s,
            Err(u) => return Ok(Err(u)),
        },
    };
    if !s.starts_with('/') {
        return Err(ev.err(ErrorKind::Other, format!("string '{s}' doesn't represent an absolute path")));
    }
    let p = super::ir::canon_path(Path::new(&s));
    if !p.starts_with(&ev.root) {
        return Ok(Err(Value::unknown(
            format!("'{}' is outside the clan directory and is not read", p.display()),
            ev.cur_span,
        )));
    }
    Ok(Ok(p))
}

fn b_path_exists(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let p = known!(fs_path(ev, &a[0]));
    Ok(Value::Bool(p.exists()))
}

fn b_read_dir(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let p = known!(fs_path(ev, &a[0]));
    let canon = match ev.check_sandbox(&p) {
        Ok(c) => c,
        Err(e) if e.kind == ErrorKind::Sandbox => return Ok(Value::unknown(e.msg, e.span)),
        Err(e) => return Err(e),
    };
    let rd = std::fs::read_dir(&canon)
        .map_err(|e| ev.err(ErrorKind::Io, format!("opening directory '{}': {e}", p.display())))?;
    let mut entries = Vec::new();
    for ent in rd {
        let ent = ent.map_err(|e| ev.err(ErrorKind::Io, format!("reading directory '{}': {e}", p.display())))?;
        let name = ent.file_name().to_string_lossy().into_owned();
        let ty = match ent.file_type() {
            Ok(ft) if ft.is_symlink() => "symlink",
            Ok(ft) if ft.is_dir() => "directory",
            Ok(ft) if ft.is_file() => "regular",
            _ => "unknown",
        };
        entries.push((Rc::from(name.as_str()), Thunk::Val(mk_str(ty))));
    }
    ev.count_alloc(entries.len())?;
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

fn b_read_file(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let p = known!(fs_path(ev, &a[0]));
    let canon = match ev.check_sandbox(&p) {
        Ok(c) => c,
        Err(e) if e.kind == ErrorKind::Sandbox => return Ok(Value::unknown(e.msg, e.span)),
        Err(e) => return Err(e),
    };
    let meta =
        std::fs::metadata(&canon).map_err(|e| ev.err(ErrorKind::Io, format!("reading '{}': {e}", p.display())))?;
    if !meta.is_file() && !meta.is_dir() {
        // A FIFO or a device would block or never end.
        let msg = format!("'{}' is not a regular file; clan-inv reads only regular files", p.display());
        return Err(ev.err(ErrorKind::Limit, msg));
    }
    if meta.len() > ev.limits.max_file_size {
        return Err(ev.err(ErrorKind::Limit, format!("file '{}' is larger than the limit", p.display())));
    }
    let bytes = std::fs::read(&canon).map_err(|e| ev.err(ErrorKind::Io, format!("reading '{}': {e}", p.display())))?;
    Ok(bytes_to_value(bytes))
}

fn b_remove_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(attrs_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let mut names = Vec::new();
    for t in l.iter() {
        names.push(known!(str_of(ev, t)));
    }
    let entries = s.entries.iter().filter(|(n, _)| !names.iter().any(|m| m == n)).cloned().collect();
    let partial = s.partial.as_ref().map(|p| Partial { unknown: p.unknown.clone(), can_shadow: p.can_shadow });
    Ok(Value::attrs(Attrs { origin: None, entries, partial }))
}

fn b_replace_strings(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let from_l = known!(list_of(ev, &a[0]));
    let to_l = known!(list_of(ev, &a[1]));
    let s = known!(str_of(ev, &a[2]));
    if from_l.len() != to_l.len() {
        return Err(ev.err(
            ErrorKind::Other,
            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
        ));
    }
    let mut from = Vec::new();
    for t in from_l.iter() {
        from.push(known!(str_of(ev, t)));
    }
    let mut to: Vec<Option<Rc<str>>> = vec![None; to_l.len()];
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut p = 0;
    while p <= b.len() {
        let mut found = false;
        for (i, f) in from.iter().enumerate() {
            if b[p..].starts_with(f.as_bytes()) {
                found = true;
                if to[i].is_none() {
                    let t = to_l[i].clone();
                    to[i] = Some(known!(str_of(ev, &t)));
                }
                if let Some(r) = &to[i] {
                    out.extend_from_slice(r.as_bytes());
                }
                if f.is_empty() {
                    if p < b.len() {
                        out.push(b[p]);
                    }
                    p += 1;
                } else {
                    p += f.len();
                }
                break;
            }
        }
        if !found {
            if p < b.len() {
                out.push(b[p]);
            }
            p += 1;
        }
    }
    Ok(bytes_to_value(out))
}

/// Stable merge sort with a fallible comparator (`lessThan`-style).
fn merge_sort(ev: &mut Evaluator, v: Vec<Thunk>, less: &Value) -> R<Result<Vec<Thunk>, Value>> {
    if v.len() <= 1 {
        return Ok(Ok(v));
    }
    let mid = v.len() / 2;
    let mut left = v;
    let right = left.split_off(mid);
    let left = match merge_sort(ev, left, less)? {
        Ok(l) => l,
        Err(u) => return Ok(Err(u)),
    };
    let right = match merge_sort(ev, right, less)? {
        Ok(r) => r,
        Err(u) => return Ok(Err(u)),
    };
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        // Take from the right only if right < left (stability).
        match ev.apply2(less.clone(), right[j].clone(), left[i].clone())? {
            Value::Bool(true) => {
                out.push(right[j].clone());
                j += 1;
            }
            Value::Bool(false) => {
                out.push(left[i].clone());
                i += 1;
            }
            Value::Unknown(u) => return Ok(Err(Value::Unknown(u))),
            other => return Err(ev.type_error("a Boolean", &other)),
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    Ok(Ok(out))
}

fn b_sort(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = known!(fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let sorted = known!(merge_sort(ev, l.to_vec(), &f));
    Ok(Value::list(sorted))
}

fn b_string_length(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(string_like(ev, &a[0]));
    Ok(Value::Int(s.len() as i64))
}

fn b_substring(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let start = known!(int_of(ev, &a[0]));
    if start < 0 {
        return Err(ev.err(ErrorKind::Other, "negative start position in 'substring'"));
    }
    let len = known!(int_of(ev, &a[1]));
    let s = known!(string_like(ev, &a[2]));
    let b = s.as_bytes();
    let st = (start as usize).min(b.len());
    let end = if len < 0 { b.len() } else { st.saturating_add(len as usize).min(b.len()) };
    Ok(bytes_to_value(b[st..end].to_vec()))
}

fn b_to_json(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let mut out = String::new();
    let mut unknowns = Vec::new();
    super::json::write_json(ev, &v, &mut out, &mut unknowns, super::json::PathMode::Store)?;
    if let Some(u) = unknowns.into_iter().next() {
        return Ok(Value::Unknown(u));
    }
    Ok(mk_str(&out))
}

fn b_to_path(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let s = known!(ev.coerce_to_string(&v, false, true));
    Ok(mk_str(&super::ir::canon_path(Path::new(&s)).to_string_lossy()))
}

fn b_to_string(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let s = known!(ev.coerce_to_string(&v, true, true));
    Ok(mk_str(&s))
}

fn b_trace(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let text = match &v {
        Value::Str(s) => s.to_string(),
        other => super::print::print_value(ev, other, 1)?,
    };
    ev.traces.push(format!("trace: {text}"));
    ev.force(&a[1])
}

fn b_trace_verbose(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    ev.force(&a[1])
}

fn b_warn(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(str_of(ev, &a[0]));
    ev.traces.push(format!("evaluation warning: {s}"));
    ev.force(&a[1])
}

fn b_try_eval(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    match ev.force(&a[0]) {
        Ok(Value::Unknown(u)) => Ok(Value::Unknown(u)),
        Ok(v) => Ok(Value::attrs(Attrs::from_unsorted(vec![
            (Rc::from("success"), Thunk::Val(Value::Bool(true))),
            (Rc::from("value"), Thunk::Val(v)),
        ]))),
        Err(e) if e.catchable() => Ok(Value::attrs(Attrs::from_unsorted(vec![
            (Rc::from("success"), Thunk::Val(Value::Bool(false))),
            (Rc::from("value"), Thunk::Val(Value::Bool(false))),
        ]))),
        Err(e) => Err(e),
    }
}

fn b_type_of(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    if let Value::Unknown(u) = v {
        return Ok(Value::Unknown(u));
    }
    Ok(mk_str(v.type_of()))
}

fn b_identity_str(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    ev.force(&a[0])
}

fn b_zip_attrs_with(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = known!(fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[1]));
    let mut groups: std::collections::BTreeMap<Vec<u8>, (Rc<str>, Vec<Thunk>)> = std::collections::BTreeMap::new();
    for t in l.iter() {
        let s = known!(attrs_of(ev, t));
        if let Some(p) = &s.partial {
            return Ok(Value::Unknown(p.unknown.clone()));
        }
        for (n, v) in &s.entries {
            groups.entry(n.as_bytes().to_vec()).or_insert_with(|| (n.clone(), Vec::new())).1.push(v.clone());
        }
    }
    let entries = groups
        .into_values()
        .map(|(n, vs)| {
            let t = Thunk::lazy(ThunkState::Apply2(Box::new((
                f.clone(),
                Thunk::Val(Value::Str(n.clone())),
                Thunk::Val(Value::list(vs)),
            ))));
            (n, t)
        })
        .collect();
    Ok(Value::attrs(Attrs { origin: None, entries, partial: None }))
}

fn b_generic_closure(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let args = known!(attrs_of(ev, &a[0]));
    let (Some(start), Some(op)) = (args.get("startSet").cloned(), args.get("operator").cloned()) else {
        return Err(ev.err(ErrorKind::MissingAttr, "attribute 'startSet' missing"));
    };
    let start = known!(list_of(ev, &start));
    let op = known!(fn_of(ev, &op));
    let mut queue: std::collections::VecDeque<Thunk> = start.iter().cloned().collect();
    let mut seen: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    while let Some(t) = queue.pop_front() {
        let e = known!(attrs_of(ev, &t));
        let Some(k) = e.get("key").cloned() else {
            return Err(ev.err(ErrorKind::MissingAttr, "attribute 'key' missing"));
        };
        let kv = ev.force(&k)?;
        let mut dup = false;
        for s in &seen {
            if ev.values_equal(s, &kv)? == Some(true) {
                dup = true;
                break;
            }
        }
        if dup {
            continue;
        }
        ev.count_alloc(1)?;
        seen.push(kv);
        out.push(t.clone());
        let next = ev.apply(op.clone(), t)?;
        match next {
            Value::List(l) => queue.extend(l.iter().cloned()),
            Value::Unknown(u) => return Ok(Value::Unknown(u)),
            other => return Err(ev.type_error("a list", &other)),
        }
    }
    Ok(Value::list(out))
}
