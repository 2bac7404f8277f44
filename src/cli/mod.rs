//! The command line: arguments (clap derive types) and the commands that need more than a call.

pub(crate) mod check;
pub(crate) mod model;
pub(crate) mod output;
pub(crate) mod packs;
pub(crate) mod project;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Executable certificate policies: compile an RFC 3647 CP/CPS into lint rules.
#[derive(Debug, Parser)]
#[command(name = "cpslint", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub(crate) color: Color,
    /// A directory that policy includes may read besides the policy's own tree (repeatable).
    #[arg(long = "include-root", value_name = "DIR", global = true)]
    pub(crate) include_roots: Vec<PathBuf>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check policy files: syntax, RFC 3647 structure, names and types.
    ///
    /// Directories are searched recursively for `*.cps` files. Exits 0 when
    /// every policy is valid (warnings are printed), 2 when any has an error.
    Validate {
        /// Policy files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Lint certificates (PEM, DER, to-be-signed DER, PKCS#7) against a policy.
    ///
    /// Directories are walked recursively in sorted order; every file is
    /// read, and one that holds no certificate is counted as skipped. Files
    /// named on the command line are always linted; `-` reads standard input.
    /// Exits 0 when clean, 1 when a finding is at or above --fail-on, 2 on a
    /// usage or policy error, an unreadable input, or when nothing was checked.
    Check {
        /// Certificate files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The policy: a file, or a shipped pack as `cpslint:NAME`; without it,
        /// the default packs (`cpslint policies` lists them).
        #[arg(long, value_name = "POLICY")]
        policy: Option<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "human", value_parser = check_formats())]
        format: String,
        /// Write the output to this file instead of standard output (replaced only when the run completes).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// The lowest severity that makes the run fail.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Evaluate only these requirements: IDs, globs (`BR-7.1.*`), ID prefixes
        /// (`BR-6.3.2`) or peer names (`zlint:NAME`, `pkilint:CODE`); repeatable, comma-separated.
        #[arg(long = "rule", value_name = "SELECTOR")]
        rules: Vec<String>,
        /// Skip these requirements (same selectors as --rule).
        #[arg(long = "exclude-rule", value_name = "SELECTOR")]
        exclude: Vec<String>,
        /// Evaluate effective dates as of this date (YYYY-MM-DD, or `now`) instead of each certificate's notBefore.
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// The name findings give standard input (`-`), e.g. the file it will be saved as.
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<String>,
        /// Also report passes, not-applicable and not-effective results (not in SARIF).
        #[arg(long)]
        include_passes: bool,
        /// Worker threads (default: one per core).
        #[arg(short = 'j', long = "threads")]
        threads: Option<usize>,
    },
    /// List the requirements a policy compiles to.
    Rules {
        /// The policy: a file, or `cpslint:NAME`; without it, the default packs.
        #[arg(long = "policy", value_name = "POLICY")]
        policy: Option<PathBuf>,
        /// The policy, as a positional argument (same as --policy).
        #[arg(value_name = "POLICY", hide = true, conflicts_with = "policy")]
        positional: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Show one requirement: its text, citations, logic and where it is defined.
    Explain {
        /// The requirement ID.
        id: String,
        /// The policy to look in: a file, or `cpslint:NAME`; without it, the default packs.
        #[arg(long, value_name = "POLICY")]
        policy: Option<PathBuf>,
    },
    /// List the policy packs shipped with cpslint, show one, or export them as files.
    ///
    /// Any policy includes a pack by name, wherever it lives:
    /// `include "cpslint:cabf/br-tls"`.
    Policies {
        /// What to do; without it, list the packs.
        #[command(subcommand)]
        action: Option<PoliciesAction>,
        /// Output format of the list.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write a starter policy that includes the CA/B Forum pack, and say what to fill in.
    Init {
        /// Where to write it.
        #[arg(default_value = "policy.cps")]
        path: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Show what cpslint reads from CA configuration files: the CA model, each
    /// value with the file, line and column it came from (or the software's
    /// default), and the problems `check` reports.
    Model {
        /// CA manifests, OpenSSL, cfssl, step-ca or Boulder ceremony files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List the fields, constants and builtins that policies can use.
    Fields {
        /// Output format.
        #[arg(long, value_enum, default_value_t = FieldsFormat::Md)]
        format: FieldsFormat,
    },
}

/// `cpslint policies` actions.
#[derive(Debug, Subcommand)]
pub(crate) enum PoliciesAction {
    /// List the shipped packs (the default).
    List,
    /// Print a pack's source.
    Show {
        /// The pack, as `cabf/br-tls` or `cpslint:cabf/br-tls`.
        name: String,
    },
    /// Write every pack under a directory, as `DIR/cabf/br-tls.cps`, to pin or read them.
    Export {
        /// The directory (created if missing).
        dir: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
}

/// Output formats for diagnostics and listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people.
    Human,
    /// For editors and CI.
    Json,
}

/// The output formats of `check`, as the report stage lists them: a new format needs no change here.
fn check_formats() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        cpslint::report::FORMATS.iter().map(|f| clap::builder::PossibleValue::new(f.name).help(f.help)),
    )
}

/// Failure thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Only error findings fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Any finding fails the run.
    Notice,
}

/// Output formats for `fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FieldsFormat {
    /// Markdown tables.
    Md,
    /// JSON.
    Json,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    /// Colour when writing to a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
