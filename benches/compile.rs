//! Compile-time benchmark: `cargo bench --bench compile`.
//!
//! Measures the shipped example policy (which includes the CA/B Forum pack),
//! end to end from text to program, and a generated policy with 1,000
//! requirements to show how compile time scales. Prints the median, minimum
//! and mean of repeated runs.

#![allow(clippy::print_stdout)]

use std::path::Path;
use std::time::{Duration, Instant};

use cpslint::compile::{MemLoader, compile};
use cpslint::policies::WithPacks;

fn measure(name: &str, runs: usize, mut f: impl FnMut() -> usize) {
    // Warm up caches and the allocator.
    for _ in 0..runs / 10 + 1 {
        f();
    }
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        size = f();
        times.push(t.elapsed());
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / u32::try_from(runs).expect("few runs");
    println!(
        "{name:<44} {size:>5} requirements  median {:>9.3} ms  min {:>9.3} ms  mean {:>9.3} ms  ({runs} runs)",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(mean)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The example CP in memory, beside the packs in the binary.
fn example_loader() -> WithPacks<MemLoader> {
    let mut loader = MemLoader::new();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    loader.insert(EXAMPLE, std::fs::read_to_string(example).expect("the example CP"));
    WithPacks(loader)
}

const EXAMPLE: &str = "examples/example-corp/tls-issuing-ca.cps";

fn generated(n: usize) -> String {
    let mut s = String::from(
        "policy \"Generated\" {\n  kind cp\n  oid 1.2.3.4\n  version \"1\"\n  effective 2026-01-01\n  include \"cpslint:cabf/br-tls\"\n  param limit: duration = 90d\n  profile server = cert.eku contains serverAuth and not cert.basic_constraints.ca\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "  section 7.1.2.7.{} \"Generated {i}\" {{\n    text \"Limit is {{limit}}.\"\n    requirement GEN-{i} \"Generated rule {i}\" {{\n      severity warning\n      cites \"Generated {i}\"\n      when cert is server and present(cert.san.dns)\n      require cert.validity.duration <= limit and all(n in cert.san.dns: n matches \"^[a-z0-9.-]+$\") and len(cert.san.dns) < {}\n      message \"validity {{cert.validity.duration}} over {{limit}}\"\n    }}\n  }}\n",
            100 + i,
            i + 2
        ));
    }
    s.push_str("}\n");
    s
}

fn main() {
    let loader = example_loader();
    let entry = Path::new(EXAMPLE);
    measure("example policy (with its include)", 500, || {
        let c = compile(entry, &loader);
        c.program.expect("the example compiles").requirements.len()
    });

    let mut files = MemLoader::new();
    files.insert("generated.cps", generated(1_000));
    let big = WithPacks(files);
    let gen_entry = Path::new("generated.cps");
    measure("generated policy, 1,000 requirements", 20, || {
        let c = compile(gen_entry, &big);
        assert!(!c.has_errors(), "{:?}", c.diagnostics.first());
        c.program.expect("compiles").requirements.len()
    });
}
