//! The certificate view: the one place that reads x509-parser's types.
//!
//! A [`CertView`] borrows the DER buffer through x509-parser's
//! [`TbsCertificate`], so signed certificates and unsigned to-be-signed
//! certificates look the same to the field accessors. Accessors return
//! [`Value::Absent`] only when an extension is really not there; a duplicate or
//! undecodable extension gives [`Value::Malformed`] with the reason.

use x509_parser::certificate::TbsCertificate;
use x509_parser::error::X509Error;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::oid_registry::{self, Oid};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::X509Name;

use crate::schema::Value;

/// A parsed certificate, ready for field accessors.
#[derive(Debug)]
pub struct CertView<'a> {
    tbs: TbsCertificate<'a>,
}

/// Why a buffer is not a certificate.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CertError(String);

impl<'a> CertView<'a> {
    /// Parses a DER certificate, or failing that a DER `TBSCertificate`.
    ///
    /// # Errors
    /// When the bytes are neither, or are followed by trailing data.
    pub fn from_der(der: &'a [u8]) -> Result<Self, CertError> {
        match X509Certificate::from_der(der) {
            Ok(([], cert)) => Ok(Self { tbs: cert.tbs_certificate }),
            Ok((rest, _)) => Err(CertError(format!("{} bytes of trailing data after the certificate", rest.len()))),
            Err(signed_err) => match TbsCertificate::from_der(der) {
                Ok(([], tbs)) => Ok(Self { tbs }),
                _ => Err(CertError(format!("not a DER certificate: {signed_err}"))),
            },
        }
    }

    fn extension(&self, oid: &Oid<'_>) -> Result<Option<&ParsedExtension<'a>>, Value> {
        match self.tbs.get_extension_unique(oid) {
            Ok(Some(ext)) => match ext.parsed_extension() {
                ParsedExtension::ParseError { error } => Err(Value::Malformed(error.to_string())),
                p => Ok(Some(p)),
            },
            Ok(None) => Ok(None),
            Err(e) => Err(malformed(&e)),
        }
    }

    fn criticality(&self, oid: &Oid<'_>) -> Value {
        match self.tbs.get_extension_unique(oid) {
            Ok(Some(ext)) => Value::Bool(ext.critical),
            Ok(None) => Value::Absent,
            Err(e) => malformed(&e),
        }
    }

    /// Certificate version as written in certificates: 1, 2 or 3.
    pub fn version(&self) -> Value {
        Value::Int(i64::from(self.tbs.version().0) + 1)
    }

    /// Serial number as lowercase hex of its content octets.
    pub fn serial_hex(&self) -> Value {
        Value::String(self.tbs.raw_serial().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Serial number length in octets.
    pub fn serial_len(&self) -> Value {
        Value::Int(i64::try_from(self.tbs.raw_serial().len()).unwrap_or(i64::MAX))
    }

    /// notBefore.
    pub fn not_before(&self) -> Value {
        Value::Date(self.tbs.validity().not_before.timestamp())
    }

    /// notAfter.
    pub fn not_after(&self) -> Value {
        Value::Date(self.tbs.validity().not_after.timestamp())
    }

    /// Validity period, counted inclusively as RFC 5280 §4.1.2.5 and the BRs do.
    pub fn validity_duration(&self) -> Value {
        let v = self.tbs.validity();
        Value::Duration(v.not_after.timestamp() - v.not_before.timestamp() + 1)
    }

    /// Subject attribute values of one type.
    pub fn subject_attr(&self, oid: &Oid<'_>) -> Value {
        name_attr(self.tbs.subject(), oid)
    }

    /// Issuer attribute values of one type.
    pub fn issuer_attr(&self, oid: &Oid<'_>) -> Value {
        name_attr(self.tbs.issuer(), oid)
    }

    /// Public key algorithm: `rsa`, `ec`, `ed25519`, `ed448`, `dsa` or the OID.
    pub fn key_algorithm(&self) -> Value {
        let oid = &self.tbs.public_key().algorithm.algorithm;
        let name = if *oid == oid_registry::OID_PKCS1_RSAENCRYPTION {
            "rsa"
        } else if *oid == oid_registry::OID_KEY_TYPE_EC_PUBLIC_KEY {
            "ec"
        } else if *oid == oid_registry::OID_SIG_ED25519 {
            "ed25519"
        } else if *oid == oid_registry::OID_SIG_ED448 {
            "ed448"
        } else if *oid == oid_registry::OID_KEY_TYPE_DSA {
            "dsa"
        } else {
            return Value::String(oid.to_id_string());
        };
        Value::String(name.to_owned())
    }

    /// RSA modulus size in bits; absent for other key types.
    pub fn rsa_modulus_bits(&self) -> Value {
        match self.tbs.public_key().parsed() {
            Ok(PublicKey::RSA(rsa)) => Value::Int(i64::try_from(rsa.key_size()).unwrap_or(i64::MAX)),
            Ok(_) => Value::Absent,
            Err(e) => malformed(&e),
        }
    }

    /// Named curve of an EC key (`P-256`, `P-384`, `P-521`, or the OID); absent for other key types.
    pub fn ec_curve(&self) -> Value {
        let spki = self.tbs.public_key();
        if spki.algorithm.algorithm != oid_registry::OID_KEY_TYPE_EC_PUBLIC_KEY {
            return Value::Absent;
        }
        let Some(curve) = spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()) else {
            return Value::Malformed("EC key without a named curve".to_owned());
        };
        let name = if curve == oid_registry::OID_EC_P256 {
            "P-256".to_owned()
        } else if curve == oid_registry::OID_NIST_EC_P384 {
            "P-384".to_owned()
        } else if curve == oid_registry::OID_NIST_EC_P521 {
            "P-521".to_owned()
        } else {
            curve.to_id_string()
        };
        Value::String(name)
    }

    /// Whether basicConstraints is present.
    pub fn basic_constraints_present(&self) -> Value {
        match self.tbs.basic_constraints() {
            Ok(b) => Value::Bool(b.is_some()),
            Err(e) => malformed(&e),
        }
    }

    /// basicConstraints cA flag; `false` without the extension, as RFC 5280 reads it.
    pub fn basic_constraints_ca(&self) -> Value {
        match self.tbs.basic_constraints() {
            Ok(Some(b)) => Value::Bool(b.value.ca),
            Ok(None) => Value::Bool(false),
            Err(e) => malformed(&e),
        }
    }

    /// basicConstraints pathLenConstraint.
    pub fn basic_constraints_path_len(&self) -> Value {
        match self.tbs.basic_constraints() {
            Ok(Some(b)) => b.value.path_len_constraint.map_or(Value::Absent, |n| Value::Int(i64::from(n))),
            Ok(None) => Value::Absent,
            Err(e) => malformed(&e),
        }
    }

    /// basicConstraints criticality.
    pub fn basic_constraints_critical(&self) -> Value {
        self.criticality(&oid_registry::OID_X509_EXT_BASIC_CONSTRAINTS)
    }

    /// keyUsage bits that are set, by their RFC 5280 names.
    pub fn key_usage(&self) -> Value {
        match self.tbs.key_usage() {
            Ok(Some(ku)) => Value::List(
                KEY_USAGE_NAMES
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| ku.value.flags & (1 << bit) != 0)
                    .map(|(_, n)| Value::String((*n).to_owned()))
                    .collect(),
            ),
            Ok(None) => Value::Absent,
            Err(e) => malformed(&e),
        }
    }

    /// keyUsage criticality.
    pub fn key_usage_critical(&self) -> Value {
        self.criticality(&oid_registry::OID_X509_EXT_KEY_USAGE)
    }

    /// extKeyUsage purposes as OIDs, in certificate order.
    pub fn eku(&self) -> Value {
        let oid = oid_registry::OID_X509_EXT_EXTENDED_KEY_USAGE;
        let raw = match self.tbs.get_extension_unique(&oid) {
            Ok(Some(ext)) => ext,
            Ok(None) => return Value::Absent,
            Err(e) => return malformed(&e),
        };
        match raw.parsed_extension() {
            // Re-read the purposes in order: the parsed form keeps known ones as flags.
            ParsedExtension::ExtendedKeyUsage(_) => match seq_of_oids(raw.value) {
                Some(oids) => Value::List(oids.into_iter().map(Value::Oid).collect()),
                None => Value::Malformed("extKeyUsage is not a sequence of OIDs".to_owned()),
            },
            ParsedExtension::ParseError { error } => Value::Malformed(error.to_string()),
            _ => Value::Malformed("extKeyUsage could not be decoded".to_owned()),
        }
    }

    /// DNS names in subjectAltName.
    pub fn san_dns(&self) -> Value {
        match self.tbs.subject_alternative_name() {
            Ok(Some(san)) => Value::List(
                san.value
                    .general_names
                    .iter()
                    .filter_map(|g| match g {
                        GeneralName::DNSName(n) => Some(Value::String((*n).to_owned())),
                        _ => None,
                    })
                    .collect(),
            ),
            Ok(None) => Value::Absent,
            Err(e) => malformed(&e),
        }
    }

    /// Policy OIDs in certificatePolicies, in certificate order.
    pub fn policy_oids(&self) -> Value {
        match self.extension(&oid_registry::OID_X509_EXT_CERTIFICATE_POLICIES) {
            Ok(Some(ParsedExtension::CertificatePolicies(p))) => {
                Value::List(p.iter().map(|i| Value::Oid(i.policy_id.to_id_string())).collect())
            }
            Ok(Some(_)) => Value::Malformed("certificatePolicies could not be decoded".to_owned()),
            Ok(None) => Value::Absent,
            Err(v) => v,
        }
    }
}

/// RFC 5280 §4.2.1.3 names of the keyUsage bits, bit 0 first.
pub const KEY_USAGE_NAMES: &[&str] = &[
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

fn malformed(e: &X509Error) -> Value {
    Value::Malformed(e.to_string())
}

fn name_attr(name: &X509Name<'_>, oid: &Oid<'_>) -> Value {
    let mut out = Vec::new();
    for attr in name.iter_by_oid(oid) {
        match attr.as_str() {
            Ok(s) => out.push(Value::String(s.to_owned())),
            Err(e) => return malformed(&e),
        }
    }
    Value::List(out)
}

fn seq_of_oids(der: &[u8]) -> Option<Vec<String>> {
    use x509_parser::der_parser::der::{parse_der_oid, parse_der_sequence_defined_g};
    let (rest, oids) = parse_der_sequence_defined_g(|mut i, _| {
        let mut out = Vec::new();
        while !i.is_empty() {
            let (r, obj) = parse_der_oid(i)?;
            out.push(obj.as_oid().map(|o| o.to_id_string()).unwrap_or_default());
            i = r;
        }
        Ok((i, out))
    })(der)
    .ok()?;
    rest.is_empty().then_some(oids)
}
