//! `util::suggestions` ("did you mean" for names given to queries) against
//! clan-core's own `_suggest_similar_names` (`clan_lib/machines/
//! suggestions.py`), run by `scripts/suggestion-fixtures.py` on the cases
//! of `nix-fixtures/suggestions/expected.json`.

#[test]
fn suggestions_match_clan_cli() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("nix-fixtures/suggestions/expected.json");
    let cases: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("expected.json")).expect("JSON");
    let cases = cases.as_array().expect("a list of cases");
    assert!(cases.len() > 50);
    let strs = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().expect("a list").iter().map(|s| s.as_str().expect("a string").to_string()).collect()
    };
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let candidates = strs(&c["candidates"]);
        let cands: Vec<&str> = candidates.iter().map(String::as_str).collect();
        let got = clan_inv::util::suggestions(name, &cands, 3);
        let want = strs(&c["suggestions"]);
        if got != want {
            failures.push(format!("{name:?} in {candidates:?}: clan {want:?}, clan-inv {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
