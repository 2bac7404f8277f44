//! Every field group of the certificate schema against its fixtures.
//!
//! `tests/fixtures/field-groups/` holds, per group, certificates named
//! `<group>-pass*.pem` and `<group>-fail-<what>.pem` (made by the `generate.py`
//! beside them). The policy `tests/fixtures/policies/ok/field-groups.cps` has
//! requirements named `<group>-<n>`. A passing certificate must pass, or be
//! outside the scope of, every requirement of its group; a failing one must
//! fail at least one of them, or be reported undecodable by one.

use std::collections::BTreeMap;

use crate::common::{self, cpslint};

const POLICY: &str = "tests/fixtures/policies/ok/field-groups.cps";
const DIR: &str = "tests/fixtures/field-groups";

#[test]
fn each_group_passes_and_fails_as_written() {
    let (code, out, err) = cpslint(&["check", "--policy", POLICY, "--format", "jsonl", "--include-passes", DIR]);
    assert_eq!(code, 1, "{err}");
    // file name -> requirement -> (status, message)
    let mut results: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = v["file"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
        let rule = v["rule"].as_str().unwrap_or("input").to_owned();
        let text = |k: &str| v[k].as_str().unwrap().to_owned();
        results.entry(file).or_default().insert(rule, (text("status"), text("message")));
    }
    let mut groups: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut table = String::new();
    for (file, verdicts) in &results {
        let (group, passing) = match file.split_once("-pass") {
            Some((g, _)) => (g, true),
            None => (
                file.split_once("-fail").map_or_else(|| panic!("{file}: not <group>-pass or <group>-fail"), |(g, _)| g),
                false,
            ),
        };
        let own: Vec<(&String, &(String, String))> =
            verdicts.iter().filter(|(rule, _)| rule.strip_prefix(group).is_some_and(|r| r.starts_with('-'))).collect();
        assert!(!own.is_empty() || verdicts.contains_key("input"), "{file}: no requirement of group `{group}` ran");
        let bad = |s: &str| s == "fail" || s == "error";
        if passing {
            let failed: Vec<_> = own.iter().filter(|(_, (s, _))| bad(s)).collect();
            assert!(failed.is_empty(), "{file} should pass `{group}`: {failed:?}");
            assert!(!verdicts.contains_key("input"), "{file} should parse: {:?}", verdicts["input"]);
            groups.entry(group.to_owned()).or_default().0 += 1;
        } else {
            let input_problem = verdicts.get("input").is_some_and(|(s, _)| bad(s));
            assert!(input_problem || own.iter().any(|(_, (s, _))| bad(s)), "{file} should fail `{group}`: {own:?}");
            groups.entry(group.to_owned()).or_default().1 += 1;
        }
        for (rule, (status, message)) in own {
            table.push_str(&format!("{file}  {rule}  {status}  {message}\n"));
        }
        if let Some((status, message)) = verdicts.get("input") {
            table.push_str(&format!("{file}  input  {status}  {message}\n"));
        }
    }
    for (group, (pass, fail)) in &groups {
        assert!(*pass > 0 && *fail > 0, "group `{group}` needs a passing and a failing certificate ({pass}, {fail})");
    }
    assert!(groups.len() >= 15, "only {} groups: {groups:?}", groups.len());
    common::settings().bind(|| insta::assert_snapshot!("field_groups", table));
}
