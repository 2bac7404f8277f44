//! Stage 4: text for people and machines.
//!
//! In: diagnostics with their sources, compiled programs, the field table.
//! Out: strings. This module never reads files, parses policies or evaluates
//! rules; `main` decides where the text goes.

mod check;
mod listing;

use std::collections::BTreeMap;

use miette::{GraphicalReportHandler, GraphicalTheme};
use serde::Serialize;

pub use check::{CheckWriter, FORMATS, FormatInfo, INPUT_RULE, check_summary, finding_line, help_uri, printable};
pub use listing::{explain, fields_json, fields_markdown, rules_human, rules_json};

use crate::diagnostic::{Diagnostic, JsonDiagnostic};
use crate::source::{FileId, SourceMap};

/// Where a requirement is defined, in every JSON output: the policy file as
/// named (a shipped pack as `cpslint:NAME`), 1-based line and column.
#[derive(Debug, Serialize)]
pub(crate) struct JsonSource<'a> {
    file: &'a str,
    line: usize,
    column: usize,
}

impl<'a> JsonSource<'a> {
    pub(crate) fn of(sources: &'a SourceMap, loc: crate::source::Loc) -> Self {
        let file = sources.get(loc.file);
        let (line, column) = file.line_col(loc.span.start);
        JsonSource { file: &file.name, line, column }
    }
}

/// Version of the JSON shapes printed with `--format json`.
pub const JSON_VERSION: u32 = 2;

/// The most diagnostics shown for one file by [`diagnostics_human`].
pub const MAX_SHOWN_PER_FILE: usize = 200;

/// Renders diagnostics the way a compiler does.
///
/// At most [`MAX_SHOWN_PER_FILE`] are shown for each file, errors before
/// warnings and notes, each group in order; one line then says how many more
/// there are. `--format json` lists them all.
pub fn diagnostics_human(diags: &[Diagnostic], sources: &SourceMap, color: bool, width: usize) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width).with_links(false);
    let shown = shown(diags);
    let mut out = String::new();
    let mut hidden: BTreeMap<FileId, (usize, usize)> = BTreeMap::new();
    for (d, show) in diags.iter().zip(&shown) {
        if !*show {
            let (errors, others) = hidden.entry(d.loc().file).or_default();
            if d.is_error() {
                *errors += 1
            } else {
                *others += 1
            }
            continue;
        }
        let rendered = d.rendered(sources);
        if handler.render_report(&mut out, &rendered).is_err() {
            out.push_str(&d.message);
            out.push('\n');
        }
        out.push('\n');
    }
    for (file, (errors, others)) in hidden {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let what = match (errors, others) {
            (0, n) => plural(n, "warning or note", "warnings and notes"),
            (n, 0) => plural(n, "error", "errors"),
            (e, n) => {
                format!("{} and {}", plural(e, "error", "errors"), plural(n, "warning or note", "warnings and notes"))
            }
        };
        out.push_str(&format!(
            "… and {what} more in {} (`--format json` lists every diagnostic)\n\n",
            sources.get(file).name
        ));
    }
    out
}

/// Which diagnostics [`diagnostics_human`] shows: per file, errors first, up to the limit.
fn shown(diags: &[Diagnostic]) -> Vec<bool> {
    let mut shown = vec![false; diags.len()];
    let mut count: BTreeMap<FileId, usize> = BTreeMap::new();
    for errors in [true, false] {
        for (i, d) in diags.iter().enumerate() {
            let n = count.entry(d.loc().file).or_default();
            if d.is_error() == errors && *n < MAX_SHOWN_PER_FILE {
                shown[i] = true;
                *n += 1;
            }
        }
    }
    shown
}

/// What `validate` found in one file.
#[derive(Debug, Serialize)]
pub struct FileSummary {
    /// The file as named on the command line.
    pub file: String,
    /// Whether it compiled without errors.
    pub valid: bool,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of notes.
    pub notes: usize,
    /// Number of requirements compiled.
    pub requirements: usize,
}

#[derive(Serialize)]
struct ValidateJson<'a> {
    version: u32,
    files: &'a [FileSummary],
    diagnostics: Vec<JsonDiagnostic>,
}

/// The `validate --format json` document.
pub fn validate_json(files: &[FileSummary], diags: &[(&Diagnostic, &SourceMap)]) -> String {
    let doc =
        ValidateJson { version: JSON_VERSION, files, diagnostics: diags.iter().map(|(d, s)| d.to_json(s)).collect() };
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON of plain data");
    s.push('\n');
    s
}

/// The closing line of `validate`.
pub fn validate_summary(files: &[FileSummary]) -> String {
    let errors: usize = files.iter().map(|f| f.errors).sum();
    let warnings: usize = files.iter().map(|f| f.warnings).sum();
    let notes: usize = files.iter().map(|f| f.notes).sum();
    let valid = files.iter().filter(|f| f.valid).count();
    let notes = match notes {
        0 => String::new(),
        1 => ", 1 note".to_owned(),
        n => format!(", {n} notes"),
    };
    format!(
        "{valid} of {} {} valid; {errors} {}, {warnings} {}{notes}\n",
        files.len(),
        if files.len() == 1 { "policy" } else { "policies" },
        if errors == 1 { "error" } else { "errors" },
        if warnings == 1 { "warning" } else { "warnings" },
    )
}
