//! `--format junit`: JUnit XML as GitLab and Jenkins read it.

use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use super::{Context, Format, INPUT_RULE, finding_line, printable};
use crate::compile::{Program, Severity};
use crate::run::{Finding, InputReport, Status, Summary};

#[derive(Debug, Default)]
struct Junit {
    suites: Vec<TestSuite>,
}

pub(super) fn make() -> Box<dyn Format> {
    Box::new(Junit::default())
}

impl Format for Junit {
    fn input(&mut self, cx: &Context<'_>, report: &InputReport<'_>) -> String {
        // A file skipped by the walk is no test.
        if report.tally.skipped == 0 {
            self.suites.push(junit_suite(report, cx.threshold));
        }
        String::new()
    }

    fn finish(&mut self, _cx: &Context<'_>, _program: &Program, _summary: &Summary) -> String {
        let mut report = quick_junit::Report::new("cpslint");
        report.add_test_suites(std::mem::take(&mut self.suites));
        let mut s = report.to_string().expect("JUnit of plain data");
        s.push('\n');
        s
    }
}

fn junit_suite(report: &InputReport<'_>, threshold: Severity) -> TestSuite {
    let mut suite = TestSuite::new(printable(&report.file).into_owned());
    let mut by_cert: BTreeMap<Option<usize>, Vec<&Finding<'_>>> = BTreeMap::new();
    for i in 1..=report.blocks {
        by_cert.insert(Some(i), Vec::new());
    }
    for f in &report.findings {
        by_cert.entry(f.certificate).or_default().push(f);
    }
    for (cert, findings) in by_cert {
        let name = cert.map_or_else(|| "input".to_owned(), |i| format!("certificate #{i}"));
        let failing: Vec<&&Finding<'_>> = findings
            .iter()
            .filter(|f| f.status == Status::Error || (f.status == Status::Fail && f.severity >= threshold))
            .collect();
        let lines: String = findings.iter().map(|f| finding_line(f)).collect();
        let status = match failing.first() {
            None => TestCaseStatus::success(),
            Some(first) => {
                let kind = if failing.iter().any(|f| f.status == Status::Error) {
                    NonSuccessKind::Error
                } else {
                    NonSuccessKind::Failure
                };
                let mut s = TestCaseStatus::non_success(kind);
                let rule = first.rule().unwrap_or(INPUT_RULE);
                let more = if failing.len() > 1 { format!(" (and {} more)", failing.len() - 1) } else { String::new() };
                s.set_message(format!("{rule}: {}{more}", printable(&first.message)));
                s.set_type(rule);
                s.set_description(lines.clone());
                s
            }
        };
        let mut case = TestCase::new(name, status);
        case.set_classname(printable(&report.file).into_owned());
        if failing.is_empty() && !lines.is_empty() {
            case.set_system_out(lines);
        }
        suite.add_test_case(case);
    }
    suite
}
