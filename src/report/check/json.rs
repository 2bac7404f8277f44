//! `--format json` (one document) and `--format jsonl` (one object per line), both streamed.

use serde::Serialize;

use super::{Context, Format, INPUT_RULE};
use crate::compile::{Program, Severity};
use crate::report::{JSON_VERSION, JsonSource};
use crate::run::{Finding, InputReport, Status, Summary};
use crate::source::SourceMap;

#[derive(Debug)]
struct Json {
    first: bool,
}

#[derive(Debug)]
struct Jsonl;

pub(super) fn make_json() -> Box<dyn Format> {
    Box::new(Json { first: true })
}

pub(super) fn make_jsonl() -> Box<dyn Format> {
    Box::new(Jsonl)
}

impl Format for Json {
    fn start(&mut self, _cx: &Context<'_>) -> String {
        format!("{{\"version\":{JSON_VERSION},\"findings\":[")
    }

    fn input(&mut self, cx: &Context<'_>, report: &InputReport<'_>) -> String {
        let mut out = String::new();
        for f in &report.findings {
            out.push_str(if self.first { "\n" } else { ",\n" });
            self.first = false;
            out.push_str(&json_finding(f, cx.sources, None));
        }
        out
    }

    fn finish(&mut self, _cx: &Context<'_>, _program: &Program, summary: &Summary) -> String {
        let summary = summary_json(summary);
        format!("{}],\"summary\":{summary}}}\n", if self.first { "" } else { "\n" })
    }
}

impl Format for Jsonl {
    fn input(&mut self, cx: &Context<'_>, report: &InputReport<'_>) -> String {
        let mut out = String::new();
        for f in &report.findings {
            out.push_str(&json_finding(f, cx.sources, Some(JSON_VERSION)));
            out.push('\n');
        }
        out
    }

    fn finish(&mut self, _cx: &Context<'_>, _program: &Program, _summary: &Summary) -> String {
        String::new()
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
    file: &'a str,
    certificate: Option<usize>,
    line: Option<usize>,
    column: Option<usize>,
    sha256: Option<&'a str>,
    rule: &'a str,
    severity: Severity,
    status: Status,
    message: &'a str,
    cites: &'a [String],
    source: Option<JsonSource<'a>>,
}

fn json_finding(f: &Finding<'_>, sources: &SourceMap, version: Option<u32>) -> String {
    let source = f.requirement.map(|r| JsonSource::of(sources, r.loc));
    let doc = JsonFinding {
        version,
        file: &f.file,
        certificate: f.certificate,
        line: f.line,
        column: f.column,
        sha256: f.sha256.as_deref(),
        rule: f.rule().unwrap_or(INPUT_RULE),
        severity: f.severity,
        status: f.status,
        message: &f.message,
        cites: f.requirement.map_or(&[], |r| r.cites.as_slice()),
        source,
    };
    serde_json::to_string(&doc).expect("plain data")
}

/// Failed results by the requirement's severity.
#[derive(Serialize)]
struct FailedJson {
    error: usize,
    warning: usize,
    notice: usize,
}

/// The `json` summary: every count named.
#[derive(Serialize)]
struct SummaryJson {
    files: usize,
    certificates: usize,
    configs: usize,
    skipped: usize,
    unreadable: usize,
    failed: FailedJson,
    errors: usize,
    passed: usize,
    not_applicable: usize,
    not_effective: usize,
}

fn summary_json(s: &Summary) -> String {
    let doc = SummaryJson {
        files: s.files,
        certificates: s.certificates,
        configs: s.configs,
        skipped: s.skipped,
        unreadable: s.unreadable,
        failed: FailedJson { error: s.failed[0], warning: s.failed[1], notice: s.failed[2] },
        errors: s.errors,
        passed: s.passed,
        not_applicable: s.not_applicable,
        not_effective: s.not_effective,
    };
    serde_json::to_string(&doc).expect("plain data")
}
