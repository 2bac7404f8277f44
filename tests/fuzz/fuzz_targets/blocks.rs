//! The input splitter on any bytes: every block it finds, decoded.
#![no_main]

use cpslint::corpus::blocks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(found) = blocks(data) else { return };
    let mut total = 0usize;
    for b in &found {
        let _ = b.der();
        let _ = b.kind.to_string();
        assert!(b.count() >= 1);
        assert!(b.last_line() >= b.line);
        total += b.count();
    }
    // No block is made from nothing: at most one per byte, and one at least.
    assert!(total >= 1 && total <= data.len().max(1), "{total} blocks from {} bytes", data.len());
});
