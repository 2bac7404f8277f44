//! The shipped enterprise PKI baseline (`cpslint:enterprise-pki`): a root and
//! an issuing CA that meet it pass every automated requirement, and for each
//! requirement a manifest that breaks it (one edit of a passing one) fails it,
//! at the value it reads.

use std::path::Path;

use crate::common::{self, cpslint};

const PASS: &str = "tests/fixtures/enterprise/pass";

/// Runs the baseline over a directory; every result, as JSON lines.
fn results(dir: &str, only: Option<&str>) -> (i32, Vec<serde_json::Value>, String) {
    let mut args = vec!["check", "--policy", "cpslint:enterprise-pki", "--format", "jsonl", "--include-passes", dir];
    if let Some(rule) = only {
        args.extend(["--rule", rule]);
    }
    let (code, out, err) = cpslint(&args);
    (code, out.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect(), err)
}

/// Each automated requirement, the file edited to break it, the edit
/// (text of the passing manifest → replacement), and a word of its message.
/// The finding is on the edited file, except where [`FAILS_ON`] says.
const FAILING: &[(&str, &str, &str, &str, &str)] = &[
    (
        "EPKI-1.3.1-CERTIFICATE",
        "root.toml",
        "algorithm = \"rsa\"\nbits = 4096",
        "algorithm = \"ec\"\ncurve = \"P-384\"",
        "key.algorithm is `ec`, and",
    ),
    ("EPKI-1.3.1-PARENT", "issuing.toml", "parent = \"Corp Root CA\"", "parent = \"Corp Old Root\"", "Corp Old Root"),
    (
        "EPKI-1.3.1-TIERS",
        "issuing.toml",
        "tier = \"issuing\"",
        "tier = \"root\"",
        "the root CA `Corp Issuing CA 1` is certified",
    ),
    ("EPKI-1.3.1-TWO-TIER", "issuing.toml", "tier = \"issuing\"", "tier = \"intermediate\"", "third tier"),
    ("EPKI-1.3.1-PATH-LENGTH", "issuing.toml", "tier = \"issuing\"", "tier = \"intermediate\"", "path lengths 0"),
    ("EPKI-1.3.1-NO-EXTRA-TIER", "root.toml", "path_len = 0", "path_len = 2", "could then certify"),
    (
        "EPKI-1.3.1-ISSUING-LEAVES",
        "issuing.toml",
        "kind = \"end-entity\"",
        "kind = \"subordinate-ca\"",
        "issues CA certificates",
    ),
    (
        "EPKI-1.3.1-EKU-WITHIN-PARENT",
        "issuing.toml",
        "ekus = [\"serverAuth\"]",
        "ekus = [\"serverAuth\", \"codeSigning\"]",
        "codeSigning",
    ),
    (
        "EPKI-1.3.1-POLICY-WITHIN-PARENT",
        "issuing.toml",
        "policy_oids = [\"1.3.6.1.4.1.55555.1.1\"]",
        "policy_oids = [\"1.3.6.1.4.1.55555.1.9\"]",
        "1.3.6.1.4.1.55555.1.9",
    ),
    ("EPKI-4.9.7-ISSUING-CRL", "issuing.toml", "crl_interval = \"1d\"", "crl_interval = \"14d\"", "every 14 days"),
    ("EPKI-4.9.7-ISSUING-NEXT-UPDATE", "issuing.toml", "crl_next_update = \"7d\"\n", "", "must set at most"),
    ("EPKI-4.9.7-CA-CRL", "root.toml", "crl_interval = \"180d\"", "crl_interval = \"400d\"", "every 400 days"),
    (
        "EPKI-5.1.2-QUORUM",
        "issuing.toml",
        "physical_access = 2",
        "physical_access = 1",
        "entering the secure area takes 1",
    ),
    ("EPKI-5.2.1-ROLES", "root.toml", "name = \"ca_administrator\"", "name = \"operator\"", "CA administrator"),
    (
        "EPKI-5.2.1-HOLDERS",
        "issuing.toml",
        "holders = [\"carol\"]",
        "holders = []",
        "1 of the trusted roles (ca_administrator, certificate_manager and auditor) have no holder",
    ),
    ("EPKI-5.2.4-AUDITOR", "issuing.toml", "holders = [\"carol\"]", "holders = [\"carol\", \"dana\"]", "dana"),
    ("EPKI-5.4.2-REVIEW", "issuing.toml", "review_interval = \"7d\"", "review_interval = \"90d\"", "every 90 days"),
    ("EPKI-5.4.3-RETENTION", "root.toml", "retention = \"3650d\"", "retention = \"365d\"", "kept 365 days"),
    (
        "EPKI-5.4.4-ARCHIVAL",
        "root.toml",
        "audit_log_archival = 2",
        "audit_log_archival = 1",
        "archiving the audit log takes 1",
    ),
    ("EPKI-5.4.4-DELETION", "root.toml", "audit_log_deletion = 2\n", "", "deleting audit records takes none"),
    (
        "EPKI-6.1.1-CEREMONY",
        "issuing.toml",
        "kind = \"key-generation\"",
        "kind = \"key-backup\"",
        "no key-generation ceremony",
    ),
    (
        "EPKI-6.1.1-SCRIPT",
        "issuing.toml",
        "script = \"ceremonies/2025-01-16-issuing-1.pdf\"\n",
        "",
        "no recorded script",
    ),
    ("EPKI-6.1.1-WITNESSES", "issuing.toml", "witnesses = [\"dana\"]", "witnesses = []", "no witness"),
    ("EPKI-6.1.1-OPERATOR-SIGN-OFF", "root.toml", "operator = \"bob\"\n", "", "Sign the root certificate"),
    ("EPKI-6.1.1-WITNESS-SIGN-OFF", "root.toml", "witness = \"dana\"\n", "", "Sign the root certificate"),
    ("EPKI-6.1.1-ARTEFACTS", "issuing.toml", "artefacts = [\"issuing-ca-1.csr\"]\n", "", "no artefacts"),
    ("EPKI-6.1.5-CA-KEY", "root.toml", "bits = 4096", "bits = 2048", "2048 bits"),
    ("EPKI-6.1.5-PROFILE-RSA", "issuing.toml", "min_rsa_bits = 2048", "min_rsa_bits = 1024", "1024"),
    ("EPKI-6.2.1-HSM", "issuing.toml", "storage = \"hsm\"", "storage = \"software\"", "held in software"),
    ("EPKI-6.2.1-FIPS", "issuing.toml", "fips_level = 3", "fips_level = 2", "level 2"),
    (
        "EPKI-6.2.2-GENERATION",
        "issuing.toml",
        "key_generation = 2",
        "key_generation = 1",
        "generating a CA key takes 1",
    ),
    ("EPKI-6.2.2-ACTIVATION", "root.toml", "activation = 2", "activation = 1", "activating the CA key takes 1"),
    ("EPKI-6.2.2-BACKUP", "issuing.toml", "backup = 2", "backup = 1", "backing up or restoring the CA key takes 1"),
    ("EPKI-6.3.2-PROFILE", "issuing.toml", "validity_max = \"397d\"", "validity_max = \"825d\"", "825 days"),
    ("EPKI-6.7-ROOT-OFFLINE", "root.toml", "online = false", "online = true", "is online"),
    (
        "EPKI-7.1.3-SIGNATURE",
        "root.toml",
        "signature_algorithms = [\"sha384WithRSAEncryption\"]",
        "signature_algorithms = [\"sha1WithRSAEncryption\"]",
        "sha1WithRSAEncryption",
    ),
];

/// Requirements whose finding is on the other CA than the edited one: a
/// parent's profile is judged from its child.
const FAILS_ON: &[(&str, &str)] = &[("EPKI-1.3.1-NO-EXTRA-TIER", "issuing.toml")];

#[test]
fn the_passing_hierarchy_passes_every_automated_requirement() {
    let (code, lines, err) = results(PASS, None);
    assert_eq!(code, 0, "{err}");
    let bad: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["status"] == "fail" || l["status"] == "error").collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // No requirement passes only by not applying: each one passes on at least one of the two CAs.
    let (_, rules, _) = cpslint(&["rules", "--policy", "cpslint:enterprise-pki", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_str(&rules).unwrap();
    let automated: Vec<&str> = rules["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["target"] == "ca")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(automated.len() >= 30, "{automated:?}");
    // A two-tier hierarchy has no intermediate for this one to apply to.
    let three_tier_only = ["EPKI-1.3.1-PATH-LENGTH"];
    for id in &automated {
        assert!(FAILING.iter().any(|(r, ..)| r == id), "{id} has no failing manifest in FAILING");
        if three_tier_only.contains(id) {
            continue;
        }
        assert!(lines.iter().any(|l| l["rule"] == *id && l["status"] == "pass"), "{id} passes nowhere: {lines:#?}");
    }
}

#[test]
fn each_requirement_fails_on_its_failing_manifest() {
    for (id, file, from, to, says) in FAILING {
        let dir = tempfile::tempdir().unwrap();
        for name in ["root.toml", "issuing.toml"] {
            let text = std::fs::read_to_string(Path::new(PASS).join(name)).unwrap();
            // The copy names the CA certificate by its full path.
            let cert = common::root().join("examples/two-tier-pki/certs/root-ca.pem");
            let text = text.replace("../../../../examples/two-tier-pki/certs/root-ca.pem", cert.to_str().unwrap());
            let text = if name == *file {
                assert!(text.contains(from), "{id}: `{from}` is not in {name}");
                text.replacen(from, to, 1)
            } else {
                text
            };
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let (code, lines, err) = results(dir.path().to_str().unwrap(), Some(id));
        assert_eq!(code, if id.contains("TWO-TIER") || id.contains("EXTRA-TIER") { 0 } else { 1 }, "{id}: {err}");
        let failed: Vec<&serde_json::Value> =
            lines.iter().filter(|l| l["rule"] == *id && l["status"] == "fail").collect();
        assert_eq!(failed.len(), 1, "{id} fails once: {lines:#?}");
        let f = failed[0];
        let on = FAILS_ON.iter().find(|(r, _)| r == id).map_or(*file, |(_, f)| *f);
        assert!(f["file"].as_str().unwrap().ends_with(on), "{id} fails on {on}: {f}");
        assert!(f["line"].as_u64().is_some_and(|l| l > 0), "{id} names a line: {f}");
        assert!(f["message"].as_str().unwrap().contains(says), "{id}: `{says}` not in {f}");
    }
}
