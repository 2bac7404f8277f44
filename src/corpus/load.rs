//! Reading inputs and splitting them into DER certificates.

use std::io::Read;

use x509_parser::pem::Pem;

use super::walk::Input;

/// The largest input read; anything larger is reported, not read.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// PEM labels that hold certificates.
const CERT_LABELS: &[&str] = &["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];

/// Why an input yields no certificate at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(String),
    /// The file is larger than [`MAX_INPUT_BYTES`].
    #[error("larger than 64 MiB; not read")]
    TooLarge,
    /// The file is empty.
    #[error("empty file")]
    Empty,
    /// PEM text without any certificate block.
    #[error("no certificate in this PEM file (blocks: {0})")]
    NoCertificate(String),
}

/// Reads an input's bytes.
///
/// # Errors
/// When the input cannot be read, is empty, or is too large.
pub fn read(input: &Input) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    let result = match input {
        Input::File(p) => std::fs::File::open(p).and_then(|f| {
            if f.metadata()?.is_dir() {
                return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a directory"));
            }
            f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
        }),
        Input::Stdin => std::io::stdin().lock().take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes),
        Input::Unreadable(_, why) => return Err(LoadError::Io(why.clone())),
    };
    result.map_err(|e| LoadError::Io(e.to_string()))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(LoadError::TooLarge);
    }
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    Ok(bytes)
}

/// One certificate candidate in a file: DER bytes, or why its PEM block is broken.
pub type Block = Result<Vec<u8>, String>;

/// Splits a file into certificate blocks: every certificate PEM block (text
/// around them, such as `openssl x509 -text` output, is ignored), or the whole
/// file as DER when it holds no PEM.
///
/// # Errors
/// When PEM text holds blocks but none is a certificate.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, LoadError> {
    if !bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        return Ok(vec![Ok(bytes.to_vec())]);
    }
    let mut out = Vec::new();
    let mut others = Vec::new();
    for pem in Pem::iter_from_buffer(bytes) {
        match pem {
            Ok(p) if CERT_LABELS.contains(&p.label.as_str()) => out.push(Ok(p.contents)),
            Ok(p) => others.push(p.label),
            Err(e) => out.push(Err(format!("broken PEM block: {e:?}"))),
        }
    }
    if out.is_empty() {
        return Err(LoadError::NoCertificate(if others.is_empty() { "none".to_owned() } else { others.join(", ") }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_without_pem_is_one_block() {
        assert_eq!(blocks(&[0x30, 0x03, 0x02, 0x01, 0x01]).unwrap().len(), 1);
    }

    #[test]
    fn pem_blocks_amid_text() {
        let text = b"Certificate:\n  Data: ...\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\nmore\n-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMAMCAQI=\n-----END CERTIFICATE-----\n";
        let b = blocks(text).unwrap();
        assert_eq!(b, vec![Ok(vec![0x30, 3, 2, 1, 1]), Ok(vec![0x30, 3, 2, 1, 2])]);
    }

    #[test]
    fn pem_without_certificates() {
        let text = b"-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n";
        assert_eq!(blocks(text), Err(LoadError::NoCertificate("PRIVATE KEY".to_owned())));
    }
}
