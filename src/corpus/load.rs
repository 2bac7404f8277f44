//! Reading inputs and splitting them into DER certificates.

use std::io::{Cursor, Read};

use x509_parser::error::PEMError;
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

/// One certificate candidate in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The DER bytes, or why the PEM block holding them is broken.
    pub der: Result<Vec<u8>, String>,
    /// The line of its `-----BEGIN` marker, from 1; `None` for a DER file.
    pub line: Option<usize>,
}

/// Splits a file into certificate blocks: every certificate PEM block (text
/// around them, such as `openssl x509 -text` output, is ignored), or the whole
/// file as DER when it holds no PEM.
///
/// # Errors
/// When PEM text holds blocks but none is a certificate.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, LoadError> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let starts: Vec<usize> = bytes
        .windows(BEGIN.len())
        .enumerate()
        .filter(|&(i, w)| w == BEGIN && (i == 0 || bytes[i - 1] == b'\n'))
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        return Ok(vec![Block { der: Ok(bytes.to_vec()), line: None }]);
    }
    let mut out = Vec::new();
    let mut others = Vec::new();
    let (mut line, mut counted) = (1, 0);
    for start in starts {
        line += bytes[counted..start].iter().filter(|&&b| b == b'\n').count();
        counted = start;
        match Pem::read(Cursor::new(&bytes[start..])) {
            Ok((p, _)) if CERT_LABELS.contains(&p.label.as_str()) => {
                out.push(Block { der: Ok(p.contents), line: Some(line) });
            }
            Ok((p, _)) => others.push(p.label),
            Err(e) => out.push(Block { der: Err(format!("broken PEM block: {}", pem_error(&e))), line: Some(line) }),
        }
    }
    if out.is_empty() {
        return Err(LoadError::NoCertificate(if others.is_empty() { "none".to_owned() } else { others.join(", ") }));
    }
    Ok(out)
}

fn pem_error(e: &PEMError) -> &'static str {
    match e {
        PEMError::Base64DecodeError => "its base64 does not decode",
        PEMError::IncompletePEM => "no END line",
        PEMError::InvalidHeader => "invalid BEGIN line",
        PEMError::MissingHeader => "no BEGIN line",
        PEMError::IOError(_) => "unreadable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_without_pem_is_one_block() {
        assert_eq!(blocks(&[0x30, 0x03, 0x02, 0x01, 0x01]).unwrap()[0].line, None);
    }

    #[test]
    fn pem_blocks_amid_text() {
        let text = b"Certificate:\n  Data: ...\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\nmore\n-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMAMCAQI=\n-----END CERTIFICATE-----\n";
        let b = blocks(text).unwrap();
        let got: Vec<_> = b.into_iter().map(|b| (b.der, b.line)).collect();
        assert_eq!(got, vec![(Ok(vec![0x30, 3, 2, 1, 1]), Some(3)), (Ok(vec![0x30, 3, 2, 1, 2]), Some(10))]);
    }

    #[test]
    fn pem_without_certificates() {
        let text = b"-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n";
        assert_eq!(blocks(text), Err(LoadError::NoCertificate("PRIVATE KEY".to_owned())));
    }
}
