//! Thousands of random mutations of the shipped policies go through the
//! parser and the compiler: nothing panics, every failure is a diagnostic
//! whose labels lie inside the file, and every diagnostic renders.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use cpslint::compile::{MemLoader, compile};
use cpslint::policies::{SHIPPED, WithPacks};

/// The example CP, which includes the CA/B Forum pack by name.
const EXAMPLE: &str = "examples/example-corp/tls-issuing-ca.cps";

const CASES: usize = 4_000;

/// Fragments that make mutations land on interesting syntax.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "=",
    "\"",
    "\"\"\"",
    "{x}",
    "{{",
    "}}",
    "\\",
    "\\q",
    "/*",
    "*/",
    "//",
    "\n",
    " and ",
    " or ",
    " not ",
    " implies ",
    " in ",
    " contains ",
    " matches ",
    " is ",
    "==",
    "<=",
    "+",
    "%",
    "/ 0",
    "section ",
    "requirement ",
    "manual ",
    "override ",
    "param ",
    "profile ",
    "include ",
    "disable ",
    "text ",
    "severity ",
    "require ",
    "when ",
    "message ",
    "evidence ",
    "target ca ",
    "cites ",
    "all(x in ",
    "count(",
    "cert.",
    "ca.",
    "cert.eku",
    "cert.nope",
    "serverAuth",
    "398d",
    "398x",
    "4KiB",
    "2026-02-30",
    "2026-01-01",
    "1.2.840",
    "3.1.2",
    "99999999999999999999",
    "-1",
    "true",
    "\"[\"",
    "\"(\"",
    "len(",
    "present(",
    "é",
    "\u{0}",
    "\r\n",
    "6.3.9",
    "7.1.2.7.99",
    "\"../cabf/br-tls.cps\"",
    "\"cpslint:cabf/br-tls\"",
    "\"cpslint:nope\"",
    "\"missing.cps\"",
    "\"tls-issuing-ca.cps\"",
];

fn mutate(rng: &mut fastrand::Rng, text: &str) -> String {
    let mut s = text.to_owned();
    for _ in 0..rng.usize(1..=3) {
        let cut = |rng: &mut fastrand::Rng, s: &str| {
            let mut i = rng.usize(0..=s.len());
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let at = cut(rng, &s);
        match rng.u8(0..6) {
            0 => {
                let end = cut(rng, &s[at..]) + at;
                let end = end.min(at + rng.usize(1..40)).min(s.len());
                let end = (at..=end).rev().find(|&e| s.is_char_boundary(e)).unwrap_or(at);
                s.replace_range(at..end, "");
            }
            1 | 2 => s.insert_str(at, TOKENS[rng.usize(0..TOKENS.len())]),
            3 => {
                let lines: Vec<&str> = s.lines().collect();
                let (a, b) = (rng.usize(0..lines.len()), rng.usize(0..lines.len()));
                let mut lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                lines.swap(a, b);
                s = lines.join("\n");
            }
            4 => {
                let lines: Vec<&str> = s.lines().collect();
                let l = lines[rng.usize(0..lines.len())].to_owned();
                s.insert_str(at, &format!("\n{l}\n"));
            }
            _ => s.truncate(at),
        }
    }
    s
}

#[test]
fn random_mutations_never_panic() {
    // The shipped packs and the example CP, which includes a pack by name.
    let example = std::fs::read_to_string(crate::common::root().join(EXAMPLE)).unwrap();
    let mut seeds: Vec<(&str, &str)> = SHIPPED.iter().map(|(p, t)| (*p, *t)).collect();
    seeds.push((EXAMPLE, &example));
    let mut rng = fastrand::Rng::with_seed(0x00c9_5117);
    let mut failures = 0;
    for case in 0..CASES {
        let (target, original) = seeds[case % seeds.len()];
        let mutated = mutate(&mut rng, original);
        let mut files = MemLoader::new();
        let entry = Path::new(target);
        files.insert(entry, mutated.clone());
        let loader = WithPacks(files);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let c = compile(entry, &loader);
            if c.program.is_none() {
                assert!(c.has_errors(), "no program and no error");
            }
            for d in &c.diagnostics {
                for l in &d.labels {
                    let text = &c.sources.get(l.loc.file).text;
                    assert!(
                        l.loc.span.start <= l.loc.span.end && l.loc.span.end <= text.len(),
                        "label outside the file"
                    );
                    assert!(text.is_char_boundary(l.loc.span.start) && text.is_char_boundary(l.loc.span.end));
                }
                assert!(!d.message.is_empty());
            }
            let rendered = cpslint::report::diagnostics_human(&c.diagnostics, &c.sources, false, 80);
            assert!(c.diagnostics.is_empty() || !rendered.is_empty());
            c.has_errors()
        }));
        match outcome {
            Ok(failed) => failures += usize::from(failed),
            Err(_) => panic!("case {case} panicked on this input:\n{mutated}"),
        }
    }
    // Most mutations break something: the test really exercises the error paths.
    assert!(failures > CASES / 2, "only {failures} of {CASES} mutations were rejected");
}

/// Certificates with random corruptions go through the parser, every field
/// accessor and every requirement of the example policy: nothing panics, and a
/// certificate either parses or is rejected with a reason.
#[test]
fn random_certificate_mutations_never_panic() {
    use cpslint::compile::Check;
    use cpslint::corpus::{CertView, blocks};
    use cpslint::schema::Subject;
    use cpslint::schema::{FIELDS, Target};

    let compiled = cpslint::policies::compile_policy(&crate::common::root().join(EXAMPLE));
    let program = compiled.program.expect("the example policy compiles");
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    for dir in ["tests/fixtures/certs", "tests/fixtures/field-groups"] {
        for entry in walkdir::WalkDir::new(crate::common::root().join(dir)).sort_by_file_name() {
            let entry = entry.unwrap();
            let ext = entry.path().extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "pem" | "tbs" | "der") {
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            if let Ok(found) = blocks(&bytes) {
                seeds.extend(found.iter().filter_map(|b| b.der().ok()).map(|d| d.into_owned()));
            }
        }
    }
    assert!(seeds.len() > 80, "{} seed certificates", seeds.len());
    let mut rng = fastrand::Rng::with_seed(0x5eed_ce57);
    let (mut parsed, mut rejected) = (0, 0);
    for case in 0..20_000 {
        let mut der = seeds[rng.usize(..seeds.len())].clone();
        for _ in 0..rng.usize(1..4) {
            let at = rng.usize(..der.len().max(1));
            match rng.u8(..5) {
                0 => {
                    if let Some(b) = der.get_mut(at) {
                        *b ^= 1 << rng.u8(..8);
                    }
                }
                1 => {
                    if let Some(b) = der.get_mut(at) {
                        *b = rng.u8(..);
                    }
                }
                2 => der.truncate(at),
                3 => der.insert(at.min(der.len()), rng.u8(..)),
                _ => {
                    // Rewrite a length octet: the structures most likely to trip a parser.
                    if let Some(b) = der.get_mut(at) {
                        *b = [0x00, 0x7f, 0x80, 0x81, 0x84, 0xff][rng.usize(..6)];
                    }
                }
            }
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| match CertView::from_der(&der) {
            Ok(view) => {
                let subject = Subject::Cert(&view);
                for f in FIELDS.iter().filter(|f| f.target == Target::Certificate) {
                    let _ = (f.get)(&subject).to_string();
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
                true
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                false
            }
        }));
        match outcome {
            Ok(true) => parsed += 1,
            Ok(false) => rejected += 1,
            Err(_) => panic!("case {case} panicked on {:02x?}", der),
        }
    }
    assert!(parsed > 1_000 && rejected > 1_000, "{parsed} parsed, {rejected} rejected");
}
