//! CA configurations: cpslint's CA manifest and the configuration files of
//! real CA software, read into one tree ([`CaConfig`]) whose values know
//! where they came from.

pub mod cfssl;
mod json;
pub mod manifest;
pub mod openssl;
pub mod stepca;
pub mod tree;

pub use tree::{CaConfig, Format, Node, Place, Problem, Provenance, Record, Scalar};

/// Reads `bytes` as a CA configuration, if they are one: a CA manifest, an
/// OpenSSL configuration that defines a CA, a cfssl signing configuration or
/// a step-ca `ca.json`. `None` for anything else. `root` bounds what the
/// configuration may include.
///
/// JSON is recognised by its structure (cfssl's `signing` with a `default` or
/// `profiles`; step-ca's `authority`), so a CSR or any other JSON is not
/// taken for a configuration. JSON that does not parse is reported as the
/// configuration it resembles only in a file named `*.json`.
pub fn read(file: &str, bytes: &[u8], root: &std::path::Path) -> Option<CaConfig> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    if manifest::looks_like_manifest(file, text) {
        return Some(manifest::read(file, text));
    }
    None
}

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
