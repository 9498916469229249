//! The plain model of an inventory that the query commands work on
//! (`resolve`, `render`, `api::*_report`): machines, tags, instances, roles
//! and legacy `inventory.services` instances, extracted from the lazy merged
//! config with every value that is not statically known made explicit
//! ([`K::Unknown`], or a key set with a `rest`).
//!
//! Extraction is lazy and piecemeal, so that each command forces only what
//! its answer needs (SPEC §1 principle 2): the key sets of role `machines` and
//! `tags` are read without their values, so settings are never evaluated by a
//! membership query; machine details (description, deploy) are read only when
//! asked for; settings only through [`settings_chain`].
//!
//! Names are `Rc<str>` shared with the evaluator's attribute sets, so the
//! model (like every evaluator value) lives on the evaluation thread.

use std::rc::Rc;

use super::Clan;
use crate::eval::json::{PathMode, write_json};
use crate::eval::value::{Attrs, Thunk, Value};
use crate::eval::{ErrorKind, EvalError, Evaluator, R};

/// Why a part of the answer is not statically known: the part (`what`, an
/// option path such as `inventory.machines.vault.tags`), the evaluator's
/// reason and the source location (`file:line:col`) when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub what: String,
    pub reason: String,
    pub at: Option<String>,
}

/// A value that is either known or explicitly not statically known.
#[derive(Clone, Debug, PartialEq)]
pub enum K<T> {
    Known(T),
    Unknown(Unknown),
}

impl<T> K<T> {
    pub fn as_ref(&self) -> K<&T> {
        match self {
            K::Known(t) => K::Known(t),
            K::Unknown(u) => K::Unknown(u.clone()),
        }
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> K<U> {
        match self {
            K::Known(t) => K::Known(f(t)),
            K::Unknown(u) => K::Unknown(u),
        }
    }
    pub fn known(&self) -> Option<&T> {
        match self {
            K::Known(t) => Some(t),
            K::Unknown(_) => None,
        }
    }
    pub fn unknown(&self) -> Option<&Unknown> {
        match self {
            K::Known(_) => None,
            K::Unknown(u) => Some(u),
        }
    }
}

/// A name shared with the evaluator (attribute names are `Rc<str>`).
pub type Name = Rc<str>;

/// The key set of an attribute set: the keys known to exist (sorted
/// bytewise), and `rest` when more keys may exist that cannot be known.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub names: Vec<Name>,
    pub rest: Option<Unknown>,
}

impl Names {
    pub fn contains(&self, n: &str) -> bool {
        self.names.binary_search_by(|x| x.as_bytes().cmp(n.as_bytes())).is_ok()
    }
    /// The complete key set, or why it is not known.
    pub fn complete(&self) -> K<&[Name]> {
        match &self.rest {
            Some(u) => K::Unknown(u.clone()),
            None => K::Known(&self.names),
        }
    }
}

/// One inventory machine (an attribute of `inventory.machines`).
#[derive(Clone, Debug)]
pub struct Machine {
    /// The attribute key: the machine's identity.
    pub name: Name,
    pub machine_class: K<Rc<str>>,
    /// The final tag list (clan-semantics §6.2), in clan's order.
    pub tags: K<Vec<Name>>,
    /// Present when extracted with [`MachineWant::details`].
    /// (Boxed: a list of thousands of machines without details stays small.)
    pub details: Option<Box<MachineDetails>>,
}

/// The parts of a machine only `machines` shows.
#[derive(Clone, Debug)]
pub struct MachineDetails {
    pub description: K<Option<String>>,
    pub target_host: K<Option<String>>,
    pub build_host: K<Option<String>>,
    pub forward_agent: K<Option<bool>>,
}

/// What to read of each machine besides its class and tags.
#[derive(Clone, Copy, Debug, Default)]
pub struct MachineWant {
    pub details: bool,
}

/// All inventory machines, sorted by name; `rest` when more may exist.
#[derive(Clone, Debug, Default)]
pub struct Machines {
    pub list: Vec<Machine>,
    pub rest: Option<Unknown>,
}

impl Machines {
    pub fn get(&self, name: &str) -> Option<&Machine> {
        self.list.binary_search_by(|m| m.name.as_bytes().cmp(name.as_bytes())).ok().map(|i| &self.list[i])
    }
    pub fn names(&self) -> Names {
        Names { names: self.list.iter().map(|m| m.name.clone()).collect(), rest: self.rest.clone() }
    }
}

/// `module = { name; input; }` of an instance.
#[derive(Clone, Debug)]
pub struct ModuleRef {
    pub name: K<Rc<str>>,
    pub input: K<Option<Rc<str>>>,
}

/// `roles.<r>` of an instance, as far as membership needs it: the keys of
/// `machines` and of `tags` (list form already coerced), never the settings.
#[derive(Clone, Debug)]
pub struct Role {
    pub name: Name,
    pub machines: Names,
    pub tags: Names,
}

/// `inventory.instances.<i>`.
#[derive(Clone, Debug)]
pub struct Instance {
    pub name: Name,
    pub module: ModuleRef,
    /// Sorted by role name.
    pub roles: Vec<(Name, K<Role>)>,
    /// Names of the roles (also of those whose value is unknown), and
    /// whether more roles may exist.
    pub role_names: Names,
}

impl Instance {
    pub fn role(&self, name: &str) -> Option<&K<Role>> {
        let i = self.roles.binary_search_by(|x| x.0.as_bytes().cmp(name.as_bytes())).ok()?;
        Some(&self.roles[i].1)
    }
}

/// A role of a legacy `inventory.services.<svc>.<inst>` instance: the lists
/// as written (`machines` in list order with duplicates, `tags` as written).
#[derive(Clone, Debug)]
pub struct LegacyRole {
    pub name: Name,
    pub machines: K<Vec<Name>>,
    pub tags: K<Vec<Name>>,
}

/// `inventory.services.<service>.<instance>` (clan-semantics §12).
#[derive(Clone, Debug)]
pub struct LegacyInstance {
    pub service: Name,
    pub instance: Name,
    pub enabled: K<bool>,
    /// Sorted by role name.
    pub roles: Vec<(Name, K<LegacyRole>)>,
    pub role_names: Names,
}

impl LegacyInstance {
    /// The key under which `instances` and `machine` show it.
    pub fn key(&self) -> String {
        format!("services.{}.{}", self.service, self.instance)
    }
}

/// The legacy `inventory.services` value, if it was defined at all.
#[derive(Clone, Debug, Default)]
pub struct Legacy {
    /// Whether `inventory.services` has any definition (current clan-core
    /// rejects even `services = { }`).
    pub defined: bool,
    /// The files that define it.
    pub files: Vec<String>,
    pub instances: Vec<LegacyInstance>,
    /// More legacy instances may exist.
    pub rest: Option<Unknown>,
}

/// One settings value as JSON (compact, keys sorted), with the parts of it
/// that are not statically known (already written as `{"$unknown": ...}`).
#[derive(Clone, Debug)]
pub struct SettingsValue {
    pub json: String,
    pub unknowns: Vec<Unknown>,
}

/// The settings that reach one member of a role (clan-semantics §9.1):
/// role-wide, the machine's own entry (when it has one) and one per role tag
/// the machine carries, in tag-name order.
#[derive(Clone, Debug)]
pub struct SettingsChain {
    pub role: SettingsValue,
    pub machine: Option<SettingsValue>,
    pub tags: Vec<(Name, SettingsValue)>,
}

// ---- extraction helpers -------------------------------------------------

fn mk_unknown(ev: &Evaluator, u: &crate::eval::value::Unknown, what: &dyn std::fmt::Display) -> Unknown {
    let at = u.span.or_else(|| definition_span(ev, what)).map(|s| ev.db.location(s));
    Unknown { what: what.to_string(), reason: u.reason.clone(), at }
}

/// Where the option `what` is defined (its first definition with a span),
/// from the module system's provenance, when the evaluator's unknown value
/// carries no location of its own. Needs the clan's `System` registered in
/// `ev.ext` (see [`register`]).
fn definition_span(ev: &Evaluator, what: &dyn std::fmt::Display) -> Option<crate::syntax::Span> {
    let sys = ev.ext.iter().find_map(|x| x.clone().downcast::<crate::module::System>().ok())?;
    let p = sys.provenance.borrow();
    p.defs.get(what.to_string().as_str())?.iter().find_map(|(_, sp)| *sp)
}

/// Lets the extraction find definition locations (for unknown values that
/// carry none) in the clan's module-system provenance.
pub fn register(clan: &mut Clan) {
    let sys: std::rc::Rc<dyn std::any::Any> = clan.sys.clone();
    if !clan.ev.ext.iter().any(|x| x.clone().downcast::<crate::module::System>().is_ok()) {
        clan.ev.ext.push(sys);
    }
}

/// Forces `t`. An unknown value, or a bound of clan-inv being hit, is an
/// explicit unknown; every other error is an error.
pub fn force(ev: &mut Evaluator, t: &Thunk, what: &dyn std::fmt::Display) -> R<K<Value>> {
    match ev.force(t) {
        Ok(Value::Unknown(u)) => Ok(K::Unknown(mk_unknown(ev, &u, what))),
        Ok(v) => Ok(K::Known(v)),
        Err(e) if e.kind == ErrorKind::Limit => {
            Ok(K::Unknown(Unknown { what: what.to_string(), reason: e.msg, at: e.span.map(|s| ev.db.location(s)) }))
        }
        Err(e) => Err(e),
    }
}

/// An attribute set and the unknown part of its key set.
struct Set {
    attrs: Rc<Attrs>,
    rest: Option<Unknown>,
}

impl Set {
    fn names(&self) -> Names {
        Names { names: self.attrs.names().cloned().collect(), rest: self.rest.clone() }
    }
    fn get(&self, n: &str) -> Option<Thunk> {
        self.attrs.get(n).cloned()
    }
}

fn force_set(ev: &mut Evaluator, t: &Thunk, what: &dyn std::fmt::Display) -> R<K<Set>> {
    Ok(match force(ev, t, what)? {
        K::Known(Value::Attrs(a)) => {
            let rest = a.partial.as_ref().map(|p| mk_unknown(ev, &p.unknown, what));
            K::Known(Set { attrs: a, rest })
        }
        K::Known(Value::Null) => K::Known(Set { attrs: Rc::new(Attrs::default()), rest: None }),
        K::Known(other) => {
            return Err(EvalError::new(
                ErrorKind::Type,
                format!(
                    "A definition for option `{what}' is not of type `attribute set'. It is {}.",
                    other.show_type()
                ),
                None,
            ));
        }
        K::Unknown(u) => K::Unknown(u),
    })
}

/// The keys of the set in `t` (its values are not forced).
fn force_names(ev: &mut Evaluator, t: &Thunk, what: &dyn std::fmt::Display) -> R<Names> {
    Ok(match force_set(ev, t, what)? {
        K::Known(s) => s.names(),
        K::Unknown(u) => Names { names: Vec::new(), rest: Some(u) },
    })
}

fn field_names(ev: &mut Evaluator, set: &Set, name: &str, what: &dyn std::fmt::Display) -> R<Names> {
    match set.get(name) {
        Some(t) => force_names(ev, &t, what),
        None => Ok(match &set.rest {
            Some(u) => Names { names: Vec::new(), rest: Some(u.clone()) },
            None => Names::default(),
        }),
    }
}

fn force_str(ev: &mut Evaluator, t: &Thunk, what: &dyn std::fmt::Display) -> R<K<Rc<str>>> {
    Ok(match force(ev, t, what)? {
        K::Known(Value::Str(s)) => K::Known(s),
        K::Known(other) => return Err(ev.type_error("a string", &other)),
        K::Unknown(u) => K::Unknown(u),
    })
}

fn force_opt_str(ev: &mut Evaluator, t: &Thunk, what: &dyn std::fmt::Display) -> R<K<Option<Rc<str>>>> {
    Ok(match force(ev, t, what)? {
        K::Known(Value::Null) => K::Known(None),
        K::Known(Value::Str(s)) => K::Known(Some(s)),
        K::Known(other) => return Err(ev.type_error("null or a string", &other)),
        K::Unknown(u) => K::Unknown(u),
    })
}

fn force_opt_bool(ev: &mut Evaluator, t: &Thunk, what: &dyn std::fmt::Display) -> R<K<Option<bool>>> {
    Ok(match force(ev, t, what)? {
        K::Known(Value::Null) => K::Known(None),
        K::Known(Value::Bool(b)) => K::Known(Some(b)),
        K::Known(other) => return Err(ev.type_error("null or a Boolean", &other)),
        K::Unknown(u) => K::Unknown(u),
    })
}

/// A list of strings; unknown as a whole when any element is unknown.
fn force_str_list(ev: &mut Evaluator, t: &Thunk, what: &dyn std::fmt::Display) -> R<K<Vec<Name>>> {
    let l = match force(ev, t, what)? {
        K::Known(Value::List(l)) => l,
        K::Known(other) => {
            return Err(EvalError::new(
                ErrorKind::Type,
                format!(
                    "A definition for option `{what}' is not of type `list of string'. It is {}.",
                    other.show_type()
                ),
                None,
            ));
        }
        K::Unknown(u) => return Ok(K::Unknown(u)),
    };
    let mut out = Vec::with_capacity(l.len());
    for e in l.iter() {
        match force(ev, e, what)? {
            K::Known(Value::Str(s)) => out.push(s),
            K::Known(other) => {
                return Err(EvalError::new(
                    ErrorKind::Type,
                    format!(
                        "A definition for option `{what}' is not of type `list of string'. An element is {}.",
                        other.show_type()
                    ),
                    None,
                ));
            }
            K::Unknown(u) => return Ok(K::Unknown(u)),
        }
    }
    Ok(K::Known(out))
}

fn opt_field<T>(
    ev: &mut Evaluator,
    set: &Set,
    name: &str,
    what: &dyn std::fmt::Display,
    f: impl FnOnce(&mut Evaluator, &Thunk, &dyn std::fmt::Display) -> R<K<T>>,
    default: T,
) -> R<K<T>> {
    match set.get(name) {
        Some(t) => f(ev, &t, what),
        None => Ok(match &set.rest {
            Some(u) => K::Unknown(u.clone()),
            None => K::Known(default),
        }),
    }
}

/// An option path for messages (`parent.field`), made into text only when a
/// message or an unknown value shows it.
struct Field<'a>(&'a dyn std::fmt::Display, &'a str);

impl std::fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// `parent.<name>`, the name quoted as nixpkgs shows it when it needs to be
/// (`machines."a.b"`), made into text only when shown.
pub(crate) struct Named<'a>(pub &'a dyn std::fmt::Display, pub &'a str);

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, show_name(self.1))
    }
}

/// One attribute name as an option path shows it (quoted unless it is an
/// identifier).
pub fn show_name(n: &str) -> String {
    // `show_path` of one name, without building a path for it.
    let ident = n.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '\'');
    if ident { n.to_string() } else { crate::module::show_path(&[Rc::from(n)]) }
}

// ---- extraction ---------------------------------------------------------

/// The merged `inventory` set.
pub fn inventory(clan: &mut Clan) -> R<K<Rc<Attrs>>> {
    register(clan);
    let t = clan.inventory.clone();
    Ok(force_set(&mut clan.ev, &t, &"inventory")?.map(|s| s.attrs))
}

fn inv_set(ev: &mut Evaluator, inv: &Rc<Attrs>, name: &str) -> R<K<Set>> {
    let what = format!("inventory.{name}");
    match inv.get(name).cloned() {
        Some(t) => force_set(ev, &t, &what),
        None => Ok(K::Known(Set { attrs: Rc::new(Attrs::default()), rest: None })),
    }
}

/// The names of the inventory machines, without forcing any machine.
pub fn machine_names(ev: &mut Evaluator, inv: &Rc<Attrs>) -> R<Names> {
    Ok(match inv_set(ev, inv, "machines")? {
        K::Known(s) => s.names(),
        K::Unknown(u) => Names { names: Vec::new(), rest: Some(u) },
    })
}

/// Every inventory machine with its class and final tags (and details when
/// wanted).
pub fn machines(ev: &mut Evaluator, inv: &Rc<Attrs>, want: MachineWant) -> R<Machines> {
    let set = match inv_set(ev, inv, "machines")? {
        K::Known(s) => s,
        K::Unknown(u) => return Ok(Machines { list: Vec::new(), rest: Some(u) }),
    };
    let mut list = Vec::with_capacity(set.attrs.len());
    for (name, t) in set.attrs.entries.iter() {
        list.push(machine_record(ev, name, t, want)?);
    }
    Ok(Machines { list, rest: set.rest })
}

/// One inventory machine: `Ok(None)` when no machine of that name is known
/// (the caller decides, from [`machine_names`], whether it may still exist).
pub fn machine(ev: &mut Evaluator, inv: &Rc<Attrs>, name: &str, want: MachineWant) -> R<Option<Machine>> {
    let set = match inv_set(ev, inv, "machines")? {
        K::Known(s) => s,
        K::Unknown(_) => return Ok(None),
    };
    let Ok(i) = set.attrs.entries.binary_search_by(|(k, _)| k.as_bytes().cmp(name.as_bytes())) else {
        return Ok(None);
    };
    let (key, t) = set.attrs.entries[i].clone();
    Ok(Some(machine_record(ev, &key, &t, want)?))
}

fn machine_record(ev: &mut Evaluator, name: &Name, t: &Thunk, want: MachineWant) -> R<Machine> {
    let base = Named(&"inventory.machines", name);
    let m = match force_set(ev, t, &base)? {
        K::Known(m) => m,
        K::Unknown(u) => {
            return Ok(Machine {
                name: name.clone(),
                machine_class: K::Unknown(u.clone()),
                tags: K::Unknown(u.clone()),
                details: want.details.then(|| {
                    Box::new(MachineDetails {
                        description: K::Unknown(u.clone()),
                        target_host: K::Unknown(u.clone()),
                        build_host: K::Unknown(u.clone()),
                        forward_agent: K::Unknown(u.clone()),
                    })
                }),
            });
        }
    };
    let machine_class = opt_field(ev, &m, "machineClass", &Field(&base, "machineClass"), force_str, Rc::from("nixos"))?;
    let tags = opt_field(ev, &m, "tags", &Field(&base, "tags"), force_str_list, Vec::new())?;
    let details = if want.details {
        let description = opt_field(ev, &m, "description", &Field(&base, "description"), force_opt_str, None)?;
        let deploy_what = Field(&base, "deploy");
        let deploy = match m.get("deploy") {
            Some(t) => force_set(ev, &t, &deploy_what)?,
            None => K::Known(Set { attrs: Rc::new(Attrs::default()), rest: m.rest.clone() }),
        };
        let (target_host, build_host, forward_agent) = match deploy {
            K::Known(d) => (
                opt_field(ev, &d, "targetHost", &Field(&deploy_what, "targetHost"), force_opt_str, None)?,
                opt_field(ev, &d, "buildHost", &Field(&deploy_what, "buildHost"), force_opt_str, None)?,
                opt_field(ev, &d, "forwardAgent", &Field(&deploy_what, "forwardAgent"), force_opt_bool, None)?,
            ),
            K::Unknown(u) => (K::Unknown(u.clone()), K::Unknown(u.clone()), K::Unknown(u)),
        };
        let s = |k: K<Option<Rc<str>>>| k.map(|o| o.map(|s| s.to_string()));
        Some(Box::new(MachineDetails {
            description: s(description),
            target_host: s(target_host),
            build_host: s(build_host),
            forward_agent,
        }))
    } else {
        None
    };
    Ok(Machine { name: name.clone(), machine_class, tags, details })
}

/// The keys of `inventory.tags` (including the computed `all`, `nixos`,
/// `darwin`); their member lists are not forced.
pub fn inventory_tag_names(ev: &mut Evaluator, inv: &Rc<Attrs>) -> R<Names> {
    Ok(match inv_set(ev, inv, "tags")? {
        K::Known(s) => s.names(),
        K::Unknown(u) => Names { names: Vec::new(), rest: Some(u) },
    })
}

/// The names of the instances (`inventory.instances`), not forcing any.
pub fn instance_names(ev: &mut Evaluator, inv: &Rc<Attrs>) -> R<Names> {
    Ok(match inv_set(ev, inv, "instances")? {
        K::Known(s) => s.names(),
        K::Unknown(u) => Names { names: Vec::new(), rest: Some(u) },
    })
}

/// One instance: its module and, per role, the keys of `machines` and
/// `tags`. `None` when no instance of that name is known.
pub fn instance(ev: &mut Evaluator, inv: &Rc<Attrs>, name: &str) -> R<Option<K<Instance>>> {
    let set = match inv_set(ev, inv, "instances")? {
        K::Known(s) => s,
        K::Unknown(_) => return Ok(None),
    };
    let Ok(i) = set.attrs.entries.binary_search_by(|(k, _)| crate::eval::value::cmp_names(k, name)) else {
        return Ok(None);
    };
    let (key, t) = set.attrs.entries[i].clone();
    let base = Named(&"inventory.instances", &key);
    let inst = match force_set(ev, &t, &base)? {
        K::Known(s) => s,
        K::Unknown(u) => return Ok(Some(K::Unknown(u))),
    };
    let module = match inst.get("module") {
        Some(t) => force_set(ev, &t, &Field(&base, "module"))?,
        None => K::Known(Set { attrs: Rc::new(Attrs::default()), rest: inst.rest.clone() }),
    };
    let module = match module {
        K::Known(m) => ModuleRef {
            name: opt_field(ev, &m, "name", &Field(&Field(&base, "module"), "name"), force_str, key.clone())?,
            input: opt_field(ev, &m, "input", &Field(&Field(&base, "module"), "input"), force_opt_str, None)?,
        },
        K::Unknown(u) => ModuleRef { name: K::Unknown(u.clone()), input: K::Unknown(u) },
    };
    let roles_what = Field(&base, "roles");
    let roles_set = match inst.get("roles") {
        Some(t) => force_set(ev, &t, &roles_what)?,
        None => K::Known(Set { attrs: Rc::new(Attrs::default()), rest: inst.rest.clone() }),
    };
    let (roles, role_names) = match roles_set {
        K::Known(rs) => {
            let mut roles = Vec::with_capacity(rs.attrs.len());
            for (rname, rt) in rs.attrs.entries.iter() {
                let rbase = Named(&roles_what, rname);
                roles.push((
                    rname.clone(),
                    match force_set(ev, rt, &rbase)? {
                        K::Known(r) => K::Known(Role {
                            name: rname.clone(),
                            machines: field_names(ev, &r, "machines", &Field(&rbase, "machines"))?,
                            tags: field_names(ev, &r, "tags", &Field(&rbase, "tags"))?,
                        }),
                        K::Unknown(u) => K::Unknown(u),
                    },
                ));
            }
            (roles, rs.names())
        }
        K::Unknown(u) => (Vec::new(), Names { names: Vec::new(), rest: Some(u) }),
    };
    Ok(Some(K::Known(Instance { name: key, module, roles, role_names })))
}

/// The legacy `inventory.services.<service>.<instance>` instances. Forcing
/// the option records clan-core's removed-option error in `clan.sys.removed`
/// (the `inventory` command fails on it; the queries only warn).
pub fn legacy(clan: &mut Clan, inv: &Rc<Attrs>) -> R<Legacy> {
    let Some(t) = inv.get("services").cloned() else {
        return Ok(Legacy::default());
    };
    let ev = &mut clan.ev;
    let top = force_set(ev, &t, &"inventory.services")?;
    let removed: Vec<String> = clan.sys.removed.borrow().iter().map(|(_, f, _)| f.to_string()).collect();
    let mut out = Legacy { defined: !removed.is_empty(), files: Vec::new(), instances: Vec::new(), rest: None };
    for f in removed {
        if !out.files.contains(&f) {
            out.files.push(f);
        }
    }
    let top = match top {
        K::Known(s) => s,
        K::Unknown(u) => {
            out.rest = Some(u);
            return Ok(out);
        }
    };
    out.rest = top.rest.clone();
    for (svc, st) in top.attrs.entries.iter() {
        let sbase = format!("inventory.services.{}", show_name(svc));
        let insts = match force_set(ev, st, &sbase)? {
            K::Known(s) => s,
            K::Unknown(u) => {
                out.rest.get_or_insert(u);
                continue;
            }
        };
        if let Some(u) = &insts.rest {
            out.rest.get_or_insert(u.clone());
        }
        for (iname, it) in insts.attrs.entries.iter() {
            let ibase = Named(&sbase, iname);
            let inst = match force_set(ev, it, &ibase)? {
                K::Known(s) => s,
                K::Unknown(u) => {
                    out.instances.push(LegacyInstance {
                        service: svc.clone(),
                        instance: iname.clone(),
                        enabled: K::Unknown(u.clone()),
                        roles: Vec::new(),
                        role_names: Names { names: Vec::new(), rest: Some(u) },
                    });
                    continue;
                }
            };
            let enabled = match inst.get("enabled") {
                Some(t) => match force(ev, &t, &Field(&ibase, "enabled"))? {
                    K::Known(Value::Bool(b)) => K::Known(b),
                    K::Known(other) => return Err(ev.type_error("a Boolean", &other)),
                    K::Unknown(u) => K::Unknown(u),
                },
                None => match &inst.rest {
                    Some(u) => K::Unknown(u.clone()),
                    None => K::Known(true),
                },
            };
            let rwhat = Field(&ibase, "roles");
            let roles_set = match inst.get("roles") {
                Some(t) => force_set(ev, &t, &rwhat)?,
                None => K::Known(Set { attrs: Rc::new(Attrs::default()), rest: inst.rest.clone() }),
            };
            let (roles, role_names) = match roles_set {
                K::Known(rs) => {
                    let mut roles = Vec::new();
                    for (rname, rt) in rs.attrs.entries.iter() {
                        let rbase = Named(&rwhat, rname);
                        roles.push((
                            rname.clone(),
                            match force_set(ev, rt, &rbase)? {
                                K::Known(r) => K::Known(LegacyRole {
                                    name: rname.clone(),
                                    machines: opt_field(
                                        ev,
                                        &r,
                                        "machines",
                                        &Field(&rbase, "machines"),
                                        force_str_list,
                                        Vec::new(),
                                    )?,
                                    tags: opt_field(
                                        ev,
                                        &r,
                                        "tags",
                                        &Field(&rbase, "tags"),
                                        force_str_list,
                                        Vec::new(),
                                    )?,
                                }),
                                K::Unknown(u) => K::Unknown(u),
                            },
                        ));
                    }
                    (roles, rs.names())
                }
                K::Unknown(u) => (Vec::new(), Names { names: Vec::new(), rest: Some(u) }),
            };
            out.instances.push(LegacyInstance {
                service: svc.clone(),
                instance: iname.clone(),
                enabled,
                roles,
                role_names,
            });
        }
    }
    Ok(out)
}

fn settings_value(ev: &mut Evaluator, t: &Thunk, what: &dyn std::fmt::Display) -> R<SettingsValue> {
    let mut json = String::new();
    let mut unknowns = Vec::new();
    match ev.force(t) {
        Ok(v) => write_json(ev, &v, &mut json, &mut unknowns, PathMode::Store)?,
        Err(e) if e.kind == ErrorKind::Limit => {
            let u = Rc::new(crate::eval::value::Unknown { reason: e.msg, span: e.span });
            crate::eval::json::unknown_json(ev, &u, &mut json);
            unknowns.push(u);
        }
        Err(e) => return Err(e),
    }
    let unknowns: Vec<Unknown> = unknowns.iter().map(|u| mk_unknown(ev, u, what)).collect();
    // Unknown parts without a location of their own point at the definition.
    if let Some(at) = unknowns.iter().find_map(|u| u.at.clone())
        && let Ok(mut j) = serde_json::from_str::<serde_json::Value>(&json)
    {
        add_missing_at(&mut j, &at);
        json = serde_json::to_string(&j).unwrap_or(json);
    }
    Ok(SettingsValue { json, unknowns })
}

fn add_missing_at(j: &mut serde_json::Value, at: &str) {
    match j {
        serde_json::Value::Object(o) => {
            if o.contains_key("$unknown") {
                o.entry("at").or_insert_with(|| serde_json::Value::String(at.to_string()));
            } else {
                o.values_mut().for_each(|v| add_missing_at(v, at));
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|v| add_missing_at(v, at)),
        _ => {}
    }
}

fn settings_of(ev: &mut Evaluator, holder: &Thunk, what: &dyn std::fmt::Display) -> R<SettingsValue> {
    match force_set(ev, holder, what)? {
        K::Known(s) => match s.get("settings") {
            Some(t) => settings_value(ev, &t, &Field(&what, "settings")),
            None => Ok(SettingsValue { json: "{}".into(), unknowns: Vec::new() }),
        },
        K::Unknown(u) => Ok(unknown_settings(ev, u)),
    }
}

fn unknown_settings(_ev: &Evaluator, u: Unknown) -> SettingsValue {
    let mut json = String::from("{\"$unknown\":");
    crate::eval::json::escape_json_str(&u.reason, &mut json);
    if let Some(at) = &u.at {
        json.push_str(",\"at\":");
        crate::eval::json::escape_json_str(at, &mut json);
    }
    json.push('}');
    SettingsValue { json, unknowns: vec![u] }
}

/// The settings that reach `machine` as a member of `instance`/`role`:
/// role settings, `machines.<machine>.settings` when it is an explicit
/// member, and `tags.<t>.settings` for each `t` of `carried_tags` (role tag
/// keys the machine carries, in tag-name order).
pub fn settings_chain(
    ev: &mut Evaluator,
    inv: &Rc<Attrs>,
    instance: &str,
    role: &str,
    machine: &str,
    carried_tags: &[Name],
) -> R<SettingsChain> {
    let base = format!("inventory.instances.{}.roles.{}", show_name(instance), show_name(role));
    let unknown_chain =
        |ev: &Evaluator, u: Unknown| SettingsChain { role: unknown_settings(ev, u), machine: None, tags: Vec::new() };
    let insts = match inv_set(ev, inv, "instances")? {
        K::Known(s) => s,
        K::Unknown(u) => return Ok(unknown_chain(ev, u)),
    };
    let Some(it) = insts.get(instance) else {
        return Ok(SettingsChain {
            role: SettingsValue { json: "{}".into(), unknowns: Vec::new() },
            machine: None,
            tags: Vec::new(),
        });
    };
    let inst = match force_set(ev, &it, &format!("inventory.instances.{}", show_name(instance)))? {
        K::Known(s) => s,
        K::Unknown(u) => return Ok(unknown_chain(ev, u)),
    };
    let roles = match inst.get("roles") {
        Some(t) => force_set(ev, &t, &format!("inventory.instances.{}.roles", show_name(instance)))?,
        None => return Ok(unknown_chain(ev, Unknown { what: base, reason: "no roles".into(), at: None })),
    };
    let roles = match roles {
        K::Known(s) => s,
        K::Unknown(u) => return Ok(unknown_chain(ev, u)),
    };
    let Some(rt) = roles.get(role) else {
        return Ok(unknown_chain(ev, Unknown { what: base, reason: "no such role".into(), at: None }));
    };
    let r = match force_set(ev, &rt, &base)? {
        K::Known(s) => s,
        K::Unknown(u) => return Ok(unknown_chain(ev, u)),
    };
    let role_settings = match r.get("settings") {
        Some(t) => settings_value(ev, &t, &Field(&base, "settings"))?,
        None => SettingsValue { json: "{}".into(), unknowns: Vec::new() },
    };
    let mut chain = SettingsChain { role: role_settings, machine: None, tags: Vec::new() };
    if let Some(mt) = r.get("machines") {
        let mwhat = Field(&base, "machines");
        if let K::Known(ms) = force_set(ev, &mt, &mwhat)?
            && let Some(h) = ms.get(machine)
        {
            chain.machine = Some(settings_of(ev, &h, &format!("{mwhat}.{}", show_name(machine)))?);
        }
    }
    if !carried_tags.is_empty()
        && let Some(tt) = r.get("tags")
    {
        let twhat = Field(&base, "tags");
        if let K::Known(ts) = force_set(ev, &tt, &twhat)? {
            for t in carried_tags {
                if let Some(h) = ts.get(t) {
                    chain.tags.push((t.clone(), settings_of(ev, &h, &format!("{twhat}.{}", show_name(t)))?));
                }
            }
        }
    }
    Ok(chain)
}
