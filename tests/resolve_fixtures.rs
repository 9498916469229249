//! The query commands against clan-core's own answers: for every
//! `nix-fixtures/clans/*/expected.json` (made by the clan oracle, i.e.
//! clan-core's inventory code on real Nix), in-process through the
//! `api::*_report` functions:
//!
//! * `instances --json` = the oracle's `resolved` (module + role members);
//! * `machines --json` = `inventory.machines` (name, tags, machineClass,
//!   description, deploy);
//! * `tags --json` = the SPEC §3 rule applied to the oracle's inventory
//!   (tags of `inventory.machines.*.tags` + keys of `inventory.tags`);
//! * `machine NAME --json` memberships = the oracle's
//!   `machines.<m>.memberships` (instance, role), and the settings chain
//!   (`api::machine_settings_report`) = the oracle's `machineSettings`;
//! * the warnings on stderr = the oracle's `warnings` (and `expected.stderr`).
//!
//! Cases whose inventory clan-inv cannot reproduce yet (`inventory --json`
//! differs from `expected.json`) are skipped and counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use clan_inv::api::{self, QueryOpts, Report};
use serde_json::{Value, json};

const JSON: QueryOpts = QueryOpts { json: true, color: false };

fn parse(r: &Report, what: &str) -> Result<Value, String> {
    serde_json::from_str(&r.stdout)
        .map_err(|e| format!("{what}: stdout is not JSON ({e}), exit {}: {}\n{}", r.exit_code, r.stdout, r.stderr))
}

/// The evaluation warnings printed on stderr (`<prefix><text>` blocks; one
/// trailing newline belongs to the printer).
pub fn warnings_in(stderr: &str, prefix: &str) -> Vec<String> {
    let starts = ["evaluation warning: ", "trace: evaluation warning: ", "warning: ", "unknown: ", "error: ", "note: "];
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in stderr.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(prefix) {
            if let Some(c) = cur.take() {
                out.push(c);
            }
            cur = Some(rest.to_string());
        } else if starts.iter().any(|s| line.starts_with(s)) {
            if let Some(c) = cur.take() {
                out.push(c);
            }
        } else if let Some(c) = &mut cur {
            c.push_str(line);
        }
    }
    if let Some(c) = cur {
        out.push(c);
    }
    out.into_iter().map(|w| w.strip_suffix('\n').map(str::to_string).unwrap_or(w)).collect()
}

fn check_case(dir: &Path, expected: &Value) -> Result<bool, String> {
    // A case may name its clan directory (`clan-dir`, relative to the root).
    let target = match std::fs::read_to_string(dir.join("clan-dir")) {
        Ok(rel) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel.trim()),
        Err(_) => dir.to_path_buf(),
    };
    let dir = target.as_path();
    let d = Some(dir);
    // Skip what the inventory layer cannot reproduce yet.
    let inv = api::inventory_report(d, true);
    let inv_json: Option<Value> = serde_json::from_str(&inv.stdout).ok();
    if inv.exit_code != 0 || inv_json.as_ref() != Some(&expected["inventory"]) {
        return Ok(false);
    }
    let oracle_inv = &expected["inventory"];
    let mut errs = Vec::new();

    // instances
    let r = api::instances_report(d, JSON);
    let got = parse(&r, "instances")?;
    let mut want = serde_json::Map::new();
    for (i, v) in expected["resolved"].as_object().into_iter().flatten() {
        let mut roles = serde_json::Map::new();
        for (rn, rv) in v["roles"].as_object().into_iter().flatten() {
            roles.insert(rn.clone(), json!({ "machines": rv["machines"] }));
        }
        want.insert(i.clone(), json!({ "module": v["module"], "roles": roles }));
    }
    if got != Value::Object(want.clone()) {
        errs.push(format!("instances --json:\n  got  {got}\n  want {}", Value::Object(want)));
    }
    if r.exit_code != 0 {
        errs.push(format!("instances exit {}: {}", r.exit_code, r.stderr));
    }

    // warnings: service warnings from `instances`, the rest (meta) from `inventory`
    let mut got_w = warnings_in(&r.stderr, "evaluation warning: ");
    got_w.extend(warnings_in(&inv.stderr, "evaluation warning: "));
    let want_w: Vec<String> =
        expected["warnings"].as_array().into_iter().flatten().filter_map(|w| w.as_str().map(str::to_string)).collect();
    let sort = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let svc = |v: &[String]| v.iter().filter(|w| w.starts_with("Service instance")).cloned().collect::<Vec<_>>();
    if svc(&got_w) != svc(&want_w) {
        errs.push(format!("service warnings (in order):\n  got  {:?}\n  want {:?}", svc(&got_w), svc(&want_w)));
    }
    if sort(got_w.clone()) != sort(want_w.clone()) {
        errs.push(format!("warnings:\n  got  {got_w:?}\n  want {want_w:?}"));
    }
    if let Ok(es) = std::fs::read_to_string(dir.join("expected.stderr")) {
        let want_s = warnings_in(&es, "trace: evaluation warning: ");
        if sort(want_s.clone()) != sort(got_w.clone()) {
            errs.push(format!("expected.stderr warnings:\n  got  {got_w:?}\n  want {want_s:?}"));
        }
    }

    // machines
    let r = api::machines_report(d, JSON, &[]);
    let got = parse(&r, "machines")?;
    let mut want = Vec::new();
    for (name, m) in oracle_inv["machines"].as_object().into_iter().flatten() {
        want.push(json!({
            "name": name,
            "machineClass": m["machineClass"],
            "tags": m["tags"],
            "description": m["description"],
            "deploy": m["deploy"],
        }));
    }
    if got != Value::Array(want.clone()) || r.exit_code != 0 {
        errs.push(format!("machines --json (exit {}):\n  got  {got}\n  want {}", r.exit_code, Value::Array(want)));
    }

    // tags: SPEC §3 rule on the oracle's inventory
    let r = api::tags_report(d, JSON);
    let got = parse(&r, "tags")?;
    let mut keys: BTreeSet<String> = BTreeSet::new();
    let mut carriers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, m) in oracle_inv["machines"].as_object().into_iter().flatten() {
        for t in m["tags"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            keys.insert(t.to_string());
            carriers.entry(t.to_string()).or_default().push(name.clone());
        }
    }
    keys.extend(oracle_inv["tags"].as_object().into_iter().flatten().map(|(k, _)| k.clone()));
    let mut want = serde_json::Map::new();
    for k in keys {
        let mut ms = carriers.remove(&k).unwrap_or_default();
        ms.sort();
        ms.dedup();
        want.insert(k, json!(ms));
    }
    if got != Value::Object(want.clone()) || r.exit_code != 0 {
        errs.push(format!("tags --json (exit {}):\n  got  {got}\n  want {}", r.exit_code, Value::Object(want)));
    }

    // machine NAME: memberships and settings chain
    for (name, m) in expected["machines"].as_object().into_iter().flatten() {
        let r = api::machine_report(d, JSON, name);
        let got = parse(&r, &format!("machine {name}"))?;
        let got_ms: Vec<(String, String)> = got["memberships"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| (x["instance"].as_str().unwrap_or("").into(), x["role"].as_str().unwrap_or("").into()))
            .collect();
        let want_ms: Vec<(String, String)> = m["memberships"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| (x["instance"].as_str().unwrap_or("").into(), x["role"].as_str().unwrap_or("").into()))
            .collect();
        if got_ms != want_ms || r.exit_code != 0 {
            errs.push(format!(
                "machine {name} memberships (exit {}):\n  got  {got_ms:?}\n  want {want_ms:?}",
                r.exit_code
            ));
        }
        if got["tags"] != m["tags"] || got["machineClass"] != m["machineClass"] || got["name"] != json!(name) {
            errs.push(format!("machine {name}: name/tags/class differ: {got}"));
        }
        // every membership carries its instance's module and a reason
        for x in got["memberships"].as_array().into_iter().flatten() {
            let i = x["instance"].as_str().unwrap_or("");
            if x["module"] != expected["resolved"][i]["module"] || x["via"].as_array().is_none_or(|v| v.is_empty()) {
                errs.push(format!("machine {name}: membership {x} lacks its module or via"));
            }
        }
        let r = api::machine_settings_report(d, name);
        let got = parse(&r, &format!("settings of {name}"))?;
        let mut want = serde_json::Map::new();
        for (i, ms) in want_ms.iter().map(|(i, r)| (i, r)) {
            let role = &expected["resolved"][i]["roles"][ms];
            let Some(chain) = role["machineSettings"].get(name) else { continue };
            let e = want.entry(i.clone()).or_insert_with(|| json!({}));
            e[ms] = json!({ "role": role["settings"], "machine": chain["machine"], "tags": chain["tags"] });
        }
        if !want.is_empty() && got != Value::Object(want.clone()) {
            errs.push(format!("settings of {name}:\n  got  {got}\n  want {}", Value::Object(want)));
        }
    }
    if errs.is_empty() { Ok(true) } else { Err(errs.join("\n")) }
}

#[test]
fn resolve_fixtures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("nix-fixtures/clans");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("nix-fixtures/clans")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut skipped_names = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("read"))
            .expect("expected.json");
        match check_case(dir, &expected) {
            Ok(true) => passed += 1,
            Ok(false) => {
                skipped += 1;
                skipped_names.push(name);
            }
            Err(e) => {
                failed += 1;
                eprintln!("FAIL {name}:\n{e}\n");
            }
        }
    }
    if !skipped_names.is_empty() {
        eprintln!("skipped (inventory differs from expected.json): {}", skipped_names.join(", "));
    }
    println!("resolve fixtures: {passed} passed, {failed} failed, {skipped} skipped");
    assert!(passed > 0, "no fixture ran");
    assert_eq!(failed, 0, "resolve fixtures: {failed} failed");
}
