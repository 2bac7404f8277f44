//! Subjects that requirements are evaluated on: certificates and CA manifests.
//!
//! This module is the only one that parses with x509-parser (the field table
//! borrows x509-parser's OID constants). It finds inputs
//! ([`discover`]), reads and splits them ([`read`], [`blocks`]), and exposes
//! the view types that the field schema reads; it knows nothing of policies.

pub mod ca;
mod ca_config;
mod cert;
mod load;
mod walk;

pub use ca_config::{CaManifest, CrlSection, KeySection};
pub use cert::{CertError, CertView, KEY_USAGE_NAMES, NameKind, Which, oid_name, oids};
pub use load::{Block, BlockKind, LoadError, MAX_INPUT_BYTES, blocks, read};
pub use walk::{Discover, Input, discover, path_text};

pub(crate) use ca_config::opt;

/// One thing a requirement can be evaluated on.
#[derive(Debug)]
pub enum Subject<'a> {
    /// A certificate or to-be-signed certificate.
    Cert(&'a CertView<'a>),
    /// A CA manifest.
    Ca(&'a CaManifest),
}

impl Subject<'_> {
    /// Reads a field; on a certificate each field is decoded once and remembered.
    pub fn read(&self, field: &'static crate::schema::FieldDef) -> crate::schema::Value {
        match self {
            Subject::Cert(c) => {
                let fields = crate::schema::FIELDS;
                // The field's position in the table, from its address: O(1), no lookup.
                let offset = std::ptr::from_ref(field).addr().wrapping_sub(fields.as_ptr().addr());
                let size = std::mem::size_of::<crate::schema::FieldDef>();
                if offset % size == 0 && offset / size < fields.len() {
                    c.memo(offset / size, fields.len(), || (field.get)(self))
                } else {
                    (field.get)(self)
                }
            }
            Subject::Ca(_) => (field.get)(self),
        }
    }
}
