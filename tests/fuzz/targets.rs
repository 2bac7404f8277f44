//! What each fuzz target does with one input, shared by the fuzz targets in
//! `fuzz_targets/` and by the test that replays `regressions/`.

use std::path::Path;
use std::sync::OnceLock;

use cpslint::compile::{Check, MemLoader, Program, compile as compile_policy};
use cpslint::corpus::{CertView, blocks as split};
use cpslint::policies::WithPacks;
use cpslint::schema::{FIELDS, Subject, Target};

/// The certificate that programs compiled from fuzzed policies are evaluated on.
const CERT: &[u8] = include_bytes!("../fixtures/certs/tls-ok.pem");

/// The CA manifest that programs compiled from fuzzed policies are evaluated on.
const CA: &str = include_str!("../fixtures/ca/issuing.toml");

/// Evaluates every requirement of `program` that targets `target` on
/// `subject`, with its message.
fn evaluate(program: &Program, subject: &Subject<'_>, target: Target) {
    for r in &program.requirements {
        if let Check::Automated { when, require, message, target: t } = &r.check {
            if *t != target {
                continue;
            }
            if let Some(w) = when {
                let _ = w.eval(Some(subject));
            }
            let _ = require.eval(Some(subject));
            if let Some(m) = message {
                let _ = m.render(Some(subject));
            }
        }
    }
}

/// The policy compiler on one in-memory file, which may include the shipped
/// packs: its diagnostics are rendered, and a program that compiles is
/// listed and evaluated on a certificate.
pub(crate) fn compile(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files = MemLoader::new();
    files.insert("fuzz.cps", text);
    let compiled = compile_policy(Path::new("fuzz.cps"), &WithPacks(files));
    let _ = cpslint::report::diagnostics_human(&compiled.diagnostics, &compiled.sources, false, 100);
    let Some(program) = compiled.program else { return };
    let _ = cpslint::report::rules_human(&program);
    let found = split(CERT).expect("the fixture splits");
    let der = found[0].der().expect("the fixture decodes");
    let view = CertView::from_der(&der).expect("the fixture parses");
    evaluate(&program, &Subject::Cert(&view), Target::Certificate);
    if let Some(ca) = cpslint::corpus::ca::read("ca.toml", CA.as_bytes(), Path::new("/nonexistent")) {
        evaluate(&program, &Subject::Ca(&ca), Target::Ca);
    }
}

/// The input splitter on any bytes: every block it finds, decoded.
pub(crate) fn blocks(data: &[u8]) {
    let Ok(found) = split(data) else { return };
    let mut total = 0usize;
    for b in &found {
        let _ = b.der();
        let _ = b.kind.to_string();
        assert!(b.count() >= 1 && b.last_line() >= b.line, "{b:?}");
        total += b.count();
    }
    // Blocks are not made from nothing: at most one per byte.
    assert!(total >= 1 && total <= data.len().max(1), "{total} blocks from {} bytes", data.len());
}

/// The shipped Baseline Requirements pack, compiled once.
fn br_pack() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        cpslint::policies::compile_shipped("cabf/br-tls").program.expect("the shipped BR pack compiles")
    })
}

/// Certificate loading on any bytes as DER: every field read and shown, and
/// every requirement of the shipped Baseline Requirements pack evaluated.
pub(crate) fn cert(data: &[u8]) {
    let program = br_pack();
    let Ok(view) = CertView::from_der(data) else { return };
    let subject = Subject::Cert(&view);
    for f in FIELDS {
        let _ = subject.read(f).to_string();
    }
    evaluate(program, &subject, Target::Certificate);
}

/// CA configuration reading on any bytes: as a CA manifest, an OpenSSL
/// configuration, a cfssl signing configuration, a step-ca `ca.json` and a
/// Boulder ceremony, and through the format detection of `read` (named as
/// JSON and as YAML, so that even a broken one is read): every `ca.*` field
/// read and shown, the model outlined and checked, and every CA requirement
/// of the shipped Baseline Requirements pack evaluated. Includes resolve
/// under a directory that does not exist, so nothing outside is read.
pub(crate) fn ca(data: &[u8]) {
    let program = br_pack();
    let none = Path::new("/nonexistent/cpslint-fuzz");
    let mut configs: Vec<cpslint::corpus::ca::CaConfig> = Vec::new();
    configs.extend(cpslint::corpus::ca::read("config.json", data, none));
    configs.extend(cpslint::corpus::ca::read("ceremony.yaml", data, none));
    if let Ok(text) = std::str::from_utf8(data) {
        let unread = |p: &Path| -> Result<String, String> { Err(format!("{} is not read while fuzzing", p.display())) };
        configs.push(cpslint::corpus::ca::manifest::read("ca.toml", text));
        configs.push(cpslint::corpus::ca::openssl::import("openssl.cnf", text, none, &unread));
        configs.push(cpslint::corpus::ca::cfssl::import("cfssl.json", text));
        configs.push(cpslint::corpus::ca::stepca::import("ca.json", text));
        configs.extend(cpslint::corpus::ca::boulder::read("ceremony.yaml", text));
    }
    for config in &configs {
        let _ = config.outline();
        let _ = cpslint::schema::ca::check(config);
        let subject = Subject::Ca(config);
        for f in FIELDS {
            let _ = subject.read(f).to_string();
        }
        evaluate(program, &subject, Target::Ca);
    }
}
