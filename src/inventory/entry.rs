//! Finding the clan (SPEC §2): the clan directory, the entry file, and the
//! clan module inside `flake.nix`. Flake inputs are replaced by values
//! clan-inv models natively: clan-core's `lib.clan`/`buildClan` and
//! flake-parts' `mkFlake` are marker functions that record their argument;
//! import-tree walks directories; nixpkgs gives the native `lib`; every other
//! input is opaque (unknown only if forced).

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::eval::builtins::{BuiltinDef, builtin_value};
use crate::eval::value::*;
use crate::eval::{ErrorKind, EvalError, Evaluator, R};
use crate::module::{Def, Evaluation, System};

/// The nearest ancestor of `start` holding `flake.nix` or `clan.nix`.
pub fn find_clan_dir(start: &Path) -> Option<PathBuf> {
    let mut d = Some(start);
    while let Some(p) = d {
        if p.join("flake.nix").is_file() || p.join("clan.nix").is_file() {
            return Some(p.to_path_buf());
        }
        d = p.parent();
    }
    None
}

/// Where the clan module was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// `<input>.lib.clan { ... }` (or `buildClan`).
    LibClan(&'static str),
    /// flake-parts' `clan` / `flake.clan` options.
    FlakeParts,
    /// A bare `clan.nix`.
    ClanNix,
}

/// The clan module(s) and the context they are evaluated in.
pub struct Entry {
    pub kind: EntryKind,
    pub dir: PathBuf,
    pub entry_file: PathBuf,
    /// The clan-level modules, in the order the clan evaluation receives
    /// them (roots for a direct call, definitions for flake-parts).
    pub clan_defs: Vec<Def>,
    /// `true` when the definitions are received by a submodule (flake-parts)
    /// rather than being the evaluation's roots.
    pub as_definitions: bool,
    /// Module arguments of clan modules (`self`, `inputs`, ...).
    pub args: Vec<(Rc<str>, Thunk)>,
    /// Flake-parts modules from inputs that were not evaluated.
    pub skipped_modules: Vec<Rc<Unknown>>,
}

// ---- marker functions ----------------------------------------------------------

static LIB_CLAN: BuiltinDef = BuiltinDef { name: "lib.clan", arity: 1, f: m_lib_clan };
static BUILD_CLAN: BuiltinDef = BuiltinDef { name: "lib.buildClan", arity: 1, f: m_build_clan };
static MK_FLAKE: BuiltinDef = BuiltinDef { name: "mkFlake", arity: 2, f: m_mk_flake };

fn clan_result(reason: &str) -> Value {
    let u = Rc::new(Unknown { reason: reason.into(), span: None });
    let inner =
        Attrs { origin: None, entries: Vec::new(), partial: Some(Partial { unknown: u.clone(), can_shadow: false }) };
    let inner = Value::attrs(inner);
    Value::attrs(Attrs {
        origin: None,
        entries: vec![(Rc::from("config"), Thunk::Val(inner))],
        partial: Some(Partial { unknown: u, can_shadow: false }),
    })
}

fn m_lib_clan(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    ev.recorded.push(("lib.clan", vec![a[0].clone()]));
    Ok(clan_result("the outputs of lib.clan (NixOS configurations) are not evaluated by clan-inv"))
}

fn m_build_clan(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    ev.recorded.push(("lib.buildClan", vec![a[0].clone()]));
    Ok(clan_result("the outputs of buildClan (NixOS configurations) are not evaluated by clan-inv"))
}

/// The flake-parts evaluation made by `mkFlake`, kept for `Entry`.
pub struct FlakeParts {
    /// Whether `inputs.clan-core.flakeModules.default` is imported (it
    /// declares the `clan` / `flake.clan` options).
    pub clan_module_imported: bool,
    pub evaluation: Rc<Evaluation>,
    pub config: Thunk,
    pub args: Vec<(Rc<str>, Thunk)>,
}

fn m_mk_flake(ev: &mut Evaluator, a: &[Thunk]) -> R<Value> {
    ev.recorded.push(("mkFlake", vec![a[0].clone(), a[1].clone()]));
    let fp = flake_parts_eval(ev, &a[0], &a[1])?;
    let cfg = fp.config.clone();
    ev.ext.push(Rc::new(fp));
    // mkFlake's result is `config.flake`, plus outputs flake-parts makes
    // from `perSystem` (packages, checks, ...) that are not evaluated here.
    let c = ev.force(&cfg)?;
    match ev.select_one(&c, "flake")? {
        Value::Attrs(a) if a.partial.is_none() => Ok(Value::attrs(Attrs { origin: None,
            entries: a.entries.clone(),
            partial: Some(Partial {
                unknown: Rc::new(Unknown {
                    reason: "flake outputs made by flake-parts from perSystem or other inputs' modules are not evaluated by clan-inv".into(),
                    span: None,
                }),
                can_shadow: false,
            }),
        })),
        other => Ok(other),
    }
}

fn attrs(entries: Vec<(&str, Value)>, partial: Option<&str>) -> Value {
    let mut a = Attrs::from_unsorted(entries.into_iter().map(|(k, v)| (Rc::from(k), Thunk::Val(v))).collect());
    if let Some(r) = partial {
        a.partial = Some(Partial { unknown: Rc::new(Unknown { reason: r.into(), span: None }), can_shadow: false });
    }
    Value::attrs(a)
}

/// The module `inputs.clan-core.flakeModules.default` stands for: it adds
/// the `clan` options to flake-parts; its key marks the alias position.
pub const CLAN_FLAKE_MODULE_KEY: &str = "_clanInvClanFlakeModule";

fn clan_core_input(name: &str) -> Value {
    let other = format!("this attribute of the flake input '{name}' (clan-core) is not modelled by clan-inv");
    let fpm = attrs(vec![(CLAN_FLAKE_MODULE_KEY, Value::Bool(true))], None);
    attrs(
        vec![
            (
                "lib",
                attrs(
                    vec![("clan", builtin_value(&LIB_CLAN)), ("buildClan", builtin_value(&BUILD_CLAN))],
                    Some(&other),
                ),
            ),
            ("clanLib", attrs(vec![("buildClan", builtin_value(&BUILD_CLAN))], Some(&other))),
            ("flakeModules", attrs(vec![("default", fpm.clone()), ("clan", fpm)], Some(&other))),
        ],
        Some(&other),
    )
}

fn flake_parts_input(name: &str) -> Value {
    let other = format!("this attribute of the flake input '{name}' (flake-parts) is not modelled by clan-inv");
    let empty = Value::attrs(Attrs::default());
    attrs(
        vec![
            ("lib", attrs(vec![("mkFlake", builtin_value(&MK_FLAKE))], Some(&other))),
            (
                "flakeModules",
                attrs(
                    vec![("modules", empty.clone()), ("flakeModules", empty.clone()), ("partitions", empty)],
                    Some(&other),
                ),
            ),
        ],
        Some(&other),
    )
}

fn import_tree_input(name: &str) -> Value {
    super::import_tree::input(name)
}

fn nixpkgs_input(name: &str) -> Value {
    let other = format!("this attribute of the flake input '{name}' (nixpkgs) is not evaluated by clan-inv");
    let mut a = Attrs::from_unsorted(vec![(Rc::from("lib"), Thunk::native(|ev| Ok(ev.lib())))]);
    a.partial = Some(Partial { unknown: Rc::new(Unknown { reason: other, span: None }), can_shadow: false });
    Value::attrs(a)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum InputKind {
    ClanCore,
    FlakeParts,
    Nixpkgs,
    ImportTree,
    Opaque,
}

fn classify(name: &str, url: Option<&str>, follows: Option<&str>) -> InputKind {
    let u = url.unwrap_or("").to_ascii_lowercase();
    let has = |s: &str| u.contains(s);
    if has("clan-core") || (url.is_none() && (name == "clan-core" || name == "clan")) {
        return InputKind::ClanCore;
    }
    if has("flake-parts") || (url.is_none() && name == "flake-parts") {
        return InputKind::FlakeParts;
    }
    if has("import-tree") || (url.is_none() && name == "import-tree") {
        return InputKind::ImportTree;
    }
    if has("nixos/nixpkgs")
        || has("nixpkgs.lib")
        || has("nixpkgs-lib")
        || has("nixpkgs/")
        || u == "nixpkgs"
        || u.starts_with("nixpkgs")
    {
        return InputKind::Nixpkgs;
    }
    if url.is_none()
        && let Some(f) = follows
    {
        return classify(f, None, None);
    }
    // An input named nixpkgs (a fork, a mirror) still provides nixpkgs' lib.
    if name == "nixpkgs" || name == "nixpkgs-lib" || has("nixpkgs") {
        return InputKind::Nixpkgs;
    }
    InputKind::Opaque
}

fn input_value(name: &str, kind: InputKind) -> Value {
    match kind {
        InputKind::ClanCore => clan_core_input(name),
        InputKind::FlakeParts => flake_parts_input(name),
        InputKind::ImportTree => import_tree_input(name),
        InputKind::Nixpkgs => nixpkgs_input(name),
        InputKind::Opaque => Value::unknown(format!("the flake input '{name}' is not evaluated by clan-inv"), None),
    }
}

/// Reads `inputs.<name>.url` / `.follows` where statically given.
fn input_specs(ev: &mut Evaluator, flake: &Rc<Attrs>) -> Vec<(Rc<str>, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    let Some(t) = flake.get("inputs").cloned() else {
        return out;
    };
    let Ok(Value::Attrs(inputs)) = ev.force(&t) else {
        return out;
    };
    for (name, spec) in &inputs.entries {
        let (mut url, mut follows) = (None, None);
        match ev.force(spec) {
            Ok(Value::Attrs(s)) => {
                for (k, slot) in [("url", &mut url), ("follows", &mut follows)] {
                    if let Some(v) = s.get(k).cloned()
                        && let Ok(Value::Str(x)) = ev.force(&v)
                    {
                        *slot = Some(x.to_string());
                    }
                }
            }
            Ok(Value::Str(x)) => url = Some(x.to_string()),
            _ => {}
        }
        out.push((name.clone(), url, follows));
    }
    out
}

fn flake_parts_args(ev: &mut Evaluator, a: &Thunk) -> Vec<(Rc<str>, Thunk)> {
    // `mkFlake { inherit inputs; ... }`: inputs and self come from there.
    let mut args = Vec::new();
    if let Ok(Value::Attrs(s)) = ev.force(a) {
        if let Some(i) = s.get("inputs").cloned() {
            args.push((Rc::from("inputs"), i.clone()));
            args.push((Rc::from("self"), Thunk::lazy(ThunkState::Select(Box::new((i, Rc::from("self"), None))))));
        }
        if let Some(sa) = s.get("specialArgs").cloned()
            && let Ok(Value::Attrs(sa)) = ev.force(&sa)
        {
            for (k, v) in &sa.entries {
                args.push((k.clone(), v.clone()));
            }
        }
    }
    args.push((Rc::from("flake-parts-lib"), Thunk::Val(flake_parts_lib())));
    for n in ["withSystem", "moduleWithSystem", "getSystem"] {
        args.push((
            Rc::from(n),
            Thunk::Val(Value::unknown(format!("the flake-parts argument `{n}` is not evaluated by clan-inv"), None)),
        ));
    }
    args
}

static TRANSPOSED: BuiltinDef = BuiltinDef { name: "mkTransposedPerSystemModule", arity: 1, f: m_transposed };

/// `flake-parts-lib.mkTransposedPerSystemModule`: a module declaring a
/// `perSystem` option and its transposed `flake` output. The values are
/// made from `perSystem`, which is not evaluated: the module defines no
/// clan option, and `self.<name>` stays unknown (flake outputs are partial).
fn m_transposed(_ev: &mut Evaluator, _a: &[Thunk]) -> R<Value> {
    Ok(Value::attrs(Attrs::from_unsorted(vec![(
        Rc::from("_file"),
        Thunk::Val(Value::str("<flake-parts transposed module>")),
    )])))
}

/// The `flake-parts-lib` module argument: what clan flakes use of it.
fn flake_parts_lib() -> Value {
    attrs(
        vec![("mkTransposedPerSystemModule", builtin_value(&TRANSPOSED))],
        Some("this flake-parts-lib function is not modelled by clan-inv"),
    )
}

/// Options flake-parts declares that clan-inv needs merged (`flake.*`).
fn flake_parts_options() -> Rc<crate::module::Options> {
    use crate::module::{OptDecl, Options, Ty};
    let anything = Rc::new(Ty::Anything);
    let modules = Rc::new(Ty::AttrsOf(Rc::new(Ty::AttrsOf(Rc::new(Ty::DeferredModule)))));
    let flake = Rc::new(Options {
        decls: vec![
            ("clan", OptDecl { ty: anything.clone(), default: None, apply: None }),
            ("modules", OptDecl { ty: modules, default: Some(Value::attrs(Attrs::default())), apply: None }),
        ],
        freeform: Some(anything.clone()),
        ..Default::default()
    });
    Rc::new(Options {
        decls: vec![
            (
                "flake",
                OptDecl {
                    ty: Rc::new(Ty::Submodule(flake)),
                    default: Some(Value::attrs(Attrs::default())),
                    apply: None,
                },
            ),
            (
                "perSystem",
                OptDecl { ty: Rc::new(Ty::DeferredModule), default: Some(Value::attrs(Attrs::default())), apply: None },
            ),
            (
                "systems",
                OptDecl { ty: Rc::new(Ty::ListOf(Rc::new(Ty::Str))), default: Some(Value::list(vec![])), apply: None },
            ),
        ],
        freeform: Some(anything),
        ..Default::default()
    })
}

fn flake_parts_eval(ev: &mut Evaluator, a: &Thunk, module: &Thunk) -> R<FlakeParts> {
    let args = flake_parts_args(ev, a);
    let cfg = Thunk::lazy(ThunkState::Blackhole);
    let margs = Thunk::Val(crate::module::module_args(&args, cfg.clone()));
    let root = Def::new(module.clone(), Rc::from("flake.nix"), None);
    let t0 = std::time::Instant::now();
    let mut evaluation = Evaluation::new(ev, vec![root.clone()], &margs)?;
    // `_module.args.x = …` adds module arguments: collect once more with them
    // (modules that read them saw unknowns the first time).
    let mut extra: Vec<(Rc<str>, Thunk)> = Vec::new();
    for m in evaluation.module_metas() {
        if let Ok(Value::Attrs(meta)) = ev.force(&m)
            && let Some(a) = meta.get("args").cloned()
            && let Ok(Value::Attrs(a)) = ev.force(&a)
        {
            extra.extend(a.entries.iter().cloned());
        }
    }
    let args = if extra.is_empty() {
        args
    } else {
        let mut all = args;
        all.retain(|(n, _)| !extra.iter().any(|(e, _)| e == n));
        all.extend(extra);
        let margs = Thunk::Val(crate::module::module_args(&all, cfg.clone()));
        evaluation = Evaluation::new(ev, vec![root], &margs)?;
        all
    };
    if std::env::var_os("CLAN_INV_PROFILE").is_some() {
        eprintln!("profile: flake-parts modules collected: {:?} ({} modules)", t0.elapsed(), evaluation.module_count());
    }
    // Modules that are attributes of other flake inputs (formatters, dev
    // shells, ...) are not evaluated; they are assumed not to define clan
    // options, but options they declare are unknown. Any other unknown module
    // (e.g. built by an input's function from local files) may define the
    // clan: it stays unknown.
    let mut skipped = false;
    let mut unknown = None;
    for i in 0..evaluation.module_count() {
        if let Some(Value::Unknown(u)) = evaluation.module_config(i).and_then(|t| t.peek()) {
            let benign = u.reason.starts_with("the flake input '")
                || u.reason.starts_with("this attribute of the flake input '");
            if benign {
                skipped = true;
            } else {
                unknown = Some(u);
            }
        }
    }
    evaluation.unknown = unknown;
    let evaluation = Rc::new(evaluation);
    let sys = System::new();
    let opts = flake_parts_options();
    let path = crate::module::OptPath::default();
    let mut value = crate::module::config_value(&sys, &opts, &evaluation, &path, &crate::module::Inherited::default());
    if skipped && let Value::Attrs(a) = &value {
        // Options set here but declared by no evaluated module come from a
        // skipped module: their types and defaults are not known.
        let entries = a
            .entries
            .iter()
            .map(|(k, t)| {
                                if ["flake", "perSystem", "systems"].contains(&&**k) || evaluation.declared.iter().any(|(n, _)| n == k) {
                    (k.clone(), t.clone())
                } else {
                    let u = Value::unknown(
                        format!("the option `{k}' is probably declared by a module of a flake input, which clan-inv does not evaluate"),
                        None,
                    );
                    (k.clone(), Thunk::Val(u))
                }
            })
            .collect();
        value = Value::attrs(Attrs {
            origin: None,
            entries,
            partial: a.partial.as_ref().map(|p| Partial { unknown: p.unknown.clone(), can_shadow: p.can_shadow }),
        });
    }
    if let Thunk::Lazy(c) = &cfg {
        *c.borrow_mut() = ThunkState::Done(value);
    }
    let clan_module_imported = (0..evaluation.module_count()).any(|i| {
        matches!(evaluation.module_config(i).and_then(|t| t.peek()), Some(Value::Attrs(a)) if a.get(CLAN_FLAKE_MODULE_KEY).is_some())
    });
    Ok(FlakeParts { clan_module_imported, evaluation, config: cfg, args })
}

/// The definitions of flake-parts' `flake.clan`, in the order the clan
/// submodule receives them: `flake.clan` definitions in module order, and
/// all `clan` (alias) definitions as one group at the alias module.
fn flake_parts_clan_defs(ev: &mut Evaluator, fp: &FlakeParts) -> R<Vec<Def>> {
    let e = &fp.evaluation;
    let mut out: Vec<(usize, Def)> = Vec::new();
    for d in e.defs_of("flake").iter() {
        let mut flats = Vec::new();
        crate::module::discharge(ev, d, &mut flats)?;
        for f in flats {
            match &f.value {
                Value::Attrs(s) => {
                    if let Some(c) = s.get("clan") {
                        let span = ev.attr_span(s, "clan").or(f.span);
                        let mut def = Def::new(c.clone(), f.file.clone(), span);
                        def.prio = if f.prio == crate::module::DEFAULT_PRIO { None } else { Some(f.prio) };
                        out.push((d.module, def));
                    }
                }
                Value::Unknown(u) => {
                    let def = Def::new(Thunk::Val(Value::Unknown(u.clone())), f.file.clone(), f.span);
                    out.push((d.module, def));
                }
                _ => {}
            }
        }
    }
    // `flake` is itself a submodule, so its `clan` definitions reach the clan
    // evaluation in collection order; the `clan` alias module sits deeper
    // than all of them, so its merged definitions come last.
    out.sort_by_key(|a| a.0);
    let mut defs: Vec<Def> = out.into_iter().map(|(_, d)| d).collect();
    defs.extend(e.defs_of("clan").iter().cloned());
    // A module that could not be read may define parts of the clan.
    if let Some(u) = &e.unknown {
        defs.push(Def::new(Thunk::Val(Value::Unknown(u.clone())), Rc::from("<unknown module>"), u.span));
    }
    Ok(defs)
}

fn self_value(dir: &Path, outputs: Thunk, inputs: Thunk) -> Thunk {
    let dir_s: Rc<str> = Rc::from(dir.to_string_lossy().as_ref());
    Thunk::native(move |ev| {
        let base = Value::attrs(Attrs::from_unsorted(vec![
            (Rc::from("outPath"), Thunk::Val(Value::Str(dir_s.clone()))),
            (Rc::from("inputs"), inputs.clone()),
            (Rc::from("_type"), Thunk::Val(Value::str("flake"))),
        ]));
        let out = ev.force(&outputs)?;
        match out {
            Value::Attrs(_) => ev.update(out, base),
            _ => Ok(base),
        }
    })
}

/// Finds the clan module of the clan in `dir`.
pub fn find_entry(ev: &mut Evaluator, dir: &Path) -> R<Entry> {
    let flake = dir.join("flake.nix");
    let clan_nix = dir.join("clan.nix");
    if flake.is_file() {
        if let Some(e) = from_flake(ev, dir, &flake)? {
            return Ok(e);
        }
        return Err(EvalError::new(
            ErrorKind::NoClan,
            format!(
                "no clan found in '{}': it calls none of `<input>.lib.clan`, `lib.buildClan`, `clanLib.buildClan`, and sets no flake-parts `clan` / `flake.clan` with clan-core's flake module imported",
                crate::syntax::display_path(&flake)
            ),
            None,
        ));
    }
    if clan_nix.is_file() {
        let self_v =
            attrs(vec![("outPath", Value::str(&dir.to_string_lossy()))], Some("`self` of a clan without flake.nix"));
        let inputs = Value::unknown("flake inputs of a clan without flake.nix", None);
        return Ok(Entry {
            kind: EntryKind::ClanNix,
            dir: dir.to_path_buf(),
            entry_file: clan_nix.clone(),
            clan_defs: vec![Def::new(Thunk::Val(Value::Path(Rc::new(clan_nix.clone()))), Rc::from("clan.nix"), None)],
            as_definitions: false,
            args: vec![(Rc::from("self"), Thunk::Val(self_v)), (Rc::from("inputs"), Thunk::Val(inputs))],
            skipped_modules: vec![],
        });
    }
    Err(EvalError::new(ErrorKind::NoClan, format!("no flake.nix or clan.nix in '{}'", dir.display()), None))
}

fn from_flake(ev: &mut Evaluator, dir: &Path, flake_path: &Path) -> R<Option<Entry>> {
    let v = ev.import(flake_path)?;
    let Value::Attrs(flake) = v else {
        return Err(ev.type_error("a set (flake.nix)", &v));
    };
    let specs = input_specs(ev, &flake);
    let Some(outputs) = flake.get("outputs").cloned() else {
        return Ok(None);
    };
    let outputs_fn = ev.force(&outputs)?;
    // Names the outputs function takes besides the declared inputs.
    let mut names: Vec<(Rc<str>, Option<String>, Option<String>)> = specs.clone();
    if let Value::Lambda(c) = &outputs_fn
        && let crate::eval::ir::Param::Formals { formals, .. } = &c.def.param
    {
        for (f, _) in formals {
            if &**f != "self" && !names.iter().any(|(n, _, _)| n == f) {
                names.push((f.clone(), None, None));
            }
        }
    }
    let inputs_cell = Thunk::lazy(ThunkState::Blackhole);
    let outputs_cell = Thunk::lazy(ThunkState::Blackhole);
    let self_t = self_value(dir, outputs_cell.clone(), inputs_cell.clone());
    let mut entries: Vec<(Rc<str>, Thunk)> = vec![(Rc::from("self"), self_t.clone())];
    for (n, url, follows) in &names {
        let kind = classify(n, url.as_deref(), follows.as_deref());
        entries.push((n.clone(), Thunk::Val(input_value(n, kind))));
    }
    let mut inputs = Attrs::from_unsorted(entries);
    inputs.partial = Some(Partial {
        unknown: Rc::new(Unknown { reason: "a flake input that flake.nix does not declare".into(), span: None }),
        can_shadow: false,
    });
    let inputs_v = Value::attrs(inputs);
    if let Thunk::Lazy(c) = &inputs_cell {
        *c.borrow_mut() = ThunkState::Done(inputs_v.clone());
    }
    if let Thunk::Lazy(c) = &outputs_cell {
        *c.borrow_mut() = ThunkState::Apply(Box::new((outputs_fn, Thunk::Val(inputs_v.clone()))));
    }
    // Force the outputs until an entry point is called (they are lazy: the
    // call happens when some output is forced). Arguments of functions we do
    // not know (another flake framework) are searched as well.
    ev.opaque_args = Some(Vec::new());
    let out = ev.force(&outputs_cell);
    let args = vec![(Rc::from("self"), self_t.clone()), (Rc::from("inputs"), Thunk::Val(inputs_v.clone()))];
    // flake-parts first: its `clan` option is the clan, when clan-core's
    // flake module is imported (otherwise `flake.clan` is a plain output).
    let fp = ev.ext.iter().find_map(|x| x.clone().downcast::<FlakeParts>().ok());
    if let Some(fp) = &fp
        && fp.clan_module_imported
    {
        let defs = flake_parts_clan_defs(ev, fp)?;
        ev.opaque_args = None;
        if !defs.is_empty() {
            let mut clan_args = fp.args.clone();
            if !clan_args.iter().any(|(n, _)| &**n == "self") {
                clan_args.extend(args.clone());
            }
            return Ok(Some(Entry {
                kind: EntryKind::FlakeParts,
                dir: dir.to_path_buf(),
                entry_file: flake_path.to_path_buf(),
                clan_defs: defs,
                as_definitions: true,
                args: clan_args,
                skipped_modules: vec![],
            }));
        }
    }
    let has_call = |ev: &Evaluator| ev.recorded.iter().any(|(k, _)| *k == "lib.clan" || *k == "lib.buildClan");
    let mut budget = 2000usize;
    let mut queue: Vec<(Thunk, u32)> = Vec::new();
    if let Ok(v) = &out {
        queue.push((Thunk::Val(v.clone()), 0));
    }
    let mut searched_opaque = 0;
    loop {
        if has_call(ev) || budget == 0 {
            break;
        }
        // New arguments of opaque calls join the search.
        if let Some(args) = &ev.opaque_args
            && args.len() > searched_opaque
        {
            let fresh: Vec<Thunk> = args[searched_opaque..].to_vec();
            searched_opaque = args.len();
            queue.extend(fresh.into_iter().map(|t| (t, 0)));
        }
        let Some((t, depth)) = queue.pop() else { break };
        budget -= 1;
        if let Ok(Value::Attrs(s)) = ev.force(&t)
            && depth < 4
        {
            queue.extend(s.entries.iter().rev().map(|(_, t)| (t.clone(), depth + 1)));
        }
    }
    let opaque_calls = ev.opaque_args.take().map(|a| a.len()).unwrap_or(0);
    if let Err(e) = &out
        && !has_call(ev)
    {
        return Err(e.clone());
    }
    if !has_call(ev) && opaque_calls > 0 {
        // The clan may be defined inside a call to a function of a flake
        // input that is not evaluated: that is not "no clan".
        return Err(EvalError::new(
            ErrorKind::Limit,
            "no clan found statically: flake.nix passes its outputs through functions of flake inputs that clan-inv does not evaluate, and the clan may be defined there".into(),
            ev.opaque_call.take(),
        ));
    }
    if let Some((kind, a)) = ev.recorded.iter().find(|(k, _)| *k == "lib.clan" || *k == "lib.buildClan").cloned() {
        return Ok(Some(Entry {
            kind: EntryKind::LibClan(kind),
            dir: dir.to_path_buf(),
            entry_file: flake_path.to_path_buf(),
            clan_defs: vec![Def::new(
                a[0].clone(),
                Rc::from(crate::syntax::display_path(flake_path).as_str()),
                Evaluator::thunk_span(&a[0]),
            )],
            as_definitions: false,
            args,
            skipped_modules: vec![],
        }));
    }
    Ok(None)
}
