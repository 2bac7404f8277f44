//! CA configurations as `check` inputs: CA manifests and OpenSSL configurations,
//! recognised by content, checked against the CA model, and evaluated by
//! `target ca` requirements with their parents in reach.

use crate::common::{self, cpslint};

const HIERARCHY: &str = "tests/fixtures/policies/ok/ca-hierarchy.cps";

fn findings(args: &[&str]) -> (i32, Vec<serde_json::Value>, String) {
    let mut all = vec!["check", "--format", "jsonl"];
    all.extend(args);
    let (code, out, err) = cpslint(&all);
    (code, out.lines().map(|l| serde_json::from_str(l).unwrap()).collect(), err)
}

#[test]
fn manifests_are_read_checked_and_linked_to_their_parents() {
    let (code, lines, err) = findings(&["--policy", HIERARCHY, "tests/fixtures/ca"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("4 files, 0 certificates, 4 CA configurations"), "{err}");
    let at = |file: &str| -> Vec<(u64, u64, String)> {
        lines
            .iter()
            .filter(|l| l["file"].as_str().unwrap().ends_with(file))
            .map(|l| {
                (l["line"].as_u64().unwrap(), l["column"].as_u64().unwrap(), l["message"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    // The issuing CA's parent is the root: no finding. The orphan's is missing, at the `parent` line.
    assert!(at("issuing.toml").is_empty(), "{lines:?}");
    assert!(at("root.toml").is_empty(), "{lines:?}");
    assert_eq!(
        at("orphan.toml"),
        [(4, 10, "the parent CA `No Such Root` is not among the configurations checked".to_owned())]
    );
    // A broken manifest: each problem at its line and column, in file order.
    let broken = at("broken.toml");
    let places: Vec<(u64, u64)> = broken.iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(places, [(2, 8), (3, 10), (6, 10), (9, 19)], "{broken:?}");
    assert!(broken[0].2.contains("`tier` is `issuer`; it is one of root, intermediate, issuing"), "{broken:?}");
    assert!(broken[1].2.contains("expected true or false"), "{broken:?}");
    assert!(broken[2].2.contains("unknown key `key.strage`; did you mean `storage`?"), "{broken:?}");
    assert!(broken[3].2.contains("a duration is written with its unit"), "{broken:?}");
}

#[test]
fn a_broken_manifest_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ca.toml"), "tier = \"root\"\n[key\nbits = 4096\n").unwrap();
    let cert = common::root().join("tests/fixtures/certs/tls-ok.pem");
    let (code, lines, err) = findings(&[dir.path().to_str().unwrap(), cert.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let toml: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["file"].as_str().unwrap().ends_with("ca.toml")).collect();
    assert!(toml.len() == 1 && toml[0]["line"] == 2, "one finding for the broken file: {lines:?}");
    assert!(toml[0]["message"].as_str().unwrap().starts_with("not valid TOML"), "{lines:?}");
    assert!(err.contains("1 certificate, 1 CA configuration"), "{err}");
}

/// The default packs check an OpenSSL CA configuration out of the box: the
/// signature algorithm (`default_md = md5`) and the key storage, by the scope
/// of each requirement.
#[test]
fn openssl_md5_fails_the_signature_algorithm_requirement_at_its_line() {
    let Some(shared) = common::shared() else {
        return;
    };
    let cnf = shared.join("ca-configs/openssl/upstream_test_CAss.cnf");
    let (code, lines, err) = findings(&[cnf.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let by_rule = |rule: &str| lines.iter().find(|l| l["rule"] == rule).unwrap_or_else(|| panic!("{rule}: {lines:?}"));
    let md5 = by_rule("BR-7.1.3-CA-SIGNATURE");
    assert_eq!((md5["line"].as_u64(), md5["column"].as_u64()), (Some(52), Some(14)));
    assert!(md5["message"].as_str().unwrap().contains("the CA signs with md5"), "{md5}");
    assert_eq!(by_rule("BR-6.2.7-CA-KEY")["line"], 43);
    // Its `x509_extensions` make CA certificates (`CA:true`): its 30-day CRLs are within the
    // twelve months the BRs allow a CA issuing CA Certificates, not the ten days of subscriber CRLs.
    assert!(!lines.iter().any(|l| l["rule"].as_str().unwrap().contains("CRL")), "{lines:?}");
}

/// Every file of the shared CA configurations goes through `check` without a
/// panic; each one is imported, reported with its reason, or skipped as not a
/// configuration cpslint reads yet.
#[test]
fn every_shared_ca_configuration_is_imported_or_reported() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("ca-configs");
    let (code, _, err) = findings(&[dir.to_str().unwrap()]);
    assert!(code == 1 || code == 0, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("CA configurations"), "{err}");
}

#[test]
fn an_openssl_include_loop_is_one_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("openssl.cnf"),
        "[ ca ]\ndefault_ca = CA_default\n.include more.cnf\n[ CA_default ]\ndefault_md = sha256\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("more.cnf"), ".include openssl.cnf\nx = 1\n").unwrap();
    let (_, lines, err) = findings(&[dir.path().join("openssl.cnf").to_str().unwrap()]);
    let loops = lines.iter().filter(|l| l["message"].as_str().unwrap().contains("a loop")).count();
    assert_eq!(loops, 1, "{lines:?} {err}");
}

/// A manifest imports a CA software configuration: the values only it states
/// are read, with their places in it; where both speak the manifest wins, and
/// a finding on such a value says what the imported file says. The imported
/// file is checked through the manifest, not a second time on its own.
#[test]
fn a_manifest_imports_a_configuration_and_wins_where_both_speak() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("openssl.cnf"),
        "[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndefault_md = sha1\ndefault_crl_days = 30\nprivate_key = key.pem\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ca.toml"),
        "name = \"Issuing\"\ntier = \"issuing\"\nimport = [\"openssl.cnf\"]\n[key]\nstorage = \"software\"\nfips_level = 1\n[revocation]\ncrl_next_update = \"20d\"\n",
    )
    .unwrap();
    let (code, lines, err) = findings(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("2 files, 0 certificates, 1 CA configuration:"), "the imported file counts once, in its manifest: {err}");
    let by_rule = |rule: &str| lines.iter().find(|l| l["rule"] == rule).unwrap_or_else(|| panic!("{rule}: {lines:?}"));
    // Only the imported file says the digest: the finding is in it, at its line.
    let sha1 = by_rule("BR-7.1.3-CA-SIGNATURE");
    assert!(sha1["file"].as_str().unwrap().ends_with("openssl.cnf"), "{sha1}");
    assert_eq!(sha1["line"], 4);
    assert!(sha1["message"].as_str().unwrap().contains("imported by"), "{sha1}");
    // Both say the CRL nextUpdate: the manifest's 20 days win, and the finding names the 30 days.
    let next = by_rule("BR-7.2-CRL-NEXT-UPDATE");
    assert!(next["file"].as_str().unwrap().ends_with("ca.toml"), "{next}");
    let message = next["message"].as_str().unwrap();
    assert!(message.contains("20 days") && message.contains("openssl.cnf:5:20 says \"720h\""), "{message}");
    // The imported file alone is not evaluated again.
    assert_eq!(lines.iter().filter(|l| l["rule"] == "BR-7.2-CRL-NEXT-UPDATE").count(), 1, "{lines:?}");
}

#[test]
fn an_import_that_cannot_be_read_is_a_problem_at_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca");
    std::fs::create_dir(&ca).unwrap();
    std::fs::write(dir.path().join("outside.cnf"), "[ ca ]\ndefault_ca = x\n[ x ]\ndefault_md = sha256\n").unwrap();
    std::fs::write(ca.join("notes.txt"), "not a configuration\n").unwrap();
    std::fs::write(
        ca.join("ca.toml"),
        "name = \"X\"\ntier = \"root\"\nimport = [\"missing.cnf\", \"../outside.cnf\", \"notes.txt\"]\n",
    )
    .unwrap();
    let (code, lines, err) = findings(&[ca.join("ca.toml").to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let problems: Vec<&str> =
        lines.iter().filter(|l| l["rule"] == "corpus::unparseable").map(|l| l["message"].as_str().unwrap()).collect();
    assert_eq!(problems.len(), 3, "{lines:?}");
    assert!(problems[0].contains("cannot import `missing.cnf`"), "{problems:?}");
    assert!(problems[1].contains("outside the manifest's directory"), "{problems:?}");
    assert!(problems[2].contains("not a CA software configuration"), "{problems:?}");
    assert!(lines.iter().filter(|l| l["rule"] == "corpus::unparseable").all(|l| l["line"] == 3), "{lines:?}");
}

/// `check` over everything in the shared reference material: certificates,
/// CA configurations and everything else, with no panic and no internal error.
#[test]
fn check_over_all_of_the_shared_material_never_panics() {
    let Some(shared) = common::shared() else {
        return;
    };
    let (code, out, err) = cpslint(&["check", "--format", "jsonl", shared.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked") && !out.contains("internal error"), "{err}");
    assert!(err.contains("CA configurations"), "{err}");
}
