//! Differential test of the native nixpkgs lib: every case under
//! `nix-fixtures/lib` (a function `lib: <expr>`) is applied to `ev.lib()` and
//! its JSON compared with what real Nix printed with the real nixpkgs lib
//! (`scripts/lib-fixtures.sh` regenerates the expectations).

use std::path::{Path, PathBuf};

use clan_inv::eval::json::{PathMode, write_json};
use clan_inv::eval::value::Thunk;
use clan_inv::eval::{Evaluator, R};

fn eval_case(dir: &Path, case: &Path) -> R<String> {
    let mut ev = Evaluator::new(dir.to_path_buf());
    let f = ev.import(case)?;
    let lib = ev.lib();
    let v = ev.apply(f, Thunk::Val(lib))?;
    let mut out = String::new();
    let mut unknowns = Vec::new();
    write_json(&mut ev, &v, &mut out, &mut unknowns, PathMode::Text)?;
    out.push('\n');
    Ok(out)
}

#[test]
fn lib_fixtures() {
    clan_inv::run_with_big_stack(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("nix-fixtures/lib");
        let dir = std::fs::canonicalize(&dir).expect("nix-fixtures/lib exists");
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("read nix-fixtures/lib")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "nix"))
            .collect();
        cases.sort();
        assert!(!cases.is_empty(), "no lib fixtures");
        let (mut passed, mut failures) = (0, Vec::new());
        for case in &cases {
            let name = case.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let exp_path = case.with_extension("exp.json");
            let Ok(expected) = std::fs::read_to_string(&exp_path) else {
                failures.push(format!("{name}: missing {}", exp_path.display()));
                continue;
            };
            match eval_case(&dir, case) {
                Ok(got) if got == expected => passed += 1,
                Ok(got) => failures.push(format!("{name}:\n  expected {}  got      {}", expected, got)),
                Err(e) => failures.push(format!("{name}: error {:?}: {}", e.kind, e.msg)),
            }
        }
        for f in &failures {
            eprintln!("FAIL {f}");
        }
        eprintln!("lib fixtures: {passed} passed, {} failed", failures.len());
        assert!(failures.is_empty(), "{} lib fixtures failed", failures.len());
    });
}
