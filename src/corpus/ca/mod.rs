//! CA configurations: cpslint's CA manifest and the configuration files of
//! real CA software, read into one tree ([`CaConfig`]) whose values know
//! where they came from.

pub mod boulder;
pub mod manifest;
pub mod openssl;
pub mod tree;

pub use tree::{CaConfig, Format, Node, Place, Problem, Provenance, Record, Scalar};

/// Reads `bytes` as a CA configuration, if they are one: a CA manifest, an
/// OpenSSL configuration that defines a CA, or a Boulder ceremony file.
/// `None` for anything else. `root` bounds what the configuration may include.
pub fn read(file: &str, bytes: &[u8], root: &std::path::Path) -> Option<CaConfig> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return boulder::read_not_utf8(file, bytes, e.valid_up_to()),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Strict: YAML whose top-level `ceremony-type` is one of Boulder's.
    if let Some(config) = boulder::read(file, text) {
        return Some(config);
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
