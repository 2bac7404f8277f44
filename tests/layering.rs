//! The pipeline runs one way: a stage never imports a later one.

use crate::common::root;

/// `(module, modules it must not import)`.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("syntax", &["compile", "run", "report", "corpus", "policies"]),
    ("schema", &["syntax", "compile", "run", "report", "policies"]),
    ("corpus", &["syntax", "compile", "run", "report", "policies"]),
    ("compile", &["report", "run", "policies"]),
    ("run", &["syntax", "report", "policies"]),
    ("report", &["syntax", "corpus", "policies"]),
];

#[test]
fn stages_do_not_import_later_stages() {
    for (module, banned) in FORBIDDEN {
        let dir = root().join("src").join(module);
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let text = std::fs::read_to_string(path).unwrap();
            for b in *banned {
                for pattern in [format!("crate::{b}::"), format!("crate::{b}}}"), format!("crate::{b};")] {
                    assert!(!text.contains(&pattern), "{} imports `crate::{b}`", path.display());
                }
            }
        }
    }
}
