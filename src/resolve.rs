//! Role membership exactly as clan-core computes it (clan-semantics §6–§7,
//! §12): the tag → machines index, role members of `inventory.instances`
//! (explicit machine keys ∪ machines whose final tags hold a role tag, as a
//! sorted set, with clan's unmatched-tag warning), the legacy
//! `inventory.services` resolution with its tag-reset bug, why a machine is
//! in a role (`via`), and the `machines --tags` / `tags` answers.
//!
//! Pure functions over the plain model of `inventory::model`: no evaluation,
//! no I/O. A result that depends on something not statically known is
//! `K::Unknown`, never a guess.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::inventory::model::{Instance, K, LegacyInstance, LegacyRole, Machines, Name, Role, Unknown};

/// Why a machine is a member of a role.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    /// It is a key of `roles.<r>.machines` (legacy: in the `machines` list).
    Explicit,
    /// It carries this role tag.
    Tag(Name),
}

impl Via {
    /// `explicit` or `tag:<t>`, as SPEC §3 prints it.
    pub fn label(&self) -> String {
        match self {
            Via::Explicit => "explicit".into(),
            Via::Tag(t) => format!("tag:{t}"),
        }
    }
}

/// The inventory machines' names by id (their position in name order),
/// shared by the tag index and every member list built from it, with each
/// name's JSON form made once when first asked for.
#[derive(Debug, Default)]
pub struct NameTable {
    names: Vec<Name>,
    /// Every name quoted as JSON and followed by a comma, concatenated, and
    /// where each one starts (one more entry: the end).
    json: std::cell::OnceCell<Arc<NamesJson>>,
}

/// Every inventory machine's name quoted as JSON and followed by a comma,
/// concatenated, and where each one starts (then the end): ids in a row
/// are one slice of it. Plain data, so member lists can be written on
/// another thread (`api`'s output writer).
#[derive(Debug)]
pub struct NamesJson {
    text: String,
    starts: Vec<u32>,
}

impl NamesJson {
    /// The JSON of the names `first..=last`, each with a comma after it.
    fn run(&self, first: u32, last: u32) -> &str {
        &self.text[self.starts[first as usize] as usize..self.starts[last as usize + 1] as usize]
    }

    /// The JSON array of the machines `ids` (ascending).
    pub fn write_ids(&self, ids: &[u32], out: &mut String) {
        let mut runs = Runs::new(self, out);
        runs.add_sorted(ids);
        runs.finish();
    }

    /// The JSON array of the machines of `union`, as `write_ids` writes
    /// `union.ids()`, without making the list: runs of ids are read off
    /// the union's bit set a word at a time.
    pub fn write_union(&self, union: &Union, out: &mut String) {
        let mut runs = Runs::new(self, out);
        match (union.explicit.is_empty(), union.lists.as_slice()) {
            (_, []) => runs.add_sorted(&union.explicit),
            (true, [one]) => runs.add_sorted(one),
            _ => {
                for (w, &word) in union.bits().iter().enumerate() {
                    let base = (w * 64) as u32;
                    let mut x = word;
                    while x != 0 {
                        let from = x.trailing_zeros();
                        let ones = (x >> from).trailing_ones();
                        runs.add(base + from, base + from + ones - 1);
                        let end = from + ones;
                        x = if end >= 64 { 0 } else { x & (u64::MAX << end) };
                    }
                }
            }
        }
        runs.finish();
    }
}

/// A JSON array of names being written, one copy per run of consecutive
/// ids (each name's JSON comes with a comma: the last one becomes `]`).
struct Runs<'a> {
    json: &'a NamesJson,
    out: &'a mut String,
    /// The run not yet copied.
    run: Option<(u32, u32)>,
}

impl<'a> Runs<'a> {
    fn new(json: &'a NamesJson, out: &'a mut String) -> Runs<'a> {
        out.push('[');
        Runs { json, out, run: None }
    }
    /// Ids in ascending order.
    fn add_sorted(&mut self, ids: &[u32]) {
        let mut rest = ids;
        while let [first, ..] = *rest {
            // The run: ids equal to `first` plus their place.
            let len = rest.iter().zip(first..).take_while(|(id, want)| **id == *want).count().max(1);
            self.add(first, first + len as u32 - 1);
            rest = &rest[len..];
        }
    }
    #[inline]
    fn add(&mut self, first: u32, last: u32) {
        match &mut self.run {
            Some((_, end)) if *end + 1 == first => *end = last,
            run => {
                if let Some((a, b)) = run.replace((first, last)) {
                    self.out.push_str(self.json.run(a, b));
                }
            }
        }
    }
    fn finish(self) {
        if let Some((a, b)) = self.run {
            self.out.push_str(self.json.run(a, b));
            self.out.pop();
        }
        self.out.push(']');
    }
}

impl NameTable {
    fn name(&self, id: u32) -> &Name {
        &self.names[id as usize]
    }

    /// The names as JSON, made when first asked for.
    fn json(&self) -> &Arc<NamesJson> {
        self.json.get_or_init(|| {
            let mut text = String::new();
            let mut starts = Vec::with_capacity(self.names.len() + 1);
            for n in &self.names {
                starts.push(text.len() as u32);
                crate::eval::json::escape_json_str(n, &mut text);
                text.push(',');
            }
            starts.push(text.len() as u32);
            Arc::new(NamesJson { text, starts })
        })
    }
}

/// The members of a role, sorted bytewise, without duplicates: inventory
/// machines as ids into a [`NameTable`] (no string per member: roles of
/// thousands of machines are common), other names as names.
#[derive(Clone, Debug)]
pub struct Members {
    table: Rc<NameTable>,
    /// The inventory machines, ascending (i.e. in name order): `union`,
    /// made when first needed.
    ids: std::cell::OnceCell<Vec<u32>>,
    union: Option<Union>,
    /// Sorted; none is in `table`.
    others: Vec<Name>,
}

/// Inventory machines of a role before their union is made: the explicit
/// ones and the id lists of the role's tags. Plain data, so the union can
/// be made (and written) on another thread.
#[derive(Clone, Debug)]
pub struct Union {
    /// Ids below this: the number of inventory machines.
    size: usize,
    /// Ascending.
    explicit: Vec<u32>,
    /// Each ascending.
    lists: Vec<Arc<[u32]>>,
}

impl Union {
    /// An upper bound of the number of machines.
    pub fn len_bound(&self) -> usize {
        self.explicit.len() + self.lists.iter().map(|l| l.len()).sum::<usize>()
    }

    /// The union as a bit set (ids at or above `size` are left out).
    fn bits(&self) -> Vec<u64> {
        let mut bits = vec![0u64; self.size.div_ceil(64)];
        for list in std::iter::once(&self.explicit[..]).chain(self.lists.iter().map(|l| &l[..])) {
            for &i in list {
                if let Some(w) = bits.get_mut(i as usize / 64) {
                    *w |= 1 << (i % 64);
                }
            }
        }
        bits
    }

    /// The union, ascending. Ids are name order, so a bit set gives the
    /// union sorted, whatever the overlap.
    pub fn ids(&self) -> Vec<u32> {
        match (self.explicit.is_empty(), self.lists.as_slice()) {
            (_, []) => return self.explicit.clone(),
            (true, [one]) => return one.to_vec(),
            _ => {}
        }
        let bits = self.bits();
        let mut ids = Vec::with_capacity(self.lists.iter().map(|l| l.len()).max().unwrap_or(0) + self.explicit.len());
        for (w, word) in bits.iter().enumerate() {
            let mut x = *word;
            while x != 0 {
                ids.push((w * 64 + x.trailing_zeros() as usize) as u32);
                x &= x - 1;
            }
        }
        ids
    }
}

impl Members {
    /// Members given by name (sorted, without duplicates).
    pub fn from_names(names: Vec<Name>) -> Members {
        Members { table: Rc::default(), ids: Vec::new().into(), union: None, others: names }
    }
    fn ids(&self) -> &[u32] {
        self.ids.get_or_init(|| self.union.as_ref().map(Union::ids).unwrap_or_default())
    }
    pub fn len(&self) -> usize {
        self.ids().len() + self.others.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Name> {
        let mut ids = self.ids().iter().map(|&i| self.table.name(i)).peekable();
        let mut others = self.others.iter().peekable();
        std::iter::from_fn(move || match (ids.peek(), others.peek()) {
            (Some(a), Some(b)) if b.as_bytes() < a.as_bytes() => others.next(),
            (Some(_), _) => ids.next(),
            (None, _) => others.next(),
        })
    }
    pub fn to_vec(&self) -> Vec<Name> {
        self.iter().cloned().collect()
    }
    /// Inventory machines only (the usual case): the names' JSON and the
    /// machines, whose ids `NamesJson::write_ids` writes as `write_json`
    /// would. The union is left to the caller if not made yet.
    pub fn as_union(&self) -> Option<(&Arc<NamesJson>, Union)> {
        if !self.others.is_empty() {
            return None;
        }
        let size = self.table.names.len();
        let union = match (self.ids.get(), &self.union) {
            (None, Some(u)) => u.clone(),
            _ => Union { size, explicit: self.ids().to_vec(), lists: Vec::new() },
        };
        Some((self.table.json(), union))
    }

    /// The members as a JSON array of strings.
    pub fn write_json(&self, out: &mut String) {
        if self.is_empty() {
            out.push_str("[]");
            return;
        }
        if self.others.is_empty() {
            self.table.json().write_ids(self.ids(), out);
            return;
        }
        // Each name's JSON comes with a comma: the last one becomes `]`.
        let json = self.table.json();
        let slice = |a: u32, b: u32| json.run(a, b);
        out.push('[');
        let mut others = self.others.iter().peekable();
        let mut ids = self.ids().iter().peekable();
        while let Some(&first) = ids.next() {
            let name = self.table.name(first);
            while let Some(o) = others.next_if(|o| o.as_bytes() < name.as_bytes()) {
                crate::eval::json::escape_json_str(o, out);
                out.push(',');
            }
            // A run of consecutive ids is one copy, unless another name
            // sorts inside it.
            let mut last = first;
            while let Some(&&next) = ids.peek() {
                if next != last + 1 || others.peek().is_some_and(|o| o.as_bytes() < self.table.name(next).as_bytes()) {
                    break;
                }
                ids.next();
                last = next;
            }
            out.push_str(slice(first, last));
        }
        for o in others {
            crate::eval::json::escape_json_str(o, out);
            out.push(',');
        }
        out.pop();
        out.push(']');
    }
}

impl PartialEq for Members {
    fn eq(&self, other: &Members) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// Tag → inventory machines carrying it, built once from the final tags
/// (clan-core recomputes it per role tag, quadratically).
#[derive(Clone, Debug)]
pub struct TagIndex {
    /// Tag → names of the machines carrying it (`ids` by name), made when
    /// first asked for: the instance queries read only `ids`.
    map: std::cell::OnceCell<HashMap<Name, Vec<Name>>>,
    /// The inventory machines in name order; a machine's id is its position.
    names: Rc<NameTable>,
    /// Tag → the machines carrying it.
    ids: HashMap<Name, Carriers>,
    /// Set when some machine's tags, or the machine set itself, are not
    /// statically known: then no tag's member list is known.
    unknown: Option<Unknown>,
    /// clan's "Available tags" list (§7.2), made when a warning needs it.
    available: std::cell::OnceCell<Vec<Name>>,
}

/// The machines carrying one tag.
#[derive(Clone, Debug)]
struct Carriers {
    /// Their ids, ascending (`map` by id); never empty.
    ids: Arc<[u32]>,
    /// Where the tag first is in the final tags of the last of them (the
    /// order of the "Available tags" list).
    pos: u32,
}

impl TagIndex {
    /// Builds the index from every inventory machine's final tags.
    pub fn build(machines: &Machines) -> TagIndex {
        let mut ids: HashMap<Name, (Vec<u32>, u32)> = HashMap::default();
        let mut unknown = machines.rest.clone();
        // Machines are sorted, so each tag's list comes out sorted.
        for (id, m) in machines.list.iter().enumerate() {
            match &m.tags {
                K::Known(tags) => {
                    for (pos, t) in tags.iter().enumerate() {
                        let e = ids.entry(t.clone()).or_default();
                        // Final tags are unique per machine, but be safe.
                        if e.0.last() != Some(&(id as u32)) {
                            e.0.push(id as u32);
                            e.1 = pos as u32;
                        }
                    }
                }
                K::Unknown(u) => {
                    unknown.get_or_insert_with(|| u.clone());
                }
            }
        }
        let names = Rc::new(NameTable {
            names: machines.list.iter().map(|m| m.name.clone()).collect(),
            json: Default::default(),
        });
        let ids = ids.into_iter().map(|(t, (ids, pos))| (t, Carriers { ids: ids.into(), pos })).collect();
        TagIndex { map: Default::default(), names, ids, unknown, available: Default::default() }
    }

    /// An index for roles without tags only: every lookup is unknown.
    pub fn not_loaded() -> TagIndex {
        TagIndex {
            map: Default::default(),
            names: Rc::default(),
            ids: HashMap::default(),
            unknown: Some(Unknown {
                what: "inventory.machines".into(),
                reason: "the machines were not read".into(),
                at: None,
            }),
            available: Default::default(),
        }
    }

    /// The sorted inventory machines whose final tags contain `tag`.
    pub fn members(&self, tag: &str) -> K<&[Name]> {
        if let Some(u) = &self.unknown {
            return K::Unknown(u.clone());
        }
        K::Known(self.by_name().get(tag).map(Vec::as_slice).unwrap_or(&[]))
    }

    fn by_name(&self) -> &HashMap<Name, Vec<Name>> {
        self.map.get_or_init(|| {
            let names = &self.names.names;
            self.ids
                .iter()
                .map(|(t, c)| (t.clone(), c.ids.iter().map(|&i| names[i as usize].clone()).collect()))
                .collect()
        })
    }

    /// `members` as machine ids; `None` when no machine carries `tag`.
    fn member_ids(&self, tag: &str) -> K<Option<&Arc<[u32]>>> {
        if let Some(u) = &self.unknown {
            return K::Unknown(u.clone());
        }
        K::Known(self.ids.get(tag).map(|c| &c.ids))
    }

    /// The union of the machines `explicit` (sorted; they need not be
    /// inventory machines) and the id lists, sorted bytewise; made when
    /// first needed (`Members::ids`), or by whoever writes it.
    fn union(&self, explicit: &[Name], lists: Vec<Arc<[u32]>>) -> Members {
        let names = &self.names.names;
        // Explicit machines that are not inventory machines are members too.
        let mut ids = Vec::with_capacity(explicit.len());
        let mut others: Vec<Name> = Vec::new();
        for m in explicit {
            match names.binary_search_by(|n| n.as_bytes().cmp(m.as_bytes())) {
                Ok(i) => ids.push(i as u32),
                Err(_) => others.push(m.clone()),
            }
        }
        let union = Union { size: names.len(), explicit: ids, lists };
        Members { table: self.names.clone(), ids: Default::default(), union: Some(union), others }
    }

    /// Why the index is incomplete, if it is.
    pub fn unknown(&self) -> Option<&Unknown> {
        self.unknown.as_ref()
    }

    /// Every tag some machine carries.
    pub fn carried_tags(&self) -> impl Iterator<Item = &Name> {
        self.ids.keys()
    }

    /// clan's `Available tags: [...]` JSON list.
    fn available_json(&self) -> String {
        let mut s = String::from("[");
        let available = if self.unknown.is_none() { self.available() } else { &[] };
        for (i, t) in available.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            crate::eval::json::escape_json_str(t, &mut s);
        }
        s.push(']');
        s
    }
}

impl TagIndex {
    /// clan's "Available tags" list (§7.2), `available_tags` read from the
    /// index: a tag is first met in that walk at the last machine carrying
    /// it, where it first is in that machine's tags. So the list is the
    /// tags ordered by that machine (descending), then by that place.
    fn available(&self) -> &[Name] {
        self.available.get_or_init(|| {
            let mut v: Vec<(u32, u32, &Name)> =
                self.ids.iter().map(|(t, c)| (c.ids.last().copied().unwrap_or(0), c.pos, t)).collect();
            v.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            v.into_iter().map(|(_, _, t)| t.clone()).collect()
        })
    }
}

/// clan's "Available tags" list (§7.2): visit the machines in sorted order,
/// prepend each one's final tags, then keep the first occurrence of each.
/// (The definition `TagIndex::available` is checked against.)
#[cfg(test)]
pub fn available_tags(machines: &Machines) -> Vec<Name> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    for m in machines.list.iter().rev() {
        if let K::Known(tags) = &m.tags {
            for t in tags {
                if seen.insert(t.clone()) {
                    out.push(t.clone());
                }
            }
        }
    }
    out
}

/// The warning clan-core prints for a role tag without members (§7.2).
pub fn unmatched_tag_warning(instance: &str, role: &str, tag: &str, index: &TagIndex) -> String {
    format!(
        "Service instance '{instance}': - {role} tags: no machine with tag '{tag}' found.\nAvailable tags: {}\n",
        index.available_json()
    )
}

/// The warning the legacy `inventory.services` resolution printed (§12).
pub fn legacy_unmatched_tag_warning(service: &str, instance: &str, role: &str, tag: &str, index: &TagIndex) -> String {
    format!(
        "inventory.services.{service}.{instance}: - {role} tags: no machine with tag '{tag}' found.\nAvailable tags: {}\n",
        index.available_json()
    )
}

/// The resolved members of one role.
#[derive(Clone, Debug)]
pub struct RoleMembers {
    pub role: Name,
    pub members: K<Members>,
}

/// One resolved instance, current API or legacy.
#[derive(Clone, Debug)]
pub struct ResolvedInstance {
    /// The instance name, or `services.<service>.<instance>` for legacy.
    pub key: String,
    pub module_name: K<Rc<str>>,
    pub module_input: K<Option<Rc<str>>>,
    pub legacy: bool,
    /// Legacy only: `enabled` (false removes the instance from every machine).
    pub enabled: K<bool>,
    /// Sorted by role name.
    pub roles: Vec<RoleMembers>,
    /// More roles may exist.
    pub roles_rest: Option<Unknown>,
}

impl ResolvedInstance {
    /// Whether every part is known (nothing of it renders as `$unknown`).
    pub fn is_known(&self) -> bool {
        matches!(self.module_name, K::Known(_))
            && matches!(self.module_input, K::Known(_))
            && matches!(self.enabled, K::Known(_))
            && self.roles_rest.is_none()
            && self.roles.iter().all(|r| matches!(r.members, K::Known(_)))
    }
}

/// Whether resolving `inst` against `index` gives a fully known instance
/// (`ResolvedInstance::is_known`), decided without resolving it.
pub fn resolves_known(inst: &Instance, index: &TagIndex) -> bool {
    index.unknown().is_none()
        && matches!(inst.module.name, K::Known(_))
        && matches!(inst.module.input, K::Known(_))
        && inst.role_names.rest.is_none()
        && inst.roles.iter().all(|(_, r)| match r {
            K::Known(r) => r.machines.rest.is_none() && r.tags.rest.is_none(),
            K::Unknown(_) => false,
        })
}

/// A role whose legacy resolution lost members to the tag-reset bug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    pub instance_key: String,
    pub role: Name,
    /// The tag without members that reset the list.
    pub empty_tag: Name,
    /// The tags whose members were collected before the reset.
    pub earlier_tags: Vec<Name>,
    /// Members lost at this reset and not members by any other way.
    pub lost: Vec<Name>,
}

/// One (instance, role) a machine is in, and why (SPEC §3 `machine`).
#[derive(Clone, Debug)]
pub struct Membership {
    /// The instance name, or `services.<service>.<instance>` for legacy.
    pub instance: String,
    pub role: Name,
    pub module_name: K<Rc<str>>,
    pub module_input: K<Option<Rc<str>>>,
    pub legacy: bool,
    /// Legacy only: `enabled = false` removes the instance from machines.
    pub enabled: K<bool>,
    pub via: Vec<Via>,
    /// The settings that reach the machine (human output of `machine`).
    pub settings: Option<crate::inventory::model::SettingsChain>,
}

/// Everything a resolution emits besides the answer.
#[derive(Clone, Debug, Default)]
pub struct Messages {
    /// clan's own warning texts (printed as `evaluation warning: <text>`).
    pub warnings: Vec<String>,
    /// Members the legacy tag-reset bug dropped.
    pub dropped: Vec<Dropped>,
}

fn sorted_set(mut v: Vec<Name>) -> Vec<Name> {
    v.sort_unstable();
    v.dedup();
    v
}

/// The members of `role` of `instance` (§7.1), with clan's warnings for role
/// tags that match no machine (in tag-name order). clan concatenates the
/// explicit keys and each tag's sorted members and turns the list into a
/// set; merging the sorted lists gives the same set in linear time.
pub fn resolve_role(instance: &str, role: &Role, index: &TagIndex, msgs: &mut Messages) -> K<Members> {
    let mut unknown: Option<Unknown> = role.machines.rest.clone().or_else(|| role.tags.rest.clone());
    let mut lists: Vec<Arc<[u32]>> = Vec::new();
    for t in &role.tags.names {
        match index.member_ids(t) {
            K::Known(None) => msgs.warnings.push(unmatched_tag_warning(instance, &role.name, t, index)),
            K::Known(Some(ids)) => lists.push(ids.clone()),
            K::Unknown(u) => {
                unknown.get_or_insert(u);
            }
        }
    }
    match unknown {
        Some(u) => K::Unknown(u),
        None => K::Known(index.union(&role.machines.names, lists)),
    }
}

/// Resolves every role of a current-API instance.
pub fn resolve_instance(inst: &Instance, index: &TagIndex, msgs: &mut Messages) -> ResolvedInstance {
    let roles = inst
        .roles
        .iter()
        .map(|(name, r)| RoleMembers {
            role: name.clone(),
            members: match r {
                K::Known(role) => resolve_role(&inst.name, role, index, msgs),
                K::Unknown(u) => K::Unknown(u.clone()),
            },
        })
        .collect();
    ResolvedInstance {
        key: inst.name.to_string(),
        module_name: inst.module.name.clone(),
        module_input: inst.module.input.clone(),
        legacy: false,
        enabled: K::Known(true),
        roles,
        roles_rest: inst.role_names.rest.clone(),
    }
}

/// The legacy resolution of one role (§12), before it is turned into a set.
#[derive(Clone, Debug)]
pub struct LegacyRoleResolution {
    /// `machines` in list order (duplicates kept), then the tag fold.
    pub raw: Vec<Name>,
    /// The tags whose members survived the fold (after the last reset).
    pub surviving_tags: Vec<Name>,
}

/// `lib.unique`: keeps the first occurrence.
fn unique(v: &[Name]) -> Vec<Name> {
    let mut seen = rustc_hash::FxHashSet::default();
    v.iter().filter(|x| seen.insert((*x).clone())).cloned().collect()
}

/// The legacy member list of a role: `machines` in list order, then a fold
/// over the (deduplicated) tags appending each tag's sorted members, where a
/// tag without members warns and RESETS the collected tag members (the
/// legacy bug; explicit machines survive).
pub fn resolve_legacy_role(
    inst: &LegacyInstance,
    role: &LegacyRole,
    index: &TagIndex,
    msgs: &mut Messages,
) -> K<LegacyRoleResolution> {
    let explicit = match &role.machines {
        K::Known(m) => m,
        K::Unknown(u) => return K::Unknown(u.clone()),
    };
    let tags = match &role.tags {
        K::Known(t) => unique(t),
        K::Unknown(u) => return K::Unknown(u.clone()),
    };
    let mut acc: Vec<Name> = Vec::new();
    let mut contributing: Vec<Name> = Vec::new();
    let mut resets: Vec<(Name, Vec<Name>, Vec<Name>)> = Vec::new();
    let mut warnings = Vec::new();
    for t in &tags {
        match index.members(t) {
            K::Known([]) => {
                warnings.push(legacy_unmatched_tag_warning(&inst.service, &inst.instance, &role.name, t, index));
                resets.push((t.clone(), std::mem::take(&mut contributing), std::mem::take(&mut acc)));
            }
            K::Known(ms) => {
                acc.extend(ms.iter().cloned());
                contributing.push(t.clone());
            }
            K::Unknown(u) => return K::Unknown(u),
        }
    }
    msgs.warnings.extend(warnings);
    let mut raw = explicit.clone();
    raw.extend(acc);
    let final_set: rustc_hash::FxHashSet<&Name> = raw.iter().collect();
    for (empty_tag, earlier_tags, lost) in resets {
        let lost: Vec<Name> = sorted_set(lost.into_iter().filter(|m| !final_set.contains(m)).collect());
        if !lost.is_empty() {
            msgs.dropped.push(Dropped {
                instance_key: inst.key(),
                role: role.name.clone(),
                empty_tag,
                earlier_tags,
                lost,
            });
        }
    }
    K::Known(LegacyRoleResolution { raw, surviving_tags: contributing })
}

/// Resolves every role the legacy instance names (members as sorted sets).
pub fn resolve_legacy_instance(inst: &LegacyInstance, index: &TagIndex, msgs: &mut Messages) -> ResolvedInstance {
    let roles = inst
        .roles
        .iter()
        .map(|(name, r)| RoleMembers {
            role: name.clone(),
            members: match r {
                K::Known(role) => {
                    resolve_legacy_role(inst, role, index, msgs).map(|res| Members::from_names(sorted_set(res.raw)))
                }
                K::Unknown(u) => K::Unknown(u.clone()),
            },
        })
        .collect();
    ResolvedInstance {
        key: inst.key(),
        module_name: K::Known(inst.service.clone()),
        module_input: K::Known(None),
        legacy: true,
        enabled: inst.enabled.clone(),
        roles,
        roles_rest: inst.role_names.rest.clone(),
    }
}

/// Whether and why `machine` (with final tags `tags`) is a member of `role`:
/// `Some(via)` (explicit first, then role tags in tag-name order), `None`
/// when it is not. Decided from this machine alone, so it stays known even
/// when other machines' tags are not.
pub fn machine_in_role(machine: &str, tags: K<&[Name]>, role: &Role) -> K<Option<Vec<Via>>> {
    let mut via = Vec::new();
    if role.machines.contains(machine) {
        via.push(Via::Explicit);
    } else if let Some(u) = &role.machines.rest {
        return K::Unknown(u.clone());
    }
    if let Some(u) = &role.tags.rest {
        return K::Unknown(u.clone());
    }
    if !role.tags.names.is_empty() {
        let tags = match tags {
            K::Known(t) => t,
            K::Unknown(u) => return K::Unknown(u),
        };
        for t in &role.tags.names {
            if tags.iter().any(|x| x == t) {
                via.push(Via::Tag(t.clone()));
            }
        }
    }
    K::Known(if via.is_empty() { None } else { Some(via) })
}

/// Whether and why `machine` is a member of a legacy role (with the reset
/// bug: only tags that survived the fold count).
pub fn machine_in_legacy_role(
    machine: &str,
    tags: K<&[Name]>,
    inst: &LegacyInstance,
    role: &LegacyRole,
    index: &TagIndex,
) -> K<Option<Vec<Via>>> {
    let mut scratch = Messages::default();
    let res = match resolve_legacy_role(inst, role, index, &mut scratch) {
        K::Known(r) => r,
        K::Unknown(u) => return K::Unknown(u),
    };
    if !res.raw.iter().any(|m| &**m == machine) {
        return K::Known(None);
    }
    let mut via = Vec::new();
    if let K::Known(ms) = &role.machines
        && ms.iter().any(|m| &**m == machine)
    {
        via.push(Via::Explicit);
    }
    let mut surviving = res.surviving_tags;
    surviving.sort_unstable();
    surviving.dedup();
    if !surviving.is_empty() {
        let tags = match tags {
            K::Known(t) => t,
            K::Unknown(u) => return K::Unknown(u),
        };
        for t in surviving {
            if tags.contains(&t) {
                via.push(Via::Tag(t));
            }
        }
    }
    K::Known(Some(via))
}

/// The machines carrying ALL of `wanted` (an intersection, as
/// `clan machines list --tags`), sorted; unknown when any machine's tags are.
pub fn machines_with_all_tags(machines: &Machines, wanted: &[String]) -> K<Vec<Name>> {
    if let Some(u) = &machines.rest {
        return K::Unknown(u.clone());
    }
    let mut out = Vec::new();
    for m in &machines.list {
        if wanted.is_empty() {
            out.push(m.name.clone());
            continue;
        }
        match &m.tags {
            K::Known(tags) => {
                if wanted.iter().all(|w| tags.iter().any(|t| **t == **w)) {
                    out.push(m.name.clone());
                }
            }
            K::Unknown(u) => return K::Unknown(u.clone()),
        }
    }
    K::Known(out)
}

/// Tag → its machines (`tags`), sorted by tag.
pub type TagsMap = Vec<(Name, K<Vec<Name>>)>;

/// SPEC §3 `tags`: every tag carried by some machine plus every key of
/// `inventory.tags`, each with the sorted machines whose final tags hold it.
pub fn tags_map(index: &TagIndex, inventory_tag_keys: &[Name]) -> TagsMap {
    let mut keys: Vec<Name> = index.carried_tags().cloned().collect();
    keys.extend(inventory_tag_keys.iter().cloned());
    let keys = sorted_set(keys);
    keys.into_iter()
        .map(|k| {
            let ms = index.members(&k).map(|m| m.to_vec());
            (k, ms)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::model::Machine;
    use std::collections::BTreeSet;

    /// `write_union` and `write_ids` write what serde_json writes for the
    /// names of the union's ids, on random unions whose runs cross word
    /// boundaries, fill whole words and reach the last id.
    #[test]
    fn member_lists_are_written_as_json_arrays_of_the_union() {
        let mut rng = crate::util::test_rng(0x2545_f491_4f6c_dd1d);
        for round in 0..400 {
            let size = 1 + rng(300);
            let names: Vec<String> = (0..size).map(|i| format!("m{i:04}\"{}", "x".repeat(rng(3)))).collect();
            let mut text = String::new();
            let mut starts = Vec::new();
            for n in &names {
                starts.push(text.len() as u32);
                crate::eval::json::escape_json_str(n, &mut text);
                text.push(',');
            }
            starts.push(text.len() as u32);
            let json = NamesJson { text, starts };
            // Dense or sparse lists, some of whole stretches of ids.
            let mut list = |dense: bool| -> Vec<u32> {
                let (from, to, density) = (rng(size), rng(size + 1), if dense { rng(90) } else { rng(10) });
                (0..size as u32).filter(|&i| (i as usize >= from && (i as usize) < to) || rng(100) < density).collect()
            };
            let explicit = if round % 3 == 0 { Vec::new() } else { list(false) };
            let count = round % 4;
            let lists: Vec<Arc<[u32]>> = (0..count).map(|_| Arc::from(list(true))).collect();
            let union = Union { size, explicit, lists };
            let ids: BTreeSet<u32> =
                union.explicit.iter().chain(union.lists.iter().flat_map(|l| l.iter())).copied().collect();
            let want =
                serde_json::to_string(&ids.iter().map(|&i| names[i as usize].as_str()).collect::<Vec<_>>()).unwrap();
            let mut got = String::new();
            json.write_union(&union, &mut got);
            assert_eq!(got, want, "round {round}: write_union");
            got.clear();
            json.write_ids(&union.ids(), &mut got);
            assert_eq!(got, want, "round {round}: write_ids");
        }
    }

    /// The "Available tags" order read from the index equals clan's walk
    /// (`available_tags`), on machines with random tag lists in random
    /// order, repeats included.
    #[test]
    fn available_tags_from_the_index_follow_the_walk() {
        let mut rng = crate::util::test_rng(0x9e37_79b9_7f4a_7c15);
        let tags = ["a", "b", "c", "d", "e", "f", "g"];
        for _ in 0..300 {
            let n = 1 + rng(40);
            let list: Vec<Machine> = (0..n)
                .map(|i| {
                    let k = rng(6);
                    Machine {
                        name: Rc::from(format!("m{i:03}").as_str()),
                        machine_class: K::Known(Rc::from("nixos")),
                        tags: K::Known((0..k).map(|_| Rc::from(tags[rng(tags.len())])).collect()),
                        details: None,
                    }
                })
                .collect();
            let machines = Machines { list, rest: None };
            let index = TagIndex::build(&machines);
            assert_eq!(index.available(), available_tags(&machines).as_slice());
        }
    }

    /// `TagIndex::union` against a plain set union, on pseudo-random
    /// machines, tags and explicit lists (some explicit names are not
    /// inventory machines, some sort between them).
    #[test]
    fn union_is_the_sorted_set_union() {
        let mut rng = crate::util::test_rng(0x2545_f491_4f6c_dd1d);
        let mut next = move |n: u64| rng(n as usize) as u64;
        for round in 0..200 {
            let n = 1 + next(150) as usize;
            let mut names: Vec<String> = (0..n).map(|i| format!("m{:03}", i * 2)).collect();
            names.sort();
            let tags = ["a", "b", "c", "d"];
            // Dense rounds give long runs of consecutive members (every
            // machine carries every tag when `density` is 1).
            let density = 1 + round % 4;
            let list: Vec<Machine> = names
                .iter()
                .map(|m| Machine {
                    name: Rc::from(m.as_str()),
                    machine_class: K::Known(Rc::from("nixos")),
                    tags: K::Known(tags.iter().filter(|_| next(density) == 0).map(|t| Rc::from(*t)).collect()),
                    details: None,
                })
                .collect();
            let machines = Machines { list, rest: None };
            let index = TagIndex::build(&machines);
            // Explicit names: inventory machines and odd-numbered strangers.
            let explicit: BTreeSet<String> = (0..next(6)).map(|_| format!("m{:03}", next(2 * n as u64 + 2))).collect();
            let explicit: Vec<Name> = explicit.iter().map(|s| Rc::from(s.as_str())).collect();
            let chosen: Vec<&str> = tags.iter().copied().filter(|_| next(2) == 0).collect();
            let lists: Vec<Arc<[u32]>> = chosen
                .iter()
                .filter_map(|t| match index.member_ids(t) {
                    K::Known(Some(ids)) => Some(ids.clone()),
                    _ => None,
                })
                .collect();
            let mut want: BTreeSet<String> = explicit.iter().map(|s| s.to_string()).collect();
            for t in &chosen {
                if let K::Known(ms) = index.members(t) {
                    want.extend(ms.iter().map(|s| s.to_string()));
                }
            }
            let members = index.union(&explicit, lists);
            let got: Vec<String> = members.iter().map(|s| s.to_string()).collect();
            let want: Vec<String> = want.into_iter().collect();
            assert_eq!(got, want, "round {round}");
            assert_eq!(members.len(), want.len());
            let mut json = String::new();
            members.write_json(&mut json);
            assert_eq!(json, serde_json::to_string(&want).unwrap_or_default(), "round {round}");
        }
    }
}
