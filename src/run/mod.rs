//! Stage 3: a compiled program evaluated over inputs, in parallel.
//!
//! In: a [`Program`] and the inputs [`corpus::discover`] finds. Out: one
//! [`InputReport`] per input (its [`Finding`]s and counts), handed to a
//! callback in input order, chunk by chunk, so output is the same for any
//! thread count and no corpus is held in memory. Inputs are linted in
//! parallel, and so are chunks of the certificates of one bundle. Each
//! certificate is parsed once, inside the worker, and every applicable
//! requirement is evaluated on that parse. The runner never sees the AST.

use std::collections::BTreeSet;
use std::sync::Arc;

mod select;

pub use select::{Selection, select};

use rayon::prelude::*;
use serde::Serialize;

use crate::compile::eval::Env;
use crate::compile::ir::{Check, Expr, Undetermined};
use crate::compile::{Program, Requirement, Severity};
use crate::corpus::ca::CaConfig;
use crate::corpus::{self, CertView, Input};
use crate::schema::Subject;
use crate::schema::{Root, Target};
use crate::value::Value;

/// How many inputs are read in parallel before their findings are emitted.
const CHUNK: usize = 512;

/// What became of one requirement on one certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The assertion holds.
    Pass,
    /// The assertion does not hold.
    Fail,
    /// The `when` condition does not hold.
    NotApplicable,
    /// The certificate's notBefore is outside the requirement's effective dates.
    NotEffective,
    /// The certificate or a field could not be decoded.
    Error,
}

/// One result.
#[derive(Clone, Debug)]
pub struct Finding<'p> {
    /// The input file, or `<stdin>`.
    pub file: Arc<str>,
    /// Position of the certificate in the file, from 1; `None` when the file yields none.
    pub certificate: Option<usize>,
    /// Line of the certificate's PEM `BEGIN` marker (`None` for DER input), or of
    /// the configuration value the finding is about.
    pub line: Option<usize>,
    /// Column of the configuration value the finding is about; `None` for certificates.
    pub column: Option<usize>,
    /// SHA-256 of the certificate's DER, lowercase hex; `None` when there is no certificate.
    pub sha256: Option<Arc<str>>,
    /// The requirement; `None` for a finding about the input itself.
    pub requirement: Option<&'p Requirement>,
    /// The requirement's severity; input problems are errors.
    pub severity: Severity,
    /// The outcome.
    pub status: Status,
    /// What happened, with the offending values; empty for passes.
    pub message: String,
}

impl Finding<'_> {
    /// The requirement's ID; `None` for a finding about the input itself.
    pub fn rule(&self) -> Option<&str> {
        self.requirement.map(|r| r.id.as_str())
    }
}

/// Everything found in one input.
#[derive(Clone, Debug)]
pub struct InputReport<'p> {
    /// The input's name.
    pub file: Arc<str>,
    /// Certificates parsed from it.
    pub certificates: usize,
    /// Certificate blocks found in it (parsed or not).
    pub blocks: usize,
    /// Findings kept by the [`Options`], in certificate and requirement order.
    pub findings: Vec<Finding<'p>>,
    /// Counts over every result, kept or not.
    pub tally: Summary,
    /// The CA configuration it holds, evaluated once every input is read.
    config: Option<Box<CaConfig>>,
}

/// Which findings to keep.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Keep passes, not-applicable and not-effective results (audit evidence).
    pub include_passes: bool,
    /// Evaluate only these requirement IDs (all when empty).
    pub only: BTreeSet<String>,
    /// Skip these requirement IDs.
    pub exclude: BTreeSet<String>,
    /// Compare effective dates with this moment (seconds since the epoch)
    /// instead of each certificate's notBefore.
    pub at: Option<i64>,
    /// The name findings give standard input; `<stdin>` when not set.
    pub stdin_name: Option<String>,
}

/// Counts over a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Inputs read or attempted.
    pub files: usize,
    /// Certificates parsed.
    pub certificates: usize,
    /// CA configurations read.
    pub configs: usize,
    /// Requirement results, of any status.
    pub results: usize,
    /// Failed requirements by severity: error, warning, notice.
    pub failed: [usize; 3],
    /// Results with status `error` (undecodable input or field).
    pub errors: usize,
    /// Inputs that could not be read at all (I/O).
    pub unreadable: usize,
    /// Files found by a directory walk that hold no certificate, and were not linted.
    pub skipped: usize,
    /// Results with status `pass`.
    pub passed: usize,
    /// Results with status `not_applicable`.
    pub not_applicable: usize,
    /// Results with status `not_effective`.
    pub not_effective: usize,
}

impl Summary {
    fn count(&mut self, f: &Finding<'_>) {
        self.results += usize::from(f.requirement.is_some());
        match f.status {
            Status::Pass => self.passed += 1,
            Status::Fail => self.failed[severity_index(f.severity)] += 1,
            Status::NotApplicable => self.not_applicable += 1,
            Status::NotEffective => self.not_effective += 1,
            Status::Error => self.errors += 1,
        }
    }

    fn add(&mut self, o: &Summary) {
        self.files += o.files;
        self.certificates += o.certificates;
        self.configs += o.configs;
        self.results += o.results;
        for (a, b) in self.failed.iter_mut().zip(o.failed) {
            *a += b;
        }
        self.errors += o.errors;
        self.unreadable += o.unreadable;
        self.skipped += o.skipped;
        self.passed += o.passed;
        self.not_applicable += o.not_applicable;
        self.not_effective += o.not_effective;
    }
}

/// The requirements a run evaluates, certificate and CA-configuration ones, in document order.
pub fn selected<'p>(program: &'p Program, options: &Options) -> Vec<&'p Requirement> {
    program
        .requirements
        .iter()
        .filter(|r| matches!(r.check, Check::Automated { .. }))
        .filter(|r| options.only.is_empty() || options.only.contains(&r.id))
        .filter(|r| !options.exclude.contains(&r.id))
        .collect()
}

fn on<'p>(target: Target, rules: &[&'p Requirement]) -> Vec<&'p Requirement> {
    rules.iter().copied().filter(|r| matches!(r.check, Check::Automated { target: t, .. } if t == target)).collect()
}

/// Evaluates `program` on every input, calling `emit` with each input's report in input order.
///
/// Inputs are taken from the iterator a chunk at a time, as a directory walk produces them.
pub fn run<'p>(
    program: &'p Program,
    inputs: impl IntoIterator<Item = Input>,
    options: &Options,
    mut emit: impl FnMut(&InputReport<'p>),
) -> Summary {
    let all = selected(program, options);
    let rules = on(Target::Certificate, &all);
    let ca_rules = on(Target::Ca, &all);
    let mut summary = Summary::default();
    let mut configs: Vec<InputReport<'p>> = Vec::new();
    let mut inputs = inputs.into_iter();
    loop {
        let chunk: Vec<Input> = inputs.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let reports: Vec<InputReport<'p>> = chunk.par_iter().map(|i| lint_input(i, &rules, options)).collect();
        for report in reports {
            // A CA configuration waits for the others: its parent may come later.
            if report.config.is_some() {
                configs.push(report);
                continue;
            }
            summary.add(&report.tally);
            emit(&report);
        }
    }
    let views: Vec<&CaConfig> = configs.iter().filter_map(|r| r.config.as_deref()).collect();
    // A file a manifest imports is checked as part of that manifest, not again on its own.
    let imported: BTreeSet<&std::path::Path> =
        views.iter().flat_map(|c| c.imported.iter().map(AsRef::as_ref)).collect();
    let mut done = Vec::with_capacity(configs.len());
    for (i, report) in configs.iter().enumerate() {
        let mut report = report.clone();
        let merged = std::path::Path::new(&*report.file).canonicalize().is_ok_and(|p| imported.contains(p.as_path()));
        if let (Some(config), false) = (views.get(i), merged) {
            lint_config(&mut report, config, &views, &ca_rules, options);
        }
        if merged {
            // Counted once, as part of the manifest that imports it.
            report.tally.configs = 0;
        }
        done.push(report);
    }
    for report in &done {
        summary.add(&report.tally);
        emit(report);
    }
    summary
}

/// Evaluates the CA requirements on one configuration, with its parent (by `parent` name or certificate file) in reach.
fn lint_config<'p>(
    report: &mut InputReport<'p>,
    config: &CaConfig,
    all: &[&CaConfig],
    rules: &[&'p Requirement],
    options: &Options,
) {
    let file = report.file.clone();
    let problem = |report: &mut InputReport<'p>, message: String, at: Option<&corpus::ca::Place>| {
        let mut f = input_finding(&file, None, at.map(|p| p.line), message);
        f.column = at.map(|p| p.column);
        report.tally.count(&f);
        report.findings.push(f);
    };
    let mut problems: Vec<corpus::ca::Problem> = config.problems.clone();
    if config.broken {
        for p in &problems {
            problem(report, p.message.clone(), Some(&p.at));
        }
        return;
    }
    problems.extend(crate::schema::ca::check(config));
    problems.sort_by_key(|p| (p.at.line, p.at.column));
    for p in &problems {
        problem(report, p.message.clone(), Some(&p.at));
    }
    let text = |c: &CaConfig, key: &str| match crate::schema::ca::value(c, key) {
        Value::String(s) => Some(s),
        _ => None,
    };
    let own = Subject::Ca(config);
    // The parent by its name, else by its certificate file (a Boulder ceremony names its issuer so).
    let parent = match crate::schema::ca::value(config, "parent") {
        Value::String(p) => all
            .iter()
            .copied()
            .find(|c| text(c, "name").as_deref() == Some(p.as_str()))
            .or_else(|| all.iter().copied().find(|c| text(c, "certificate").as_deref() == Some(p.as_str()))),
        _ => None,
    }
    .map(Subject::Ca);
    let mut env = Env::default().with(Root::Ca, &own);
    if let Some(p) = &parent {
        env = env.with(Root::Parent, p);
    }
    // A CA's requirements take effect by the date of the evaluation, not by a certificate's notBefore.
    let now = options.at.map_or_else(|| Moment::Today(today()), Moment::At);
    for r in rules {
        let (status, message) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| outcome(r, &env, Some(now))))
            .unwrap_or_else(|p| {
                (
                    Status::Error,
                    format!("internal error while evaluating this requirement ({}); please report it", why(&*p)),
                )
            });
        let (path, at) = located(r, config).unzip();
        let message = match path.and_then(|p| config.overrides.iter().find(|o| o.path == p)) {
            Some(o) if !message.is_empty() => {
                format!("{message} (the manifest's value; {} says {})", o.at, o.theirs)
            }
            _ => message,
        };
        // A value an imported file writes is reported in that file, saying who imports it.
        let (in_file, message) = match &at {
            Some(p) if *p.file != *file => (Arc::clone(&p.file), format!("{message} (imported by {file})")),
            _ => (file.clone(), message),
        };
        let f = Finding {
            file: in_file,
            certificate: None,
            line: at.as_ref().map(|p| p.line),
            column: at.as_ref().map(|p| p.column),
            sha256: None,
            requirement: Some(r),
            severity: r.severity,
            status,
            message,
        };
        report.tally.count(&f);
        if options.include_passes || matches!(status, Status::Fail | Status::Error) {
            report.findings.push(f);
        }
    }
    // The configuration's own findings first, then each imported file's, each in requirement order.
    report.findings.sort_by(|a, b| (a.file != file, &a.file).cmp(&(b.file != file, &b.file)));
}

/// Where in a configuration a requirement points: the first value its `require` reads that
/// the configuration writes, else its `when`'s; the file's start when it writes none.
fn located(r: &Requirement, config: &CaConfig) -> Option<(String, corpus::ca::Place)> {
    let Check::Automated { when, require, .. } = &r.check else { return None };
    let mut fields = Vec::new();
    require.fields(&mut fields);
    if let Some(w) = when {
        w.fields(&mut fields);
    }
    fields
        .iter()
        .filter(|(root, _)| *root == Root::Ca)
        .find_map(|(_, f)| {
            let path = f.name.strip_prefix("ca.").unwrap_or(f.name);
            crate::schema::ca::place(config, path).map(|at| (path.to_owned(), at))
        })
        .or_else(|| config.tree.provenance.place().map(|at| (String::new(), at.clone())))
}

fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Notice => 2,
    }
}

/// Certificates of one bundle evaluated together by one worker.
const BLOCK_CHUNK: usize = 64;

/// Reads, splits, parses and evaluates one input; the certificates of a
/// bundle are evaluated in parallel, in chunks, and reported in file order.
fn lint_input<'p>(input: &Input, rules: &[&'p Requirement], options: &Options) -> InputReport<'p> {
    let (report, holds) = lint_file(input, rules, options);
    // A file the walk found that holds no certificate was not meant for linting: count it, report
    // nothing. One named like a certificate is skipped only when it plainly holds something else;
    // one that could not be read, or was refused for its size, is always reported.
    let skip = match (input, holds) {
        (_, Holds::Unknown) => false,
        (Input::Candidate(_), Holds::Content) => report.certificates == 0 && report.config.is_none(),
        (Input::Candidate(_) | Input::Found(_), Holds::OtherObjects) => true,
        _ => false,
    };
    if skip {
        let tally = Summary { skipped: 1, ..Summary::default() };
        return InputReport {
            file: report.file,
            certificates: 0,
            blocks: 0,
            findings: Vec::new(),
            tally,
            config: None,
        };
    }
    report
}

/// What an input was found to hold, for deciding whether a walked file is skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    /// Its content was read and split (certificates, broken ones, or bytes that are none).
    Content,
    /// Only other PKI objects: keys, CSRs, CRLs.
    OtherObjects,
    /// Not known: it could not be read, or was refused for its size.
    Unknown,
}

/// Lints one input; also says what it holds.
fn lint_file<'p>(input: &Input, rules: &[&'p Requirement], options: &Options) -> (InputReport<'p>, Holds) {
    let file: Arc<str> = match (input, &options.stdin_name) {
        (Input::Stdin, Some(name)) => Arc::from(name.as_str()),
        _ => Arc::from(input.name()),
    };
    let mut report = InputReport {
        file: file.clone(),
        certificates: 0,
        blocks: 0,
        findings: Vec::new(),
        tally: Summary::default(),
        config: None,
    };
    report.tally.files = 1;
    let whole = |report: &mut InputReport<'p>, why: String| {
        let f = input_finding(&file, None, None, why);
        report.tally.count(&f);
        report.findings.push(f);
    };
    let bytes = match corpus::read(input) {
        Ok(b) => b,
        Err(e) => {
            // Refused for its size, a file is as unchecked as one that cannot be read.
            report.tally.unreadable = usize::from(matches!(e, corpus::LoadError::Io(_) | corpus::LoadError::TooLarge));
            let holds = if e == corpus::LoadError::Empty { Holds::Content } else { Holds::Unknown };
            whole(&mut report, e.to_string());
            return (report, holds);
        }
    };
    // A CA configuration is recognised by content, whatever its name; certificates start otherwise
    // (DER), or carry PEM blocks, which no CA configuration does.
    if !bytes.starts_with(b"\x30") && memchr::memmem::find(&bytes, b"-----BEGIN").is_none() {
        let root = match input {
            Input::File(p) | Input::Found(p) | Input::Candidate(p) => {
                p.parent().map(std::path::Path::to_path_buf).unwrap_or_default()
            }
            Input::Stdin | Input::Unreadable(..) => std::path::PathBuf::from("."),
        };
        if let Some(config) = corpus::ca::read(&file, &bytes, &root) {
            report.tally.configs = 1;
            report.config = Some(Box::new(config));
            return (report, Holds::Content);
        }
    }
    let blocks = match corpus::blocks(&bytes) {
        Ok(b) => b,
        Err(e) => {
            let holds =
                if matches!(e, corpus::LoadError::NoCertificate(_)) { Holds::OtherObjects } else { Holds::Content };
            whole(&mut report, e.to_string());
            return (report, holds);
        }
    };
    // A file without PEM is one DER block: if it does not parse, the file is not a certificate.
    let whole_file = matches!(blocks.as_slice(), [b] if b.line.is_none());
    report.blocks = blocks.len();
    let parts: Vec<(Vec<Finding<'p>>, Summary)> = blocks
        .par_chunks(BLOCK_CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut part = (Vec::new(), Summary::default());
            for (k, block) in chunk.iter().enumerate() {
                let index = (!whole_file).then_some(c * BLOCK_CHUNK + k + 1);
                lint_block(&file, index, block, rules, options, &mut part);
            }
            part
        })
        .collect();
    for (findings, tally) in parts {
        report.findings.extend(findings);
        report.tally.add(&tally);
    }
    report.certificates = report.tally.certificates;
    let mut holds = Holds::Content;
    if whole_file && report.certificates == 0 {
        report.blocks = 0;
        // A whole file of DER that is another structure (a CRL, a CSR) holds no certificate.
        if blocks[0].der().is_ok_and(|der| CertView::from_der(&der).is_err_and(|e| e.is_other_structure())) {
            holds = Holds::OtherObjects;
        }
    }
    (report, holds)
}

fn input_finding<'p>(file: &Arc<str>, certificate: Option<usize>, line: Option<usize>, message: String) -> Finding<'p> {
    Finding {
        file: file.clone(),
        certificate,
        line,
        column: None,
        sha256: None,
        requirement: None,
        severity: Severity::Error,
        status: Status::Error,
        message,
    }
}

/// Decodes, parses and evaluates one certificate block; `index` is `None`
/// when the block is the whole file.
///
/// A panic while reading this one certificate (a bug, here or in a parser)
/// becomes an `error` finding for it, and the run goes on.
fn lint_block<'p>(
    file: &Arc<str>,
    index: Option<usize>,
    block: &corpus::Block<'_>,
    rules: &[&'p Requirement],
    options: &Options,
    part: &mut (Vec<Finding<'p>>, Summary),
) {
    let mut local = (Vec::new(), Summary::default());
    let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_block_inner(file, index, block, rules, options, &mut local);
    }));
    match linted {
        Ok(()) => {
            part.0.extend(local.0);
            part.1.add(&local.1);
        }
        Err(payload) => {
            let f = input_finding(
                file,
                index,
                block.line,
                format!("internal error while reading this certificate ({}); please report it", why(&*payload)),
            );
            part.1.count(&f);
            part.0.push(f);
        }
    }
}

/// The message of a panic's payload.
fn why(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

fn lint_block_inner<'p>(
    file: &Arc<str>,
    index: Option<usize>,
    block: &corpus::Block<'_>,
    rules: &[&'p Requirement],
    options: &Options,
    (findings, tally): &mut (Vec<Finding<'p>>, Summary),
) {
    let mut problem = |why: String| {
        let f = input_finding(file, index, block.line, why);
        tally.count(&f);
        findings.push(f);
    };
    let der = match block.der() {
        Ok(der) => der,
        Err(why) => return problem(why),
    };
    let view = match CertView::from_der(&der) {
        Ok(view) => view,
        Err(e) => return problem(e.to_string()),
    };
    let index = Some(index.unwrap_or(1));
    tally.certificates += 1;
    let subject = Subject::Cert(&view);
    let env = Env::default().with(Root::Cert, &subject);
    let moment = match (options.at, view.not_before()) {
        (Some(at), _) => Some(Moment::At(at)),
        (None, Value::Date(d)) => Some(Moment::NotBefore(d)),
        (None, _) => None,
    };
    let mut digest: Option<Arc<str>> = None;
    for r in rules {
        // A panic in one requirement (a bug, here or in a parser) is that requirement's error;
        // the certificate's other results are kept.
        let (status, message) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| outcome(r, &env, moment)))
            .unwrap_or_else(|payload| {
                (
                    Status::Error,
                    format!("internal error while evaluating this requirement ({}); please report it", why(&*payload)),
                )
            });
        let mut f = Finding {
            file: file.clone(),
            certificate: index,
            line: block.line,
            column: None,
            sha256: None,
            requirement: Some(r),
            severity: r.severity,
            status,
            message,
        };
        tally.count(&f);
        if options.include_passes || matches!(status, Status::Fail | Status::Error) {
            f.sha256 = Some(digest.get_or_insert_with(|| sha256_hex(&der)).clone());
            findings.push(f);
        }
    }
}

fn sha256_hex(der: &[u8]) -> Arc<str> {
    use sha2::Digest;
    use std::fmt::Write;
    let mut s = String::with_capacity(64);
    for b in sha2::Sha256::digest(der) {
        let _ = write!(s, "{b:02x}");
    }
    Arc::from(s)
}

/// What effective dates are compared with.
#[derive(Clone, Copy, Debug)]
enum Moment {
    /// The certificate's notBefore, as zlint and pkilint do by default.
    NotBefore(i64),
    /// A date given on the command line.
    At(i64),
    /// The day of the run, for CA configurations.
    Today(i64),
}

impl Moment {
    fn time(self) -> i64 {
        match self {
            Moment::NotBefore(t) | Moment::At(t) | Moment::Today(t) => t,
        }
    }

    fn describe(self) -> String {
        match self {
            Moment::NotBefore(t) => format!("notBefore {}", crate::value::format_date(t)),
            Moment::At(t) => format!("the evaluation date {} (--at)", crate::value::format_date(t)),
            Moment::Today(t) => format!("today, {},", crate::value::format_date(t - t.rem_euclid(86_400))),
        }
    }
}

/// Why a requirement does not apply at `moment`, naming both dates; `None` when it does.
fn not_effective(r: &Requirement, moment: Moment) -> Option<String> {
    let t = moment.time();
    if let Some(e) = r.effective.filter(|&e| t < e) {
        return Some(format!(
            "{} is before {}, when this requirement takes effect",
            moment.describe(),
            crate::value::format_date(e)
        ));
    }
    if let Some(i) = r.ineffective.filter(|&i| t >= i) {
        return Some(format!(
            "{} is on or after {}, when this requirement ceases to apply",
            moment.describe(),
            crate::value::format_date(i)
        ));
    }
    None
}

fn outcome(r: &Requirement, s: &Env<'_>, moment: Option<Moment>) -> (Status, String) {
    let Check::Automated { when, require, message, .. } = &r.check else {
        return (Status::NotApplicable, "checked by evidence".to_owned());
    };
    if let Some(why) = moment.and_then(|m| not_effective(r, m)) {
        return (Status::NotEffective, why);
    }
    if let Some(w) = when {
        match truth(w, s) {
            Ok(true) => {}
            Ok(false) | Err(Undetermined::Absent(..)) => return (Status::NotApplicable, String::new()),
            Err(e) => return (Status::Error, e.to_string()),
        }
    }
    let failed = |m: Option<String>| {
        let mut text = message.as_ref().map_or_else(|| r.title.clone(), |t| t.render(s));
        if let Some(why) = m {
            text = format!("{text} ({why})");
        }
        // A limit an including policy changed is reported as theirs, not as the standard's.
        if let Some(note) = r.override_note() {
            text = format!("{text} ({note})");
        }
        text
    };
    match truth(require, s) {
        Ok(true) => (Status::Pass, String::new()),
        Ok(false) => (Status::Fail, failed(None)),
        Err(e @ Undetermined::Absent(..)) => (Status::Fail, failed(Some(e.to_string()))),
        Err(e) => (Status::Error, e.to_string()),
    }
}

fn truth(e: &Expr, s: &Env<'_>) -> Result<bool, Undetermined> {
    e.eval(s).map(|v| v.as_bool().unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::ir::{Check, Expr};

    fn requirement(id: &str, require: Expr) -> Requirement {
        Requirement {
            id: id.to_owned(),
            title: id.to_owned(),
            section: "7.1".to_owned(),
            severity: Severity::Error,
            text: None,
            cites: Vec::new(),
            zlint: Vec::new(),
            pkilint: Vec::new(),
            effective: None,
            ineffective: None,
            check: Check::Automated { target: Target::Certificate, when: None, require, message: None },
            loc: crate::source::Loc::default(),
            overrides: Vec::new(),
        }
    }

    /// A panic in one requirement is that requirement's error; the certificate's other
    /// results are kept and it is counted.
    #[test]
    fn a_panicking_requirement_keeps_the_other_results() {
        // `Var(7)` outside any quantifier indexes an empty list: a bug the compiler never emits.
        let broken = requirement("BROKEN", Expr::Var(7));
        let fine = requirement("FINE", Expr::Const(Arc::new(Value::Bool(true))));
        let pem = include_bytes!("../../tests/fixtures/certs/tls-ok.pem");
        let blocks = corpus::blocks(pem).unwrap();
        let mut part = (Vec::new(), Summary::default());
        let options = Options { include_passes: true, ..Options::default() };
        let file: Arc<str> = Arc::from("tls-ok.pem");
        lint_block(&file, Some(1), &blocks[0], &[&broken, &fine], &options, &mut part);
        let (findings, tally) = part;
        assert_eq!(tally.certificates, 1);
        let got: Vec<(&str, Status)> = findings.iter().map(|f| (f.rule().unwrap(), f.status)).collect();
        assert_eq!(got, [("BROKEN", Status::Error), ("FINE", Status::Pass)]);
        assert!(
            findings[0].message.starts_with("internal error while evaluating this requirement"),
            "{}",
            findings[0].message
        );
    }
}
