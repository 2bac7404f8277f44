//! CA configurations as `check` inputs: CA manifests, OpenSSL, cfssl and
//! step-ca configurations and Boulder ceremonies, recognised by content,
//! checked against the CA model, and evaluated by `target ca` requirements
//! with their parents in reach.

use std::path::Path;

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
    assert!(
        err.contains("2 files, 0 certificates, 1 CA configuration:"),
        "the imported file counts once, in its manifest: {err}"
    );
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

/// `cpslint model FILE` run in `dir` on a relative name, as a transcript with no machine path.
fn model_in(dir: &Path, file: &str) -> String {
    let (code, out, err) = common::cpslint_in(dir, &["model", file]);
    format!("$ cpslint model {file}\nexit: {code}\n--- stdout\n{out}--- stderr\n{err}")
}

/// The samples of one vendor in the shared CA configurations, by name.
fn samples(dir: &Path, vendor: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join(vendor))
        .unwrap_or_else(|e| panic!("{vendor}: {e}"))
        .map(|e| e.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "SOURCES.txt")
        .collect();
    names.sort();
    names
}

/// Every cfssl and step-ca sample, as `cpslint model` reads it: each value
/// with its line and column or the software's default, and what `check` would
/// report. CSRs, transport and template files are not configurations.
#[test]
fn every_cfssl_and_step_ca_sample_has_a_model_snapshot() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("ca-configs");
    for vendor in ["cfssl", "smallstep"] {
        let names = samples(&dir, vendor);
        assert!(names.len() >= 4, "{vendor}: {names:?}");
        for name in names {
            let file = format!("{vendor}/{name}");
            let transcript = model_in(&dir, &file);
            assert!(!transcript.contains("panicked"), "{transcript}");
            let configuration = name.ends_with(".json") && !name.contains("csr");
            let code = if configuration { "exit: 0" } else { "exit: 2" };
            assert!(transcript.contains(code), "{transcript}");
            common::settings().bind(|| insta::assert_snapshot!(format!("ca_model@{vendor}_{name}"), transcript));
        }
    }
}

/// `check --format json` on one file: exit code, findings, stderr.
fn check_json(file: &Path) -> (i32, Vec<serde_json::Value>, String) {
    let (code, out, err) = cpslint(&["check", "--format", "json", "--at", "2026-06-01", file.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, doc["findings"].as_array().cloned().unwrap_or_default(), err)
}

fn places(findings: &[serde_json::Value], rule: &str) -> Vec<(u64, u64, String)> {
    findings
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap_or(0);
            (n("line"), n("column"), f["message"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

/// Malformed cfssl and step-ca files: each problem is a finding at its line
/// and column, and nothing panics.
#[test]
fn malformed_json_configurations_are_findings_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "{{\"signing\": {{\"default\": {{\"expiry\": \"1h\", \"x\": {}{}}}}}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let cases: [(&str, String, (u64, u64), &str); 7] = [
        (
            "truncated.json",
            "{\"signing\": {\n  \"default\": {\"expiry\": \"8760h\",\n    \"usages\": [\"signing\"".to_owned(),
            (3, 25),
            "not valid JSON: the text ends inside a value",
        ),
        (
            "unknown.json",
            "{\"signing\": {\"default\": {\"expiry\": \"8760h\", \"usage\": [\"signing\"]}}}\n".to_owned(),
            (1, 45),
            "unknown key `signing.default.usage`; did you mean `usages`? (cfssl ignores it)",
        ),
        (
            "wrong-type.json",
            "{\"signing\": {\n  \"profiles\": {\"www\": {\"usages\": [\"server auth\"],\n    \"expiry\": 8760}}}}\n".to_owned(),
            (3, 15),
            "`signing.profiles.www.expiry` is a duration written as a string with its unit",
        ),
        ("deep.json", deep, (1, 172), "not valid JSON: arrays and objects nested more than 128 deep"),
        (
            "step-truncated.json",
            "{\"crt\": \"int.crt\",\n \"authority\": {\"provisioners\": [{\"type\": \"JWK\", \"name\": \"a\"".to_owned(),
            (2, 60),
            "not valid JSON: the text ends inside a value",
        ),
        (
            "step-unknown.json",
            "{\"crt\": \"int.crt\", \"kms\": {\"typ\": \"pkcs11\"},\n \"authority\": {\"provisioners\": []}}\n".to_owned(),
            (1, 28),
            "unknown key `kms.typ`; did you mean `type`? (step-ca ignores it)",
        ),
        (
            "step-wrong-type.json",
            "{\"crt\": \"int.crt\",\n \"authority\": {\"provisioners\": [\n  {\"type\": \"JWK\", \"name\": \"a\", \"claims\": {\"maxTLSCertDuration\": 24}}]}}\n".to_owned(),
            (3, 65),
            "`authority.provisioners[0].claims.maxTLSCertDuration` is a duration written as a string",
        ),
    ];
    for (name, text, (line, column), message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (code, findings, err) = check_json(&path);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        let got = places(&findings, "corpus::unparseable");
        assert!(
            got.iter().any(|(l, c, m)| (*l, *c) == (line, column) && m.starts_with(message)),
            "{name}: want {line}:{column} {message}, got {got:?}"
        );
        if name.contains("truncated") || name.starts_with("deep") {
            assert_eq!(findings.len(), 1, "{name}: a broken file is its one problem: {findings:?}");
        }
    }
}

/// JSON that is neither configuration is not taken for one: a walked file is skipped.
#[test]
fn other_json_is_not_a_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("csr.json"),
        "{\"hosts\": [\"a.example\"], \"key\": {\"algo\": \"ecdsa\", \"size\": 256}}",
    )
    .unwrap();
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"x\", \"signing\": true, \"authority\": \"me\"}")
        .unwrap();
    std::fs::write(dir.path().join("broken.json"), "{\"name\": \"x\",").unwrap();
    let (_, _, err) = cpslint(&["check", dir.path().to_str().unwrap()]);
    assert!(err.contains("3 files skipped") && !err.contains("CA configuration"), "{err}");
}

/// The default packs judge cfssl and step-ca profiles by the BR's scope: a
/// TLS subscriber profile beyond the validity limit fails at 6.3.2, a CA
/// profile and a client-only profile are not subscriber profiles, and a
/// software CA key fails 6.2.7 at the `key` line.
#[test]
fn cfssl_and_step_ca_samples_are_judged_by_the_br_scope() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("ca-configs");
    for vendor in ["cfssl", "smallstep"] {
        for name in samples(&dir, vendor) {
            let (code, _, err) =
                cpslint(&["check", "--at", "2026-06-01", dir.join(vendor).join(&name).to_str().unwrap()]);
            assert!(code == 0 || code == 1, "{name}: {err}");
            assert!(!err.contains("panicked"), "{name}: {err}");
        }
    }
    let rules = |file: &str| -> Vec<String> {
        let (_, findings, _) = check_json(&dir.join(file));
        findings.iter().map(|f| f["rule"].as_str().unwrap_or("").to_owned()).collect()
    };
    let (_, int, _) = check_json(&dir.join("cfssl/bundler_testdata_client-auth_int-config.json"));
    let profile = places(&int, "BR-6.3.2-PROFILE");
    assert_eq!(profile.len(), 1, "{int:?}");
    assert!(
        profile[0].2.contains("1826 days and 6 hours and 1826 days and 6 hours;"),
        "the client profile is left out: {profile:?}"
    );
    // The root configuration's one profile is a CA profile.
    assert!(!rules("cfssl/bundler_testdata_client-auth_root-config.json").contains(&"BR-6.3.2-PROFILE".to_owned()));
    // 8000h of e-mail protection, 720h of S/MIME and 720h of cert sign: none is a long TLS profile.
    assert!(!rules("cfssl/config_testdata_valid_config.json").contains(&"BR-6.3.2-PROFILE".to_owned()));
    let (_, pki, _) = check_json(&dir.join("smallstep/examples_pki_config_ca.json"));
    assert_eq!(places(&pki, "BR-6.2.7-CA-KEY").first().map(|p| (p.0, p.1)), Some((5, 9)), "{pki:?}");
    let validity = places(&pki, "BR-6.3.2-PROFILE");
    assert!(validity.len() == 1 && validity[0].2.contains("3650 days"), "the `decade` provisioner: {pki:?}");
}

/// The shared Boulder ceremony samples, by name relative to the shared `ca-configs` directory.
fn boulder_ceremonies(shared: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(shared.join("ca-configs/boulder"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("ceremony") && n.ends_with(".yaml"))
        .map(|n| format!("boulder/{n}"))
        .collect();
    names.sort();
    names
}

/// Every Boulder ceremony sample, read into the CA model: each value with its
/// line and column or the ceremony tool's default.
#[test]
fn boulder_ceremonies_read_into_the_model() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("ca-configs");
    let names = boulder_ceremonies(&shared);
    assert!(names.len() >= 6, "{names:?}");
    for name in names {
        let (code, out, err) = common::cpslint_in(&dir, &["model", &name]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains("(Boulder ceremony)"), "{out}");
        let snapshot = format!("boulder_model@{}", name.trim_start_matches("boulder/"));
        common::settings().bind(|| {
            insta::assert_snapshot!(
                snapshot,
                format!("$ cpslint model {name}\nexit: {code}\n--- stdout\n{out}--- stderr\n{err}")
            );
        });
    }
}

/// Boulder's CA service configuration (JSON) and zlint configuration (TOML)
/// are not ceremonies: `model` says so, `check` skips them.
#[test]
fn boulder_service_configurations_are_not_ceremonies() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("ca-configs/boulder");
    for name in ["test_config_ca.json", "test_config-next_ca.json", "test_config_zlint.toml", "test_ident-policy.yaml"]
    {
        let (code, _, err) = common::cpslint_in(&dir, &["model", name]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains("not a CA configuration cpslint reads"), "{err}");
        let (code, out, err) = common::cpslint_in(&dir, &["check", "--format", "jsonl", name]);
        assert!(code == 0 || code == 1, "{name}: {err}");
        assert!(!err.contains("panicked") && !err.contains("CA configuration"), "{name}: {err}");
        assert!(!out.contains("\"configs\":1"), "{out}");
    }
}

/// The shipped BR pack on the ceremony samples: the test roots and the key
/// ceremony keep their keys in SoftHSM, a software token (6.2.7 fails at the
/// module); the signature algorithms are permitted (7.1.3); an intermediate
/// ceremony says nothing of the intermediate's own key, and no profile of a
/// CA certificate is a subscriber profile (6.3.2 does not apply).
#[test]
fn boulder_ceremonies_under_the_br_pack() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("ca-configs");
    let results = |name: &str| -> Vec<(String, String, u64, u64)> {
        let (code, out, err) = common::cpslint_in(&dir, &["check", "--include-passes", "--format", "jsonl", name]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        out.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|l| l["rule"].as_str().is_some_and(|r| r.starts_with("BR-")))
            .map(|l| {
                (
                    l["rule"].as_str().unwrap().to_owned(),
                    l["status"].as_str().unwrap().to_owned(),
                    l["line"].as_u64().unwrap_or(0),
                    l["column"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let status = |rs: &[(String, String, u64, u64)], rule: &str| -> (String, u64, u64) {
        let r = rs.iter().find(|r| r.0 == rule).unwrap_or_else(|| panic!("{rule}: {rs:?}"));
        (r.1.clone(), r.2, r.3)
    };
    for root in ["boulder/test_certs_root-ceremony-rsa.yaml", "boulder/test_certs_root-ceremony-ecdsa.yaml"] {
        let rs = results(root);
        assert_eq!(status(&rs, "BR-6.2.7-CA-KEY"), ("fail".to_owned(), 3, 13), "{root}");
        assert_eq!(status(&rs, "BR-7.1.3-CA-SIGNATURE"), ("pass".to_owned(), 15, 26), "{root}");
        assert_eq!(status(&rs, "BR-6.3.2-PROFILE").0, "not_applicable", "{root}");
        assert_eq!(status(&rs, "BR-7.2-CRL-NEXT-UPDATE").0, "not_applicable", "{root}");
    }
    let rs = results("boulder/test_certs_intermediate-key-ceremony-ecdsa.yaml");
    assert_eq!(status(&rs, "BR-6.2.7-CA-KEY"), ("fail".to_owned(), 3, 13));
    assert_eq!(status(&rs, "BR-7.1.3-CA-SIGNATURE").0, "not_applicable");
    for int in [
        "boulder/test_certs_intermediate-cert-ceremony-rsa.yaml",
        "boulder/test_certs_intermediate-cert-ceremony-ecdsa.yaml",
        "boulder/test_certs_intermediate-cert-ceremony-ecdsa-cross.yaml",
    ] {
        let rs = results(int);
        assert_eq!(status(&rs, "BR-6.2.7-CA-KEY").0, "not_applicable", "{int}");
        assert_eq!(status(&rs, "BR-6.3.2-PROFILE").0, "not_applicable", "{int}");
        assert_eq!(status(&rs, "BR-7.1.3-CA-SIGNATURE").0, "pass", "{int}");
    }
}

/// An intermediate ceremony names its issuer by the issuer's certificate
/// file: checked with the root ceremony that wrote that file, the parent is known.
#[test]
fn a_boulder_intermediate_finds_its_root_by_certificate_file() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("ca-configs");
    let policy = common::root().join(HIERARCHY);
    let policy = policy.to_str().unwrap();
    let int = "boulder/test_certs_intermediate-cert-ceremony-rsa.yaml";
    let parent_findings = |args: &[&str]| -> usize {
        let mut all = vec!["check", "--format", "jsonl", "--policy", policy];
        all.extend(args);
        let (_, out, err) = common::cpslint_in(&dir, &all);
        assert!(!err.contains("panicked"), "{err}");
        out.lines().filter(|l| l.contains("H-5.1.1-PARENT")).count()
    };
    assert_eq!(parent_findings(&[int]), 1);
    assert_eq!(parent_findings(&[int, "boulder/test_certs_root-ceremony-rsa.yaml"]), 0);
}

/// Malformed ceremony files: each is a finding at its line and column
/// (`check` exits 1), quickly and without a panic.
#[test]
fn malformed_boulder_ceremonies_are_findings_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let good = "ceremony-type: key\npkcs11:\n    module: /usr/lib/hsm.so\n    store-key-in-slot: 0\n    store-key-with-label: k\nkey:\n    type: ecdsa\n    ecdsa-curve: P-384\noutputs:\n    public-key-path: k.pem\n";
    let mut bomb = String::from("ceremony-type: key\nskip: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
    }
    let cases: Vec<(&str, String, (u64, u64), &str)> = vec![
        ("truncated.yaml", format!("{}\"/usr/lib", &good[..good.find("/usr").unwrap()]), (3, 13), "not valid YAML"),
        (
            "unknown.yaml",
            good.replace("ecdsa-curve", "ecdsa-curv"),
            (8, 5),
            "unknown key `key.ecdsa-curv` in a key ceremony; did you mean `ecdsa-curve`?",
        ),
        (
            "wrong-type.yaml",
            good.replace("store-key-in-slot: 0", "store-key-in-slot: [0]"),
            (4, 24),
            "`pkcs11.store-key-in-slot` is a single value, not a list",
        ),
        ("bomb.yaml", bomb, (6, 45), "more than 100000 values"),
        (
            "deep.yaml",
            format!("ceremony-type: key\nkey:\n{}x\n", "- ".repeat(100_000)),
            (3, 255),
            "nested more than 128 deep",
        ),
        (
            "flow.yaml",
            format!("ceremony-type: key\nkey: {}\n", "[".repeat(100_000)),
            (2, 6),
            "`key` is a mapping of keys",
        ),
        (
            "type.yaml",
            good.replace("ceremony-type: key", "ceremony-type: keys"),
            (1, 16),
            "did you mean `key`? it is one of root, intermediate",
        ),
    ];
    for (name, text, (line, column), message) in cases {
        std::fs::write(dir.path().join(name), &text).unwrap();
        let started = std::time::Instant::now();
        let (code, out, err) = common::cpslint_in(dir.path(), &["check", "--format", "json", name]);
        assert!(started.elapsed().as_secs() < 20, "{name} took {:?}", started.elapsed());
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{name}: {e}: {out}"));
        let found = report["findings"].as_array().unwrap().iter().any(|f| {
            f["line"] == line && f["column"] == column && f["message"].as_str().is_some_and(|m| m.contains(message))
        });
        assert!(found, "{name}: no finding at {line}:{column} containing {message:?}: {out}");
    }
}

/// A manifest that names its CA certificate is cross-checked against it: the
/// key, that it is a CA certificate, and the path length its tier needs; a
/// certificate that cannot be read is a problem at the `certificate` line.
#[test]
fn a_manifest_is_cross_checked_against_its_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let root_ca = common::root().join("examples/two-tier-pki/certs/root-ca.pem");
    let leaf = common::root().join("tests/fixtures/certs/tls-ok.pem");
    std::fs::write(
        dir.path().join("issuing.toml"),
        format!(
            "name = \"I\"\ntier = \"issuing\"\ncertificate = {:?}\n[key]\nalgorithm = \"ec\"\ncurve = \"P-384\"\n",
            root_ca.to_str().unwrap()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("leaf.toml"),
        format!("name = \"L\"\ntier = \"root\"\ncertificate = {:?}\n", leaf.to_str().unwrap()),
    )
    .unwrap();
    std::fs::write(dir.path().join("missing.toml"), "name = \"M\"\ntier = \"root\"\ncertificate = \"nowhere.pem\"\n")
        .unwrap();
    let (code, lines, err) = findings(&[
        "--policy",
        "cpslint:enterprise-pki",
        "--rule",
        "EPKI-1.3.1-CERTIFICATE",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    let on = |file: &str| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l["file"].as_str().unwrap().ends_with(file))
            .map(|l| format!("{}:{} {}", l["line"], l["column"], l["message"].as_str().unwrap()))
            .collect()
    };
    let issuing = on("issuing.toml");
    assert!(issuing.len() == 1 && issuing[0].starts_with("3:15 "), "{issuing:?}");
    assert!(issuing[0].contains("key.algorithm is `ec`, and") && issuing[0].contains("has a rsa key"), "{issuing:?}");
    assert!(issuing[0].contains("no pathLenConstraint, so it could certify CAs"), "{issuing:?}");
    let leaf = on("leaf.toml");
    assert!(leaf.len() == 1 && leaf[0].contains("is not a CA certificate"), "{leaf:?}");
    let missing = on("missing.toml");
    assert!(missing.len() == 1 && missing[0].contains("cannot read the certificate `nowhere.pem`"), "{missing:?}");
}
