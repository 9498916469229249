//! The command line: argument parsing (clap) and exit codes. A thin shell
//! over the library; everything it prints comes from `api` and `render`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "clan-inv",
    version,
    about = "Reads a clan inventory statically from Nix source and answers questions about it"
)]
pub struct Cli {
    /// The clan directory (default: the nearest ancestor holding flake.nix, else clan.nix).
    #[arg(long, global = true)]
    pub dir: Option<PathBuf>,
    /// Machine-readable JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// When to colour human output.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// The value of a Nix file (or an attribute of it), like `nix-instantiate --eval --strict`.
    Eval {
        file: PathBuf,
        /// Select this attribute path of the value (`a.b.c`).
        #[arg(long, short = 'A')]
        attr: Option<String>,
        /// Sandbox root (default: the nearest ancestor with flake.nix or clan.nix, else the file's directory).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// The whole merged inventory (clan-core's inventorySerialization).
    Inventory,
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Eval { file, attr, root } => {
            let r = crate::api::eval_file_report_in(&file, attr.as_deref(), root.as_deref(), cli.json);
            print!("{}", r.stdout);
            eprint!("{}", r.stderr);
            r.exit_code
        }
        Command::Inventory => emit(crate::api::inventory_report(cli.dir.as_deref(), cli.json)),
    }
}

fn emit(r: crate::api::Report) -> i32 {
    print!("{}", r.stdout);
    eprint!("{}", r.stderr);
    r.exit_code
}
