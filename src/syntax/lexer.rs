//! The tokenizer of the evaluation parser (`parser.rs`): Nix source becomes
//! a flat vector of tokens (kind and byte range; whitespace and comments are
//! dropped). It draws the token boundaries rnix's tokenizer draws, so both
//! parsers read the same tokens (checked token by token in
//! `tests/parser.rs`), but works on bytes and keeps no trivia: it is an
//! order of magnitude cheaper, and tokenizing was a third of the time of a
//! query.

/// What a token is. Trivia never appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Tok {
    Ident,
    Int,
    Float,
    Uri,
    PathAbs,
    PathRel,
    PathHome,
    PathSearch,
    /// `"` or `''`: the text tells which.
    StrStart,
    StrContent,
    StrEnd,
    InterpStart,
    InterpEnd,
    Assert,
    Else,
    If,
    In,
    Inherit,
    Let,
    Or,
    Rec,
    Then,
    With,
    Ellipsis,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    LParen,
    RParen,
    At,
    Colon,
    Comma,
    Dot,
    Assign,
    Question,
    Semicolon,
    Eq,
    Ne,
    Not,
    Lt,
    Le,
    Gt,
    Ge,
    AndAnd,
    OrOr,
    Impl,
    Update,
    Concat,
    Add,
    Sub,
    Mul,
    Div,
    PipeLeft,
    PipeRight,
    /// Input no token can start with (or an unterminated one).
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    StringBody { multiline: bool },
    StringEnd,
    Interp { braces: u32 },
    InterpStart,
    Path(Tok),
}

// Byte classes, one table lookup each: the tokenizer asks them of almost
// every byte it reads.
const PATH: u8 = 1;
const URI: u8 = 2;
const IDENT: u8 = 4;
/// Both an identifier and a path character (letters, digits, `_`, `-`).
const WORD: u8 = 8;
/// ASCII white space.
const SPACE: u8 = 16;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let alnum = b.is_ascii_alphanumeric();
        let path = alnum || matches!(b, b'/' | b'_' | b'.' | b'+' | b'-');
        let uri =
            path || matches!(b, b'%' | b'?' | b':' | b'@' | b'&' | b'=' | b'$' | b',' | b'!' | b'~' | b'*' | b'\'');
        let ident = alnum || matches!(b, b'_' | b'-' | b'\'');
        t[i] = if path { PATH } else { 0 }
            | if uri { URI } else { 0 }
            | if ident { IDENT } else { 0 }
            | if path && ident { WORD } else { 0 }
            | if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) { SPACE } else { 0 };
        i += 1;
    }
    t
};

fn path_char(b: u8) -> bool {
    CLASS[b as usize] & PATH != 0
}

fn uri_char(b: u8) -> bool {
    CLASS[b as usize] & URI != 0
}

fn ident_char(b: u8) -> bool {
    CLASS[b as usize] & IDENT != 0
}

/// The length of the Unicode whitespace character at `at`, if there is one
/// (rnix skips `char::is_whitespace`, not just ASCII blanks).
fn space_len(s: &str, at: usize) -> usize {
    let b = s.as_bytes()[at];
    if b < 0x80 {
        return usize::from(matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c));
    }
    match s[at..].chars().next() {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    ctx: Vec<Ctx>,
}

/// Tokenizes `src`. An `Error` token is the last one: nothing after it is
/// read (the parser stops there anyway).
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut lx = Lexer { src, b: src.as_bytes(), pos: 0, ctx: Vec::new() };
    // Roughly one token per five bytes in real files.
    let mut out = Vec::with_capacity(src.len() / 5 + 4);
    while let Some((kind, start)) = lx.next() {
        out.push(Token { kind, start: start as u32, end: lx.pos as u32 });
        if kind == Tok::Error {
            break;
        }
    }
    out
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }
    fn peek_at(&self, n: usize) -> Option<u8> {
        self.b.get(self.pos + n).copied()
    }
    fn starts(&self, s: &[u8]) -> bool {
        self.b[self.pos..].starts_with(s)
    }
    fn eat_while(&mut self, f: impl Fn(u8) -> bool) -> usize {
        let start = self.pos;
        while self.pos < self.b.len() && f(self.b[self.pos]) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// The next token (kind, start), or `None` at the end of the input.
    fn next(&mut self) -> Option<(Tok, usize)> {
        loop {
            let start = self.pos;
            match self.ctx.last().copied() {
                Some(Ctx::InterpStart) => {
                    self.ctx.pop();
                    self.ctx.push(Ctx::Interp { braces: 0 });
                    self.pos += 2;
                    return Some((Tok::InterpStart, start));
                }
                Some(Ctx::Path(kind)) => {
                    if self.starts(b"${") {
                        self.ctx.push(Ctx::Interp { braces: 0 });
                        self.pos += 2;
                        return Some((Tok::InterpStart, start));
                    }
                    if self.peek().is_some_and(path_char) {
                        return Some((self.path_rest(start, kind), start));
                    }
                    self.ctx.pop();
                }
                Some(Ctx::StringBody { multiline }) => {
                    let kind = self.string_body(multiline);
                    if self.pos == start {
                        // Nothing before the delimiter: the context changed.
                        continue;
                    }
                    return Some((kind, start));
                }
                Some(Ctx::StringEnd) => {
                    self.ctx.pop();
                    let ok = if self.peek() == Some(b'"') {
                        self.pos += 1;
                        true
                    } else if self.peek() == Some(b'\'') {
                        self.pos += 1;
                        if self.peek() == Some(b'\'') {
                            self.pos += 1;
                            true
                        } else {
                            false
                        }
                    } else {
                        false
                    };
                    return Some((if ok { Tok::StrEnd } else { Tok::Error }, start));
                }
                _ => {}
            }
            // Trivia. Contexts are only ever entered right before a token,
            // so trivia cannot change them.
            let b = self.b;
            while let Some(&c) = b.get(self.pos) {
                if CLASS[c as usize] & SPACE != 0 {
                    self.pos += 1;
                    continue;
                }
                match c {
                    b'#' => {
                        self.pos += b[self.pos..].iter().position(|&c| c == b'\n').unwrap_or(b.len() - self.pos);
                    }
                    b'/' if b.get(self.pos + 1) == Some(&b'*') => {
                        let comment = self.pos;
                        self.pos += 2;
                        match b[self.pos..].windows(2).position(|w| w == b"*/") {
                            Some(i) => self.pos += i + 2,
                            None => {
                                self.pos = b.len();
                                return Some((Tok::Error, comment));
                            }
                        }
                    }
                    c if c >= 0x80 => match space_len(self.src, self.pos) {
                        0 => break,
                        n => self.pos += n,
                    },
                    _ => break,
                }
            }
            return self.token();
        }
    }

    /// The rest of a path token from `start`; the path context stays open
    /// while an interpolation follows.
    fn path_rest(&mut self, start: usize, kind: Tok) -> Tok {
        self.eat_while(path_char);
        let text = &self.b[start..self.pos];
        if self.starts(b"${") {
            self.ctx.push(Ctx::InterpStart);
        } else if text.ends_with(b"/") || text.windows(2).any(|w| w == b"//") {
            return Tok::Error;
        } else {
            self.ctx.pop();
        }
        kind
    }

    /// A piece of string content up to (not including) the closing
    /// delimiter or an interpolation.
    fn string_body(&mut self, multiline: bool) -> Tok {
        let b = self.b;
        loop {
            // Skip plain text up to the next byte that may matter.
            while self.pos < b.len() {
                let c = b[self.pos];
                if c == b'$' || if multiline { c == b'\'' } else { c == b'"' || c == b'\\' } {
                    break;
                }
                self.pos += 1;
            }
            let at = self.pos;
            let Some(c) = self.peek() else {
                self.ctx.pop();
                return Tok::Error;
            };
            self.pos += 1;
            match c {
                b'"' if !multiline => {
                    self.pos = at;
                    self.ctx.pop();
                    self.ctx.push(Ctx::StringEnd);
                    return Tok::StrContent;
                }
                b'\\' if !multiline => {
                    if self.pos >= self.b.len() {
                        return Tok::Error;
                    }
                    // The escaped character may be any UTF-8 sequence.
                    self.pos += utf8_len(self.b[self.pos]);
                }
                b'\'' if multiline => match self.peek() {
                    None => return Tok::Error,
                    Some(b'\'') => {
                        self.pos += 1;
                        match self.peek() {
                            Some(b'\'') | Some(b'$') => self.pos += 1,
                            Some(b'\\') => {
                                self.pos += 1;
                                if self.pos >= self.b.len() {
                                    return Tok::Error;
                                }
                                self.pos += utf8_len(self.b[self.pos]);
                            }
                            _ => {
                                self.pos = at;
                                self.ctx.pop();
                                self.ctx.push(Ctx::StringEnd);
                                return Tok::StrContent;
                            }
                        }
                    }
                    Some(_) => {}
                },
                b'$' => match self.peek() {
                    Some(b'$') => self.pos += 1,
                    Some(b'{') => {
                        self.pos = at;
                        self.ctx.push(Ctx::InterpStart);
                        return Tok::StrContent;
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// A token outside strings, after trivia.
    fn token(&mut self) -> Option<(Tok, usize)> {
        let start = self.pos;
        let first = self.peek()?;
        if self.starts(b"...") {
            self.pos += 3;
            return Some((Tok::Ellipsis, start));
        }
        // What the token may be, judged by looking ahead as rnix does.
        #[derive(PartialEq)]
        enum Guess {
            Abs,
            Rel,
            Home,
            Search,
            Uri,
            Other,
        }
        // Where the leading run of letters, digits, `_` and `-` ends, when
        // the look-ahead below measured it: an identifier goes at least
        // that far.
        let mut word_end = start;
        let guess = if first == b'/' {
            if self.starts(b"//") {
                Guess::Other
            } else if self.starts(b"/${") || self.peek_at(1).is_some_and(|c| path_char(c) && c != b'*') {
                Guess::Abs
            } else {
                Guess::Other
            }
        } else if first == b'~' && self.peek_at(1) == Some(b'/') {
            Guess::Home
        } else {
            let search = first == b'<';
            let mut i = self.pos;
            word_end = i;
            if search {
                while i < self.b.len() && (matches!(self.b[i], b'<' | b'/') || path_char(self.b[i])) {
                    i += 1;
                }
            } else {
                while i < self.b.len() && CLASS[self.b[i] as usize] & WORD != 0 {
                    i += 1;
                }
                word_end = i;
                while i < self.b.len() && self.b[i] != b'/' && path_char(self.b[i]) {
                    i += 1;
                }
            }
            let a = self.b.get(i).copied();
            match a {
                Some(b'/') => match self.b.get(i + 1).copied() {
                    Some(b'/') | Some(b'*') | None => Guess::Other,
                    Some(_) if space_len(self.src, i + 1) > 0 => Guess::Other,
                    Some(_) => Guess::Rel,
                },
                Some(b'>') => Guess::Search,
                Some(b':') => match self.b.get(i + 1).copied() {
                    Some(c) if uri_char(c) && !self.b[self.pos..i].contains(&b'_') => Guess::Uri,
                    _ => Guess::Other,
                },
                _ => Guess::Other,
            }
        };
        self.pos += utf8_len(first);
        let next = self.peek();
        if first == b'/' && next == Some(b'/') {
            self.pos += 1;
            return Some((Tok::Update, start));
        }
        if first == b'~' || guess == Guess::Abs || guess == Guess::Rel || (first == b'/' && next.is_some_and(path_char))
        {
            let kind = if first == b'~' {
                if self.peek() != Some(b'/') {
                    if self.pos < self.b.len() {
                        self.pos += utf8_len(self.b[self.pos]);
                    }
                    return Some((Tok::Error, start));
                }
                self.pos += 1;
                Tok::PathHome
            } else if first == b'/' {
                Tok::PathAbs
            } else {
                Tok::PathRel
            };
            self.ctx.push(Ctx::Path(kind));
            return Some((self.path_rest(start, kind), start));
        }
        let two = |lx: &mut Self, second: u8, yes: Tok, no: Tok| {
            if lx.peek() == Some(second) {
                lx.pos += 1;
                yes
            } else {
                no
            }
        };
        let kind = match first {
            b'=' => two(self, b'=', Tok::Eq, Tok::Assign),
            b'!' => two(self, b'=', Tok::Ne, Tok::Not),
            b'{' => {
                if let Some(Ctx::Interp { braces }) = self.ctx.last_mut() {
                    *braces += 1;
                }
                Tok::LBrace
            }
            b'}' => match self.ctx.last_mut() {
                Some(Ctx::Interp { braces: 0 }) => {
                    self.ctx.pop();
                    Tok::InterpEnd
                }
                Some(Ctx::Interp { braces }) => {
                    *braces -= 1;
                    Tok::RBrace
                }
                _ => Tok::RBrace,
            },
            b'[' => Tok::LBrack,
            b']' => Tok::RBrack,
            b'@' => Tok::At,
            b':' => Tok::Colon,
            b',' => Tok::Comma,
            b'.' => {
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.eat_while(|c| c.is_ascii_digit());
                    self.exponent()
                } else {
                    Tok::Dot
                }
            }
            b'?' => Tok::Question,
            b';' => Tok::Semicolon,
            b'(' => Tok::LParen,
            b')' => Tok::RParen,
            b'+' => two(self, b'+', Tok::Concat, Tok::Add),
            b'-' => two(self, b'>', Tok::Impl, Tok::Sub),
            b'*' => Tok::Mul,
            b'/' => Tok::Div,
            b'<' if self.peek() == Some(b'|') => {
                self.pos += 1;
                Tok::PipeLeft
            }
            b'<' if guess == Guess::Search => {
                if self.eat_while(path_char) == 0 {
                    Tok::Lt
                } else if self.peek() == Some(b'>') {
                    self.pos += 1;
                    Tok::PathSearch
                } else {
                    if self.pos < self.b.len() {
                        self.pos += utf8_len(self.b[self.pos]);
                    }
                    Tok::Error
                }
            }
            b'<' => two(self, b'=', Tok::Le, Tok::Lt),
            b'>' => two(self, b'=', Tok::Ge, Tok::Gt),
            b'&' if self.peek() == Some(b'&') => {
                self.pos += 1;
                Tok::AndAnd
            }
            b'|' if self.peek() == Some(b'>') => {
                self.pos += 1;
                Tok::PipeRight
            }
            b'|' if self.peek() == Some(b'|') => {
                self.pos += 1;
                Tok::OrOr
            }
            b'$' if self.peek() == Some(b'{') => {
                self.pos += 1;
                self.ctx.push(Ctx::Interp { braces: 0 });
                Tok::InterpStart
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                if guess == Guess::Uri {
                    self.eat_while(|c| ident_char(c) || uri_char(c));
                    Tok::Uri
                } else {
                    self.pos = self.pos.max(word_end);
                    self.eat_while(ident_char);
                    keyword(&self.b[start..self.pos])
                }
            }
            b'"' => {
                self.ctx.push(Ctx::StringBody { multiline: false });
                Tok::StrStart
            }
            b'\'' if self.peek() == Some(b'\'') => {
                self.pos += 1;
                self.ctx.push(Ctx::StringBody { multiline: true });
                Tok::StrStart
            }
            b'0'..=b'9' => {
                // A leading 0 not followed by `.` is an integer (`01.5` is
                // `01` then `.5`), as in rnix.
                let zero = first == b'0' && self.peek() != Some(b'.');
                self.eat_while(|c| c.is_ascii_digit());
                if !zero && self.peek() == Some(b'.') {
                    self.pos += 1;
                    self.eat_while(|c| c.is_ascii_digit());
                    self.exponent()
                } else {
                    Tok::Int
                }
            }
            _ => Tok::Error,
        };
        Some((kind, start))
    }

    fn exponent(&mut self) -> Tok {
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'-' | b'+')) {
                self.pos += 1;
            }
            if self.eat_while(|c| c.is_ascii_digit()) == 0 {
                return Tok::Error;
            }
        }
        Tok::Float
    }
}

fn utf8_len(b: u8) -> usize {
    match b {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

fn keyword(word: &[u8]) -> Tok {
    match word {
        b"assert" => Tok::Assert,
        b"else" => Tok::Else,
        b"if" => Tok::If,
        b"in" => Tok::In,
        b"inherit" => Tok::Inherit,
        b"let" => Tok::Let,
        b"or" => Tok::Or,
        b"rec" => Tok::Rec,
        b"then" => Tok::Then,
        b"with" => Tok::With,
        _ => Tok::Ident,
    }
}
