//! `check` output, one format per file behind [`Format`].
//!
//! A [`CheckWriter`] turns each input's report into text as it arrives.
//! Streaming formats (human, JSON, JSON Lines, GitHub annotations, GitLab
//! Code Quality) write each input at once; SARIF and JUnit are single
//! documents whose headers count what follows, so they keep the findings
//! (never the certificates) until [`CheckWriter::finish`]. Adding a format is
//! one file here and one entry in [`FORMATS`].

mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;

use std::path::PathBuf;

use crate::compile::{Program, Requirement, Severity};
use crate::run::{Finding, InputReport, Status, Summary};
use crate::source::SourceMap;

pub use sarif::help_uri;

/// The rule ID shown for a problem with the input itself.
pub const INPUT_RULE: &str = "corpus::unparseable";

/// What every format may use besides the results.
#[derive(Debug)]
pub(crate) struct Context<'p> {
    /// The policy's files, for requirement locations.
    pub(crate) sources: &'p SourceMap,
    /// The requirements the run evaluates, in document order.
    pub(crate) rules: Vec<&'p Requirement>,
    /// Findings at or above this severity fail (a JUnit test case, a GitLab issue's weight).
    pub(crate) threshold: Severity,
    /// Whether terminal colours may be used.
    pub(crate) color: bool,
    /// The directory relative input paths are relative to (the working directory).
    pub(crate) base: Option<PathBuf>,
}

/// One output format of `check`.
pub(crate) trait Format: std::fmt::Debug + Send {
    /// Text that opens the output.
    fn start(&mut self, _cx: &Context<'_>) -> String {
        String::new()
    }

    /// Text for one input, or nothing for formats written at the end.
    fn input(&mut self, cx: &Context<'_>, report: &InputReport<'_>) -> String;

    /// Text that closes the output.
    fn finish(&mut self, cx: &Context<'_>, program: &Program, summary: &Summary) -> String;
}

/// An output format: its `--format` name, a line of help, and how to make it.
#[derive(Debug)]
pub struct FormatInfo {
    /// The `--format` value.
    pub name: &'static str,
    /// What it is, for `--help`.
    pub help: &'static str,
    make: fn() -> Box<dyn Format>,
}

/// Every output format of `check`, the default first.
pub static FORMATS: &[FormatInfo] = &[
    FormatInfo { name: "human", help: "Grouped by certificate, a line per finding, with citations", make: human::make },
    FormatInfo { name: "json", help: "One JSON document: findings and a summary", make: json::make_json },
    FormatInfo { name: "jsonl", help: "One JSON object per finding, one per line", make: json::make_jsonl },
    FormatInfo { name: "sarif", help: "SARIF 2.1.0, for GitHub code scanning and other dashboards", make: sarif::make },
    FormatInfo {
        name: "junit",
        help: "JUnit XML: a test suite per file, a test case per certificate",
        make: junit::make,
    },
    FormatInfo {
        name: "github",
        help: "GitHub Actions workflow commands: an annotation per finding",
        make: github::make,
    },
    FormatInfo { name: "gitlab", help: "GitLab Code Quality JSON: an issue per finding", make: gitlab::make },
];

/// Writes `check` results in one format.
#[derive(Debug)]
pub struct CheckWriter<'p> {
    format: Box<dyn Format>,
    cx: Context<'p>,
}

impl<'p> CheckWriter<'p> {
    /// A writer in the format named `format` (one of [`FORMATS`]) for the
    /// requirements a run evaluates; `sources` are the policy's files, `color`
    /// whether human output may use terminal colours. `None` for an unknown format.
    pub fn new(
        format: &str,
        rules: Vec<&'p Requirement>,
        threshold: Severity,
        sources: &'p SourceMap,
        color: bool,
    ) -> Option<Self> {
        let info = FORMATS.iter().find(|f| f.name == format)?;
        Some(CheckWriter { format: (info.make)(), cx: Context { sources, rules, threshold, color, base: None } })
    }

    /// Sets the directory that relative input paths are relative to (the
    /// working directory): SARIF gives their URIs relative to it, as `%SRCROOT%`.
    #[must_use]
    pub fn with_base(mut self, base: PathBuf) -> Self {
        self.cx.base = Some(base);
        self
    }

    /// Text that opens the output.
    pub fn start(&mut self) -> String {
        self.format.start(&self.cx)
    }

    /// Text for one input, or nothing for formats written at the end.
    pub fn input(&mut self, report: &InputReport<'_>) -> String {
        self.format.input(&self.cx, report)
    }

    /// Text that closes the output.
    pub fn finish(mut self, program: &Program, summary: &Summary) -> String {
        self.format.finish(&self.cx, program, summary)
    }
}

/// Whether a finding is worth reporting in a format that lists problems only.
fn is_problem(f: &Finding<'_>) -> bool {
    matches!(f.status, Status::Fail | Status::Error)
}

pub(crate) fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::NotApplicable => "not applicable",
        Status::NotEffective => "not effective",
        Status::Error => "error",
    }
}

/// Text from a file name, a certificate or a policy, made safe for a terminal or a log:
/// control characters (a newline that would forge a finding line, an escape sequence) and
/// bidirectional overrides are written as `\n`, `\u{1b}`, `\u{202e}`.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Where a finding is: `file#2`, or `file` for a whole-file problem.
fn place(f: &Finding<'_>) -> String {
    match f.certificate {
        Some(i) => format!("{}#{i}", printable(&f.file)),
        None => printable(&f.file).into_owned(),
    }
}

fn level_word(f: &Finding<'_>) -> &'static str {
    match f.status {
        Status::Fail => f.severity.keyword(),
        other => status_word(other),
    }
}

/// `file#2: error BR-6.1.5-RSA: message`, one line, for grep and for JUnit bodies.
pub fn finding_line(f: &Finding<'_>) -> String {
    let rule = f.rule().unwrap_or(INPUT_RULE);
    if f.message.is_empty() {
        format!("{}: {} {rule}\n", place(f), level_word(f))
    } else {
        format!("{}: {} {rule}: {}\n", place(f), level_word(f), printable(&f.message))
    }
}

/// The human form of one input's findings: a heading per certificate, then a
/// line per finding with its severity (coloured on a terminal), requirement,
/// message and citations, like a compiler's report.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing line of `check`.
pub fn check_summary(s: &Summary, seconds: f64) -> String {
    let rate = if seconds > 0.0 { s.certificates as f64 / seconds } else { 0.0 };
    format!(
        "{}, {}{}: {}, {}, {}; {} not decodable; {}{}; {seconds:.2}s, {rate:.0} certificates/s\n",
        plural(s.files, "file", "files"),
        plural(s.certificates, "certificate", "certificates"),
        if s.configs > 0 {
            format!(", {}", plural(s.configs, "CA configuration", "CA configurations"))
        } else {
            String::new()
        },
        plural(s.failed[0], "error", "errors"),
        plural(s.failed[1], "warning", "warnings"),
        plural(s.failed[2], "notice", "notices"),
        plural(s.errors, "input or field", "inputs or fields"),
        plural(s.unreadable, "file unreadable", "files unreadable"),
        if s.skipped > 0 {
            format!("; {} (no certificate in them)", plural(s.skipped, "file skipped", "files skipped"))
        } else {
            String::new()
        },
    )
}
