//! `--rule` and `--exclude-rule`: which requirements a run evaluates.
//!
//! A selector is a requirement ID (`BR-6.1.5-RSA`), a glob over IDs
//! (`BR-7.1.*`), an ID prefix ending at a `.` or `-` (`BR-6.3.2` selects
//! `BR-6.3.2-398` and its siblings), or a peer's name (`zlint:e_ext_san_missing`,
//! `pkilint:cabf.serverauth.*`); a value may hold several, separated by commas.
//! A selection that would evaluate nothing is an error that says why, never a
//! silent pass.

use std::collections::BTreeSet;

use crate::compile::ir::Check;
use crate::compile::{Program, Requirement};
use crate::diagnostic::did_you_mean;

/// The requirement IDs a run evaluates, resolved from the command line.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Evaluate only these (empty: every certificate requirement).
    pub only: BTreeSet<String>,
    /// Never these.
    pub exclude: BTreeSet<String>,
}

/// What one selector names.
enum Pattern {
    Id(String),
    Glob(globset::GlobMatcher),
    Peer(&'static str, globset::GlobMatcher),
}

impl Pattern {
    fn parse(selector: &str) -> Result<Pattern, String> {
        let glob = |text: &str| {
            globset::GlobBuilder::new(text)
                .literal_separator(false)
                .build()
                .map(|g| g.compile_matcher())
                .map_err(|e| format!("`{selector}` is not a valid pattern: {}", e.kind()))
        };
        for peer in ["zlint", "pkilint"] {
            if let Some(name) = selector.strip_prefix(peer).and_then(|r| r.strip_prefix(':')) {
                return Ok(Pattern::Peer(peer, glob(name)?));
            }
        }
        if selector.contains(['*', '?', '[', '{']) {
            return Ok(Pattern::Glob(glob(selector)?));
        }
        Ok(Pattern::Id(selector.to_owned()))
    }

    fn matches(&self, r: &Requirement) -> bool {
        match self {
            Pattern::Id(id) => {
                r.id == *id
                    || r.id
                        .strip_prefix(id.as_str())
                        .is_some_and(|rest| id.ends_with(['.', '-']) || rest.starts_with(['.', '-']))
            }
            Pattern::Glob(g) => g.is_match(&r.id),
            Pattern::Peer("zlint", g) => r.zlint.iter().any(|n| g.is_match(n)),
            Pattern::Peer(_, g) => r.pkilint.iter().any(|n| g.is_match(n)),
        }
    }
}

/// Whether `check` evaluates the requirement (on certificates or CA configurations); if not, why.
fn not_on_certificates(r: &Requirement) -> Option<&'static str> {
    match &r.check {
        Check::Automated { .. } => None,
        Check::Manual { .. } => Some("a manual requirement: an auditor checks it against attested evidence"),
    }
}

/// Splits repeated, comma-separated values into selectors.
fn selectors(values: &[String]) -> Vec<&str> {
    values.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// Resolves `--rule` and `--exclude-rule` values against a program.
///
/// # Errors
/// A selector that names nothing, a disabled requirement, or only requirements
/// `check` does not evaluate on certificates, or a selection left empty: the
/// message says which and why.
pub fn select(program: &Program, rules: &[String], exclude: &[String]) -> Result<Selection, String> {
    let mut selection = Selection::default();
    let mut problems = Vec::new();
    let resolve = |selector: &str, problems: &mut Vec<String>| -> Vec<&Requirement> {
        let pattern = match Pattern::parse(selector) {
            Ok(p) => p,
            Err(e) => {
                problems.push(e);
                return Vec::new();
            }
        };
        let hits: Vec<&Requirement> = program.requirements.iter().filter(|r| pattern.matches(r)).collect();
        if hits.is_empty() {
            if let Some(d) = program.disabled.iter().find(|d| d.id == selector) {
                problems.push(format!("`{selector}` is disabled by `{}`: {}", program.meta.title, d.reason));
            } else {
                let known = program.requirements.iter().map(|r| r.id.as_str());
                let hint = did_you_mean(selector, known).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                problems.push(format!("no requirement matches `{selector}` in `{}`{hint}", program.meta.title));
            }
        }
        hits
    };
    for selector in selectors(exclude) {
        selection.exclude.extend(resolve(selector, &mut problems).into_iter().map(|r| r.id.clone()));
    }
    for selector in selectors(rules) {
        let hits = resolve(selector, &mut problems);
        if hits.is_empty() {
            continue;
        }
        let runnable: Vec<&Requirement> = hits.iter().copied().filter(|r| not_on_certificates(r).is_none()).collect();
        if runnable.is_empty() {
            let why: BTreeSet<&str> = hits.iter().filter_map(|r| not_on_certificates(r)).collect();
            let what =
                if hits.len() == 1 { format!("`{}` is", hits[0].id) } else { format!("`{selector}` selects only") };
            problems.push(format!("{what} {}", why.into_iter().collect::<Vec<_>>().join("; ")));
            continue;
        }
        if runnable.iter().all(|r| selection.exclude.contains(&r.id)) {
            problems.push(format!("`{selector}` selects only requirements that --exclude-rule also excludes"));
            continue;
        }
        selection.only.extend(runnable.into_iter().map(|r| r.id.clone()));
    }
    if problems.is_empty() {
        let left = program
            .requirements
            .iter()
            .filter(|r| not_on_certificates(r).is_none())
            .filter(|r| selection.only.is_empty() || selection.only.contains(&r.id))
            .filter(|r| !selection.exclude.contains(&r.id))
            .count();
        if left == 0 {
            problems.push(if program.requirements.iter().all(|r| not_on_certificates(r).is_some()) {
                format!("`{}` has no requirement that `check` evaluates, only manual ones", program.meta.title)
            } else {
                "--exclude-rule leaves no requirement to evaluate".to_owned()
            });
        }
    }
    if problems.is_empty() { Ok(selection) } else { Err(problems.join("\n")) }
}
