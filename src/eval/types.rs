//! `lib.types`, as plain descriptions the module layer reads: every type is
//! `{ _type = "option-type"; name = …; }`, with `elemType` for the container
//! types, `modules` for submodules and `left`/`right` for `either`. Types
//! not listed here are unknown (and so are options declared with them).

use std::rc::Rc;

use super::builtins::{BuiltinDef, builtin_value};
use super::value::*;
use super::{Evaluator, R};

fn desc(name: &str, extra: Vec<(&str, Thunk)>) -> Value {
    let mut e: Vec<(Rc<str>, Thunk)> = vec![
        (Rc::from("_type"), Thunk::Val(Value::str("option-type"))),
        (Rc::from("name"), Thunk::Val(Value::str(name))),
        // nixpkgs' types carry functions (`check`, `merge`); so does this
        // description, which keeps it out of JSON as in Nix.
        (Rc::from("check"), Thunk::Val(builtin_value(&CHECK))),
    ];
    e.extend(extra.into_iter().map(|(k, v)| (Rc::from(k), v)));
    Value::attrs(Attrs::from_unsorted(e))
}

macro_rules! container {
    ($id:ident, $name:literal) => {
        static $id: BuiltinDef =
            BuiltinDef { name: $name, arity: 1, f: |_, a| Ok(desc($name, vec![("elemType", a[0].clone())])) };
    };
}
container!(LIST_OF, "listOf");
container!(ATTRS_OF, "attrsOf");
container!(LAZY_ATTRS_OF, "lazyAttrsOf");
container!(NULL_OR, "nullOr");
container!(UNIQ, "uniq");
container!(UNIQUE, "unique");
container!(FUNCTION_TO, "functionTo");
static CHECK: BuiltinDef = BuiltinDef {
    name: "check",
    arity: 1,
    f: |_, _| Ok(Value::unknown("lib.types checks are not evaluated by clan-inv", None)),
};
static ENUM: BuiltinDef =
    BuiltinDef { name: "enum", arity: 1, f: |_, a| Ok(desc("enum", vec![("values", a[0].clone())])) };
static STR_MATCHING: BuiltinDef =
    BuiltinDef { name: "strMatching", arity: 1, f: |_, a| Ok(desc("strMatching", vec![("pattern", a[0].clone())])) };
static SUBMODULE: BuiltinDef = BuiltinDef { name: "submodule", arity: 1, f: submodule };
static SUBMODULE_WITH: BuiltinDef = BuiltinDef { name: "submoduleWith", arity: 1, f: submodule_with };
static EITHER: BuiltinDef = BuiltinDef {
    name: "either",
    arity: 2,
    f: |_, a| Ok(desc("either", vec![("left", a[0].clone()), ("right", a[1].clone())])),
};
static ONE_OF: BuiltinDef =
    BuiltinDef { name: "oneOf", arity: 1, f: |_, a| Ok(desc("oneOf", vec![("types", a[0].clone())])) };

fn submodule(_ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    // `submodule m`: one module, or a list of them.
    Ok(desc("submodule", vec![("modules", a[0].clone())]))
}

fn submodule_with(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let m = match ev.force(&a[0])? {
        Value::Attrs(s) => s.get("modules").cloned().unwrap_or(Thunk::Val(Value::list(vec![]))),
        _ => Thunk::Val(Value::list(vec![])),
    };
    Ok(desc("submodule", vec![("modules", m)]))
}

/// The value of `lib.types`.
pub fn types_value() -> Value {
    let mut entries: Vec<(Rc<str>, Thunk)> = Vec::new();
    for n in [
        "str",
        "string",
        "lines",
        "commas",
        "envVar",
        "nonEmptyStr",
        "singleLineStr",
        "int",
        "port",
        "number",
        "float",
        "bool",
        "path",
        "pathInStore",
        "package",
        "raw",
        "anything",
        "unspecified",
        "attrs",
        "deferredModule",
    ] {
        entries.push((Rc::from(n), Thunk::Val(desc(n, vec![]))));
    }
    // `types.ints.*` and `types.numbers.*` are integers / numbers.
    let ints = Attrs::from_unsorted(
        ["between", "positive", "unsigned", "u8", "u16", "u32", "s8", "s16", "s32", "u64", "s64"]
            .iter()
            .map(|n| {
                let v = if *n == "between" {
                    Value::unknown("lib.types.ints.between is not supported statically", None)
                } else {
                    desc("int", vec![])
                };
                (Rc::from(*n), Thunk::Val(v))
            })
            .collect(),
    );
    entries.push((Rc::from("ints"), Thunk::Val(Value::attrs(ints))));
    for d in [
        &LIST_OF,
        &ATTRS_OF,
        &LAZY_ATTRS_OF,
        &NULL_OR,
        &UNIQ,
        &UNIQUE,
        &FUNCTION_TO,
        &ENUM,
        &STR_MATCHING,
        &SUBMODULE,
        &SUBMODULE_WITH,
        &EITHER,
        &ONE_OF,
    ] {
        entries.push((Rc::from(d.name), Thunk::Val(builtin_value(d))));
    }
    let mut a = Attrs::from_unsorted(entries);
    a.partial = Some(Partial {
        unknown: Rc::new(Unknown { reason: "this lib.types type is not supported statically".into(), span: None }),
        can_shadow: false,
    });
    Value::attrs(a)
}
