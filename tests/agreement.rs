//! Agreement with the peers: where a shipped requirement names a zlint lint or
//! a pkilint finding code, its verdict on that tool's own test certificates
//! matches the tool's expected verdict.
//!
//! Two verdicts agree when both report a problem (zlint `error`, `warn` or
//! `info`; cpslint `fail` or `error`) or neither does. The exceptions are
//! listed with the reason; anything else is a bug in a field, a builtin or a
//! requirement.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{self, cpslint};

/// `(lint, test file, why the verdicts differ)`.
const KNOWN: &[(&str, &str, &str)] = &[
    // The BR text scopes 7.1.2.7.12 to Subscriber Certificates; zlint applies the lint to CA certificates too.
    ("e_ext_san_directory_name_present", "SANDirectoryNameBeginning.pem", "CA certificate"),
    ("e_ext_san_directory_name_present", "SANDirectoryNameEnd.pem", "CA certificate"),
    // zlint warns about an unknown purpose beside serverAuth; the BRs allow only listed ones to be
    // excluded, so cpslint's requirement (which forbids named purposes) passes it.
    ("e_sub_cert_eku_check", "subExtKeyUsageServerAuthAndUnknown.pem", "unknown purpose is a zlint warning"),
];

/// `(requirement, pkilint test case, why the verdicts differ)`.
const KNOWN_PKILINT: &[(&str, &str, &str)] = &[
    // The case sits in pkilint's subscriber folder, but the certificate asserts cA: by content
    // (and by pkilint's own `--detect`) it is a CA certificate, to which 7.1.2.7.8 does not apply.
    ("BR-7.1.2.7.8-CA", "dv_final_certificate/ee_bc_ca_set.crttest", "cA asserted: a CA certificate by content"),
];

#[test]
fn verdicts_agree_with_zlint() {
    let Some(shared) = common::shared() else {
        return;
    };
    let testdata = shared.join("corpora/zlint/testdata");
    let policy = common::root().join("policies/cabf/br-tls.cps");
    let (_, out, err) = cpslint(&[
        "check",
        "--policy",
        policy.to_str().unwrap(),
        "--format",
        "jsonl",
        "--include-passes",
        testdata.to_str().unwrap(),
    ]);
    assert!(!out.is_empty(), "{err}");
    let claims = claims(&policy, "zlint");
    let mut ours: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(rule) = v["rule"].as_str() {
            let file = v["file"].as_str().unwrap();
            let file = file.split_once("testdata/").map_or(file, |(_, f)| f).to_owned();
            ours.insert((file, rule.to_owned()), v["status"].as_str().unwrap().to_owned());
        }
    }
    let expectations = std::fs::read_to_string(shared.join("corpora/zlint/expectations.tsv")).unwrap();
    let known: BTreeSet<(&str, &str)> = KNOWN.iter().map(|(l, f, _)| (*l, *f)).collect();
    let (mut compared, mut disagreements, mut excused) = (0, Vec::new(), BTreeSet::new());
    for row in expectations.lines().skip(1) {
        let [lint, file, expected] = row.split('\t').collect::<Vec<_>>()[..] else { panic!("bad row {row}") };
        for rule in claims.get(lint).into_iter().flatten() {
            let Some(status) = ours.get(&(file.to_owned(), rule.clone())) else { continue };
            compared += 1;
            let zlint_flags = matches!(expected, "error" | "warn" | "info");
            let we_flag = matches!(status.as_str(), "fail" | "error");
            if zlint_flags == we_flag {
                continue;
            }
            if known.contains(&(lint, file)) {
                excused.insert((lint, file));
            } else {
                disagreements.push(format!("{lint} / {rule} on {file}: zlint {expected}, cpslint {status}"));
            }
        }
    }
    assert!(compared >= 90, "only {compared} verdicts compared");
    assert!(disagreements.is_empty(), "{compared} compared; disagreements:\n{}", disagreements.join("\n"));
    let stale: Vec<_> = known.difference(&excused).collect();
    assert!(stale.is_empty(), "listed as known but they agree now: {stale:?}");
}

/// Which requirements of `policy` claim which names of a peer (`zlint` or `pkilint`).
fn claims(policy: &std::path::Path, peer: &str) -> BTreeMap<String, Vec<String>> {
    let (_, rules, _) = cpslint(&["rules", "--format", "json", policy.to_str().unwrap()]);
    let rules: serde_json::Value = serde_json::from_str(&rules).unwrap();
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rules["requirements"].as_array().unwrap() {
        for name in r[peer].as_array().into_iter().flatten() {
            claims.entry(name.as_str().unwrap().to_owned()).or_default().push(r["id"].as_str().unwrap().to_owned());
        }
    }
    claims
}

/// pkilint's TLS subscriber test cases: each `.crttest` is a certificate and
/// the exact findings pkilint expects. pkilint lints against the current
/// profile whatever the issuance date, while a requirement applies from its
/// `effective` date: `not_effective` results are not compared.
#[test]
fn verdicts_agree_with_pkilint() {
    let Some(shared) = common::shared() else {
        return;
    };
    let base = shared.join("corpora/pkilint/tests/integration_certificate/tls_br");
    let mut files = Vec::new();
    for dir in ["dv_final_certificate", "dv_pre_certificate", "ov_final_certificate", "ov_pre_certificate"]
        .into_iter()
        .chain(["iv_final_certificate", "ev_final_certificate", "ev_pre_certificate"])
    {
        for e in std::fs::read_dir(base.join(dir)).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "crttest") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 50, "{} pkilint cases", files.len());
    let policy = common::root().join("policies/cabf/br-tls.cps");
    let known: BTreeSet<(&str, &str)> = KNOWN_PKILINT.iter().map(|(r, f, _)| (*r, *f)).collect();
    let mut excused = BTreeSet::new();
    // requirement -> the pkilint codes it claims
    let mut codes_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (code, rules) in claims(&policy, "pkilint") {
        for rule in rules {
            codes_of.entry(rule).or_default().push(code.clone());
        }
    }
    assert!(codes_of.len() >= 8, "{codes_of:?}");
    let mut args = vec!["check".to_owned(), "--policy".to_owned(), policy.display().to_string()];
    args.extend(["--format", "jsonl", "--include-passes"].map(str::to_owned));
    args.extend(files.iter().map(|f| f.display().to_string()));
    let (_, out, err) = cpslint(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let mut ours: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let rule = v["rule"].as_str().unwrap_or_else(|| panic!("{} did not parse: {line}", v["file"]));
        ours.insert(
            (v["file"].as_str().unwrap().to_owned(), rule.to_owned()),
            v["status"].as_str().unwrap().to_owned(),
        );
    }
    assert!(!ours.is_empty(), "{err}");
    let (mut compared, mut both_flag, mut disagreements) = (0, 0, Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let expected = text.split_once("-----END CERTIFICATE-----").map_or("", |(_, t)| t);
        let codes: BTreeSet<&str> = expected.lines().filter_map(|l| l.split(',').nth(3)).collect();
        let name = file.display().to_string();
        for (rule, claimed) in &codes_of {
            let Some(status) = ours.get(&(name.clone(), rule.clone())) else { continue };
            if status == "not_effective" {
                continue;
            }
            compared += 1;
            // A requirement claiming several codes is flagged by pkilint when any of them is expected.
            let pkilint_flags = claimed.iter().any(|c| codes.contains(c.as_str()));
            let we_flag = matches!(status.as_str(), "fail" | "error");
            both_flag += usize::from(pkilint_flags && we_flag);
            if pkilint_flags != we_flag {
                let short = file.strip_prefix(&base).unwrap_or(file).display().to_string();
                if let Some(k) = known.iter().find(|(r, f)| r == rule && *f == short) {
                    excused.insert(*k);
                    continue;
                }
                disagreements
                    .push(format!("{rule} ({claimed:?}) on {short}: pkilint {pkilint_flags}, cpslint {status}"));
            }
        }
    }
    let stale: Vec<_> = known.difference(&excused).collect();
    assert!(stale.is_empty(), "listed as known but they agree now: {stale:?}");
    assert!(compared >= 350, "only {compared} verdicts compared");
    assert!(both_flag >= 3, "only {both_flag} problems found by both");
    assert!(disagreements.is_empty(), "{compared} compared; disagreements:\n{}", disagreements.join("\n"));
}
