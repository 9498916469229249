//! The nixpkgs `lib` functions that inventories use, implemented natively
//! with the exact semantics of nixpkgs lib (result order, which arguments are
//! forced and when, first-wins for duplicate names). The returned set, and
//! its `attrsets`/`lists`/`strings`/... subsets, are partial: every name not
//! implemented here selects to an unknown value instead of a missing
//! attribute, so an unsupported lib function never yields a wrong answer.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::builtins::{self, BuiltinDef, attrs_of, bool_of, int_of, known, list_of, str_of, string_like};
use super::ir::BinOp;
use super::value::*;
use super::{ErrorKind, Evaluator, R};

macro_rules! table {
    ($( $name:literal / $arity:literal => $f:expr ),* $(,)?) => {
        static DEFS: &[BuiltinDef] = &[ $( BuiltinDef { name: $name, arity: $arity, f: $f } ),* ];
    };
}

table! {
    // attrsets
    "genAttrs"/2 => l_gen_attrs,
    "genAttrs'"/2 => l_gen_attrs_prime,
    "getAttrs"/2 => l_get_attrs,
    "mapAttrs'"/2 => l_map_attrs_prime,
    "mapAttrsToList"/2 => l_map_attrs_to_list,
    "attrsToList"/1 => l_attrs_to_list,
    "filterAttrs"/2 => l_filter_attrs,
    "nameValuePair"/2 => |_, a| Ok(set(vec![("name", a[0].clone()), ("value", a[1].clone())])),
    "attrByPath"/3 => |ev, a| attr_by_path(ev, &a[0], a[1].clone(), &a[2]),
    "getAttrFromPath"/2 => l_get_attr_from_path,
    "hasAttrByPath"/2 => l_has_attr_by_path,
    "setAttrByPath"/2 => l_set_attr_by_path,
    "attrVals"/2 => l_attr_vals,
    "recursiveUpdate"/2 => l_recursive_update,
    "optionalAttrs"/2 => |ev, a| if known!(bool_of(ev, &a[0])) { ev.force(&a[1]) } else { Ok(set(Vec::new())) },
    "mapAttrsRecursive"/2 => |ev, a| map_attrs_rec(ev, None, a[0].clone(), Vec::new(), &a[1]),
    "mapAttrsRecursiveCond"/3 => |ev, a| map_attrs_rec(ev, Some(a[0].clone()), a[1].clone(), Vec::new(), &a[2]),
    "collect"/2 => l_collect,
    "concatMapAttrs"/2 => l_concat_map_attrs,
    "foldlAttrs"/3 => l_foldl_attrs,
    "mergeAttrsList"/1 => l_merge_attrs_list,
    "mergeAttrs"/2 => |ev, a| {
        let x = ev.force(&a[0])?;
        let y = ev.force(&a[1])?;
        ev.update(x, y)
    },
    // lists
    "optional"/2 => |ev, a| Ok(Value::list(if known!(bool_of(ev, &a[0])) { vec![a[1].clone()] } else { Vec::new() })),
    "optionals"/2 => |ev, a| if known!(bool_of(ev, &a[0])) { ev.force(&a[1]) } else { Ok(Value::list(Vec::new())) },
    "foldl'"/3 => l_foldl_strict,
    "foldl"/3 => l_foldl,
    "foldr"/3 => l_foldr,
    "flatten"/1 => l_flatten,
    "unique"/1 => l_unique,
    "toList"/1 => |ev, a| match ev.force(&a[0])? {
        v @ (Value::List(_) | Value::Unknown(_)) => Ok(v),
        _ => Ok(Value::list(vec![a[0].clone()])),
    },
    "singleton"/1 => |_, a| Ok(Value::list(vec![a[0].clone()])),
    "imap0"/2 => |ev, a| imap(ev, a, 0),
    "imap1"/2 => |ev, a| imap(ev, a, 1),
    "last"/1 => l_last,
    "init"/1 => l_init,
    "reverseList"/1 => |ev, a| {
        let l = known!(list_of(ev, &a[0]));
        ev.count_alloc(l.len())?;
        Ok(Value::list(l.iter().rev().cloned().collect()))
    },
    "range"/2 => l_range,
    "count"/2 => l_count,
    "take"/2 => |ev, a| sublist(ev, &Thunk::Val(Value::Int(0)), &a[0], &a[1]),
    "drop"/2 => l_drop,
    "sublist"/3 => |ev, a| sublist(ev, &a[0], &a[1], &a[2]),
    "subtractLists"/2 => |ev, a| filter_by_elem(ev, &a[0], &a[1], false),
    "intersectLists"/2 => |ev, a| filter_by_elem(ev, &a[0], &a[1], true),
    "remove"/2 => l_remove,
    "concat"/2 => |ev, a| {
        let x = ev.force(&a[0])?;
        let y = ev.force(&a[1])?;
        ev.binop_values(BinOp::Concat, x, y)
    },
    // strings
    "hasPrefix"/2 => |ev, a| affix_test(ev, &a[0], &a[1], true),
    "hasSuffix"/2 => |ev, a| affix_test(ev, &a[0], &a[1], false),
    "removePrefix"/2 => |ev, a| affix_remove(ev, &a[0], &a[1], true),
    "removeSuffix"/2 => |ev, a| affix_remove(ev, &a[0], &a[1], false),
    "hasInfix"/2 => l_has_infix,
    "splitString"/2 => l_split_string,
    "concatMapStrings"/2 => |ev, a| concat_mapped(ev, &Thunk::Val(Value::str("")), &a[0], &a[1]),
    "concatMapStringsSep"/3 => |ev, a| concat_mapped(ev, &a[0], &a[1], &a[2]),
    "optionalString"/2 => |ev, a| if known!(bool_of(ev, &a[0])) { ev.force(&a[1]) } else { Ok(Value::str("")) },
    "toUpper"/1 => |ev, a| Ok(Value::str(&known!(str_of(ev, &a[0])).to_ascii_uppercase())),
    "toLower"/1 => |ev, a| Ok(Value::str(&known!(str_of(ev, &a[0])).to_ascii_lowercase())),
    "stringToCharacters"/1 => l_string_to_characters,
    "escapeShellArg"/1 => l_escape_shell_arg,
    "versionOlder"/2 => |ev, a| Ok(Value::Bool(known!(version_older(ev, &a[0], &a[1])))),
    "versionAtLeast"/2 => |ev, a| Ok(Value::Bool(!known!(version_older(ev, &a[0], &a[1])))),
    "boolToString"/1 => |ev, a| Ok(Value::str(if known!(bool_of(ev, &a[0])) { "true" } else { "false" })),
    // trivial, asserts, fixed points
    "id"/1 => |ev, a| ev.force(&a[0]),
    "const"/2 => |ev, a| ev.force(&a[0]),
    "flip"/3 => |ev, a| {
        let f = ev.force(&a[0])?;
        ev.apply2(f, a[2].clone(), a[1].clone())
    },
    "pipe"/2 => l_pipe,
    "warnIf"/2 => |ev, a| warn_if(ev, a, true),
    "warnIfNot"/2 => |ev, a| warn_if(ev, a, false),
    "throwIf"/2 => |ev, a| throw_if(ev, a, true),
    "throwIfNot"/2 => |ev, a| throw_if(ev, a, false),
    "assertMsg"/2 => |ev, a| {
        if known!(bool_of(ev, &a[0])) {
            return Ok(Value::Bool(true));
        }
        ev.apply(builtins::value("throw"), a[1].clone())
    },
    "isFunction"/1 => |ev, a| {
        let v = ev.force(&a[0])?;
        is_function(ev, v)
    },
    "defaultTo"/2 => |ev, a| {
        let m = ev.force(&a[1])?;
        match ev.values_equal(&m, &Value::Null)? {
            Some(false) => Ok(m),
            Some(true) => ev.force(&a[0]),
            None => Ok(m),
        }
    },
    "min"/2 => |ev, a| min_max(ev, a, false),
    "max"/2 => |ev, a| min_max(ev, a, true),
    "fix"/1 => l_fix,
    // modules and options
    "mkOverride"/2 => |_, a| Ok(set(vec![("_type", str_thunk("override")), ("priority", a[0].clone()), ("content", a[1].clone())])),
    "mkOrder"/2 => |_, a| Ok(set(vec![("_type", str_thunk("order")), ("priority", a[0].clone()), ("content", a[1].clone())])),
    "mkIf"/2 => |_, a| Ok(set(vec![("_type", str_thunk("if")), ("condition", a[0].clone()), ("content", a[1].clone())])),
    "mkMerge"/1 => |_, a| Ok(set(vec![("_type", str_thunk("merge")), ("contents", a[0].clone())])),
    "mkOption"/1 => l_mk_option,
    "mkEnableOption"/1 => l_mk_enable_option,
    "mkRenamedOptionModule"/2 => |ev, _| Ok(Value::unknown("lib.mkRenamedOptionModule is not supported statically", ev.cur_span)),
}

/// A function of this table or of builtins, partially applied to constant
/// arguments (`mkDefault` is `mkOverride 1000`; no arguments: the function).
fn lib_fn(name: &str, args: Vec<Value>) -> Value {
    match DEFS.iter().find(|d| d.name == name).or_else(|| builtins::lookup(name)) {
        Some(def) => Value::Builtin(Rc::new(BuiltinApp { def, args: args.into_iter().map(Thunk::Val).collect() })),
        None => Value::unknown(format!("lib.{name} is not supported statically"), None),
    }
}

/// Names that nixpkgs lib takes directly from `builtins`.
const BUILTIN_ALIASES: &[&str] = &[
    "add",
    "addErrorContext",
    "all",
    "any",
    "attrNames",
    "attrValues",
    "bitAnd",
    "bitOr",
    "bitXor",
    "catAttrs",
    "ceil",
    "compareVersions",
    "concatLists",
    "concatMap",
    "concatStringsSep",
    "deepSeq",
    "div",
    "elem",
    "elemAt",
    "filter",
    "floor",
    "fromJSON",
    "functionArgs",
    "genList",
    "genericClosure",
    "getAttr",
    "groupBy",
    "hasAttr",
    "head",
    "intersectAttrs",
    "isAttrs",
    "isBool",
    "isFloat",
    "isInt",
    "isList",
    "isPath",
    "isString",
    "length",
    "lessThan",
    "listToAttrs",
    "map",
    "mapAttrs",
    "match",
    "mul",
    "partition",
    "pathExists",
    "readFile",
    "removeAttrs",
    "replaceStrings",
    "seq",
    "sort",
    "split",
    "splitVersion",
    "stringLength",
    "sub",
    "substring",
    "tail",
    "toJSON",
    "toString",
    "trace",
    "tryEval",
    "typeOf",
    "warn",
    "zipAttrsWith",
];

/// Which names each sub-library offers (as in nixpkgs lib; `lib.lists` has
/// list versions of `hasPrefix`/`removePrefix`, so they are not listed there).
const SUBLIBS: &[(&str, &[&str])] = &[
    (
        "attrsets",
        &[
            "attrByPath",
            "attrNames",
            "attrValues",
            "attrVals",
            "attrsToList",
            "catAttrs",
            "collect",
            "concatMapAttrs",
            "filterAttrs",
            "foldlAttrs",
            "genAttrs",
            "genAttrs'",
            "getAttr",
            "getAttrFromPath",
            "getAttrs",
            "hasAttr",
            "hasAttrByPath",
            "intersectAttrs",
            "isAttrs",
            "listToAttrs",
            "mapAttrs",
            "mapAttrs'",
            "mapAttrsRecursive",
            "mapAttrsRecursiveCond",
            "mapAttrsToList",
            "mergeAttrsList",
            "nameValuePair",
            "optionalAttrs",
            "recursiveUpdate",
            "removeAttrs",
            "setAttrByPath",
            "zipAttrsWith",
        ],
    ),
    (
        "lists",
        &[
            "all",
            "any",
            "concatLists",
            "concatMap",
            "count",
            "drop",
            "elem",
            "elemAt",
            "filter",
            "flatten",
            "foldl",
            "foldl'",
            "foldr",
            "genList",
            "groupBy",
            "head",
            "imap0",
            "imap1",
            "init",
            "intersectLists",
            "isList",
            "last",
            "length",
            "map",
            "optional",
            "optionals",
            "partition",
            "range",
            "remove",
            "reverseList",
            "singleton",
            "sort",
            "sublist",
            "subtractLists",
            "tail",
            "take",
            "toList",
            "unique",
        ],
    ),
    (
        "strings",
        &[
            "compareVersions",
            "concatMapStrings",
            "concatMapStringsSep",
            "concatStrings",
            "concatStringsSep",
            "elem",
            "elemAt",
            "escapeShellArg",
            "filter",
            "fromJSON",
            "genList",
            "hasInfix",
            "hasPrefix",
            "hasSuffix",
            "head",
            "isAttrs",
            "isInt",
            "isList",
            "isPath",
            "isString",
            "match",
            "optionalString",
            "readFile",
            "removePrefix",
            "removeSuffix",
            "replaceStrings",
            "split",
            "splitString",
            "stringLength",
            "stringToCharacters",
            "substring",
            "tail",
            "toJSON",
            "toLower",
            "toUpper",
            "typeOf",
            "versionAtLeast",
            "versionOlder",
        ],
    ),
    (
        "trivial",
        &[
            "add",
            "bitAnd",
            "bitOr",
            "bitXor",
            "boolToString",
            "ceil",
            "concat",
            "const",
            "deepSeq",
            "defaultTo",
            "div",
            "flip",
            "floor",
            "functionArgs",
            "genericClosure",
            "id",
            "isBool",
            "isFloat",
            "isFunction",
            "isInt",
            "lessThan",
            "max",
            "mergeAttrs",
            "min",
            "mul",
            "pathExists",
            "pipe",
            "readFile",
            "seq",
            "sub",
            "throwIf",
            "throwIfNot",
            "warn",
            "warnIf",
            "warnIfNot",
        ],
    ),
    (
        "modules",
        &[
            "mkAfter",
            "mkBefore",
            "mkDefault",
            "mkForce",
            "mkIf",
            "mkImageMediaOverride",
            "mkMerge",
            "mkOptionDefault",
            "mkOrder",
            "mkOverride",
            "mkRenamedOptionModule",
            "mkVMOverride",
        ],
    ),
    ("options", &["mkEnableOption", "mkOption"]),
    ("fixedPoints", &["fix"]),
    ("asserts", &["assertMsg"]),
    ("versions", &["compareVersions", "splitVersion"]),
];

/// A set whose names beyond `entries` are unknown (not supported here).
fn partial_set(entries: Vec<(Rc<str>, Thunk)>, reason: &str) -> Value {
    let mut a = Attrs::from_unsorted(entries);
    a.partial = Some(Partial { unknown: Rc::new(Unknown { reason: reason.into(), span: None }), can_shadow: false });
    Value::attrs(a)
}

pub fn make_lib(_ev: &mut Evaluator) -> Value {
    let mut fns: HashMap<&str, Value> = HashMap::new();
    for d in DEFS.iter() {
        fns.insert(d.name, builtins::builtin_value(d));
    }
    for n in BUILTIN_ALIASES {
        fns.insert(n, builtins::value(n));
    }
    for (n, p) in [
        ("mkDefault", 1000),
        ("mkForce", 50),
        ("mkOptionDefault", 1500),
        ("mkImageMediaOverride", 60),
        ("mkVMOverride", 10),
    ] {
        fns.insert(n, lib_fn("mkOverride", vec![Value::Int(p)]));
    }
    fns.insert("mkBefore", lib_fn("mkOrder", vec![Value::Int(500)]));
    fns.insert("mkAfter", lib_fn("mkOrder", vec![Value::Int(1500)]));
    fns.insert("concatStrings", lib_fn("concatStringsSep", vec![Value::str("")]));
    let mut entries: Vec<(Rc<str>, Thunk)> = fns.iter().map(|(n, v)| (Rc::from(*n), Thunk::Val(v.clone()))).collect();
    for (sub, names) in SUBLIBS {
        let sub_entries =
            names.iter().filter_map(|n| fns.get(n).map(|v| (Rc::from(*n), Thunk::Val(v.clone())))).collect();
        entries.push((
            Rc::from(*sub),
            Thunk::Val(partial_set(sub_entries, &format!("this lib.{sub} function is not supported statically"))),
        ));
    }
    entries.push((Rc::from("types"), Thunk::Val(super::types::types_value())));
    partial_set(entries, "this lib function is not supported statically")
}

// ---- helpers ------------------------------------------------------------------

fn str_thunk(s: &str) -> Thunk {
    Thunk::Val(Value::str(s))
}

fn set(pairs: Vec<(&str, Thunk)>) -> Value {
    Value::attrs(Attrs::from_unsorted(pairs.into_iter().map(|(n, t)| (Rc::from(n), t)).collect()))
}

fn partial_unknown(a: &Attrs) -> Option<Value> {
    a.partial.as_ref().map(|p| Value::Unknown(p.unknown.clone()))
}

/// A predicate's result: `Ok(bool)`, `Err(unknown)`, or a type error.
fn as_bool(ev: &Evaluator, v: Value) -> R<Result<bool, Value>> {
    match v {
        Value::Bool(b) => Ok(Ok(b)),
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        other => Err(ev.type_error("a Boolean", &other)),
    }
}

fn unknown_between(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Value::Unknown(u.clone()),
        _ => Value::unknown("comparison involves a value that is not statically known", None),
    }
}

/// `builtins.elem x list`: true as soon as one element is equal; unknown
/// when none is and some comparison is not known.
fn elem_in(ev: &mut Evaluator, x: &Thunk, list: &[Thunk]) -> R<Result<bool, Value>> {
    let mut unknown = None;
    for y in list {
        let xv = ev.force(x)?;
        let yv = ev.force(y)?;
        match ev.values_equal(&xv, &yv)? {
            Some(true) => return Ok(Ok(true)),
            Some(false) => {}
            None => unknown = Some(unknown_between(&xv, &yv)),
        }
    }
    Ok(match unknown {
        Some(u) => Err(u),
        None => Ok(false),
    })
}

/// How one side of a merge holds a name.
enum Side {
    Known(Thunk),
    Absent,
    Unknown(Rc<Unknown>),
}

fn side(a: &Attrs, name: &str) -> Side {
    match (a.get(name), &a.partial) {
        (Some(_), Some(p)) if p.can_shadow => Side::Unknown(p.unknown.clone()),
        (Some(t), _) => Side::Known(t.clone()),
        (None, Some(p)) => Side::Unknown(p.unknown.clone()),
        (None, None) => Side::Absent,
    }
}

/// Builds a set like `builtins.listToAttrs` from `{ name; value; }` sets that
/// are already forced: the first occurrence of a name wins. An element whose
/// name is unknown makes the set partial (shadowing the known names after it).
fn attrs_from_pairs(ev: &mut Evaluator, elems: Vec<Value>) -> R<Value> {
    let mut entries: Vec<(Rc<str>, Thunk)> = Vec::with_capacity(elems.len());
    let mut seen: rustc_hash::FxHashSet<Rc<str>> = Default::default();
    let mut unknown: Option<Rc<Unknown>> = None;
    let mut shadowed = false;
    ev.count_alloc(elems.len())?;
    for e in elems {
        let a = match &e {
            Value::Attrs(a) => a.clone(),
            Value::Unknown(u) => {
                unknown.get_or_insert_with(|| u.clone());
                continue;
            }
            other => return Err(ev.type_error("a set", other)),
        };
        let name = match ev.select_one(&e, "name")? {
            Value::Str(s) => s,
            Value::Unknown(u) => {
                unknown.get_or_insert_with(|| u.clone());
                continue;
            }
            other => return Err(ev.type_error("a string", &other)),
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        let value = match side(&a, "value") {
            Side::Known(t) => t,
            Side::Unknown(u) => Thunk::Val(Value::Unknown(u)),
            Side::Absent => return Err(ev.err(ErrorKind::MissingAttr, "attribute 'value' missing")),
        };
        if unknown.is_some() {
            shadowed = true;
        }
        entries.push((name, value));
    }
    let mut attrs = Attrs::from_unsorted(entries);
    attrs.partial = unknown.map(|u| Partial { unknown: u, can_shadow: shadowed });
    Ok(Value::attrs(attrs))
}

// ---- attrsets -----------------------------------------------------------------

/// `genAttrs names f`: values are `f name`, unevaluated; `f` itself is not
/// forced.
fn gen_attrs_with(ev: &mut Evaluator, names: &Thunk, value: impl Fn(Rc<str>) -> Thunk) -> R<Value> {
    let l = known!(list_of(ev, names));
    ev.count_alloc(l.len())?;
    let mut entries = Vec::with_capacity(l.len());
    for t in l.iter() {
        let n = known!(str_of(ev, t));
        entries.push((n.clone(), value(n)));
    }
    // from_unsorted keeps the first of equal names, as listToAttrs does.
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

fn l_gen_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = a[1].clone();
    gen_attrs_with(ev, &a[0], |n| {
        let f = f.clone();
        let arg = Thunk::Val(Value::Str(n));
        Thunk::native(move |ev| {
            let fv = ev.force(&f)?;
            ev.apply(fv, arg.clone())
        })
    })
}

fn l_get_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = a[1].clone();
    gen_attrs_with(ev, &a[0], |n| Thunk::lazy(ThunkState::Select(Box::new((s.clone(), n, None)))))
}

fn l_gen_attrs_prime(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    let mut elems = Vec::with_capacity(l.len());
    if !l.is_empty() {
        let f = ev.force(&a[1])?;
        for t in l.iter() {
            elems.push(ev.apply(f.clone(), t.clone())?);
        }
    }
    attrs_from_pairs(ev, elems)
}

fn l_map_attrs_prime(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(attrs_of(ev, &a[1]));
    if let Some(u) = partial_unknown(&s) {
        return Ok(u);
    }
    let mut elems = Vec::with_capacity(s.len());
    if !s.is_empty() {
        let f = ev.force(&a[0])?;
        for (n, v) in &s.entries {
            elems.push(ev.apply2(f.clone(), Thunk::Val(Value::Str(n.clone())), v.clone())?);
        }
    }
    attrs_from_pairs(ev, elems)
}

fn map_attrs_to_list(ev: &mut Evaluator, f: &Thunk, s: &Thunk) -> R<Value> {
    let s = known!(attrs_of(ev, s));
    if let Some(u) = partial_unknown(&s) {
        return Ok(u);
    }
    ev.count_alloc(s.len())?;
    let mut out = Vec::with_capacity(s.len());
    for (n, v) in &s.entries {
        let (f, n, v) = (f.clone(), n.clone(), v.clone());
        out.push(Thunk::native(move |ev| {
            let fv = ev.force(&f)?;
            ev.apply2(fv, Thunk::Val(Value::Str(n.clone())), v.clone())
        }));
    }
    Ok(Value::list(out))
}

fn l_map_attrs_to_list(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    map_attrs_to_list(ev, &a[0], &a[1])
}

fn l_attrs_to_list(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    map_attrs_to_list(ev, &Thunk::Val(lib_fn("nameValuePair", Vec::new())), &a[0])
}

fn l_filter_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(attrs_of(ev, &a[1]));
    // Known names of a set whose unknown part cannot shadow them are filtered
    // as usual; the unknown part stays unknown.
    let inherited = match &s.partial {
        Some(p) if p.can_shadow => return Ok(Value::Unknown(p.unknown.clone())),
        Some(p) => Some(p.unknown.clone()),
        None => None,
    };
    if s.is_empty() {
        return Ok(Value::Attrs(s));
    }
    let pred = ev.force(&a[0])?;
    let mut entries = Vec::with_capacity(s.len());
    let mut unknown = None;
    for (n, v) in &s.entries {
        let r = ev.apply2(pred.clone(), Thunk::Val(Value::Str(n.clone())), v.clone())?;
        match as_bool(ev, r)? {
            Ok(true) => entries.push((n.clone(), v.clone())),
            Ok(false) => {}
            // Whether the name stays is unknown: leave it out of the known
            // part; the partial part answers for it.
            Err(Value::Unknown(u)) => unknown = Some(u),
            Err(_) => {}
        }
    }
    let unknown = unknown.or(inherited);
    Ok(Value::attrs(Attrs {
        origin: None,
        entries,
        partial: unknown.map(|u| Partial { unknown: u, can_shadow: false }),
    }))
}

/// `attrByPath path default set`; `default` is forced only when needed.
fn attr_by_path(ev: &mut Evaluator, path: &Thunk, default: Thunk, s: &Thunk) -> R<Value> {
    let path = known!(list_of(ev, path));
    let mut cur = ev.force(s)?;
    for t in path.iter() {
        let a = match &cur {
            Value::Attrs(a) => a.clone(),
            Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
            _ => {
                // `s ? x` on a non-set is false, but the name is still forced.
                known!(str_of(ev, t));
                return ev.force(&default);
            }
        };
        let name = known!(str_of(ev, t));
        match side(&a, &name) {
            Side::Known(v) => cur = ev.force(&v)?,
            Side::Absent => return ev.force(&default),
            Side::Unknown(u) => return Ok(Value::Unknown(u)),
        }
    }
    Ok(cur)
}

fn l_get_attr_from_path(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let path = a[0].clone();
    let default = Thunk::native(move |ev| {
        let l = known!(list_of(ev, &path));
        let mut names = Vec::with_capacity(l.len());
        for t in l.iter() {
            names.push(known!(str_of(ev, t)).to_string());
        }
        Err(ev.err(
            ErrorKind::Abort,
            format!(
                "evaluation aborted with the following error message: 'cannot find attribute '{}''",
                names.join(".")
            ),
        ))
    });
    attr_by_path(ev, &a[0], default, &a[1])
}

fn l_has_attr_by_path(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let path = known!(list_of(ev, &a[0]));
    if path.is_empty() {
        return Ok(Value::Bool(true));
    }
    let mut cur = ev.force(&a[1])?;
    for (i, t) in path.iter().enumerate() {
        let at = match &cur {
            Value::Attrs(at) => at.clone(),
            Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
            _ => {
                known!(str_of(ev, t));
                return Ok(Value::Bool(false));
            }
        };
        let name = known!(str_of(ev, t));
        let last = i + 1 == path.len();
        match side(&at, &name) {
            // The last value is not forced: only its presence counts.
            _ if last && at.get(&name).is_some() => return Ok(Value::Bool(true)),
            Side::Known(v) => cur = ev.force(&v)?,
            Side::Absent => return Ok(Value::Bool(false)),
            Side::Unknown(u) => return Ok(Value::Unknown(u)),
        }
    }
    Ok(Value::Bool(true))
}

/// `setAttrByPath path value` from depth `n`: each level is built lazily.
fn set_at_depth(ev: &mut Evaluator, path: Rc<Vec<Thunk>>, n: usize, value: Thunk) -> R<Value> {
    if n == path.len() {
        return ev.force(&value);
    }
    let name = match ev.force(&path[n])? {
        Value::Str(s) => s,
        // `{ ${null} = ...; }` is the empty set.
        Value::Null => return Ok(set(Vec::new())),
        Value::Unknown(u) => return Ok(Value::Unknown(u)),
        other => return Err(ev.type_error("a string", &other)),
    };
    let inner = Thunk::native(move |ev| set_at_depth(ev, path.clone(), n + 1, value.clone()));
    Ok(Value::attrs(Attrs { origin: None, entries: vec![(name, inner)], partial: None }))
}

fn l_set_attr_by_path(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let path = known!(list_of(ev, &a[0]));
    set_at_depth(ev, path, 0, a[1].clone())
}

fn l_attr_vals(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let names = known!(list_of(ev, &a[0]));
    ev.count_alloc(names.len())?;
    let s = a[1].clone();
    Ok(Value::list(
        names
            .iter()
            .map(|n| {
                let (n, s) = (n.clone(), s.clone());
                Thunk::native(move |ev| {
                    let sv = ev.force(&s)?;
                    let name = known!(str_of(ev, &n));
                    ev.select_one(&sv, &name)
                })
            })
            .collect(),
    ))
}

fn l_recursive_update(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    // nixpkgs zips `[ rhs lhs ]`: the right side is forced first.
    let rhs = ev.force(&a[1])?;
    let lhs = ev.force(&a[0])?;
    recursive_update(ev, lhs, rhs)
}

/// Names in both sets whose values are both sets merge recursively; any
/// other name takes the right value. Values are merged only when forced.
fn recursive_update(ev: &mut Evaluator, lhs: Value, rhs: Value) -> R<Value> {
    let r = match rhs {
        Value::Attrs(r) => r,
        Value::Unknown(u) => return Ok(Value::Unknown(u)),
        other => return Err(ev.type_error("a set", &other)),
    };
    let l = match lhs {
        Value::Attrs(l) => l,
        Value::Unknown(u) => return Ok(Value::Unknown(u)),
        other => return Err(ev.type_error("a set", &other)),
    };
    ev.count_alloc(l.len() + r.len())?;
    let mut names: Vec<Rc<str>> = l.names().chain(r.names()).cloned().collect();
    names.sort_by(|x, y| x.as_bytes().cmp(y.as_bytes()));
    names.dedup();
    let mut entries = Vec::with_capacity(names.len());
    for n in names {
        let t = match (side(&l, &n), side(&r, &n)) {
            (Side::Known(x), Side::Known(y)) => Thunk::native(move |ev| {
                let xv = ev.force(&x)?;
                match xv {
                    Value::Attrs(_) => {
                        let yv = ev.force(&y)?;
                        match yv {
                            Value::Attrs(_) => recursive_update(ev, xv.clone(), yv),
                            other => Ok(other),
                        }
                    }
                    Value::Unknown(u) => right_unless_set(ev, &y, u),
                    _ => ev.force(&y),
                }
            }),
            (Side::Known(x), Side::Absent) => x,
            (Side::Absent, Side::Known(y)) => y,
            // The left side may or may not hold the name: a right value that
            // is not a set wins either way.
            (Side::Unknown(u), Side::Known(y)) => Thunk::native(move |ev| right_unless_set(ev, &y, u.clone())),
            (Side::Unknown(u), _) | (_, Side::Unknown(u)) => Thunk::Val(Value::Unknown(u)),
            (Side::Absent, Side::Absent) => continue,
        };
        entries.push((n, t));
    }
    let partial =
        r.partial.as_ref().or(l.partial.as_ref()).map(|p| Partial { unknown: p.unknown.clone(), can_shadow: false });
    Ok(Value::attrs(Attrs { origin: None, entries, partial }))
}

fn right_unless_set(ev: &mut Evaluator, y: &Thunk, u: Rc<Unknown>) -> R<Value> {
    match ev.force(y)? {
        Value::Attrs(_) => Ok(Value::Unknown(u)),
        other => Ok(other),
    }
}

/// `mapAttrsRecursiveCond cond f set` (`cond` absent: always recurse).
fn map_attrs_rec(ev: &mut Evaluator, cond: Option<Thunk>, f: Thunk, path: Vec<Thunk>, s: &Thunk) -> R<Value> {
    let s = known!(attrs_of(ev, s));
    ev.count_alloc(s.len())?;
    let mut entries = Vec::with_capacity(s.len());
    for (n, v) in &s.entries {
        let mut p = path.clone();
        p.push(Thunk::Val(Value::Str(n.clone())));
        let (cond, f, v) = (cond.clone(), f.clone(), v.clone());
        let t = Thunk::native(move |ev| {
            let vv = ev.force(&v)?;
            let recurse = match &vv {
                Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
                Value::Attrs(_) => match &cond {
                    None => true,
                    Some(c) => {
                        let cf = ev.force(c)?;
                        let r = ev.apply(cf, Thunk::Val(vv.clone()))?;
                        match as_bool(ev, r)? {
                            Ok(b) => b,
                            Err(u) => return Ok(u),
                        }
                    }
                },
                _ => false,
            };
            if recurse {
                map_attrs_rec(ev, cond.clone(), f.clone(), p.clone(), &Thunk::Val(vv))
            } else {
                let fv = ev.force(&f)?;
                ev.apply2(fv, Thunk::Val(Value::list(p.clone())), v.clone())
            }
        });
        entries.push((n.clone(), t));
    }
    let partial = s.partial.as_ref().map(|p| Partial { unknown: p.unknown.clone(), can_shadow: p.can_shadow });
    Ok(Value::attrs(Attrs { origin: None, entries, partial }))
}

fn l_collect(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let pred = ev.force(&a[0])?;
    let mut out = Vec::new();
    if let Err(u) = collect_rec(ev, &pred, &a[1], &mut out)? {
        return Ok(u);
    }
    Ok(Value::list(out))
}

fn collect_rec(ev: &mut Evaluator, pred: &Value, v: &Thunk, out: &mut Vec<Thunk>) -> R<Result<(), Value>> {
    let r = ev.apply(pred.clone(), v.clone())?;
    match as_bool(ev, r)? {
        Err(u) => return Ok(Err(u)),
        Ok(true) => {
            ev.count_alloc(1)?;
            out.push(v.clone());
            return Ok(Ok(()));
        }
        Ok(false) => {}
    }
    match ev.force(v)? {
        Value::Attrs(s) => {
            if let Some(u) = partial_unknown(&s) {
                return Ok(Err(u));
            }
            for (_, x) in &s.entries {
                if let Err(u) = collect_rec(ev, pred, x, out)? {
                    return Ok(Err(u));
                }
            }
            Ok(Ok(()))
        }
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        _ => Ok(Ok(())),
    }
}

fn l_concat_map_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(attrs_of(ev, &a[1]));
    if let Some(u) = partial_unknown(&s) {
        return Ok(u);
    }
    let mut acc = set(Vec::new());
    if s.is_empty() {
        return Ok(acc);
    }
    let f = ev.force(&a[0])?;
    for (n, v) in &s.entries {
        let r = ev.apply2(f.clone(), Thunk::Val(Value::Str(n.clone())), v.clone())?;
        acc = ev.update(acc, r)?;
    }
    Ok(acc)
}

fn l_foldl_attrs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    // lib's foldl' forces the initial accumulator first.
    let mut acc = ev.force(&a[1])?;
    let s = known!(attrs_of(ev, &a[2]));
    if let Some(u) = partial_unknown(&s) {
        return Ok(u);
    }
    if s.is_empty() {
        return Ok(acc);
    }
    let f = ev.force(&a[0])?;
    for (n, v) in &s.entries {
        let g = ev.apply2(f.clone(), Thunk::Val(acc), Thunk::Val(Value::Str(n.clone())))?;
        acc = ev.apply(g, v.clone())?;
    }
    Ok(acc)
}

fn l_merge_attrs_list(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    if l.is_empty() {
        return Ok(set(Vec::new()));
    }
    binary_merge(ev, &l, 0, l.len())
}

/// nixpkgs merges halves pairwise; a one-element list is returned as is.
fn binary_merge(ev: &mut Evaluator, l: &[Thunk], start: usize, end: usize) -> R<Value> {
    if end - start == 1 {
        return ev.force(&l[start]);
    }
    let mid = (start + end) / 2;
    let x = binary_merge(ev, l, start, mid)?;
    let y = binary_merge(ev, l, mid, end)?;
    ev.update(x, y)
}

// ---- lists --------------------------------------------------------------------

fn l_foldl_strict(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    // lib's foldl' forces the initial accumulator even for a non-empty list;
    // builtins.foldl' then checks the function even for an empty list.
    let mut acc = ev.force(&a[1])?;
    let f = known!(builtins::fn_of(ev, &a[0]));
    let l = known!(list_of(ev, &a[2]));
    for t in l.iter() {
        acc = ev.apply2(f.clone(), Thunk::Val(acc), t.clone())?;
    }
    Ok(acc)
}

fn l_foldl(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[2]));
    if l.is_empty() {
        return ev.force(&a[1]);
    }
    let f = ev.force(&a[0])?;
    ev.count_alloc(l.len())?;
    // The accumulator stays lazy: `op` decides what it forces.
    let mut acc = a[1].clone();
    for t in l.iter() {
        acc = Thunk::lazy(ThunkState::Apply2(Box::new((f.clone(), acc, t.clone()))));
    }
    ev.force(&acc)
}

fn l_foldr(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[2]));
    if l.is_empty() {
        return ev.force(&a[1]);
    }
    let f = ev.force(&a[0])?;
    ev.count_alloc(l.len())?;
    let mut acc = a[1].clone();
    for t in l.iter().rev() {
        acc = Thunk::lazy(ThunkState::Apply2(Box::new((f.clone(), t.clone(), acc))));
    }
    ev.force(&acc)
}

fn flatten_into(ev: &mut Evaluator, t: &Thunk, out: &mut Vec<Thunk>) -> R<Result<(), Value>> {
    match ev.force(t)? {
        Value::List(l) => {
            for x in l.iter() {
                if let Err(u) = flatten_into(ev, x, out)? {
                    return Ok(Err(u));
                }
            }
            Ok(Ok(()))
        }
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        v => {
            ev.count_alloc(1)?;
            out.push(Thunk::Val(v));
            Ok(Ok(()))
        }
    }
}

fn l_flatten(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let mut out = Vec::new();
    known!(flatten_into(ev, &a[0], &mut out));
    Ok(Value::list(out))
}

fn l_unique(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    let mut out: Vec<Thunk> = Vec::new();
    for t in l.iter() {
        if !known!(elem_in(ev, t, &out)) {
            out.push(t.clone());
        }
    }
    Ok(Value::list(out))
}

fn imap(ev: &mut Evaluator, a: &[Thunk], base: i64) -> R<Value> {
    let l = known!(list_of(ev, &a[1]));
    ev.count_alloc(l.len())?;
    let f = a[0].clone();
    Ok(Value::list(
        l.iter()
            .enumerate()
            .map(|(i, t)| {
                let (f, t) = (f.clone(), t.clone());
                let n = Thunk::Val(Value::Int(i as i64 + base));
                Thunk::native(move |ev| {
                    let fv = ev.force(&f)?;
                    ev.apply2(fv, n.clone(), t.clone())
                })
            })
            .collect(),
    ))
}

fn l_last(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    match l.last() {
        Some(t) => {
            let t = t.clone();
            ev.force(&t)
        }
        None => Err(ev.err(ErrorKind::Throw, "lists.last: list must not be empty!")),
    }
}

fn l_init(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[0]));
    if l.is_empty() {
        return Err(ev.err(ErrorKind::Throw, "lists.init: list must not be empty!"));
    }
    ev.count_alloc(l.len())?;
    Ok(Value::list(l[..l.len() - 1].to_vec()))
}

fn l_range(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let first = ev.force(&a[0])?;
    let last = ev.force(&a[1])?;
    match ev.binop_values(BinOp::Gt, first.clone(), last.clone())? {
        Value::Bool(true) => return Ok(Value::list(Vec::new())),
        Value::Unknown(u) => return Ok(Value::Unknown(u)),
        _ => {}
    }
    let (Value::Int(x), Value::Int(y)) = (&first, &last) else {
        // nixpkgs passes the float difference to genList, which rejects it.
        let float = if matches!(first, Value::Float(_)) { &first } else { &last };
        return Err(ev.type_error("an integer", float));
    };
    let (x, y) = (*x, *y);
    let n = y
        .checked_sub(x)
        .and_then(|d| d.checked_add(1))
        .ok_or_else(|| ev.err(ErrorKind::Overflow, format!("integer overflow in lib.range {x} {y}")))?;
    ev.count_alloc(n as usize)?;
    Ok(Value::list((0..n).map(|i| Thunk::Val(Value::Int(x + i))).collect()))
}

fn l_count(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[1]));
    if l.is_empty() {
        return Ok(Value::Int(0));
    }
    let pred = ev.force(&a[0])?;
    let mut n = 0;
    for t in l.iter() {
        let r = ev.apply(pred.clone(), t.clone())?;
        if known!(as_bool(ev, r)) {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn l_drop(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[1]));
    sublist(ev, &a[0], &Thunk::Val(Value::Int(l.len() as i64)), &a[1])
}

/// `sublist start count list`, with nixpkgs' clamping; positions outside the
/// list fail only when their element is forced.
fn sublist(ev: &mut Evaluator, start: &Thunk, count: &Thunk, list: &Thunk) -> R<Value> {
    let start = known!(int_of(ev, start));
    let l = known!(list_of(ev, list));
    let len = l.len() as i64;
    let size = if start >= len {
        0
    } else {
        let count = known!(int_of(ev, count));
        match start.checked_add(count) {
            Some(end) if end > len => len - start,
            Some(_) => count,
            None => {
                return Err(ev.err(ErrorKind::Overflow, format!("integer overflow in adding {start} + {count}")));
            }
        }
    };
    if size < 0 {
        return Err(ev.err(ErrorKind::Other, format!("cannot create list of size {size}")));
    }
    ev.count_alloc(size as usize)?;
    Ok(Value::list(
        (0..size)
            .map(|n| {
                let i = n + start;
                if (0..len).contains(&i) {
                    l[i as usize].clone()
                } else {
                    Thunk::native(move |ev| {
                        Err(ev.err(ErrorKind::IndexOutOfBounds, format!("list index {i} is out of bounds")))
                    })
                }
            })
            .collect(),
    ))
}

/// `subtractLists e list` (`keep == false`) and `intersectLists e list`.
fn filter_by_elem(ev: &mut Evaluator, e: &Thunk, list: &Thunk, keep: bool) -> R<Value> {
    let l = known!(list_of(ev, list));
    let mut out = Vec::new();
    for t in l.iter() {
        let ev_list = known!(list_of(ev, e));
        if known!(elem_in(ev, t, &ev_list)) == keep {
            out.push(t.clone());
        }
    }
    Ok(Value::list(out))
}

fn l_remove(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let l = known!(list_of(ev, &a[1]));
    let mut out = Vec::new();
    for t in l.iter() {
        let x = ev.force(t)?;
        let e = ev.force(&a[0])?;
        match ev.values_equal(&x, &e)? {
            Some(true) => {}
            Some(false) => out.push(t.clone()),
            None => return Ok(unknown_between(&x, &e)),
        }
    }
    Ok(Value::list(out))
}

// ---- strings ------------------------------------------------------------------

/// The affix argument of `hasPrefix` and friends: a path would be copied to
/// the store (with a warning), which is not statically known.
fn affix_arg(ev: &mut Evaluator, t: &Thunk) -> R<Result<(Value, String), Value>> {
    let v = ev.force(t)?;
    if let Value::Path(p) = &v {
        return Ok(Err(Value::unknown(
            format!(
                "the path {} would be copied to the Nix store; its store path is not statically known",
                p.display()
            ),
            ev.cur_span,
        )));
    }
    match ev.coerce_to_string(&v, false, false)? {
        Ok(s) => Ok(Ok((v, s))),
        Err(u) => Ok(Err(u)),
    }
}

/// `hasPrefix`/`hasSuffix`: the cut part of `s` must equal the affix value
/// (a coercible set is never equal to a string).
fn affix_test(ev: &mut Evaluator, affix: &Thunk, s: &Thunk, prefix: bool) -> R<Value> {
    let (av, astr) = known!(affix_arg(ev, affix));
    let sv = known!(string_like(ev, s));
    let matches =
        if prefix { sv.as_bytes().starts_with(astr.as_bytes()) } else { sv.as_bytes().ends_with(astr.as_bytes()) };
    Ok(Value::Bool(matches && matches!(av, Value::Str(_))))
}

fn affix_remove(ev: &mut Evaluator, affix: &Thunk, s: &Thunk, prefix: bool) -> R<Value> {
    let (av, astr) = known!(affix_arg(ev, affix));
    let original = ev.force(s)?;
    let sv = known!(ev.coerce_to_string(&original, false, false));
    if !matches!(av, Value::Str(_)) {
        return Ok(original);
    }
    let rest = if prefix { sv.strip_prefix(astr.as_str()) } else { sv.strip_suffix(astr.as_str()) };
    Ok(match rest {
        Some(r) => Value::str(r),
        None => original,
    })
}

fn l_has_infix(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    // The infix is escaped with replaceStrings: it must be a string.
    let (_, i) = known!(affix_arg(ev, &a[0]));
    known!(str_of(ev, &a[0]));
    let c = known!(string_like(ev, &a[1]));
    Ok(Value::Bool(c.contains(&*i)))
}

fn l_split_string(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let sepv = ev.force(&a[0])?;
    let sep = known!(ev.coerce_to_string(&sepv, true, true));
    let sv = ev.force(&a[1])?;
    let s = known!(ev.coerce_to_string(&sv, true, true));
    if sep.is_empty() && !s.is_ascii() {
        // An empty separator splits between bytes, cutting UTF-8 sequences.
        return Ok(Value::unknown(
            "splitString with an empty separator on a non-ASCII string yields invalid UTF-8",
            ev.cur_span,
        ));
    }
    // Each piece gets the context of the input (`substring 0 0 s + piece`,
    // lazily): that coerces `s` without toString's extensions.
    let piece: Box<dyn Fn(&str) -> Thunk> = match ev.coerce_to_string(&sv, false, false) {
        Ok(Ok(_)) => Box::new(str_thunk),
        Ok(Err(u)) => Box::new(move |_| Thunk::Val(u.clone())),
        Err(e) => Box::new(move |_| {
            let e = e.clone();
            Thunk::native(move |_| Err(e.clone()))
        }),
    };
    let parts: Vec<Thunk> = s.split(sep.as_str()).map(piece).collect();
    ev.count_alloc(parts.len())?;
    Ok(Value::list(parts))
}

fn concat_mapped(ev: &mut Evaluator, sep: &Thunk, f: &Thunk, list: &Thunk) -> R<Value> {
    let l = known!(list_of(ev, list));
    ev.count_alloc(l.len())?;
    let mapped: Vec<Thunk> = l
        .iter()
        .map(|t| {
            let (f, t) = (f.clone(), t.clone());
            Thunk::native(move |ev| {
                let fv = ev.force(&f)?;
                ev.apply(fv, t.clone())
            })
        })
        .collect();
    ev.apply2(builtins::value("concatStringsSep"), sep.clone(), Thunk::Val(Value::list(mapped)))
}

fn l_string_to_characters(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(string_like(ev, &a[0]));
    ev.count_alloc(s.len())?;
    Ok(Value::list(
        s.bytes()
            .map(|b| {
                if b.is_ascii() {
                    Thunk::Val(Value::str(&(b as char).to_string()))
                } else {
                    Thunk::Val(Value::unknown(
                        "stringToCharacters splits bytes; this piece of a UTF-8 character is not a valid string",
                        None,
                    ))
                }
            })
            .collect(),
    ))
}

fn l_escape_shell_arg(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let v = ev.force(&a[0])?;
    let s = known!(ev.coerce_to_string(&v, true, true));
    let safe = |c: char| c.is_ascii_alphanumeric() || ",._+:@%/-".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        return Ok(Value::str(&s));
    }
    Ok(Value::str(&format!("'{}'", s.replace('\'', "'\\''"))))
}

/// `versionOlder v1 v2` is `compareVersions v2 v1 == 1`.
fn version_older(ev: &mut Evaluator, v1: &Thunk, v2: &Thunk) -> R<Result<bool, Value>> {
    match ev.apply2(builtins::value("compareVersions"), v2.clone(), v1.clone())? {
        Value::Int(c) => Ok(Ok(c == 1)),
        Value::Unknown(u) => Ok(Err(Value::Unknown(u))),
        other => Err(ev.type_error("an integer", &other)),
    }
}

// ---- trivial --------------------------------------------------------------------

fn l_pipe(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let fs = known!(list_of(ev, &a[1]));
    let mut acc = a[0].clone();
    for f in fs.iter() {
        let fv = ev.force(f)?;
        acc = Thunk::Val(ev.apply(fv, acc)?);
    }
    ev.force(&acc)
}

fn id_value() -> Value {
    lib_fn("id", Vec::new())
}

fn warn_if(ev: &mut Evaluator, a: &[Thunk], when: bool) -> R<Value> {
    if known!(bool_of(ev, &a[0])) == when { ev.apply(builtins::value("warn"), a[1].clone()) } else { Ok(id_value()) }
}

fn throw_if(ev: &mut Evaluator, a: &[Thunk], when: bool) -> R<Value> {
    if known!(bool_of(ev, &a[0])) == when { ev.apply(builtins::value("throw"), a[1].clone()) } else { Ok(id_value()) }
}

/// lib's `isFunction` also accepts sets whose `__functor` yields a function.
fn is_function(ev: &mut Evaluator, v: Value) -> R<Value> {
    match &v {
        Value::Lambda(_) | Value::Builtin(_) => Ok(Value::Bool(true)),
        Value::Unknown(u) => Ok(Value::Unknown(u.clone())),
        Value::Attrs(s) => match side(s, "__functor") {
            Side::Known(f) => {
                let fv = ev.force(&f)?;
                let g = ev.apply(fv, Thunk::Val(v.clone()))?;
                is_function(ev, g)
            }
            Side::Absent => Ok(Value::Bool(false)),
            Side::Unknown(u) => Ok(Value::Unknown(u)),
        },
        _ => Ok(Value::Bool(false)),
    }
}

fn min_max(ev: &mut Evaluator, a: &[Thunk], max: bool) -> R<Value> {
    let x = ev.force(&a[0])?;
    let y = ev.force(&a[1])?;
    let op = if max { BinOp::Gt } else { BinOp::Lt };
    match ev.binop_values(op, x.clone(), y.clone())? {
        Value::Bool(true) => Ok(x),
        Value::Bool(false) => Ok(y),
        other => Ok(other),
    }
}

fn l_fix(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let f = ev.force(&a[0])?;
    // `let x = f x; in x`: a thunk applied to itself.
    let cell = Rc::new(RefCell::new(ThunkState::Blackhole));
    let x = Thunk::Lazy(cell.clone());
    *cell.borrow_mut() = ThunkState::Apply(Box::new((f, x.clone())));
    ev.force(&x)
}

// ---- options ------------------------------------------------------------------

const MK_OPTION_ARGS: &[&str] = &[
    "apply",
    "default",
    "defaultText",
    "description",
    "example",
    "internal",
    "readOnly",
    "relatedPackages",
    "type",
    "visible",
];

fn l_mk_option(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let s = known!(attrs_of(ev, &a[0]));
    for n in s.names() {
        if !MK_OPTION_ARGS.contains(&&**n) {
            return Err(
                ev.err(ErrorKind::UnexpectedArg, format!("function 'mkOption' called with unexpected argument '{n}'"))
            );
        }
    }
    ev.update(Value::Attrs(s), set(vec![("_type", str_thunk("option"))]))
}

fn l_mk_enable_option(_ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let name = a[0].clone();
    let description = Thunk::native(move |ev| {
        let v = ev.force(&name)?;
        let n = known!(ev.coerce_to_string(&v, false, false));
        Ok(Value::str(&format!("Whether to enable {n}.")))
    });
    Ok(set(vec![
        ("_type", str_thunk("option")),
        ("default", Thunk::Val(Value::Bool(false))),
        ("example", Thunk::Val(Value::Bool(true))),
        ("description", description),
        ("type", Thunk::Val(Value::unknown("lib.types is not supported statically", None))),
    ]))
}
