//! `rnix-parse`: the "bare rnix parse" baseline of the benchmark
//! (`scripts/bench.sh`, SPEC §6: "the whole pipeline costs at most 3× the
//! parse").
//!
//!     rnix-parse [--exclude NAME]... PATH...
//!
//! Reads every `.nix` file under each directory PATH (recursively, skipping
//! hidden directories and the paths given by `--exclude`, which are relative
//! to that directory: `--exclude machines` skips `PATH/machines` but not
//! `PATH/modules/machines`) and each file PATH, parses it with `rnix::Root::parse`, walks the whole syntax tree
//! (`descendants()`), and prints only the total node count. It does the least
//! any static reader of those files has to do: read, parse, visit; no
//! evaluation, no output formatting. Exit code 0, or 2 on an I/O error.

use std::path::{Path, PathBuf};

fn collect(path: &Path, exclude: &[PathBuf], out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(path)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let ty = e.file_type()?;
        let p = e.path();
        if ty.is_dir() {
            if name.starts_with('.') || exclude.contains(&p) {
                continue;
            }
            collect(&p, exclude, out)?;
        } else if name.ends_with(".nix") && (ty.is_file() || p.is_file()) {
            out.push(p);
        }
    }
    Ok(())
}

fn main() {
    let mut exclude = Vec::new();
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--exclude" => match args.next() {
                Some(x) => exclude.push(x),
                None => {
                    eprintln!("error: --exclude needs a directory name");
                    std::process::exit(2);
                }
            },
            "-h" | "--help" => {
                println!("usage: rnix-parse [--exclude NAME]... PATH...");
                return;
            }
            _ => paths.push(PathBuf::from(a)),
        }
    }
    if paths.is_empty() {
        eprintln!("usage: rnix-parse [--exclude NAME]... PATH...");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for p in &paths {
        let exclude: Vec<PathBuf> = exclude.iter().map(|x: &String| p.join(x)).collect();
        if let Err(e) = collect(p, &exclude, &mut files) {
            eprintln!("error: cannot read '{}': {e}", p.display());
            std::process::exit(2);
        }
    }
    let mut nodes = 0usize;
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read '{}': {e}", f.display());
                std::process::exit(2);
            }
        };
        let parse = rnix::Root::parse(&text);
        nodes += parse.syntax().descendants().count();
    }
    println!("{nodes}");
}
