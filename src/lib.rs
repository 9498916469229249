//! clan-inv: reads a clan inventory statically from Nix source and answers
//! questions about it. The layers, lowest first: `syntax` (files,
//! parsing, line index), `eval` (lazy Nix evaluator with unknowns),
//! `module` (module-system merging), `inventory` (clan's options and model),
//! `resolve` (tags and role members), `render` (output formats) and `cli`.

pub mod api;
pub mod cli;
pub mod diagnostic;
pub mod eval;
pub mod inventory;
pub mod module;
pub mod render;
pub mod resolve;
pub mod syntax;
pub mod util;

pub use api::{EvalReport, eval_file_report, eval_file_report_in, run_with_big_stack};
