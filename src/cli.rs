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
    /// The machines, sorted; with --tags only those carrying ALL given tags.
    Machines {
        /// Keep only machines carrying all of these tags (may be repeated).
        #[arg(long, num_args = 1.., value_name = "TAG", action = clap::ArgAction::Append)]
        tags: Vec<String>,
    },
    /// Every tag and the machines carrying it.
    Tags,
    /// Every service instance, its module and the resolved members of each role.
    Instances,
    /// The members of one instance (all roles), or of one of its roles.
    Members {
        /// The instance (legacy instances: services.<service>.<instance>).
        instance: String,
        /// Only this role.
        role: Option<String>,
    },
    /// One machine: class, tags, and every (instance, role) it is in, and why.
    Machine {
        /// The machine's name (its attribute key in inventory.machines).
        name: String,
    },
    /// Shell completions for clan-inv.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// The clan-inv man page (roff).
    Man,
}

/// The shells `completions` supports.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

/// Whether the human output is coloured: `always`, `never`, or (`auto`)
/// when stdout is a terminal and NO_COLOR is not set.
pub fn use_color(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The completion script for `shell`, generated from the clap definition.
pub fn completions(shell: CompletionShell) -> String {
    use clap::CommandFactory;
    let sh = match shell {
        CompletionShell::Bash => clap_complete::Shell::Bash,
        CompletionShell::Zsh => clap_complete::Shell::Zsh,
        CompletionShell::Fish => clap_complete::Shell::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(sh, &mut Cli::command(), "clan-inv", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The man page (roff), generated from the clap definition: clap_mangen's
/// page for clan-inv, then one section per command with its arguments, and
/// the exit status.
pub fn man_page() -> String {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let mut out = Vec::new();
    let _ = clap_mangen::Man::new(cmd.clone()).render(&mut out);
    let mut s = String::from_utf8_lossy(&out).into_owned();
    let esc = |t: &str| {
        let t = t.replace('\\', "\\e").replace('-', "\\-");
        if t.starts_with('.') || t.starts_with('\'') { format!("\\&{t}") } else { t }
    };
    s.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands() {
        let mut usage = format!("clan-inv {}", sub.get_name());
        for a in sub.get_arguments().filter(|a| !a.is_global_set() && a.get_id() != "help") {
            let name = a.get_id().as_str().to_string();
            if a.is_positional() {
                usage.push_str(&if a.is_required_set() {
                    format!(" {}", name.to_uppercase())
                } else {
                    format!(" [{}]", name.to_uppercase())
                });
            } else if let Some(l) = a.get_long() {
                let value = a
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| name.to_uppercase());
                let repeat = if matches!(a.get_action(), clap::ArgAction::Append) { "..." } else { "" };
                usage.push_str(&format!(" [--{l} {value}]{repeat}"));
            }
        }
        s.push_str(&format!(".TP\n\\fB{}\\fR\n", esc(&usage)));
        if let Some(about) = sub.get_about() {
            s.push_str(&format!("{}\n", esc(&about.to_string())));
        }
        for a in sub.get_arguments().filter(|a| !a.is_global_set() && a.get_id() != "help") {
            if let Some(h) = a.get_help() {
                let label = match a.get_long() {
                    Some(l) => format!("\\-\\-{l}"),
                    None => a.get_id().as_str().to_uppercase(),
                };
                let values: Vec<String> = a.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
                let extra = if values.is_empty() { String::new() } else { format!(" [{}]", values.join(", ")) };
                s.push_str(&format!(".br\n\\fI{label}\\fR: {}{}\n", esc(&h.to_string()), esc(&extra)));
            }
        }
    }
    s.push_str(
        ".SH \"EXIT STATUS\"\n.TP\n0\ncomplete answer (lint: no error\\-level finding)\n.TP\n1\n\
         the inventory or Nix code has errors, or a named instance, role or machine does not exist\n.TP\n2\n\
         usage error, I/O error, no clan found\n.TP\n3\n\
         the answer is incomplete: some part was not statically determinable (each part is listed on stderr)\n",
    );
    s
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // Help and the version go to stdout, usage errors to stderr.
            let code = if e.use_stderr() { 2 } else { 0 };
            if let Err(err) = e.print()
                && !e.use_stderr()
            {
                crate::api::note_stdout_error(&err);
            }
            return exit_code(code);
        }
    };
    crate::api::set_one_shot(true);
    let opts = crate::api::QueryOpts { json: cli.json, color: use_color(cli.color) };
    match cli.command {
        Command::Eval { file, attr, root } => {
            let r = crate::api::eval_file_report_in(&file, attr.as_deref(), root.as_deref(), cli.json);
            write_out(&r.stdout);
            write_err(&r.stderr);
            exit_code(r.exit_code)
        }
        Command::Inventory => emit(crate::api::inventory_report(cli.dir.as_deref(), cli.json)),
        Command::Machines { tags } => emit(crate::api::machines_report(cli.dir.as_deref(), opts, &tags)),
        Command::Tags => emit(crate::api::tags_report(cli.dir.as_deref(), opts)),
        Command::Instances => emit(crate::api::instances_report(cli.dir.as_deref(), opts)),
        Command::Members { instance, role } => {
            emit(crate::api::members_report(cli.dir.as_deref(), opts, &instance, role.as_deref()))
        }
        Command::Machine { name } => emit(crate::api::machine_report(cli.dir.as_deref(), opts, &name)),
        Command::Completions { shell } => {
            write_out(&completions(shell));
            exit_code(0)
        }
        Command::Man => {
            write_out(&man_page());
            exit_code(0)
        }
    }
}

fn emit(r: crate::api::Report) -> i32 {
    write_out(&r.stdout);
    write_err(&r.stderr);
    exit_code(r.exit_code)
}

/// The exit code of a report once its answer is written: 2 (an I/O error)
/// if writing it to stdout failed, whatever the answer was.
fn exit_code(code: i32) -> i32 {
    match crate::api::stdout_error() {
        Some(e) => {
            write_err(&format!("error: writing the answer to stdout: {e}\n"));
            2
        }
        None => code,
    }
}

/// Writes to stdout; a failure is recorded for the exit code, except a
/// closed pipe (`clan-inv instances | head`), which is not worth a word.
fn write_out(s: &str) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_all(s.as_bytes()).and_then(|()| o.flush()) {
        crate::api::note_stdout_error(&e);
    }
}

fn write_err(s: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}
