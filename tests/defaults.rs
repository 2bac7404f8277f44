//! What a new user gets without writing anything: the default packs, packs
//! included by name from anywhere, `cpslint policies` and `cpslint init`.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{self, cpslint, transcript};

/// The default policies are the standards' packs: over the real-world corpora
/// they report no error on any certificate pkilint accepts (CA certificates
/// included), and no organisation's house rule.
#[test]
fn default_policies_report_no_error_where_pkilint_accepts() {
    let Some(shared) = common::shared() else {
        return;
    };
    let table = std::fs::read_to_string(common::root().join("tests/fixtures/peers/pkilint-real.tsv")).unwrap();
    let mut pkilint: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for row in table.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        pkilint.insert(cols[0], (cols[1], cols[2]));
    }
    let real = shared.join("corpora/real");
    let (_, out, err) = cpslint(&["check", "--format", "jsonl", "--include-passes", real.to_str().unwrap()]);
    assert!(!err.contains("panicked"), "{err}");
    let mut seen = BTreeSet::new();
    let mut false_errors = Vec::new();
    let mut amazon_cas = BTreeSet::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let rule = v["rule"].as_str().unwrap();
        assert!(!rule.starts_with("EXC-"), "an example organisation's rule ran by default: {line}");
        let Some(digest) = v["sha256"].as_str() else { continue };
        let Some((kind, verdict)) = pkilint.get(digest) else { continue };
        seen.insert(digest.to_owned());
        if kind.ends_with("-CA") && v["file"].as_str().unwrap().contains("webpki/amazon") {
            amazon_cas.insert(digest.to_owned());
        }
        let flagged = v["severity"] == "error" && matches!(v["status"].as_str(), Some("fail" | "error"));
        if *verdict == "accept" && flagged {
            false_errors.push(format!("{kind} {}#{}: {rule}: {}", v["file"], v["certificate"], v["message"]));
        }
    }
    let accepted_cas =
        pkilint.iter().filter(|(d, (k, v))| seen.contains(**d) && k.ends_with("-CA") && *v == "accept").count();
    assert!(accepted_cas >= 80, "only {accepted_cas} CA certificates that pkilint accepts were linted");
    assert!(amazon_cas.len() >= 16, "only {} Amazon CA certificates", amazon_cas.len());
    assert!(false_errors.is_empty(), "errors on certificates pkilint accepts:\n{}", false_errors.join("\n"));
}

/// The 16 Amazon intermediates of webpki's real-world chains (`e2m01.cer` …
/// `r4m04.cer`, TLS subordinate CAs with serverAuth) pass the default
/// policies: a real `fullchain.pem` is not an error.
#[test]
fn a_real_chain_passes_the_defaults() {
    let Some(shared) = common::shared() else {
        return;
    };
    let amazon = shared.join("corpora/real/webpki/amazon");
    let mut cas: Vec<String> = std::fs::read_dir(&amazon)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let b = name.as_bytes();
            name.len() == 9 && name.ends_with(".cer") && b[2] == b'm' && b[1].is_ascii_digit()
        })
        .map(|p| p.display().to_string())
        .collect();
    cas.sort();
    assert_eq!(cas.len(), 16, "{cas:?}");
    let mut args = vec!["check", "--format", "jsonl"];
    args.extend(cas.iter().map(String::as_str));
    let (code, out, err) = cpslint(&args);
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(r#""severity":"error""#)).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("certificates: 0 errors"), "{err}");
}

#[test]
fn a_policy_anywhere_includes_a_pack_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("house.cps");
    std::fs::write(
        &policy,
        "policy \"House CP\" {\n  kind cp\n  oid 2.999.7\n  version \"1\"\n  effective 2026-01-01\n  include \"cpslint:cabf/br-tls\"\n  override param max_subscriber_validity_2026 = 90d\n}\n",
    )
    .unwrap();
    let (code, _, err) = cpslint(&["validate", policy.to_str().unwrap()]);
    assert_eq!((code, err.as_str()), (0, "1 of 1 policy valid; 0 errors, 0 warnings\n"));
    // The override is reported as the house's, not as the CA/B Forum's.
    let (code, out, _) = cpslint(&["check", "--policy", policy.to_str().unwrap(), "tests/fixtures/certs/tls-long.pem"]);
    assert_eq!(code, 1);
    assert!(out.contains("at most 90 days is allowed (House CP overrides `max_subscriber_validity_2026` to 90 days; CA/Browser Forum TLS Baseline Requirements (certificate profile excerpt) sets 200 days)"), "{out}");
    // The old relative path is a file like any other: it is not there, and the error names the pack.
    std::fs::write(&policy, "policy \"House\" {\n  include \"../cabf/br-tls.cps\"\n}\n").unwrap();
    let (code, out, _) = cpslint(&["validate", "--format", "json", policy.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("did you mean the shipped pack `cpslint:cabf/br-tls`?"), "{out}");
    std::fs::write(&policy, "policy \"House\" {\n  include \"cpslint:cabf/br-tsl\"\n}\n").unwrap();
    let (code, out, _) = cpslint(&["validate", "--format", "json", policy.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("no shipped pack is called `cabf/br-tsl`; did you mean `cpslint:cabf/br-tls`?"), "{out}");
}

#[test]
fn policies_lists_shows_and_exports_the_packs() {
    let list = transcript(&["policies"]);
    common::settings().bind(|| insta::assert_snapshot!("cli_policies", list));
    let (code, out, _) = cpslint(&["policies", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["packs"][0]["include"], "cpslint:cabf/br-tls");
    assert_eq!(doc["packs"][0]["default"], true);
    let (code, out, _) = cpslint(&["policies", "show", "cpslint:cabf/br-tls"]);
    assert_eq!(code, 0);
    assert_eq!(out, std::fs::read_to_string(common::root().join("policies/cabf/br-tls.cps")).unwrap());
    let (code, _, err) = cpslint(&["policies", "show", "cabf/br"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `cabf/br-tls`?"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("packs");
    let (code, out, _) = cpslint(&["policies", "export", target.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("packs/cabf/br-tls.cps\n") && out.ends_with("packs/enterprise-pki.cps\n"), "{out}");
    let (code, _, err) = cpslint(&["policies", "export", target.to_str().unwrap()]);
    assert_eq!(code, 2, "exporting over existing files needs --force");
    assert!(err.contains("pass --force"), "{err}");
    // An exported copy, included by path, pins that version.
    let (code, _, err) = cpslint(&["validate", target.join("cabf/br-tls.cps").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn init_writes_a_policy_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.cps");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cpslint"))
        .args(["init", path.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8(out.stderr).unwrap().replace(&dir.path().display().to_string(), "DIR");
    let text = std::fs::read_to_string(&path).unwrap();
    common::settings().bind(|| {
        insta::assert_snapshot!("cli_init_says", said);
        insta::assert_snapshot!("cli_init_policy", text);
    });
    let (code, _, err) = cpslint(&["validate", path.to_str().unwrap()]);
    assert_eq!((code, err.as_str()), (0, "1 of 1 policy valid; 0 errors, 0 warnings\n"));
    let (code, _, err) = cpslint(&["check", "--policy", path.to_str().unwrap(), "tests/fixtures/certs/tls-ok.pem"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = cpslint(&["init", path.to_str().unwrap()]);
    assert_eq!(code, 2, "init never overwrites without --force");
    assert!(err.contains("exists; pass --force"), "{err}");
}

/// A policy without document metadata gets one short note, not a warning per statement.
#[test]
fn a_minimal_policy_gets_one_note() {
    let t = transcript(&["validate", "tests/fixtures/policies/ok/bare.cps"]);
    common::settings().bind(|| insta::assert_snapshot!("cli_validate_bare", t));
    let (code, out, err) = cpslint(&["rules", "--policy", "tests/fixtures/policies/ok/bare.cps"]);
    assert_eq!(code, 0);
    assert!(!out.is_empty());
    assert_eq!(err, "", "notes are for `validate`");
}

/// A test that needs `../shared` says `SKIPPED` where a person sees it when the
/// corpora are missing, and fails under CI, so a green CI run has used them.
#[test]
fn tests_without_the_shared_corpora_skip_visibly_and_fail_under_ci() {
    let me = std::env::current_exe().unwrap();
    let run = |ci: Option<&str>| {
        let mut cmd = std::process::Command::new(&me);
        cmd.args(["--exact", "agreement::verdicts_agree_with_zlint", "--test-threads", "1"])
            .env("CPSLINT_SHARED", "/nonexistent/shared")
            .env_remove("CI");
        if let Some(v) = ci {
            cmd.env("CI", v);
        }
        let out = cmd.output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (passed, err) = run(None);
    assert!(passed, "{err}");
    assert!(
        err.contains("SKIPPED agreement::verdicts_agree_with_zlint: no shared corpora at /nonexistent/shared"),
        "{err}"
    );
    let (passed, _) = run(Some("true"));
    assert!(!passed, "under CI a missing ../shared must fail the test");
}
