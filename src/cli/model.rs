//! `cpslint model`: what cpslint reads from CA configuration files — the CA
//! model with where every value came from, and the problems `check` reports.

use std::io::Read;
use std::path::PathBuf;

use cpslint::{corpus, fsio, schema};

/// The largest configuration file read (a hostile file cannot exhaust memory).
const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// Prints the model of each file; exits 2 when a file cannot be read or is
/// not a CA configuration, 0 otherwise (problems in a configuration are
/// listed, and are `check`'s findings).
pub(crate) fn model(paths: &[PathBuf]) -> (u8, String, String) {
    let mut out = String::new();
    let mut err = String::new();
    for path in paths {
        let file = corpus::path_text(path);
        let mut bytes = Vec::new();
        let read = fsio::open_regular(path).and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes));
        if let Err(e) = read {
            err.push_str(&format!("error: {file}: {e}\n"));
            continue;
        }
        if bytes.len() as u64 > MAX_CONFIG_BYTES {
            err.push_str(&format!("error: {file}: larger than {} MiB; not read\n", MAX_CONFIG_BYTES >> 20));
            continue;
        }
        let root = path.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
        match corpus::ca::read(&file, &bytes, &root) {
            Some(mut config) => {
                if !config.broken {
                    config.problems.extend(schema::ca::check(&config));
                }
                out.push_str(&config.outline());
            }
            None => err.push_str(&format!(
                "error: {file}: not a CA configuration cpslint reads (a CA manifest, OpenSSL, cfssl, step-ca or Boulder ceremony file)\n"
            )),
        }
    }
    (if err.is_empty() { 0 } else { 2 }, out, err)
}
