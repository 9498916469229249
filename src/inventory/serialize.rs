//! The inventory serialization (clan-core's `inventorySerialization`, SPEC
//! §3 `inventory`): meta, machines, tags and instances with defaults
//! materialised, settings unwrapped and `extraModules` removed.

use std::rc::Rc;

use std::fmt::Display;

use super::Clan;
use super::model::Named;
use crate::eval::json::{PathMode, escape_json_str, unknown_json, write_json};
use crate::eval::value::*;
use crate::eval::{ErrorKind, EvalError, Evaluator, R};

/// Fails like clan-core when a removed option (`services`) was defined.
pub fn check_assertions(clan: &mut Clan, inv: &Rc<Attrs>) -> R<()> {
    if let Some(t) = inv.get("services").cloned() {
        clan.ev.force(&t)?;
    }
    let removed = clan.sys.removed.borrow();
    if let Some((msg, file, span)) = removed.first() {
        return Err(EvalError::new(
            ErrorKind::Other,
            format!("The option definition `services' in `{file}' no longer has any effect; please remove it.\n{msg}"),
            *span,
        ));
    }
    Ok(())
}

/// An unknown part of the serialization and where it is in the inventory
/// (`inventory.machines`, `inventory.instances.<i>.roles.<r>.settings`).
pub type Part = (String, Rc<Unknown>);

/// Where a part of the serialization is (`at`, a `Named` path made into
/// text only for an unknown part).
fn push(unknowns: &mut Vec<Part>, path: &dyn Display, u: &Rc<Unknown>) {
    unknowns.push((path.to_string(), u.clone()));
}

fn field(
    ev: &mut Evaluator,
    set: &Rc<Attrs>,
    name: &str,
    out: &mut String,
    unknowns: &mut Vec<Part>,
    at: &dyn Display,
) -> R<()> {
    escape_json_str(name, out);
    out.push(':');
    match set.get(name).cloned() {
        Some(t) => {
            let v = ev.force(&t)?;
            let mut found = Vec::new();
            write_json(ev, &v, out, &mut found, PathMode::Text)?;
            for u in &found {
                push(unknowns, &Named(at, name), u);
            }
            Ok(())
        }
        None => {
            out.push_str("null");
            Ok(())
        }
    }
}

fn as_attrs(
    v: &Value,
    out: &mut String,
    unknowns: &mut Vec<Part>,
    ev: &Evaluator,
    at: &dyn Display,
) -> Option<Rc<Attrs>> {
    match v {
        Value::Attrs(a) => {
            if let Some(p) = &a.partial {
                unknown_json(ev, &p.unknown, out);
                push(unknowns, at, &p.unknown);
                return None;
            }
            Some(a.clone())
        }
        Value::Unknown(u) => {
            unknown_json(ev, u, out);
            push(unknowns, at, u);
            None
        }
        _ => {
            out.push_str("null");
            None
        }
    }
}

fn instances_json(
    ev: &mut Evaluator,
    v: &Value,
    out: &mut String,
    unknowns: &mut Vec<Part>,
    at: &dyn Display,
) -> R<()> {
    let Some(instances) = as_attrs(v, out, unknowns, ev, at) else {
        return Ok(());
    };
    out.push('{');
    for (i, (name, t)) in instances.entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        escape_json_str(name, out);
        out.push(':');
        let iv = ev.force(t)?;
        let at_inst = Named(at, name);
        let Some(inst) = as_attrs(&iv, out, unknowns, ev, &at_inst) else {
            continue;
        };
        out.push('{');
        field(ev, &inst, "module", out, unknowns, &at_inst)?;
        out.push_str(",\"roles\":");
        let rv = match inst.get("roles").cloned() {
            Some(r) => ev.force(&r)?,
            None => Value::attrs(Attrs::default()),
        };
        let at_roles = Named(&at_inst, "roles");
        if let Some(roles) = as_attrs(&rv, out, unknowns, ev, &at_roles) {
            out.push('{');
            for (j, (rname, rt)) in roles.entries.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                escape_json_str(rname, out);
                out.push(':');
                let role_v = ev.force(rt)?;
                let at_role = Named(&at_roles, rname);
                let Some(role) = as_attrs(&role_v, out, unknowns, ev, &at_role) else {
                    continue;
                };
                // extraModules are dropped, as clan-core's serialization does.
                out.push('{');
                field(ev, &role, "machines", out, unknowns, &at_role)?;
                out.push(',');
                field(ev, &role, "settings", out, unknowns, &at_role)?;
                out.push(',');
                field(ev, &role, "tags", out, unknowns, &at_role)?;
                out.push('}');
            }
            out.push('}');
        }
        out.push('}');
    }
    out.push('}');
    Ok(())
}

/// The serialization as compact JSON, and the unknown parts in it.
pub fn inventory_json(clan: &mut Clan) -> R<(String, Vec<Part>)> {
    let prof = std::env::var_os("CLAN_INV_PROFILE").is_some();
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        if prof {
            eprintln!("profile: {what}: {:?}", t0.elapsed());
        }
    };
    let inv_t = clan.inventory.clone();
    let inv_v = clan.ev.force(&inv_t)?;
    lap("inventory forced");
    let mut out = String::new();
    let mut unknowns = Vec::new();
    let top = "inventory";
    let Some(inv) = as_attrs(&inv_v, &mut out, &mut unknowns, &clan.ev, &top) else {
        return Ok((out, unknowns));
    };
    check_assertions(clan, &inv)?;
    let ev = &mut clan.ev;
    out.push_str("{\"instances\":");
    let v = match inv.get("instances").cloned() {
        Some(t) => ev.force(&t)?,
        None => Value::attrs(Attrs::default()),
    };
    instances_json(ev, &v, &mut out, &mut unknowns, &Named(&top, "instances"))?;
    lap("instances");
    out.push(',');
    field(ev, &inv, "machines", &mut out, &mut unknowns, &top)?;
    lap("machines");
    out.push(',');
    field(ev, &inv, "meta", &mut out, &mut unknowns, &top)?;
    out.push(',');
    field(ev, &inv, "tags", &mut out, &mut unknowns, &top)?;
    lap("tags");
    out.push('}');
    Ok((out, unknowns))
}
