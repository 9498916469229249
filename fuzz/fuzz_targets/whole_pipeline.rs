//! Fuzz target `whole_pipeline`: the input becomes a clan directory's
//! `clan.nix` (and, after a line `### inventory.json`, its `inventory.json`),
//! and the whole pipeline runs on it: `clan_inv::api::inventory_report`
//! (= `clan-inv --dir D inventory --json`) and `clan_inv::eval_file_report`
//! on the same file (= `clan-inv eval D/clan.nix --json`).
//!
//! What counts as a bug: a panic (libFuzzer reports it as a crash), a stack
//! overflow or abort, a hang (`-timeout`), unbounded memory (`-rss_limit_mb`),
//! an exit code outside 0..=3, or a non-zero exit code without a diagnostic
//! on stderr. See fuzz/README.md for how to run it.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const SPLIT: &[u8] = b"\n### inventory.json\n";

/// One clan directory per fuzzing process, rewritten for every input.
fn clan_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("clan-inv-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("machines/fuzz-machine")).expect("cannot create the fuzz clan directory");
        d
    })
}

fn check(what: &str, r: &clan_inv::EvalReport) {
    assert!((0..=3).contains(&r.exit_code), "{what}: exit code {} outside 0..=3\nstderr: {}", r.exit_code, r.stderr);
    if r.exit_code != 0 {
        assert!(!r.stderr.trim().is_empty(), "{what}: exit code {} without a diagnostic", r.exit_code);
    }
}

fuzz_target!(|data: &[u8]| {
    let dir = clan_dir();
    let (nix, json) = match data.windows(SPLIT.len()).position(|w| w == SPLIT) {
        Some(i) => (&data[..i], Some(&data[i + SPLIT.len()..])),
        None => (data, None),
    };
    let clan_nix = dir.join("clan.nix");
    std::fs::write(&clan_nix, nix).expect("cannot write clan.nix");
    let inv = dir.join("inventory.json");
    match json {
        Some(j) => std::fs::write(&inv, j).expect("cannot write inventory.json"),
        None => {
            let _ = std::fs::remove_file(&inv);
        }
    }
    check("inventory", &clan_inv::api::inventory_report(Some(dir), true));
    check("eval", &clan_inv::eval_file_report(&clan_nix, None));
});
