//! `cpslint check` over the generated certificate fixtures.

use crate::common::{self, cpslint, transcript};

const CERTS: &str = "tests/fixtures/certs";

#[test]
fn findings_over_the_fixtures() {
    // stderr ends with timings: only stdout and the exit code are compared.
    let (code, out, err) = cpslint(&["check", CERTS]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("10 files, 8 certificates"), "{err}");
    common::settings().bind(|| insta::assert_snapshot!("check_human", out));
}

#[test]
fn jsonl_is_identical_for_any_thread_count() {
    let one = cpslint(&["check", "-j", "1", "--format", "jsonl", "--include-passes", CERTS]);
    let two = cpslint(&["check", "-j", "2", "--format", "jsonl", "--include-passes", CERTS]);
    assert_eq!(one.0, two.0);
    assert_eq!(one.1, two.1);
    let lines: Vec<serde_json::Value> = one.1.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.iter().all(|l| l["version"] == 1));
    for status in ["pass", "fail", "not_applicable", "error"] {
        assert!(lines.iter().any(|l| l["status"] == status), "no `{status}` finding");
    }
}

#[test]
fn a_tbs_certificate_lints_like_the_signed_one() {
    let verdicts = |file: &str| -> Vec<(String, String)> {
        let (code, out, err) = cpslint(&["check", "--format", "jsonl", "--include-passes", file]);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|v| (v["rule"].as_str().unwrap().to_owned(), v["status"].as_str().unwrap().to_owned()))
            .collect()
    };
    let signed = verdicts("tests/fixtures/certs/tls-ok.pem");
    assert!(signed.len() > 10);
    assert_eq!(signed, verdicts("tests/fixtures/certs/tls-ok.tbs"));
}

#[test]
fn broken_inputs_are_one_finding_each_and_the_run_goes_on() {
    let (code, out, _) = cpslint(&["check", "tests/fixtures/certs/broken", "tests/fixtures/certs/tls-ok.pem"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.lines().all(|l| l.contains("corpus::unparseable")), "{out}");
}

#[test]
fn unreadable_input_exits_2_after_the_rest() {
    let (code, out, err) = cpslint(&["check", "tests/fixtures/certs/nope.pem", "tests/fixtures/certs/tls-long.pem"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("nope.pem: error corpus::unparseable: cannot read"), "{out}");
    assert!(out.contains("tls-long.pem#1: error BR-6.3.2"), "{out}");
}

#[test]
fn rule_filters_and_thresholds() {
    let t = transcript(&["check", "--rule", "BR-6.1.5-RSA", CERTS]);
    assert!(t.contains("exit: 1"));
    assert_eq!(t.matches("BR-6.1.5-RSA").count(), 2, "{t}"); // the command line and one finding
    let (code, _, err) = cpslint(&["check", "--rule", "BR-6.1.5-RAS", CERTS]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `BR-6.1.5-RSA`"), "{err}");
    let (code, out, _) = cpslint(&["check", "--exclude-rule", "BR-6.3.2-200", "tests/fixtures/certs/tls-long.pem"]);
    assert_eq!((code, out.as_str()), (0, ""));
}
