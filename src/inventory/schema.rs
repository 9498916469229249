//! clan's option tree (clan-core `modules/inventoryClass/*`), declared as
//! data for the module layer: types, defaults and clan-inv's own fixed
//! modules that compute the defaults clan-core computes.

use std::rc::Rc;

use crate::eval::value::{Attrs, Thunk, ThunkState, Value};
use crate::eval::{Evaluator, R};
use crate::module::{ModArgs, OptDecl, Options, Pattern, Ty};
use crate::util::sym;

fn opt(ty: Ty, default: Option<Value>) -> OptDecl {
    OptDecl { ty: Rc::new(ty), default, apply: None }
}
fn null_or(t: Ty) -> Ty {
    Ty::NullOr(Rc::new(t))
}
fn empty_attrs() -> Option<Value> {
    Some(Value::attrs(Attrs::default()))
}
fn empty_list() -> Option<Value> {
    Some(Value::list(Vec::new()))
}

/// clan's `meta.name`.
pub static META_NAME: Pattern = Pattern {
    regex: "[a-zA-Z0-9_-]*",
    matches: |s| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'),
};

/// clan's `meta.domain`: dot-separated labels of 1 to 63 lowercase letters,
/// digits and `-`, neither starting nor ending with `-`.
pub static DOMAIN: Pattern = Pattern {
    regex: r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
    matches: |s| {
        s.split('.').all(|l| {
            let b = l.as_bytes();
            let end = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
            (1..=63).contains(&b.len())
                && b.first().is_some_and(end)
                && b.last().is_some_and(end)
                && b.iter().all(|c| end(c) || *c == b'-')
        })
    },
};

/// clan's deprecated `meta.tld`.
pub static TLD: Pattern =
    Pattern { regex: "[a-z]+", matches: |s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()) };

const META_FIXED: &str = r#"{ config, ... }: {
  # domain defaults to tld (deprecated, with clan's warning) or "clan".
  domain = {
    _type = "override";
    priority = 1500;
    content =
      if config.tld != null then
        builtins.warn "`clan.meta.tld` has been deprecated in favor of `clan.meta.domain`. `clan.meta.tld` will be removed in the next release." config.tld
      else
        "clan";
  };
}"#;

/// The machine submodule's own module: `name` defaults to the attribute
/// key, and the derived tags (every `inventory.tags` key whose list holds the
/// machine, by tag name) come after all user definitions, as clan-core's
/// fixed module does. Native: there is one per machine.
fn machine_fixed(_ev: &mut Evaluator, args: &ModArgs, _config: &Thunk) -> R<Value> {
    use crate::eval::value::Thunk;
    let (Some(name), Some(inv)) = (args.get("name").cloned(), args.get("inventoryConfig").cloned()) else {
        return Ok(Value::attrs(Attrs::default()));
    };
    let name_default = Value::attrs(Attrs::from_unsorted(vec![
        (sym!("_type"), Thunk::Val(Value::Str(sym!("override")))),
        (sym!("content"), name.clone()),
        (sym!("priority"), Thunk::Val(Value::Int(1500))),
    ]));
    // `clanInvTagsOf name inventoryConfig.tags`, as one native thunk (one
    // allocation instead of seven per machine).
    let name_t = name.clone();
    let derived = Thunk::native(move |ev| {
        let inv = ev.force(&inv)?;
        let tags = ev.select_one(&inv, "tags")?;
        tags_of_in(ev, &name_t, Thunk::Val(tags))
    });
    Ok(Value::attrs(Attrs::from_unsorted(vec![(sym!("name"), Thunk::Val(name_default)), (sym!("tags"), derived)])))
}

/// The attribute set in `t` when all its keys are known, else the unknown
/// value to answer with (as `attrNames` would).
fn known_set(ev: &mut Evaluator, t: &Thunk) -> R<Result<Rc<Attrs>, Value>> {
    Ok(match ev.force(t)? {
        Value::Attrs(m) => match &m.partial {
            Some(p) => Err(Value::Unknown(p.unknown.clone())),
            None => Ok(m),
        },
        Value::Unknown(u) => Err(Value::Unknown(u)),
        other => return Err(ev.type_error("a set", &other)),
    })
}

/// clan-core's computed tags, as a definition of `inventory.tags` made from
/// the inventory config `inv`: `all` (every machine name) and `nixos` /
/// `darwin` (the machines of that `machineClass`), each at priority 1000.
/// It is the Nix
///
/// ```nix
/// let names = attrNames inv.machines;
///     ofClass = c: filter (n: inv.machines.${n}.machineClass == c) names;
/// in { all = mkOverride 1000 names; nixos = mkOverride 1000 (ofClass "nixos"); … }
/// ```
///
/// done natively: there is one machine lookup per machine and class, which
/// as Nix costs a search of the whole machine set each.
pub fn computed_tags(inv: Thunk) -> Value {
    let machines = Thunk::lazy(ThunkState::Select(Box::new((inv, Rc::from("machines"), None))));
    let names = {
        let machines = machines.clone();
        Thunk::native(move |ev| {
            let m = match known_set(ev, &machines)? {
                Ok(m) => m,
                Err(u) => return Ok(u),
            };
            Ok(Value::list(m.names().map(|n| Thunk::Val(Value::Str(n.clone()))).collect()))
        })
    };
    let of_class = |class: &'static str| {
        let machines = machines.clone();
        Thunk::native(move |ev| {
            let m = match known_set(ev, &machines)? {
                Ok(m) => m,
                Err(u) => return Ok(u),
            };
            let want = Value::str(class);
            let mut out = Vec::new();
            for (name, t) in &m.entries {
                let machine = ev.force(t)?;
                let c = ev.select_one(&machine, "machineClass")?;
                match ev.values_equal(&c, &want)? {
                    Some(true) => out.push(Thunk::Val(Value::Str(name.clone()))),
                    Some(false) => {}
                    None => {
                        return Ok(match c {
                            Value::Unknown(u) => Value::Unknown(u),
                            // Where the machine is defined: the class has
                            // no location of its own.
                            _ => Value::unknown(
                                format!("the machineClass of machine '{name}' is not statically known"),
                                ev.attr_span(&m, name).or(Evaluator::thunk_span(t)),
                            ),
                        });
                    }
                }
            }
            Ok(Value::list(out))
        })
    };
    let over = |content: Thunk| {
        Thunk::Val(Value::attrs(Attrs::from_unsorted(vec![
            (Rc::from("_type"), Thunk::Val(Value::str("override"))),
            (Rc::from("content"), content),
            (Rc::from("priority"), Thunk::Val(Value::Int(1000))),
        ])))
    };
    Value::attrs(Attrs::from_unsorted(vec![
        (Rc::from("all"), over(names)),
        (Rc::from("darwin"), over(of_class("darwin"))),
        (Rc::from("nixos"), over(of_class("nixos"))),
    ]))
}

/// The instance submodule's own module: `module.name` defaults to the
/// instance name (`{ name, ... }: { module.name = mkOverride 1500 name; }`).
/// Native: there is one per instance.
fn instance_fixed(_ev: &mut Evaluator, args: &ModArgs, _config: &Thunk) -> R<Value> {
    let Some(name) = args.get("name").cloned() else {
        return Ok(Value::attrs(Attrs::default()));
    };
    let name_default = Value::attrs(Attrs::from_unsorted(vec![
        (sym!("_type"), Thunk::Val(Value::Str(sym!("override")))),
        (sym!("content"), name),
        (sym!("priority"), Thunk::Val(Value::Int(1500))),
    ]));
    let module = Value::attrs(Attrs::from_unsorted(vec![(sym!("name"), Thunk::Val(name_default))]));
    Ok(Value::attrs(Attrs::from_unsorted(vec![(sym!("module"), Thunk::Val(module))])))
}

fn unique(ev: &mut Evaluator, v: Value) -> R<Value> {
    let Value::List(l) = &v else { return Ok(v) };
    // The merged list is made of evaluated strings (`ListOf` checks each),
    // most often without repeats: then it is the answer as it is.
    let strs: Option<Vec<&str>> = l
        .iter()
        .map(|t| match t {
            crate::eval::value::Thunk::Val(Value::Str(s)) => Some(&**s),
            _ => None,
        })
        .collect();
    if let Some(strs) = strs
        && strs.iter().enumerate().all(|(i, a)| !strs[..i].contains(a))
    {
        return Ok(v);
    }
    let mut out: Vec<crate::eval::value::Thunk> = Vec::with_capacity(l.len());
    let mut seen: Vec<Value> = Vec::with_capacity(l.len());
    for t in l.iter() {
        let x = ev.force(t)?;
        let mut dup = false;
        for s in &seen {
            // Tags are strings: compared directly, without the general
            // (depth-guarded) equality.
            let same = match (s, &x) {
                (Value::Str(a), Value::Str(b)) => Some(a == b),
                _ => ev.values_equal(s, &x)?,
            };
            if same == Some(true) {
                dup = true;
                break;
            }
        }
        if !dup {
            seen.push(x.clone());
            out.push(t.clone());
        }
    }
    Ok(Value::list(out))
}

fn always_empty(_ev: &mut Evaluator, _v: Value) -> R<Value> {
    Ok(Value::attrs(Attrs::default()))
}

pub fn settings_holder() -> Rc<Options> {
    Rc::new(Options {
        decls: vec![("settings", opt(Ty::UniqueSettings, empty_attrs()))],
        shorthand_only: true,
        ..Default::default()
    })
}

pub fn role() -> Rc<Options> {
    let holder = Rc::new(Ty::Submodule(settings_holder()));
    Rc::new(Options {
        decls: vec![
            ("extraModules", opt(Ty::ListOf(Rc::new(Ty::Raw)), empty_list())),
            ("machines", opt(Ty::AttrsOf(holder.clone()), empty_attrs())),
            ("settings", opt(Ty::UniqueSettings, empty_attrs())),
            ("tags", opt(Ty::ListOrAttrsOf(holder), empty_attrs())),
        ],
        shorthand_only: true,
        ..Default::default()
    })
}

pub fn instance() -> Rc<Options> {
    let module = Rc::new(Options {
        decls: vec![("input", opt(null_or(Ty::Str), Some(Value::Null))), ("name", opt(Ty::Str, None))],
        ..Default::default()
    });
    Rc::new(Options {
        decls: vec![
            ("module", opt(Ty::Submodule(module), empty_attrs())),
            ("roles", opt(Ty::AttrsOf(Rc::new(Ty::Submodule(role()))), empty_attrs())),
        ],
        fixed_native: Some(instance_fixed),
        ..Default::default()
    })
}

pub fn machine() -> Rc<Options> {
    let deploy = Rc::new(Options {
        decls: vec![
            ("buildHost", opt(null_or(Ty::Str), Some(Value::Null))),
            ("forwardAgent", opt(null_or(Ty::Bool), Some(Value::Null))),
            ("targetHost", opt(null_or(Ty::Str), Some(Value::Null))),
        ],
        ..Default::default()
    });
    Rc::new(Options {
        decls: vec![
            ("deploy", opt(Ty::Submodule(deploy), empty_attrs())),
            ("description", opt(null_or(Ty::Str), Some(Value::Null))),
            ("icon", opt(null_or(Ty::Str), Some(Value::Null))),
            ("installedAt", opt(null_or(Ty::Int), Some(Value::Null))),
            ("machineClass", opt(Ty::Enum(&["nixos", "darwin"]), Some(Value::str("nixos")))),
            ("name", opt(Ty::Str, None)),
            ("tags", OptDecl { ty: Rc::new(Ty::ListOf(Rc::new(Ty::Str))), default: empty_list(), apply: Some(unique) }),
        ],
        fixed_native: Some(machine_fixed),
        ..Default::default()
    })
}

pub fn meta() -> Rc<Options> {
    Rc::new(Options {
        decls: vec![
            ("description", opt(null_or(Ty::Str), Some(Value::Null))),
            ("domain", opt(Ty::StrMatching(&DOMAIN), None)),
            ("icon", opt(null_or(Ty::Str), Some(Value::Null))),
            ("name", opt(Ty::StrMatching(&META_NAME), None)),
            ("tld", opt(null_or(Ty::StrMatching(&TLD)), Some(Value::Null))),
        ],
        fixed: vec![("<clan-inv meta defaults>", META_FIXED)],
        ..Default::default()
    })
}

pub fn tags() -> Rc<Options> {
    let list = || opt(Ty::ListOf(Rc::new(Ty::Str)), None);
    Rc::new(Options {
        decls: vec![("all", list()), ("darwin", list()), ("nixos", list())],
        freeform: Some(Rc::new(Ty::ListOf(Rc::new(Ty::Str)))),
        derived_args: &[("machines", "inventoryConfig", &["machines"])],
        ..Default::default()
    })
}

pub const SERVICES_REMOVED: &str = "The `inventory.services` option has been removed. Use `inventory.instances` instead.\nSee: https://clan.lol/docs/guides/migrations/migrate-inventory-services";

pub fn inventory() -> Rc<Options> {
    Rc::new(Options {
        decls: vec![
            ("_inventoryFile", opt(Ty::Raw, Some(Value::Null))),
            ("assertions", opt(Ty::ListOf(Rc::new(Ty::Raw)), empty_list())),
            ("instances", opt(Ty::AttrsOf(Rc::new(Ty::Submodule(instance()))), empty_attrs())),
            ("machines", opt(Ty::AttrsOf(Rc::new(Ty::Submodule(machine()))), empty_attrs())),
            ("meta", opt(Ty::Submodule(meta()), empty_attrs())),
            (
                "modules",
                OptDecl {
                    ty: Rc::new(Ty::AttrsOf(Rc::new(Ty::Raw))),
                    default: empty_attrs(),
                    apply: Some(always_empty),
                },
            ),
            ("noInstanceOptions", opt(Ty::Bool, Some(Value::Bool(false)))),
            ("options", opt(Ty::Raw, Some(Value::Null))),
            ("services", opt(Ty::Removed(SERVICES_REMOVED), Some(Value::Null))),
            ("tags", opt(Ty::Submodule(tags()), empty_attrs())),
        ],
        export_as: Some("inventoryConfig"),
        ..Default::default()
    })
}

/// Top-level options of a clan module (`modules/clan/top-level-interface.nix`
/// and the modules it is evaluated with). Only their names matter here.
pub const CLAN_OPTIONS: &[&str] = &[
    "_dependencies",
    "_prefix",
    "checks",
    "clanInternals",
    "darwinConfigurations",
    "darwinModules",
    "deprecatedModules",
    "directory",
    "exportInterfaces",
    "exports",
    "inventory",
    "machines",
    "meta",
    "modules",
    "nixosConfigurations",
    "nixosModules",
    "outputs",
    "pkgsForSystem",
    "secrets",
    "self",
    "specialArgs",
    "templates",
    "vars",
    "varsDirectory",
];

/// `clanInvTagsOf name tags`: the keys of `tags` whose list contains `name`,
/// sorted — what clan-core computes with `filter (t: elem name tags.${t})`.
/// The tag → machines index is built once per `inventory.tags` value.
pub static TAGS_OF: crate::eval::builtins::BuiltinDef =
    crate::eval::builtins::BuiltinDef { name: "clanInvTagsOf", arity: 2, f: tags_of };

type TagIndex = rustc_hash::FxHashMap<Rc<str>, Vec<Rc<str>>>;

/// The index and the `inventory.tags` value it was built from.
type CachedIndex = (std::rc::Weak<Attrs>, Rc<Result<TagIndex, Value>>);

thread_local! {
    static TAG_INDEX: std::cell::RefCell<Option<CachedIndex>> = const { std::cell::RefCell::new(None) };
}

fn build_index(ev: &mut Evaluator, tags: &Rc<Attrs>) -> R<Result<TagIndex, Value>> {
    if let Some(p) = &tags.partial {
        return Ok(Err(Value::Unknown(p.unknown.clone())));
    }
    let mut idx: TagIndex = TagIndex::default();
    for (tag, t) in &tags.entries {
        match ev.force(t)? {
            Value::List(l) => {
                for m in l.iter() {
                    match ev.force(m)? {
                        Value::Str(s) => {
                            let e = idx.entry(s).or_default();
                            // Tags come in name order; a name listed twice counts once.
                            if e.last() != Some(tag) {
                                e.push(tag.clone());
                            }
                        }
                        Value::Unknown(u) => return Ok(Err(Value::Unknown(u))),
                        _ => {}
                    }
                }
            }
            Value::Unknown(u) => return Ok(Err(Value::Unknown(u))),
            other => return Err(ev.type_error("a list", &other)),
        }
    }
    Ok(Ok(idx))
}

fn tags_of(ev: &mut Evaluator, a: &[crate::eval::value::Thunk]) -> R<Value> {
    tags_of_in(ev, &a[0], a[1].clone())
}

/// `clanInvTagsOf name tags`.
fn tags_of_in(ev: &mut Evaluator, name: &crate::eval::value::Thunk, tags: crate::eval::value::Thunk) -> R<Value> {
    use crate::eval::value::Thunk;
    let name = match ev.force(name)? {
        Value::Str(s) => s,
        Value::Unknown(u) => return Ok(Value::Unknown(u)),
        other => return Err(ev.type_error("a string", &other)),
    };
    let tags = match ev.force(&tags)? {
        Value::Attrs(t) => t,
        Value::Unknown(u) => return Ok(Value::Unknown(u)),
        other => return Err(ev.type_error("a set", &other)),
    };
    let cached = TAG_INDEX.with(|c| {
        c.borrow().as_ref().and_then(|(w, idx)| w.upgrade().filter(|x| Rc::ptr_eq(x, &tags)).map(|_| idx.clone()))
    });
    let idx = match cached {
        Some(i) => i,
        None => {
            let i = Rc::new(build_index(ev, &tags)?);
            TAG_INDEX.with(|c| *c.borrow_mut() = Some((Rc::downgrade(&tags), i.clone())));
            i
        }
    };
    match &*idx {
        Err(u) => Ok(u.clone()),
        Ok(map) => Ok(Value::list(
            map.get(&name).map(|v| v.iter().map(|t| Thunk::Val(Value::Str(t.clone()))).collect()).unwrap_or_default(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{DOMAIN, META_NAME, TLD};

    /// Each written-out matcher against real Nix's `builtins.match` (what
    /// nixpkgs' `strMatching` uses) on 1,270 chosen and random strings:
    /// `nix-fixtures/strmatching/expected.json`, made by
    /// `scripts/strmatching-fixtures.py`.
    #[test]
    fn patterns_match_as_nix_matches_their_regexes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/nix-fixtures/strmatching/expected.json");
        let text = std::fs::read_to_string(path).expect("the golden file is readable");
        let golden: serde_json::Value = serde_json::from_str(&text).expect("the golden file is JSON");
        let cases = golden["cases"].as_array().expect("a list of cases");
        assert!(cases.len() > 1000);
        for (key, p) in [("domain", &DOMAIN), ("name", &META_NAME), ("tld", &TLD)] {
            assert_eq!(golden["patterns"][key].as_str(), Some(p.regex), "the golden file is for another {key} pattern");
            for c in cases {
                let s = c["s"].as_str().expect("a string");
                assert_eq!(Some((p.matches)(s)), c[key].as_bool(), "{key} on {s:?}");
            }
        }
    }
}
