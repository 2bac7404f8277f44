//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning takes it.

use std::collections::BTreeMap;

use serde_sarif::sarif;

use super::{Context, Format, INPUT_RULE, is_problem, status_word};
use crate::compile::{Program, Requirement, Severity};
use crate::run::{Finding, InputReport, Status, Summary};

#[derive(Debug, Default)]
struct Sarif {
    results: Vec<sarif::Result>,
    /// Fingerprints written so far, with their counts.
    hashes: BTreeMap<String, usize>,
}

pub(super) fn make() -> Box<dyn Format> {
    Box::new(Sarif::default())
}

impl Format for Sarif {
    fn input(&mut self, cx: &Context<'_>, report: &InputReport<'_>) -> String {
        let index: BTreeMap<&str, usize> = cx.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i + 1)).collect();
        // Code scanning shows every result as an alert: passes stay out of SARIF.
        for f in report.findings.iter().filter(|f| is_problem(f)) {
            self.results.push(sarif_result(f, &index, cx.base.as_deref(), &mut self.hashes));
        }
        String::new()
    }

    fn finish(&mut self, cx: &Context<'_>, program: &Program, _summary: &Summary) -> String {
        sarif_document(program, &cx.rules, std::mem::take(&mut self.results), cx.base.as_deref())
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

/// Where a result is, as GitHub code scanning wants it: a URI relative to
/// `%SRCROOT%` (the working directory) when the file is below it, else an
/// absolute `file://` URI.
fn artifact_location(file: &str, base: Option<&std::path::Path>) -> sarif::ArtifactLocation {
    let path = std::path::Path::new(file);
    let absolute = match base {
        Some(b) if path.is_relative() => crate::fsio::lexical(&b.join(path)),
        _ => crate::fsio::lexical(path),
    };
    let relative = match base {
        Some(b) => absolute.strip_prefix(b).ok().map(std::path::Path::to_path_buf),
        None if path.is_relative() => Some(crate::fsio::lexical(path)),
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
        .region(match f.column {
            Some(c) => sarif::Region::builder().start_line(line).start_column(i64::try_from(c).unwrap_or(1)).build(),
            None => sarif::Region::builder().start_line(line).build(),
        })
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
