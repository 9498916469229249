//! import-tree (`inputs.import-tree`), modelled natively: calling it on a
//! directory gives a module importing every `.nix` file below it, skipping
//! paths with a component that starts with `_`. The builder methods
//! (`match`, `matchNot`, `filter`, `filterNot`, `addPath`, `map`, `withLib`,
//! `leafs`/`files`) refine the selection; anything else is unknown.
//!
//! The builder's state is an ordinary attribute set carried as the first
//! argument of partially applied natives, so every refinement is a value.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::eval::builtins::{BuiltinDef, builtin_value};
use crate::eval::value::*;
use crate::eval::{ErrorKind, Evaluator, R};

static CALL: BuiltinDef = BuiltinDef { name: "import-tree", arity: 2, f: call };
static LEAFS: BuiltinDef = BuiltinDef { name: "import-tree.leafs", arity: 2, f: leafs };
static MATCH: BuiltinDef = BuiltinDef { name: "import-tree.match", arity: 2, f: |ev, a| refine(ev, a, "match") };
static MATCH_NOT: BuiltinDef =
    BuiltinDef { name: "import-tree.matchNot", arity: 2, f: |ev, a| refine(ev, a, "matchNot") };
static FILTER: BuiltinDef = BuiltinDef { name: "import-tree.filter", arity: 2, f: |ev, a| refine(ev, a, "filter") };
static FILTER_NOT: BuiltinDef =
    BuiltinDef { name: "import-tree.filterNot", arity: 2, f: |ev, a| refine(ev, a, "filterNot") };
static MAP: BuiltinDef = BuiltinDef { name: "import-tree.map", arity: 2, f: |ev, a| refine(ev, a, "map") };
static ADD_PATH: BuiltinDef = BuiltinDef { name: "import-tree.addPath", arity: 2, f: |ev, a| refine(ev, a, "addPath") };
static WITH_LIB: BuiltinDef = BuiltinDef { name: "import-tree.withLib", arity: 2, f: with_lib };

fn partial_other(name: &str) -> Option<Partial> {
    Some(Partial {
        unknown: Rc::new(Unknown {
            reason: format!("this attribute of the flake input '{name}' (import-tree) is not modelled by clan-inv"),
            span: None,
        }),
        can_shadow: false,
    })
}

fn applied(def: &'static BuiltinDef, state: &Value) -> Thunk {
    Thunk::Val(Value::Builtin(Rc::new(BuiltinApp { def, args: vec![Thunk::Val(state.clone())] })))
}

/// The import-tree value for a builder state (`steps`: a list of
/// `{ kind; arg; }` in the order they were added).
fn tree_value(name: &Rc<str>, state: Value) -> Value {
    let mut entries: Vec<(Rc<str>, Thunk)> = vec![
        (Rc::from("__functor"), Thunk::Val(builtin_value(&CALL))),
        (Rc::from("__clanInvImportTree"), Thunk::Val(state.clone())),
    ];
    for (n, d) in [
        ("match", &MATCH),
        ("matchNot", &MATCH_NOT),
        ("filter", &FILTER),
        ("filterNot", &FILTER_NOT),
        ("map", &MAP),
        ("addPath", &ADD_PATH),
        ("withLib", &WITH_LIB),
        ("leafs", &LEAFS),
        ("files", &LEAFS),
    ] {
        entries.push((Rc::from(n), applied(d, &state)));
    }
    let mut a = Attrs::from_unsorted(entries);
    a.partial = partial_other(name);
    Value::attrs(a)
}

/// The value of the flake input `name` (import-tree).
pub fn input(name: &str) -> Value {
    let state = Value::attrs(Attrs::from_unsorted(vec![
        (Rc::from("name"), Thunk::Val(Value::str(name))),
        (Rc::from("steps"), Thunk::Val(Value::list(vec![]))),
    ]));
    tree_value(&Rc::from(name), state)
}

fn state_parts(ev: &mut Evaluator, state: &Thunk) -> R<(Rc<str>, Rc<Vec<Thunk>>)> {
    let s = ev.force(state)?;
    let name = match ev.select_one(&s, "name")? {
        Value::Str(n) => n,
        _ => Rc::from("import-tree"),
    };
    let steps = match ev.select_one(&s, "steps")? {
        Value::List(l) => l,
        _ => Rc::new(Vec::new()),
    };
    Ok((name, steps))
}

fn refine(ev: &mut Evaluator, a: &[Thunk], kind: &str) -> R<Value> {
    let (name, steps) = state_parts(ev, &a[0])?;
    let mut steps = steps.to_vec();
    steps.push(Thunk::Val(Value::attrs(Attrs::from_unsorted(vec![
        (Rc::from("kind"), Thunk::Val(Value::str(kind))),
        (Rc::from("arg"), a[1].clone()),
    ]))));
    let state = Value::attrs(Attrs::from_unsorted(vec![
        (Rc::from("name"), Thunk::Val(Value::Str(name.clone()))),
        (Rc::from("steps"), Thunk::Val(Value::list(steps))),
    ]));
    Ok(tree_value(&name, state))
}

fn with_lib(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let (name, _) = state_parts(ev, &a[0])?;
    let s = ev.force(&a[0])?;
    Ok(tree_value(&name, s))
}

/// The selected files (or mapped values) for roots `arg`.
fn select(ev: &mut Evaluator, state: &Thunk, arg: &Thunk) -> R<Result<Vec<Thunk>, Value>> {
    let (_, steps) = state_parts(ev, state)?;
    // `[ paths root ]`: added paths come first.
    let mut roots: Vec<Thunk> = Vec::new();
    let mut kinds: Vec<(Rc<str>, Thunk)> = Vec::new();
    for st in steps.iter() {
        let s = ev.force(st)?;
        let kind = match ev.select_one(&s, "kind")? {
            Value::Str(k) => k,
            _ => continue,
        };
        let Value::Attrs(sa) = &s else { continue };
        let Some(arg) = sa.get("arg").cloned() else { continue };
        if &*kind == "addPath" {
            roots.push(arg);
        } else {
            kinds.push((kind, arg));
        }
    }
    roots.push(arg.clone());
    let mut files = Vec::new();
    for r in roots {
        let v = ev.force(&r)?;
        let list = match &v {
            Value::List(l) => l.to_vec(),
            _ => vec![Thunk::Val(v.clone())],
        };
        for t in list {
            match ev.force(&t)? {
                Value::Path(p) => {
                    if !p.starts_with(&ev.root) {
                        return Ok(Err(Value::unknown(
                            format!("import-tree of '{}' outside the clan directory", p.display()),
                            ev.cur_span,
                        )));
                    }
                    let before = files.len();
                    walk(ev, &p, &mut files)?;
                    // Filters see the path relative to its root (`/sub/x.nix`).
                    for (abs, rel) in files[before..].iter_mut().flatten() {
                        *rel = abs.strip_prefix(&*p).map(|r| format!("/{}", r.to_string_lossy())).unwrap_or_default();
                        if p.is_file() {
                            *rel = abs.to_string_lossy().into_owned();
                        }
                    }
                }
                Value::Unknown(u) => return Ok(Err(Value::Unknown(u))),
                // import-tree passes non-path values (modules) through.
                other => files.push(Err(other)),
            }
        }
    }

    let mut out = Vec::new();
    'files: for f in files {
        let (path, s) = match f {
            Ok((p, rel)) => (Some(p), rel),
            Err(v) => {
                out.push(Thunk::Val(v));
                continue;
            }
        };
        let mut item = Thunk::Val(Value::Path(Rc::new(path.clone().unwrap_or_default())));
        for (kind, arg) in &kinds {
            let keep = match &**kind {
                "match" | "matchNot" => {
                    let re = match ev.force(arg)? {
                        Value::Str(r) => r,
                        Value::Unknown(u) => return Ok(Err(Value::Unknown(u))),
                        other => return Err(ev.type_error("a string", &other)),
                    };
                    let rx = regex::Regex::new(&format!("(?s)^(?:{re})$"))
                        .map_err(|_| ev.err(ErrorKind::Other, format!("invalid regular expression '{re}'")))?;
                    rx.is_match(&s) == (&**kind == "match")
                }
                "filter" | "filterNot" => {
                    let f = ev.force(arg)?;
                    match ev.apply(f, Thunk::Val(Value::str(&s)))? {
                        Value::Bool(b) => b == (&**kind == "filter"),
                        Value::Unknown(u) => return Ok(Err(Value::Unknown(u))),
                        other => return Err(ev.type_error("a Boolean", &other)),
                    }
                }
                "map" => {
                    let f = ev.force(arg)?;
                    item = Thunk::apply(f, item);
                    true
                }
                _ => true,
            };
            if !keep {
                continue 'files;
            }
        }
        out.push(item);
    }
    Ok(Ok(out))
}

fn call(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    let this = ev.force(&a[0])?;
    let state = match &this {
        Value::Attrs(s) => s.get("__clanInvImportTree").cloned(),
        _ => None,
    };
    let Some(state) = state else { return Ok(Value::unknown("import-tree called in an unknown way", ev.cur_span)) };
    match select(ev, &state, &a[1])? {
        Ok(files) => {
            Ok(Value::attrs(Attrs::from_unsorted(vec![(Rc::from("imports"), Thunk::Val(Value::list(files)))])))
        }
        Err(u) => Ok(u),
    }
}

fn leafs(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    match select(ev, &a[0], &a[1])? {
        Ok(files) => Ok(Value::list(files)),
        Err(u) => Ok(u),
    }
}

/// Every `.nix` file below `dir`, skipping paths with a component that
/// starts with `_` (relative to the tree's root), in path order.
fn walk(ev: &mut Evaluator, dir: &Path, out: &mut Vec<Result<(PathBuf, String), Value>>) -> R<()> {
    if dir.is_file() {
        out.push(Ok((dir.to_path_buf(), String::new())));
        return Ok(());
    }
    let rd = std::fs::read_dir(dir)
        .map_err(|e| ev.err(ErrorKind::Io, format!("reading directory '{}': {e}", dir.display())))?;
    let mut ents: Vec<_> = rd.filter_map(|e| e.ok()).collect();
    ents.sort_by_key(|e| e.file_name());
    for e in ents {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('_') {
            continue;
        }
        if out.len() > 100_000 {
            return Err(ev.err(ErrorKind::Limit, "import-tree found too many files"));
        }
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(ev, &p, out)?;
        } else if name.ends_with(".nix") {
            out.push(Ok((p, String::new())));
        }
    }
    Ok(())
}
