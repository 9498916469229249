//! The clan inventory: clan's options (`schema`), finding the clan
//! (`entry`), the clan-level module evaluation with clan-core's own
//! definitions (inventory.json, `machines/` directories, `clan.machines`
//! keys, `meta`), and the inventory serialization of SPEC §3 (`serialize`).

pub mod entry;
pub mod import_tree;
pub mod model;
pub mod schema;
pub mod serialize;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::eval::value::*;
use crate::eval::{ErrorKind, EvalError, Evaluator, R};
use crate::module::{Def, Evaluation, System};

pub use entry::{Entry, EntryKind, find_clan_dir};

/// A loaded clan: the evaluator, the module system state and the lazily
/// merged inventory.
pub struct Clan {
    pub ev: Evaluator,
    pub sys: Rc<System>,
    pub dir: PathBuf,
    pub entry: EntryKind,
    pub entry_file: PathBuf,
    /// The merged `inventory` (a lazy attribute set).
    pub inventory: Thunk,
    /// The merged top-level `modules` option (the clan's own services).
    pub clan_modules: Thunk,
    /// Unknown top-level options (clan-core rejects them).
    pub errors: Vec<EvalError>,
}

fn json_module(ev: &mut Evaluator, dir: &Path) -> R<Option<Def>> {
    let file = dir.join("inventory.json");
    if !file.is_file() {
        return Ok(None);
    }
    let canon = ev.check_sandbox(&file)?;
    let text = std::fs::read_to_string(&canon)
        .map_err(|e| ev.err(ErrorKind::Io, format!("reading '{}': {e}", file.display())))?;
    let j: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        EvalError::new(ErrorKind::Other, format!("while decoding '{}': {e}", crate::syntax::display_path(&file)), None)
    })?;
    let v = crate::eval::json::from_json(&j);
    let name: Rc<str> = Rc::from(crate::syntax::display_path(&file).as_str());
    Ok(Some(Def::new(Thunk::Val(v), name, None)))
}

fn machine_dirs(dir: &Path) -> Vec<Rc<str>> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir.join("machines")) {
        for e in rd.flatten() {
            // Only real directories count; symlinks (even to directories)
            // and files are ignored, as `readDir` types them.
            if let Ok(ft) = e.file_type()
                && ft.is_dir()
            {
                out.push(Rc::from(e.file_name().to_string_lossy().as_ref()));
            }
        }
    }
    out.sort();
    out
}

fn module_value(entries: Vec<(&str, Thunk)>, file: &str) -> Value {
    let mut e: Vec<(Rc<str>, Thunk)> = entries.into_iter().map(|(k, v)| (Rc::from(k), v)).collect();
    e.push((Rc::from("_file"), Thunk::Val(Value::str(file))));
    Value::attrs(Attrs::from_unsorted(e))
}

/// Keys of the clan option `machines` (values are NixOS modules, never
/// evaluated): `{ <name> = { }; }`.
fn clan_machine_keys(defs: Vec<Def>) -> Thunk {
    Thunk::native(move |ev| {
        let mut keys: Vec<(Rc<str>, Thunk)> = Vec::new();
        let mut partial = None;
        for d in &defs {
            let mut flats = Vec::new();
            crate::module::discharge(ev, d, &mut flats)?;
            for f in flats {
                match &f.value {
                    Value::Attrs(a) => {
                        if let Some(p) = &a.partial {
                            partial = Some(Partial { unknown: p.unknown.clone(), can_shadow: false });
                        }
                        for k in a.names() {
                            keys.push((k.clone(), Thunk::Val(Value::attrs(Attrs::default()))));
                        }
                    }
                    Value::Unknown(u) => partial = Some(Partial { unknown: u.clone(), can_shadow: false }),
                    other => return Err(ev.type_error("a set (clan option `machines`)", other)),
                }
            }
        }
        let mut a = Attrs::from_unsorted(keys);
        a.partial = partial;
        Ok(Value::attrs(a))
    })
}

impl Clan {
    /// Loads the clan in `dir`: finds the entry, evaluates the clan-level
    /// modules and sets up the (lazy) inventory.
    #[allow(clippy::result_large_err)]
    pub fn load(dir: &Path) -> Result<Clan, (Evaluator, EvalError)> {
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut ev = Evaluator::new(dir.clone());
        ev.start_parse_ahead(&[dir.join("flake.nix"), dir.join("clan.nix")]);
        match Self::load_with(&mut ev, &dir) {
            Ok((sys, entry, entry_file, inventory, clan_modules, errors)) => {
                Ok(Clan { ev, sys, dir, entry, entry_file, inventory, clan_modules, errors })
            }
            Err(e) => Err((ev, e)),
        }
    }

    #[allow(clippy::type_complexity)]
    fn load_with(ev: &mut Evaluator, dir: &Path) -> R<(Rc<System>, EntryKind, PathBuf, Thunk, Thunk, Vec<EvalError>)> {
        let prof = std::env::var_os("CLAN_INV_PROFILE").is_some();
        let t0 = std::time::Instant::now();
        let entry = entry::find_entry(ev, dir)?;
        if prof {
            eprintln!("profile: entry found: {:?} ({} clan definitions)", t0.elapsed(), entry.clan_defs.len());
        }
        let sys = System::new();
        // The clan-level evaluation. For flake-parts the clan is a submodule
        // that receives definitions, each wrapped one level down.
        let roots: Vec<Def> = if entry.as_definitions {
            entry
                .clan_defs
                .iter()
                .map(|d| {
                    let w = module_value(vec![("imports", Thunk::Val(Value::list(vec![d.value.clone()])))], &d.file);
                    Def { value: Thunk::Val(w), ..d.clone() }
                })
                .collect()
        } else {
            entry.clan_defs.clone()
        };
        let cfg = Thunk::lazy(ThunkState::Blackhole);
        let mut args = entry.args.clone();
        args.push((
            Rc::from("clan-core"),
            Thunk::Val(Value::unknown("the clan-core flake is not evaluated by clan-inv", None)),
        ));
        args.push((Rc::from("clanLib"), Thunk::Val(Value::unknown("clanLib is not evaluated by clan-inv", None))));
        let margs = Thunk::Val(crate::module::module_args(&args, cfg.clone()));
        let clan_eval = Rc::new(Evaluation::new(ev, roots, &margs)?);
        if prof {
            eprintln!("profile: clan modules collected: {:?} ({} modules)", t0.elapsed(), clan_eval.module_count());
        }
        let mut errors = Vec::new();
        for k in clan_eval.option_names() {
            if !schema::CLAN_OPTIONS.contains(&k.as_ref()) {
                // The same error as for every other option.
                let root = crate::module::OptPath::new(&[]);
                errors.push(match crate::module::no_such_option(ev, &clan_eval, k, &root, schema::CLAN_OPTIONS) {
                    Ok(e) | Err(e) => e,
                });
            }
        }
        // `directory`: inventory.json and machines/ are read relative to it.
        let mut directory = dir.to_path_buf();
        if let Some(d) = clan_eval.defs_of("directory").first() {
            let v = ev.force(&d.value)?;
            let s = match &v {
                Value::Path(p) => Some(p.to_string_lossy().into_owned()),
                Value::Attrs(_) | Value::Str(_) => ev.coerce_to_string(&v, false, true)?.ok(),
                _ => None,
            };
            if let Some(s) = s {
                directory = PathBuf::from(s);
            }
        }
        // clan-core's own definitions of `inventory` (modules/clan/module.nix):
        // one value that imports inventory.json, machines/ directories, the
        // keys of `machines`, and `meta`.
        let mut imports: Vec<Thunk> = Vec::new();
        if let Some(j) = json_module(ev, &directory)? {
            // The JSON content is a module of its own, one level below.
            let mut entries: Vec<(Rc<str>, Thunk)> = match j.value.peek() {
                Some(Value::Attrs(a)) => a.entries.clone(),
                _ => Vec::new(),
            };
            entries.push((Rc::from("_file"), Thunk::Val(Value::Str(j.file.clone()))));
            imports.push(Thunk::Val(Value::attrs(Attrs::from_unsorted(entries))));
        }
        let dirs = machine_dirs(&directory);
        if !dirs.is_empty() {
            let machines = Value::attrs(Attrs::from_unsorted(
                dirs.into_iter().map(|n| (n, Thunk::Val(Value::attrs(Attrs::default())))).collect(),
            ));
            imports.push(Thunk::Val(module_value(vec![("machines", Thunk::Val(machines))], "machines/")));
        }
        let clan_machines = clan_eval.defs_of("machines").to_vec();
        if !clan_machines.is_empty() {
            let file = clan_machines[0].file.clone();
            imports.push(Thunk::Val(module_value(vec![("machines", clan_machine_keys(clan_machines))], &file)));
        }
        // `meta` reaches `inventory.meta` through an alias definition of
        // clan-core's module: a definition of `inventory` of its own, which
        // nixpkgs lists before the clan's (and inventory.json's) in conflicts.
        let mut via_meta = Vec::new();
        for d in clan_eval.defs_of("meta").iter() {
            let file: Rc<str> = Rc::from(format!("{}, via option meta", d.file).as_str());
            let m = module_value(vec![("meta", crate::module::rewrap(d.clone()).value)], &file);
            via_meta.push(Def::new(Thunk::Val(m), file, d.span));
        }
        // The computed tags (`all`, `nixos`, `darwin` at mkDefault) are part of
        // clan-core's definition, so they come before the user's.
        let inv_cell = Thunk::lazy(ThunkState::Blackhole);
        let computed = {
            let inv_cell = inv_cell.clone();
            Thunk::native(move |_| Ok(schema::computed_tags(inv_cell.clone())))
        };
        let core = module_value(
            vec![("imports", Thunk::Val(Value::list(imports))), ("tags", computed)],
            "<clan-core modules/clan/module.nix>",
        );
        let mut inv_defs = vec![Def::new(Thunk::Val(core), Rc::from("<clan-core modules/clan/module.nix>"), None)];
        inv_defs.extend(via_meta);
        inv_defs.extend(clan_eval.defs_of("inventory").iter().cloned());
        // A clan module that could not be read may define inventory parts.
        if let Some(u) = &clan_eval.unknown {
            inv_defs.push(Def::new(Thunk::Val(Value::Unknown(u.clone())), Rc::from("<unknown module>"), u.span));
        }
        let inv_path = crate::module::OptPath::new(&["inventory"]);
        let mut inv_args = entry.args.clone();
        inv_args.push((Rc::from("clanInvTagsOf"), Thunk::Val(crate::eval::builtins::builtin_value(&schema::TAGS_OF))));
        let inventory = crate::module::submodule(
            &sys,
            schema::inventory(),
            inv_defs,
            inv_path,
            crate::module::ModArgs::from_vec(inv_args),
        );
        if let Thunk::Lazy(c) = &inv_cell {
            let inv = inventory.clone();
            *c.borrow_mut() = ThunkState::Native(Rc::new(move |ev| ev.force(&inv)));
        }
        // The clan's own service modules (`module.input = "self"`).
        let mod_defs = clan_eval.defs_of("modules").to_vec();
        let sys2 = sys.clone();
        let clan_modules = Thunk::native(move |ev| {
            let ty = Rc::new(crate::module::Ty::AttrsOf(Rc::new(crate::module::Ty::Raw)));
            let p = crate::module::OptPath::new(&["modules"]);
            crate::module::merge_option(ev, &sys2, &ty, &mod_defs, &p, Some(Value::attrs(Attrs::default())), None)
        });
        // `config` of clan modules.
        let clan_cfg = Value::attrs(Attrs {
            origin: None,
            entries: Attrs::from_unsorted(vec![
                (Rc::from("inventory"), inventory.clone()),
                (Rc::from("modules"), clan_modules.clone()),
                (Rc::from("directory"), Thunk::Val(Value::Path(Rc::new(directory.clone())))),
            ])
            .entries,
            partial: Some(Partial {
                unknown: Rc::new(Unknown {
                    reason: "this clan option is not evaluated by clan-inv".into(),
                    span: None,
                }),
                can_shadow: false,
            }),
        });
        if let Thunk::Lazy(c) = &cfg {
            *c.borrow_mut() = ThunkState::Done(clan_cfg);
        }
        Ok((sys, entry.kind, entry.entry_file, inventory, clan_modules, errors))
    }
}
