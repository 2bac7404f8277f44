//! CA configurations: cpslint's CA manifest and the configuration files of
//! real CA software, read into one tree ([`CaConfig`]) whose values know
//! where they came from.

pub mod manifest;
pub mod openssl;
pub mod tree;

use std::path::Path;

pub use tree::{CaConfig, Format, Node, Override, Place, Problem, Provenance, Record, Scalar};

/// Reads `bytes` as a CA configuration, if they are one: a CA manifest, or an
/// OpenSSL configuration that defines a CA. `None` for anything else.
/// `root` bounds what the configuration may include.
pub fn read(file: &str, bytes: &[u8], root: &Path) -> Option<CaConfig> {
    if let Some(config) = read_software(file, bytes, root) {
        return Some(config);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if manifest::looks_like_manifest(file, text) {
        let mut config = manifest::read(file, text);
        if !config.broken {
            import_into(&mut config, root);
        }
        return Some(config);
    }
    None
}

/// Reads `bytes` as the configuration of CA software (not a manifest), if they are one.
fn read_software(file: &str, bytes: &[u8], root: &Path) -> Option<CaConfig> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if openssl::looks_like_ca_config(text) {
        let include = |p: &std::path::Path| -> Result<String, String> {
            let mut f = crate::fsio::open_regular(p).map_err(|e| e.to_string())?;
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::Read::take(&mut f, 16 << 20), &mut s)
                .map_err(|e| e.to_string())?;
            Ok(s)
        };
        return Some(openssl::import(file, text, root, &include));
    }
    None
}

/// The largest file a manifest imports.
const MAX_IMPORT_BYTES: u64 = 16 << 20;

/// Reads the files a manifest's `import` names (relative to the manifest, and
/// inside `root`) and merges each into it: the manifest wins where both speak.
/// A file that cannot be read, is outside `root`, is not a CA configuration
/// or is itself a manifest is a problem at its `import` entry.
fn import_into(config: &mut CaConfig, root: &Path) {
    let entries: Vec<(String, Place)> = match config.tree.get("import") {
        Some(Node::List(items, _)) => items
            .iter()
            .filter_map(|n| match n {
                Node::Scalar(Scalar::Text(t), p) => p.place().map(|at| (t.clone(), at.clone())),
                _ => None,
            })
            .collect(),
        Some(Node::Scalar(Scalar::Text(t), p)) => p.place().map(|at| (t.clone(), at.clone())).into_iter().collect(),
        _ => return,
    };
    let allowed = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for (name, at) in entries {
        let mut problem = |message: String| config.problems.push(Problem { message, at: at.clone() });
        let path = root.join(&name);
        let shown =
            Path::new(&*config.file).parent().map_or_else(|| name.clone(), |d| d.join(&name).display().to_string());
        let real = match path.canonicalize() {
            Ok(p) => p,
            Err(e) => {
                problem(format!("cannot import `{name}`: {e}"));
                continue;
            }
        };
        if !real.starts_with(&allowed) {
            problem(format!("cannot import `{name}`: it is outside the manifest's directory"));
            continue;
        }
        let mut bytes = Vec::new();
        let read = crate::fsio::open_regular(&real)
            .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_IMPORT_BYTES + 1), &mut bytes));
        if let Err(e) = read {
            problem(format!("cannot import `{name}`: {e}"));
            continue;
        }
        if bytes.len() as u64 > MAX_IMPORT_BYTES {
            problem(format!("cannot import `{name}`: larger than {} MiB", MAX_IMPORT_BYTES >> 20));
            continue;
        }
        let dir = real.parent().map_or_else(|| allowed.clone(), Path::to_path_buf);
        let Some(imported) = read_software(&shown, &bytes, &dir) else {
            problem(format!(
                "cannot import `{name}`: it is not a CA software configuration cpslint reads (OpenSSL, cfssl, step-ca, Boulder ceremony)"
            ));
            continue;
        };
        config.problems.extend(imported.problems);
        tree::merge(&mut config.tree, imported.tree, "", &mut config.overrides);
        config.imported.push(real);
    }
}
