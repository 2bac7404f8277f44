//! The policy compiler on one in-memory file that may include the shipped
//! packs; its diagnostics are rendered, and a program that compiles is
//! listed and evaluated on a certificate.
#![no_main]

use std::path::Path;

use cpslint::compile::{Check, MemLoader, compile};
use cpslint::corpus::{CertView, Subject, blocks};
use cpslint::policies::WithPacks;
use cpslint::schema::Target;
use libfuzzer_sys::fuzz_target;

/// The certificate that compiled programs are evaluated on.
const CERT: &[u8] = include_bytes!("../../fixtures/certs/tls-ok.pem");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files = MemLoader::new();
    files.insert("fuzz.cps", text);
    let compiled = compile(Path::new("fuzz.cps"), &WithPacks(files));
    let _ = cpslint::report::diagnostics_human(&compiled.diagnostics, &compiled.sources, false, 100);
    let Some(program) = compiled.program else { return };
    let _ = cpslint::report::rules_human(&program);
    let found = blocks(CERT).expect("the fixture splits");
    let der = found[0].der().expect("the fixture decodes");
    let view = CertView::from_der(&der).expect("the fixture parses");
    let subject = Subject::Cert(&view);
    for r in &program.requirements {
        if let Check::Automated { when, require, message, target: Target::Certificate } = &r.check {
            if let Some(w) = when {
                let _ = w.eval(Some(&subject));
            }
            let _ = require.eval(Some(&subject));
            if let Some(m) = message {
                let _ = m.render(Some(&subject));
            }
        }
    }
});
