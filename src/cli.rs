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
