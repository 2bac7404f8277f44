//! The `cert` fuzz target: see `targets.rs`.
#![no_main]

#[allow(dead_code)] // each target calls one of its functions
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::cert(data));
