//! Source files and the syntax layer: reading files once, parsing them, and
//! mapping byte offsets back to 1-based line/column positions. Evaluation
//! reads the compact tree of `ast.rs` (built by `lexer.rs` and `parser.rs`);
//! rnix's lossless tree is what words a syntax error. Nothing here knows
//! about evaluation or clan.

pub mod ahead;
pub mod ast;
pub mod lexer;
pub mod parser;

use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Index of a file in the [`SourceDb`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range inside one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: rowan::TextRange) -> Span {
        Span { file, start: range.start().into(), end: range.end().into() }
    }
}

/// One source file, its text and its line index (made on first use: most
/// files never need a location shown).
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Rc<str>,
    line_starts: std::cell::OnceCell<Vec<u32>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: Rc<str>) -> SourceFile {
        SourceFile { path, text, line_starts: std::cell::OnceCell::new() }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            starts.extend(self.text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| (i + 1) as u32));
            starts
        })
    }

    /// 1-based line and 1-based column counted in Unicode scalar values.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text.len() as u32);
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line] as usize;
        let mut end = offset as usize;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() as u32;
        (line as u32 + 1, col + 1)
    }
}

/// Every file read during one run. Files are never re-read or re-parsed.
#[derive(Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    pub fn add(&mut self, path: PathBuf, text: Rc<str>) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() as u32 - 1)
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }
    /// `file:line:col`, with the path relative to the working directory when
    /// the file is below it.
    pub fn location(&self, span: Span) -> String {
        let f = self.get(span.file);
        let (l, c) = f.line_col(span.start);
        format!("{}:{}:{}", display_path(&f.path), l, c)
    }
}

/// A path as users want to read it: relative to the working directory when
/// below it, else absolute.
pub fn display_path(p: &Path) -> String {
    // The working directory, canonical, found once per process (it was a
    // `getcwd` and a `realpath` for every module file shown).
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| {
        let cwd = std::env::current_dir().ok()?;
        Some(std::fs::canonicalize(&cwd).unwrap_or(cwd))
    });
    if let Some(cwd) = cwd
        && let Ok(rel) = p.strip_prefix(cwd)
    {
        let s = rel.to_string_lossy().into_owned();
        return if s.is_empty() { ".".into() } else { s };
    }
    p.to_string_lossy().into_owned()
}

/// A parse error in words a user understands.
pub struct SyntaxError {
    pub start: u32,
    pub end: u32,
    pub message: String,
    /// The parser's nesting limit was hit: the file may well be valid Nix.
    pub limit: bool,
}

fn kind_word(k: rnix::SyntaxKind) -> String {
    use rnix::SyntaxKind::*;
    let s = match k {
        TOKEN_SEMICOLON => "';'",
        TOKEN_COLON => "':'",
        TOKEN_COMMA => "','",
        TOKEN_DOT => "'.'",
        TOKEN_ASSIGN => "'='",
        TOKEN_L_BRACE => "'{'",
        TOKEN_R_BRACE => "'}'",
        TOKEN_L_BRACK => "'['",
        TOKEN_R_BRACK => "']'",
        TOKEN_L_PAREN => "'('",
        TOKEN_R_PAREN => "')'",
        TOKEN_IDENT => "an identifier",
        TOKEN_IN => "'in'",
        TOKEN_THEN => "'then'",
        TOKEN_ELSE => "'else'",
        TOKEN_STRING_END => "end of string",
        TOKEN_INTERPOL_END => "'}'",
        TOKEN_ERROR => "an invalid token",
        _ => {
            return format!("{k:?}").trim_start_matches("TOKEN_").trim_start_matches("NODE_").to_lowercase();
        }
    };
    s.to_string()
}

/// How deep any one shape may nest before clan-inv declines to parse it:
/// rnix's parser is quadratic on very deep nesting (lists, `!`/`-` chains,
/// attribute paths), and no real file comes near this.
pub const MAX_NESTING: usize = 1000;

/// The longest run of identifier/path characters clan-inv tokenizes.
pub const MAX_TOKEN_RUN: usize = 8192;

/// One byte's effect on the state of `byte_scan`, as masks and increments
/// so that the scan needs no branch per byte.
#[derive(Clone, Copy)]
struct Step {
    /// All ones for identifier/path characters (the run goes on), else 0.
    run: u32,
    /// 1 for an opening bracket.
    open: u32,
    /// 1 for a closing bracket.
    close: u32,
    /// All ones where a `!`/`-` chain goes on (those and spaces), else 0.
    keep: u32,
    /// 1 for `!` and `-`.
    add: u32,
}

/// The step of every byte, made at compile time.
const STEPS: [Step; 256] = {
    let mut t = [Step { run: 0, open: 0, close: 0, keep: 0, add: 0 }; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let unary = matches!(c, b'!' | b'-');
        let space = matches!(c, b' ' | b'\t' | b'\n' | b'\r');
        let run = c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'\'' | b'/' | b'+');
        t[b] = Step {
            run: if run { u32::MAX } else { 0 },
            open: matches!(c, b'[' | b'(' | b'{') as u32,
            close: matches!(c, b']' | b')' | b'}') as u32,
            keep: if unary || space { u32::MAX } else { 0 },
            add: unary as u32,
        };
        b += 1;
    }
    t
};

/// Bytes per block of `byte_scan`: no count grows by more within one.
const BLOCK: usize = 64;

/// One pass over the bytes: whether brackets nest deeper than `nest_limit`
/// (brackets inside strings count too: an over-estimate) or a run of
/// `!`/`-` (spaces allowed between) is longer, or `Err(start)` of the first
/// run of more than `run_limit` identifier or path characters.
fn byte_scan(bytes: &[u8], nest_limit: usize, run_limit: usize) -> Result<bool, usize> {
    let (mut depth, mut unary, mut run) = (0u32, 0u32, 0u32);
    let mut deep = false;
    let far = |v: u32, limit: usize| v as usize + BLOCK <= limit;
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        if far(depth, nest_limit) && far(unary, nest_limit) && far(run, run_limit) {
            // No limit can be passed in this block: only the counts.
            for &b in block {
                let s = STEPS[b as usize];
                run = (run + 1) & s.run;
                depth = (depth + s.open).saturating_sub(s.close);
                unary = (unary & s.keep) + s.add;
            }
            continue;
        }
        for (j, &b) in block.iter().enumerate() {
            let s = STEPS[b as usize];
            run = (run + 1) & s.run;
            depth = (depth + s.open).saturating_sub(s.close);
            unary = (unary & s.keep) + s.add;
            if run as usize > run_limit {
                return Err(k * BLOCK + j + 1 - run as usize);
            }
            deep |= depth as usize > nest_limit || unary as usize > nest_limit;
        }
    }
    Ok(deep)
}

/// A linear pre-scan of the tokens for nesting that would make parsing or
/// evaluation blow up: the byte offset and a message when found.
pub fn check_nesting(text: &str) -> Option<(u32, String)> {
    use rnix::SyntaxKind::*;
    // rnix's tokenizer looks ahead over runs of identifier and path
    // characters, so one enormous run costs quadratic time: bound it first.
    // A byte-level estimate decides whether the token scan is needed at all:
    // brackets (counted even inside strings, so an over-estimate) and runs
    // of `!`/`-` (spaces allowed between) bound the token-level shapes.
    match byte_scan(text.as_bytes(), MAX_NESTING, MAX_TOKEN_RUN) {
        // Without deep brackets or long operator runs, only attribute paths
        // remain, and the run bound keeps those cheap for rnix.
        Ok(false) => return None,
        Ok(true) => {}
        Err(start) => {
            return Some((
                start as u32,
                format!(
                    "a run of more than {MAX_TOKEN_RUN} identifier or path characters without a space: clan-inv does not parse it"
                ),
            ));
        }
    }
    let (mut depth, mut unary, mut path) = (0usize, 0usize, 0usize);
    let mut offset = 0u32;
    let mut prev_dot = false;
    for (kind, tok) in rnix::tokenize(text) {
        let at = offset;
        offset += tok.len() as u32;
        match kind {
            TOKEN_WHITESPACE | TOKEN_COMMENT => continue,
            TOKEN_L_BRACK | TOKEN_L_PAREN | TOKEN_L_BRACE | TOKEN_INTERPOL_START | TOKEN_LET => depth += 1,
            TOKEN_R_BRACK | TOKEN_R_PAREN | TOKEN_R_BRACE | TOKEN_INTERPOL_END | TOKEN_IN => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
        unary = if matches!(kind, TOKEN_INVERT | TOKEN_SUB) { unary + 1 } else { 0 };
        if kind == TOKEN_DOT {
            path += 1;
            prev_dot = true;
        } else if !prev_dot
            || !matches!(kind, TOKEN_IDENT | TOKEN_STRING_START | TOKEN_STRING_CONTENT | TOKEN_STRING_END)
        {
            if !matches!(kind, TOKEN_STRING_CONTENT | TOKEN_STRING_END) {
                path = 0;
            }
            prev_dot = false;
        } else {
            prev_dot = false;
        }
        let what = if depth > MAX_NESTING {
            "brackets nested"
        } else if unary > MAX_NESTING {
            "prefix operators chained"
        } else if path > MAX_NESTING {
            "attribute path components"
        } else {
            continue;
        };
        return Some((at, format!("more than {MAX_NESTING} {what}: clan-inv does not evaluate expressions this deep")));
    }
    None
}

/// Parses `text` for evaluation: its tree, or its syntax errors. Those are
/// rnix's (its wording, every error, recovery after the first), except
/// where rnix let another token close a parenthesis (`(a ]`, `(1; …`):
/// there Nix reports the missing `)`, as the evaluation parser does.
pub fn parse(text: &str) -> Result<ast::File, Vec<SyntaxError>> {
    match parser::parse(text) {
        Ok(file) => Ok(file),
        Err(fail) => {
            let (errors, unclosed_paren) = rnix_errors(text);
            let earlier = errors.iter().all(|e| fail.at < e.start && !e.limit);
            if errors.is_empty() || (unclosed_paren && earlier) {
                Err(vec![SyntaxError { start: fail.at, end: fail.at, message: fail.message, limit: fail.limit }])
            } else {
                Err(errors)
            }
        }
    }
}

/// rnix's parse errors of `text`, at most one per position and without
/// end-of-file cascades after a first real error; and whether rnix closed
/// a parenthesis with a token other than `)` (which it does not report).
pub fn rnix_errors(text: &str) -> (Vec<SyntaxError>, bool) {
    let parse = rnix::Root::parse(text);
    let unclosed_paren = parse.syntax().descendants().any(|n| {
        n.kind() == rnix::SyntaxKind::NODE_PAREN
            && n.last_token().is_none_or(|t| t.kind() != rnix::SyntaxKind::TOKEN_R_PAREN)
    });
    let end = text.len() as u32;
    let mut out: Vec<SyntaxError> = Vec::new();
    for e in parse.errors() {
        use rnix::ParseError as P;
        let (s, en, msg) = match e {
            P::Unexpected(r) => (r.start().into(), r.end().into(), "syntax error, unexpected input".to_string()),
            P::UnexpectedExtra(r) => {
                (r.start().into(), r.end().into(), "syntax error, unexpected extra input".to_string())
            }
            P::UnexpectedWanted(got, r, wanted) => {
                let w: Vec<String> = wanted.iter().map(|k| kind_word(*k)).collect();
                (
                    r.start().into(),
                    r.end().into(),
                    format!("syntax error, unexpected {}, expecting {}", kind_word(*got), w.join(" or ")),
                )
            }
            P::UnexpectedDoubleBind(r) => {
                (r.start().into(), r.end().into(), "syntax error, double binding of argument pattern".to_string())
            }
            P::DuplicatedArgs(r, name) => {
                (r.start().into(), r.end().into(), format!("duplicate formal function argument '{name}'"))
            }
            P::UnexpectedEOF => (end, end, "syntax error, unexpected end of file".to_string()),
            P::UnexpectedEOFWanted(w) => {
                let w: Vec<String> = w.iter().map(|k| kind_word(*k)).collect();
                (end, end, format!("syntax error, unexpected end of file, expecting {}", w.join(" or ")))
            }
            P::RecursionLimitExceeded => {
                (end, end, "syntax error, nesting too deep (parser recursion limit exceeded)".to_string())
            }
            _ => (end, end, "syntax error".to_string()),
        };
        // Drop cascades: end-of-file errors after a first real error.
        if !out.is_empty() && s == end {
            continue;
        }
        if out.iter().any(|o| o.start == s) {
            continue;
        }
        let limit = matches!(e, P::RecursionLimitExceeded);
        out.push(SyntaxError { start: s, end: en, message: msg, limit });
    }
    (out, unclosed_paren)
}

#[cfg(test)]
mod tests {
    use super::{MAX_NESTING, MAX_TOKEN_RUN, byte_scan};

    /// The scan as two plain passes (how it was first written): the deepest
    /// nesting and the longest `!`/`-` chain, or the first run too long.
    fn reference(bytes: &[u8], run_limit: usize) -> Result<(usize, usize), usize> {
        let (mut depth, mut bmax, mut unary, mut umax) = (0usize, 0usize, 0usize, 0usize);
        for &b in bytes {
            match b {
                b'[' | b'(' | b'{' => {
                    depth += 1;
                    bmax = bmax.max(depth);
                }
                b']' | b')' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            match b {
                b'!' | b'-' => {
                    unary += 1;
                    umax = umax.max(unary);
                }
                b' ' | b'\t' | b'\n' | b'\r' => {}
                _ => unary = 0,
            }
        }
        let mut run = 0usize;
        for (i, &b) in bytes.iter().enumerate() {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'\'' | b'/' | b'+') {
                run += 1;
                if run > run_limit {
                    return Err(i + 1 - run);
                }
            } else {
                run = 0;
            }
        }
        Ok((bmax, umax))
    }

    #[test]
    fn byte_scan_matches_the_two_pass_scan() {
        let alphabet = b"[](){}!- \t\n\ra._'/+\"$;=#\xc3\xa9";
        let mut next = crate::util::test_rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..3000 {
            // Small limits and long inputs reach both loops of the scan
            // (the blocks far below a limit and the ones near it).
            let (nest, runs) =
                if round % 10 == 0 { (MAX_NESTING, MAX_TOKEN_RUN) } else { (1 + next(150), 1 + next(300)) };
            let len = next(1000);
            let mut bytes: Vec<u8> = match round % 5 {
                0 => (0..len).map(|_| alphabet[next(alphabet.len())]).collect(),
                // Mostly brackets, or mostly a run's characters.
                1 => (0..len)
                    .map(|_| if next(4) == 0 { alphabet[next(alphabet.len())] } else { b"[(-!"[next(4)] })
                    .collect(),
                2 => (0..len).map(|_| if next(20) == 0 { b' ' } else { b"a.-/"[next(4)] }).collect(),
                // Long climbs: a count passes its limit right after a block starts.
                3 => (0..len).map(|_| if next(50) == 0 { b"]a"[next(2)] } else { b"{ !"[next(3)] }).collect(),
                _ => (0..len).map(|_| if next(200) == 0 { b' ' } else { b'x' }).collect(),
            };
            // Now and then a run long enough to be refused, somewhere.
            if round % 10 == 0 {
                let at = next(bytes.len() + 1);
                let run = MAX_TOKEN_RUN - 2 + next(5);
                bytes.splice(at..at, std::iter::repeat_n(b'a', run));
            }
            let want = reference(&bytes, runs).map(|(b, u)| b > nest || u > nest);
            assert_eq!(byte_scan(&bytes, nest, runs), want, "round {round}");
        }
    }

    /// Every limit passed, or just reached, at every place in the blocks:
    /// a run, a nesting and a chain of exactly that length, then an end.
    #[test]
    fn byte_scan_sees_a_limit_passed_anywhere_in_a_block() {
        for limit in 1..140 {
            for at in 0..140 {
                for len in [limit, limit + 1] {
                    for (unit, end) in [(&b"a"[..], &b" "[..]), (b"(", b")"), (b"!", b";"), (b"- ", b"x")] {
                        let mut bytes = vec![b' '; at];
                        for _ in 0..len {
                            bytes.extend_from_slice(unit);
                        }
                        for _ in 0..len {
                            bytes.extend_from_slice(end);
                        }
                        let want = reference(&bytes, limit).map(|(b, u)| b > limit || u > limit);
                        assert_eq!(byte_scan(&bytes, limit, limit), want, "limit {limit}, at {at}, {len} x {unit:?}");
                    }
                }
            }
        }
    }
}
