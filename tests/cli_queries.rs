//! Unit-level tests of the query commands (`machines`, `tags`, `instances`,
//! `members`, `machine`), in-process through `api::*_report`:
//! "did you mean" for names that do not exist, `--tags` intersection
//! (clan-semantics §16 ex. 40/41, fixtures 54/55), the legacy
//! `inventory.services` resolution against the hand-derived
//! `nix-fixtures/legacy/*/expected.json` (§16 ex. 45–51), unknown answers
//! (exit 3), laziness (settings are not forced by membership queries),
//! human output and colour, completions and the man page; and, through the
//! built binary, exit 2 when the answer cannot be written to stdout.

use std::path::{Path, PathBuf};

use clan_inv::api::{self, QueryOpts, Report};
use serde_json::{Value, json};

const JSON: QueryOpts = QueryOpts { json: true, color: false };
const HUMAN: QueryOpts = QueryOpts { json: false, color: false };

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("nix-fixtures").join(rel)
}

fn json_of(r: &Report) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", r.stdout, r.stderr))
}

fn names(v: &Value) -> Vec<String> {
    v.as_array().expect("a list").iter().map(|m| m["name"].as_str().expect("name").to_string()).collect()
}

/// A throw-away clan directory with the given files.
struct TempClan(PathBuf);

impl TempClan {
    fn new(tag: &str, files: &[(&str, &str)]) -> TempClan {
        let dir = std::env::temp_dir().join(format!("clan-inv-cli-queries-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        for (name, text) in files {
            let p = dir.join(name);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(p, text).expect("write");
        }
        TempClan(dir)
    }
    fn dir(&self) -> Option<&Path> {
        Some(&self.0)
    }
}

impl Drop for TempClan {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---- did you mean -------------------------------------------------------

#[test]
fn unknown_machine_suggests_names() {
    let d = fixture("clans/32-ex03-explicit-and-tags-dedup");
    let r = api::machine_report(Some(&d), JSON, "jom");
    assert_eq!(r.exit_code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("Machine 'jom' not found. Did you mean: jon"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    // A role member that is not a machine: not found, but say where it is named.
    let r = api::machine_report(Some(&d), HUMAN, "zed");
    assert_eq!(r.exit_code, 1);
    assert!(r.stderr.contains("Machine 'zed' not found."), "{}", r.stderr);
    assert!(r.stderr.contains("named as a member of i1/peer"), "{}", r.stderr);
}

#[test]
fn unknown_instance_and_role_suggest_names() {
    let d = fixture("clans/32-ex03-explicit-and-tags-dedup");
    let r = api::members_report(Some(&d), JSON, "i2", None);
    assert_eq!(r.exit_code, 1);
    assert!(r.stderr.contains("Instance 'i2' not found. Did you mean: i1?"), "{}", r.stderr);
    let r = api::members_report(Some(&d), JSON, "i1", Some("per"));
    assert_eq!(r.exit_code, 1);
    assert!(r.stderr.contains("Role 'per' not found in instance 'i1'. Did you mean: peer, server?"), "{}", r.stderr);
    // Nothing close: still the nearest names (ties in name order), as
    // clan's CLI answers for machines.
    let r = api::members_report(Some(&d), JSON, "i1", Some("zzzzzzzzzzzz"));
    assert_eq!(r.exit_code, 1);
    assert!(r.stderr.contains("Did you mean: peer, server?"), "{}", r.stderr);
}

#[test]
fn no_clan_is_exit_2() {
    let t = TempClan::new("noclan", &[("README", "not a clan")]);
    let r = api::machines_report(t.dir(), JSON, &[]);
    assert_eq!(r.exit_code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no clan found"), "{}", r.stderr);
}

// ---- members, machine ---------------------------------------------------

#[test]
fn members_of_instance_and_role() {
    let d = fixture("clans/32-ex03-explicit-and-tags-dedup");
    let r = api::members_report(Some(&d), JSON, "i1", Some("peer"));
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    assert_eq!(json_of(&r), json!(["jon", "sara", "zed"]));
    // The unmatched tag warns with clan's text (§16 ex. 3).
    assert!(r.stderr.contains(
        "evaluation warning: Service instance 'i1': - peer tags: no machine with tag 'nonexistent' found.\nAvailable tags: [\"laptop\",\"all\",\"nixos\",\"backup\"]\n"
    ));
    let r = api::members_report(Some(&d), JSON, "i1", None);
    assert_eq!(json_of(&r), json!(["adam", "jon", "sara", "zed"]));
    // Human: one name per line; a member that is not a machine is noted on stderr.
    let r = api::members_report(Some(&d), HUMAN, "i1", Some("peer"));
    assert_eq!(r.stdout, "jon\nsara\nzed\n");
    assert!(r.stderr.contains("'zed' is a member but not an inventory machine"), "{}", r.stderr);
}

#[test]
fn machine_memberships_with_via() {
    let d = fixture("clans/32-ex03-explicit-and-tags-dedup");
    let r = api::machine_report(Some(&d), JSON, "jon");
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    assert_eq!(
        json_of(&r),
        json!({
            "name": "jon", "machineClass": "nixos", "tags": ["backup", "laptop", "all", "nixos"],
            "memberships": [
                { "instance": "i1", "role": "peer", "module": { "name": "svc", "input": "self" },
                  "via": ["explicit", "tag:backup", "tag:laptop"] },
                { "instance": "i1", "role": "server", "module": { "name": "svc", "input": "self" },
                  "via": ["tag:all"] },
            ]
        })
    );
}

#[test]
fn machine_human_shows_settings() {
    let d = fixture("clans/64-settings-tag-and-machine-chain");
    let r = api::machine_report(Some(&d), HUMAN, "kim");
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("machine settings  {\"name\": \"kim\"}"), "{}", r.stdout);
    assert!(r.stdout.contains("tag t settings    {\"verbose\": true}"), "{}", r.stdout);
    assert!(r.stdout.contains("tag u settings    {\"timeout\": 9}"), "{}", r.stdout);
    assert!(!r.stdout.contains('\x1b'), "no colour when not asked for");
    let r = api::machine_report(Some(&d), QueryOpts { json: false, color: true }, "kim");
    assert!(r.stdout.contains('\x1b'), "colour when asked for");
}

// ---- --tags intersection (§16 ex. 40, 41) ---------------------------------

fn tagged(rel: &str, tags: &[&str]) -> Vec<String> {
    let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
    let r = api::machines_report(Some(&fixture(rel)), JSON, &tags);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    names(&json_of(&r))
}

#[test]
fn machines_tags_filter_ex40() {
    let f = "clans/54-ex40-cli-tags-filter";
    assert_eq!(tagged(f, &["production"]), ["backup-server", "db-server", "web-server"]);
    assert_eq!(tagged(f, &["web", "production"]), ["web-server"]);
    assert!(tagged(f, &["nonexistent"]).is_empty());
    // Nothing matches: the human output is empty, exit 0 (like clan).
    let r = api::machines_report(Some(&fixture(f)), HUMAN, &["nonexistent".into()]);
    assert_eq!((r.exit_code, r.stdout.as_str()), (0, ""));
    // Derived tags count too.
    assert_eq!(tagged(f, &["all", "web"]), ["web-server"]);
}

#[test]
fn machines_tags_intersection_ex41() {
    let f = "clans/55-ex41-cli-tags-intersection";
    assert_eq!(tagged(f, &["web"]), ["server1", "server3"]);
    assert_eq!(tagged(f, &["database"]), ["server2", "server3"]);
    assert_eq!(tagged(f, &["web", "database"]), ["server3"]);
    assert_eq!(tagged(f, &[]), ["server1", "server2", "server3", "server4"]);
}

#[test]
fn tags_map() {
    let r = api::tags_report(Some(&fixture("clans/45-ex35-static-inventory-tags")), JSON);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    // `static` lists jon and ghost; only the machine appears.
    assert_eq!(
        json_of(&r),
        json!({"all": ["jon", "sara"], "backup": ["jon"], "darwin": ["sara"], "nixos": ["jon"], "static": ["jon"], "zzz": ["jon"]})
    );
}

// ---- legacy inventory.services (§16 ex. 45–51, hand-derived) --------------

fn warnings_in(stderr: &str) -> Vec<String> {
    let starts = ["evaluation warning: ", "warning: ", "unknown: ", "error: ", "note: "];
    let mut out: Vec<String> = Vec::new();
    let mut cur: Option<String> = None;
    for line in stderr.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("evaluation warning: ") {
            out.extend(cur.take());
            cur = Some(rest.to_string());
        } else if starts.iter().any(|s| line.starts_with(s)) {
            out.extend(cur.take());
        } else if let Some(c) = &mut cur {
            c.push_str(line);
        }
    }
    out.extend(cur);
    out.into_iter().map(|w| w.strip_suffix('\n').map(str::to_string).unwrap_or(w)).collect()
}

#[test]
fn legacy_fixtures() {
    let root = fixture("legacy");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("nix-fixtures/legacy")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 6, "legacy fixtures missing");
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("read")).expect("json");
        let mut fail = |what: String| failures.push(format!("{name}: {what}"));
        let r = api::instances_report(Some(dir), JSON);
        if r.exit_code != 0 {
            fail(format!("instances exit {}: {}", r.exit_code, r.stderr));
        }
        if !r.stderr.contains("current clan-core rejects this legacy API") {
            fail(format!("no legacy warning: {}", r.stderr));
        }
        if json_of(&r) != want["instances"] {
            fail(format!("instances:\n  got  {}\n  want {}", r.stdout.trim(), want["instances"]));
        }
        let want_w: Vec<String> =
            want["warnings"].as_array().expect("warnings").iter().map(|w| w.as_str().unwrap_or("").into()).collect();
        if warnings_in(&r.stderr) != want_w {
            fail(format!("warnings:\n  got  {:?}\n  want {want_w:?}", warnings_in(&r.stderr)));
        }
        for d in want["dropped"].as_array().expect("dropped") {
            let line = r.stderr.lines().find(|l| {
                l.starts_with(&format!(
                    "warning: {}: role '{}'",
                    d["instance"].as_str().unwrap_or(""),
                    d["role"].as_str().unwrap_or("")
                )) && l.contains(&format!("tag '{}' matches no machine", d["tag"].as_str().unwrap_or("")))
            });
            match line {
                Some(l) => {
                    let ms: Vec<&str> =
                        d["machines"].as_array().expect("machines").iter().filter_map(Value::as_str).collect();
                    if !l.contains(&format!("drops {}:", ms.join(", "))) {
                        fail(format!("dropped {d}: {l}"));
                    }
                }
                None => fail(format!("no dropped note for {d}: {}", r.stderr)),
            }
        }
        if want["dropped"].as_array().is_some_and(|d| d.is_empty()) && r.stderr.contains("legacy resolution drops") {
            fail(format!("unexpected dropped note: {}", r.stderr));
        }
        for (m, wm) in want["machines"].as_object().expect("machines") {
            let r = api::machine_report(Some(dir), JSON, m);
            if r.exit_code != 0 || json_of(&r) != *wm {
                fail(format!("machine {m} (exit {}):\n  got  {}\n  want {wm}", r.exit_code, r.stdout.trim()));
            }
        }
        for (i, wm) in want["members"].as_object().expect("members") {
            let r = api::members_report(Some(dir), JSON, i, None);
            if r.exit_code != 0 || json_of(&r) != *wm {
                fail(format!("members {i} (exit {}):\n  got  {}\n  want {wm}", r.exit_code, r.stdout.trim()));
            }
        }
    }
    println!("legacy fixtures: {} passed, {} failed", dirs.len() - failures.len().min(dirs.len()), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn legacy_with_inventory_command_fails_but_queries_answer() {
    let d = fixture("clans/75-err-legacy-services");
    let r = api::inventory_report(Some(&d), true);
    assert_eq!(r.exit_code, 1);
    let r = api::instances_report(Some(&d), JSON);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    assert_eq!(
        json_of(&r)["services.sshd.default"],
        json!({"legacy": true, "module": {"name": "sshd", "input": null}, "roles": {"server": {"machines": ["jon", "sara"]}}})
    );
    // The legacy instance is found by its key; a near miss is suggested.
    let r = api::members_report(Some(&d), JSON, "services.sshd.default", Some("server"));
    assert_eq!((r.exit_code, json_of(&r)), (0, json!(["jon", "sara"])));
    let r = api::members_report(Some(&d), JSON, "services.sshd.defualt", None);
    assert_eq!(r.exit_code, 1);
    assert!(r.stderr.contains("Did you mean: services.sshd.default"), "{}", r.stderr);
}

// ---- unknown answers (exit 3) ---------------------------------------------

#[test]
fn clan_behind_an_input_function_is_an_unknown_answer() {
    // The outputs go through a function of a flake input that is not
    // evaluated: the clan may be defined in there. The whole answer is
    // unknown, located at that call (line 4, column 3).
    let flake = "{\n  inputs.patcher.url = \"github:example/patcher\";\n  outputs = inputs:\n  inputs.patcher.lib.wrap { x = 1; };\n}\n";
    let t = TempClan::new("opaque-outputs", &[("flake.nix", flake)]);
    let r = api::instances_report(t.dir(), JSON);
    assert_eq!(r.exit_code, 3, "{}", r.stderr);
    let j = json_of(&r);
    assert!(j["$unknown"].as_str().is_some_and(|s| s.starts_with("no clan found statically")), "{j}");
    assert!(j["at"].as_str().is_some_and(|a| a.ends_with("flake.nix:4:3")), "{j}");
    assert!(r.stderr.contains("unknown: the answer: no clan found statically"), "{}", r.stderr);
    let r = api::machines_report(t.dir(), HUMAN, &[]);
    assert_eq!(r.exit_code, 3);
    assert!(
        r.stdout.starts_with("<unknown: no clan found statically") && r.stdout.contains("flake.nix:4:3)>"),
        "{}",
        r.stdout
    );
    let r = api::inventory_report(t.dir(), true);
    assert_eq!(r.exit_code, 3);
    assert!(json_of(&r)["$unknown"].is_string(), "{}", r.stdout);
}

#[test]
fn unknown_role_members_exit_3() {
    let d = fixture("clans-partial/P03-role-members-from-unknown-input");
    let r = api::instances_report(Some(&d), JSON);
    assert_eq!(r.exit_code, 3, "{}", r.stderr);
    let j = json_of(&r);
    let peer = &j["zerotier"]["roles"]["peer"]["machines"];
    assert!(peer["$unknown"].is_string(), "{peer}");
    // The location: the definition of `roles.peer.machines` (line 25).
    assert!(peer["at"].as_str().is_some_and(|a| a.contains("flake.nix:25:")), "{peer}");
    assert_eq!(j["zerotier"]["roles"]["controller"]["machines"], json!(["controller"]));
    assert_eq!(j["sshd"]["roles"]["server"]["machines"], json!(["controller", "laptop-1", "laptop-2"]));
    assert!(r.stderr.contains("unknown: inventory.instances.zerotier.roles.peer.machines: "), "{}", r.stderr);
    // `inventory` names the part too.
    let r = api::inventory_report(Some(&d), true);
    assert_eq!(r.exit_code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("unknown: inventory.instances.zerotier.roles.peer.machines: "), "{}", r.stderr);
    // The known parts answer with exit 0.
    let r = api::members_report(Some(&d), JSON, "zerotier", Some("controller"));
    assert_eq!((r.exit_code, json_of(&r)), (0, json!(["controller"])));
    let r = api::members_report(Some(&d), JSON, "zerotier", None);
    assert_eq!(r.exit_code, 3);
    assert!(json_of(&r)["$unknown"].is_string());
    // Human form names the unknown in place.
    let r = api::members_report(Some(&d), HUMAN, "zerotier", Some("peer"));
    assert_eq!(r.exit_code, 3);
    assert!(r.stdout.starts_with("<unknown: "), "{}", r.stdout);
    // A machine whose membership in peer cannot be known.
    let r = api::machine_report(Some(&d), JSON, "laptop-1");
    assert_eq!(r.exit_code, 3);
    assert!(json_of(&r)["memberships"]["$unknown"].is_string());
}

#[test]
fn unknown_machine_tags_exit_3() {
    let d = fixture("clans-partial/P04-tags-from-input-file");
    // vault's tags are unknown: tag-based roles are unknown, explicit ones not.
    let r = api::instances_report(Some(&d), JSON);
    assert_eq!(r.exit_code, 3);
    let j = json_of(&r);
    assert!(j["firewall"]["roles"]["open"]["machines"]["$unknown"].is_string());
    assert_eq!(j["vault"]["roles"]["client"]["machines"], json!(["db", "web"]));
    // db's own tags are known, so its memberships are exact.
    let r = api::machine_report(Some(&d), JSON, "db");
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    let ms: Vec<(String, String)> = json_of(&r)["memberships"]
        .as_array()
        .expect("list")
        .iter()
        .map(|m| (m["instance"].as_str().unwrap_or("").into(), m["role"].as_str().unwrap_or("").into()))
        .collect();
    assert_eq!(ms, [("firewall".to_string(), "closed".to_string()), ("vault".into(), "client".into())]);
    let r = api::machine_report(Some(&d), JSON, "vault");
    assert_eq!(r.exit_code, 3);
    // tags: a machine's unknown tags make the whole map unknown; --tags too.
    assert_eq!(api::tags_report(Some(&d), JSON).exit_code, 3);
    let r = api::machines_report(Some(&d), JSON, &["public".into()]);
    assert_eq!(r.exit_code, 3);
    // machines without a filter: only vault's tags are unknown.
    let r = api::machines_report(Some(&d), JSON, &[]);
    assert_eq!(r.exit_code, 3);
    let j = json_of(&r);
    assert_eq!(names(&j), ["db", "vault", "web"]);
    assert!(j[1]["tags"]["$unknown"].is_string());
}

#[test]
fn unknown_machine_set_exit_3() {
    let d = fixture("clans-partial/P01-machines-from-ifd");
    let r = api::machines_report(Some(&d), JSON, &[]);
    assert_eq!(r.exit_code, 3);
    assert!(json_of(&r)["$unknown"].is_string());
    // A role with only explicit machines does not need the machine set.
    let r = api::members_report(Some(&d), JSON, "admin", Some("default"));
    assert_eq!((r.exit_code, json_of(&r)), (0, json!(["static-box"])));
    // A name that is not among the known machines may still exist.
    let r = api::machine_report(Some(&d), JSON, "generated-7");
    assert_eq!(r.exit_code, 3, "{}", r.stderr);
}

#[test]
fn settings_unknown_only_where_shown() {
    let d = fixture("clans-partial/P02-settings-from-packages");
    // Membership queries do not read settings.
    let r = api::machine_report(Some(&d), JSON, "a");
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    let r = api::instances_report(Some(&d), JSON);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    // The human `machine` output shows settings, some of them unknown.
    let r = api::machine_report(Some(&d), HUMAN, "a");
    assert_eq!(r.exit_code, 3, "{}", r.stderr);
    assert!(r.stdout.contains("<unknown: "), "{}", r.stdout);
}

// ---- laziness (SPEC §1 principle 2) ---------------------------------------

const BROKEN_SETTINGS: &str = r#"{
  meta.name = "lazy";
  inventory = {
    machines.jon.tags = [ "web" ];
    machines.sara = { };
    instances.web = {
      module = { name = "svc"; input = "self"; };
      roles.server.tags.web.settings = throw "tag settings must not be forced";
      roles.server.settings = throw "role settings must not be forced";
      roles.server.machines.sara.settings = throw "machine settings must not be forced";
    };
  };
}
"#;

#[test]
fn membership_queries_do_not_force_settings() {
    let t = TempClan::new("lazy", &[("clan.nix", BROKEN_SETTINGS)]);
    let r = api::instances_report(t.dir(), JSON);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    assert_eq!(json_of(&r)["web"]["roles"]["server"]["machines"], json!(["jon", "sara"]));
    let r = api::members_report(t.dir(), JSON, "web", None);
    assert_eq!((r.exit_code, json_of(&r)), (0, json!(["jon", "sara"])));
    let r = api::machine_report(t.dir(), JSON, "sara");
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    let r = api::machines_report(t.dir(), JSON, &[]);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    let r = api::tags_report(t.dir(), JSON);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    // Showing settings forces them: the error is reported (exit 1).
    let r = api::machine_report(t.dir(), HUMAN, "jon");
    assert_eq!(r.exit_code, 1);
    assert!(r.stderr.contains("must not be forced"), "{}", r.stderr);
}

#[test]
fn machines_do_not_force_instances() {
    let t = TempClan::new(
        "lazy2",
        &[(
            "clan.nix",
            r#"{
  meta.name = "lazy2";
  inventory.machines.jon = { };
  inventory.instances = throw "instances must not be forced";
}
"#,
        )],
    );
    let r = api::machines_report(t.dir(), JSON, &[]);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    assert_eq!(names(&json_of(&r)), ["jon"]);
    let r = api::tags_report(t.dir(), JSON);
    assert_eq!(r.exit_code, 0, "{}", r.stderr);
    // The instances themselves are an error (exit 1, Nix's message).
    let r = api::instances_report(t.dir(), JSON);
    assert_eq!(r.exit_code, 1);
    assert!(r.stderr.contains("instances must not be forced"), "{}", r.stderr);
}

// ---- human output ---------------------------------------------------------

#[test]
fn human_tables_are_aligned_and_plain() {
    let d = fixture("clans/32-ex03-explicit-and-tags-dedup");
    let r = api::machines_report(Some(&d), HUMAN, &[]);
    assert_eq!(r.exit_code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("NAME  CLASS  TAGS"), "{}", r.stdout);
    let col = lines[0].find("CLASS").expect("CLASS");
    for l in &lines[1..] {
        assert_eq!(&l[col..col + 5], "nixos", "{}", r.stdout);
    }
    let r = api::instances_report(Some(&d), HUMAN);
    assert!(r.stdout.contains("├─ peer    jon, sara, zed (not a machine)"), "{}", r.stdout);
    assert!(r.stdout.contains("└─ server  adam, jon, sara"), "{}", r.stdout);
    assert!(!r.stdout.contains('\x1b'));
}

// ---- completions and man page ---------------------------------------------

#[test]
fn completions_and_man_page() {
    use clan_inv::cli::{CompletionShell, completions, man_page};
    for sh in [CompletionShell::Bash, CompletionShell::Zsh, CompletionShell::Fish] {
        let s = completions(sh);
        assert!(s.contains("clan-inv"), "{sh:?}");
        assert!(s.contains("members") && s.contains("instances"), "{sh:?}");
    }
    let m = man_page();
    assert!(m.starts_with(".ie") || m.contains(".TH"), "{m}");
    assert!(m.contains("clan\\-inv members INSTANCE [ROLE]"), "{m}");
    assert!(m.contains("EXIT STATUS"));
}

// ---- partially knowable clans (clans-partial/*/expected-known.json) --------

/// Everything clan-inv reports as known agrees with the hand-written
/// `expected-known.json`, and every part listed there as incomplete is
/// reported as unknown (clan-inv never prints a lower bound as an answer).
/// A certain part that clan-inv reports as unknown is imprecise, not wrong:
/// it is listed (the inventory layer's to fix), not failed.
#[test]
fn partial_clans_known_parts() {
    let mut imprecise = Vec::new();
    let root = fixture("clans-partial");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("clans-partial")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected-known.json").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected-known.json")).expect("read"))
                .expect("json");
        let mut fail = |what: String| failures.push(format!("{name}: {what}"));
        // instances: complete roles exactly, incomplete ones unknown
        let r = api::instances_report(Some(dir), JSON);
        let got = json_of(&r);
        let mut any_unknown = false;
        for (i, wi) in want["instances"].as_object().expect("instances") {
            if got[i]["module"] != wi["module"] {
                fail(format!("{i}: module {} != {}", got[i]["module"], wi["module"]));
            }
            for (role, wr) in wi["roles"].as_object().expect("roles") {
                let g = &got[i]["roles"][role]["machines"];
                if wr["complete"] == json!(true) {
                    if *g != wr["machines"] {
                        fail(format!("{i}/{role}: {g} != {}", wr["machines"]));
                    }
                    let m = api::members_report(Some(dir), JSON, i, Some(role));
                    if m.exit_code != 0 || json_of(&m) != wr["machines"] {
                        fail(format!("members {i} {role}: exit {} {}", m.exit_code, m.stdout.trim()));
                    }
                } else {
                    any_unknown = true;
                    if !g["$unknown"].is_string() {
                        fail(format!("{i}/{role}: incomplete, but answered {g}"));
                    }
                }
            }
        }
        let code = if any_unknown { 3 } else { 0 };
        if r.exit_code != code {
            fail(format!("instances exit {} (want {code}): {}", r.exit_code, r.stderr));
        }
        // machines: class and tags where certain
        for (m, wm) in want["machines"].as_object().expect("machines") {
            let r = api::machine_report(Some(dir), JSON, m);
            let got = json_of(&r);
            if let Some(t) = wm.get("tags")
                && got["tags"] != *t
            {
                if got["tags"]["$unknown"].is_string() {
                    imprecise.push(format!("{name}: machine {m}: tags {t} are certain but reported unknown"));
                } else {
                    fail(format!("machine {m}: tags {} != {t}", got["tags"]));
                }
            }
            if wm.get("tags").is_none() && !got["tags"]["$unknown"].is_string() {
                fail(format!("machine {m}: tags should be unknown, got {}", got["tags"]));
            }
            if let Some(c) = wm.get("machineClass")
                && got["machineClass"] != *c
            {
                fail(format!("machine {m}: class {} != {c}", got["machineClass"]));
            }
        }
        let r = api::machines_report(Some(dir), JSON, &[]);
        let got = json_of(&r);
        if want["machinesComplete"] == json!(true) {
            let mut keys: Vec<String> = want["machines"].as_object().expect("machines").keys().cloned().collect();
            keys.sort();
            if names(&got) != keys {
                fail(format!("machines: {:?} != {keys:?}", names(&got)));
            }
        } else if !got["$unknown"].is_string() {
            fail(format!("machines: incomplete set answered {got}"));
        }
    }
    for i in &imprecise {
        eprintln!("imprecise: {i}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A failed write of the answer (a full device) is an I/O error: the binary
/// says so on stderr and exits 2 (SPEC exit codes), instead of exiting 0
/// behind a truncated answer; the same commands into a pipe exit 0. Runs
/// the built binary: the write to the process's stdout is what is tested.
#[test]
fn a_failed_write_of_the_answer_is_exit_2() {
    use std::process::{Command, Stdio};
    if !Path::new("/dev/full").exists() {
        eprintln!("no /dev/full here: skipped");
        return;
    }
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let demo = demo.to_str().expect("a UTF-8 path");
    let commands: [&[&str]; 4] = [
        &["--dir", demo, "instances", "--json"],
        &["--dir", demo, "machines"],
        &["--dir", demo, "inventory", "--json"],
        &["--version"],
    ];
    for args in commands {
        let run = |stdout: Stdio| {
            Command::new(env!("CARGO_BIN_EXE_clan-inv"))
                .args(args)
                .stdout(stdout)
                .stderr(Stdio::piped())
                .output()
                .expect("the binary runs")
        };
        let ok = run(Stdio::piped());
        assert_eq!(ok.status.code(), Some(0), "{args:?} into a pipe");
        assert!(!ok.stdout.is_empty(), "{args:?} answers");
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full opens");
        let failed = run(Stdio::from(full));
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert_eq!(failed.status.code(), Some(2), "{args:?} into /dev/full; stderr: {stderr}");
        assert!(stderr.contains("error: writing the answer to stdout: No space left on device"), "{args:?}: {stderr}");
    }
}
