//! The CA model each OpenSSL sample of the shared material is read into, with
//! every value's provenance (`cpslint model`), and what a malformed OpenSSL
//! configuration gives. The snapshots hold the normalised model, not the files.

use crate::common;

/// `cpslint model FILES` run in `dir`, with relative names, so that the output names no machine path.
fn model_in(dir: &std::path::Path, files: &[&str]) -> (i32, String, String) {
    let mut args = vec!["model"];
    args.extend(files);
    common::cpslint_in(dir, &args)
}

#[test]
fn every_openssl_sample_reads_into_the_model() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("ca-configs");
    let mut names: Vec<String> = std::fs::read_dir(dir.join("openssl"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".cnf"))
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    for name in names {
        let file = format!("openssl/{name}");
        let (code, out, err) = model_in(&dir, &[&file]);
        assert_eq!(code, 0, "{file}: {err}");
        common::settings().bind(|| insta::assert_snapshot!(format!("ca_model_openssl@{name}"), out));
    }
}

#[test]
fn a_malformed_openssl_configuration_reports_each_problem_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.cnf"),
        "[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndir = $base/ca\ndefault_days = soon\ndefault_crl_days = 30\nx509_extensions = no_such_section\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("nothing.txt"), "just text\n").unwrap();
    let (code, out, err) = model_in(dir.path(), &["broken.cnf", "nothing.txt"]);
    assert_eq!(code, 2, "a file that is not a CA configuration: {err}");
    assert!(err.contains("nothing.txt: not a CA configuration"), "{err}");
    common::settings().bind(|| insta::assert_snapshot!("ca_model_openssl_broken", out));
}
