//! The field schema: what a policy can read from a subject, and with which type.
//!
//! The type checker reads [`FIELDS`] to type field paths; `cpslint fields`
//! prints it. Named constants ([`CONSTANTS`]) give readable names to OIDs.

mod fields;
mod types;

pub use fields::{FIELDS, field};
pub use types::{ObjectId, Scalar, Type, Value, format_date, format_duration, format_size, human_duration, human_size};

use serde::Serialize;

use crate::corpus::Subject;

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
