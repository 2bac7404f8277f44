//! The field schema: what a policy can read from a subject, and with which type.
//!
//! The type checker reads [`FIELDS`] to type field paths; `cpslint fields`
//! prints it. Named constants ([`CONSTANTS`]) give readable names to OIDs.

pub mod ca;
mod fields;

pub use fields::{FIELDS, field};

use serde::Serialize;

use crate::value::{Type, Value};

/// What a requirement is evaluated on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Certificates and to-be-signed certificates (`cert.*` fields).
    Certificate,
    /// CA configurations (`ca.*` fields).
    Ca,
}

impl Target {
    /// The keyword used in policies (`target certificate`).
    pub fn keyword(self) -> &'static str {
        match self {
            Target::Certificate => "certificate",
            Target::Ca => "ca",
        }
    }

    /// The field-path prefix of this target's subject.
    pub fn root(self) -> &'static str {
        match self {
            Target::Certificate => "cert",
            Target::Ca => "ca",
        }
    }
}

/// A name a policy reads subjects through: a certificate and its issuer, a
/// CA and its parent. Fields of `issuer` are the fields of `cert`, read on the
/// issuing certificate; fields of `parent` are those of `ca`, read on the
/// parent CA's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Root {
    /// The certificate linted.
    Cert,
    /// Its issuer's certificate.
    Issuer,
    /// The CA configuration linted.
    Ca,
    /// The parent CA's configuration.
    Parent,
}

impl Root {
    /// Every root.
    pub const ALL: [Root; 4] = [Root::Cert, Root::Issuer, Root::Ca, Root::Parent];

    /// The word policies write.
    pub fn word(self) -> &'static str {
        match self {
            Root::Cert => "cert",
            Root::Issuer => "issuer",
            Root::Ca => "ca",
            Root::Parent => "parent",
        }
    }

    /// The kind of subject it reads, whose fields it shares.
    pub fn target(self) -> Target {
        match self {
            Root::Cert | Root::Issuer => Target::Certificate,
            Root::Ca | Root::Parent => Target::Ca,
        }
    }

    /// The root a policy word names.
    pub fn from_word(word: &str) -> Option<Root> {
        Root::ALL.into_iter().find(|r| r.word() == word)
    }

    /// A field's name as read in this root: `cert.version` in `issuer` is `issuer.version`.
    pub fn name_of(self, field: &str) -> String {
        let own = self.target().root();
        match field.strip_prefix(own) {
            Some(rest) if self.word() != own => format!("{}{rest}", self.word()),
            _ => field.to_owned(),
        }
    }
}

/// One readable field.
#[derive(Debug)]
pub struct FieldDef {
    /// Full dotted path, e.g. `cert.basic_constraints.ca`.
    pub name: &'static str,
    /// The subject kind it belongs to.
    pub target: Target,
    /// Its type.
    pub ty: Type,
    /// User documentation.
    pub doc: &'static str,
    /// Reads the value from a subject.
    pub get: fn(&Subject<'_>) -> Value,
}

/// A named constant usable in expressions.
#[derive(Debug)]
pub struct Constant {
    /// The name as written in policies.
    pub name: &'static str,
    /// Its value.
    pub value: &'static str,
    /// What it is.
    pub doc: &'static str,
}

/// Named OIDs (all of type `oid`).
pub static CONSTANTS: &[Constant] = &[
    Constant { name: "serverAuth", value: "1.3.6.1.5.5.7.3.1", doc: "id-kp-serverAuth (RFC 5280 §4.2.1.12)" },
    Constant { name: "clientAuth", value: "1.3.6.1.5.5.7.3.2", doc: "id-kp-clientAuth" },
    Constant { name: "codeSigning", value: "1.3.6.1.5.5.7.3.3", doc: "id-kp-codeSigning" },
    Constant { name: "emailProtection", value: "1.3.6.1.5.5.7.3.4", doc: "id-kp-emailProtection" },
    Constant { name: "timeStamping", value: "1.3.6.1.5.5.7.3.8", doc: "id-kp-timeStamping" },
    Constant { name: "OCSPSigning", value: "1.3.6.1.5.5.7.3.9", doc: "id-kp-OCSPSigning" },
    Constant { name: "anyExtendedKeyUsage", value: "2.5.29.37.0", doc: "anyExtendedKeyUsage" },
    Constant { name: "anyPolicy", value: "2.5.29.32.0", doc: "anyPolicy (RFC 5280 §4.2.1.4)" },
    Constant { name: "domainValidated", value: "2.23.140.1.2.1", doc: "CA/B Forum DV TLS policy" },
    Constant { name: "organizationValidated", value: "2.23.140.1.2.2", doc: "CA/B Forum OV TLS policy" },
    Constant { name: "individualValidated", value: "2.23.140.1.2.3", doc: "CA/B Forum IV TLS policy" },
    Constant { name: "extendedValidation", value: "2.23.140.1.1", doc: "CA/B Forum EV TLS policy" },
];

/// One thing a requirement can be evaluated on.
#[derive(Debug)]
pub enum Subject<'a> {
    /// A certificate or to-be-signed certificate.
    Cert(&'a crate::corpus::CertView<'a>),
    /// A CA manifest.
    Ca(&'a crate::corpus::ca::CaConfig),
}

impl Subject<'_> {
    /// The root this subject is read through when it is the one linted.
    pub fn root(&self) -> Root {
        match self {
            Subject::Cert(_) => Root::Cert,
            Subject::Ca(_) => Root::Ca,
        }
    }

    /// Whether the field's value is written in a file: for a CA configuration,
    /// set by a manifest or the CA software's configuration rather than left
    /// to a default or unsaid. Certificates write every field they carry.
    pub fn explicit(&self, field: &'static FieldDef) -> bool {
        match self {
            Subject::Cert(_) => self.read(field) != Value::Absent,
            Subject::Ca(c) => ca::explicit(c, field.name.strip_prefix("ca.").unwrap_or(field.name)),
        }
    }

    /// Reads a field; on a certificate each field is decoded once and remembered.
    pub fn read(&self, field: &'static FieldDef) -> Value {
        match self {
            Subject::Cert(c) => {
                let fields = FIELDS;
                // The field's position in the table, from its address: O(1), no lookup.
                let offset = std::ptr::from_ref(field).addr().wrapping_sub(fields.as_ptr().addr());
                let size = std::mem::size_of::<FieldDef>();
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
