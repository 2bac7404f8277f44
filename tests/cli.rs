//! The command line, end to end: exit codes, stdout and stderr.

use crate::common::{self, cpslint, transcript};

/// The example CP, which includes the CA/B Forum pack by name.
const EXAMPLE: &str = "examples/example-corp/tls-issuing-ca.cps";

#[test]
fn validate_shipped_policies_is_clean() {
    let (code, out, err) = cpslint(&["validate", "policies", "examples"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    // The enterprise baseline has no policy OID of its own: the CA's policy that includes it has one.
    assert!(err.starts_with("compile::missing\n\n  ☞ the policy has no `oid`\n"), "{err}");
    assert!(err.contains("policies/enterprise-pki.cps:14:1"), "{err}");
    assert!(err.ends_with("4 of 4 policies valid; 0 errors, 0 warnings, 1 note\n"), "{err}");
}

#[test]
fn validate_reports_every_file_and_continues() {
    let t = transcript(&[
        "validate",
        "tests/fixtures/policies/err/unknown_field_near_miss.cps",
        "tests/fixtures/policies/ok/minimal.cps",
        "tests/fixtures/policies/does-not-exist.cps",
    ]);
    common::settings().bind(|| insta::assert_snapshot!("cli_validate_mixed", t));
}

#[test]
fn validate_json() {
    let t = transcript(&["validate", "--format", "json", "tests/fixtures/policies/err/unknown_field_near_miss.cps"]);
    common::settings().bind(|| insta::assert_snapshot!("cli_validate_json", t));
}

#[test]
fn validate_rejects_non_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.cps");
    std::fs::write(&bad, b"policy \"Caf\xe9\" {}\n").unwrap();
    let (code, out, err) = cpslint(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = cpslint(&["validate"]);
    assert_eq!(code, 2);
    assert!(err.contains("Usage"), "{err}");
    let (code, _, _) = cpslint(&["frobnicate"]);
    assert_eq!(code, 2);
    let (code, out, _) = cpslint(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("validate"));
}

#[test]
fn rules_of_shipped_policy() {
    let human = transcript(&["rules"]);
    let json = transcript(&["rules", "--format", "json"]);
    common::settings().bind(|| {
        insta::assert_snapshot!("cli_rules", human);
        insta::assert_snapshot!("cli_rules_json", json);
    });
}

#[test]
fn rules_of_a_broken_policy_exit_2() {
    let (code, out, err) = cpslint(&["rules", "tests/fixtures/policies/err/unknown_field_near_miss.cps"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("compile::unknown-field"), "{err}");
}

#[test]
fn explain() {
    let auto = transcript(&["explain", "BR-6.3.2-200"]);
    let manual = transcript(&["explain", "--policy", EXAMPLE, "EXC-5.2.2-M"]);
    let unknown = transcript(&["explain", "--policy", EXAMPLE, "EXC-5.2.2-N"]);
    let disabled = transcript(&["explain", "--policy", EXAMPLE, "BR-6.1.5-RSA8"]);
    common::settings().bind(|| {
        insta::assert_snapshot!("cli_explain_automated", auto);
        insta::assert_snapshot!("cli_explain_manual", manual);
        insta::assert_snapshot!("cli_explain_unknown", unknown);
        insta::assert_snapshot!("cli_explain_disabled", disabled);
    });
}

#[test]
fn explain_with_policy_path() {
    let (code, out, _) = cpslint(&["explain", "--policy", "policies/cabf/br-tls.cps", "BR-6.1.5-RSA8"]);
    assert_eq!(code, 0);
    assert!(out.contains("policies/cabf/br-tls.cps:"), "{out}");
    // The default packs, and a pack by name.
    let (code, out, _) = cpslint(&["explain", "BR-6.1.5-RSA8"]);
    assert_eq!(code, 0);
    assert!(out.contains("cpslint:cabf/br-tls:"), "{out}");
    let (code, out, _) = cpslint(&["explain", "--policy", "cpslint:cabf/br-tls", "BR-6.1.5-RSA8"]);
    assert_eq!(code, 0);
    assert!(out.contains("cpslint:cabf/br-tls:"), "{out}");
}

#[test]
fn fields() {
    let md = transcript(&["fields"]);
    let json = transcript(&["fields", "--format", "json"]);
    common::settings().bind(|| {
        insta::assert_snapshot!("cli_fields_md", md);
        insta::assert_snapshot!("cli_fields_json", json);
    });
}

#[test]
fn validate_a_directory_without_policies_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = cpslint(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("holds no policy file"), "{err}");
}

#[test]
fn validate_a_directory_reports_each_file() {
    let (code, out, err) = cpslint(&["validate", "--format", "json", "tests/fixtures/policies/err"]);
    assert_eq!(code, 2, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = doc["files"].as_array().unwrap();
    // Every fixture is checked, support files included; each fixture is invalid
    // (a support file may be valid: it is what the include tests include).
    let on_disk = walkdir::WalkDir::new(crate::common::root().join("tests/fixtures/policies/err"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "cps"))
        .count();
    assert_eq!(files.len(), on_disk);
    let fixtures = files.iter().filter(|f| !f["file"].as_str().unwrap().contains("/support/"));
    assert!(fixtures.into_iter().all(|f| f["valid"] == false));
}

#[test]
fn including_a_file_twice_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let base = crate::common::root().join("tests/fixtures/policies/err/support/baseline.cps");
    std::fs::copy(base, dir.path().join("baseline.cps")).unwrap();
    let entry = dir.path().join("entry.cps");
    std::fs::write(
        &entry,
        "policy \"Twice\" {\n  kind cp\n  oid 1.3.6.1.4.1.55555.9.2\n  version \"1\"\n  effective 2026-01-01\n  include \"baseline.cps\"\n  include \"./baseline.cps\"\n}\n",
    )
    .unwrap();
    let (code, _, err) = cpslint(&["validate", entry.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("compile::repeated"), "{err}");
    assert!(err.contains("`./baseline.cps` is included twice"), "{err}");
    assert!(err.contains("1 of 1 policy valid; 0 errors, 1 warning"), "{err}");
}

/// `docs/fields.md` is generated from the field table (`cpslint fields`), and
/// the codes table of `docs/language.md` lists exactly the diagnostic codes:
/// the reference cannot drift from the code. `CPSLINT_BLESS=1` rewrites the generated file.
#[test]
fn reference_docs_match_the_code() {
    let (code, generated, _) = cpslint(&["fields"]);
    assert_eq!(code, 0);
    let path = common::root().join("docs/fields.md");
    if std::env::var_os("CPSLINT_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(committed == generated, "docs/fields.md is stale: run `cargo run -- fields > docs/fields.md`");
    let language = std::fs::read_to_string(common::root().join("docs/language.md")).unwrap();
    let table = &language[language.find("### Codes").expect("a codes table")..];
    let documented: std::collections::BTreeSet<&str> = table
        .lines()
        .take_while(|l| l.starts_with('|') || l.trim().is_empty() || l.starts_with("###"))
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let defined: std::collections::BTreeSet<&str> = cpslint::diagnostic::Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(documented, defined, "docs/language.md's codes table and the diagnostic codes differ");
}
