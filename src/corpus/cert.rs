//! The certificate view: the one place that reads x509-parser's types.
//!
//! A [`CertView`] borrows the DER buffer through x509-parser's
//! [`TbsCertificate`], so signed certificates and unsigned to-be-signed
//! certificates look the same to the field accessors; only the outer
//! signature is missing from the latter. Every accessor tells three cases
//! apart: [`Value::Absent`] when the thing is really not there, a value when
//! it is, and [`Value::Malformed`] with the reason when it is there but cannot
//! be decoded (a duplicate extension, an undecodable extension value, a string
//! that is not a string). A malformed extension is never reported as absent.

use std::borrow::Cow;
use std::cell::RefCell;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use x509_parser::certificate::TbsCertificate;
use x509_parser::der_parser::asn1_rs::{Any, BitString, Sequence, Tag, ToDer};
use x509_parser::der_parser::der::parse_der;
use x509_parser::der_parser::oid;
use x509_parser::error::X509Error;
use x509_parser::extensions::{DistributionPointName, GeneralName, GeneralSubtree, ParsedExtension, X509Extension};
use x509_parser::oid_registry::{self as reg, Oid, OidRegistry};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;
use x509_parser::time::ASN1Time;
use x509_parser::x509::{AlgorithmIdentifier, X509Name};

use crate::value::{ObjectId, Value};

/// A parsed certificate, ready for field accessors.
#[derive(Debug)]
pub struct CertView<'a> {
    tbs: TbsCertificate<'a>,
    /// The outer signature; `None` for an unsigned to-be-signed certificate.
    signed: Option<Signature<'a>>,
    /// Field values already read, by field index: a field is decoded once per
    /// certificate however many requirements read it.
    memo: RefCell<Vec<Option<Value>>>,
}

#[derive(Debug)]
struct Signature<'a> {
    algorithm: AlgorithmIdentifier<'a>,
    value: BitString<'a>,
}

/// Why a buffer is not a certificate.
#[derive(Debug, thiserror::Error)]
#[error("{text}")]
pub struct CertError {
    text: String,
    /// The buffer is another PKI structure (a CRL, a CSR), not a broken certificate.
    other: bool,
}

impl CertError {
    fn new(text: String) -> Self {
        CertError { text, other: false }
    }

    /// Whether the buffer is a well-formed structure of another kind (a CRL, a CSR).
    pub fn is_other_structure(&self) -> bool {
        self.other
    }
}

/// OIDs that x509-parser does not name.
pub mod oids {
    use super::{Oid, oid};

    /// CT precertificate poison (RFC 6962 §3.1).
    pub const CT_POISON: Oid<'static> = oid!(1.3.6.1.4.1.11129.2.4.3);
    /// TLS feature, e.g. OCSP must-staple (RFC 7633).
    pub const TLS_FEATURE: Oid<'static> = oid!(1.3.6.1.5.5.7.1.24);
    /// CPS pointer policy qualifier (RFC 5280 §4.2.1.4).
    pub const QT_CPS: Oid<'static> = oid!(1.3.6.1.5.5.7.2.1);
    /// User notice policy qualifier (RFC 5280 §4.2.1.4).
    pub const QT_UNOTICE: Oid<'static> = oid!(1.3.6.1.5.5.7.2.2);
    /// OCSP access method (RFC 5280 §4.2.2.1).
    pub const AD_OCSP: Oid<'static> = oid!(1.3.6.1.5.5.7.48.1);
    /// CA issuers access method (RFC 5280 §4.2.2.1).
    pub const AD_CA_ISSUERS: Oid<'static> = oid!(1.3.6.1.5.5.7.48.2);
    /// organizationIdentifier (X.520, CA/B Forum EV guidelines).
    pub const ORGANIZATION_IDENTIFIER: Oid<'static> = oid!(2.5.4.97);
    /// streetAddress.
    pub const STREET: Oid<'static> = oid!(2.5.4.9);
    /// postalCode.
    pub const POSTAL_CODE: Oid<'static> = oid!(2.5.4.17);
    /// serialNumber (the name attribute, not the certificate serial).
    pub const SERIAL_NUMBER: Oid<'static> = oid!(2.5.4.5);
    /// surname.
    pub const SURNAME: Oid<'static> = oid!(2.5.4.4);
    /// givenName.
    pub const GIVEN_NAME: Oid<'static> = oid!(2.5.4.42);
    /// businessCategory.
    pub const BUSINESS_CATEGORY: Oid<'static> = oid!(2.5.4.15);
    /// jurisdictionLocalityName (EV guidelines).
    pub const JURISDICTION_L: Oid<'static> = oid!(1.3.6.1.4.1.311.60.2.1.1);
    /// jurisdictionStateOrProvinceName (EV guidelines).
    pub const JURISDICTION_ST: Oid<'static> = oid!(1.3.6.1.4.1.311.60.2.1.2);
    /// jurisdictionCountryName (EV guidelines).
    pub const JURISDICTION_C: Oid<'static> = oid!(1.3.6.1.4.1.311.60.2.1.3);
    /// domainComponent (RFC 4519).
    pub const DOMAIN_COMPONENT: Oid<'static> = oid!(0.9.2342.19200300.100.1.25);
    /// emailAddress (PKCS #9).
    pub const EMAIL_ADDRESS: Oid<'static> = oid!(1.2.840.113549.1.9.1);
}

/// Extensions cpslint decodes beyond the ones x509-parser does.
const ALSO_RECOGNIZED: &[Oid<'static>] = &[oids::CT_POISON, oids::TLS_FEATURE];

static REGISTRY: LazyLock<OidRegistry<'static>> =
    LazyLock::new(|| OidRegistry::default().with_all_crypto().with_x509());

/// The short name of an OID (`sha256WithRSAEncryption`), or its dotted form.
pub fn oid_name(oid: &Oid<'_>) -> String {
    REGISTRY.get(oid).map_or_else(|| oid.to_id_string(), |e| e.sn().to_owned())
}

impl<'a> CertView<'a> {
    /// Parses a DER certificate, or failing that a DER `TBSCertificate`.
    ///
    /// # Errors
    /// When the bytes are neither, or are followed by trailing data.
    pub fn from_der(der: &'a [u8]) -> Result<Self, CertError> {
        match X509Certificate::from_der(der) {
            Ok(([], cert)) => {
                let X509Certificate { tbs_certificate, signature_algorithm, signature_value, .. } = cert;
                Ok(Self {
                    tbs: tbs_certificate,
                    signed: Some(Signature { algorithm: signature_algorithm, value: signature_value }),
                    memo: RefCell::default(),
                })
            }
            Ok((rest, _)) => {
                Err(CertError::new(format!("{} bytes of trailing data after the certificate", rest.len())))
            }
            Err(signed_err) => match TbsCertificate::from_der(der) {
                Ok(([], tbs)) => Ok(Self { tbs, signed: None, memo: RefCell::default() }),
                _ => Err(match framing_problem(der) {
                    Some(why) => CertError::new(why),
                    None => match other_structure(der) {
                        Some(what) => CertError { text: what, other: true },
                        None => CertError::new(format!("not a DER certificate: {}", describe(&signed_err))),
                    },
                }),
            },
        }
    }

    /// The value of the field with index `key` (below `slots`), computed on first use.
    pub fn memo(&self, key: usize, slots: usize, compute: impl FnOnce() -> Value) -> Value {
        if let Some(Some(v)) = self.memo.borrow().get(key) {
            return v.clone();
        }
        let v = compute();
        let mut memo = self.memo.borrow_mut();
        if memo.len() < slots {
            memo.resize(slots, None);
        }
        if let Some(slot) = memo.get_mut(key) {
            *slot = Some(v.clone());
        }
        v
    }

    // ----- extensions, generically -----

    /// Runs `f` on the one extension with this OID: absent when there is none,
    /// malformed when there are several or its value does not decode.
    fn ext(&self, oid: &Oid<'_>, f: impl FnOnce(&X509Extension<'a>) -> Value) -> Value {
        match self.tbs.get_extension_unique(oid) {
            Ok(Some(e)) => match e.parsed_extension() {
                ParsedExtension::ParseError { error } => {
                    Value::Malformed(format!("{} does not decode: {}", oid_name(oid), nom_text(error)))
                }
                _ => f(e),
            },
            Ok(None) => Value::Absent,
            Err(_) => Value::Malformed(format!("{} appears more than once", oid_name(oid))),
        }
    }

    /// Whether the extension is marked critical; absent when it is.
    pub fn critical(&self, oid: &Oid<'_>) -> Value {
        match self.tbs.get_extension_unique(oid) {
            Ok(Some(e)) => Value::Bool(e.critical),
            Ok(None) => Value::Absent,
            Err(_) => Value::Malformed(format!("{} appears more than once", oid_name(oid))),
        }
    }

    /// Whether the extension is there (once or more).
    pub fn has_extension(&self, oid: &Oid<'_>) -> Value {
        Value::Bool(self.tbs.extensions().iter().any(|e| e.oid == *oid))
    }

    /// Every extension's OID, in certificate order.
    pub fn extension_oids(&self) -> Value {
        oid_list(self.tbs.extensions().iter().map(|e| &e.oid))
    }

    /// OIDs of the extensions marked critical.
    pub fn critical_extensions(&self) -> Value {
        oid_list(self.tbs.extensions().iter().filter(|e| e.critical).map(|e| &e.oid))
    }

    /// OIDs that appear more than once, each once, in order of first appearance.
    pub fn duplicate_extensions(&self) -> Value {
        let exts = self.tbs.extensions();
        let dup = exts
            .iter()
            .enumerate()
            .filter(|(i, e)| exts[..*i].iter().all(|p| p.oid != e.oid) && exts[i + 1..].iter().any(|n| n.oid == e.oid));
        oid_list(dup.map(|(_, e)| &e.oid))
    }

    /// OIDs of extensions that neither x509-parser nor cpslint decodes.
    pub fn unrecognized_extensions(&self) -> Value {
        oid_list(
            self.tbs
                .extensions()
                .iter()
                .filter(|e| {
                    matches!(e.parsed_extension(), ParsedExtension::UnsupportedExtension { .. })
                        && !ALSO_RECOGNIZED.contains(&e.oid)
                })
                .map(|e| &e.oid),
        )
    }

    /// OIDs of extensions whose value does not decode.
    pub fn malformed_extensions(&self) -> Value {
        oid_list(
            self.tbs
                .extensions()
                .iter()
                .filter(|e| match e.parsed_extension() {
                    ParsedExtension::ParseError { .. } => true,
                    _ if e.oid == oids::TLS_FEATURE => int_sequence(e.value).is_none(),
                    _ if e.oid == oids::CT_POISON => e.value != [0x05, 0x00],
                    _ => false,
                })
                .map(|e| &e.oid),
        )
    }

    /// Every extension as `OID=HEX` of its extnValue contents.
    pub fn raw_extensions(&self) -> Value {
        Value::List(
            self.tbs.extensions().iter().map(|e| Value::String(format!("{}={}", e.oid, hex(e.value)))).collect(),
        )
    }

    // ----- version, serial, signature -----

    /// Certificate version as written in certificates: 1, 2 or 3.
    pub fn version(&self) -> Value {
        Value::Int(i64::from(self.tbs.version().0) + 1)
    }

    /// Serial number as lowercase hex of its content octets.
    pub fn serial_hex(&self) -> Value {
        Value::String(hex(self.tbs.raw_serial()))
    }

    /// Serial number length in octets.
    pub fn serial_len(&self) -> Value {
        int(self.tbs.raw_serial().len())
    }

    /// Whether the serial number is negative (its first content octet has the high bit set).
    pub fn serial_negative(&self) -> Value {
        Value::Bool(self.tbs.raw_serial().first().is_some_and(|b| b & 0x80 != 0))
    }

    /// Whether the serial number is zero.
    pub fn serial_zero(&self) -> Value {
        Value::Bool(self.tbs.raw_serial().iter().all(|&b| b == 0))
    }

    /// The TBSCertificate's signature algorithm OID.
    pub fn tbs_sig_oid(&self) -> Value {
        Value::Oid(ObjectId::from_der(self.tbs.signature.algorithm.as_bytes()))
    }

    /// The TBSCertificate's signature algorithm by name.
    pub fn tbs_sig_name(&self) -> Value {
        Value::String(oid_name(&self.tbs.signature.algorithm))
    }

    /// The TBSCertificate's signature algorithm parameters, as hex DER; absent when omitted.
    pub fn tbs_sig_params(&self) -> Value {
        params(&self.tbs.signature)
    }

    /// The outer signatureAlgorithm OID; absent for a to-be-signed certificate.
    pub fn outer_sig_oid(&self) -> Value {
        self.signed.as_ref().map_or(Value::Absent, |s| Value::Oid(ObjectId::from_der(s.algorithm.algorithm.as_bytes())))
    }

    /// The outer signatureAlgorithm parameters; absent when omitted or unsigned.
    pub fn outer_sig_params(&self) -> Value {
        self.signed.as_ref().map_or(Value::Absent, |s| params(&s.algorithm))
    }

    /// Whether the outer and inner signature algorithms are identical, parameters included.
    pub fn sig_algs_match(&self) -> Value {
        self.signed.as_ref().map_or(Value::Absent, |s| {
            let (a, b) = (&s.algorithm, &self.tbs.signature);
            Value::Bool(a.algorithm == b.algorithm && params(a) == params(b))
        })
    }

    /// Length of the signature value in octets; absent when unsigned.
    pub fn signature_len(&self) -> Value {
        self.signed.as_ref().map_or(Value::Absent, |s| int(s.value.data.len()))
    }

    // ----- names -----

    /// A name of the certificate.
    fn name(&self, which: Which) -> &X509Name<'a> {
        match which {
            Which::Subject => &self.tbs.subject,
            Which::Issuer => &self.tbs.issuer,
        }
    }

    /// Values of one attribute type, in order.
    pub fn name_attr(&self, which: Which, oid: &Oid<'_>) -> Value {
        let mut out = Vec::new();
        for attr in self.name(which).iter_attributes().filter(|a| a.attr_type() == oid) {
            match directory_string(attr.attr_value()) {
                Ok(s) => out.push(Value::String(s.into_owned())),
                Err(why) => return Value::Malformed(format!("{} {}: {why}", which.word(), oid_name(oid))),
            }
        }
        Value::List(out.into())
    }

    /// Attribute types in order.
    pub fn name_types(&self, which: Which) -> Value {
        oid_list(self.name(which).iter_attributes().map(|a| a.attr_type()))
    }

    /// ASN.1 string types of the attribute values, in order.
    pub fn name_encodings(&self, which: Which) -> Value {
        Value::List(
            self.name(which)
                .iter_attributes()
                .map(|a| Value::String(string_type(a.attr_value().tag()).into_owned()))
                .collect(),
        )
    }

    /// Number of RDNs.
    pub fn name_rdns(&self, which: Which) -> Value {
        int(self.name(which).iter_rdn().count())
    }

    /// Whether some RDN holds more than one attribute.
    pub fn name_multi_valued(&self, which: Which) -> Value {
        Value::Bool(self.name(which).iter_rdn().any(|r| r.iter().nth(1).is_some()))
    }

    /// The name as text, RFC 4514 style (`C=US, O=Example, CN=www.example.com`).
    pub fn name_text(&self, which: Which) -> Value {
        match self.name(which).to_string_with_registry(&REGISTRY) {
            Ok(s) => Value::String(s),
            Err(e) => Value::Malformed(format!("{}: {e}", which.word())),
        }
    }

    // ----- validity -----

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
        v.not_after.timestamp().checked_sub(v.not_before.timestamp()).and_then(|d| d.checked_add(1)).map_or_else(
            || Value::Malformed("the validity period does not fit in a duration".to_owned()),
            Value::Duration,
        )
    }

    /// `utc_time` or `generalized_time`.
    pub fn not_before_encoding(&self) -> Value {
        time_encoding(&self.tbs.validity().not_before)
    }

    /// `utc_time` or `generalized_time`.
    pub fn not_after_encoding(&self) -> Value {
        time_encoding(&self.tbs.validity().not_after)
    }

    /// Whether issuerUniqueID or subjectUniqueID is present.
    pub fn unique_ids(&self) -> Value {
        Value::Bool(self.tbs.issuer_uid.is_some() || self.tbs.subject_uid.is_some())
    }

    // ----- public key -----

    /// Public key algorithm: `rsa`, `ec`, `ed25519`, `ed448`, `dsa` or the OID.
    pub fn key_algorithm(&self) -> Value {
        let oid = &self.tbs.public_key().algorithm.algorithm;
        let name = if *oid == reg::OID_PKCS1_RSAENCRYPTION {
            "rsa"
        } else if *oid == reg::OID_KEY_TYPE_EC_PUBLIC_KEY {
            "ec"
        } else if *oid == reg::OID_SIG_ED25519 {
            "ed25519"
        } else if *oid == reg::OID_SIG_ED448 {
            "ed448"
        } else if *oid == reg::OID_KEY_TYPE_DSA {
            "dsa"
        } else if *oid == reg::OID_PKCS1_RSASSAPSS {
            "rsa-pss"
        } else {
            return Value::String(oid.to_id_string());
        };
        Value::String(name.to_owned())
    }

    /// Public key algorithm OID.
    pub fn key_oid(&self) -> Value {
        Value::Oid(ObjectId::from_der(self.tbs.public_key().algorithm.algorithm.as_bytes()))
    }

    /// Public key algorithm parameters as hex DER; absent when omitted.
    pub fn key_params(&self) -> Value {
        params(&self.tbs.public_key().algorithm)
    }

    /// The subjectPublicKey bits as hex.
    pub fn key_raw(&self) -> Value {
        Value::String(hex(&self.tbs.public_key().subject_public_key.data))
    }

    fn rsa(&self, f: impl FnOnce(&x509_parser::public_key::RSAPublicKey<'_>) -> Value) -> Value {
        let spki = self.tbs.public_key();
        if spki.algorithm.algorithm != reg::OID_PKCS1_RSAENCRYPTION {
            return Value::Absent;
        }
        match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => f(&rsa),
            Ok(_) => Value::Malformed("RSA key does not decode".to_owned()),
            Err(e) => Value::Malformed(format!("RSA key does not decode: {e}")),
        }
    }

    /// RSA modulus size in bits, counted from the highest set bit; absent for other keys.
    pub fn rsa_modulus_bits(&self) -> Value {
        self.rsa(|k| int(bit_length(k.modulus)))
    }

    /// RSA public exponent; absent for other keys.
    pub fn rsa_exponent(&self) -> Value {
        self.rsa(|k| match k.try_exponent() {
            Ok(e) => {
                i64::try_from(e).map_or_else(|_| Value::Malformed("RSA exponent too large".to_owned()), Value::Int)
            }
            Err(_) => Value::Malformed("RSA exponent is not a positive integer of at most 64 bits".to_owned()),
        })
    }

    /// Named curve of an EC key (`P-256`, `P-384`, `P-521`, or the OID); absent for other keys.
    pub fn ec_curve(&self) -> Value {
        let spki = self.tbs.public_key();
        if spki.algorithm.algorithm != reg::OID_KEY_TYPE_EC_PUBLIC_KEY {
            return Value::Absent;
        }
        let Some(curve) = spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()) else {
            return Value::Malformed("EC key without a named curve".to_owned());
        };
        let name = if curve == reg::OID_EC_P256 {
            "P-256".to_owned()
        } else if curve == reg::OID_NIST_EC_P384 {
            "P-384".to_owned()
        } else if curve == reg::OID_NIST_EC_P521 {
            "P-521".to_owned()
        } else {
            oid_name(&curve)
        };
        Value::String(name)
    }

    /// EC point format: `uncompressed`, `compressed`; absent for other keys.
    pub fn ec_point_format(&self) -> Value {
        let spki = self.tbs.public_key();
        if spki.algorithm.algorithm != reg::OID_KEY_TYPE_EC_PUBLIC_KEY {
            return Value::Absent;
        }
        match spki.subject_public_key.data.first() {
            Some(4) => Value::String("uncompressed".to_owned()),
            Some(2 | 3) => Value::String("compressed".to_owned()),
            _ => Value::Malformed("EC point is neither compressed nor uncompressed".to_owned()),
        }
    }

    /// Key size in bits: RSA modulus, EC field, Ed25519 256, Ed448 456; absent when unknown.
    pub fn key_bits(&self) -> Value {
        match self.key_algorithm() {
            Value::String(a) if a == "rsa" => self.rsa_modulus_bits(),
            Value::String(a) if a == "ec" => match self.tbs.public_key().parsed() {
                Ok(PublicKey::EC(p)) if p.key_size() > 0 => int(p.key_size()),
                _ => Value::Malformed("EC point does not decode".to_owned()),
            },
            Value::String(a) if a == "ed25519" => Value::Int(256),
            Value::String(a) if a == "ed448" => Value::Int(456),
            _ => Value::Absent,
        }
    }

    // ----- typed extensions -----

    /// Whether basicConstraints is present.
    pub fn basic_constraints_present(&self) -> Value {
        match self.tbs.basic_constraints() {
            Ok(b) => Value::Bool(b.is_some()),
            Err(e) => malformed("basicConstraints", &e),
        }
    }

    /// basicConstraints cA flag; `false` without the extension, as RFC 5280 reads it.
    pub fn basic_constraints_ca(&self) -> Value {
        match self.ext(&reg::OID_X509_EXT_BASIC_CONSTRAINTS, |_| Value::Absent) {
            Value::Absent => match self.tbs.basic_constraints() {
                Ok(Some(b)) => Value::Bool(b.value.ca),
                Ok(None) => Value::Bool(false),
                Err(e) => malformed("basicConstraints", &e),
            },
            other => other,
        }
    }

    /// basicConstraints pathLenConstraint.
    pub fn basic_constraints_path_len(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_BASIC_CONSTRAINTS, |e| match e.parsed_extension() {
            ParsedExtension::BasicConstraints(b) => {
                b.path_len_constraint.map_or(Value::Absent, |n| Value::Int(n.into()))
            }
            other => unexpected("basicConstraints", other),
        })
    }

    /// keyUsage bits that are set, by their RFC 5280 names.
    pub fn key_usage(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_KEY_USAGE, |e| match e.parsed_extension() {
            ParsedExtension::KeyUsage(ku) => Value::List(
                KEY_USAGE_NAMES
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| ku.flags & (1 << bit) != 0)
                    .map(|(_, n)| Value::String((*n).to_owned()))
                    .collect(),
            ),
            other => unexpected("keyUsage", other),
        })
    }

    /// extKeyUsage purposes as OIDs, in certificate order.
    pub fn eku(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_EXTENDED_KEY_USAGE, |e| match e.parsed_extension() {
            // Re-read the purposes in order: the parsed form keeps known ones as flags.
            ParsedExtension::ExtendedKeyUsage(_) => match seq_of_oids(e.value) {
                Some(oids) => Value::List(oids.into_iter().map(Value::Oid).collect()),
                None => Value::Malformed("extKeyUsage is not a sequence of OIDs".to_owned()),
            },
            other => unexpected("extKeyUsage", other),
        })
    }

    fn san(&self, f: impl FnOnce(&[GeneralName<'_>]) -> Value) -> Value {
        self.ext(&reg::OID_X509_EXT_SUBJECT_ALT_NAME, |e| match e.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => f(&san.general_names),
            other => unexpected("subjectAltName", other),
        })
    }

    /// subjectAltName entries of one kind.
    pub fn san_names(&self, kind: NameKind) -> Value {
        self.san(|names| general_names(names, kind, "subjectAltName"))
    }

    /// Number of subjectAltName entries.
    pub fn san_count(&self) -> Value {
        self.san(|names| int(names.len()))
    }

    /// authorityKeyIdentifier keyIdentifier as hex.
    pub fn aki_key_id(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER, |e| match e.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                a.key_identifier.as_ref().map_or(Value::Absent, |k| Value::String(hex(k.0)))
            }
            other => unexpected("authorityKeyIdentifier", other),
        })
    }

    /// Whether authorityKeyIdentifier carries authorityCertIssuer or authorityCertSerialNumber.
    pub fn aki_issuer_serial(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER, |e| match e.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                Value::Bool(a.authority_cert_issuer.is_some() || a.authority_cert_serial.is_some())
            }
            other => unexpected("authorityKeyIdentifier", other),
        })
    }

    /// subjectKeyIdentifier as hex.
    pub fn ski(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_SUBJECT_KEY_IDENTIFIER, |e| match e.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => Value::String(hex(k.0)),
            other => unexpected("subjectKeyIdentifier", other),
        })
    }

    /// URIs in the fullName of every CRL distribution point.
    pub fn crl_dp_uris(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_CRL_DISTRIBUTION_POINTS, |e| match e.parsed_extension() {
            ParsedExtension::CRLDistributionPoints(dps) => {
                let mut out = Vec::new();
                for dp in &dps.points {
                    if let Some(DistributionPointName::FullName(names)) = &dp.distribution_point {
                        match general_names(names, NameKind::Uri, "cRLDistributionPoints") {
                            Value::List(l) => out.extend(l.iter().cloned()),
                            other => return other,
                        }
                    }
                }
                Value::List(out.into())
            }
            other => unexpected("cRLDistributionPoints", other),
        })
    }

    /// Number of CRL distribution points.
    pub fn crl_dp_count(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_CRL_DISTRIBUTION_POINTS, |e| match e.parsed_extension() {
            ParsedExtension::CRLDistributionPoints(dps) => int(dps.points.len()),
            other => unexpected("cRLDistributionPoints", other),
        })
    }

    /// URIs of one access method in authorityInfoAccess.
    pub fn aia_uris(&self, method: &Oid<'_>) -> Value {
        self.ext(&reg::OID_PKIX_AUTHORITY_INFO_ACCESS, |e| match e.parsed_extension() {
            ParsedExtension::AuthorityInfoAccess(aia) => {
                let locations: Vec<GeneralName<'_>> = aia
                    .accessdescs
                    .iter()
                    .filter(|d| d.access_method == *method)
                    .map(|d| d.access_location.clone())
                    .collect();
                general_names(&locations, NameKind::Uri, "authorityInfoAccess")
            }
            other => unexpected("authorityInfoAccess", other),
        })
    }

    /// The kind of every accessLocation in authorityInfoAccess, in order.
    pub fn aia_location_kinds(&self) -> Value {
        self.ext(&reg::OID_PKIX_AUTHORITY_INFO_ACCESS, |e| match e.parsed_extension() {
            ParsedExtension::AuthorityInfoAccess(aia) => Value::List(
                aia.accessdescs.iter().map(|d| Value::String(name_kind(&d.access_location).to_owned())).collect(),
            ),
            other => unexpected("authorityInfoAccess", other),
        })
    }

    /// Access methods in authorityInfoAccess, in order.
    pub fn aia_methods(&self) -> Value {
        self.ext(&reg::OID_PKIX_AUTHORITY_INFO_ACCESS, |e| match e.parsed_extension() {
            ParsedExtension::AuthorityInfoAccess(aia) => oid_list(aia.accessdescs.iter().map(|d| &d.access_method)),
            other => unexpected("authorityInfoAccess", other),
        })
    }

    fn policies(&self, f: impl FnOnce(&[x509_parser::extensions::PolicyInformation<'_>]) -> Value) -> Value {
        self.ext(&reg::OID_X509_EXT_CERTIFICATE_POLICIES, |e| match e.parsed_extension() {
            ParsedExtension::CertificatePolicies(p) => f(p),
            other => unexpected("certificatePolicies", other),
        })
    }

    /// Policy OIDs in certificatePolicies, in certificate order.
    pub fn policy_oids(&self) -> Value {
        self.policies(|p| oid_list(p.iter().map(|i| &i.policy_id)))
    }

    /// Policy qualifier IDs, in order.
    pub fn policy_qualifier_ids(&self) -> Value {
        self.policies(|p| {
            oid_list(p.iter().flat_map(|i| i.policy_qualifiers.iter().flatten()).map(|q| &q.policy_qualifier_id))
        })
    }

    /// CPS URIs of the policy qualifiers.
    pub fn policy_cps_uris(&self) -> Value {
        self.policies(|p| {
            let mut out = Vec::new();
            for q in p.iter().flat_map(|i| i.policy_qualifiers.iter().flatten()) {
                if q.policy_qualifier_id == oids::QT_CPS {
                    match parse_der(q.qualifier) {
                        Ok(([], obj)) if obj.header.tag() == Tag::Ia5String => match obj.as_str() {
                            Ok(s) => out.push(Value::String(s.to_owned())),
                            Err(_) => return Value::Malformed("CPS URI is not text".to_owned()),
                        },
                        _ => return Value::Malformed("CPS pointer qualifier is not an IA5String".to_owned()),
                    }
                }
            }
            Value::List(out.into())
        })
    }

    /// User notices: explicitText values, or their ASN.1 string types.
    pub fn policy_notices(&self, encodings: bool) -> Value {
        self.policies(|p| {
            let mut out = Vec::new();
            for q in p.iter().flat_map(|i| i.policy_qualifiers.iter().flatten()) {
                if q.policy_qualifier_id != oids::QT_UNOTICE {
                    continue;
                }
                match explicit_text(q.qualifier) {
                    Ok(None) => {}
                    Ok(Some((tag, text))) => {
                        out.push(Value::String(if encodings { string_type(tag).into_owned() } else { text }));
                    }
                    Err(why) => return Value::Malformed(format!("user notice: {why}")),
                }
            }
            Value::List(out.into())
        })
    }

    /// Names of one kind in the permitted or excluded subtrees of nameConstraints.
    pub fn name_constraints(&self, permitted: bool, kind: NameKind) -> Value {
        self.ext(&reg::OID_X509_EXT_NAME_CONSTRAINTS, |e| match e.parsed_extension() {
            ParsedExtension::NameConstraints(nc) => {
                let trees = if permitted { &nc.permitted_subtrees } else { &nc.excluded_subtrees };
                let bases: Vec<GeneralName<'_>> =
                    trees.iter().flatten().map(|GeneralSubtree { base, .. }| base.clone()).collect();
                general_names(&bases, kind, "nameConstraints")
            }
            other => unexpected("nameConstraints", other),
        })
    }

    /// policyConstraints requireExplicitPolicy or inhibitPolicyMapping.
    pub fn policy_constraint(&self, require: bool) -> Value {
        self.ext(&reg::OID_X509_EXT_POLICY_CONSTRAINTS, |e| match e.parsed_extension() {
            ParsedExtension::PolicyConstraints(pc) => {
                let v = if require { pc.require_explicit_policy } else { pc.inhibit_policy_mapping };
                v.map_or(Value::Absent, |n| Value::Int(n.into()))
            }
            other => unexpected("policyConstraints", other),
        })
    }

    /// inhibitAnyPolicy SkipCerts.
    pub fn inhibit_any_policy(&self) -> Value {
        self.ext(&reg::OID_X509_EXT_INHIBIT_ANY_POLICY, |e| match e.parsed_extension() {
            ParsedExtension::InhibitAnyPolicy(i) => Value::Int(i.skip_certs.into()),
            other => unexpected("inhibitAnyPolicy", other),
        })
    }

    /// TLS feature values (5 is status_request, i.e. OCSP must-staple).
    pub fn tls_features(&self) -> Value {
        self.ext(&oids::TLS_FEATURE, |e| match int_sequence(e.value) {
            Some(v) => Value::List(v.into_iter().map(Value::Int).collect()),
            None => Value::Malformed("TLS feature is not a sequence of integers".to_owned()),
        })
    }

    /// Whether the CT poison extension is present with its required ASN.1 NULL value.
    pub fn ct_poison_valid(&self) -> Value {
        self.ext(&oids::CT_POISON, |e| Value::Bool(e.value == [0x05, 0x00]))
    }

    fn scts(&self, f: impl FnOnce(&[x509_parser::extensions::SignedCertificateTimestamp<'_>]) -> Value) -> Value {
        self.ext(&reg::OID_CT_LIST_SCT, |e| match e.parsed_extension() {
            ParsedExtension::SCT(list) => f(list),
            other => unexpected("SCT list", other),
        })
    }

    /// Number of embedded SCTs.
    pub fn sct_count(&self) -> Value {
        self.scts(|l| int(l.len()))
    }

    /// Log IDs of the embedded SCTs, as hex.
    pub fn sct_log_ids(&self) -> Value {
        self.scts(|l| Value::List(l.iter().map(|s| Value::String(hex(s.id.key_id))).collect()))
    }

    /// Timestamps of the embedded SCTs.
    pub fn sct_timestamps(&self) -> Value {
        self.scts(|l| {
            Value::List(l.iter().map(|s| Value::Date(i64::try_from(s.timestamp / 1000).unwrap_or(i64::MAX))).collect())
        })
    }

    // ----- derived facts -----

    /// Whether the input was an unsigned TBSCertificate.
    pub fn is_tbs(&self) -> Value {
        Value::Bool(self.signed.is_none())
    }

    /// Whether subject and issuer are the same name (byte for byte).
    pub fn self_issued(&self) -> Value {
        Value::Bool(self.tbs.subject.as_raw() == self.tbs.issuer.as_raw())
    }

    /// Whether the certificate is self-issued and signed by its own key.
    ///
    /// The signature is verified when the algorithm is one `ring` verifies. For
    /// an unsigned input or another algorithm, the key identifiers decide: the
    /// authorityKeyIdentifier is absent or equals the subjectKeyIdentifier.
    pub fn self_signed(&self) -> Value {
        if self.tbs.subject.as_raw() != self.tbs.issuer.as_raw() {
            return Value::Bool(false);
        }
        if let Some(sig) = &self.signed {
            let spki = self.tbs.public_key();
            match x509_parser::verify::verify_signature(spki, &sig.algorithm, &sig.value, self.tbs.as_ref()) {
                Ok(()) => return Value::Bool(true),
                Err(X509Error::SignatureVerificationError) => return Value::Bool(false),
                Err(_) => {}
            }
        }
        match (self.aki_key_id(), self.ski()) {
            (Value::Absent, _) => Value::Bool(true),
            (Value::String(a), Value::String(s)) => Value::Bool(a == s),
            (Value::String(_), Value::Absent) => Value::Bool(false),
            (Value::Malformed(m), _) | (_, Value::Malformed(m)) => Value::Malformed(m),
            _ => Value::Bool(false),
        }
    }

    /// Whether the CT precertificate poison extension is present.
    pub fn precertificate(&self) -> Value {
        self.has_extension(&oids::CT_POISON)
    }
}

/// A certificate name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// The subject.
    Subject,
    /// The issuer.
    Issuer,
}

impl Which {
    fn word(self) -> &'static str {
        match self {
            Which::Subject => "subject",
            Which::Issuer => "issuer",
        }
    }
}

/// A kind of GeneralName (RFC 5280 §4.2.1.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// dNSName, as text.
    Dns,
    /// iPAddress, as text (`192.0.2.1`, `2001:db8::1`); in name constraints as CIDR (`10.0.0.0/8`).
    Ip,
    /// rfc822Name.
    Email,
    /// uniformResourceIdentifier.
    Uri,
    /// otherName, as its type-id OID.
    Other,
    /// directoryName, as text.
    Directory,
    /// registeredID, as an OID.
    Registered,
}

impl NameKind {
    fn word(self) -> &'static str {
        match self {
            NameKind::Other => "an otherName",
            NameKind::Email => "an rfc822Name",
            NameKind::Dns => "a dNSName",
            NameKind::Directory => "a directoryName",
            NameKind::Uri => "a uniformResourceIdentifier",
            NameKind::Ip => "an iPAddress",
            NameKind::Registered => "a registeredID",
        }
    }

    /// The GeneralName CHOICE tag number.
    fn tag(self) -> u32 {
        match self {
            NameKind::Other => 0,
            NameKind::Email => 1,
            NameKind::Dns => 2,
            NameKind::Directory => 4,
            NameKind::Uri => 6,
            NameKind::Ip => 7,
            NameKind::Registered => 8,
        }
    }
}

/// The GeneralName CHOICE of a name, as a word.
fn name_kind(n: &GeneralName<'_>) -> &'static str {
    match n {
        GeneralName::OtherName(..) => "other",
        GeneralName::RFC822Name(_) => "email",
        GeneralName::DNSName(_) => "dns",
        GeneralName::X400Address(_) => "x400",
        GeneralName::DirectoryName(_) => "directory",
        GeneralName::EDIPartyName(_) => "edi",
        GeneralName::URI(_) => "uri",
        GeneralName::IPAddress(_) => "ip",
        GeneralName::RegisteredID(_) => "registered",
        GeneralName::Invalid(..) => "invalid",
    }
}

fn general_names(names: &[GeneralName<'_>], kind: NameKind, ext: &str) -> Value {
    let mut out = Vec::new();
    for n in names {
        let v = match (kind, n) {
            (NameKind::Dns, GeneralName::DNSName(s))
            | (NameKind::Email, GeneralName::RFC822Name(s))
            | (NameKind::Uri, GeneralName::URI(s)) => Value::String((*s).to_owned()),
            // An address in subjectAltName; an address and mask in nameConstraints.
            (NameKind::Ip, GeneralName::IPAddress(b))
                if matches!((b.len(), ext == "nameConstraints"), (4 | 16, false) | (8 | 32, true)) =>
            {
                match ip_text(b) {
                    Some(s) => Value::String(s),
                    None => return Value::Malformed(format!("{ext}: iPAddress with an invalid mask")),
                }
            }
            (NameKind::Ip, GeneralName::IPAddress(b)) => {
                return Value::Malformed(format!("{ext}: iPAddress of {} octets", b.len()));
            }
            (NameKind::Other, GeneralName::OtherName(oid, _))
            | (NameKind::Registered, GeneralName::RegisteredID(oid)) => Value::Oid(ObjectId::from_der(oid.as_bytes())),
            (NameKind::Directory, GeneralName::DirectoryName(name)) => match name.to_string_with_registry(&REGISTRY) {
                Ok(s) => Value::String(s),
                Err(e) => return Value::Malformed(format!("{ext}: directoryName: {e}")),
            },
            (_, GeneralName::Invalid(tag, data)) if tag.0 == kind.tag() => {
                return Value::Malformed(format!(
                    "{ext}: {} \"{}\" is not valid IA5String text",
                    kind.word(),
                    data.escape_ascii()
                ));
            }
            _ => continue,
        };
        out.push(v);
    }
    Value::List(out.into())
}

/// An iPAddress as text: 4 or 16 octets as an address, 8 or 32 (address and mask) as CIDR.
fn ip_text(b: &[u8]) -> Option<String> {
    let prefix = |mask: &[u8]| {
        let ones: u32 = mask.iter().map(|m| m.count_ones()).sum();
        // A mask must be contiguous ones followed by zeros.
        let contiguous = mask.iter().fold((true, false), |(ok, seen_zero), &m| {
            let full = m == 0xff;
            let valid = ok && (!seen_zero || m == 0) && (full || m.leading_ones() + m.trailing_zeros() == 8);
            (valid, seen_zero || !full)
        });
        contiguous.0.then_some(ones)
    };
    match b.len() {
        4 => Some(Ipv4Addr::from(<[u8; 4]>::try_from(b).ok()?).to_string()),
        16 => Some(Ipv6Addr::from(<[u8; 16]>::try_from(b).ok()?).to_string()),
        8 => Some(format!("{}/{}", Ipv4Addr::from(<[u8; 4]>::try_from(&b[..4]).ok()?), prefix(&b[4..])?)),
        32 => Some(format!("{}/{}", Ipv6Addr::from(<[u8; 16]>::try_from(&b[..16]).ok()?), prefix(&b[16..])?)),
        _ => None,
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

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

fn oid_list<'o>(oids: impl Iterator<Item = &'o Oid<'o>>) -> Value {
    Value::List(oids.map(|o| Value::Oid(ObjectId::from_der(o.as_bytes()))).collect())
}

fn malformed(what: &str, e: &X509Error) -> Value {
    Value::Malformed(format!("{what}: {e}"))
}

fn unexpected(what: &str, p: &ParsedExtension<'_>) -> Value {
    Value::Malformed(format!("{what} decodes as something else ({})", variant_name(p)))
}

fn variant_name(p: &ParsedExtension<'_>) -> &'static str {
    match p {
        ParsedExtension::UnsupportedExtension { .. } => "an unsupported extension",
        ParsedExtension::ParseError { .. } => "an error",
        _ => "another extension",
    }
}

/// Why the outer DER frame cannot hold a certificate: not a SEQUENCE, or truncated.
fn framing_problem(der: &[u8]) -> Option<String> {
    match der.first() {
        None => return Some("empty input".to_owned()),
        Some(0x30) => {}
        Some(b) => {
            return Some(format!("not DER: starts with 0x{b:02x}, where a certificate starts with a SEQUENCE (0x30)"));
        }
    }
    let (header, length) = match *der.get(1)? {
        n if n < 0x80 => (2, usize::from(n)),
        0x80 => return Some("not DER: indefinite length".to_owned()),
        n => {
            let k = usize::from(n & 0x7f);
            let bytes = der.get(2..2 + k);
            match bytes {
                Some(b) if k <= 4 => (2 + k, b.iter().fold(0usize, |acc, &x| (acc << 8) | usize::from(x))),
                Some(_) => return Some("not DER: a length of more than 4 octets".to_owned()),
                None => return Some(format!("truncated: {} bytes end inside the first header", der.len())),
            }
        }
    };
    (header + length > der.len()).then(|| {
        format!("truncated: the certificate announces {} bytes but the input has {}", header + length, der.len())
    })
}

fn describe(e: &x509_parser::nom::Err<X509Error>) -> String {
    match e {
        x509_parser::nom::Err::Incomplete(_) => "the data ends early (truncated)".to_owned(),
        x509_parser::nom::Err::Error(X509Error::Der(e)) | x509_parser::nom::Err::Failure(X509Error::Der(e)) => {
            ber_text(e)
        }
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => e.to_string(),
    }
}

/// Names DER structures that are often mistaken for certificates.
fn other_structure(der: &[u8]) -> Option<String> {
    use x509_parser::prelude::{CertificateRevocationList, X509CertificationRequest};
    if CertificateRevocationList::from_der(der).is_ok() {
        Some("a certificate revocation list (CRL), not a certificate".to_owned())
    } else if X509CertificationRequest::from_der(der).is_ok() {
        Some("a certificate signing request (PKCS #10), not a certificate".to_owned())
    } else {
        None
    }
}

fn nom_text(e: &x509_parser::nom::Err<x509_parser::der_parser::error::BerError>) -> String {
    match e {
        x509_parser::nom::Err::Incomplete(_) => "the value ends early".to_owned(),
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => ber_text(e),
    }
}

/// An ASN.1 decoding error in words.
pub(super) fn ber_text(e: &x509_parser::der_parser::asn1_rs::Error) -> String {
    use x509_parser::der_parser::asn1_rs::Error as E;
    match e {
        E::UnexpectedTag { expected: Some(want), actual } => {
            format!("expected {}, found {}", tag_name(*want), tag_name(*actual))
        }
        E::UnexpectedTag { expected: None, actual } => format!("unexpected {}", tag_name(*actual)),
        E::UnexpectedClass { actual, .. } => format!("a tag of the wrong class ({actual:?})"),
        E::InvalidLength => "a length that does not fit the data".to_owned(),
        E::InvalidTag => "an invalid tag".to_owned(),
        E::IndefiniteLengthUnexpected => "an indefinite length, which DER forbids".to_owned(),
        E::DerConstraintFailed(c) => format!("not DER ({c:?})"),
        E::Incomplete(_) => "the data ends early (truncated)".to_owned(),
        E::IntegerTooLarge => "an integer too large".to_owned(),
        E::IntegerNegative => "a negative integer where a positive one is required".to_owned(),
        E::StringInvalidCharset => "a string with characters its type does not allow".to_owned(),
        E::InvalidDateTime => "an invalid date or time".to_owned(),
        E::NomError(_) => "contents that do not have the structure the type requires".to_owned(),
        other => other.to_string(),
    }
}

fn tag_name(t: Tag) -> String {
    let name = match t {
        Tag::Boolean => "BOOLEAN",
        Tag::Integer => "INTEGER",
        Tag::BitString => "BIT STRING",
        Tag::OctetString => "OCTET STRING",
        Tag::Null => "NULL",
        Tag::Oid => "OBJECT IDENTIFIER",
        Tag::Enumerated => "ENUMERATED",
        Tag::Sequence => "SEQUENCE",
        Tag::Set => "SET",
        Tag::UtcTime => "UTCTime",
        Tag::GeneralizedTime => "GeneralizedTime",
        other => {
            let s = string_type(other);
            return if s.starts_with("tag") { format!("tag {}", other.0) } else { s.into_owned() };
        }
    };
    name.to_owned()
}

/// Algorithm parameters as hex of their whole DER encoding (`0500` for NULL); absent when omitted.
fn params(alg: &AlgorithmIdentifier<'_>) -> Value {
    match &alg.parameters {
        None => Value::Absent,
        Some(any) => match any.to_der_vec() {
            Ok(der) => Value::String(hex(&der)),
            Err(_) => Value::Malformed("algorithm parameters do not re-encode".to_owned()),
        },
    }
}

fn time_encoding(t: &ASN1Time) -> Value {
    Value::String(if t.is_generalizedtime() { "generalized_time" } else { "utc_time" }.to_owned())
}

/// Number of significant bits in a big-endian unsigned integer.
fn bit_length(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = match bytes.iter().position(|&b| b != 0) {
        Some(i) => &bytes[i..],
        None => return 0,
    };
    trimmed.len() * 8 - trimmed[0].leading_zeros() as usize
}

/// The ASN.1 name of a string type, as used in `*.encodings` fields.
fn string_type(tag: Tag) -> Cow<'static, str> {
    Cow::Borrowed(match tag {
        Tag::Utf8String => "utf8String",
        Tag::PrintableString => "printableString",
        Tag::Ia5String => "ia5String",
        Tag::NumericString => "numericString",
        Tag::VisibleString => "visibleString",
        Tag::BmpString => "bmpString",
        Tag::UniversalString => "universalString",
        Tag::TeletexString => "teletexString",
        Tag::VideotexString => "videotexString",
        Tag::GraphicString => "graphicString",
        Tag::GeneralString => "generalString",
        other => return Cow::Owned(format!("tag{}", other.0)),
    })
}

/// Decodes a DirectoryString or other string value to text.
fn directory_string<'d>(any: &'d Any<'_>) -> Result<Cow<'d, str>, String> {
    decode_string(any.tag(), any.data)
}

fn decode_string(tag: Tag, data: &[u8]) -> Result<Cow<'_, str>, String> {
    match tag {
        Tag::Utf8String => std::str::from_utf8(data).map(Cow::Borrowed).map_err(|_| "invalid UTF-8".to_owned()),
        Tag::PrintableString | Tag::Ia5String | Tag::NumericString | Tag::VisibleString => {
            if data.is_ascii() {
                std::str::from_utf8(data).map(Cow::Borrowed).map_err(|_| "invalid text".to_owned())
            } else {
                Err(format!("{} with non-ASCII octets", string_type(tag)))
            }
        }
        Tag::BmpString => {
            if data.len() % 2 != 0 {
                return Err("BMPString of odd length".to_owned());
            }
            let units = data.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .map(Cow::Owned)
                .map_err(|_| "invalid BMPString".to_owned())
        }
        Tag::UniversalString => {
            if data.len() % 4 != 0 {
                return Err("UniversalString of a length not a multiple of 4".to_owned());
            }
            data.chunks_exact(4)
                .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect::<Option<String>>()
                .map(Cow::Owned)
                .ok_or_else(|| "invalid UniversalString".to_owned())
        }
        // T.61 is read as Latin-1, as most software does.
        Tag::TeletexString => Ok(Cow::Owned(data.iter().map(|&b| char::from(b)).collect())),
        other => Err(format!("not a string ({})", string_type(other))),
    }
}

/// UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL }
fn explicit_text(der: &[u8]) -> Result<Option<(Tag, String)>, String> {
    let mut i = sequence_content(der).ok_or("not a DER sequence")?;
    while !i.is_empty() {
        let (rest, any) = Any::from_der(i).map_err(|e| ber_text(&e.into()))?;
        if any.tag() != Tag::Sequence {
            let text = decode_string(any.tag(), any.data)?;
            return Ok(Some((any.tag(), text.into_owned())));
        }
        i = rest;
    }
    Ok(None)
}

/// The content octets of a DER `SEQUENCE` that is the whole input.
fn sequence_content(der: &[u8]) -> Option<&[u8]> {
    match Sequence::from_der(der) {
        Ok(([], seq)) => match seq.content {
            Cow::Borrowed(c) => Some(c),
            Cow::Owned(_) => None,
        },
        _ => None,
    }
}

/// `SEQUENCE OF INTEGER` as i64s.
fn int_sequence(der: &[u8]) -> Option<Vec<i64>> {
    let mut i = sequence_content(der)?;
    let mut out = Vec::new();
    while !i.is_empty() {
        let (rest, n) = i64::from_der(i).ok()?;
        out.push(n);
        i = rest;
    }
    Some(out)
}

/// `SEQUENCE OF OBJECT IDENTIFIER`, in order.
fn seq_of_oids(der: &[u8]) -> Option<Vec<ObjectId>> {
    let mut i = sequence_content(der)?;
    let mut out = Vec::new();
    while !i.is_empty() {
        let (rest, any) = Any::from_der(i).ok()?;
        if any.tag() != Tag::Oid || any.data.is_empty() {
            return None;
        }
        out.push(ObjectId::from_der(any.data));
        i = rest;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_and_masks() {
        assert_eq!(ip_text(&[192, 0, 2, 1]).as_deref(), Some("192.0.2.1"));
        assert_eq!(ip_text(&[10, 0, 0, 0, 255, 0, 0, 0]).as_deref(), Some("10.0.0.0/8"));
        assert_eq!(ip_text(&[10, 0, 0, 0, 255, 0, 255, 0]), None);
        assert_eq!(ip_text(&[1, 2, 3]), None);
        let mut v6 = [0u8; 16];
        v6[..2].copy_from_slice(&[0x20, 0x01]);
        assert_eq!(ip_text(&v6).as_deref(), Some("2001::"));
    }

    #[test]
    fn sequences() {
        let server_auth = ObjectId::parse("1.3.6.1.5.5.7.3.1").unwrap();
        let eku = [0x30, 0x0a, 0x06, 0x08, 0x2b, 6, 1, 5, 5, 7, 3, 1];
        assert_eq!(seq_of_oids(&eku), Some(vec![server_auth]));
        assert_eq!(seq_of_oids(&[0x30, 0x03, 0x02, 0x01, 0x05]), None);
        assert_eq!(int_sequence(&[0x30, 0x03, 0x02, 0x01, 0x05]), Some(vec![5]));
        assert_eq!(int_sequence(&[0x30, 0x03, 0x02, 0x01, 0x05, 0x00]), None);
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x7f, 0xff]), 15);
        assert_eq!(bit_length(&[0, 0]), 0);
    }

    #[test]
    fn strings_of_every_type() {
        assert_eq!(decode_string(Tag::BmpString, &[0, b'h', 0, b'i']).unwrap(), "hi");
        assert_eq!(decode_string(Tag::UniversalString, &[0, 0, 0, b'x']).unwrap(), "x");
        assert_eq!(decode_string(Tag::TeletexString, &[0xe9]).unwrap(), "é");
        assert!(decode_string(Tag::PrintableString, &[0xe9]).is_err());
        assert!(decode_string(Tag::Integer, &[1]).is_err());
    }
}
