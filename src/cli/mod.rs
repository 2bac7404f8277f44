//! Command-line arguments (clap derive types only).

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
    /// Lint certificates (PEM, DER, to-be-signed DER) against a policy.
    ///
    /// Directories are walked recursively in sorted order for *.pem, *.crt,
    /// *.cer, *.der, *.tbs and *.cert files; `-` reads standard input.
    /// Exits 0 when clean, 1 when a finding is at or above --fail-on, 2 on a
    /// policy error or an unreadable input.
    Check {
        /// Certificate files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The policy; without it, the policies shipped with cpslint.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Write the output to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// The lowest severity that makes the run fail.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Evaluate only this requirement (repeatable).
        #[arg(long = "rule", value_name = "ID")]
        rules: Vec<String>,
        /// Skip this requirement (repeatable).
        #[arg(long = "exclude-rule", value_name = "ID")]
        exclude: Vec<String>,
        /// Also report passes, not-applicable and not-effective results.
        #[arg(long)]
        include_passes: bool,
        /// Worker threads (default: one per core).
        #[arg(short = 'j', long = "threads")]
        threads: Option<usize>,
    },
    /// List the requirements a policy compiles to.
    Rules {
        /// The policy; without it, the policies shipped with cpslint.
        policy: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Show one requirement: its text, citations, logic and where it is defined.
    Explain {
        /// The requirement ID.
        id: String,
        /// The policy to look in; without it, the policies shipped with cpslint.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// List the fields, constants and builtins that policies can use.
    Fields {
        /// Output format.
        #[arg(long, value_enum, default_value_t = FieldsFormat::Md)]
        format: FieldsFormat,
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

/// Output formats for `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Grouped by certificate, a line per finding, with citations.
    Human,
    /// One JSON document: findings and a summary.
    Json,
    /// One JSON object per finding, one per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML: a test suite per file, a test case per certificate.
    Junit,
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
