//! The worked example of a two-tier PKI (`examples/two-tier-pki`): its CP
//! validates, and `check` over it reports each of its deliberate violations,
//! certificate and CA findings together, and nothing else.

use crate::common::{self, transcript};

/// A transcript without the run's timing, which changes from run to run.
fn timeless(t: &str) -> String {
    regex::Regex::new(r"; [0-9.]+s, [0-9]+ certificates/s").unwrap().replace_all(t, "; (time)").into_owned()
}

const POLICY: &str = "examples/two-tier-pki/acme-cp.cps";
const PKI: &str = "examples/two-tier-pki";

#[test]
fn the_two_tier_example_reports_each_deliberate_violation() {
    // `--at` fixes the evaluation date of the CA requirements (the certificates carry their own).
    let args = ["check", "--policy", POLICY, "--at", "2026-12-02", PKI];
    let t = timeless(&transcript(&args));
    for expected in [
        // A certificate: a year's validity.
        "examples/two-tier-pki/certs/intranet.pem#1 (line 1)\n  error BR-6.3.2-200",
        // The imported OpenSSL configuration: 30-day CRLs.
        "examples/two-tier-pki/ca/issuing/openssl.cnf\n  20:20 error BR-7.2-CRL-NEXT-UPDATE",
        // The manifest: the auditor is also a certificate manager, and a ceremony step has no witness.
        "error EPKI-5.2.4-AUDITOR: the auditor role is also held in another trusted role by Dana Dale",
        "error EPKI-6.1.1-WITNESS-SIGN-OFF: steps without a witness's sign-off: key-generation 2026-01-16: Carry the CSR",
        // The hierarchy: a parent that is not there.
        "examples/two-tier-pki/ca/legacy/ca.toml\n  6:10 error EPKI-1.3.1-PARENT",
    ] {
        assert!(t.contains(expected), "`{expected}` not in\n{t}");
    }
    common::settings().bind(|| insta::assert_snapshot!("example_two_tier_pki", t));
}

/// Without `--policy`, the project file above the inputs (`examples/cpslint.toml`) names the
/// policy, and `check` says which it applies; inputs under different project files are refused.
#[test]
fn the_project_file_names_the_policy_of_check_examples() {
    let (code, out, err) = common::cpslint(&["check", "--at", "2026-12-02", "examples/"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("policy: examples/two-tier-pki/acme-cp.cps (from examples/cpslint.toml)\n"), "{err}");
    for rule in [
        "EPKI-1.3.1-PARENT",
        "EPKI-5.2.4-AUDITOR",
        "EPKI-6.1.1-WITNESS-SIGN-OFF",
        "BR-6.3.2-200",
        "BR-7.2-CRL-NEXT-UPDATE",
    ] {
        assert!(out.contains(rule), "{rule} not in\n{out}");
    }
    // The same run as naming the policy.
    let (_, named, _) = common::cpslint(&["check", "--at", "2026-12-02", "--policy", POLICY, "examples/"]);
    assert_eq!(out, named);
    // Inputs under a project file and outside every one.
    let (code, _, err) = common::cpslint(&["check", "examples/", "tests/fixtures/certs/tls-ok.pem"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("different project files"), "{err}");
    // A project file with an unknown key is an error naming it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cpslint.toml"), "polcy = \"x.cps\"\n").unwrap();
    std::fs::write(dir.path().join("c.pem"), "").unwrap();
    let (code, _, err) = common::cpslint(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cpslint.toml") && err.contains("polcy"), "{err}");
}
