//! Certificate loading on any bytes as DER: every field read and shown, and
//! every requirement of the shipped Baseline Requirements pack evaluated.
#![no_main]

use std::sync::OnceLock;

use cpslint::compile::{Check, Program};
use cpslint::corpus::{CertView, Subject};
use cpslint::schema::{FIELDS, Target};
use libfuzzer_sys::fuzz_target;

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        cpslint::policies::compile_shipped("cabf/br-tls").program.expect("the shipped BR pack compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let program = program();
    let Ok(view) = CertView::from_der(data) else { return };
    let subject = Subject::Cert(&view);
    for f in FIELDS {
        let _ = subject.read(f).to_string();
    }
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
