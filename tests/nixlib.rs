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

/// Evaluates `lib: <expr>` (Nix source) with the native lib, as JSON.
fn eval_with_lib(src: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("nix-fixtures/lib");
    let mut ev = Evaluator::new(dir);
    let r = (|| {
        let f = ev.eval_source("<nixlib test>", src)?;
        let lib = ev.lib();
        let v = ev.apply(f, Thunk::Val(lib))?;
        let mut out = String::new();
        let mut unknowns = Vec::new();
        write_json(&mut ev, &v, &mut out, &mut unknowns, PathMode::Text)?;
        Ok::<_, clan_inv::eval::EvalError>(out)
    })();
    match r {
        Ok(s) => s,
        Err(e) => format!("error {:?}: {}", e.kind, e.msg),
    }
}

/// Where the input is not static, lib functions answer unknown (never a
/// wrong value), and keep what is still known.
#[test]
fn lib_unknowns() {
    clan_inv::run_with_big_stack(|| {
        const SYS: &str = r#"{"$unknown":"builtins.currentSystem depends on the machine"}"#;
        const LIB: &str = r#"{"$unknown":"this lib function is not supported statically"}"#;
        let cases: Vec<(&str, String)> = vec![
            ("lib: lib.fileset", LIB.into()),
            ("lib: lib.filesystem.listFilesRecursive ./.", LIB.into()),
            ("lib: lib ? nope", LIB.into()),
            ("lib: lib ? mkIf", "true".into()),
            ("lib: with lib; nope 1", LIB.into()),
            // Types are descriptions for `mkOption`; like nixpkgs' types they
            // hold a function (`check`), so they are not JSON.
            ("lib: lib.types.str", "error Type: cannot convert a function to JSON".into()),
            ("lib: lib.types.listOf lib.types.str", "error Type: cannot convert a function to JSON".into()),
            ("lib: lib.types.nope", r#"{"$unknown":"this lib.types type is not supported statically"}"#.into()),
            (
                "lib: lib.attrsets.nope",
                r#"{"$unknown":"this lib.attrsets function is not supported statically"}"#.into(),
            ),
            // the list version of hasPrefix is not the string one
            (
                "lib: lib.lists.hasPrefix [ 1 ] [ 1 2 ]",
                r#"{"$unknown":"this lib.lists function is not supported statically"}"#.into(),
            ),
            ("lib: (lib.mkEnableOption \"x\").type", r#"{"$unknown":"lib.types is not supported statically"}"#.into()),
            ("lib: lib.genAttrs [ \"a\" ] (n: builtins.currentSystem)", format!(r#"{{"a":{SYS}}}"#)),
            ("lib: lib.mkIf builtins.currentSystem 1", format!(r#"{{"_type":"if","condition":{SYS},"content":1}}"#)),
            ("lib: lib.optionalAttrs builtins.currentSystem { a = 1; }", SYS.into()),
            ("lib: lib.optional builtins.currentSystem 1", SYS.into()),
            ("lib: lib.hasPrefix \"x\" builtins.currentSystem", SYS.into()),
            ("lib: lib.unique [ 1 builtins.currentSystem ]", SYS.into()),
            ("lib: lib.unique [ builtins.currentSystem ]", format!("[{SYS}]")),
            ("lib: lib.elem 1 [ builtins.currentSystem 1 ]", "true".into()),
            ("lib: lib.subtractLists [ builtins.currentSystem ] [ 1 ]", SYS.into()),
            ("lib: lib.flatten [ 1 builtins.currentSystem ]", SYS.into()),
            ("lib: lib.splitString \",\" builtins.currentSystem", SYS.into()),
            ("lib: builtins.length (lib.map builtins.currentSystem [ 1 2 ])", "2".into()),
            // an unknown value in a filter: the name is neither kept nor dropped
            ("lib: (lib.filterAttrs (n: v: v == builtins.currentSystem) { a = 1; }).a", SYS.into()),
            (
                "lib: (lib.filterAttrs (n: v: n == \"b\" || v == builtins.currentSystem) { a = 1; b = 2; }).b",
                "2".into(),
            ),
            // an unknown name from mapAttrs' may shadow names after it
            (
                "lib: (lib.mapAttrs' (n: v: lib.nameValuePair (if n == \"a\" then builtins.currentSystem else n) v) { a = 1; b = 2; }).b",
                SYS.into(),
            ),
            (
                "lib: (lib.mapAttrs' (n: v: lib.nameValuePair (if n == \"b\" then builtins.currentSystem else n) v) { a = 1; b = 2; }).a",
                "1".into(),
            ),
            // recursiveUpdate with a set of unknown names on the right
            ("lib: (lib.recursiveUpdate { a = 1; } { ${builtins.currentSystem} = 2; b = 3; }).b", "3".into()),
            ("lib: (lib.recursiveUpdate { a = 1; } { ${builtins.currentSystem} = 2; b = 3; }).a", SYS.into()),
            ("lib: (lib.recursiveUpdate { a = 1; } { ${builtins.currentSystem} = 2; b = 3; }) ? zzz", SYS.into()),
            // ... and on the left: a right value that is not a set wins anyway
            ("lib: (lib.recursiveUpdate { ${builtins.currentSystem} = { }; } { b = 3; c = { }; }).b", "3".into()),
            ("lib: (lib.recursiveUpdate { ${builtins.currentSystem} = { }; } { b = 3; c = { }; }).c", SYS.into()),
            ("lib: lib.attrByPath [ \"a\" \"b\" ] 0 { ${builtins.currentSystem} = 1; }", SYS.into()),
            ("lib: lib.hasAttrByPath [ \"a\" ] { a = 1; ${builtins.currentSystem} = 1; }", "true".into()),
            ("lib: lib.mapAttrsToList (n: v: n) { a = 1; ${builtins.currentSystem} = 1; }", SYS.into()),
            ("lib: lib.concatMapAttrs (n: v: { ${v} = 1; }) { a = builtins.currentSystem; }", SYS.into()),
            ("lib: lib.isFunction builtins.currentSystem", SYS.into()),
            ("lib: lib.versionAtLeast builtins.currentSystem \"1\"", SYS.into()),
            ("lib: lib.mkRenamedOptionModule [ \"a\" ] [ \"b\" ]", "UNKNOWN".into()),
        ];
        let mut failures = Vec::new();
        // Where an unknown was used is added by the evaluator (`at`, and the
        // selected name); the reasons themselves are what this test checks.
        let loc = regex::Regex::new(r#","at":"[^"]*""#).expect("regex");
        let name = regex::Regex::new(r#": `[^`]*`""#).expect("regex");
        let call = regex::Regex::new(r#"the result of calling a function that is not known statically \((.*)\)""#)
            .expect("regex");
        for (src, want) in &cases {
            let got = eval_with_lib(src);
            let got = loc.replace_all(&got, "").into_owned();
            let got = name.replace_all(&got, "\"").into_owned();
            let got = call.replace_all(&got, "$1\"").into_owned();
            let got = name.replace_all(&got, "\"").into_owned();
            let ok = if want == "UNKNOWN" {
                got.starts_with(r#"{"$unknown":"lib.mkRenamedOptionModule is not supported statically""#)
            } else {
                got == *want
            };
            if !ok {
                failures.push(format!("{src}\n  expected {want}\n  got      {got}"));
            }
        }
        for f in &failures {
            eprintln!("FAIL {f}");
        }
        assert!(failures.is_empty(), "{} lib unknown cases failed", failures.len());
    });
}
