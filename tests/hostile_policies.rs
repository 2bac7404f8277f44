//! Policies written to hurt: each must be answered quickly, in little memory,
//! with a diagnostic where the trouble is, never a crash. Every case runs the
//! CLI as a pull request's CI would, with its address space capped so that a
//! blow-up fails the test instead of the machine.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::root;

/// How long one run may take before it counts as a hang: a guard against the
/// exponential and quadratic blow-ups, not a speed measurement (a linear run
/// takes well under a second in release builds, and a few seconds in a debug
/// build on a busy two-core machine).
const TIME: Duration = Duration::from_secs(60);

/// Address space for one run, in KiB: the compile thread reserves 64 MiB of
/// stack, the rest is heap and the binary.
const ADDRESS_SPACE_KIB: u32 = 400 * 1024;

const HEAD: &str = "policy \"P\" {\n  section 6.1.5 {\n";
const TAIL: &str = "  }\n}\n";

fn requirement(id: &str, extra: &str, require: &str) -> String {
    format!("    requirement {id} \"t\" {{\n      severity error\n{extra}      require {require}\n    }}\n")
}

/// A policy with one requirement.
fn policy(require: &str) -> String {
    format!("{HEAD}{}{TAIL}", requirement("R-1", "", require))
}

/// A policy with top-level declarations and one requirement.
fn declaring(decls: &str, require: &str) -> String {
    format!("policy \"P\" {{\n{decls}  section 6.1.5 {{\n{}{TAIL}", requirement("R-1", "", require))
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

/// Runs `cpslint` on `text` saved as `name`, with `args` before the file;
/// asserts the time bound and that it was not killed.
fn run(name: &str, text: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write the policy");
    run_on(&path, args, &[])
}

fn run_on(path: &Path, args: &[&str], after: &[&Path]) -> Run {
    let started = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_cpslint"))
        .args(args)
        .arg(path)
        .args(after)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run cpslint");
    let took = started.elapsed();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        matches!(run.code, 0..=2),
        "cpslint {args:?} exited with {:?} after {took:?}:\n{}",
        out.status,
        tail(&run.err)
    );
    assert!(took < TIME, "cpslint {args:?} took {took:?}");
    run
}

fn tail(s: &str) -> &str {
    &s[s.len().saturating_sub(2_000)..]
}

fn validate(name: &str, text: &str) -> Run {
    run(name, text, &["validate"])
}

/// Asserts that validation fails with `code` as the first error, at `line:col`.
fn rejects(name: &str, text: &str, code: &str, at: &str) -> Run {
    let r = run(name, text, &["validate", "--format", "json"]);
    assert_eq!(r.code, 2, "{name} should be rejected:\n{}", tail(&r.err));
    let doc: serde_json::Value = serde_json::from_str(&r.out).expect("JSON");
    let first = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap_or_else(|| panic!("{name}: no error in {}", tail(&r.out)));
    let loc = &first["location"];
    assert_eq!(
        (first["code"].as_str().unwrap(), format!("{}:{}", loc["line"], loc["column"])),
        (code, at.to_owned()),
        "{name}: {first}"
    );
    r
}

fn cert() -> PathBuf {
    root().join("tests/fixtures/certs/tls-ok.pem")
}

// ------------------------------------------------------------------ nesting

#[test]
fn ten_thousand_nots() {
    rejects("not.cps", &policy(&format!("{}cert.version == 3", "not ".repeat(10_000))), "parse::too-deep", "5:259");
}

#[test]
fn a_hundred_thousand_nots() {
    rejects("not.cps", &policy(&format!("{}true", "not ".repeat(100_000))), "parse::too-deep", "5:259");
}

#[test]
fn nots_in_a_message_template() {
    let extra = format!("      message \"{{{}true}}\"\n", "not ".repeat(10_000));
    let text = format!("{HEAD}{}{TAIL}", requirement("R-1", &extra, "cert.version == 3"));
    rejects("template.cps", &text, "parse::too-deep", "5:273");
}

#[test]
fn deep_brackets_quantifiers_and_blocks() {
    let brackets = policy(&format!("{}cert.version{} == 3", "(".repeat(5_000), ")".repeat(5_000)));
    rejects("brackets.cps", &brackets, "parse::too-deep", "5:76");
    let quantifiers = policy(&format!("{}true{}", "all(x in [1]: ".repeat(100), ")".repeat(100)));
    rejects("quantifiers.cps", &quantifiers, "parse::too-deep", "5:864");
    let sections = format!("policy \"P\" {{\n{}\n{}\n}}\n", "section 6 {\n".repeat(100), "}\n".repeat(100));
    rejects("sections.cps", &sections, "parse::too-deep", "65:11");
    let lists = policy(&format!("1 in {}1{}", "[".repeat(100), "]".repeat(100)));
    rejects("lists.cps", &lists, "parse::too-deep", "5:81");
}

// ------------------------------------------------------------------ length

#[test]
fn ten_thousand_terms() {
    for op in ["and", "or", "implies"] {
        let chain = vec!["cert.basic_constraints.ca"; 10_000].join(&format!(" {op} "));
        // Past `require ` and 1,001 terms joined by 1,000 operators.
        let at = format!("5:{}", 14 + 1001 * 25 + 1000 * (op.len() + 2) + 2);
        let r = rejects(&format!("{op}.cps"), &policy(&chain), "parse::too-long", &at);
        assert!(r.out.contains("9999 operators"), "{}", tail(&r.out));
    }
    let sum = format!("{} == 3", vec!["cert.version"; 10_000].join(" + "));
    rejects("plus.cps", &policy(&sum), "parse::too-long", &format!("5:{}", 14 + 1001 * 12 + 1000 * 3 + 2));
}

#[test]
fn deep_and_long_but_allowed() {
    let chain = vec!["cert.basic_constraints.ca"; 1_001].join(" and ");
    let nested = format!("{}cert.basic_constraints.ca{}", "not (".repeat(30), ")".repeat(30));
    let sum = format!("cert.version{} > 0", " + 1".repeat(999));
    for (name, require) in [("chain.cps", chain), ("nested.cps", nested), ("sum.cps", sum)] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, policy(&require)).unwrap();
        let v = run_on(&path, &["validate"], &[]);
        assert_eq!(v.code, 0, "{name}: {}", tail(&v.err));
        let c = run_on(&cert(), &["check", "--policy", path.to_str().unwrap()], &[]);
        assert!(c.code <= 1, "{name}: {}", tail(&c.err));
        let e = run_on(&path, &["explain", "R-1", "--policy"], &[]);
        assert_eq!(e.code, 0, "{name}: {}", tail(&e.err));
    }
}

// ------------------------------------------------------------------ blow-ups

#[test]
fn doubling_strings_and_lists() {
    for (seed, name) in [("\"xx\"", "strings.cps"), ("[1, 2]", "lists.cps")] {
        let mut decls = format!("  param p0 = {seed}\n");
        for i in 1..=40 {
            decls.push_str(&format!("  param p{i} = p{} + p{}\n", i - 1, i - 1));
        }
        // 2 MiB of text at `p20`; 131,072 items at `p16`.
        let line = if name == "strings.cps" { "22:15" } else { "18:15" };
        let r = rejects(name, &declaring(&decls, "len(p40) > 0 and cert.version == 3"), "compile::too-large", line);
        let errors = r.out.matches("\"severity\": \"error\"").count();
        assert_eq!(errors, 1, "one error, at the first parameter too large: {}", tail(&r.out));
    }
}

#[test]
fn many_copies_of_a_large_string() {
    // 1 MiB, referred to a thousand times: shared, not copied.
    let decls = format!("  param big = \"{}\"\n", "x".repeat(1 << 20));
    let refs = vec!["cert.subject.cn contains big"; 400].join(" or ");
    rejects("copies.cps", &declaring(&decls, &refs), "compile::too-large", "6:15");
    let list = format!("[{}]", vec!["big"; 1_000].join(", "));
    rejects("list.cps", &declaring(&decls, &format!("\"x\" in {list}")), "compile::too-large", "6:22");
    let message = format!("      message \"{}\"\n", "{big}".repeat(1_000));
    let text = format!(
        "policy \"P\" {{\n{decls}  section 6.1.5 {{\n{}{TAIL}",
        requirement("R-1", &message, "cert.version == 3")
    );
    rejects("message.cps", &text, "compile::too-large", "6:15");
}

#[test]
fn doubling_profiles() {
    let mut decls = "  profile q0 = cert.version == 3\n".to_owned();
    for i in 1..=40 {
        decls.push_str(&format!("  profile q{i} = q{} and q{}\n", i - 1, i - 1));
    }
    let r = rejects("profiles.cps", &declaring(&decls, "cert is q40"), "compile::too-large", "20:11");
    assert!(r.out.contains("profile `q18` is too large"), "{}", tail(&r.out));
}

#[test]
fn a_long_chain_of_profiles() {
    let mut decls = "  profile q0 = cert.version == 3\n".to_owned();
    for i in 1..=3_000 {
        decls.push_str(&format!("  profile q{i} = q{}\n", i - 1));
    }
    let text = declaring(&decls, "cert is q3000");
    let r = validate("chain.cps", &text);
    assert_eq!(r.code, 0, "{}", tail(&r.err));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.cps");
    std::fs::write(&path, &text).unwrap();
    let e = run_on(&path, &["explain", "R-1", "--policy"], &[]);
    assert!(e.out.contains("cert.version == 3"), "{}", e.out);
}

#[test]
fn a_long_chain_of_growing_profiles() {
    let mut decls = "  profile q0 = cert.version == 3\n".to_owned();
    for i in 1..=3_000 {
        decls.push_str(&format!("  profile q{i} = q{} and cert.version == 3\n", i - 1));
    }
    let r = rejects("chain.cps", &declaring(&decls, "cert is q3000"), "compile::too-large", "1001:11");
    assert_eq!(r.out.matches("\"severity\": \"error\"").count(), 1, "{}", tail(&r.out));
}

#[test]
fn a_profile_in_a_quantifier_binds_its_own_items() {
    // The profile's `y` is its own, not the enclosing `x`.
    let decls = "  profile web = any(y in cert.eku: y == serverAuth)\n";
    let text = declaring(decls, "all(x in cert.san.dns: len(x) > 0 and cert is web)");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quant.cps");
    std::fs::write(&path, text).unwrap();
    let c = run_on(&cert(), &["check", "--include-passes", "--policy", path.to_str().unwrap()], &[]);
    assert_eq!(c.code, 0, "{}{}", c.out, tail(&c.err));
}

// ------------------------------------------------------------------ rendering

#[test]
fn an_error_past_column_65535() {
    let chain = vec!["cert.version == 3"; 300].join(" or ");
    let line = format!(
        "policy \"P\" {{ section 6.1.5 {{ requirement R-1 \"t\" {{ severity error text \"{}\" require {chain} and cert.bogus == 1 }} }} }}\n",
        "x".repeat(70_000)
    );
    let r = validate("long.cps", &line);
    assert_eq!(r.code, 2, "{}", tail(&r.err));
    let col = line.find("cert.bogus").unwrap() + 1;
    assert!(r.err.contains(&format!("long.cps:1:{col}]")), "{}", tail(&r.err));
    assert!(r.err.contains("unknown field `cert.bogus`"), "{}", tail(&r.err));
    assert!(r.err.lines().all(|l| l.chars().count() < 2_000), "a line of the report is not clipped");
    // A syntax error at the end of one long line.
    let broken = format!("policy \"P\" {{ {} }} }}\n", "profile a = cert.version == 3 ".repeat(3_000));
    let r = validate("broken.cps", &broken);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("parse::syntax"), "{}", tail(&r.err));
}

#[test]
fn a_requirement_id_of_80000_characters() {
    let id = format!("R{}", "x".repeat(80_000));
    let text = format!("{HEAD}{}{TAIL}", requirement(&id, "", "cert.version == 3"));
    let r = run("id.cps", &text, &["rules", "--policy"]);
    assert_eq!(r.code, 0, "{}", tail(&r.err));
    assert!(r.out.contains(&id));
}

#[test]
fn ten_thousand_warnings() {
    let reqs: String = (0..10_000).map(|i| requirement(&format!("R-{i}"), "", "true")).collect();
    let text = format!("{HEAD}{reqs}{TAIL}");
    let r = validate("warnings.cps", &text);
    assert_eq!(r.code, 0, "{}", tail(&r.err));
    assert_eq!(r.err.matches("compile::constant-condition").count(), 199, "{}", tail(&r.err));
    assert!(r.err.contains("… and 9801 warnings and notes more in"), "{}", tail(&r.err));
    assert!(r.err.contains("0 errors, 10000 warnings"), "{}", tail(&r.err));
    let json = run("warnings.cps", &text, &["validate", "--format", "json"]);
    assert_eq!(json.out.matches("compile::constant-condition").count(), 10_000);
}

#[test]
fn errors_are_shown_before_warnings() {
    let mut reqs: String = (0..300).map(|i| requirement(&format!("R-{i}"), "", "true")).collect();
    reqs.push_str(&requirement("R-X", "", "cert.bogus"));
    let r = validate("mixed.cps", &format!("{HEAD}{reqs}{TAIL}"));
    assert!(r.err.contains("unknown field `cert.bogus`"), "{}", tail(&r.err));
    assert!(r.err.contains("… and 102 warnings and notes more in"), "{}", tail(&r.err));
}

#[test]
fn an_unclosed_block_of_ten_thousand_requirements() {
    let reqs: String = (0..10_000).map(|i| requirement(&format!("R-{i}"), "", "cert.version == 3")).collect();
    let r = rejects("unclosed.cps", &format!("{HEAD}{reqs}"), "parse::syntax", "40003:1");
    assert!(r.out.contains("unclosed `{`"), "{}", tail(&r.out));
    let broken: String = (0..10_000).map(|i| requirement(&format!("R-{i}"), "", "cert.version ==")).collect();
    let r = validate("broken.cps", &format!("{HEAD}{broken}"));
    assert_eq!(r.code, 2);
}

#[test]
fn many_blank_lines_in_a_triple_quoted_string() {
    let text = format!(
        "{HEAD}    requirement R-1 \"t\" {{\n      severity error\n      text \"\"\"{}x\"\"\"\n      require cert.version == 3\n    }}\n{TAIL}",
        "\n".repeat(200_000)
    );
    assert_eq!(validate("blank.cps", &text).code, 0);
}

// ------------------------------------------------------------------ arithmetic

#[test]
fn days_between_far_apart_is_exact_and_overflow_is_undetermined() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("days.cps");
    // 2e14 days apart: the seconds do not fit in an int, the days do.
    let far =
        "days_between(cert.validity.not_before - 100000000000000d, cert.validity.not_after + 100000000000000d) > 0";
    std::fs::write(&path, policy(far)).unwrap();
    let c = run_on(&cert(), &["check", "--policy", path.to_str().unwrap()], &[]);
    assert_eq!(c.code, 0, "{}{}", c.out, c.err);
    // A date past the end of the int range is undetermined, never wrapped.
    let past =
        "days_between(cert.validity.not_before, cert.validity.not_after + 100000000000000d + 100000000000000d) > 0";
    std::fs::write(&path, policy(past)).unwrap();
    let c = run_on(&cert(), &["check", "--policy", path.to_str().unwrap()], &[]);
    assert!(c.out.contains("arithmetic overflow"), "{}{}", c.out, c.err);
    // Folded at compile time, the same overflow is not a wrapped constant.
    let constant = "days_between(2026-01-01 - 100000000000000d, 2026-01-01 + 100000000000000d) > 0";
    let r = validate("constant.cps", &policy(constant));
    assert!(!r.err.contains("always false"), "{}", tail(&r.err));
}

/// A megabyte of dense expression is refused by its list length before the
/// parser spends seconds and hundreds of megabytes on it.
#[test]
fn a_megabyte_of_dense_policy() {
    let items: Vec<String> = (0..200_000).map(|i| (i % 10).to_string()).collect();
    let text = format!("policy \"Dense\" {{\n  param p = [{}]\n}}\n", items.join(", "));
    let r = run("dense.cps", &text, &["validate", "--format", "json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.out.contains("\"code\": \"parse::too-long\"") && r.out.contains("a list may hold at most 10000"),
        "{}",
        tail(&r.out)
    );
}
