//! Real-world flake layouts (`nix-fixtures/patterns/`): the machine set, or
//! an explicit unknown, as written by hand in each case's
//! `expected-machines` (exit code, then machine names).

use std::path::Path;

#[test]
fn real_world_patterns() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("nix-fixtures/patterns");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("patterns dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    for d in &dirs {
        let exp = std::fs::read_to_string(d.join("expected-machines")).expect("expected-machines");
        let mut words = exp.split_whitespace();
        let code: i32 = words.next().and_then(|w| w.parse().ok()).expect("exit code");
        let names: Vec<&str> = words.collect();
        let r = clan_inv::api::machines_report(Some(d), clan_inv::api::QueryOpts { json: true, color: false }, &[]);
        let got: Vec<String> = serde_json::from_str::<serde_json::Value>(&r.stdout)
            .ok()
            .and_then(|v| {
                v.as_array().map(|a| a.iter().filter_map(|m| m["name"].as_str().map(str::to_string)).collect())
            })
            .unwrap_or_default();
        let ok = r.exit_code == code && (code != 0 || got == names);
        if !ok {
            failures.push(format!(
                "{}: exit {} {:?} (expected {code} {names:?}): {}",
                d.display(),
                r.exit_code,
                got,
                r.stderr.lines().next().unwrap_or("")
            ));
        }
    }
    println!("patterns: {} passed, {} failed", dirs.len() - failures.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
