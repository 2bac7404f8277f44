//! `cpslint check` over the generated certificate fixtures.

use crate::common::{self, cpslint, transcript};

const CERTS: &str = "tests/fixtures/certs";

#[test]
fn summary_over_the_fixtures() {
    let (code, _, err) = cpslint(&["check", CERTS]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("11 files, 12 certificates: 5 errors, 0 warnings, 0 notices; 2 inputs or fields not decodable; 0 files unreadable; 2 files skipped (no certificate in them); "),
        "{err}"
    );
}

const FORMATS: &[&str] = &["human", "json", "jsonl", "sarif", "junit", "github", "gitlab"];

#[test]
fn every_format_has_a_snapshot() {
    for format in FORMATS {
        let (code, out, err) = cpslint(&["check", "--format", format, CERTS]);
        assert_eq!(code, 1, "{err}");
        // SARIF names the working directory as `%SRCROOT%`: the checkout's place varies.
        let root = format!("file://{}/", common::root().display());
        let out = out.replace(&root, "file:///CHECKOUT/");
        let name = format!("check_format_{format}");
        common::settings().bind(|| insta::assert_snapshot!(name, out));
    }
}

#[test]
fn every_format_is_identical_for_any_thread_count() {
    for format in FORMATS {
        let one = cpslint(&["check", "-j", "1", "--format", format, "--include-passes", CERTS]);
        let two = cpslint(&["check", "-j", "2", "--format", format, "--include-passes", CERTS]);
        assert_eq!((one.0, &one.1), (two.0, &two.1), "{format}");
    }
}

#[test]
fn output_goes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    let (code, out, err) = cpslint(&[
        "check",
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
        "tests/fixtures/certs/tls-long.pem",
    ]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["summary"]["certificates"], 1);
    assert_eq!(doc["summary"]["failed"]["error"], 1, "the summary labels its counts");
    assert_eq!(doc["findings"][0]["rule"], "BR-6.3.2-200");
    let (code, _, err) = cpslint(&["check", "--output", "/nonexistent-dir/out.txt", CERTS]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write `/nonexistent-dir/out.txt`"), "{err}");
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let schema = sarif_schema();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let (_, out, _) = cpslint(&["check", "--format", "sarif", "--include-passes", CERTS, "-"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken), "the schema must reject an unknown level");
    let run = &doc["runs"][0];
    assert_eq!(doc["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["cpslint/v1"].is_string());
    }
}

/// The official SARIF 2.1.0 schema, as the serde-sarif package ships it.
fn sarif_schema() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let meta = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(common::root())
        .output()
        .expect("cargo metadata");
    let meta: serde_json::Value = serde_json::from_slice(&meta.stdout).expect("cargo metadata JSON");
    let manifest = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif is a dependency");
    let path = std::path::Path::new(manifest).with_file_name("src").join("schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The published schema's pattern for `language` has a stray `]` that a strict regex
    // engine rejects, so the schema does not compile as published; cpslint never writes `language`.
    fn fix(v: &mut serde_json::Value) -> usize {
        match v {
            serde_json::Value::String(p) if p == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" => {
                *p = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".to_owned();
                1
            }
            serde_json::Value::Object(m) => m.values_mut().map(fix).sum(),
            serde_json::Value::Array(a) => a.iter_mut().map(fix).sum(),
            _ => 0,
        }
    }
    assert!(fix(&mut schema) > 0);
    assert!(schema["title"].as_str().unwrap().contains("SARIF) Version 2.1.0"));
    schema
}

#[test]
fn jsonl_is_identical_for_any_thread_count() {
    let one = cpslint(&["check", "-j", "1", "--format", "jsonl", "--include-passes", CERTS]);
    let two = cpslint(&["check", "-j", "2", "--format", "jsonl", "--include-passes", CERTS]);
    assert_eq!(one.0, two.0);
    assert_eq!(one.1, two.1);
    let lines: Vec<serde_json::Value> = one.1.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.iter().all(|l| l["version"] == 2));
    for status in ["pass", "fail", "not_applicable", "error"] {
        assert!(lines.iter().any(|l| l["status"] == status), "no `{status}` finding");
    }
}

#[test]
fn a_tbs_certificate_lints_like_the_signed_one() {
    let verdicts = |file: &str| -> Vec<(String, String, String)> {
        let (code, out, err) = cpslint(&["check", "--format", "jsonl", "--include-passes", file]);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|v| {
                let text = |k: &str| v[k].as_str().unwrap().to_owned();
                (text("rule"), text("status"), text("message"))
            })
            .collect()
    };
    let mut signed = verdicts("tests/fixtures/certs/tls-ok.pem");
    let mut tbs = verdicts("tests/fixtures/certs/tls-ok.tbs");
    assert!(signed.len() > 20);
    // The one requirement on the outer signature has nothing to read in a TBSCertificate.
    let outer = |v: &mut Vec<(String, String, String)>| {
        let i = v.iter().position(|(rule, ..)| rule == "BR-7.1.3.2-MATCH").unwrap();
        v.remove(i).1
    };
    assert_eq!((outer(&mut signed), outer(&mut tbs)), ("pass".to_owned(), "not_applicable".to_owned()));
    assert_eq!(signed, tbs);
}

#[test]
fn broken_inputs_are_one_finding_each_and_the_run_goes_on() {
    let args = ["check", "--format", "jsonl", "tests/fixtures/certs/broken", "tests/fixtures/certs/tls-ok.pem"];
    let (code, out, err) = cpslint(&args);
    assert_eq!(code, 1);
    // `public-key-only.pem` holds no certificate: the walk counts it as skipped.
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().all(|l| l.contains(r#""rule":"corpus::unparseable""#)), "{out}");
    assert!(err.contains("; 1 file skipped (no certificate in them)"), "{err}");
    // Named on the command line, it is reported.
    let (code, out, _) = cpslint(&["check", "--format", "jsonl", "tests/fixtures/certs/broken/public-key-only.pem"]);
    assert_eq!(code, 1);
    assert!(out.contains("no certificate in this PEM file (blocks: PUBLIC KEY)"), "{out}");
}

#[test]
fn unreadable_input_exits_2_after_the_rest() {
    let (code, out, err) = cpslint(&["check", "tests/fixtures/certs/nope.pem", "tests/fixtures/certs/tls-long.pem"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("nope.pem\n  error corpus::unparseable: cannot read"), "{out}");
    assert!(out.contains("tls-long.pem#1 (line 1)\n  error BR-6.3.2"), "{out}");
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

#[test]
fn links_are_followed_and_a_loop_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(common::root().join("tests/fixtures/certs/tls-long.pem"), sub.join("cert.pem")).unwrap();
    std::os::unix::fs::symlink(&sub, sub.join("loop")).unwrap();
    std::os::unix::fs::symlink(sub.join("cert.pem"), dir.path().join("link.pem")).unwrap();
    let (code, out, err) = cpslint(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out.matches("BR-6.3.2-200").count(), 2, "{out}"); // the file and the link to it
    assert_eq!(out.matches("File system loop").count(), 1, "{out}");
    assert!(err.contains("1 file unreadable"), "{err}");
}

#[test]
fn a_directory_without_permission_is_one_finding() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::copy(common::root().join("tests/fixtures/certs/tls-ok.pem"), dir.path().join("ok.pem")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        #[allow(clippy::print_stderr)] // the reason a test did nothing belongs in its log
        {
            eprintln!("skipped: permissions are not enforced for this user");
        }
        return;
    }
    let (code, out, err) = cpslint(&["check", dir.path().to_str().unwrap()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(code, 2, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("locked\n  error corpus::unparseable: cannot read: Permission denied"), "{out}");
    assert!(err.contains("2 files, 1 certificate"), "{err}");
}

/// Every file of the shared corpora, named on the command line so that none is skipped.
#[test]
fn every_corpus_file_is_linted_or_reported() {
    let Some(shared) = common::shared() else {
        return;
    };
    let files: Vec<String> = walkdir::WalkDir::new(shared.join("corpora"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(files.len() > 2000, "{} files", files.len());
    let mut args = vec!["check", "--format", "jsonl", "--include-passes"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = cpslint(&args);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with(&format!("{} files, ", files.len())), "{err}");
    // Per file: results of requirements, findings about the whole file, findings about one PEM block.
    let mut seen: std::collections::BTreeMap<String, (usize, usize, usize)> = std::collections::BTreeMap::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let entry = seen.entry(v["file"].as_str().unwrap().to_owned()).or_default();
        if v["rule"] == "corpus::unparseable" {
            let message = v["message"].as_str().unwrap();
            assert!(!message.is_empty() && !message.contains("Nom") && !message.contains("Parsing Error"), "{line}");
            if v["certificate"].is_null() {
                entry.1 += 1;
            } else {
                entry.2 += 1;
            }
        } else {
            entry.0 += 1;
        }
    }
    for f in &files {
        let (rules, whole_file, blocks) = seen.get(f).copied().unwrap_or_default();
        assert!(rules + whole_file + blocks > 0, "{f} is not in the output");
        assert!(whole_file <= 1, "{f} reported {whole_file} times");
    }
}

#[test]
fn standard_input_is_read_once() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cpslint"))
        .args(["check", "--format", "jsonl", "-"])
        .current_dir(common::root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pem = std::fs::read(common::root().join("tests/fixtures/certs/bundle.pem")).unwrap();
    child.stdin.take().unwrap().write_all(&pem).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r#""file":"<stdin>","certificate":2"#), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("1 file, 2 certificates"));
}

#[test]
fn an_oversized_file_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.der");
    std::fs::File::create(&big).unwrap().set_len(cpslint::corpus::MAX_INPUT_BYTES + 1).unwrap();
    let (code, out, _) =
        cpslint(&["check", "--format", "jsonl", big.to_str().unwrap(), "tests/fixtures/certs/tls-ok.pem"]);
    assert_eq!(code, 2, "refused unread, the file is unchecked");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("larger than 64 MiB; not read"), "{out}");
}

/// Each way a CI run could pass without checking anything exits 2 and says why.
#[test]
fn nothing_checked_is_an_error_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (code, out, err) = cpslint(&["check", empty.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("the directory holds no file"), "{out}");
    let (code, out, _) = cpslint(&["check", dir.path().join("mistyped").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("cannot read: No such file or directory"), "{out}");
    let text = dir.path().join("text");
    std::fs::create_dir(&text).unwrap();
    std::fs::write(text.join("README.md"), "# not a certificate\n").unwrap();
    std::fs::copy(common::root().join("tests/fixtures/certs/broken/public-key-only.pem"), text.join("key.pem"))
        .unwrap();
    let (code, out, err) = cpslint(&["check", text.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("error: nothing was checked:"), "{err}");
    assert!(err.contains("holds no certificate (2 files skipped)"), "{err}");
}

/// The walk recognises certificates by content, whatever their names.
#[test]
fn certificates_are_found_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let long = common::root().join("tests/fixtures/certs/tls-long.pem");
    for name in ["cert.bin", "cert.crttest", "no-extension", "cert.p7b.txt"] {
        std::fs::copy(&long, dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("notes.txt"), "nothing here\n").unwrap();
    std::fs::write(dir.path().join("empty.log"), "").unwrap();
    // Refused unread for its size, a file could hold certificates: it is reported, never skipped.
    let big = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    big.set_len(cpslint::corpus::MAX_INPUT_BYTES + 1).unwrap();
    let (code, out, err) = cpslint(&["check", "--format", "jsonl", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out.matches("BR-6.3.2-200").count(), 4, "{out}");
    assert!(out.contains(r#"huge.txt","certificate":null"#) && out.contains("larger than 64 MiB"), "{out}");
    assert!(err.starts_with("5 files, 4 certificates"), "{err}");
    assert!(err.contains("; 2 files skipped (no certificate in them)"), "{err}");
}

/// A selection that evaluates nothing on certificates exits 2 and says why.
#[test]
fn a_selection_that_evaluates_nothing_is_an_error() {
    const EXAMPLE: &str = "examples/example-corp/tls-issuing-ca.cps";
    let ok = "tests/fixtures/certs/tls-ok.pem";
    let cases = [
        (vec!["--rule", "EXC-5.2.2-M"], "`EXC-5.2.2-M` is a manual requirement"),
        (vec!["--rule", "EXC-4.9.7-A"], "nothing was checked: the inputs hold no CA configuration"),
        (
            vec!["--rule", "BR-6.1.5-RSA8"],
            "`BR-6.1.5-RSA8` is disabled by `Example Corp TLS Issuing CA Certificate Policy`: Example Corp issues ECDSA keys only",
        ),
        (
            vec!["--rule", "BR-6.1.5-RSA", "--exclude-rule", "BR-6.1.5-RSA"],
            "`BR-6.1.5-RSA` selects only requirements that --exclude-rule also excludes",
        ),
        (vec!["--exclude-rule", "*"], "--exclude-rule leaves no requirement to evaluate"),
        (vec!["--rule", "BR-9.*"], "no requirement matches `BR-9.*`"),
        (vec!["--rule", "zlint:e_no_such_lint"], "no requirement matches `zlint:e_no_such_lint`"),
    ];
    for (selection, why) in cases {
        let mut args = vec!["check", "--policy", EXAMPLE];
        args.extend(selection.iter().copied());
        args.push(ok);
        let (code, out, err) = cpslint(&args);
        assert_eq!((code, out.as_str()), (2, ""), "{selection:?}: {err}");
        assert!(err.contains(why), "{selection:?}: {err}");
    }
}

/// `--rule` takes comma lists, globs, ID prefixes and peer names.
#[test]
fn rule_selectors() {
    let evaluated = |selection: &[&str]| -> std::collections::BTreeSet<String> {
        let mut args = vec!["check", "--format", "jsonl", "--include-passes"];
        args.extend(selection);
        args.push("tests/fixtures/certs/tls-ok.pem");
        let (code, out, err) = cpslint(&args);
        assert_eq!(code, 0, "{selection:?}: {err}");
        out.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(
        evaluated(&["--rule", "BR-6.3.2"]),
        ids(&["BR-6.3.2-47", "BR-6.3.2-100", "BR-6.3.2-200", "BR-6.3.2-398"])
    );
    assert_eq!(evaluated(&["--rule", "BR-6.1.5-RSA,BR-7.1.1-V3"]), ids(&["BR-6.1.5-RSA", "BR-7.1.1-V3"]));
    assert_eq!(
        evaluated(&["--rule", "BR-6.1.*", "--exclude-rule", "BR-6.1.6*"]),
        ids(&["BR-6.1.5-EC", "BR-6.1.5-RSA", "BR-6.1.5-RSA8"])
    );
    assert_eq!(evaluated(&["--rule", "zlint:e_ext_san_missing"]), ids(&["BR-7.1.2.7.12-SAN"]));
    assert_eq!(evaluated(&["--rule", "pkilint:cabf.serverauth.*validity*"]), ids(&["BR-6.3.2-398"]));
}

/// `-o` naming an input is refused before anything is read; the input is unchanged.
#[test]
fn the_output_is_never_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    std::fs::copy(common::root().join("tests/fixtures/certs/tls-long.pem"), &cert).unwrap();
    let before = std::fs::read(&cert).unwrap();
    for target in [cert.clone(), dir.path().join(".").join("cert.pem")] {
        let (code, _, err) = cpslint(&["check", "-o", target.to_str().unwrap(), dir.path().to_str().unwrap()]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("is also an input"), "{err}");
        assert_eq!(std::fs::read(&cert).unwrap(), before);
    }
    // Beside the inputs is fine, and a rerun replaces the file whole.
    let out = dir.path().join("findings.jsonl");
    for _ in 0..2 {
        let (code, _, err) =
            cpslint(&["check", "--format", "jsonl", "-o", out.to_str().unwrap(), cert.to_str().unwrap()]);
        assert_eq!(code, 1, "{err}");
        assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 1);
    }
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
}

/// A run killed while it writes leaves no output file: it is written under a
/// temporary name and renamed only at the end.
#[test]
fn a_killed_run_leaves_no_output() {
    for signal in ["TERM", "INT", "KILL"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.sarif");
        // Standard input stays open, so the run waits inside `check` until it is killed.
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cpslint"))
            .args(["check", "--format", "sarif", "-o", out.to_str().unwrap(), "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let partial = || {
            std::fs::read_dir(dir.path())
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".partial"))
        };
        let started = std::time::Instant::now();
        while !partial() {
            assert!(started.elapsed().as_secs() < 60, "the temporary output never appeared");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let killed = std::process::Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status();
        assert!(killed.unwrap().success());
        let _ = child.wait();
        assert!(!out.exists(), "SIG{signal} left {}", out.display());
        if signal != "KILL" {
            assert!(!partial(), "SIG{signal} left the temporary file");
        }
    }
}

/// GitHub code scanning's documented requirements, beyond the SARIF schema:
/// every result has a location with a region and a URI relative to
/// `%SRCROOT%` or `file://`, a `partialFingerprints.primaryLocationLineHash`;
/// no pass results; every rule has descriptions, help, `helpUri` and a
/// numeric `security-severity`.
#[test]
fn sarif_meets_github_code_scanning_requirements() {
    use std::io::Write;
    let schema = sarif_schema();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let absolute = common::root().join("tests/fixtures/certs/tls-long.pem");
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("far away.pem");
    std::fs::copy(&absolute, &elsewhere).unwrap();
    let der = "tests/fixtures/certs/broken/truncated.der";
    for stdin_name in [None, Some("certs/issued.pem")] {
        let mut args = vec!["check", "--format", "sarif", "--include-passes"];
        if let Some(n) = stdin_name {
            args.extend(["--stdin-filename", n]);
        }
        args.extend([der, "tests/fixtures/certs/tls-rsa1024.pem", absolute.to_str().unwrap()]);
        args.extend([elsewhere.to_str().unwrap(), "-"]);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cpslint"))
            .args(&args)
            .current_dir(common::root())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&std::fs::read(&absolute).unwrap()).unwrap();
        let output = child.wait_with_output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let run = &doc["runs"][0];
        let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
        assert!(root.starts_with("file:///") && root.ends_with('/'), "{root}");
        for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
            for key in ["shortDescription", "fullDescription", "help"] {
                let text = rule[key]["text"].as_str().unwrap_or_default();
                assert!(!text.is_empty() && text.chars().count() <= 1024 || key == "help", "{key} of {}", rule["id"]);
            }
            assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"), "{}", rule["id"]);
            let score: f64 = rule["properties"]["security-severity"].as_str().unwrap().parse().unwrap();
            assert!(score > 0.0 && score <= 10.0);
        }
        let results = run["results"].as_array().unwrap();
        let mut uris = std::collections::BTreeSet::new();
        for r in results {
            assert!(matches!(r["kind"].as_str(), Some("fail" | "open")), "a pass reached SARIF: {r}");
            let loc = &r["locations"][0]["physicalLocation"];
            assert!(loc["region"]["startLine"].as_i64().unwrap() >= 1, "{r}");
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            match loc["artifactLocation"]["uriBaseId"].as_str() {
                Some("%SRCROOT%") => assert!(!uri.contains(':') && !uri.starts_with('/'), "{uri}"),
                None => assert!(uri.starts_with("file:///"), "{uri}"),
                Some(other) => panic!("unknown base {other}"),
            }
            uris.insert(uri.to_owned());
            let hash = r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap();
            assert_eq!(hash.len(), 18, "{hash}");
        }
        let stdin_uri = stdin_name.unwrap_or("%3Cstdin%3E");
        for expected in [der, "tests/fixtures/certs/tls-rsa1024.pem", "tests/fixtures/certs/tls-long.pem", stdin_uri] {
            assert!(uris.contains(expected), "{expected} not in {uris:?}");
        }
        let far = format!("file://{}", elsewhere.display()).replace(' ', "%20");
        assert!(uris.contains(&far), "{far} not in {uris:?}");
    }
}

/// What used to read wrongly: durations in words with the exact value,
/// effective dates named, `--at`, and the JSON shapes.
#[test]
fn messages_and_shapes() {
    let (_, out, _) = cpslint(&["check", "tests/fixtures/certs/tls-long.pem"]);
    assert!(
        out.contains(
            "validity is 500 days and 1 second (notBefore to notAfter inclusive); at most 200 days is allowed"
        ),
        "{out}"
    );
    let (_, out, _) =
        cpslint(&["check", "--include-passes", "--rule", "BR-6.3.2-398", "tests/fixtures/certs/tls-ok.pem"]);
    assert!(out.contains("not effective BR-6.3.2-398: notBefore 2026-11-22T12:48:28Z is on or after 2026-03-15, when this requirement ceases to apply"), "{out}");
    // As of 2027-04-01 the 100-day limit applies to a certificate issued today.
    let (code, out, _) = cpslint(&["check", "--at", "2027-04-01", "tests/fixtures/certs/tls-long.pem"]);
    assert_eq!(code, 1);
    assert!(out.contains("error BR-6.3.2-100: validity is 500 days and 1 second"), "{out}");
    let (_, out, _) = cpslint(&[
        "check",
        "--at",
        "2027-04-01",
        "--include-passes",
        "--rule",
        "BR-6.3.2-200",
        "tests/fixtures/certs/tls-ok.pem",
    ]);
    assert!(out.contains("the evaluation date 2027-04-01 (--at) is on or after 2027-03-15"), "{out}");
    let (code, _, err) = cpslint(&["check", "--at", "someday", "tests/fixtures/certs/tls-ok.pem"]);
    assert_eq!(code, 2);
    assert!(err.contains("--at `someday` is not a date"), "{err}");
    // `rules` takes --policy like every other command, and the positional form still works.
    let (a, b) =
        (cpslint(&["rules", "--policy", "cpslint:cabf/br-tls"]), cpslint(&["rules", "policies/cabf/br-tls.cps"]));
    assert_eq!((a.0, b.0), (0, 0));
    assert_eq!(a.1.lines().count(), b.1.lines().count());
    // One shape for `source` everywhere.
    let (_, rules, _) = cpslint(&["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_str(&rules).unwrap();
    let (_, findings, _) = cpslint(&["check", "--format", "jsonl", "tests/fixtures/certs/tls-long.pem"]);
    let finding: serde_json::Value = serde_json::from_str(findings.lines().next().unwrap()).unwrap();
    for source in [&rules["requirements"][0]["source"], &finding["source"]] {
        assert_eq!(source["file"], "cpslint:cabf/br-tls", "{source}");
        assert!(source["line"].is_u64() && source["column"].is_u64(), "{source}");
    }
}

/// Certificates as users have them: a PEM file saved with a byte order mark,
/// bare base64, PKCS#7 bundles in PEM and DER, and two PEM files concatenated
/// without a newline between them.
#[test]
fn inputs_as_users_have_them() {
    let dir = tempfile::tempdir().unwrap();
    let pem = std::fs::read(common::root().join("tests/fixtures/certs/tls-ok.pem")).unwrap();
    let text = String::from_utf8(pem.clone()).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(&pem);
    std::fs::write(dir.path().join("bom.pem"), bom).unwrap();
    std::fs::write(dir.path().join("bare.b64"), format!("{body}\n")).unwrap();
    let joined = format!("{}{}", text.trim_end(), text);
    std::fs::write(dir.path().join("joined.pem"), joined).unwrap();
    let mut args = vec!["check".to_owned(), "--format".to_owned(), "jsonl".to_owned(), "--include-passes".to_owned()];
    for name in ["bom.pem", "bare.b64", "joined.pem"] {
        args.push(dir.path().join(name).display().to_string());
    }
    args.extend(["tests/fixtures/certs/bundle-p7.pem", "tests/fixtures/certs/bundle.p7b"].map(str::to_owned));
    let (code, out, err) = cpslint(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("5 files, 8 certificates: 0 errors"), "{err}");
    let per_file = |name: &str| {
        out.lines()
            .filter(|l| l.contains(name))
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["certificate"].as_u64().unwrap())
            .collect::<std::collections::BTreeSet<_>>()
    };
    for (name, certificates) in
        [("bom.pem", 1), ("bare.b64", 1), ("joined.pem", 2), ("bundle-p7.pem", 2), ("bundle.p7b", 2)]
    {
        assert_eq!(per_file(name).len(), certificates, "{name}");
    }
}

/// GitLab Code Quality: a JSON array of issues with the members GitLab requires;
/// GitHub annotations: one workflow command per problem, nothing forged by a name.
#[test]
fn ci_annotation_formats() {
    let (code, out, err) = cpslint(&["check", "--format", "gitlab", CERTS]);
    assert_eq!(code, 1, "{err}");
    let issues: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(issues.len(), 7);
    for i in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].as_str().is_some_and(|v| !v.is_empty()), "{key} in {i}");
        }
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&i["severity"].as_str().unwrap()));
        assert!(i["location"]["path"].as_str().unwrap().starts_with("tests/fixtures/certs/"));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    let unique: std::collections::BTreeSet<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(unique.len(), issues.len(), "fingerprints are unique");
    let (_, out, _) = cpslint(&["check", "--format", "github", CERTS]);
    assert_eq!(out.lines().count(), 7, "{out}");
    assert!(out.lines().all(|l| l.starts_with("::error file=tests/fixtures/certs/") && l.contains(",line=")), "{out}");
    let (code, _, err) = cpslint(&["check", "--format", "nonsense", CERTS]);
    assert_eq!(code, 2);
    assert!(err.contains("possible values") && err.contains("gitlab"), "{err}");
}
