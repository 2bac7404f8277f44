//! `check` output: a human report, JSON, JSON Lines, SARIF 2.1.0 and JUnit XML.
//!
//! A [`CheckWriter`] turns each input's report into text as it arrives.
//! Human, JSON and JSON Lines text is produced at once, so findings stream;
//! SARIF and JUnit are single documents whose headers count what follows,
//! so they keep the findings (never the certificates) until [`CheckWriter::finish`].

use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use serde::Serialize;
use serde_sarif::sarif;

use crate::compile::{Program, Requirement, Severity};
use crate::run::{Finding, InputReport, Status, Summary};
use crate::source::SourceMap;

/// The rule ID shown for a problem with the input itself.
pub const INPUT_RULE: &str = "corpus::unparseable";

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    /// Grouped by certificate, a line per finding.
    Human,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::NotApplicable => "not applicable",
        Status::NotEffective => "not effective",
        Status::Error => "error",
    }
}

/// Where a finding is: `file#2`, or `file` for a whole-file problem.
fn place(f: &Finding<'_>) -> String {
    match f.certificate {
        Some(i) => format!("{}#{i}", f.file),
        None => f.file.to_string(),
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
        format!("{}: {} {rule}: {}\n", place(f), level_word(f), f.message)
    }
}

/// The human form of one input's findings: a heading per certificate, then a
/// line per finding with its severity (coloured on a terminal), requirement,
/// message and citations, like a compiler's report.
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
            let at = f.line.map_or_else(String::new, |l| format!(" (line {l})"));
            let heading = format!("{}{at}", place(f));
            out.push_str(&if color { format!("\x1b[1m{heading}\x1b[0m\n") } else { format!("{heading}\n") });
        }
        let rule = f.rule().unwrap_or(INPUT_RULE);
        out.push_str(&format!("  {} {rule}", paint(level_word(f), f)));
        if !f.message.is_empty() {
            out.push_str(&format!(": {}", f.message));
        }
        if let Some(r) = f.requirement.filter(|r| !r.cites.is_empty()) {
            out.push_str(&format!(" [{}]", r.cites.join("; ")));
        }
        out.push('\n');
    }
    out
}

/// Where a requirement is defined, for JSON.
#[derive(Serialize)]
struct JsonSource<'a> {
    file: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
    file: &'a str,
    certificate: Option<usize>,
    line: Option<usize>,
    sha256: Option<&'a str>,
    rule: Option<&'a str>,
    severity: Severity,
    status: Status,
    message: &'a str,
    cites: &'a [String],
    source: Option<JsonSource<'a>>,
}

fn json_finding(f: &Finding<'_>, sources: &SourceMap, version: Option<u32>) -> String {
    let source = f.requirement.map(|r| {
        let file = sources.get(r.loc.file);
        let (line, column) = file.line_col(r.loc.span.start);
        JsonSource { file: &file.name, line, column }
    });
    let doc = JsonFinding {
        version,
        file: &f.file,
        certificate: f.certificate,
        line: f.line,
        sha256: f.sha256.as_deref(),
        rule: f.rule(),
        severity: f.severity,
        status: f.status,
        message: &f.message,
        cites: f.requirement.map_or(&[], |r| r.cites.as_slice()),
        source,
    };
    serde_json::to_string(&doc).expect("plain data")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing line of `check`.
pub fn check_summary(s: &Summary, seconds: f64) -> String {
    let rate = if seconds > 0.0 { s.certificates as f64 / seconds } else { 0.0 };
    format!(
        "{}, {}: {}, {}, {}; {} not decodable; {}; {seconds:.2}s, {rate:.0} certificates/s\n",
        plural(s.files, "file", "files"),
        plural(s.certificates, "certificate", "certificates"),
        plural(s.failed[0], "error", "errors"),
        plural(s.failed[1], "warning", "warnings"),
        plural(s.failed[2], "notice", "notices"),
        plural(s.errors, "input or field", "inputs or fields"),
        plural(s.unreadable, "file unreadable", "files unreadable"),
    )
}

/// Writes `check` results in one format.
#[derive(Debug)]
pub struct CheckWriter<'p> {
    format: CheckFormat,
    sources: &'p SourceMap,
    color: bool,
    rules: Vec<&'p Requirement>,
    /// Findings at or above this severity fail a JUnit test case.
    threshold: Severity,
    first: bool,
    sarif: Vec<sarif::Result>,
    junit: Vec<TestSuite>,
}

impl<'p> CheckWriter<'p> {
    /// A writer for the requirements a run evaluates; `sources` are the policy's
    /// files, `color` whether human output may use terminal colours.
    pub fn new(
        format: CheckFormat,
        rules: Vec<&'p Requirement>,
        threshold: Severity,
        sources: &'p SourceMap,
        color: bool,
    ) -> Self {
        CheckWriter { format, sources, color, rules, threshold, first: true, sarif: Vec::new(), junit: Vec::new() }
    }

    /// Text that opens the output.
    pub fn start(&mut self) -> String {
        match self.format {
            CheckFormat::Json => format!("{{\"version\":{},\"findings\":[", super::JSON_VERSION),
            _ => String::new(),
        }
    }

    /// Text for one input, or nothing for formats written at the end.
    pub fn input(&mut self, report: &InputReport<'p>) -> String {
        let mut out = String::new();
        match self.format {
            CheckFormat::Human => {
                if !report.findings.is_empty() {
                    if !self.first {
                        out.push('\n');
                    }
                    self.first = false;
                    out.push_str(&human(&report.findings, self.color));
                }
            }
            CheckFormat::Jsonl => {
                for f in &report.findings {
                    out.push_str(&json_finding(f, self.sources, Some(super::JSON_VERSION)));
                    out.push('\n');
                }
            }
            CheckFormat::Json => {
                for f in &report.findings {
                    out.push_str(if self.first { "\n" } else { ",\n" });
                    self.first = false;
                    out.push_str(&json_finding(f, self.sources, None));
                }
            }
            CheckFormat::Sarif => {
                let index: BTreeMap<&str, usize> =
                    self.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i + 1)).collect();
                self.sarif.extend(report.findings.iter().map(|f| sarif_result(f, &index)));
            }
            CheckFormat::Junit => self.junit.push(junit_suite(report, self.threshold)),
        }
        out
    }

    /// Text that closes the output.
    pub fn finish(self, program: &Program, summary: &Summary) -> String {
        match self.format {
            CheckFormat::Human | CheckFormat::Jsonl => String::new(),
            CheckFormat::Json => {
                let summary = serde_json::to_string(summary).expect("plain data");
                format!("{}],\"summary\":{summary}}}\n", if self.first { "" } else { "\n" })
            }
            CheckFormat::Sarif => sarif_document(program, &self.rules, self.sarif),
            CheckFormat::Junit => {
                let mut report = quick_junit::Report::new("cpslint");
                report.add_test_suites(self.junit);
                let mut s = report.to_string().expect("JUnit of plain data");
                s.push('\n');
                s
            }
        }
    }
}

fn sarif_level(f: &Finding<'_>) -> sarif::ResultLevel {
    match (f.status, f.severity) {
        (Status::Error, _) | (Status::Fail, Severity::Error) => sarif::ResultLevel::Error,
        (Status::Fail, Severity::Warning) => sarif::ResultLevel::Warning,
        (Status::Fail, Severity::Notice) => sarif::ResultLevel::Note,
        _ => sarif::ResultLevel::None,
    }
}

fn default_level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Notice => sarif::ResultLevel::Note,
    }
}

fn sarif_kind(s: Status) -> sarif::ResultKind {
    match s {
        Status::Pass => sarif::ResultKind::Pass,
        Status::Fail => sarif::ResultKind::Fail,
        Status::NotApplicable | Status::NotEffective => sarif::ResultKind::NotApplicable,
        Status::Error => sarif::ResultKind::Open,
    }
}

/// A relative or absolute path as a URI reference: `/` separators, unsafe bytes percent-encoded.
fn path_uri(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'.')
        .remove(b'-')
        .remove(b'_')
        .remove(b'~')
        .remove(b':');
    let slashed = path.replace('\\', "/");
    percent_encoding::utf8_percent_encode(&slashed, KEEP).to_string()
}

fn props(pairs: Vec<(&str, serde_json::Value)>) -> sarif::PropertyBag {
    let map: BTreeMap<String, serde_json::Value> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    sarif::PropertyBag::builder().additional_properties(map).build()
}

fn sarif_result(f: &Finding<'_>, index: &BTreeMap<&str, usize>) -> sarif::Result {
    let rule = f.rule().unwrap_or(INPUT_RULE);
    let rule_index = f.rule().and_then(|r| index.get(r).copied()).unwrap_or(0);
    let text = if f.message.is_empty() { status_word(f.status).to_owned() } else { f.message.clone() };
    // The certificate's digest names it wherever the file moves; an input problem has only its place.
    let identity = match (&f.sha256, f.certificate) {
        (Some(d), _) => d.to_string(),
        (None, Some(i)) => format!("{}#{i}", f.file),
        (None, None) => f.file.to_string(),
    };
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("cpslint/v1".to_owned(), format!("{rule}:{identity}"));
    let mut extra = vec![("status", serde_json::json!(f.status))];
    if let Some(i) = f.certificate {
        extra.push(("certificate", serde_json::json!(i)));
    }
    if let Some(d) = &f.sha256 {
        extra.push(("sha256", serde_json::json!(d)));
    }
    let builder = sarif::Result::builder()
        .rule_id(rule)
        .rule_index(i64::try_from(rule_index).unwrap_or(0))
        .level(sarif_level(f))
        .kind(sarif_kind(f.status))
        .message(sarif::Message::builder().text(text).build())
        .fingerprints(fingerprints)
        .properties(props(extra));
    if &*f.file == "<stdin>" {
        return builder.build();
    }
    let artifact = sarif::ArtifactLocation::builder().uri(path_uri(&f.file)).build();
    let physical = match f.line {
        Some(line) => sarif::PhysicalLocation::builder()
            .artifact_location(artifact)
            .region(sarif::Region::builder().start_line(i64::try_from(line).unwrap_or(i64::MAX)).build())
            .build(),
        None => sarif::PhysicalLocation::builder().artifact_location(artifact).build(),
    };
    builder.locations(vec![sarif::Location::builder().physical_location(physical).build()]).build()
}

fn sarif_rule(r: &Requirement) -> sarif::ReportingDescriptor {
    let mut help = format!("{}\n\nSection {}.", r.title, r.section);
    if let Some(t) = &r.text {
        help = format!("{}\n\n{}\n\nSection {}.", r.title, t.trim(), r.section);
    }
    if !r.cites.is_empty() {
        help.push_str(&format!(" Cites: {}.", r.cites.join("; ")));
    }
    let mut extra = vec![
        ("section", serde_json::json!(r.section)),
        ("severity", serde_json::json!(r.severity.keyword())),
        ("cites", serde_json::json!(r.cites)),
    ];
    if !r.zlint.is_empty() {
        extra.push(("zlint", serde_json::json!(r.zlint)));
    }
    if !r.pkilint.is_empty() {
        extra.push(("pkilint", serde_json::json!(r.pkilint)));
    }
    sarif::ReportingDescriptor::builder()
        .id(r.id.clone())
        .short_description(sarif::MultiformatMessageString::builder().text(r.title.clone()).build())
        .full_description(
            sarif::MultiformatMessageString::builder().text(r.text.clone().unwrap_or_else(|| r.title.clone())).build(),
        )
        .help(sarif::MultiformatMessageString::builder().text(help).build())
        .default_configuration(
            sarif::ReportingConfiguration::builder().level(serde_json::json!(default_level(r.severity))).build(),
        )
        .properties(props(extra))
        .build()
}

fn sarif_document(program: &Program, rules: &[&Requirement], results: Vec<sarif::Result>) -> String {
    let input_rule = sarif::ReportingDescriptor::builder()
        .id(INPUT_RULE)
        .short_description(
            sarif::MultiformatMessageString::builder().text("The input is not a readable certificate").build(),
        )
        .help(
            sarif::MultiformatMessageString::builder()
                .text("The file, or one certificate in it, could not be read, split or parsed; no requirement was evaluated on it.")
                .build(),
        )
        .default_configuration(sarif::ReportingConfiguration::builder().level(serde_json::json!(sarif::ResultLevel::Error)).build())
        .build();
    let mut descriptors = vec![input_rule];
    descriptors.extend(rules.iter().map(|r| sarif_rule(r)));
    let driver = sarif::ToolComponent::builder()
        .name("cpslint")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .full_name(format!("cpslint: {}", program.meta.title))
        .rules(descriptors)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    let doc = sarif::Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut s = serde_json::to_string_pretty(&doc).expect("SARIF of plain data");
    s.push('\n');
    s
}

fn junit_suite(report: &InputReport<'_>, threshold: Severity) -> TestSuite {
    let mut suite = TestSuite::new(report.file.to_string());
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
                s.set_message(format!("{rule}: {}{more}", first.message));
                s.set_type(rule);
                s.set_description(lines.clone());
                s
            }
        };
        let mut case = TestCase::new(name, status);
        case.set_classname(report.file.to_string());
        if failing.is_empty() && !lines.is_empty() {
            case.set_system_out(lines);
        }
        suite.add_test_case(case);
    }
    suite
}
