//! Integration tests: the CLI end to end, diagnostics of malformed policies,
//! the shipped policies, and random mutations of them.

mod common;

mod agreement;
mod ca_configs;
mod ca_models;
mod check;
mod cli;
mod defaults;
mod diagnostics;
mod enterprise;
mod examples;
mod field_groups;
mod fuzz_regressions;
mod hostile_inputs;
mod hostile_policies;
mod layering;
mod mutations;
mod policies;
