//! Stage 3: a compiled program evaluated over inputs, in parallel.
//!
//! In: a [`Program`] and the inputs found by [`corpus::discover`]. Out:
//! [`Finding`]s, handed to a callback in input order, chunk by chunk, so
//! output is the same for any thread count and no corpus is held in memory.
//! Each certificate is parsed once, inside the worker, and every applicable
//! requirement is evaluated on that parse. The runner never sees the AST.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use crate::compile::ir::{Check, Expr, Undetermined};
use crate::compile::{Program, Requirement, Severity};
use crate::corpus::{self, CertView, Input, Subject};
use crate::schema::{Target, Value};

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The input file, or `<stdin>`.
    pub file: String,
    /// Position of the certificate in the file, from 1; `None` when the file yields none.
    pub certificate: Option<usize>,
    /// The requirement; `None` for a finding about the input itself.
    pub rule: Option<String>,
    /// The requirement's severity; input problems are errors.
    pub severity: Severity,
    /// The outcome.
    pub status: Status,
    /// What happened, with the offending values.
    pub message: String,
}

impl Finding {
    fn input(file: &str, certificate: Option<usize>, message: String) -> Self {
        Finding {
            file: file.to_owned(),
            certificate,
            rule: None,
            severity: Severity::Error,
            status: Status::Error,
            message,
        }
    }
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
}

/// Counts over a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Inputs read or attempted.
    pub files: usize,
    /// Certificates parsed.
    pub certificates: usize,
    /// Failed requirements by severity: error, warning, notice.
    pub failed: [usize; 3],
    /// Findings with status `error` (undecodable input or field).
    pub errors: usize,
    /// Inputs that could not be read at all (I/O).
    pub unreadable: usize,
}

/// Evaluates `program` on every input, calling `emit` with each input's findings in order.
pub fn run(program: &Program, inputs: &[Input], options: &Options, mut emit: impl FnMut(&[Finding])) -> Summary {
    let rules: Vec<&Requirement> = program
        .requirements
        .iter()
        .filter(|r| matches!(r.check, Check::Automated { target: Target::Certificate, .. }))
        .filter(|r| options.only.is_empty() || options.only.contains(&r.id))
        .filter(|r| !options.exclude.contains(&r.id))
        .collect();
    let mut summary = Summary::default();
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<(Vec<Finding>, usize, bool)> = chunk.par_iter().map(|i| lint_input(i, &rules)).collect();
        for (findings, certs, unreadable) in results {
            summary.files += 1;
            summary.certificates += certs;
            summary.unreadable += usize::from(unreadable);
            for f in &findings {
                match f.status {
                    Status::Fail => summary.failed[severity_index(f.severity)] += 1,
                    Status::Error => summary.errors += 1,
                    _ => {}
                }
            }
            let kept: Vec<Finding> = if options.include_passes {
                findings
            } else {
                findings.into_iter().filter(|f| matches!(f.status, Status::Fail | Status::Error)).collect()
            };
            emit(&kept);
        }
    }
    summary
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Notice => 2,
    }
}

/// Reads, splits, parses and evaluates one input; returns its findings, its
/// certificate count, and whether it could not be read.
fn lint_input(input: &Input, rules: &[&Requirement]) -> (Vec<Finding>, usize, bool) {
    let name = input.name();
    let bytes = match corpus::read(input) {
        Ok(b) => b,
        Err(e) => {
            let io = matches!(e, corpus::LoadError::Io(_));
            return (vec![Finding::input(&name, None, e.to_string())], 0, io);
        }
    };
    let blocks = match corpus::blocks(&bytes) {
        Ok(b) => b,
        Err(e) => return (vec![Finding::input(&name, None, e.to_string())], 0, false),
    };
    let mut findings = Vec::new();
    let mut certs = 0;
    for (i, block) in blocks.iter().enumerate() {
        let index = Some(i + 1);
        let der = match block {
            Ok(der) => der,
            Err(why) => {
                findings.push(Finding::input(&name, index, why.clone()));
                continue;
            }
        };
        match CertView::from_der(der) {
            Ok(view) => {
                certs += 1;
                let subject = Subject::Cert(&view);
                let not_before = match view.not_before() {
                    Value::Date(d) => Some(d),
                    _ => None,
                };
                for r in rules {
                    findings.push(evaluate(r, &subject, not_before, &name, index));
                }
            }
            Err(e) => findings.push(Finding::input(&name, index, e.to_string())),
        }
    }
    (findings, certs, false)
}

/// One requirement on one subject.
fn evaluate(r: &Requirement, s: &Subject<'_>, not_before: Option<i64>, file: &str, cert: Option<usize>) -> Finding {
    let (status, message) = outcome(r, s, not_before);
    Finding {
        file: file.to_owned(),
        certificate: cert,
        rule: Some(r.id.clone()),
        severity: r.severity,
        status,
        message,
    }
}

fn outcome(r: &Requirement, s: &Subject<'_>, not_before: Option<i64>) -> (Status, String) {
    let Check::Automated { when, require, message, .. } = &r.check else {
        return (Status::NotApplicable, "checked by evidence".to_owned());
    };
    if let Some(nb) = not_before {
        if r.effective.is_some_and(|e| nb < e) || r.ineffective.is_some_and(|i| nb >= i) {
            return (Status::NotEffective, "notBefore is outside the requirement's effective dates".to_owned());
        }
    }
    if let Some(w) = when {
        match truth(w, s) {
            Ok(true) => {}
            Ok(false) | Err(Undetermined::Absent(_)) => return (Status::NotApplicable, String::new()),
            Err(e) => return (Status::Error, e.to_string()),
        }
    }
    let failed = |m: Option<String>| {
        let text = message.as_ref().map_or_else(|| r.title.clone(), |t| t.render(Some(s)));
        match m {
            Some(why) => format!("{text} ({why})"),
            None => text,
        }
    };
    match truth(require, s) {
        Ok(true) => (Status::Pass, String::new()),
        Ok(false) => (Status::Fail, failed(None)),
        Err(e @ Undetermined::Absent(_)) => (Status::Fail, failed(Some(e.to_string()))),
        Err(e) => (Status::Error, e.to_string()),
    }
}

fn truth(e: &Expr, s: &Subject<'_>) -> Result<bool, Undetermined> {
    e.eval(Some(s)).map(|v| v.as_bool().unwrap_or(false))
}
