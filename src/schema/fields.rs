//! The field table: every `cert.*` and `ca.*` path a policy can read.
//!
//! Adding a field is one entry here: its name, subject, type, documentation
//! (the `///` lines, printed by `cpslint fields`) and accessor.

use x509_parser::oid_registry as oids;

use super::{FieldDef, Scalar, Target, Type};
use crate::corpus::{Subject, opt};
use crate::schema::Value;

macro_rules! fields {
    ($( $(#[doc = $d:literal])* $name:literal : $target:ident $ty:expr => |$v:ident| $get:expr; )*) => {
        /// Every field.
        pub static FIELDS: &[FieldDef] = &[$(
            FieldDef {
                name: $name,
                target: Target::$target,
                ty: $ty,
                doc: concat!($($d, "\n"),*),
                get: |s: &Subject<'_>| match s {
                    fields!(@pat $target $v) => $get,
                    #[allow(unreachable_patterns)]
                    _ => Value::Absent,
                },
            },
        )*];
    };
    (@pat Certificate $v:ident) => { Subject::Cert($v) };
    (@pat Ca $v:ident) => { Subject::Ca($v) };
}

const STRINGS: Type = Type::List(Scalar::String);

fields! {
    /// Maximum FIPS 140 security level of the module holding the CA key.
    "ca.key.fips_level": Ca Type::INT => |c| opt(c.key.fips_level, Value::Int);
    /// CA key algorithm: `rsa` or `ec`.
    "ca.key.algorithm": Ca Type::STRING => |c| opt(c.key.algorithm.clone(), Value::String);
    /// CA key size in bits.
    "ca.key.bits": Ca Type::INT => |c| opt(c.key.bits, Value::Int);
    /// Where the CA key is held: `hsm` or `software`.
    "ca.key.storage": Ca Type::STRING => |c| opt(c.key.storage.clone(), Value::String);
    /// Interval between a CRL's thisUpdate and nextUpdate, in hours.
    "ca.crl.next_update_hours": Ca Type::INT => |c| opt(c.crl.next_update_hours, Value::Int);
    /// Whether the CA is online (its key reachable from a network).
    "ca.online": Ca Type::BOOL => |c| opt(c.online, Value::Bool);
    /// Place in the hierarchy: `root`, `intermediate` or `issuing`.
    "ca.tier": Ca Type::STRING => |c| opt(c.tier.clone(), Value::String);
    /// Whether the basicConstraints extension is present (RFC 5280 §4.2.1.9).
    "cert.basic_constraints.present": Certificate Type::BOOL => |c| c.basic_constraints_present();
    /// The cA flag of basicConstraints; `false` when the extension is absent (RFC 5280 §4.2.1.9).
    "cert.basic_constraints.ca": Certificate Type::BOOL => |c| c.basic_constraints_ca();
    /// Whether basicConstraints is marked critical; absent when the extension is.
    "cert.basic_constraints.critical": Certificate Type::BOOL => |c| c.basic_constraints_critical();
    /// pathLenConstraint of basicConstraints; absent when not set.
    "cert.basic_constraints.path_len": Certificate Type::INT => |c| c.basic_constraints_path_len();
    /// extKeyUsage purposes as OIDs, in certificate order (RFC 5280 §4.2.1.12); absent without the extension.
    "cert.eku": Certificate Type::List(Scalar::Oid) => |c| c.eku();
    /// Subject public key algorithm: `rsa`, `ec`, `ed25519`, `ed448`, `dsa`, or the OID in dotted form.
    "cert.public_key.algorithm": Certificate Type::STRING => |c| c.key_algorithm();
    /// Named curve of an EC key: `P-256`, `P-384`, `P-521`, or the OID; absent for other keys.
    "cert.public_key.ec.curve": Certificate Type::STRING => |c| c.ec_curve();
    /// RSA modulus length in bits; absent for other keys.
    "cert.public_key.rsa.modulus_bits": Certificate Type::INT => |c| c.rsa_modulus_bits();
    /// keyUsage bits that are set, by RFC 5280 name (`digitalSignature`, `keyCertSign`, …); absent without the extension.
    "cert.key_usage": Certificate STRINGS => |c| c.key_usage();
    /// Whether keyUsage is marked critical; absent when the extension is.
    "cert.key_usage.critical": Certificate Type::BOOL => |c| c.key_usage_critical();
    /// Issuer commonName values, in order.
    "cert.issuer.cn": Certificate STRINGS => |c| c.issuer_attr(&oids::OID_X509_COMMON_NAME);
    /// Issuer countryName values, in order.
    "cert.issuer.c": Certificate STRINGS => |c| c.issuer_attr(&oids::OID_X509_COUNTRY_NAME);
    /// Issuer organizationName values, in order.
    "cert.issuer.o": Certificate STRINGS => |c| c.issuer_attr(&oids::OID_X509_ORGANIZATION_NAME);
    /// Policy identifiers in certificatePolicies, in certificate order (RFC 5280 §4.2.1.4); absent without the extension.
    "cert.policies": Certificate Type::List(Scalar::Oid) => |c| c.policy_oids();
    /// dNSName entries of subjectAltName (RFC 5280 §4.2.1.6); absent without the extension.
    "cert.san.dns": Certificate STRINGS => |c| c.san_dns();
    /// Serial number as lowercase hexadecimal of its content octets.
    "cert.serial": Certificate Type::STRING => |c| c.serial_hex();
    /// Serial number length in octets, including a leading zero octet.
    "cert.serial.length": Certificate Type::INT => |c| c.serial_len();
    /// Subject commonName values, in order.
    "cert.subject.cn": Certificate STRINGS => |c| c.subject_attr(&oids::OID_X509_COMMON_NAME);
    /// Subject countryName values, in order.
    "cert.subject.c": Certificate STRINGS => |c| c.subject_attr(&oids::OID_X509_COUNTRY_NAME);
    /// Subject organizationName values, in order.
    "cert.subject.o": Certificate STRINGS => |c| c.subject_attr(&oids::OID_X509_ORGANIZATION_NAME);
    /// Validity period from notBefore to notAfter, both inclusive (RFC 5280 §4.1.2.5).
    "cert.validity.duration": Certificate Type::DURATION => |c| c.validity_duration();
    /// notAfter.
    "cert.validity.not_after": Certificate Type::DATE => |c| c.not_after();
    /// notBefore.
    "cert.validity.not_before": Certificate Type::DATE => |c| c.not_before();
    /// Certificate version: 1, 2 or 3.
    "cert.version": Certificate Type::INT => |c| c.version();
}

/// Looks a field up by its full path.
pub fn field(name: &str) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_well_formed() {
        let re = regex::Regex::new(r"^(cert|ca)\.[a-z0-9_]+(\.[a-z0-9_]+)*$").unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for f in FIELDS {
            assert!(re.is_match(f.name), "bad field name {}", f.name);
            assert!(seen.insert(f.name), "duplicate field {}", f.name);
            assert!(!f.doc.trim().is_empty(), "{} has no doc", f.name);
            let prefix = match f.target {
                Target::Certificate => "cert.",
                Target::Ca => "ca.",
            };
            assert!(f.name.starts_with(prefix), "{} has the wrong target", f.name);
        }
    }

    #[test]
    fn ca_accessors_read_the_manifest() {
        let m = crate::corpus::CaManifest::from_toml(
            "tier = \"issuing\"\nonline = true\n[key]\nalgorithm = \"ec\"\nbits = 384\nstorage = \"hsm\"\n",
        )
        .unwrap();
        let s = Subject::Ca(&m);
        let get = |n: &str| (field(n).unwrap().get)(&s);
        assert_eq!(get("ca.tier"), Value::String("issuing".into()));
        assert_eq!(get("ca.key.bits"), Value::Int(384));
        assert_eq!(get("ca.crl.next_update_hours"), Value::Absent);
        assert_eq!(get("cert.version"), Value::Absent);
    }
}
