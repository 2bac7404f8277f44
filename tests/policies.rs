//! The shipped policies compile cleanly, and their IR evaluates as written.

use cpslint::compile::{Check, Program};
use cpslint::policies::{SHIPPED, compile_policy, compile_shipped};
use cpslint::schema::Subject;
use cpslint::value::Value;

/// The example CP, which includes the CA/B Forum pack by name.
const EXAMPLE: &str = "examples/example-corp/tls-issuing-ca.cps";

fn example() -> Program {
    let c = compile_policy(&crate::common::root().join(EXAMPLE));
    assert!(c.diagnostics.is_empty(), "{}", crate::common::render(&c));
    c.program.expect("compiles")
}

#[test]
fn every_shipped_policy_compiles_without_diagnostics() {
    assert!(!SHIPPED.is_empty());
    for (path, _) in SHIPPED {
        let c = compile_shipped(path.strip_suffix(".cps").unwrap());
        // A baseline for inclusion has no policy OID of its own; nothing else may be said.
        let said: Vec<_> = c
            .diagnostics
            .iter()
            .filter(|d| !(*path == "enterprise-pki.cps" && d.message == "the policy has no `oid`"))
            .collect();
        assert!(said.is_empty(), "{path}:\n{}", crate::common::render(&c));
    }
}

#[test]
fn embedded_copies_match_the_files() {
    for (path, text) in SHIPPED {
        let on_disk = std::fs::read_to_string(crate::common::root().join("policies").join(path)).unwrap();
        assert_eq!(&on_disk, text, "{path} is stale in the binary");
    }
}

#[test]
fn includes_overrides_and_disables_apply() {
    let p = example();
    let param = |n: &str| p.params.iter().find(|x| x.name == n).unwrap_or_else(|| panic!("{n}"));
    assert_eq!(param("max_subscriber_validity").value, Value::Duration(90 * 86_400));
    assert!(param("max_subscriber_validity").overridden.is_some());
    assert_eq!(param("min_rsa_modulus").value, Value::Int(2048));
    assert_eq!(param("renewal_window").value, Value::Duration(14 * 86_400));
    assert!(p.requirement("BR-6.1.5-RSA8").is_none());
    assert_eq!(p.disabled.len(), 1);
    assert!(p.requirement("BR-6.3.2-200").is_some());
    assert_eq!(p.meta.includes.len(), 1);
    assert_eq!(p.meta.oids.len(), 2);
    // Prose shows the overridden value, so document and enforcement agree.
    let s = p.sections.iter().find(|s| s.number == "6.3.2").unwrap();
    assert!(s.text[0].contains("at most 90 days"), "{}", s.text[0]);
    let sorted: Vec<_> = p.sections.iter().map(|s| cpslint::outline::sort_key(&s.number)).collect();
    assert!(sorted.windows(2).all(|w| w[0] < w[1]));
}

fn evaluate(p: &Program, id: &str, manifest: &str) -> (bool, Result<Value, String>, String) {
    let m = cpslint::corpus::ca::manifest::read("ca.toml", manifest);
    assert!(m.problems.is_empty() && cpslint::schema::ca::check(&m).is_empty(), "{manifest}");
    let s = Subject::Ca(&m);
    let r = p.requirement(id).unwrap();
    let Check::Automated { when, require, message, .. } = &r.check else { panic!("{id} is manual") };
    let applies = when.as_ref().is_none_or(|w| w.eval(Some(&s)) == Ok(Value::Bool(true)));
    let result = require.eval(Some(&s)).map_err(|e| e.to_string());
    let msg = message.as_ref().map(|m| m.render(Some(&s))).unwrap_or_default();
    (applies, result, msg)
}

#[test]
fn ca_requirements_evaluate_on_a_manifest() {
    let p = example();
    let good = "tier = \"issuing\"\nonline = true\n[key]\nstorage = \"hsm\"\nfips_level = 3\n[revocation]\ncrl_next_update = \"7d\"\n";
    let bad =
        "tier = \"issuing\"\n[key]\nstorage = \"software\"\nfips_level = 1\n[revocation]\ncrl_next_update = \"10d\"\n";
    assert_eq!(evaluate(&p, "EXC-6.2.1-HSM", good).1, Ok(Value::Bool(true)));
    let (applies, result, msg) = evaluate(&p, "EXC-6.2.1-HSM", bad);
    assert!(applies);
    assert_eq!(result, Ok(Value::Bool(false)));
    assert_eq!(msg, "key storage is software at FIPS level 1");
    assert_eq!(evaluate(&p, "EXC-4.9.7-A", good).1, Ok(Value::Bool(true)));
    let (_, result, msg) = evaluate(&p, "EXC-4.9.7-A", bad);
    assert_eq!(result, Ok(Value::Bool(false)));
    assert_eq!(msg, "nextUpdate is 10 days after thisUpdate; at most 7 days is allowed");
    // A root is not the issuing CA: not applicable.
    assert!(!evaluate(&p, "EXC-4.9.7-A", "tier = \"root\"\n").0);
    // An absent field makes the assertion undetermined, naming the field.
    let (_, result, msg) = evaluate(&p, "EXC-6.2.1-HSM", "tier = \"issuing\"\n[key]\nstorage = \"hsm\"\n");
    assert_eq!(result, Err("`ca.key.fips_level` is absent".to_owned()));
    assert_eq!(msg, "key storage is hsm at FIPS level none");
    // `implies` short-circuits: an offline root satisfies the online rule without a tier check.
    assert_eq!(evaluate(&p, "EXC-6.2.1-ONLINE", "online = false\n").1, Ok(Value::Bool(true)));
    assert_eq!(evaluate(&p, "EXC-6.2.1-ONLINE", "online = true\ntier = \"root\"\n").1, Ok(Value::Bool(false)));
}

#[test]
fn readme_example_compiles() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let start = readme.find("```\npolicy ").expect("a policy example in README.md") + 4;
    let len = readme[start..].find("```").expect("closing fence");
    let example = &readme[start..start + len];
    let mut loader = cpslint::compile::MemLoader::new();
    loader.insert("readme.cps", example);
    let c = cpslint::compile::compile(std::path::Path::new("readme.cps"), &cpslint::policies::WithPacks(loader));
    assert!(!c.has_errors(), "{}", crate::common::render(&c));
}

#[test]
fn derived_parameters_follow_overrides() {
    let mut loader = cpslint::compile::MemLoader::new();
    loader.insert(
        "base.cps",
        "policy \"Base\" {\n  param a = 10d\n  param b = a * 2\n  section 6.3.2 { text \"a={a} b={b}\" }\n}\n",
    );
    loader.insert(
        "top.cps",
        "policy \"Top\" {\n  kind cp\n  oid 1.2.3\n  version \"1\"\n  effective 2026-01-01\n  include \"base.cps\"\n  override param a = 5d\n}\n",
    );
    let c = cpslint::compile::compile(std::path::Path::new("top.cps"), &loader);
    assert!(c.diagnostics.is_empty(), "{}", crate::common::render(&c));
    let p = c.program.unwrap();
    assert_eq!(p.sections[0].text, ["a=5 days b=10 days"]);
}

/// The compiled logic of every shipped requirement: profiles inlined,
/// parameters folded, overrides applied. Reviewing this snapshot is reviewing
/// what the runner will evaluate.
#[test]
fn compiled_logic_of_the_example() {
    let p = example();
    let mut out = String::new();
    for r in p.in_document_order() {
        out.push_str(&format!("{} [{}] {}\n", r.id, r.section, r.severity.keyword()));
        match &r.check {
            Check::Automated { target, when, require, message } => {
                out.push_str(&format!("  target  {}\n", target.keyword()));
                if let Some(w) = when {
                    out.push_str(&format!("  when    {w}\n"));
                }
                out.push_str(&format!("  require {require}\n"));
                if let Some(m) = message {
                    out.push_str(&format!("  message {}\n", m.source()));
                }
            }
            Check::Manual { evidence } => out.push_str(&format!("  evidence {evidence}\n")),
        }
    }
    for s in &p.sections {
        for t in &s.text {
            out.push_str(&format!("prose {}: {t}\n", s.number));
        }
    }
    crate::common::settings().bind(|| insta::assert_snapshot!("compiled_example", out));
}

#[test]
fn constant_conditions_are_flagged() {
    let mut loader = cpslint::compile::MemLoader::new();
    loader.insert(
        "c.cps",
        "policy \"C\" {\n  kind cp\n  oid 1.2.3\n  version \"1\"\n  effective 2026-01-01\n  param limit = 3\n  section 7.1.2 {\n    requirement C-1 \"c\" {\n      severity error\n      require limit > 2\n    }\n  }\n}\n",
    );
    let c = cpslint::compile::compile(std::path::Path::new("c.cps"), &loader);
    assert!(c.program.is_some(), "a warning does not stop compilation");
    let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code.name()).collect();
    assert_eq!(codes, ["compile::constant-condition"]);
    assert_eq!(c.diagnostics[0].message, "this `require` condition is always true");
}
