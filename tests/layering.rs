//! The pipeline runs one way: a stage never imports a later one.

use crate::common::root;

/// `(module, modules it must not import)`. The direction: values at the
/// bottom; inputs (`corpus`) read into values and know nothing of fields;
/// the field `schema` reads inputs; `syntax` and `compile` turn policies into
/// the IR, which holds fields but no inputs; `run` evaluates it on inputs;
/// `report` prints. `policies` (the shipped packs) sits on top of `compile`.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("value", &["syntax", "compile", "run", "report", "corpus", "schema", "policies"]),
    ("syntax", &["compile", "run", "report", "corpus", "schema", "policies"]),
    ("corpus", &["syntax", "compile", "run", "report", "schema", "policies"]),
    ("schema", &["syntax", "compile", "run", "report", "policies"]),
    ("compile", &["report", "run", "corpus", "policies"]),
    ("run", &["syntax", "report", "policies"]),
    ("report", &["syntax", "corpus", "policies"]),
];

/// Files that must not import a module: the IR is data, evaluated elsewhere.
const FORBIDDEN_FILES: &[(&str, &[&str])] = &[("src/compile/ir.rs", &["corpus", "compile::eval", "schema::Subject"])];

#[test]
fn stages_do_not_import_later_stages() {
    for (module, banned) in FORBIDDEN {
        let dir = root().join("src").join(module);
        let file = root().join("src").join(format!("{module}.rs"));
        let paths: Vec<std::path::PathBuf> = if file.is_file() {
            vec![file]
        } else {
            walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().map(|e| e.unwrap().into_path()).collect()
        };
        assert!(!paths.is_empty(), "no module `{module}`");
        for path in paths.iter().filter(|p| p.is_file()) {
            check(path, banned);
        }
    }
    for (file, banned) in FORBIDDEN_FILES {
        check(&root().join(file), banned);
    }
}

fn check(path: &std::path::Path, banned: &[&str]) {
    let text = std::fs::read_to_string(path).unwrap();
    for b in banned {
        // `super::` reaches siblings inside `compile`; name them as `crate::` paths do.
        let local = b.strip_prefix("compile::").map(|rest| format!("super::{rest}"));
        for pattern in
            [format!("crate::{b}::"), format!("crate::{b}}}"), format!("crate::{b};"), format!("crate::{b},")]
                .into_iter()
                .chain(local.into_iter().flat_map(|l| [format!("{l}::"), format!("{l};"), format!("{l}}}")]))
        {
            assert!(!text.contains(&pattern), "{} imports `{b}`", path.display());
        }
    }
}
