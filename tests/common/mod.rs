//! Shared test setup: snapshot settings, running the binary, rendering diagnostics.

use std::path::{Path, PathBuf};
use std::process::Command;

use cpslint::compile::Compilation;

/// Snapshot settings: every snapshot file lives in `snapshots/` at the crate root.
pub(crate) fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

/// The crate root; tests run with it as the working directory.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `cpslint` with arguments; returns exit code, stdout and stderr.
pub(crate) fn cpslint(args: &[&str]) -> (i32, String, String) {
    cpslint_in(&root(), args)
}

/// Runs `cpslint` in `dir` (so that relative names in its output name no
/// machine path); returns exit code, stdout and stderr.
pub(crate) fn cpslint_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cpslint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run cpslint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Exit code, stdout and stderr as one text, for snapshots.
pub(crate) fn transcript(args: &[&str]) -> String {
    let (code, out, err) = cpslint(args);
    format!("$ cpslint {}\nexit: {code}\n--- stdout\n{out}--- stderr\n{err}", args.join(" "))
}

/// Diagnostics rendered as the CLI does, without colour, 80 columns wide.
pub(crate) fn render(c: &Compilation) -> String {
    cpslint::report::diagnostics_human(&c.diagnostics, &c.sources, false, 80)
}

/// The shared reference material (`CPSLINT_SHARED`, default `../shared`).
///
/// When it is missing, a test that needs it fails under CI (`CI` set), so a
/// green CI run has really used it; elsewhere the test says `SKIPPED` on the
/// terminal (written past the test harness's output capture) and passes.
pub(crate) fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("CPSLINT_SHARED").map_or_else(|| root().join("../shared"), PathBuf::from);
    if dir.join("corpora").is_dir() {
        return Some(dir);
    }
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "{test} needs the shared corpora, which are missing at {} (set CPSLINT_SHARED)", dir.display());
    use std::io::Write as _;
    let _ = std::io::stderr()
        .write_all(format!("SKIPPED {test}: no shared corpora at {} (set CPSLINT_SHARED)\n", dir.display()).as_bytes());
    None
}
