//! Inputs that once crashed or hung a fuzz target, kept in
//! `tests/fuzz/regressions/TARGET/`, replayed through the same code as the
//! target (`tests/fuzz/targets.rs`): none may panic or take long. Inputs in
//! `tests/fuzz/regressions/open/` reproduce problems that are not fixed yet
//! and are not replayed.

use std::panic::catch_unwind;
use std::time::{Duration, Instant};

#[path = "fuzz/targets.rs"]
mod targets;

#[test]
fn inputs_that_once_crashed_a_fuzz_target_do_not() {
    let root = crate::common::root().join("tests/fuzz/regressions");
    type Target = fn(&[u8]);
    let runs: [(&str, Target); 4] =
        [("compile", targets::compile), ("blocks", targets::blocks), ("cert", targets::cert), ("ca", targets::ca)];
    let mut replayed = 0;
    for (target, run) in runs {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else { continue };
        let mut files: Vec<_> = entries.map(|e| e.expect("a directory entry").path()).collect();
        files.sort();
        for path in files {
            let data = std::fs::read(&path).expect("a regression input");
            let started = Instant::now();
            assert!(catch_unwind(|| run(&data)).is_ok(), "{target} panics on {}", path.display());
            let took = started.elapsed();
            assert!(took < Duration::from_secs(20), "{target} takes {took:?} on {}", path.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no regression input under {}", root.display());
}
