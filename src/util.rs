//! Small helpers shared by several layers.

/// Edit distance (insertions, deletions, substitutions), on chars.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The `n` names nearest to `name`, for "did you mean": clan's CLI rule
/// for machine names (`clan_lib/machines/suggestions.py`): edit distance of
/// the lowercased names, ties in name order, and no cut-off, so a name
/// is always answered with the nearest ones there are.
pub fn suggestions(name: &str, candidates: &[&str], n: usize) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut scored: Vec<(usize, &str)> =
        candidates.iter().map(|c| (levenshtein(&lower, &c.to_lowercase()), *c)).collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, c)| c.to_string()).collect()
}

/// A shared string for a name the program itself uses over and over
/// (`"name"`, `"config"`, `"_file"`): made once per thread and call site
/// instead of once per use. A per-site thread-local costs a state check
/// and a reference count, where a symbol table lookup cost ~80
/// instructions (one per machine and name).
macro_rules! sym {
    ($s:expr) => {{
        thread_local! {
            static S: std::rc::Rc<str> = std::rc::Rc::from($s);
        }
        S.with(std::rc::Rc::clone)
    }};
}
pub(crate) use sym;

/// `std::fs::canonicalize` with the canonical form of each directory
/// remembered: resolving a path costs one `readlink` per component, and a
/// clan's files share their directories. A file whose final component is
/// itself a symbolic link (or anything unusual) takes the full way.
#[derive(Default)]
pub struct CanonCache {
    dirs: rustc_hash::FxHashMap<std::path::PathBuf, std::path::PathBuf>,
}

impl CanonCache {
    pub fn canonicalize(&mut self, p: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
        use std::path::Component;
        let (Some(parent), Some(Component::Normal(name))) = (p.parent(), p.components().next_back()) else {
            return std::fs::canonicalize(p);
        };
        if !p.is_absolute() || parent.as_os_str().is_empty() {
            return std::fs::canonicalize(p);
        }
        let dir = match self.dirs.get(parent) {
            Some(d) => d.clone(),
            None => {
                let d = std::fs::canonicalize(parent)?;
                self.dirs.insert(parent.to_path_buf(), d.clone());
                d
            }
        };
        let joined = dir.join(name);
        // `canonicalize` fails for a missing file and follows a link.
        if std::fs::symlink_metadata(&joined)?.file_type().is_symlink() {
            return std::fs::canonicalize(p);
        }
        Ok(joined)
    }
}

/// A small deterministic generator for the randomized unit tests
/// (xorshift): `next(n)` is in `0..n`.
#[cfg(test)]
pub fn test_rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::CanonCache;

    #[test]
    fn canon_cache_agrees_with_canonicalize() {
        use std::os::unix::fs::symlink;
        let dir = std::env::temp_dir().join(format!("clan-inv-canon-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let real = dir.join("real");
        std::fs::create_dir_all(real.join("sub")).unwrap();
        std::fs::write(real.join("a.nix"), "{ }").unwrap();
        std::fs::write(real.join("sub/b.nix"), "{ }").unwrap();
        symlink(&real, dir.join("linkdir")).unwrap();
        symlink(real.join("a.nix"), real.join("linkfile.nix")).unwrap();
        let mut cache = CanonCache::default();
        let paths = [
            real.join("a.nix"),
            real.join("sub/b.nix"),
            dir.join("linkdir/a.nix"),
            dir.join("linkdir/sub/b.nix"),
            real.join("linkfile.nix"),
            dir.join("linkdir/linkfile.nix"),
            real.join("sub/../a.nix"),
            real.join("missing.nix"),
            dir.join("nodir/a.nix"),
            real.join("a.nix/x"),
        ];
        // Twice: the second round answers from the cache.
        for _ in 0..2 {
            for p in &paths {
                let want = std::fs::canonicalize(p).map_err(|e| e.kind());
                assert_eq!(cache.canonicalize(p).map_err(|e| e.kind()), want, "{}", p.display());
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
