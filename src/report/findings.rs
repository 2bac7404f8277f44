//! `check` output: a human report, JSON, JSON Lines, SARIF 2.1.0 and JUnit XML.
//!
//! A [`CheckWriter`] turns each input's report into text as it arrives.
//! Human, JSON and JSON Lines text is produced at once, so findings stream;
//! SARIF and JUnit are single documents whose headers count what follows,
//! so they keep the findings (never the certificates) until [`CheckWriter::finish`].

use std::collections::BTreeMap;
use std::path::PathBuf;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use serde::Serialize;
use serde_sarif::sarif;

use super::JsonSource;
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
            out.push_str(&format!(": {}", printable(&f.message)));
        }
        if let Some(r) = f.requirement.filter(|r| !r.cites.is_empty()) {
            out.push_str(&format!(" [{}]", printable(&r.cites.join("; "))));
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
    file: &'a str,
    certificate: Option<usize>,
    line: Option<usize>,
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing line of `check`.
pub fn check_summary(s: &Summary, seconds: f64) -> String {
    let rate = if seconds > 0.0 { s.certificates as f64 / seconds } else { 0.0 };
    format!(
        "{}, {}: {}, {}, {}; {} not decodable; {}{}; {seconds:.2}s, {rate:.0} certificates/s\n",
        plural(s.files, "file", "files"),
        plural(s.certificates, "certificate", "certificates"),
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
    /// The directory relative paths are relative to, for SARIF URIs.
    base: Option<PathBuf>,
    /// SARIF fingerprints written so far, with their counts.
    hashes: BTreeMap<String, usize>,
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
        CheckWriter {
            format,
            sources,
            color,
            rules,
            threshold,
            first: true,
            sarif: Vec::new(),
            junit: Vec::new(),
            base: None,
            hashes: BTreeMap::new(),
        }
    }

    /// Sets the directory that relative input paths are relative to (the
    /// working directory): SARIF gives their URIs relative to it, as `%SRCROOT%`.
    #[must_use]
    pub fn with_base(mut self, base: PathBuf) -> Self {
        self.base = Some(base);
        self
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
                // Code scanning shows every result as an alert: passes stay out of SARIF.
                let written = report.findings.iter().filter(|f| matches!(f.status, Status::Fail | Status::Error));
                for f in written {
                    self.sarif.push(sarif_result(f, &index, self.base.as_deref(), &mut self.hashes));
                }
            }
            // A file skipped by the walk is no test.
            CheckFormat::Junit if report.tally.skipped > 0 => {}
            CheckFormat::Junit => self.junit.push(junit_suite(report, self.threshold)),
        }
        out
    }

    /// Text that closes the output.
    pub fn finish(self, program: &Program, summary: &Summary) -> String {
        match self.format {
            CheckFormat::Human | CheckFormat::Jsonl => String::new(),
            CheckFormat::Json => {
                let summary = summary_json(summary);
                format!("{}],\"summary\":{summary}}}\n", if self.first { "" } else { "\n" })
            }
            CheckFormat::Sarif => sarif_document(program, &self.rules, self.sarif, self.base.as_deref()),
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

/// Characters kept as they are in a URI path; everything else is percent-encoded.
const URI_KEEP: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'/').remove(b'.').remove(b'-').remove(b'_').remove(b'~');

/// A path as a URI path, percent-encoded byte by byte; `\xNN` (how cpslint names a byte
/// that is not UTF-8) stands for that byte, so the URI keeps the name's bytes.
fn encode_path(path: &str) -> String {
    let slashed = if cfg!(windows) { path.replace('\\', "/") } else { path.to_owned() };
    let mut bytes = Vec::with_capacity(slashed.len());
    let raw = slashed.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 2..i + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], raw.get(i + 1), hex) {
            (b'\\', Some(b'x'), Some(b)) => {
                bytes.push(b);
                i += 4;
            }
            (b, _, _) => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    percent_encoding::percent_encode(&bytes, URI_KEEP).to_string()
}

/// Removes `.` and resolves `..` lexically.
fn lexical(path: &std::path::Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Where a result is, as GitHub code scanning wants it: a URI relative to
/// `%SRCROOT%` (the working directory) when the file is below it, else an
/// absolute `file://` URI.
fn artifact_location(file: &str, base: Option<&std::path::Path>) -> sarif::ArtifactLocation {
    let path = std::path::Path::new(file);
    let absolute = match base {
        Some(b) if path.is_relative() => lexical(&b.join(path)),
        _ => lexical(path),
    };
    let relative = match base {
        Some(b) => absolute.strip_prefix(b).ok().map(std::path::Path::to_path_buf),
        None if path.is_relative() => Some(lexical(path)),
        None => None,
    };
    match relative {
        Some(rel) => {
            sarif::ArtifactLocation::builder().uri(encode_path(&rel.to_string_lossy())).uri_base_id(SRCROOT).build()
        }
        None => sarif::ArtifactLocation::builder()
            .uri(format!("file://{}", encode_path(&absolute.to_string_lossy())))
            .build(),
    }
}

/// The base the relative URIs are resolved against.
const SRCROOT: &str = "%SRCROOT%";

fn props(pairs: Vec<(&str, serde_json::Value)>) -> sarif::PropertyBag {
    let map: BTreeMap<String, serde_json::Value> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    sarif::PropertyBag::builder().additional_properties(map).build()
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn sarif_result(
    f: &Finding<'_>,
    index: &BTreeMap<&str, usize>,
    base: Option<&std::path::Path>,
    seen: &mut BTreeMap<String, usize>,
) -> sarif::Result {
    let rule = f.rule().unwrap_or(INPUT_RULE);
    let rule_index = f.rule().and_then(|r| index.get(r).copied()).unwrap_or(0);
    let text = if f.message.is_empty() { status_word(f.status).to_owned() } else { f.message.clone() };
    // The certificate's digest names it wherever the file moves; an input problem has only its place.
    let identity = match (&f.sha256, f.certificate) {
        (Some(d), _) => d.to_string(),
        (None, Some(i)) => format!("{}#{i}", f.file),
        (None, None) => f.file.to_string(),
    };
    let stable = format!("{rule}:{identity}");
    // GitHub matches alerts across runs by `primaryLocationLineHash` only: the rule, the file and
    // the certificate, numbered as the upload action numbers repeats. cpslint's own key rides along.
    let hash = sha256_hex(&format!("{rule}\n{}\n{identity}", f.file))[..16].to_owned();
    let n = seen.entry(hash.clone()).or_insert(0);
    *n += 1;
    let mut partial = BTreeMap::new();
    partial.insert("primaryLocationLineHash".to_owned(), format!("{hash}:{n}"));
    partial.insert("cpslint/v1".to_owned(), stable);
    let mut extra = vec![("status", serde_json::json!(f.status))];
    if let Some(i) = f.certificate {
        extra.push(("certificate", serde_json::json!(i)));
    }
    if let Some(d) = &f.sha256 {
        extra.push(("sha256", serde_json::json!(d)));
    }
    // DER input and whole-file problems have no line of their own: they are at line 1.
    let line = i64::try_from(f.line.unwrap_or(1)).unwrap_or(i64::MAX);
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(artifact_location(&f.file, base))
        .region(sarif::Region::builder().start_line(line).build())
        .build();
    sarif::Result::builder()
        .rule_id(rule)
        .rule_index(i64::try_from(rule_index).unwrap_or(0))
        .level(sarif_level(f))
        .kind(sarif_kind(f.status))
        .message(sarif::Message::builder().text(text).build())
        .locations(vec![sarif::Location::builder().physical_location(physical).build()])
        .partial_fingerprints(partial)
        .properties(props(extra))
        .build()
}

/// GitHub shows at most 1,024 characters of a rule description.
fn at_most_1024(text: &str) -> String {
    if text.chars().count() <= 1024 {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(1023).collect();
    cut.push('…');
    cut
}

/// GitHub code scanning's `security-severity` for a severity: high, medium, low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Notice => "2.0",
    }
}

/// A web page for the requirement: the first citation of an RFC section or of
/// the CA/B Forum Baseline Requirements, else what RFC 3647 says its section covers.
pub fn help_uri(r: &Requirement) -> String {
    for cite in &r.cites {
        let mut words = cite.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("RFC"), Some(n), section) if n.chars().all(|c| c.is_ascii_digit()) => {
                return match section.filter(|s| s.chars().next().is_some_and(|c| c.is_ascii_digit())) {
                    Some(sec) => format!("https://www.rfc-editor.org/rfc/rfc{n}#section-{}", sec.trim_end_matches('.')),
                    None => format!("https://www.rfc-editor.org/rfc/rfc{n}"),
                };
            }
            (Some("CABF-BR"), _, _) => return "https://github.com/cabforum/servercert/blob/main/docs/BR.md".to_owned(),
            _ => {}
        }
    }
    // RFC 3647 describes outline section N.M in its section 4.N.M.
    let mut number = r.section.as_str();
    while crate::outline::title(number).is_none() {
        match number.rsplit_once('.') {
            Some((head, _)) => number = head,
            None => return "https://www.rfc-editor.org/rfc/rfc3647#section-4".to_owned(),
        }
    }
    format!("https://www.rfc-editor.org/rfc/rfc3647#section-4.{number}")
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
        ("security-severity", serde_json::json!(security_severity(r.severity))),
        ("tags", serde_json::json!(["security", "pki"])),
    ];
    if !r.zlint.is_empty() {
        extra.push(("zlint", serde_json::json!(r.zlint)));
    }
    if !r.pkilint.is_empty() {
        extra.push(("pkilint", serde_json::json!(r.pkilint)));
    }
    let full = r.text.as_deref().map_or_else(|| r.title.clone(), |t| t.trim().to_owned());
    sarif::ReportingDescriptor::builder()
        .id(r.id.clone())
        .short_description(sarif::MultiformatMessageString::builder().text(at_most_1024(&r.title)).build())
        .full_description(sarif::MultiformatMessageString::builder().text(at_most_1024(&full)).build())
        .help(sarif::MultiformatMessageString::builder().text(help).build())
        .help_uri(help_uri(r))
        .default_configuration(
            sarif::ReportingConfiguration::builder().level(serde_json::json!(default_level(r.severity))).build(),
        )
        .properties(props(extra))
        .build()
}

fn sarif_document(
    program: &Program,
    rules: &[&Requirement],
    results: Vec<sarif::Result>,
    base: Option<&std::path::Path>,
) -> String {
    let input_rule = sarif::ReportingDescriptor::builder()
        .id(INPUT_RULE)
        .short_description(
            sarif::MultiformatMessageString::builder().text("The input is not a readable certificate").build(),
        )
        .full_description(
            sarif::MultiformatMessageString::builder()
                .text("The file, or one certificate in it, could not be read, split or parsed as an X.509 certificate (RFC 5280 section 4.1); no requirement was evaluated on it.")
                .build(),
        )
        .help(
            sarif::MultiformatMessageString::builder()
                .text("The file, or one certificate in it, could not be read, split or parsed; no requirement was evaluated on it. The message says why: a truncated or non-DER encoding, a broken PEM block, or a file that is not a certificate.")
                .build(),
        )
        .help_uri("https://www.rfc-editor.org/rfc/rfc5280#section-4.1")
        .default_configuration(sarif::ReportingConfiguration::builder().level(serde_json::json!(sarif::ResultLevel::Error)).build())
        .properties(props(vec![
            ("security-severity", serde_json::json!(security_severity(Severity::Error))),
            ("tags", serde_json::json!(["security", "pki"])),
        ]))
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
    let mut run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    if let Some(b) = base {
        let mut root = format!("file://{}", encode_path(&b.to_string_lossy()));
        if !root.ends_with('/') {
            root.push('/');
        }
        let mut ids = BTreeMap::new();
        ids.insert(SRCROOT.to_owned(), sarif::ArtifactLocation::builder().uri(root).build());
        run.original_uri_base_ids = Some(ids);
    }
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
