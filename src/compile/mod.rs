//! Stage 2: policy files to a [`Program`].
//!
//! In: the path of an entry policy and a [`Loader`]. Out: a [`Compilation`]
//! holding every file read, every diagnostic, and the program when there was
//! no error. This stage resolves includes, checks placement, the RFC 3647
//! structure, names and types, and lowers expressions into the IR of
//! [`ir`]. It never touches certificates.

pub mod builtins;
mod collect;
pub mod eval;
pub mod ir;
mod load;
mod params;
mod typeck;

use std::path::Path;

pub use ir::{Check, Program, Requirement, Severity};
pub use load::{FsLoader, Loader, MemLoader, PACK_PREFIX};

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// The result of compiling one entry policy.
#[derive(Debug)]
pub struct Compilation {
    /// Every file read, for rendering diagnostics.
    pub sources: SourceMap,
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The program, when no diagnostic is an error.
    pub program: Option<Program>,
}

impl Compilation {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compiles the policy at `entry` and everything it includes.
pub fn compile(entry: &Path, loader: &dyn Loader) -> Compilation {
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let units = load::load_all(entry, loader, &mut sources, &mut diagnostics);
    // On a large stack: the limits keep recursion far from it, this is a second line of defence.
    let program =
        if units.is_empty() { None } else { crate::limits::with_stack(|| collect::build(&units, &mut diagnostics)) };
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    let program = program.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Compilation { sources, diagnostics, program }
}
