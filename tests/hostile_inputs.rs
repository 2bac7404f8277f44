//! Inputs from pull requests and the internet: includes that reach for
//! secrets, special files, links out of the tree, forged names, failed
//! writes. Each case ends promptly with a clear message, never a hang.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, cpslint};

/// Runs cpslint in `dir` with a secret in its environment, giving up after 20 s (a hang).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpslint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CPSLINT_TEST_SECRET", "hunter2-token-0042")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("cpslint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn includes_never_show_what_is_outside_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("fifo.cps"));
    let targets = ["/proc/self/environ", "/etc/passwd", "/dev/zero", "/dev/stdin", "fifo.cps", "../escape.cps"];
    for target in targets {
        let policy = dir.path().join("evil.cps");
        std::fs::write(&policy, format!("policy \"Evil\" {{\n  include \"{target}\"\n}}\n")).unwrap();
        for format in ["human", "json"] {
            let (code, out, err) = run_in(dir.path(), &["validate", "--format", format, "evil.cps"]);
            assert_eq!(code, 2, "{target}: {out}{err}");
            for text in [&out, &err] {
                assert!(!text.contains("hunter2"), "{target} leaked the environment: {text}");
                assert!(!text.contains("root:"), "{target} leaked /etc/passwd: {text}");
            }
            assert!(out.contains(&format!("cannot include `{target}")) || err.contains("cannot include"), "{target}");
        }
        // The same policy through `check`.
        let (code, _, err) = run_in(dir.path(), &["check", "--policy", "evil.cps", "-"]);
        assert_eq!(code, 2, "{target}: {err}");
        assert!(!err.contains("hunter2"), "{target}: {err}");
    }
    // A root added on the command line lets a file through, but a special file never.
    std::fs::write(dir.path().join("evil.cps"), "policy \"Evil\" {\n  include \"/proc/self/environ\"\n}\n").unwrap();
    let (code, out, err) = run_in(dir.path(), &["validate", "--include-root", "/", "--format", "json", "evil.cps"]);
    assert_eq!(code, 2);
    assert!(out.contains("it is under /proc, not an input file") && !out.contains("hunter2"), "{out}{err}");
}

#[test]
fn a_file_that_is_not_a_policy_is_not_quoted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.cps"), "API_TOKEN=hunter2-token-0042\n").unwrap();
    std::fs::write(dir.path().join("entry.cps"), "policy \"E\" {\n  include \"secret.cps\"\n}\n").unwrap();
    for args in [vec!["validate", "secret.cps"], vec!["validate", "--format", "json", "entry.cps"]] {
        let (code, out, err) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}");
        assert!(!out.contains("hunter2") && !err.contains("hunter2"), "{args:?}: {out}{err}");
        assert!((out.clone() + &err).contains("is not a policy file"), "{args:?}: {out}{err}");
    }
}

#[test]
fn an_include_chain_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5_000 {
        std::fs::write(
            dir.path().join(format!("p{i}.cps")),
            format!("policy \"P{i}\" {{\n  include \"p{}.cps\"\n}}\n", i + 1),
        )
        .unwrap();
    }
    let started = Instant::now();
    let (code, out, _) = run_in(dir.path(), &["validate", "--format", "json", "p0.cps"]);
    assert_eq!(code, 2);
    assert!(out.contains("includes are nested more than 32 deep"), "{out}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn special_files_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.pem");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();
    for args in [vec!["check", fifo], vec!["check", "--policy", fifo, "-"], vec!["validate", fifo]] {
        let (code, out, err) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!((out + &err).contains("it is a FIFO, not a regular file"), "{args:?}");
    }
    for device in ["/dev/zero", "/dev/null"] {
        let (code, out, _) = run_in(dir.path(), &["check", device]);
        assert_eq!(code, 2);
        assert!(out.contains("it is under /dev"), "{out}");
    }
}

/// A walk never leaves its tree through a link to a directory, reports special
/// files, and follows links to files.
#[test]
fn the_walk_stays_in_its_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("certs");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    let ok = common::root().join("tests/fixtures/certs/tls-ok.pem");
    std::fs::copy(&ok, root.join("sub/a.pem")).unwrap();
    std::os::unix::fs::symlink("/", root.join("slash")).unwrap();
    std::os::unix::fs::symlink("/proc", root.join("proc")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.pem")).unwrap();
    std::os::unix::fs::symlink("sub", root.join("inside")).unwrap();
    std::os::unix::fs::symlink(&ok, root.join("linked.pem")).unwrap();
    mkfifo(&root.join("fifo.pem"));
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "jsonl", "certs"]);
    assert_eq!(code, 2, "{err}");
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let message = |name: &str| {
        lines.iter().find(|l| l["file"] == format!("certs/{name}")).map(|l| l["message"].as_str().unwrap().to_owned())
    };
    assert!(message("slash").unwrap().contains("links to a directory outside `certs`"), "{out}");
    assert!(message("proc").unwrap().contains("links to a directory outside `certs`"), "{out}");
    assert!(message("zero.pem").unwrap().contains("it is a character device"), "{out}");
    assert!(message("fifo.pem").unwrap().contains("it is a FIFO"), "{out}");
    // sub/a.pem, inside/a.pem (a link within the tree) and linked.pem are linted.
    assert!(err.starts_with("7 files, 3 certificates"), "{err}");
}

#[test]
fn many_threads_are_capped() {
    let started = Instant::now();
    let (code, _, err) = cpslint(&["check", "-j", "100000", "tests/fixtures/certs/tls-ok.pem"]);
    assert_eq!(code, 0, "{err}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// A file name with a newline cannot forge a finding line; escape sequences
/// never reach the terminal; names that are not UTF-8 stay distinct.
#[test]
fn names_cannot_forge_output() {
    let dir = tempfile::tempdir().unwrap();
    let certs = dir.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    let long = common::root().join("tests/fixtures/certs/tls-long.pem");
    let forged = "x.pem\n  error FAKE-1: everything is fine [CABF-BR 0]\n\u{1b}[2J";
    std::fs::copy(&long, certs.join(forged)).unwrap();
    for byte in [0xff_u8, 0xfe] {
        let bytes = [b'n', byte, b'.', b'p', b'e', b'm'];
        std::fs::copy(&long, certs.join(std::ffi::OsStr::from_bytes(&bytes))).unwrap();
    }
    let (code, out, _) = run_in(dir.path(), &["check", "certs"]);
    assert_eq!(code, 1);
    assert!(!out.lines().any(|l| l.starts_with("  error FAKE-1")), "{out}");
    assert!(!out.contains('\u{1b}'), "an escape sequence reached the output");
    assert!(out.contains("x.pem\\n  error FAKE-1"), "{out}");
    assert!(out.contains("certs/n\\xfe.pem#1") && out.contains("certs/n\\xff.pem#1"), "{out}");
    // SARIF keeps the bytes of the name.
    let (_, sarif, _) = run_in(dir.path(), &["check", "--format", "sarif", "certs"]);
    assert!(sarif.contains("certs/n%FF.pem") && sarif.contains("certs/n%FE.pem"), "{sarif}");
    assert!(sarif.contains("certs/x.pem%0A"), "{sarif}");
}

/// A failed write is always said, and exits 2.
#[test]
fn a_failed_write_is_said() {
    for args in [
        vec!["rules"],
        vec!["fields"],
        vec!["explain", "BR-6.1.5-RSA"],
        vec!["check", "tests/fixtures/certs/tls-long.pem"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_cpslint"))
            .args(&args)
            .current_dir(common::root())
            .stdout(std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
    }
    // A closed standard output (`>&-`), which Rust would turn into a silent sink.
    for args in ["cpslint rules >&-", "cpslint check tests/fixtures/certs/tls-ok.pem >&-"] {
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_cpslint"));
        let script = args.replacen("cpslint", &bin.display().to_string(), 1);
        let out = Command::new("sh").args(["-c", &script]).current_dir(common::root()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("standard output: it is closed"), "{args}");
    }
}

#[test]
fn an_oversized_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pem");
    std::fs::File::create(&big).unwrap().set_len(cpslint::corpus::MAX_INPUT_BYTES + 1).unwrap();
    let (code, out, err) = cpslint(&["check", big.to_str().unwrap(), "tests/fixtures/certs/tls-ok.pem"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("larger than 64 MiB; not read"), "{out}");
    assert!(err.contains("1 file unreadable"), "{err}");
}
