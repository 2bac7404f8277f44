//! Reading inputs and splitting them into DER certificates.

use std::borrow::Cow;
use std::io::Read;

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
    let io = |e: std::io::Error| LoadError::Io(e.to_string());
    let mut bytes = Vec::new();
    match input {
        Input::File(p) | Input::Found(p) | Input::Candidate(p) => {
            let f = std::fs::File::open(p).map_err(io)?;
            let meta = f.metadata().map_err(io)?;
            if meta.is_dir() {
                return Err(LoadError::Io("it is a directory".to_owned()));
            }
            if meta.is_file() && meta.len() > MAX_INPUT_BYTES {
                return Err(LoadError::TooLarge);
            }
            f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
        }
        Input::Stdin => {
            std::io::stdin().lock().take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
        }
        Input::Unreadable(_, why) => return Err(LoadError::Io(why.clone())),
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(LoadError::TooLarge);
    }
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    Ok(bytes)
}

/// One certificate candidate in a file, located but not yet decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block<'a> {
    /// The whole file for DER input; from the `-----BEGIN` line on for PEM.
    text: &'a [u8],
    /// The line of its `-----BEGIN` marker, from 1; `None` for a DER file.
    pub line: Option<usize>,
}

impl<'a> Block<'a> {
    /// The DER bytes, or why the PEM block holding them is broken.
    ///
    /// # Errors
    /// When the PEM block has no END line or its base64 does not decode.
    pub fn der(&self) -> Result<Cow<'a, [u8]>, String> {
        match self.line {
            None => Ok(Cow::Borrowed(self.text)),
            Some(_) => match pem_block(self.text) {
                Ok((_, der)) => Ok(Cow::Owned(der)),
                Err(why) => Err(format!("broken PEM block: {why}")),
            },
        }
    }
}

/// Finds the certificate blocks of a file: every certificate PEM block (text
/// around them, such as `openssl x509 -text` output, is ignored), or the whole
/// file as DER when it holds no PEM. Blocks are decoded later, one by one,
/// so that a large bundle is never held twice.
///
/// # Errors
/// When PEM text holds blocks but none is a certificate.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block<'_>>, LoadError> {
    let starts: Vec<usize> =
        memchr::memmem::find_iter(bytes, b"-----BEGIN ").filter(|&i| i == 0 || bytes[i - 1] == b'\n').collect();
    if starts.is_empty() {
        return Ok(vec![Block { text: bytes, line: None }]);
    }
    let mut out = Vec::new();
    let mut others = Vec::new();
    let (mut line, mut counted) = (1, 0);
    for start in starts {
        line += memchr::memchr_iter(b'\n', &bytes[counted..start]).count();
        counted = start;
        let text = &bytes[start..];
        match pem_label(text) {
            Some(label) if !CERT_LABELS.contains(&label) => others.push(label.to_owned()),
            // A certificate, or a block too broken to tell: reported when decoded.
            _ => out.push(Block { text, line: Some(line) }),
        }
    }
    if out.is_empty() {
        return Err(LoadError::NoCertificate(if others.is_empty() { "none".to_owned() } else { others.join(", ") }));
    }
    Ok(out)
}

/// The label of the PEM block that starts `text`, if its BEGIN line is well formed.
fn pem_label(text: &[u8]) -> Option<&str> {
    let header_end = memchr::memchr(b'\n', text).unwrap_or(text.len());
    let header = text[..header_end].strip_suffix(b"\r").unwrap_or(&text[..header_end]);
    header.strip_prefix(b"-----BEGIN ").and_then(|h| h.strip_suffix(b"-----")).and_then(|l| std::str::from_utf8(l).ok())
}

/// Decodes the PEM block that starts `text` (RFC 7468): its label and contents.
fn pem_block(text: &[u8]) -> Result<(&str, Vec<u8>), &'static str> {
    let label = pem_label(text).ok_or("invalid BEGIN line")?;
    let header_end = memchr::memchr(b'\n', text).unwrap_or(text.len());
    let body = &text[(header_end + 1).min(text.len())..];
    let end = memchr::memmem::find(body, b"-----END ").ok_or("no END line")?;
    let base64: Vec<u8> = body[..end].iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    let der = data_encoding::BASE64.decode(&base64).map_err(|_| "its base64 does not decode")?;
    Ok((label, der))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_without_pem_is_one_block() {
        let b = blocks(&[0x30, 0x03, 0x02, 0x01, 0x01]).unwrap();
        assert_eq!((b.len(), b[0].line, b[0].der().unwrap().len()), (1, None, 5));
    }

    #[test]
    fn pem_blocks_amid_text() {
        let text = b"Certificate:\n  Data: ...\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\nmore\n-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMAMCAQI=\n-----END CERTIFICATE-----\n";
        let b = blocks(text).unwrap();
        let got: Vec<_> = b.iter().map(|b| (b.der().map(Cow::into_owned), b.line)).collect();
        assert_eq!(got, vec![(Ok(vec![0x30, 3, 2, 1, 1]), Some(3)), (Ok(vec![0x30, 3, 2, 1, 2]), Some(10))]);
    }

    #[test]
    fn broken_pem_blocks() {
        let b = blocks(
            b"-----BEGIN CERTIFICATE-----\nMAMC!QE=\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMAMC\n",
        )
        .unwrap();
        let got: Vec<_> = b.iter().map(|b| (b.der().map(Cow::into_owned), b.line)).collect();
        assert_eq!(
            got,
            vec![
                (Err("broken PEM block: its base64 does not decode".to_owned()), Some(1)),
                (Err("broken PEM block: no END line".to_owned()), Some(4)),
            ]
        );
    }

    #[test]
    fn pem_without_certificates() {
        let text = b"-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n";
        assert_eq!(blocks(text), Err(LoadError::NoCertificate("PRIVATE KEY".to_owned())));
    }
}
