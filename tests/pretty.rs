//! `eval::print::pretty` (nixpkgs' `lib.generators.toPretty` as the module
//! system shows definitions in its errors) against real Nix: every value of
//! `nix-fixtures/pretty/values.nix`, rendered by nixpkgs' own
//! `toPretty { } (withRecursion { depthLimit = 10; throwOnDepthLimit =
//! false; } v)` on Nix 2.8 into `expected.json`.

use std::path::Path;

use clan_inv::eval::Evaluator;
use clan_inv::eval::value::Value;

#[test]
fn pretty_matches_nixpkgs_to_pretty() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("nix-fixtures/pretty");
    let expected: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"))
            .expect("a list of strings");
    let mut ev = Evaluator::new(dir.clone());
    let Ok(Value::List(values)) = ev.import(&dir.join("values.nix")) else {
        panic!("values.nix is not a list");
    };
    assert_eq!(values.len(), expected.len());
    let mut failures = Vec::new();
    for (i, (t, want)) in values.iter().zip(&expected).enumerate() {
        let v = ev.force(t).expect("value");
        let got = clan_inv::eval::print::pretty(&mut ev, &v);
        if got.as_deref() != Some(want.as_str()) {
            failures.push(format!("value {i}:\n  expected {want:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
