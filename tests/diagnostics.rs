//! Every malformed policy under `tests/fixtures/policies/err/` fails to
//! compile, with its first diagnostic where the file's `// expect:` header
//! says, and a snapshot of the full rendered report.

use cpslint::compile::compile;

use crate::common;

/// Parses `// expect: LINE:COL CODE` from the first line.
fn expectation(text: &str) -> (usize, usize, String) {
    let header = text.lines().next().unwrap_or_default();
    let rest = header.strip_prefix("// expect: ").unwrap_or_else(|| panic!("no `// expect:` header: {header}"));
    let (pos, code) = rest.split_once(' ').expect("`LINE:COL CODE`");
    let (line, col) = pos.split_once(':').expect("`LINE:COL`");
    (line.parse().expect("line"), col.parse().expect("column"), code.trim().to_owned())
}

#[test]
fn malformed_policies() {
    let root = common::root();
    let mut count = 0;
    common::settings().bind(|| {
        insta::glob!("fixtures/policies/err/*.cps", |abs| {
            count += 1;
            let rel = abs.strip_prefix(&root).expect("fixture under the crate");
            let text = std::fs::read_to_string(abs).expect("fixture");
            let c = compile(rel, &cpslint::policies::loader());
            assert!(c.has_errors(), "{} compiled without error", rel.display());
            assert!(c.program.is_none());
            let (line, col, code) = expectation(&text);
            let name = rel.display().to_string();
            let first = c
                .diagnostics
                .iter()
                .find(|d| c.sources.get(d.loc().file).name == name)
                .unwrap_or_else(|| panic!("{name}: no diagnostic in the file itself"));
            let at = c.sources.get(first.loc().file).line_col(first.loc().span.start);
            assert_eq!((at.0, at.1, first.code.name()), (line, col, code.as_str()), "{name}: first diagnostic");
            let stem = std::path::Path::new(&name).file_stem().unwrap().to_string_lossy().into_owned();
            if stem.starts_with("several_") || stem.starts_with("multiple_") {
                let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
                assert!(errors >= 3, "{name}: only {errors} errors reported");
            }
            insta::assert_snapshot!("compile_err", common::render(&c));
        });
    });
    assert!(count >= 25, "only {count} malformed policies");
}
