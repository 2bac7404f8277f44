//! `--format gitlab`: GitLab Code Quality JSON, one issue per problem, shown
//! in merge requests when a CI job declares it as a `codequality` report.

use serde::Serialize;

use super::{Context, Format, INPUT_RULE, is_problem};
use crate::compile::{Program, Severity};
use crate::run::{Finding, InputReport, Status, Summary};

#[derive(Debug)]
struct Gitlab {
    first: bool,
}

pub(super) fn make() -> Box<dyn Format> {
    Box::new(Gitlab { first: true })
}

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// Code Quality's scale: an input cpslint cannot read and an error are critical.
fn severity(f: &Finding<'_>) -> &'static str {
    match (f.status, f.severity) {
        (Status::Fail, Severity::Warning) => "major",
        (Status::Fail, Severity::Notice) => "minor",
        _ => "critical",
    }
}

/// The path relative to the working directory (the repository root in CI) when it is below it.
fn relative(file: &str, base: Option<&std::path::Path>) -> String {
    let path = std::path::Path::new(file);
    match base.and_then(|b| path.strip_prefix(b).ok()) {
        Some(rel) => rel.display().to_string(),
        None => file.trim_start_matches("./").to_owned(),
    }
}

impl Format for Gitlab {
    fn start(&mut self, _cx: &Context<'_>) -> String {
        "[".to_owned()
    }

    fn input(&mut self, cx: &Context<'_>, report: &InputReport<'_>) -> String {
        use sha2::Digest;
        let mut out = String::new();
        for f in report.findings.iter().filter(|f| is_problem(f)) {
            let rule = f.rule().unwrap_or(INPUT_RULE);
            // One issue per rule, file and certificate: stable across runs while the certificate is.
            let identity = f.sha256.as_deref().map_or_else(|| format!("{:?}", f.certificate), str::to_owned);
            let digest = sha2::Sha256::digest(format!("{rule}\n{}\n{identity}", f.file).as_bytes());
            let fingerprint: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
            let mut description = format!("{rule}: {}", f.message);
            if let Some(r) = f.requirement.filter(|r| !r.cites.is_empty()) {
                description.push_str(&format!(" [{}]", r.cites.join("; ")));
            }
            let issue = Issue {
                description,
                check_name: rule,
                fingerprint,
                severity: severity(f),
                location: Location {
                    path: relative(&f.file, cx.base.as_deref()),
                    lines: Lines { begin: f.line.unwrap_or(1) },
                },
            };
            out.push_str(if self.first { "\n" } else { ",\n" });
            self.first = false;
            out.push_str(&serde_json::to_string(&issue).expect("plain data"));
        }
        out
    }

    fn finish(&mut self, _cx: &Context<'_>, _program: &Program, _summary: &Summary) -> String {
        if self.first { "]\n".to_owned() } else { "\n]\n".to_owned() }
    }
}
