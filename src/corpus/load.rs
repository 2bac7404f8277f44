//! Reading inputs and splitting them into DER certificates.
//!
//! [`blocks`] recognises an input by its content, in one linear pass: PEM
//! text (any number of blocks amid other text), PKCS#7 / CMS certificate
//! bundles (PEM or DER), bare base64, and, failing those, DER.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use memchr::memmem;
use x509_parser::der_parser::asn1_rs::{Any, Class, FromBer, Tag};

use super::walk::Input;

/// The largest input read; anything larger is reported, not read.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// PEM labels that hold certificates.
const CERT_LABELS: &[&str] = &["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];

/// PEM labels that hold a PKCS#7 / CMS SignedData: RFC 7468's and OpenSSL's older one.
const PKCS7_LABELS: &[&str] = &["PKCS7", "CMS", "PKCS #7 SIGNED DATA"];

/// The UTF-8 byte order mark, which some editors put before text.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The DER of the OID 1.2.840.113549.1.7.2, id-signedData, with its tag and length.
const SIGNED_DATA_OID: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/// Why a certificate block whose base64 does not decode yields no certificate.
const PEM_BASE64: &str = "broken PEM block: its base64 does not decode";

/// At most this many labels of non-certificate PEM blocks are named in [`LoadError::NoCertificate`].
const MAX_LABELS_NAMED: usize = 8;

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
    /// A PKCS#7 / CMS bundle that holds no certificate, and nothing else that does.
    #[error("no certificate in this PKCS#7 bundle")]
    EmptyPkcs7,
    /// A PKCS#7 / CMS bundle (DER, or base64 without PEM lines) that does not decode.
    #[error("malformed PKCS#7 bundle: {0}")]
    Pkcs7(String),
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
            // Never a FIFO, a device or a file under /proc: they would block or never end.
            let f = crate::fsio::open_regular(p).map_err(io)?;
            let meta = f.metadata().map_err(io)?;
            if meta.len() > MAX_INPUT_BYTES {
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

/// Where a block's certificate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The whole input, as DER.
    Der,
    /// The whole input, as base64 without PEM lines.
    Base64,
    /// A PEM block.
    Pem,
    /// The certificate at this position (from 1) of a PKCS#7 bundle.
    Pkcs7(u32),
}

impl fmt::Display for BlockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockKind::Der => f.write_str("DER input"),
            BlockKind::Base64 => f.write_str("base64 input"),
            BlockKind::Pem => f.write_str("PEM block"),
            BlockKind::Pkcs7(n) => write!(f, "PKCS#7 certificate {n}"),
        }
    }
}

/// One certificate candidate in a file, located but not necessarily decoded.
///
/// A block borrows the input wherever it can: PEM certificate blocks are
/// checked while splitting but decoded only when [`Block::der`] is called, so
/// that a large bundle is never held twice. Consecutive broken blocks that
/// fail for the same reason are one block ([`Block::count`] says how many), so
/// that a file of a million broken blocks costs one block, not a million.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// The line of its `-----BEGIN` marker, from 1; `None` when the block is
    /// not PEM (a DER or base64 file, or a certificate of a DER PKCS#7 bundle).
    pub line: Option<usize>,
    /// Where the certificate comes from.
    pub kind: BlockKind,
    data: Data<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Data<'a> {
    /// DER borrowed from the input: a whole file, or a certificate of a DER PKCS#7 bundle.
    Der(&'a [u8]),
    /// The base64 of a PEM certificate block, decoded when asked for.
    Pem(&'a [u8]),
    /// The base64 of a `TRUSTED CERTIFICATE` block: OpenSSL's trust settings follow the certificate.
    TrustedPem(&'a [u8]),
    /// DER decoded from text: a base64 file, or a certificate of a PEM or base64 PKCS#7 bundle.
    Owned(Box<[u8]>),
    /// Why this block yields no certificate.
    Broken(Broken<'a>),
    /// Consecutive broken blocks that fail for the same reason, as one: a
    /// file of a million broken blocks costs one block, and one finding.
    Run(Box<Run<'a>>),
}

/// A run of broken blocks after the first one, which the [`Block`] locates.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run<'a> {
    /// Why each of them yields no certificate.
    why: Broken<'a>,
    /// How many blocks follow the first one; at least 1.
    more: usize,
    /// The line and kind of the last one.
    last: (Option<usize>, BlockKind),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Broken<'a> {
    InvalidBegin,
    InvalidEnd,
    NoEnd,
    /// The base64 of a certificate block does not decode.
    PemBase64,
    /// The text from its BEGIN label to the end of its END label, when the two differ.
    Mismatch(&'a [u8]),
    Base64,
    Pkcs7(Arc<str>),
    /// A member of a PKCS#7 bundle that is some other kind of certificate.
    NotX509(&'static str),
}

impl Broken<'_> {
    /// Whether two blocks fail for the same reason, as their messages would say.
    fn same(&self, other: &Broken<'_>) -> bool {
        match (self, other) {
            (Broken::Mismatch(a), Broken::Mismatch(b)) => mismatched_labels(a) == mismatched_labels(b),
            (Broken::InvalidBegin, Broken::InvalidBegin)
            | (Broken::InvalidEnd, Broken::InvalidEnd)
            | (Broken::NoEnd, Broken::NoEnd)
            | (Broken::PemBase64, Broken::PemBase64)
            | (Broken::Base64, Broken::Base64) => true,
            (Broken::Pkcs7(a), Broken::Pkcs7(b)) => a == b,
            (Broken::NotX509(a), Broken::NotX509(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Broken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Broken::InvalidBegin => f.write_str("broken PEM block: invalid BEGIN line"),
            Broken::InvalidEnd => f.write_str("broken PEM block: invalid END line"),
            Broken::NoEnd => f.write_str("broken PEM block: no END line"),
            Broken::PemBase64 => f.write_str(PEM_BASE64),
            Broken::Mismatch(span) => {
                let (begin, end) = mismatched_labels(span);
                write!(
                    f,
                    "broken PEM block: BEGIN {} is closed by END {}",
                    String::from_utf8_lossy(begin),
                    String::from_utf8_lossy(end)
                )
            }
            Broken::Base64 => f.write_str("broken PKCS#7 block: its base64 does not decode"),
            Broken::Pkcs7(why) => write!(f, "broken PKCS#7 block: {why}"),
            Broken::NotX509(what) => write!(f, "{what}, not an X.509 certificate"),
        }
    }
}

impl Block<'_> {
    /// The DER bytes, or why the block holding them is broken.
    ///
    /// # Errors
    /// When the PEM block has no END line or its base64 does not decode, or
    /// the block is otherwise broken.
    pub fn der(&self) -> Result<Cow<'_, [u8]>, String> {
        match &self.data {
            Data::Der(der) => Ok(Cow::Borrowed(der)),
            Data::Owned(der) => Ok(Cow::Borrowed(der)),
            Data::Pem(base64) => decode_base64(base64).map(Cow::Owned).ok_or_else(|| PEM_BASE64.to_owned()),
            Data::TrustedPem(base64) => match decode_base64(base64) {
                Some(mut der) => {
                    if let Ok((rest, _)) = Any::from_ber(&der) {
                        let certificate = der.len() - rest.len();
                        der.truncate(certificate);
                    }
                    Ok(Cow::Owned(der))
                }
                None => Err(PEM_BASE64.to_owned()),
            },
            Data::Broken(why) => Err(why.to_string()),
            Data::Run(run) => {
                let (n, s) = (thousands(run.more), if run.more == 1 { "" } else { "s" });
                let (first, last) = (place(self.line, self.kind), place(run.last.0, run.last.1));
                Err(format!("{} (and {n} more broken block{s} like it, from {first} to {last})", run.why))
            }
        }
    }

    /// How many blocks of the input this one stands for: more than 1 for a
    /// run of broken blocks that fail for the same reason, else 1.
    pub fn count(&self) -> usize {
        match &self.data {
            Data::Run(run) => run.more.saturating_add(1),
            _ => 1,
        }
    }

    /// The line of the `-----BEGIN` marker of the last block this one stands
    /// for: [`Block::line`] unless it is a run of broken blocks.
    pub fn last_line(&self) -> Option<usize> {
        match &self.data {
            Data::Run(run) => run.last.0,
            _ => self.line,
        }
    }

    fn new(line: Option<usize>, kind: BlockKind, data: Data<'_>) -> Block<'_> {
        Block { line, kind, data }
    }

    fn broken(line: usize, why: Broken<'_>) -> Block<'_> {
        Block { line: Some(line), kind: BlockKind::Pem, data: Data::Broken(why) }
    }
}

/// Where a block is, for a message about a run of them.
fn place(line: Option<usize>, kind: BlockKind) -> String {
    match (line, kind) {
        (Some(l), BlockKind::Pkcs7(n)) => format!("PKCS#7 certificate {n} of the block at line {l}"),
        (Some(l), _) => format!("line {l}"),
        (None, kind) => kind.to_string(),
    }
}

/// `1999999` as `1,999,999`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Adds `block` to `out`; a broken block that fails for the same reason as
/// the block before it joins that block's run instead, so that memory grows
/// with the number of distinct runs, not of blocks.
fn push<'a>(out: &mut Vec<Block<'a>>, block: Block<'a>) {
    let joins = match (out.last().map(|b| &b.data), &block.data) {
        (Some(Data::Broken(prev)), Data::Broken(why)) => prev.same(why),
        (Some(Data::Run(run)), Data::Broken(why)) => run.why.same(why),
        _ => false,
    };
    let Some(last) = out.last_mut().filter(|_| joins) else {
        out.push(block);
        return;
    };
    let end = (block.line, block.kind);
    last.data = match std::mem::replace(&mut last.data, Data::Der(&[])) {
        Data::Broken(why) => Data::Run(Box::new(Run { why, more: 1, last: end })),
        Data::Run(mut run) => {
            run.more = run.more.saturating_add(1);
            run.last = end;
            Data::Run(run)
        }
        other => other,
    };
}

/// Finds the certificate blocks of a file, recognising it by its content:
///
/// - PEM: every certificate block (`CERTIFICATE`, `X509 CERTIFICATE`,
///   `TRUSTED CERTIFICATE`) and every certificate of a `PKCS7` or `CMS`
///   block; text around the blocks (such as `openssl x509 -text` output) is
///   ignored;
/// - a DER PKCS#7 / CMS SignedData: each of its certificates;
/// - bare base64 of a certificate, TBSCertificate or PKCS#7 bundle;
/// - anything else: the whole file, as DER.
///
/// A UTF-8 byte order mark before text is ignored. Certificates taken out of
/// a PKCS#7 bundle are its exact bytes, never re-encoded. The input is read in
/// one linear pass; no bytes make this panic.
///
/// # Errors
/// When PEM text holds blocks but none is a certificate, or a PKCS#7 bundle
/// holds no certificate or does not decode.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block<'_>>, LoadError> {
    let text = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if is_signed_data(text) {
        // A DER bundle: its certificates are borrowed from the input.
        return pkcs7_file(text, |m| match m {
            Member::Certificate(c) => Data::Der(c),
            m => m.into_data(),
        });
    }
    if !is_one_tlv(text) {
        if let Some(found) = pem_blocks(text) {
            return found;
        }
        if let Some(der) = decode_base64(text).filter(|d| d.first() == Some(&0x30)) {
            if is_signed_data(&der) {
                return pkcs7_file(&der, Member::into_data);
            }
            return Ok(vec![Block::new(None, BlockKind::Base64, Data::Owned(der.into_boxed_slice()))]);
        }
    }
    Ok(vec![Block::new(None, BlockKind::Der, Data::Der(bytes))])
}

/// The blocks of a file that is one PKCS#7 bundle, each made by `data`.
fn pkcs7_file<'a, 'b>(der: &'b [u8], data: impl Fn(Member<'b>) -> Data<'a>) -> Result<Vec<Block<'a>>, LoadError> {
    let mut out = Vec::new();
    let found = signed_data_certificates(der, &mut |i, m| push(&mut out, Block::new(None, pkcs7_kind(i), data(m))))
        .map_err(LoadError::Pkcs7)?;
    if found == 0 {
        return Err(LoadError::EmptyPkcs7);
    }
    Ok(out)
}

/// The kind of the `i`th certificate of a PKCS#7 bundle, from 0.
fn pkcs7_kind(i: usize) -> BlockKind {
    BlockKind::Pkcs7(u32::try_from(i + 1).unwrap_or(u32::MAX))
}

/// Whether `der` starts like a ContentInfo of type signedData (RFC 5652 3), truncated or not.
fn is_signed_data(der: &[u8]) -> bool {
    header_len(der, 0x30).and_then(|n| der.get(n..)).is_some_and(|rest| rest.starts_with(SIGNED_DATA_OID))
}

/// Whether `der` is exactly one DER SEQUENCE with a definite length.
fn is_one_tlv(der: &[u8]) -> bool {
    header_len(der, 0x30).is_some_and(|n| match der[1] {
        0x80 => false,
        l if l < 0x80 => n + usize::from(l) == der.len(),
        _ => {
            der[2..n].iter().try_fold(0usize, |acc, &b| acc.checked_mul(256)?.checked_add(usize::from(b)))
                == der.len().checked_sub(n)
        }
    })
}

/// The length of the header of the BER value that starts `der`, if it has tag `tag`.
fn header_len(der: &[u8], tag: u8) -> Option<usize> {
    if der.first() != Some(&tag) {
        return None;
    }
    let n = match *der.get(1)? {
        l if l <= 0x80 => 2,
        l if l <= 0x88 => 2 + usize::from(l & 0x7f),
        _ => return None,
    };
    (n <= der.len()).then_some(n)
}

/// Decodes standard base64, ignoring whitespace; padding is optional. `None`
/// as soon as a byte is neither base64 nor whitespace, so that a binary file
/// is not copied.
fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    decode_base64_into(text, &mut Vec::new(), &mut out).then_some(out)
}

/// [`decode_base64`] into `out`, with `clean` to hold the text without
/// whitespace: both are reused from call to call, so checking a million
/// blocks allocates no more than checking the largest. `false` when the text
/// does not decode.
fn decode_base64_into(text: &[u8], clean: &mut Vec<u8>, out: &mut Vec<u8>) -> bool {
    clean.clear();
    out.clear();
    for &b in text {
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=') {
            clean.push(b);
        } else if !b.is_ascii_whitespace() {
            return false;
        }
    }
    let unpadded = clean.strip_suffix(b"==").or_else(|| clean.strip_suffix(b"=")).unwrap_or(clean);
    if unpadded.len() != clean.len() && clean.len() % 4 != 0 {
        return false;
    }
    let Ok(len) = data_encoding::BASE64_NOPAD.decode_len(unpadded.len()) else { return false };
    out.resize(len, 0);
    match data_encoding::BASE64_NOPAD.decode_mut(unpadded, out) {
        Ok(n) => {
            out.truncate(n);
            true
        }
        Err(_) => false,
    }
}

// ----- PEM -----

/// Counts lines up to increasing positions; `\n`, `\r\n` and a lone `\r` each end a line.
struct Lines {
    counted: usize,
    line: usize,
}

impl Lines {
    fn at(&mut self, text: &[u8], at: usize) -> usize {
        let from = self.counted.min(at);
        for i in memchr::memchr2_iter(b'\n', b'\r', &text[from..at]) {
            let i = from + i;
            if text[i] == b'\n' || text.get(i + 1) != Some(&b'\n') {
                self.line += 1;
            }
        }
        self.counted = at;
        self.line
    }
}

/// The label between `-----BEGIN ` or `-----END ` and `-----`, if it is one (RFC 7468 3).
fn pem_label(bytes: &[u8]) -> Option<&str> {
    if bytes.is_empty() || !bytes.iter().all(|b| (0x20..0x7f).contains(b)) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// The labels of a mismatched block, from the text between `-----BEGIN ` and the END label's `-----`.
fn mismatched_labels(span: &[u8]) -> (&[u8], &[u8]) {
    let begin_end = memmem::find(span, b"-----").unwrap_or(span.len());
    let end = memmem::rfind(span, b"-----END ").map_or(&[][..], |i| &span[i + 9..]);
    (&span[..begin_end], end)
}

/// The labels of the non-certificate blocks of a file, each once, in file order.
#[derive(Default)]
struct OtherLabels<'a> {
    named: Vec<&'a str>,
    more: bool,
}

impl<'a> OtherLabels<'a> {
    fn add(&mut self, label: &'a str) {
        if !self.named.contains(&label) {
            if self.named.len() < MAX_LABELS_NAMED {
                self.named.push(label);
            } else {
                self.more = true;
            }
        }
    }

    fn list(&self) -> String {
        match (self.named.is_empty(), self.more) {
            (true, _) => "none".to_owned(),
            (false, false) => self.named.join(", "),
            (false, true) => format!("{}, …", self.named.join(", ")),
        }
    }
}

/// The certificate blocks of PEM text, or `None` when it has no `-----BEGIN ` at all.
///
/// A BEGIN marker may be anywhere on a line. Each block ends at the first
/// `-----` after its BEGIN line: its END marker, or else the next block's
/// BEGIN, so that no byte is looked at more than a few times.
fn pem_blocks(text: &[u8]) -> Option<Result<Vec<Block<'_>>, LoadError>> {
    let begin = memmem::Finder::new(b"-----BEGIN ");
    let dashes = memmem::Finder::new(b"-----");
    let find = |finder: &memmem::Finder<'_>, from: usize| finder.find(&text[from..]).map(|i| from + i);
    let mut lines = Lines { counted: 0, line: 1 };
    let (mut out, mut others, mut empty_pkcs7) = (Vec::new(), OtherLabels::default(), false);
    let wanted = |l: &str| CERT_LABELS.contains(&l) || PKCS7_LABELS.contains(&l);
    let mut pos = 0;
    let mut any = false;
    // Buffers to check that each certificate block's base64 decodes.
    let mut scratch = (Vec::new(), Vec::new());
    while let Some(at) = find(&begin, pos) {
        any = true;
        let line = lines.at(text, at);
        let label_start = at + 11;
        let Some(label_end) = find(&dashes, label_start) else {
            push(&mut out, Block::broken(line, Broken::InvalidBegin));
            break;
        };
        pos = label_end;
        let Some(label) = pem_label(&text[label_start..label_end]) else {
            push(&mut out, Block::broken(line, Broken::InvalidBegin));
            continue;
        };
        let body_start = label_end + 5;
        let next = find(&dashes, body_start);
        let Some(end_at) = next.filter(|&n| text[n..].starts_with(b"-----END ")) else {
            if wanted(label) {
                push(&mut out, Block::broken(line, Broken::NoEnd));
            } else {
                others.add(label);
            }
            match next {
                Some(n) => pos = n,
                None => break,
            }
            continue;
        };
        let end_label_start = end_at + 9;
        let end_label_end = find(&dashes, end_label_start);
        let end_label = end_label_end.and_then(|e| pem_label(&text[end_label_start..e]));
        if let Some(e) = end_label_end {
            pos = e;
        }
        match end_label {
            None if wanted(label) => push(&mut out, Block::broken(line, Broken::InvalidEnd)),
            Some(end) if end != label && (wanted(label) || wanted(end)) => {
                let span = &text[label_start..end_label_end.unwrap_or(text.len())];
                push(&mut out, Block::broken(line, Broken::Mismatch(span)));
            }
            Some(end) if end == label && wanted(label) => {
                let body = &text[body_start..end_at];
                if PKCS7_LABELS.contains(&label) {
                    empty_pkcs7 |= pkcs7_block(body, line, &mut out);
                } else if !decode_base64_into(body, &mut scratch.0, &mut scratch.1) {
                    // Found now, not when the block is decoded, so that a run of them is one block.
                    push(&mut out, Block::broken(line, Broken::PemBase64));
                } else if label == "TRUSTED CERTIFICATE" {
                    out.push(Block::new(Some(line), BlockKind::Pem, Data::TrustedPem(body)));
                } else {
                    out.push(Block::new(Some(line), BlockKind::Pem, Data::Pem(body)));
                }
            }
            _ => others.add(label),
        }
        if end_label_end.is_none() {
            break;
        }
    }
    if !any {
        return None;
    }
    if out.is_empty() {
        return Some(Err(if empty_pkcs7 { LoadError::EmptyPkcs7 } else { LoadError::NoCertificate(others.list()) }));
    }
    Some(Ok(out))
}

/// Adds the certificates of the PKCS#7 PEM block with this base64 to `out`,
/// or a broken block; `true` when the bundle is sound but holds no certificate.
fn pkcs7_block<'a>(base64: &[u8], line: usize, out: &mut Vec<Block<'a>>) -> bool {
    let Some(der) = decode_base64(base64) else {
        push(out, Block::broken(line, Broken::Base64));
        return false;
    };
    match signed_data_certificates(&der, &mut |i, m| push(out, Block::new(Some(line), pkcs7_kind(i), m.into_data()))) {
        Ok(found) => found == 0,
        Err(why) => {
            push(out, Block::broken(line, Broken::Pkcs7(why.into())));
            false
        }
    }
}

// ----- PKCS#7 / CMS -----

/// One element of `SignedData.certificates`.
enum Member<'b> {
    /// A certificate: its exact bytes.
    Certificate(&'b [u8]),
    /// Another choice of CertificateChoices, named.
    Other(&'static str),
    /// An element that does not decode; the elements after it are not read.
    Malformed(String),
}

impl Member<'_> {
    fn into_data(self) -> Data<'static> {
        match self {
            Member::Certificate(c) => Data::Owned(c.into()),
            Member::Other(what) => Data::Broken(Broken::NotX509(what)),
            Member::Malformed(why) => Data::Broken(Broken::Pkcs7(why.into())),
        }
    }
}

/// Passes each element of `SignedData.certificates` (RFC 5652 5.1) in a
/// ContentInfo to `each` with its position from 0, as slices of `der`, and
/// returns how many there are. BER, with indefinite lengths, is read too. The
/// elements are passed on only once the ContentInfo around them is sound, so
/// an error means that `each` was never called.
fn signed_data_certificates<'b>(der: &'b [u8], each: &mut dyn FnMut(usize, Member<'b>)) -> Result<usize, String> {
    let (rest, info) = value(der, "ContentInfo")?;
    expect(&info, Class::Universal, Tag::Sequence, "ContentInfo", "a SEQUENCE")?;
    if !rest.is_empty() {
        return Err(format!("{} bytes of trailing data after it", rest.len()));
    }
    let (inner, content_type) = value(info.data, "contentType")?;
    expect(&content_type, Class::Universal, Tag::Oid, "contentType", "an OBJECT IDENTIFIER")?;
    if content_type.data != &SIGNED_DATA_OID[2..] {
        return Err("its content type is not signedData (1.2.840.113549.1.7.2)".to_owned());
    }
    if inner.is_empty() {
        return Err("its SignedData is missing".to_owned());
    }
    let (_, explicit) = value(inner, "content")?;
    expect(&explicit, Class::ContextSpecific, Tag(0), "content", "[0]")?;
    let (_, signed) = value(explicit.data, "SignedData")?;
    expect(&signed, Class::Universal, Tag::Sequence, "SignedData", "a SEQUENCE")?;
    let (rest, version) = value(signed.data, "version")?;
    expect(&version, Class::Universal, Tag::Integer, "version", "an INTEGER")?;
    let (rest, digests) = value(rest, "digestAlgorithms")?;
    expect(&digests, Class::Universal, Tag::Set, "digestAlgorithms", "a SET")?;
    let (rest, encapsulated) = value(rest, "encapContentInfo")?;
    expect(&encapsulated, Class::Universal, Tag::Sequence, "encapContentInfo", "a SEQUENCE")?;
    if rest.is_empty() {
        return Err("its SignedData ends before signerInfos".to_owned());
    }
    let (_, next) = value(rest, "certificates")?;
    if next.class() != Class::ContextSpecific || next.tag() != Tag(0) {
        return Ok(0);
    }
    expect(&next, Class::ContextSpecific, Tag(0), "certificates field", "a constructed [0]")?;
    let mut found = 0;
    let mut data = next.data;
    while !data.is_empty() {
        let (rest, m) = match value(data, "certificates") {
            Ok(v) => v,
            Err(why) => {
                each(found, Member::Malformed(format!("certificate {}: {why}", found + 1)));
                found += 1;
                break;
            }
        };
        let tlv = &data[..data.len() - rest.len()];
        let member = match (m.class(), m.tag().0) {
            (Class::Universal, 16) => Member::Certificate(tlv),
            (Class::ContextSpecific, 0) => Member::Other("a PKCS #6 extended certificate"),
            (Class::ContextSpecific, 1 | 2) => Member::Other("an attribute certificate"),
            (Class::ContextSpecific, 3) => Member::Other("a certificate of another format"),
            _ => Member::Other("an element that is no certificate"),
        };
        each(found, member);
        found += 1;
        data = rest;
    }
    Ok(found)
}

/// The BER value that starts `input`, and what follows it.
fn value<'b>(input: &'b [u8], what: &str) -> Result<(&'b [u8], Any<'b>), String> {
    Any::from_ber(input).map_err(|e| match e {
        x509_parser::nom::Err::Incomplete(_) => format!("truncated: its {what} ends early"),
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => {
            format!("its {what}: {}", super::cert::ber_text(&e))
        }
    })
}

/// Checks the class and tag of `v`, and that it is constructed unless it is an INTEGER or OID.
fn expect(v: &Any<'_>, class: Class, tag: Tag, what: &str, want: &str) -> Result<(), String> {
    let primitive = class == Class::Universal && (tag == Tag::Integer || tag == Tag::Oid);
    if v.class() == class && v.tag() == tag && v.header.is_constructed() != primitive {
        Ok(())
    } else {
        Err(format!("its {what} is not {want}"))
    }
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

    const TLS_OK: &[u8] = include_bytes!("../../tests/fixtures/certs/tls-ok.pem");
    const ROOT: &[u8] = include_bytes!("../../tests/fixtures/certs/root-ca.pem");
    const TBS: &[u8] = include_bytes!("../../tests/fixtures/certs/tls-ok.tbs");
    const P7B: &[u8] = include_bytes!("../../tests/fixtures/certs/bundle.p7b");
    const P7_PEM: &[u8] = include_bytes!("../../tests/fixtures/certs/bundle-p7.pem");
    /// `openssl crl2pkcs7 -nocrl -outform DER`: a SignedData without certificates.
    const EMPTY_P7: &[u8] = &[
        0x30, 0x23, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x16, 0x30, 0x14, 0x02,
        0x01, 0x01, 0x31, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0x31,
        0x00,
    ];

    /// The DER of the one certificate of a PEM file, checked with x509-parser.
    fn der_of(pem: &[u8]) -> Vec<u8> {
        let found = blocks(pem).unwrap();
        assert_eq!(found.len(), 1);
        let der = found[0].der().unwrap().into_owned();
        assert!(matches!(x509_parser::parse_x509_certificate(&der), Ok(([], _))));
        der
    }

    fn ders(found: &[Block<'_>]) -> Vec<Result<Vec<u8>, String>> {
        found.iter().map(|b| b.der().map(Cow::into_owned)).collect()
    }

    fn places(found: &[Block<'_>]) -> Vec<(Option<usize>, BlockKind)> {
        found.iter().map(|b| (b.line, b.kind)).collect()
    }

    fn pem(label: &str, der: &[u8]) -> Vec<u8> {
        let base64 = data_encoding::BASE64.encode(der);
        let lines: Vec<&str> = base64.as_bytes().chunks(64).map(|l| std::str::from_utf8(l).unwrap()).collect();
        format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n")).into_bytes()
    }

    /// A BER ContentInfo with indefinite lengths on every constructed layer, holding `certs` as they are.
    fn ber_bundle(certs: &[&[u8]]) -> Vec<u8> {
        let mut v = vec![0x30, 0x80];
        v.extend_from_slice(SIGNED_DATA_OID);
        v.extend_from_slice(&[0xa0, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0x31, 0x00, 0x30, 0x80]);
        v.extend_from_slice(&[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0, 0, 0xa0, 0x80]);
        for c in certs {
            v.extend_from_slice(c);
        }
        v.extend_from_slice(&[0, 0, 0x31, 0x00, 0, 0, 0, 0, 0, 0]);
        v
    }

    #[test]
    fn a_begin_right_after_an_end_is_found() {
        // `cat a.pem b.pem` where a.pem lacks its final newline.
        let mut text = TLS_OK.strip_suffix(b"\n").unwrap().to_vec();
        text.extend_from_slice(ROOT);
        let found = blocks(&text).unwrap();
        assert_eq!(ders(&found), vec![Ok(der_of(TLS_OK)), Ok(der_of(ROOT))]);
        let lines = memchr::memchr_iter(b'\n', TLS_OK).count();
        assert_eq!(places(&found), vec![(Some(1), BlockKind::Pem), (Some(lines), BlockKind::Pem)]);
    }

    #[test]
    fn a_begin_anywhere_on_a_line_is_found() {
        let text = [b"subject: CN=x -----BEGIN CERTIFICATE-----".as_slice(), &TLS_OK[27..]].concat();
        assert_eq!(ders(&blocks(&text).unwrap()), vec![Ok(der_of(TLS_OK))]);
        // One line, as in an environment variable or a log.
        let text: Vec<u8> = TLS_OK.iter().map(|&c| if c == b'\n' { b' ' } else { c }).collect();
        assert_eq!(ders(&blocks(&text).unwrap()), vec![Ok(der_of(TLS_OK))]);
    }

    #[test]
    fn any_line_ending() {
        let lf = [TLS_OK, b"between\n", ROOT].concat();
        let lines = memchr::memchr_iter(b'\n', TLS_OK).count() + 2;
        let want = vec![Ok(der_of(TLS_OK)), Ok(der_of(ROOT))];
        let cr: Vec<u8> = lf.iter().map(|&c| if c == b'\n' { b'\r' } else { c }).collect();
        let crlf: Vec<u8> = lf.iter().flat_map(|&c| if c == b'\n' { vec![b'\r', b'\n'] } else { vec![c] }).collect();
        for text in [lf, cr, crlf] {
            let found = blocks(&text).unwrap();
            assert_eq!(ders(&found), want);
            assert_eq!(places(&found), vec![(Some(1), BlockKind::Pem), (Some(lines), BlockKind::Pem)]);
        }
    }

    #[test]
    fn mismatched_labels() {
        let text = b"-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n\
            -----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END X509 CERTIFICATE-----\n\
            -----BEGIN RSA PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n\
            -----BEGIN CERTIFICATE-----\nMAMCAQI=\n-----END CERTIFICATE-----\n";
        let found = blocks(text).unwrap();
        assert_eq!(
            ders(&found),
            vec![
                Err("broken PEM block: BEGIN CERTIFICATE is closed by END PRIVATE KEY".to_owned()),
                Err("broken PEM block: BEGIN PRIVATE KEY is closed by END X509 CERTIFICATE".to_owned()),
                Ok(vec![0x30, 3, 2, 1, 2]),
            ]
        );
        assert_eq!(found.iter().map(|b| b.line).collect::<Vec<_>>(), vec![Some(1), Some(4), Some(10)]);
        let keys = b"-----BEGIN RSA PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n";
        assert_eq!(blocks(keys), Err(LoadError::NoCertificate("RSA PRIVATE KEY".to_owned())));
    }

    #[test]
    fn broken_begin_and_end_lines() {
        let text = b"-----BEGIN CERTIFICATE\nMAMCAQE=\n-----END CERTIFICATE-----\n\
            -----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE\n\
            -----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n-----BEGIN ";
        let found = blocks(text).unwrap();
        assert_eq!(
            ders(&found),
            vec![
                Err("broken PEM block: invalid BEGIN line".to_owned()),
                Err("broken PEM block: invalid END line".to_owned()),
                Ok(vec![0x30, 3, 2, 1, 1]),
                Err("broken PEM block: invalid BEGIN line".to_owned()),
            ]
        );
        assert_eq!(found.iter().map(|b| b.line).collect::<Vec<_>>(), vec![Some(1), Some(4), Some(7), Some(10)]);
    }

    #[test]
    fn labels_of_other_blocks_are_named_once() {
        let mut text = Vec::new();
        for label in ["PRIVATE KEY", "PUBLIC KEY", "PRIVATE KEY", "X509 CRL"] {
            text.extend(pem(label, &[0x30, 0]));
        }
        assert_eq!(blocks(&text), Err(LoadError::NoCertificate("PRIVATE KEY, PUBLIC KEY, X509 CRL".to_owned())));
        let many: Vec<u8> = (0..20).flat_map(|i| pem(&format!("KEY {i}"), &[0x30, 0])).collect();
        let Err(LoadError::NoCertificate(list)) = blocks(&many) else { panic!() };
        assert_eq!(list, "KEY 0, KEY 1, KEY 2, KEY 3, KEY 4, KEY 5, KEY 6, KEY 7, …");
    }

    #[test]
    fn a_byte_order_mark_before_text() {
        let with_bom = [BOM, TLS_OK].concat();
        let found = blocks(&with_bom).unwrap();
        assert_eq!((ders(&found), places(&found)), (vec![Ok(der_of(TLS_OK))], vec![(Some(1), BlockKind::Pem)]));
        let base64 = [BOM, data_encoding::BASE64.encode(&der_of(TLS_OK)).as_bytes(), b"\n"].concat();
        let found = blocks(&base64).unwrap();
        assert_eq!((ders(&found), places(&found)), (vec![Ok(der_of(TLS_OK))], vec![(None, BlockKind::Base64)]));
    }

    #[test]
    fn bare_base64() {
        let der = der_of(TLS_OK);
        assert_eq!(der.len() % 3, 1, "the base64 of this certificate is padded with ==");
        let one_line = data_encoding::BASE64.encode(&der);
        let unpadded = data_encoding::BASE64_NOPAD.encode(&der);
        let wrapped: Vec<u8> = unpadded.as_bytes().chunks(76).flat_map(|l| [l, b"\r\n"].concat()).collect();
        let wrapped_padded = data_encoding::BASE64_MIME.encode(&der);
        for text in [one_line.as_bytes(), unpadded.as_bytes(), &wrapped, wrapped_padded.as_bytes()] {
            let found = blocks(text).unwrap();
            assert_eq!((ders(&found), places(&found)), (vec![Ok(der.clone())], vec![(None, BlockKind::Base64)]));
        }
        // A TBSCertificate, and a PKCS#7 bundle.
        assert_eq!(ders(&blocks(data_encoding::BASE64.encode(TBS).as_bytes()).unwrap()), vec![Ok(TBS.to_vec())]);
        let text = data_encoding::BASE64_MIME.encode(P7B);
        let found = blocks(text.as_bytes()).unwrap();
        assert_eq!(ders(&found), vec![Ok(der_of(TLS_OK)), Ok(der_of(ROOT))]);
        assert_eq!(places(&found), vec![(None, BlockKind::Pkcs7(1)), (None, BlockKind::Pkcs7(2))]);
        // Not base64 of DER: the input is DER (and the runner says why it is not a certificate).
        for text in [&b"QUJD\n"[..], b"hello world", b"MAMCAQE=MAMCAQE=", b"MAMCAQ=", b"MAMCAQE==="] {
            let found = blocks(text).unwrap();
            assert_eq!((ders(&found), places(&found)), (vec![Ok(text.to_vec())], vec![(None, BlockKind::Der)]));
        }
    }

    #[test]
    fn pkcs7_bundles_pem_and_der() {
        let want = vec![Ok(der_of(TLS_OK)), Ok(der_of(ROOT))];
        let found = blocks(P7B).unwrap();
        assert_eq!(ders(&found), want);
        assert_eq!(places(&found), vec![(None, BlockKind::Pkcs7(1)), (None, BlockKind::Pkcs7(2))]);
        assert!(found.iter().all(|b| matches!(b.der(), Ok(Cow::Borrowed(_)))), "DER bundles are borrowed");
        let found = blocks(P7_PEM).unwrap();
        assert_eq!(ders(&found), want);
        assert_eq!(places(&found), vec![(Some(1), BlockKind::Pkcs7(1)), (Some(1), BlockKind::Pkcs7(2))]);
        // RFC 7468's CMS label, amid text and next to a certificate block.
        let cms = String::from_utf8(P7_PEM.to_vec()).unwrap().replace("PKCS7", "CMS");
        let text = [b"chain:\n", cms.as_bytes(), b"leaf:\n", TLS_OK].concat();
        let found = blocks(&text).unwrap();
        let lines = memchr::memchr_iter(b'\n', P7_PEM).count();
        assert_eq!(ders(&found), vec![Ok(der_of(TLS_OK)), Ok(der_of(ROOT)), Ok(der_of(TLS_OK))]);
        assert_eq!(
            places(&found),
            vec![(Some(2), BlockKind::Pkcs7(1)), (Some(2), BlockKind::Pkcs7(2)), (Some(lines + 3), BlockKind::Pem)]
        );
        assert_eq!(BlockKind::Pkcs7(3).to_string(), "PKCS#7 certificate 3");
    }

    #[test]
    fn pkcs7_in_ber_keeps_certificates_byte_for_byte() {
        let (leaf, root) = (der_of(TLS_OK), der_of(ROOT));
        // A certificate with a length in more octets than DER allows: a quirk for the linter to see.
        let mut quirky = vec![0x30, 0x83, 0x00];
        quirky.extend_from_slice(&leaf[2..]);
        let attribute = [0xa2, 0x03, 0x02, 0x01, 0x01];
        let bundle = ber_bundle(&[&quirky, &root, &attribute]);
        let found = blocks(&bundle).unwrap();
        assert_eq!(
            ders(&found),
            vec![Ok(quirky), Ok(root), Err("an attribute certificate, not an X.509 certificate".to_owned())]
        );
        assert_eq!(found[2].kind, BlockKind::Pkcs7(3));
    }

    #[test]
    fn pkcs7_without_certificates() {
        assert_eq!(blocks(EMPTY_P7), Err(LoadError::EmptyPkcs7));
        assert_eq!(blocks(&ber_bundle(&[])), Err(LoadError::EmptyPkcs7));
        assert_eq!(blocks(&pem("PKCS7", EMPTY_P7)), Err(LoadError::EmptyPkcs7));
        // Next to a certificate, an empty bundle adds nothing.
        let text = [pem("PKCS7", EMPTY_P7), TLS_OK.to_vec()].concat();
        assert_eq!(ders(&blocks(&text).unwrap()), vec![Ok(der_of(TLS_OK))]);
    }

    #[test]
    fn malformed_pkcs7() {
        for cut in [20, 100, P7B.len() - 1] {
            let Err(LoadError::Pkcs7(why)) = blocks(&P7B[..cut]) else { panic!("{cut}") };
            assert!(why.starts_with("truncated: "), "{why}");
        }
        let text = pem("PKCS7", &P7B[..100]);
        let got = ders(&blocks(&text).unwrap());
        let [Err(why)] = got.as_slice() else { panic!("{got:?}") };
        assert!(why.starts_with("broken PKCS#7 block: truncated: "), "{why}");
        // A certificate under a PKCS7 label; base64 that does not decode.
        let text = pem("PKCS7", &der_of(TLS_OK));
        assert_eq!(
            ders(&blocks(&text).unwrap()),
            vec![Err("broken PKCS#7 block: its contentType is not an OBJECT IDENTIFIER".to_owned())]
        );
        let found = blocks(b"-----BEGIN PKCS7-----\nMII!\n-----END PKCS7-----\n").unwrap();
        assert_eq!(ders(&found), vec![Err("broken PKCS#7 block: its base64 does not decode".to_owned())]);
        let Err(LoadError::Pkcs7(why)) = blocks(&[P7B, &[0]].concat()) else { panic!() };
        assert_eq!(why, "1 bytes of trailing data after it");
        // Another content type than signedData.
        let mut data = EMPTY_P7.to_vec();
        data[12] = 0x01;
        let text = pem("PKCS7", &data);
        assert_eq!(
            ders(&blocks(&text).unwrap()),
            vec![Err("broken PKCS#7 block: its content type is not signedData (1.2.840.113549.1.7.2)".to_owned())]
        );
    }

    #[test]
    fn trusted_certificate_drops_the_trust_settings() {
        let der = der_of(TLS_OK);
        // X509_CERT_AUX with trust in serverAuth, as `openssl x509 -addtrust serverAuth` writes it.
        let aux = [0x30, 0x0a, 0x30, 0x08, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07];
        let text = pem("TRUSTED CERTIFICATE", &[&der[..], &aux].concat());
        let found = blocks(&text).unwrap();
        assert_eq!(ders(&found), vec![Ok(der.clone())]);
        let text = pem("X509 CERTIFICATE", &der);
        let found = blocks(&text).unwrap();
        assert_eq!(ders(&found), vec![Ok(der)]);
    }

    #[test]
    fn begin_lines_without_end_are_found_in_linear_time() {
        // Quadratic searching takes minutes on this; one pass takes milliseconds.
        let n = 200_000;
        let start = std::time::Instant::now();
        let text = b"-----BEGIN CERTIFICATE-----\n".repeat(n);
        let found = blocks(&text).unwrap();
        assert_eq!(counts(&found), vec![(Some(1), n, Some(n))]);
        let keys = b"-----BEGIN PRIVATE KEY-----\r".repeat(n);
        assert_eq!(blocks(&keys), Err(LoadError::NoCertificate("PRIVATE KEY".to_owned())));
        let one_line = b"-----BEGIN ".repeat(n);
        assert_eq!(counts(&blocks(&one_line).unwrap()), vec![(Some(1), n, Some(1))]);
        let took = start.elapsed();
        assert!(took < std::time::Duration::from_secs(30), "{took:?}");
    }

    /// The first line, count and last line of each block.
    fn counts(found: &[Block<'_>]) -> Vec<(Option<usize>, usize, Option<usize>)> {
        found.iter().map(|b| (b.line, b.count(), b.last_line())).collect()
    }

    #[test]
    fn a_run_of_broken_blocks_is_one_block() {
        let n = 200_000;
        let text = b"-----BEGIN CERTIFICATE-----\n".repeat(n);
        let found = blocks(&text).unwrap();
        assert_eq!(counts(&found), vec![(Some(1), n, Some(n))]);
        // The run costs one block: nothing grew with the number of blocks.
        assert!(found.capacity() <= 4, "{}", found.capacity());
        assert_eq!(
            found[0].der(),
            Err("broken PEM block: no END line (and 199,999 more broken blocks like it, from line 1 to line 200000)"
                .to_owned())
        );
        assert_eq!(found[0].kind, BlockKind::Pem);
        // Two in a row.
        let two = b"-----BEGIN CERTIFICATE-----\n".repeat(2);
        let found = blocks(&two).unwrap();
        assert_eq!(
            ders(&found),
            vec![Err(
                "broken PEM block: no END line (and 1 more broken block like it, from line 1 to line 2)".to_owned()
            )]
        );
    }

    #[test]
    fn a_good_certificate_splits_a_run() {
        let broken = b"-----BEGIN CERTIFICATE-----\nMAMC!QE=\n-----END CERTIFICATE\n".repeat(3);
        let text = [&broken[..], TLS_OK, &broken].concat();
        let found = blocks(&text).unwrap();
        let lines = memchr::memchr_iter(b'\n', TLS_OK).count();
        assert_eq!(
            counts(&found),
            vec![(Some(1), 3, Some(7)), (Some(10), 1, Some(10)), (Some(10 + lines), 3, Some(16 + lines))]
        );
        assert_eq!(found[1].der(), Ok(Cow::Owned(der_of(TLS_OK))));
        let invalid_end = format!(
            "broken PEM block: invalid END line (and 2 more broken blocks like it, from line {} to line {})",
            10 + lines,
            16 + lines
        );
        assert_eq!(found[2].der(), Err(invalid_end));
        // Base64 that does not decode is found while splitting, so such blocks make a run too.
        let bad_base64 = b"-----BEGIN CERTIFICATE-----\nMAMC!QE=\n-----END CERTIFICATE-----\n".repeat(3);
        let found = blocks(&bad_base64).unwrap();
        assert_eq!(counts(&found), vec![(Some(1), 3, Some(7))]);
        assert!(found[0].der().unwrap_err().starts_with("broken PEM block: its base64 does not decode (and 2 more"));
    }

    #[test]
    fn different_reasons_are_different_runs() {
        let no_end = b"-----BEGIN CERTIFICATE-----\n".repeat(3);
        let invalid_begin = b"-----BEGIN CERTIFICATE\n-----END CERTIFICATE-----\n".repeat(2);
        let text = [&no_end[..], &invalid_begin].concat();
        let found = blocks(&text).unwrap();
        assert_eq!(counts(&found), vec![(Some(1), 3, Some(3)), (Some(4), 2, Some(6))]);
        assert!(found[1].der().unwrap_err().starts_with("broken PEM block: invalid BEGIN line (and 1 more"));
        // Mismatches are the same reason when they name the same labels.
        let mismatch = |end: &str| format!("-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END {end}-----\n");
        let text = [mismatch("KEY"), mismatch("KEY"), mismatch("CRL"), mismatch("CRL"), mismatch("CRL")].concat();
        let found = blocks(text.as_bytes()).unwrap();
        assert_eq!(counts(&found), vec![(Some(1), 2, Some(4)), (Some(7), 3, Some(13))]);
        assert_eq!(
            found[1].der(),
            Err("broken PEM block: BEGIN CERTIFICATE is closed by END CRL (and 2 more broken blocks like it, \
                from line 7 to line 13)"
                .to_owned())
        );
        // Alternating reasons: no run.
        let text = [&no_end[..28], &invalid_begin[..23], &no_end[..28], &invalid_begin[..23]].concat();
        assert_eq!(blocks(&text).unwrap().len(), 4);
    }

    #[test]
    fn a_run_of_pkcs7_members_that_are_no_certificates_is_one_block() {
        let attribute: &[u8] = &[0xa2, 0x03, 0x02, 0x01, 0x01];
        let leaf = der_of(TLS_OK);
        let mut members = vec![attribute; 50_000];
        members.push(&leaf);
        members.extend([attribute; 2]);
        let bundle = ber_bundle(&members);
        let found = blocks(&bundle).unwrap();
        assert_eq!(counts(&found), vec![(None, 50_000, None), (None, 1, None), (None, 2, None)]);
        assert_eq!(
            found[0].der(),
            Err("an attribute certificate, not an X.509 certificate (and 49,999 more broken blocks like it, \
                from PKCS#7 certificate 1 to PKCS#7 certificate 50000)"
                .to_owned())
        );
        assert_eq!(found[2].kind, BlockKind::Pkcs7(50_002));
        let text = pem("PKCS7", &ber_bundle(&[attribute, attribute, &leaf]));
        let found = blocks(&text).unwrap();
        assert_eq!(counts(&found), vec![(Some(1), 2, Some(1)), (Some(1), 1, Some(1))]);
        assert!(found[0].der().unwrap_err().ends_with(
            "from PKCS#7 certificate 1 of the block at line 1 to PKCS#7 certificate 2 of the block at line 1)"
        ));
        assert_eq!(
            (thousands(0), thousands(999), thousands(1000), thousands(1_234_567)),
            ("0".into(), "999".into(), "1,000".into(), "1,234,567".into())
        );
    }

    #[test]
    fn blocks_stay_small() {
        assert!(std::mem::size_of::<Block<'_>>() <= 48, "{}", std::mem::size_of::<Block<'_>>());
    }

    #[test]
    fn mutated_inputs_never_panic() {
        let (leaf, root) = (der_of(TLS_OK), der_of(ROOT));
        let seeds: Vec<Vec<u8>> = vec![
            TLS_OK.to_vec(),
            [BOM, TLS_OK, ROOT].concat(),
            P7B.to_vec(),
            P7_PEM.to_vec(),
            ber_bundle(&[&leaf, &root]),
            pem("PKCS7", &ber_bundle(&[&leaf])),
            data_encoding::BASE64_MIME.encode(P7B).into_bytes(),
            data_encoding::BASE64.encode(&leaf).into_bytes(),
            pem("TRUSTED CERTIFICATE", &leaf),
            EMPTY_P7.to_vec(),
            b"-----BEGIN CERTIFICATE-----\rMAMCAQE=\r-----END CERTIFICATE----------BEGIN CMS-----\r".to_vec(),
        ];
        let interesting = [b'-', b'\r', b'\n', b' ', b'=', 0x00, 0x30, 0x80, 0x81, 0x84, 0xa0, 0xff];
        let mut rng = fastrand::Rng::with_seed(0x10ad);
        for case in 0..4_000 {
            let mut input = if case % 8 == 7 {
                (0..rng.usize(..64)).map(|_| rng.u8(..)).collect()
            } else {
                seeds[rng.usize(..seeds.len())].clone()
            };
            for _ in 0..rng.usize(1..6) {
                let at = rng.usize(..=input.len());
                match rng.u8(..5) {
                    0 if at < input.len() => input[at] ^= 1 << rng.u8(..8),
                    1 if at < input.len() => input[at] = interesting[rng.usize(..interesting.len())],
                    2 => input.truncate(at),
                    3 => input.insert(at, interesting[rng.usize(..interesting.len())]),
                    _ => {
                        let len = rng.usize(..=(input.len() - at).min(40));
                        let copy = input[at..at + len].to_vec();
                        let to = rng.usize(..=input.len());
                        input.splice(to..to, copy);
                    }
                }
            }
            let outcome = std::panic::catch_unwind(|| {
                if let Ok(found) = blocks(&input) {
                    for b in &found {
                        let _ = (b.der(), b.kind.to_string());
                    }
                }
            });
            assert!(outcome.is_ok(), "case {case} panicked on {input:02x?}");
        }
    }
}
