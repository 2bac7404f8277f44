//! Agreement with zlint: where a shipped requirement names a zlint lint, its
//! verdict on zlint's own test certificates matches zlint's expected verdict.
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
    // Which requirements claim which lints.
    let (_, rules, _) = cpslint(&["rules", "--format", "json", policy.to_str().unwrap()]);
    let rules: serde_json::Value = serde_json::from_str(&rules).unwrap();
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rules["requirements"].as_array().unwrap() {
        for lint in r["zlint"].as_array().into_iter().flatten() {
            claims.entry(lint.as_str().unwrap().to_owned()).or_default().push(r["id"].as_str().unwrap().to_owned());
        }
    }
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
