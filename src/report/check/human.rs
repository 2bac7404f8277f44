//! `--format human`: grouped like a compiler's report, coloured on a terminal.

use super::{Context, Format, INPUT_RULE, level_word, place, printable};
use crate::compile::{Program, Severity};
use crate::run::{Finding, InputReport, Status, Summary};

#[derive(Debug, Default)]
struct Human {
    first: bool,
}

pub(super) fn make() -> Box<dyn Format> {
    Box::new(Human { first: true })
}

impl Format for Human {
    fn input(&mut self, cx: &Context<'_>, report: &InputReport<'_>) -> String {
        let mut out = String::new();
        if !report.findings.is_empty() {
            if !self.first {
                out.push('\n');
            }
            self.first = false;
            out.push_str(&human(&report.findings, cx.color));
        }
        out
    }

    fn finish(&mut self, _cx: &Context<'_>, _program: &Program, _summary: &Summary) -> String {
        String::new()
    }
}

fn human(findings: &[Finding<'_>], color: bool) -> String {
    let paint = |text: &str, f: &Finding<'_>| -> String {
        if !color {
            return text.to_owned();
        }
        let code = match (f.status, f.severity) {
            (Status::Error, _) | (Status::Fail, Severity::Error) => "1;31",
            (Status::Fail, Severity::Warning) => "1;33",
            (Status::Fail, Severity::Notice) => "1;36",
            (Status::Pass, _) => "32",
            _ => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    };
    let mut out = String::new();
    let mut current: Option<(&str, Option<usize>)> = None;
    for f in findings {
        if current != Some((&*f.file, f.certificate)) {
            current = Some((&*f.file, f.certificate));
            // A certificate's heading gives its PEM line; a configuration's findings each give theirs.
            let at = match (f.line, f.column) {
                (Some(l), None) => format!(" (line {l})"),
                _ => String::new(),
            };
            let heading = format!("{}{at}", place(f));
            out.push_str(&if color { format!("\x1b[1m{heading}\x1b[0m\n") } else { format!("{heading}\n") });
        }
        let rule = f.rule().unwrap_or(INPUT_RULE);
        let spot = match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{l}:{c} "),
            _ => String::new(),
        };
        out.push_str(&format!("  {spot}{} {rule}", paint(level_word(f), f)));
        if !f.message.is_empty() {
            out.push_str(&format!(": {}", printable(&f.message)));
        }
        if let Some(r) = f.requirement.filter(|r| !r.cites.is_empty()) {
            out.push_str(&format!(" [{}]", printable(&r.cites.join("; "))));
        }
        out.push('\n');
    }
    out
}
