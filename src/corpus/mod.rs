//! Subjects that requirements are evaluated on: certificates and CA manifests.
//!
//! This module is the only one that parses with x509-parser (the field table
//! borrows x509-parser's OID constants). It finds inputs
//! ([`discover`]), reads and splits them ([`read`], [`blocks`]), and exposes
//! the view types that the field schema reads; it knows nothing of policies
//! or of the field schema.

pub mod ca;
mod cert;
mod load;
mod walk;

pub use cert::{CertError, CertView, KEY_USAGE_NAMES, NameKind, Which, oid_name, oids};
pub use load::{Block, BlockKind, LoadError, MAX_INPUT_BYTES, blocks, read};
pub use walk::{Discover, Input, discover, path_text};
