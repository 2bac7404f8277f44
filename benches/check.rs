//! Corpus benchmark: `cpslint check` over 100,000 generated certificates.
//!
//! Run with `cargo bench --bench check` (`CPSLINT_BENCH_CERTS=N` for another
//! size). The corpus is generated once with rcgen under Cargo's target
//! directory and reused: realistic TLS server certificates issued by a test CA
//! (ECDSA P-256), one in ten non-compliant in one of four ways. It is laid out
//! twice: one certificate per PEM file (in directories of 1,000), and bundles
//! of 1,000 certificates per file.
//!
//! Each configuration runs the real binary with the example policy and its
//! output thrown away; the median of three runs is reported with certificates
//! per second and the child's peak resident memory. Peak memory is exact: each
//! run happens in a fresh copy of this program whose only child is cpslint, so
//! `getrusage(RUSAGE_CHILDREN)` reports that child alone.

#![allow(clippy::print_stdout)] // a benchmark's report is its output

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rayon::prelude::*;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SerialNumber,
};

/// Bump when the generated certificates change, so that a stale corpus is rebuilt.
const GENERATOR: u32 = 1;
const PER_DIR: usize = 1_000;
const PER_BUNDLE: usize = 1_000;
const RUNS: usize = 3;

fn main() {
    if let Ok(args) = std::env::var("CPSLINT_BENCH_MEASURE") {
        measure(&args);
        return;
    }
    let count: usize = std::env::var("CPSLINT_BENCH_CERTS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-corpus-{count}"));
    let marker = root.join("GENERATED");
    let stamp = format!("generator {GENERATOR}, {count} certificates\n");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(&stamp) {
        let started = Instant::now();
        let _ = std::fs::remove_dir_all(&root);
        generate(&root, count);
        std::fs::write(&marker, &stamp).expect("write the marker");
        println!("generated {count} certificates in {:.1}s", started.elapsed().as_secs_f64());
    } else {
        println!("reusing {count} certificates generated earlier");
    }
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/example-corp/tls-issuing-ca.cps");
    println!();
    println!(
        "{:<9} {:<6} {:>7} {:>8} {:>7} {:>9} {:>13} {:>12}",
        "layout", "format", "threads", "files", "certs", "median s", "certs/s", "peak RSS MB"
    );
    for (layout, files) in [("per-file", count), ("bundles", count.div_ceil(PER_BUNDLE))] {
        for (format, threads) in [("jsonl", None), ("jsonl", Some(1)), ("human", None), ("sarif", None)] {
            let mut runs: Vec<(f64, u64)> =
                (0..RUNS).map(|_| run(&policy, &root.join(layout), format, threads, count)).collect();
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (seconds, _) = runs[RUNS / 2];
            let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
            println!(
                "{layout:<9} {format:<6} {:>7} {files:>8} {count:>7} {seconds:>9.3} {:>13.0} {:>12.1}",
                threads.map_or_else(|| "all".to_owned(), |t| t.to_string()),
                count as f64 / seconds,
                peak as f64 / 1024.0,
            );
        }
    }
}

/// One run, in a fresh copy of this program; returns seconds and peak KiB.
fn run(policy: &Path, dir: &Path, format: &str, threads: Option<usize>, count: usize) -> (f64, u64) {
    let mut args = vec![policy.display().to_string(), dir.display().to_string(), format.to_owned()];
    if let Some(t) = threads {
        args.push(t.to_string());
    }
    let out = Command::new(std::env::current_exe().expect("own path"))
        .env("CPSLINT_BENCH_MEASURE", args.join("\t"))
        .env("CPSLINT_BENCH_EXPECT", count.to_string())
        .output()
        .expect("run the measuring copy");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "measurement failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    let mut fields = text.split_whitespace();
    let seconds: f64 = fields.next().and_then(|s| s.parse().ok()).expect("seconds");
    let kib: u64 = fields.next().and_then(|s| s.parse().ok()).expect("peak");
    (seconds, kib)
}

/// In the measuring copy: runs cpslint once and prints `seconds peak_kib`.
fn measure(args: &str) {
    let parts: Vec<&str> = args.split('\t').collect();
    let [policy, dir, format, rest @ ..] = parts.as_slice() else { panic!("bad arguments {args}") };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cpslint"));
    cmd.args(["check", "--policy", policy, "--format", format]);
    if let [threads] = rest {
        cmd.args(["-j", threads]);
    }
    cmd.arg(dir).stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    let out = cmd.output().expect("run cpslint");
    let seconds = started.elapsed().as_secs_f64();
    let summary = String::from_utf8_lossy(&out.stderr);
    // Exit 1 is expected: one certificate in ten is non-compliant. 2 or a crash is a bug.
    assert_eq!(out.status.code(), Some(1), "cpslint failed: {summary}");
    let expect = std::env::var("CPSLINT_BENCH_EXPECT").unwrap_or_default();
    assert!(summary.contains(&format!(" {expect} certificates:")), "not every certificate was linted: {summary}");
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).expect("getrusage");
    println!("{seconds} {}", usage.max_rss());
}

/// Writes `count` certificates in both layouts under `root`.
fn generate(root: &Path, count: usize) {
    let ca_key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).expect("CA key");
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca.distinguished_name = name("Example Corp Benchmark Issuing CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.not_before = rcgen::date_time_ymd(2026, 1, 1);
    ca.not_after = rcgen::date_time_ymd(2031, 1, 1);
    let issuer = Issuer::new(ca, ca_key);
    let keys: Vec<KeyPair> =
        (0..8).map(|_| KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("leaf key")).collect();
    let pems: Vec<String> = (0..count)
        .into_par_iter()
        .map(|i| leaf(i).signed_by(&keys[i % keys.len()], &issuer).expect("sign").pem())
        .collect();
    for (d, chunk) in pems.chunks(PER_DIR).enumerate() {
        let dir = root.join("per-file").join(format!("{d:03}"));
        std::fs::create_dir_all(&dir).expect("create a corpus directory");
        for (k, pem) in chunk.iter().enumerate() {
            std::fs::write(dir.join(format!("{:06}.pem", d * PER_DIR + k)), pem).expect("write a certificate");
        }
    }
    let bundles = root.join("bundles");
    std::fs::create_dir_all(&bundles).expect("create the bundle directory");
    for (b, chunk) in pems.chunks(PER_BUNDLE).enumerate() {
        let mut f =
            std::io::BufWriter::new(std::fs::File::create(bundles.join(format!("{b:03}.pem"))).expect("bundle"));
        for pem in chunk {
            f.write_all(pem.as_bytes()).expect("write a bundle");
        }
    }
}

fn name(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "US");
    dn.push(DnType::OrganizationName, "Example Corp");
    dn.push(DnType::CommonName, cn);
    dn
}

/// The parameters of certificate `i`: compliant, except one in ten.
fn leaf(i: usize) -> CertificateParams {
    let host = format!("host{i}.example.com");
    let mut p = CertificateParams::new(vec![host.clone(), format!("www{i}.example.net")]).expect("leaf params");
    p.distinguished_name = name(&host);
    p.not_before = rcgen::date_time_ymd(2026, 11, 1);
    p.not_after = p.not_before + time::Duration::days(89);
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let mut serial = [0u8; 16];
    serial[..8].copy_from_slice(&splitmix(2 * i as u64).to_be_bytes());
    serial[8..].copy_from_slice(&splitmix(2 * i as u64 + 1).to_be_bytes());
    serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and 16 octets long
    p.serial_number = Some(SerialNumber::from(serial.to_vec()));
    // certificatePolicies: Example Corp's policy OID and the CA/B Forum DV OID.
    p.custom_extensions = vec![CustomExtension::from_oid_content(&[2, 5, 29, 32], POLICIES.to_vec())];
    match i % 40 {
        0 => p.not_after = p.not_before + time::Duration::days(500),
        10 => {
            p.subject_alt_names.clear();
        }
        20 => p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained),
        30 => p.extended_key_usages.clear(),
        _ => {}
    }
    p
}

/// certificatePolicies: Example Corp's policy OID 1.3.6.1.4.1.55555.1.1 and the CA/B Forum DV OID.
const POLICIES: &[u8] = &[
    0x30, 0x18, 0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xb2, 0x03, 0x01, 0x01, 0x30, 0x08, 0x06,
    0x06, 0x67, 0x81, 0x0c, 0x01, 0x02, 0x01,
];

/// SplitMix64: a fixed, well-spread sequence, so serial numbers are unique and reproducible.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}
