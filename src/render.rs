//! Output of the query commands (`machines`, `tags`, `instances`, `members`,
//! `machine`): the JSON shapes of SPEC §3 and the human form (aligned
//! tables and trees, colour only when asked for). Every part that is not
//! statically known is written in its place — JSON
//! `{"$unknown": reason, "at": "file:line:col"}`, human
//! `<unknown: reason (file:line:col)>` — and collected, so the caller can
//! list it on stderr and exit 3.

use std::rc::Rc;

use serde_json::{Map, Value as J};

use crate::inventory::model::{K, Machine, Name, SettingsChain, SettingsValue, Unknown};
use crate::resolve::{Membership, ResolvedInstance, TagsMap};

/// Output style: colour on or off.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn name(&self, s: &str) -> String {
        self.paint("1;34", s)
    }
    pub fn role(&self, s: &str) -> String {
        self.paint("36", s)
    }
    pub fn tag(&self, s: &str) -> String {
        self.paint("33", s)
    }
    pub fn class(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn unknown(&self, s: &str) -> String {
        self.paint("1;35", s)
    }
    pub fn header(&self, s: &str) -> String {
        self.paint("1;4", s)
    }
}

/// Collects the unknown parts written so far.
#[derive(Default, Debug)]
pub struct Unknowns(pub Vec<Unknown>);

impl Unknowns {
    fn json(&mut self, u: &Unknown, out: &mut String) {
        self.0.push(u.clone());
        out.push_str(&unknown_json_text(u));
    }
    fn human(&mut self, st: &Style, u: &Unknown) -> Cell {
        self.0.push(u.clone());
        let t = unknown_text(u);
        Cell { styled: st.unknown(&t), text: t }
    }
}

/// `{"$unknown": reason, "at": location}` (no `at` without a location).
pub fn unknown_json(u: &Unknown) -> J {
    let mut m = Map::new();
    m.insert("$unknown".into(), J::String(u.reason.clone()));
    if let Some(at) = &u.at {
        m.insert("at".into(), J::String(at.clone()));
    }
    J::Object(m)
}

/// [`unknown_json`] as compact JSON text.
pub fn unknown_json_text(u: &Unknown) -> String {
    let mut s = String::from("{\"$unknown\":");
    esc(&u.reason, &mut s);
    if let Some(at) = &u.at {
        s.push_str(",\"at\":");
        esc(at, &mut s);
    }
    s.push('}');
    s
}

/// `<unknown: reason (location)>`.
pub fn unknown_text(u: &Unknown) -> String {
    match &u.at {
        Some(at) => format!("<unknown: {} ({at})>", u.reason),
        None => format!("<unknown: {}>", u.reason),
    }
}

/// The stderr line for one unknown part.
pub fn unknown_line(u: &Unknown) -> String {
    match &u.at {
        Some(at) => format!("unknown: {}: {} ({at})\n", u.what, u.reason),
        None => format!("unknown: {}: {}\n", u.what, u.reason),
    }
}

// JSON is written as text directly (answers may hold millions of names);
// the caller writes object keys in sorted order, as `nix eval --json` does.

use crate::eval::json::escape_json_str as esc;

fn names_json(v: &[Name], out: &mut String) {
    out.reserve(v.iter().map(|n| n.len() + 3).sum::<usize>() + 2);
    out.push('[');
    for (i, n) in v.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        esc(n, out);
    }
    out.push(']');
}

fn k_json<T>(k: &K<T>, un: &mut Unknowns, out: &mut String, f: impl FnOnce(&T, &mut String)) {
    match k {
        K::Known(t) => f(t, out),
        K::Unknown(u) => un.json(u, out),
    }
}

fn opt_str_json(o: &Option<impl AsRef<str>>, out: &mut String) {
    match o {
        Some(s) => esc(s.as_ref(), out),
        None => out.push_str("null"),
    }
}

pub(crate) fn key(k: &str, first: bool, out: &mut String) {
    if !first {
        out.push(',');
    }
    esc(k, out);
    out.push(':');
}

/// Compact JSON text plus a newline (`--json` output).
pub fn json_text(j: &J) -> String {
    let mut s = serde_json::to_string(j).unwrap_or_else(|_| "null".into());
    s.push('\n');
    s
}

// ---- tables -------------------------------------------------------------

/// A table cell: its plain text (for widths) and its styled form.
#[derive(Clone, Debug)]
pub struct Cell {
    text: String,
    styled: String,
}

impl Cell {
    pub fn plain(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell { styled: s.clone(), text: s }
    }
    pub fn styled(s: impl Into<String>, f: impl FnOnce(&str) -> String) -> Cell {
        let s = s.into();
        Cell { styled: f(&s), text: s }
    }
    fn width(&self) -> usize {
        self.text.chars().count()
    }
}

/// An aligned table: header row, then one line per row; two spaces between
/// columns, the last column not padded.
pub fn table(st: &Style, header: &[&str], rows: &[Vec<Cell>]) -> String {
    let n = header.len();
    let mut w: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(c.width());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<(String, usize)>, out: &mut String| {
        let last = cells.len().saturating_sub(1);
        let mut s = String::new();
        for (i, (styled, width)) in cells.into_iter().enumerate() {
            s.push_str(&styled);
            if i < last {
                s.push_str(&" ".repeat(w[i] - width + 2));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(header.iter().map(|h| (st.header(h), h.chars().count())).collect(), &mut out);
    for r in rows {
        line(r.iter().map(|c| (c.styled.clone(), c.width())).collect(), &mut out);
    }
    out
}

fn list_cell(st: &Style, v: &[Name], paint: impl Fn(&Style, &str) -> String) -> Cell {
    if v.is_empty() {
        return Cell::styled("-", |s| st.dim(s));
    }
    let text = v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ");
    let styled = v.iter().map(|n| paint(st, n)).collect::<Vec<_>>().join(", ");
    Cell { text, styled }
}

fn opt_cell(st: &Style, o: &Option<String>) -> Cell {
    match o {
        Some(s) => Cell::plain(s.clone()),
        None => Cell::styled("-", |s| st.dim(s)),
    }
}

/// `svc (self)`, `zerotier (clan-core)`, `borgbackup (legacy)`.
fn module_text(name: &K<Rc<str>>, input: &K<Option<Rc<str>>>, legacy: bool, un: &mut Unknowns) -> String {
    let n = match name {
        K::Known(n) => n.to_string(),
        K::Unknown(u) => {
            un.0.push(u.clone());
            unknown_text(u)
        }
    };
    let i = if legacy {
        "legacy inventory.services".to_string()
    } else {
        match input {
            K::Known(Some(i)) => i.to_string(),
            K::Known(None) => "clan-core".to_string(),
            K::Unknown(u) => {
                un.0.push(u.clone());
                unknown_text(u)
            }
        }
    };
    format!("{n} ({i})")
}

fn module_json(name: &K<Rc<str>>, input: &K<Option<Rc<str>>>, un: &mut Unknowns, out: &mut String) {
    out.push_str("{\"input\":");
    k_json(input, un, out, opt_str_json);
    out.push_str(",\"name\":");
    k_json(name, un, out, |n, out| esc(n, out));
    out.push('}');
}

// ---- machines -----------------------------------------------------------

/// `machines --json`: one object per machine, in the given (sorted) order.
pub fn machines_json(list: &K<Vec<&Machine>>, un: &mut Unknowns) -> String {
    let mut out = String::new();
    let list = match list {
        K::Known(l) => l,
        K::Unknown(u) => {
            un.json(u, &mut out);
            return out;
        }
    };
    out.push('[');
    for (i, m) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        let mut first = true;
        if let Some(d) = &m.details {
            key("deploy", true, &mut out);
            out.push_str("{\"buildHost\":");
            k_json(&d.build_host, un, &mut out, opt_str_json);
            out.push_str(",\"forwardAgent\":");
            k_json(&d.forward_agent, un, &mut out, |b, out| {
                out.push_str(match b {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "null",
                })
            });
            out.push_str(",\"targetHost\":");
            k_json(&d.target_host, un, &mut out, opt_str_json);
            out.push('}');
            key("description", false, &mut out);
            k_json(&d.description, un, &mut out, opt_str_json);
            first = false;
        }
        key("machineClass", first, &mut out);
        k_json(&m.machine_class, un, &mut out, |c, out| esc(c, out));
        key("name", false, &mut out);
        esc(&m.name, &mut out);
        key("tags", false, &mut out);
        k_json(&m.tags, un, &mut out, |t, out| names_json(t, out));
        out.push('}');
    }
    out.push(']');
    out
}

/// `machines`: NAME CLASS TAGS TARGET HOST DESCRIPTION.
pub fn machines_human(st: &Style, list: &K<Vec<&Machine>>, un: &mut Unknowns) -> String {
    let list = match list {
        K::Known(l) => l,
        K::Unknown(u) => return format!("{}\n", un.human(st, u).styled),
    };
    let mut rows = Vec::new();
    for m in list {
        let class = match &m.machine_class {
            K::Known(c) => Cell::styled(c.to_string(), |s| st.class(s)),
            K::Unknown(u) => un.human(st, u),
        };
        let tags = match &m.tags {
            K::Known(t) => list_cell(st, t, Style::tag),
            K::Unknown(u) => un.human(st, u),
        };
        let (target, desc) = match &m.details {
            Some(d) => (
                match &d.target_host {
                    K::Known(o) => opt_cell(st, o),
                    K::Unknown(u) => un.human(st, u),
                },
                match &d.description {
                    K::Known(o) => opt_cell(st, o),
                    K::Unknown(u) => un.human(st, u),
                },
            ),
            None => (Cell::plain(""), Cell::plain("")),
        };
        rows.push(vec![Cell::styled(m.name.to_string(), |s| st.name(s)), class, tags, target, desc]);
    }
    if rows.is_empty() {
        return String::new();
    }
    table(st, &["NAME", "CLASS", "TAGS", "TARGET HOST", "DESCRIPTION"], &rows)
}

// ---- tags ---------------------------------------------------------------

/// `tags --json`: `{"<tag>": [machines]}`.
pub fn tags_json(map: &K<TagsMap>, un: &mut Unknowns) -> String {
    let mut out = String::new();
    match map {
        K::Known(m) => {
            out.push('{');
            for (i, (t, ms)) in m.iter().enumerate() {
                key(t, i == 0, &mut out);
                k_json(ms, un, &mut out, |m, out| names_json(m, out));
            }
            out.push('}');
        }
        K::Unknown(u) => un.json(u, &mut out),
    }
    out
}

/// `tags`: TAG MACHINES.
pub fn tags_human(st: &Style, map: &K<TagsMap>, un: &mut Unknowns) -> String {
    let map = match map {
        K::Known(m) => m,
        K::Unknown(u) => return format!("{}\n", un.human(st, u).styled),
    };
    let rows: Vec<Vec<Cell>> = map
        .iter()
        .map(|(t, ms)| {
            vec![
                Cell::styled(t.to_string(), |s| st.tag(s)),
                match ms {
                    K::Known(m) => list_cell(st, m, Style::name),
                    K::Unknown(u) => un.human(st, u),
                },
            ]
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    table(st, &["TAG", "MACHINES"], &rows)
}

// ---- instances ----------------------------------------------------------

pub(crate) fn instance_json(ri: &ResolvedInstance, un: &mut Unknowns, out: &mut String) {
    instance_json_with(ri, un, out, &mut |m, out| m.write_json(out));
}

/// `instance_json`, with the member lists written by `members` (which may
/// leave them to another thread).
pub(crate) fn instance_json_with(
    ri: &ResolvedInstance,
    un: &mut Unknowns,
    out: &mut String,
    members: &mut dyn FnMut(&crate::resolve::Members, &mut String),
) {
    out.push('{');
    let mut first = true;
    if ri.legacy {
        match &ri.enabled {
            K::Known(true) => {}
            K::Known(false) => {
                out.push_str("\"enabled\":false");
                first = false;
            }
            K::Unknown(u) => {
                out.push_str("\"enabled\":");
                un.json(u, out);
                first = false;
            }
        }
        key("legacy", first, out);
        out.push_str("true");
        first = false;
    }
    key("module", first, out);
    module_json(&ri.module_name, &ri.module_input, un, out);
    key("roles", false, out);
    match &ri.roles_rest {
        Some(u) => un.json(u, out),
        None => {
            out.push('{');
            for (i, rm) in ri.roles.iter().enumerate() {
                key(&rm.role, i == 0, out);
                out.push_str("{\"machines\":");
                k_json(&rm.members, un, out, |m, out| members(m, out));
                out.push('}');
            }
            out.push('}');
        }
    }
    out.push('}');
}

/// `instances --json`: `{"<instance>": {"module", "roles": {"<role>": {"machines"}}}}`.
pub fn instances_json(list: &K<Vec<ResolvedInstance>>, un: &mut Unknowns) -> String {
    let mut out = String::new();
    match list {
        K::Known(l) => {
            out.push('{');
            for (i, ri) in l.iter().enumerate() {
                key(&ri.key, i == 0, &mut out);
                instance_json(ri, un, &mut out);
            }
            out.push('}');
        }
        K::Unknown(u) => un.json(u, &mut out),
    }
    out
}

fn members_cell(st: &Style, ms: &[Name], is_machine: &dyn Fn(&str) -> Option<bool>) -> Cell {
    if ms.is_empty() {
        return Cell::styled("(no members)", |s| st.dim(s));
    }
    let mut text = Vec::new();
    let mut styled = Vec::new();
    for m in ms {
        if is_machine(m) == Some(false) {
            text.push(format!("{m} (not a machine)"));
            styled.push(format!("{} {}", st.name(m), st.dim("(not a machine)")));
        } else {
            text.push(m.to_string());
            styled.push(st.name(m));
        }
    }
    Cell { text: text.join(", "), styled: styled.join(", ") }
}

/// `instances`: a tree, one instance per block, one line per role.
/// `is_machine` tells whether a member is an inventory machine (`None`:
/// unknown), so that members which are not are flagged.
pub fn instances_human(
    st: &Style,
    list: &K<Vec<ResolvedInstance>>,
    is_machine: &dyn Fn(&str) -> Option<bool>,
    un: &mut Unknowns,
) -> String {
    let list = match list {
        K::Known(l) => l,
        K::Unknown(u) => return format!("{}\n", un.human(st, u).styled),
    };
    let mut out = String::new();
    for ri in list {
        let module = module_text(&ri.module_name, &ri.module_input, ri.legacy, un);
        let mut head = format!("{}  {}", st.bold(&ri.key), st.dim(&module));
        match &ri.enabled {
            K::Known(false) => head.push_str(&format!("  {}", st.dim("(disabled: enabled = false)"))),
            K::Unknown(u) => head.push_str(&format!("  enabled: {}", un.human(st, u).styled)),
            K::Known(true) => {}
        }
        out.push_str(&head);
        out.push('\n');
        let mut lines: Vec<(Cell, Cell)> = Vec::new();
        for rm in &ri.roles {
            let cell = match &rm.members {
                K::Known(ms) => members_cell(st, &ms.to_vec(), is_machine),
                K::Unknown(u) => un.human(st, u),
            };
            lines.push((Cell::styled(rm.role.to_string(), |s| st.role(s)), cell));
        }
        if let Some(u) = &ri.roles_rest {
            lines.push((Cell::plain("…"), un.human(st, u)));
        }
        if lines.is_empty() {
            out.push_str(&format!("└─ {}\n", st.dim("(no roles)")));
        }
        let w = lines.iter().map(|(r, _)| r.width()).max().unwrap_or(0);
        let n = lines.len();
        for (i, (r, m)) in lines.into_iter().enumerate() {
            let branch = if i + 1 == n { "└─" } else { "├─" };
            out.push_str(&format!("{branch} {}{}  {}\n", r.styled, " ".repeat(w - r.width()), m.styled));
        }
    }
    out
}

// ---- members ------------------------------------------------------------

/// `members --json`: the sorted list.
pub fn members_json(ms: &K<Vec<Name>>, un: &mut Unknowns) -> String {
    let mut out = String::new();
    k_json(ms, un, &mut out, |m, out| names_json(m, out));
    out
}

/// `members`: one name per line (easy to use in a shell loop).
pub fn members_human(st: &Style, ms: &K<Vec<Name>>, un: &mut Unknowns) -> String {
    match ms {
        K::Known(ms) => ms.iter().map(|m| format!("{}\n", st.name(m))).collect(),
        K::Unknown(u) => format!("{}\n", un.human(st, u).styled),
    }
}

// ---- machine ------------------------------------------------------------

/// `machine NAME --json`.
pub fn machine_json(m: &Machine, memberships: &K<Vec<Membership>>, un: &mut Unknowns) -> String {
    let mut out = String::from("{\"machineClass\":");
    k_json(&m.machine_class, un, &mut out, |c, out| esc(c, out));
    out.push_str(",\"memberships\":");
    match memberships {
        K::Known(list) => {
            out.push('[');
            for (i, ms) in list.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('{');
                let mut first = true;
                if ms.legacy {
                    match &ms.enabled {
                        K::Known(true) => {}
                        K::Known(false) => {
                            out.push_str("\"enabled\":false");
                            first = false;
                        }
                        K::Unknown(u) => {
                            out.push_str("\"enabled\":");
                            un.json(u, &mut out);
                            first = false;
                        }
                    }
                }
                key("instance", first, &mut out);
                esc(&ms.instance, &mut out);
                if ms.legacy {
                    out.push_str(",\"legacy\":true");
                }
                key("module", false, &mut out);
                module_json(&ms.module_name, &ms.module_input, un, &mut out);
                key("role", false, &mut out);
                esc(&ms.role, &mut out);
                key("via", false, &mut out);
                out.push('[');
                for (j, v) in ms.via.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    esc(&v.label(), &mut out);
                }
                out.push_str("]}");
            }
            out.push(']');
        }
        K::Unknown(u) => un.json(u, &mut out),
    }
    out.push_str(",\"name\":");
    esc(&m.name, &mut out);
    out.push_str(",\"tags\":");
    k_json(&m.tags, un, &mut out, |t, out| names_json(t, out));
    out.push('}');
    out
}

/// A settings value for people: JSON with `<unknown: ...>` in place of
/// unknown parts; on one line when short, else indented by `indent`.
fn settings_text(st: &Style, v: &SettingsValue, indent: usize) -> String {
    let Ok(j) = serde_json::from_str::<J>(&v.json) else { return v.json.clone() };
    let one = human_json(st, &j, None, 0);
    if one.chars().count() <= 72 || one.contains('\x1b') && strip_ansi(&one).chars().count() <= 72 {
        return one;
    }
    human_json(st, &j, Some(indent), indent)
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut esc = false;
    for c in s.chars() {
        match (esc, c) {
            (false, '\x1b') => esc = true,
            (true, 'm') => esc = false,
            (true, _) => {}
            (false, c) => out.push(c),
        }
    }
    out
}

/// JSON for people; `pretty`: multi-line with this base indentation.
fn human_json(st: &Style, j: &J, pretty: Option<usize>, cur: usize) -> String {
    let unknown = |o: &Map<String, J>| -> Option<String> {
        let r = o.get("$unknown")?.as_str()?;
        let u = Unknown {
            what: String::new(),
            reason: r.to_string(),
            at: o.get("at").and_then(J::as_str).map(str::to_string),
        };
        Some(st.unknown(&unknown_text(&u)))
    };
    let (open, close, items): (&str, &str, Vec<(Option<&String>, &J)>) = match j {
        J::Object(o) => {
            if let Some(u) = unknown(o) {
                return u;
            }
            ("{", "}", o.iter().map(|(k, v)| (Some(k), v)).collect())
        }
        J::Array(a) => ("[", "]", a.iter().map(|v| (None, v)).collect()),
        other => return serde_json::to_string(other).unwrap_or_default(),
    };
    if items.is_empty() {
        return format!("{open}{close}");
    }
    let key = |k: Option<&String>| {
        k.map(|k| format!("{}: ", serde_json::to_string(k).unwrap_or_default())).unwrap_or_default()
    };
    match pretty {
        None => {
            let parts: Vec<String> =
                items.iter().map(|(k, v)| format!("{}{}", key(*k), human_json(st, v, None, 0))).collect();
            format!("{open}{}{close}", parts.join(", "))
        }
        Some(_) => {
            let inner = cur + 2;
            let mut s = format!("{open}\n");
            let n = items.len();
            for (i, (k, v)) in items.into_iter().enumerate() {
                let one = human_json(st, v, None, 0);
                let val = if strip_ansi(&one).chars().count() + inner <= 72 {
                    one
                } else {
                    human_json(st, v, Some(inner), inner)
                };
                s.push_str(&format!("{}{}{val}{}\n", " ".repeat(inner), key(k), if i + 1 < n { "," } else { "" }));
            }
            s.push_str(&" ".repeat(cur));
            s.push_str(close);
            s
        }
    }
}

fn settings_lines(st: &Style, chain: &SettingsChain, un: &mut Unknowns) -> String {
    // Empty settings (`{}`) are left out.
    let mut rows: Vec<(String, &SettingsValue)> = vec![("role settings".into(), &chain.role)];
    if let Some(m) = &chain.machine {
        rows.push(("machine settings".into(), m));
    }
    for (t, v) in &chain.tags {
        rows.push((format!("tag {t} settings"), v));
    }
    rows.retain(|(_, v)| v.json != "{}" || !v.unknowns.is_empty());
    let w = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, v) in rows {
        un.0.extend(v.unknowns.iter().cloned());
        let pad = " ".repeat(w - label.chars().count());
        let indent = 4 + w + 2;
        out.push_str(&format!("    {}{pad}  {}\n", st.dim(&label), settings_text(st, v, indent)));
    }
    out
}

/// `machine NAME`: class and tags, then each membership with its module,
/// why, and the settings that reach the machine there.
pub fn machine_human(st: &Style, m: &Machine, memberships: &K<Vec<Membership>>, un: &mut Unknowns) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", st.name(&m.name)));
    let class = match &m.machine_class {
        K::Known(c) => st.class(c),
        K::Unknown(u) => un.human(st, u).styled,
    };
    let tags = match &m.tags {
        K::Known(t) => list_cell(st, t, Style::tag).styled,
        K::Unknown(u) => un.human(st, u).styled,
    };
    out.push_str(&format!("  {}  {class}\n", st.dim("class")));
    out.push_str(&format!("  {}   {tags}\n", st.dim("tags")));
    let list = match memberships {
        K::Known(l) => l,
        K::Unknown(u) => {
            out.push_str(&format!("  {}  {}\n", st.dim("memberships"), un.human(st, u).styled));
            return out;
        }
    };
    if list.is_empty() {
        out.push_str(&format!("  {}\n", st.dim("no memberships")));
        return out;
    }
    out.push('\n');
    let mut rows = Vec::new();
    for ms in list {
        let mut module = module_text(&ms.module_name, &ms.module_input, ms.legacy, un);
        match &ms.enabled {
            K::Known(false) => module.push_str(" (disabled)"),
            K::Unknown(u) => {
                module.push_str(" enabled: ");
                module.push_str(&un.human(st, u).text);
            }
            K::Known(true) => {}
        }
        let via = ms.via.iter().map(|v| v.label()).collect::<Vec<_>>().join(", ");
        rows.push(vec![
            Cell::styled(ms.instance.clone(), |s| st.bold(s)),
            Cell::styled(ms.role.to_string(), |s| st.role(s)),
            Cell::styled(module, |s| st.dim(s)),
            Cell::plain(via),
        ]);
    }
    // The table, with each membership's settings below its line.
    let t = table(st, &["INSTANCE", "ROLE", "MODULE", "VIA"], &rows);
    let mut lines = t.lines();
    if let Some(h) = lines.next() {
        out.push_str(h);
        out.push('\n');
    }
    for (line, ms) in lines.zip(list) {
        out.push_str(line);
        out.push('\n');
        if let Some(chain) = &ms.settings {
            out.push_str(&settings_lines(st, chain, un));
        }
    }
    out
}

/// "Did you mean" in clan's CLI style: `<What> '<name>' not found. Did you
/// mean: a, b, c?` (the three nearest names, `util::suggestions`).
pub fn not_found(what: &str, plural: &str, name: &str, candidates: &[Name], context: &str) -> String {
    let cands: Vec<&str> = candidates.iter().map(|c| &**c).collect();
    let sugg = crate::util::suggestions(name, &cands, 3);
    // clan lists the available names only when there are none to suggest,
    // i.e. none at all; that is said plainly here.
    let hint =
        if sugg.is_empty() { format!("There are no {plural}.") } else { format!("Did you mean: {}?", sugg.join(", ")) };
    format!("error: {what} '{name}' not found{context}. {hint}\n")
}
