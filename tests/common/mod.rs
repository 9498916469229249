//! Helpers shared by the differential tests (`eval_fixtures.rs`,
//! `nix_property.rs`): classifying Nix error messages into kinds so that an
//! error of `clan-inv eval` can be compared with one of real Nix, whichever
//! Nix version worded it.
#![allow(dead_code)]

/// The message of the error in a Nix (or `clan-inv eval`) stderr: the text
/// after `error: ` on the first line that starts with `error:`. Current Nix
/// prints an empty `error:` line, then `… while …` frames, then the real
/// message on an indented `error: ` line; in that case the last such line is
/// the message. `None` when there is no `error:` line at all.
pub fn error_message(stderr: &str) -> Option<String> {
    let first = stderr.lines().find(|l| l.starts_with("error:"))?;
    let msg = first["error:".len()..].trim();
    if !msg.is_empty() {
        return Some(msg.to_string());
    }
    let last =
        stderr.lines().rev().filter_map(|l| l.trim_start().strip_prefix("error: ")).find(|m| !m.trim().is_empty());
    Some(last.unwrap_or("").trim().to_string())
}

/// The kind of a Nix error message (the text after `error: `). Recognises
/// the wording of Nix 2.8 and of current Nix (2.2x), and of `clan-inv` where
/// it follows either. Unrecognised messages (among them every `throw`, whose
/// message is the user's own text) are `"other"`.
pub fn error_kind(msg: &str) -> &'static str {
    let m = msg.trim().to_ascii_lowercase();
    let has = |s: &str| m.contains(s);
    // Order matters: more specific wordings first.
    if has("undefined variable") {
        "undefined-variable"
    } else if has("infinite recursion encountered") {
        "infinite-recursion"
    } else if has("stack overflow") || has("max-call-depth") || has("recursion depth") || has("call depth") {
        "stack-overflow"
    } else if has("already defined") || has("duplicate formal function argument") {
        "duplicate-attr"
    } else if has("called with unexpected argument") {
        "unexpected-arg"
    } else if has("called without required argument") {
        "missing-arg"
    } else if m.starts_with("assertion") && has("failed") {
        "assertion"
    } else if has("evaluation aborted with the following error message") {
        "abort"
    } else if has("division by zero") {
        "division-by-zero"
    } else if has("integer overflow")
        || has("overflow in integer division")
        || has("not in the range of nixint")
        || has("outside of nix integer range")
    {
        "overflow"
    } else if has("json.exception")
        || (has("while parsing") && has("parse error"))
        || has("invalid json")
        || has("while decoding a json string")
    {
        // builtins.fromJSON on malformed input: both Nix versions quote
        // nlohmann's message; current Nix adds the frame "while decoding a
        // JSON string", which an evaluator with another parser may keep
        "json-parse"
    } else if m.starts_with("syntax error")
        || has("syntax error,")
        || m.starts_with("invalid integer")
        || m.starts_with("invalid float")
        || has("unexpected end of file")
    {
        "syntax"
    } else if has("invalid regular expression") {
        "regex"
    } else if has("out of bounds") || has("called with index") || has("called on an empty list") {
        // 2.8: "list index 3 is out of bounds", "'tail' called on an empty list";
        // current: "'builtins.elemAt' called with index 3 on a list of size 3",
        // "'builtins.head' called on an empty list"
        "index-out-of-bounds"
    } else if has("no such file or directory") || has("does not exist") || m.starts_with("getting status of") {
        "file-not-found"
    } else if m.starts_with("attribute '") && has("missing") {
        "missing-attribute"
    } else if has("cannot coerce") || (has("cannot convert") && has("to json")) {
        // 2.8: "cannot coerce an integer to a string";
        // current: "cannot coerce an integer to a string: 1"
        "coercion"
    } else if (has("value is ") && has(" while ") && has(" was expected"))
        || (m.starts_with("expected a") && has(" but found "))
        || has("attempt to call something which is not a function")
        || m.starts_with("cannot compare")
        || m.starts_with("cannot add ")
        || has("requires a function")
    {
        // 2.8: "value is an integer while a set was expected";
        // current: "expected a set but found an integer: 1"
        "type"
    } else if has("negative start position") || has("cannot create list of size") || has("have different lengths") {
        "invalid-argument"
    } else {
        "other"
    }
}

/// Whether an error `got` (from clan-inv) matches `expected` (from Nix):
/// same kind, and when neither is recognised, the same message.
pub fn same_error(expected_msg: &str, got_msg: &str) -> bool {
    let (ke, kg) = (error_kind(expected_msg), error_kind(got_msg));
    ke == kg && (ke != "other" || expected_msg.trim() == got_msg.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_both_wordings() {
        let pairs: &[(&str, &str, &str)] = &[
            ("value is an integer while a set was expected", "expected a set but found an integer: 1", "type"),
            (
                "list index 5 is out of bounds",
                "'builtins.elemAt' called with index 5 on a list of size 3",
                "index-out-of-bounds",
            ),
            ("list index 0 is out of bounds", "'builtins.head' called on an empty list", "index-out-of-bounds"),
            (
                "anonymous function at /x.nix:1:2 called without required argument 'b'",
                "function 'anonymous lambda' called without required argument 'b'",
                "missing-arg",
            ),
            (
                "'g' at /x.nix:1:9 called with unexpected argument 'z'",
                "function 'g' called with unexpected argument 'z'",
                "unexpected-arg",
            ),
            ("cannot coerce an integer to a string", "cannot coerce an integer to a string: 1", "coercion"),
            (
                "getting status of '/x/nope.nix': No such file or directory",
                "path '/x/nope.nix' does not exist",
                "file-not-found",
            ),
            ("overflow in integer division", "integer overflow in dividing -9223372036854775808 / -1", "overflow"),
            (
                "stack overflow (possible infinite recursion)",
                "stack overflow; max-call-depth exceeded",
                "stack-overflow",
            ),
            (
                "attribute 'a' already defined at /x.nix:1:3",
                "attribute 'a.b' already defined at /x.nix:1:3",
                "duplicate-attr",
            ),
            ("syntax error, unexpected end of file", "syntax error, unexpected end of file, expecting ';'", "syntax"),
            ("attribute 'b' missing", "attribute 'b' missing", "missing-attribute"),
            ("assertion '(1 == 2)' failed", "assertion '(1 == 2)' failed", "assertion"),
        ];
        for (a, b, k) in pairs {
            assert_eq!(error_kind(a), *k, "{a}");
            assert_eq!(error_kind(b), *k, "{b}");
        }
        assert_eq!(error_kind("custom failure message"), "other");
        assert!(same_error("boom", "boom"));
        assert!(!same_error("boom", "bang"));
    }

    #[test]
    fn message_of_current_nix_trace_layout() {
        let s = "error:\n       … while calling the 'sub' builtin\n         at x.nix:1:1:\n\n       error: integer overflow in subtracting 0 - 1\n";
        assert_eq!(error_message(s).unwrap(), "integer overflow in subtracting 0 - 1");
        assert_eq!(error_message("trace: x\nerror: boom\n\n       at x").unwrap(), "boom");
    }
}
