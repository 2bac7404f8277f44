//! `--format github`: GitHub Actions workflow commands, one annotation per
//! problem (`::error file=certs/a.pem,line=1,title=BR-6.1.5-RSA::…`), which a
//! workflow step turns into annotations on the pull request without an upload.

use super::{Context, Format, INPUT_RULE, is_problem};
use crate::compile::{Program, Severity};
use crate::run::{Finding, InputReport, Status, Summary};

#[derive(Debug)]
struct Github;

pub(super) fn make() -> Box<dyn Format> {
    Box::new(Github)
}

/// A command's message, escaped as the Actions runner reads it.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(f: &Finding<'_>) -> &'static str {
    match (f.status, f.severity) {
        (Status::Fail, Severity::Warning) => "warning",
        (Status::Fail, Severity::Notice) => "notice",
        _ => "error",
    }
}

impl Format for Github {
    fn input(&mut self, _cx: &Context<'_>, report: &InputReport<'_>) -> String {
        let mut out = String::new();
        for f in report.findings.iter().filter(|f| is_problem(f)) {
            let rule = f.rule().unwrap_or(INPUT_RULE);
            let title = match (f.requirement, f.certificate) {
                (Some(r), Some(i)) => format!("{rule} (certificate {i}): {}", r.title),
                (Some(r), None) => format!("{rule}: {}", r.title),
                (None, _) => rule.to_owned(),
            };
            let mut message = f.message.clone();
            if let Some(r) = f.requirement.filter(|r| !r.cites.is_empty()) {
                message.push_str(&format!(" [{}]", r.cites.join("; ")));
            }
            let col = f.column.map_or_else(String::new, |c| format!(",col={c}"));
            out.push_str(&format!(
                "::{} file={},line={}{col},title={}::{}\n",
                command(f),
                escape_property(&f.file),
                f.line.unwrap_or(1),
                escape_property(&title),
                escape_data(&message)
            ));
        }
        out
    }

    fn finish(&mut self, _cx: &Context<'_>, _program: &Program, _summary: &Summary) -> String {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_cannot_forge_a_command() {
        assert_eq!(escape_data("a\n::error::forged%"), "a%0A::error::forged%25");
        assert_eq!(escape_property("x.pem,line=9:"), "x.pem%2Cline=9%3A");
    }
}
