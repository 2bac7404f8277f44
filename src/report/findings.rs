//! Findings as text: one line per finding for people, one JSON object per line for machines.

use serde::Serialize;

use crate::run::{Finding, Status, Summary};

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::NotApplicable => "not applicable",
        Status::NotEffective => "not effective",
        Status::Error => "error",
    }
}

/// `file#2: error BR-6.1.5-RSA: message`, like a compiler's one-line diagnostics.
pub fn finding_human(f: &Finding) -> String {
    let place = match f.certificate {
        Some(i) => format!("{}#{i}", f.file),
        None => f.file.clone(),
    };
    let what = match f.status {
        Status::Fail => f.severity.keyword(),
        other => status_word(other),
    };
    let rule = f.rule.as_deref().unwrap_or("corpus::unparseable");
    if f.message.is_empty() {
        format!("{place}: {what} {rule}\n")
    } else {
        format!("{place}: {what} {rule}: {}\n", f.message)
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    version: u32,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// One JSON object per line; the shape is versioned with [`super::JSON_VERSION`].
pub fn finding_jsonl(f: &Finding) -> String {
    let mut s = serde_json::to_string(&JsonFinding { version: super::JSON_VERSION, finding: f }).expect("plain data");
    s.push('\n');
    s
}

/// The closing line of `check`.
pub fn check_summary(s: &Summary, seconds: f64) -> String {
    let rate = if seconds > 0.0 { s.certificates as f64 / seconds } else { 0.0 };
    format!(
        "{} files, {} certificates: {} error, {} warning, {} notice findings; {} undecodable inputs or fields; {} unreadable files; {:.2}s ({:.0} certificates/s)\n",
        s.files, s.certificates, s.failed[0], s.failed[1], s.failed[2], s.errors, s.unreadable, seconds, rate
    )
}
