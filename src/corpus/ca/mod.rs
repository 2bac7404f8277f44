//! CA configurations: cpslint's CA manifest and the configuration files of
//! real CA software, read into one tree ([`CaConfig`]) whose values know
//! where they came from.

pub mod boulder;
pub mod cfssl;
mod json;
pub mod manifest;
pub mod openssl;
pub mod stepca;
pub mod tree;

use std::path::Path;

use crate::value::Value;

pub use tree::{CaConfig, Format, Node, Override, Place, Problem, Provenance, Record, Scalar};

/// Reads `bytes` as a CA configuration, if they are one: a CA manifest (with
/// the files it imports), an OpenSSL configuration that defines a CA, a cfssl
/// signing configuration, a step-ca `ca.json` or a Boulder ceremony file.
/// `None` for anything else.
/// `root` bounds what the configuration may include.
///
/// JSON is recognised by its structure (cfssl's `signing` with a `default` or
/// `profiles`; step-ca's `authority`), so a CSR or any other JSON is not
/// taken for a configuration. JSON that does not parse is reported as the
/// configuration it resembles only in a file named `*.json`.
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
            cross_check(&mut config, root);
        }
        return Some(config);
    }
    None
}

/// Reads the CA certificate a manifest names (`certificate`, relative to the
/// manifest and inside `root`) and records where the manifest disagrees with
/// it: the key's algorithm, size and curve, that it is a CA certificate, the
/// path length its tier needs, and the policies its profiles assert. A certificate that cannot be read is a
/// problem at the `certificate` entry.
fn cross_check(config: &mut CaConfig, root: &Path) {
    let Some(Node::Scalar(Scalar::Text(name), Provenance::Explicit(at))) = config.tree.get("certificate").cloned()
    else {
        return;
    };
    // Only the manifest's own `certificate`: an imported file's path is relative to its software.
    if *at.file != *config.file {
        return;
    }
    let mut problem = |message: String| config.problems.push(Problem { message, at: at.clone() });
    let real = match root.join(&name).canonicalize() {
        Ok(p) if inside(&p, root) => p,
        Ok(_) => return problem(format!("the certificate `{name}` is outside {}", ALLOWED)),
        Err(e) => return problem(format!("cannot read the certificate `{name}`: {e}")),
    };
    let mut bytes = Vec::new();
    let read = crate::fsio::open_regular(&real)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_IMPORT_BYTES), &mut bytes));
    if let Err(e) = read {
        return problem(format!("cannot read the certificate `{name}`: {e}"));
    }
    let blocks = crate::corpus::blocks(&bytes).unwrap_or_default();
    let Some(der) = blocks.first().and_then(|b| b.der().ok()) else {
        return problem(format!("`{name}` holds no certificate"));
    };
    let view = match crate::corpus::CertView::from_der(&der) {
        Ok(v) => v,
        Err(e) => return problem(format!("the certificate `{name}` does not parse: {e}")),
    };
    let mut out = Vec::new();
    let text = |v: Value| match v {
        Value::String(s) => Some(s),
        _ => None,
    };
    let said = |path: &str| match config.tree.get(path) {
        Some(Node::Scalar(Scalar::Text(t), _)) => Some(t.clone()),
        Some(Node::Scalar(Scalar::Int(n), _)) => Some(n.to_string()),
        _ => None,
    };
    let algorithm = text(view.key_algorithm());
    if let (Some(ours), Some(theirs)) = (said("key.algorithm"), &algorithm) {
        if ours != *theirs {
            out.push(format!("key.algorithm is `{ours}`, and {name} has a {theirs} key"));
        }
    }
    if let (Some(ours), Value::Int(bits)) = (said("key.bits"), view.key_bits()) {
        if ours != bits.to_string() {
            out.push(format!("key.bits is {ours}, and {name} has a {bits}-bit key"));
        }
    }
    if let (Some(ours), Some(curve)) = (said("key.curve"), text(view.ec_curve())) {
        if ours != curve {
            out.push(format!("key.curve is {ours}, and {name} has a {curve} key"));
        }
    }
    if view.basic_constraints_ca() != Value::Bool(true) {
        out.push(format!("{name} is not a CA certificate (basicConstraints cA is not true)"));
    }
    // The tier bounds the path length: an issuing CA certifies no CA, an intermediate at least one level.
    let path_len = match view.basic_constraints_path_len() {
        Value::Int(n) => Some(n),
        _ => None,
    };
    match (said("tier").as_deref(), path_len) {
        (Some("issuing"), None) => {
            out.push(format!("tier is issuing, and {name} has no pathLenConstraint, so it could certify CAs"));
        }
        (Some("issuing"), Some(n)) if n > 0 => {
            out.push(format!("tier is issuing, and {name} allows {n} more CA level(s) (pathLenConstraint {n})"));
        }
        (Some("intermediate"), Some(0)) => {
            out.push(format!("tier is intermediate, and {name} has pathLenConstraint 0, so it cannot certify CAs"));
        }
        _ => {}
    }
    if let Value::List(cert_policies) = view.policy_oids() {
        let any = cert_policies.iter().any(|p| p.to_string() == "2.5.29.32.0");
        if !any {
            let allowed: Vec<String> = cert_policies.iter().map(ToString::to_string).collect();
            let mut asserted: Vec<String> = Vec::new();
            if let Some(Node::List(profiles, _)) = config.tree.get("profile") {
                for p in profiles {
                    if let Node::Record(r) = p {
                        if let Some(Node::List(oids, _)) = r.members.get("policy_oids") {
                            for o in oids {
                                if let Node::Scalar(Scalar::Text(t), _) = o {
                                    if !allowed.contains(t) && !asserted.contains(t) {
                                        asserted.push(t.clone());
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !asserted.is_empty() {
                out.push(format!(
                    "profiles assert {}, which {name} does not allow (it has {})",
                    asserted.join(", "),
                    if allowed.is_empty() { "none".to_owned() } else { allowed.join(", ") }
                ));
            }
        }
    }
    config.certificate_mismatches = Some(out);
}

/// Reads `bytes` as the configuration of CA software (not a manifest), if they are one.
fn read_software(file: &str, bytes: &[u8], root: &Path) -> Option<CaConfig> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return boulder::read_not_utf8(file, bytes, e.valid_up_to()),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Strict: YAML whose top-level `ceremony-type` is one of Boulder's.
    if let Some(config) = boulder::read(file, text) {
        return Some(config);
    }
    if text.trim_start().starts_with('{') {
        return read_json(file, text);
    }
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

/// Where the files a manifest names may be, as messages say it.
const ALLOWED: &str = "the manifest's directory and the working directory";

/// Whether a resolved path is inside the manifest's directory `root` or the
/// working directory: a manifest from a pull request reads nothing else.
fn inside(real: &Path, root: &Path) -> bool {
    let under = |dir: &Path| dir.canonicalize().is_ok_and(|d| real.starts_with(d));
    under(root) || std::env::current_dir().is_ok_and(|cwd| under(&cwd))
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
        if !inside(&real, root) {
            problem(format!("cannot import `{name}`: it is outside {ALLOWED}"));
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
        let dir = real.parent().map_or_else(|| root.to_path_buf(), Path::to_path_buf);
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

/// A JSON CA configuration: cfssl or step-ca, by its structure.
fn read_json(file: &str, text: &str) -> Option<CaConfig> {
    let name: std::sync::Arc<str> = std::sync::Arc::from(file);
    match json::parse(&name, text) {
        Ok(v) if cfssl::recognises(&v) => Some(cfssl::from_json(name, &v)),
        Ok(v) if stepca::recognises(&v) => Some(stepca::from_json(name, &v)),
        Ok(_) => None,
        Err(_) if !file.ends_with(".json") => None,
        Err(p) if cfssl::resembles(text) => Some(cfssl::broken(name, p)),
        Err(p) if stepca::resembles(text) => Some(stepca::broken(name, p)),
        Err(_) => None,
    }
}

/// Reads every prefix of `text`, and `text` with each punctuation byte swapped
/// (a quote for `other`, anything else for a quote), through `read`, and
/// outlines each result: a reader's tests call it to show no cut or mangled
/// file panics. Returns how many prefixes were read.
#[cfg(test)]
pub(crate) fn cut_and_mangled(text: &str, other: u8, read: impl Fn(&str) -> CaConfig) -> usize {
    let mut seen = 0;
    for cut in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
        let _ = read(&text[..cut]).outline();
        seen += 1;
    }
    for (i, b) in text.bytes().enumerate().filter(|(_, b)| b.is_ascii_punctuation()) {
        let mut bytes = text.as_bytes().to_vec();
        bytes[i] = if b == b'"' { other } else { b'"' };
        if let Ok(mangled) = std::str::from_utf8(&bytes) {
            let _ = read(mangled).outline();
        }
    }
    seen
}
