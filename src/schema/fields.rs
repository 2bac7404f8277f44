//! The field table: every `cert.*` and `ca.*` path a policy can read.
//!
//! Adding a field is one entry here: its name, subject, type, documentation
//! (the `///` lines, printed by `cpslint fields`) and accessor.

use x509_parser::oid_registry as reg;

use super::Subject;
use super::ca;
use super::{FieldDef, Target};
use crate::corpus::{NameKind, Which, oids};
use crate::value::{Scalar, Type, Value};

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
const OIDS: Type = Type::List(Scalar::Oid);
const INTS: Type = Type::List(Scalar::Int);
const DURATIONS: Type = Type::List(Scalar::Duration);

fields! {
    // --- CA configurations: the CA manifest's keys (`docs/ca-manifest.md`), and what the importers map onto them ---
    /// The CA's name, as other manifests name it in `parent`.
    "ca.name": Ca Type::STRING => |c| ca::value(c, "name");
    /// Place in the hierarchy: `root`, `intermediate` or `issuing`.
    "ca.tier": Ca Type::STRING => |c| ca::value(c, "tier");
    /// The name of the CA that certifies this one (or its certificate file); absent for a root.
    "ca.parent": Ca Type::STRING => |c| ca::value(c, "parent");
    /// Whether the CA's key is reachable from a network.
    "ca.online": Ca Type::BOOL => |c| ca::value(c, "online");
    /// The network zone the CA runs in.
    "ca.network_zone": Ca Type::STRING => |c| ca::value(c, "network_zone");
    /// The CA's certificate file, as the configuration names it.
    "ca.certificate": Ca Type::STRING => |c| ca::value(c, "certificate");
    /// The CA key's algorithm: `rsa`, `ec`, `ed25519` or `ed448`.
    "ca.key.algorithm": Ca Type::STRING => |c| ca::value(c, "key.algorithm");
    /// The CA key's size in bits.
    "ca.key.bits": Ca Type::INT => |c| ca::value(c, "key.bits");
    /// The CA key's elliptic curve.
    "ca.key.curve": Ca Type::STRING => |c| ca::value(c, "key.curve");
    /// Where the CA key is held: `hsm`, `cloud-kms` or `software`.
    "ca.key.storage": Ca Type::STRING => |c| ca::value(c, "key.storage");
    /// FIPS 140 security level of the module holding the CA key.
    "ca.key.fips_level": Ca Type::INT => |c| ca::value(c, "key.fips_level");
    /// The module's FIPS 140 validation certificate number.
    "ca.key.fips_certificate": Ca Type::STRING => |c| ca::value(c, "key.fips_certificate");
    /// Signature algorithms the CA signs with, its own and every profile's (OpenSSL's `default_md`
    /// is read as the algorithm it names, such as `md5WithRSAEncryption`).
    "ca.signature_algorithms": Ca STRINGS => |c| ca::join(&[ca::value(c, "signature_algorithms"), ca::each(c, "profile", "signature_algorithms")]);
    /// Longest time between two CRLs.
    "ca.revocation.crl_interval": Ca Type::DURATION => |c| ca::value(c, "revocation.crl_interval");
    /// A CRL's nextUpdate after its thisUpdate.
    "ca.revocation.crl_next_update": Ca Type::DURATION => |c| ca::value(c, "revocation.crl_next_update");
    /// An OCSP response's nextUpdate after its thisUpdate.
    "ca.revocation.ocsp_validity": Ca Type::DURATION => |c| ca::value(c, "revocation.ocsp_validity");
    /// How long audit logs are kept.
    "ca.audit_log.retention": Ca Type::DURATION => |c| ca::value(c, "audit_log.retention");
    /// Longest time between two reviews of the audit log.
    "ca.audit_log.review_interval": Ca Type::DURATION => |c| ca::value(c, "audit_log.review_interval");
    /// People needed to generate a CA key.
    "ca.quorum.key_generation": Ca Type::INT => |c| ca::value(c, "quorum.key_generation");
    /// People needed to activate the CA key.
    "ca.quorum.activation": Ca Type::INT => |c| ca::value(c, "quorum.activation");
    /// People needed to back up or restore the CA key.
    "ca.quorum.backup": Ca Type::INT => |c| ca::value(c, "quorum.backup");
    /// People needed to archive the audit log.
    "ca.quorum.audit_log_archival": Ca Type::INT => |c| ca::value(c, "quorum.audit_log_archival");
    /// People needed to delete audit log records.
    "ca.quorum.audit_log_deletion": Ca Type::INT => |c| ca::value(c, "quorum.audit_log_deletion");
    /// People needed to enter the CA's secure area.
    "ca.quorum.physical_access": Ca Type::INT => |c| ca::value(c, "quorum.physical_access");
    /// The issuance profiles, as records for quantifiers: `all(p in ca.profiles: p.validity_max <= 398d)`; members as the manifest's `profile.*` keys.
    "ca.profiles": Ca Type::Records("profile") => |c| ca::record_values(c, "profile");
    /// The trusted roles, as records: `any(r in ca.roles: r.name == "auditor" and len(r.holders) > 1)`; members as the `role.*` keys.
    "ca.roles": Ca Type::Records("role") => |c| ca::record_values(c, "role");
    /// The key ceremonies, as records with their participants and steps: `all(c in ca.ceremonies: all(s in c.step: present(s.witness)))`; members as the `ceremony.*` keys.
    "ca.ceremonies": Ca Type::Records("ceremony") => |c| ca::record_values(c, "ceremony");
    /// Every issuance profile's name.
    "ca.profile.names": Ca STRINGS => |c| ca::each(c, "profile", "name");
    /// Every issuance profile's kind: `end-entity`, `subordinate-ca`, `ocsp-responder`, `root-ca`.
    "ca.profile.kinds": Ca STRINGS => |c| ca::each(c, "profile", "kind");
    /// Every issuance profile's longest validity.
    "ca.profile.validity_max": Ca DURATIONS => |c| ca::each(c, "profile", "validity_max");
    /// Every longest and default validity of the profiles that issue TLS subscriber certificates (kind `end-entity` or no kind; `serverAuth`, `anyExtendedKeyUsage` or no EKU); absent when none gives one.
    "ca.profile.subscriber_validity": Ca DURATIONS => |c| ca::subscriber_validity(c);
    /// Every issuance profile's default validity.
    "ca.profile.validity_default": Ca DURATIONS => |c| ca::each(c, "profile", "validity_default");
    /// Subject key algorithms any profile accepts.
    "ca.profile.key_types": Ca STRINGS => |c| ca::each(c, "profile", "key_types");
    /// Every profile's smallest RSA modulus, in bits.
    "ca.profile.min_rsa_bits": Ca INTS => |c| ca::each(c, "profile", "min_rsa_bits");
    /// Elliptic curves any profile accepts.
    "ca.profile.curves": Ca STRINGS => |c| ca::each(c, "profile", "curves");
    /// keyUsage bits any profile sets.
    "ca.profile.key_usages": Ca STRINGS => |c| ca::each(c, "profile", "key_usages");
    /// extKeyUsage purposes any profile sets.
    "ca.profile.ekus": Ca STRINGS => |c| ca::each(c, "profile", "ekus");
    /// certificatePolicies OIDs any profile asserts.
    "ca.profile.policy_oids": Ca OIDS => |c| ca::each(c, "profile", "policy_oids");
    /// CRL distribution point URLs of every profile.
    "ca.profile.crl_urls": Ca STRINGS => |c| ca::each(c, "profile", "crl_urls");
    /// OCSP responder URLs of every profile.
    "ca.profile.ocsp_urls": Ca STRINGS => |c| ca::each(c, "profile", "ocsp_urls");
    /// pathLenConstraint of every CA profile.
    "ca.profile.path_lens": Ca INTS => |c| ca::each(c, "profile", "path_len");
    /// The trusted roles defined.
    "ca.role.names": Ca STRINGS => |c| ca::each(c, "role", "name");
    /// Everyone who holds a trusted role (a name once per role held).
    "ca.role.holders": Ca STRINGS => |c| ca::each(c, "role", "holders");
    /// People who hold the auditor role and another trusted role too (separation of duties).
    "ca.role.auditor_conflicts": Ca STRINGS => |c| ca::auditor_conflicts(c);
    /// How many key ceremonies are recorded.
    "ca.ceremony.count": Ca Type::INT => |c| Value::Int(i64::try_from(ca::records(c, "ceremony").len()).unwrap_or(i64::MAX));
    /// Every recorded ceremony's kind.
    "ca.ceremony.kinds": Ca STRINGS => |c| ca::each(c, "ceremony", "kind");
    /// Ceremony steps without a witness's sign-off, as `KIND DATE: STEP`.
    "ca.ceremony.unwitnessed_steps": Ca STRINGS => |c| ca::steps_without(c, "witness");
    /// Ceremony steps without an operator's sign-off, as `KIND DATE: STEP`.
    "ca.ceremony.unsigned_steps": Ca STRINGS => |c| ca::steps_without(c, "operator");
    /// Ceremonies with no independent witness, as `KIND DATE`.
    "ca.ceremony.without_witnesses": Ca STRINGS => |c| ca::ceremonies_without(c, "witnesses");
    /// Ceremonies that record no artefact, as `KIND DATE`.
    "ca.ceremony.without_artefacts": Ca STRINGS => |c| ca::ceremonies_without(c, "artefacts");
    /// Ceremonies that name no signed script, as `KIND DATE`.
    "ca.ceremony.without_script": Ca STRINGS => |c| ca::ceremonies_without(c, "script");
    /// Where the manifest disagrees with the CA certificate its `certificate` names: the key's algorithm, size or curve, a certificate that is not a CA's, a path length its tier does not allow, policies its profiles assert that the certificate does not allow. Absent when the manifest names no certificate or it cannot be read (a problem of its own).
    "ca.certificate_mismatches": Ca STRINGS => |c| c.certificate_mismatches.as_ref().map_or(Value::Absent, |m| Value::List(m.iter().cloned().map(Value::String).collect::<Vec<_>>().into()));

    // --- version and serial (RFC 5280 §4.1.2.1, §4.1.2.2) ---
    /// Certificate version: 1, 2 or 3.
    "cert.version": Certificate Type::INT => |c| c.version();
    /// Serial number as lowercase hexadecimal of its content octets (a leading `00` octet included).
    "cert.serial": Certificate Type::STRING => |c| c.serial_hex();
    /// Serial number length in octets, including a leading zero octet.
    "cert.serial.length": Certificate Type::INT => |c| c.serial_len();
    /// Whether the serial number is negative (RFC 5280 requires a positive integer).
    "cert.serial.negative": Certificate Type::BOOL => |c| c.serial_negative();
    /// Whether the serial number is zero.
    "cert.serial.zero": Certificate Type::BOOL => |c| c.serial_zero();

    // --- signature algorithms (RFC 5280 §4.1.1.2, §4.1.2.3) ---
    /// The TBSCertificate's signature algorithm OID.
    "cert.signature_algorithm": Certificate Type::OID => |c| c.tbs_sig_oid();
    /// The TBSCertificate's signature algorithm by name: `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, …, or the OID.
    "cert.signature_algorithm.name": Certificate Type::STRING => |c| c.tbs_sig_name();
    /// The TBSCertificate's signature algorithm parameters as hex of their DER (`0500` is NULL); absent when omitted.
    "cert.signature_algorithm.params": Certificate Type::STRING => |c| c.tbs_sig_params();
    /// The outer signatureAlgorithm OID; absent for an unsigned to-be-signed certificate.
    "cert.outer_signature_algorithm": Certificate Type::OID => |c| c.outer_sig_oid();
    /// The outer signatureAlgorithm parameters as hex DER; absent when omitted or unsigned.
    "cert.outer_signature_algorithm.params": Certificate Type::STRING => |c| c.outer_sig_params();
    /// Whether the outer and TBSCertificate signature algorithms are identical, parameters included; absent when unsigned.
    "cert.signature_algorithms_match": Certificate Type::BOOL => |c| c.sig_algs_match();
    /// Length of the signature value in octets; absent when unsigned.
    "cert.signature.length": Certificate Type::INT => |c| c.signature_len();

    // --- names (RFC 5280 §4.1.2.4, §4.1.2.6) ---
    /// Subject commonName values, in order.
    "cert.subject.cn": Certificate STRINGS => |c| c.name_attr(Which::Subject, &reg::OID_X509_COMMON_NAME);
    /// Subject countryName values, in order.
    "cert.subject.c": Certificate STRINGS => |c| c.name_attr(Which::Subject, &reg::OID_X509_COUNTRY_NAME);
    /// Subject organizationName values, in order.
    "cert.subject.o": Certificate STRINGS => |c| c.name_attr(Which::Subject, &reg::OID_X509_ORGANIZATION_NAME);
    /// Subject organizationalUnitName values, in order.
    "cert.subject.ou": Certificate STRINGS => |c| c.name_attr(Which::Subject, &reg::OID_X509_ORGANIZATIONAL_UNIT);
    /// Subject stateOrProvinceName values, in order.
    "cert.subject.st": Certificate STRINGS => |c| c.name_attr(Which::Subject, &reg::OID_X509_STATE_OR_PROVINCE_NAME);
    /// Subject localityName values, in order.
    "cert.subject.l": Certificate STRINGS => |c| c.name_attr(Which::Subject, &reg::OID_X509_LOCALITY_NAME);
    /// Subject streetAddress values, in order.
    "cert.subject.street": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::STREET);
    /// Subject postalCode values, in order.
    "cert.subject.postal_code": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::POSTAL_CODE);
    /// Subject serialNumber (the attribute, not the certificate serial) values, in order.
    "cert.subject.serial_number": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::SERIAL_NUMBER);
    /// Subject emailAddress (PKCS #9) values, in order.
    "cert.subject.email": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::EMAIL_ADDRESS);
    /// Subject organizationIdentifier values, in order.
    "cert.subject.organization_identifier": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::ORGANIZATION_IDENTIFIER);
    /// Subject domainComponent values, in order.
    "cert.subject.dc": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::DOMAIN_COMPONENT);
    /// Subject givenName values, in order.
    "cert.subject.given_name": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::GIVEN_NAME);
    /// Subject surname values, in order.
    "cert.subject.surname": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::SURNAME);
    /// Subject businessCategory values, in order.
    "cert.subject.business_category": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::BUSINESS_CATEGORY);
    /// Subject jurisdictionCountryName (EV) values, in order.
    "cert.subject.jurisdiction_c": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::JURISDICTION_C);
    /// Subject jurisdictionStateOrProvinceName (EV) values, in order.
    "cert.subject.jurisdiction_st": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::JURISDICTION_ST);
    /// Subject jurisdictionLocalityName (EV) values, in order.
    "cert.subject.jurisdiction_l": Certificate STRINGS => |c| c.name_attr(Which::Subject, &oids::JURISDICTION_L);
    /// Subject attribute types, in order.
    "cert.subject.attribute_types": Certificate OIDS => |c| c.name_types(Which::Subject);
    /// ASN.1 string type of each subject attribute value, in order: `printableString`, `utf8String`, `ia5String`, `bmpString`, `teletexString`, `universalString`, `visibleString`, `numericString`.
    "cert.subject.encodings": Certificate STRINGS => |c| c.name_encodings(Which::Subject);
    /// Number of relative distinguished names in the subject; 0 for an empty name.
    "cert.subject.rdns": Certificate Type::INT => |c| c.name_rdns(Which::Subject);
    /// Whether some subject RDN holds more than one attribute.
    "cert.subject.multi_valued": Certificate Type::BOOL => |c| c.name_multi_valued(Which::Subject);
    /// The subject as text, `C=US, O=Example Corp, CN=www.example.com`.
    "cert.subject.dn": Certificate Type::STRING => |c| c.name_text(Which::Subject);
    /// Issuer commonName values, in order.
    "cert.issuer.cn": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &reg::OID_X509_COMMON_NAME);
    /// Issuer countryName values, in order.
    "cert.issuer.c": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &reg::OID_X509_COUNTRY_NAME);
    /// Issuer organizationName values, in order.
    "cert.issuer.o": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &reg::OID_X509_ORGANIZATION_NAME);
    /// Issuer organizationalUnitName values, in order.
    "cert.issuer.ou": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &reg::OID_X509_ORGANIZATIONAL_UNIT);
    /// Issuer stateOrProvinceName values, in order.
    "cert.issuer.st": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &reg::OID_X509_STATE_OR_PROVINCE_NAME);
    /// Issuer localityName values, in order.
    "cert.issuer.l": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &reg::OID_X509_LOCALITY_NAME);
    /// Issuer streetAddress values, in order.
    "cert.issuer.street": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::STREET);
    /// Issuer postalCode values, in order.
    "cert.issuer.postal_code": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::POSTAL_CODE);
    /// Issuer serialNumber (the attribute, not the certificate serial) values, in order.
    "cert.issuer.serial_number": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::SERIAL_NUMBER);
    /// Issuer emailAddress (PKCS #9) values, in order.
    "cert.issuer.email": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::EMAIL_ADDRESS);
    /// Issuer organizationIdentifier values, in order.
    "cert.issuer.organization_identifier": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::ORGANIZATION_IDENTIFIER);
    /// Issuer domainComponent values, in order.
    "cert.issuer.dc": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::DOMAIN_COMPONENT);
    /// Issuer givenName values, in order.
    "cert.issuer.given_name": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::GIVEN_NAME);
    /// Issuer surname values, in order.
    "cert.issuer.surname": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::SURNAME);
    /// Issuer businessCategory values, in order.
    "cert.issuer.business_category": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::BUSINESS_CATEGORY);
    /// Issuer jurisdictionCountryName (EV) values, in order.
    "cert.issuer.jurisdiction_c": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::JURISDICTION_C);
    /// Issuer jurisdictionStateOrProvinceName (EV) values, in order.
    "cert.issuer.jurisdiction_st": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::JURISDICTION_ST);
    /// Issuer jurisdictionLocalityName (EV) values, in order.
    "cert.issuer.jurisdiction_l": Certificate STRINGS => |c| c.name_attr(Which::Issuer, &oids::JURISDICTION_L);
    /// Issuer attribute types, in order.
    "cert.issuer.attribute_types": Certificate OIDS => |c| c.name_types(Which::Issuer);
    /// ASN.1 string type of each issuer attribute value, in order: `printableString`, `utf8String`, `ia5String`, `bmpString`, `teletexString`, `universalString`, `visibleString`, `numericString`.
    "cert.issuer.encodings": Certificate STRINGS => |c| c.name_encodings(Which::Issuer);
    /// Number of relative distinguished names in the issuer; 0 for an empty name.
    "cert.issuer.rdns": Certificate Type::INT => |c| c.name_rdns(Which::Issuer);
    /// Whether some issuer RDN holds more than one attribute.
    "cert.issuer.multi_valued": Certificate Type::BOOL => |c| c.name_multi_valued(Which::Issuer);
    /// The issuer as text, `C=US, O=Example Corp, CN=www.example.com`.
    "cert.issuer.dn": Certificate Type::STRING => |c| c.name_text(Which::Issuer);
    // --- validity (RFC 5280 §4.1.2.5) ---
    /// Validity period from notBefore to notAfter, both inclusive (RFC 5280 §4.1.2.5, CA/B Forum BR 1.6.1): notAfter − notBefore + 1 second, so `openssl x509 -days 90` makes a certificate of 90 days and 1 second.
    "cert.validity.duration": Certificate Type::DURATION => |c| c.validity_duration();
    /// notAfter.
    "cert.validity.not_after": Certificate Type::DATE => |c| c.not_after();
    /// notBefore.
    "cert.validity.not_before": Certificate Type::DATE => |c| c.not_before();
    /// How notBefore is encoded: `utc_time` or `generalized_time` (RFC 5280 wants UTCTime through 2049).
    "cert.validity.not_before.encoding": Certificate Type::STRING => |c| c.not_before_encoding();
    /// How notAfter is encoded: `utc_time` or `generalized_time`.
    "cert.validity.not_after.encoding": Certificate Type::STRING => |c| c.not_after_encoding();
    /// Whether issuerUniqueID or subjectUniqueID is present (RFC 5280 §4.1.2.8).
    "cert.unique_ids": Certificate Type::BOOL => |c| c.unique_ids();

    // --- subject public key (RFC 5280 §4.1.2.7, RFC 3279, RFC 5480) ---
    /// Subject public key algorithm: `rsa`, `rsa-pss`, `ec`, `ed25519`, `ed448`, `dsa`, or the OID in dotted form.
    "cert.public_key.algorithm": Certificate Type::STRING => |c| c.key_algorithm();
    /// Subject public key algorithm OID.
    "cert.public_key.oid": Certificate Type::OID => |c| c.key_oid();
    /// Subject public key algorithm parameters as hex DER (`0500` for RSA's NULL); absent when omitted.
    "cert.public_key.params": Certificate Type::STRING => |c| c.key_params();
    /// The subjectPublicKey bits as hexadecimal.
    "cert.public_key.raw": Certificate Type::STRING => |c| c.key_raw();
    /// Key size in bits: the RSA modulus, the EC field size, 256 for Ed25519, 456 for Ed448.
    "cert.public_key.bits": Certificate Type::INT => |c| c.key_bits();
    /// RSA modulus length in bits, counted from its highest set bit; absent for other keys.
    "cert.public_key.rsa.modulus_bits": Certificate Type::INT => |c| c.rsa_modulus_bits();
    /// RSA public exponent; absent for other keys.
    "cert.public_key.rsa.exponent": Certificate Type::INT => |c| c.rsa_exponent();
    /// Named curve of an EC key: `P-256`, `P-384`, `P-521`, another curve's name, or the OID; absent for other keys.
    "cert.public_key.ec.curve": Certificate Type::STRING => |c| c.ec_curve();
    /// EC point format: `uncompressed` or `compressed`; absent for other keys.
    "cert.public_key.ec.point_format": Certificate Type::STRING => |c| c.ec_point_format();

    // --- extensions in general (RFC 5280 §4.2) ---
    /// OIDs of every extension, in certificate order.
    "cert.extensions": Certificate OIDS => |c| c.extension_oids();
    /// OIDs of the extensions marked critical.
    "cert.extensions.critical": Certificate OIDS => |c| c.critical_extensions();
    /// OIDs that appear more than once (RFC 5280 forbids it), each listed once.
    "cert.extensions.duplicates": Certificate OIDS => |c| c.duplicate_extensions();
    /// OIDs of extensions cpslint does not decode (typed fields cannot read them).
    "cert.extensions.unrecognized": Certificate OIDS => |c| c.unrecognized_extensions();
    /// OIDs of extensions whose value does not decode.
    "cert.extensions.malformed": Certificate OIDS => |c| c.malformed_extensions();
    /// Every extension as `OID=HEX` of its extnValue octets, in order.
    "cert.extensions.raw": Certificate STRINGS => |c| c.raw_extensions();

    // --- basicConstraints (RFC 5280 §4.2.1.9) ---
    /// Whether the basicConstraints extension is present.
    "cert.basic_constraints.present": Certificate Type::BOOL => |c| c.basic_constraints_present();
    /// The cA flag of basicConstraints; `false` when the extension is absent.
    "cert.basic_constraints.ca": Certificate Type::BOOL => |c| c.basic_constraints_ca();
    /// Whether basicConstraints is marked critical; absent when the extension is.
    "cert.basic_constraints.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_BASIC_CONSTRAINTS);
    /// pathLenConstraint of basicConstraints; absent when not set.
    "cert.basic_constraints.path_len": Certificate Type::INT => |c| c.basic_constraints_path_len();

    // --- keyUsage, extKeyUsage (RFC 5280 §4.2.1.3, §4.2.1.12) ---
    /// keyUsage bits that are set, by RFC 5280 name (`digitalSignature`, `keyCertSign`, …); absent without the extension.
    "cert.key_usage": Certificate STRINGS => |c| c.key_usage();
    /// Whether keyUsage is marked critical; absent when the extension is.
    "cert.key_usage.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_KEY_USAGE);
    /// extKeyUsage purposes as OIDs, in certificate order; absent without the extension.
    "cert.eku": Certificate OIDS => |c| c.eku();
    /// Whether extKeyUsage is marked critical; absent when the extension is.
    "cert.eku.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_EXTENDED_KEY_USAGE);

    // --- subjectAltName (RFC 5280 §4.2.1.6) ---
    /// dNSName entries; absent without the extension.
    "cert.san.dns": Certificate STRINGS => |c| c.san_names(NameKind::Dns);
    /// iPAddress entries as text (`192.0.2.1`, `2001:db8::1`); absent without the extension.
    "cert.san.ip": Certificate STRINGS => |c| c.san_names(NameKind::Ip);
    /// rfc822Name entries; absent without the extension.
    "cert.san.email": Certificate STRINGS => |c| c.san_names(NameKind::Email);
    /// uniformResourceIdentifier entries; absent without the extension.
    "cert.san.uri": Certificate STRINGS => |c| c.san_names(NameKind::Uri);
    /// otherName entries, as their type-id OIDs; absent without the extension.
    "cert.san.other_names": Certificate OIDS => |c| c.san_names(NameKind::Other);
    /// directoryName entries as text; absent without the extension.
    "cert.san.directory_names": Certificate STRINGS => |c| c.san_names(NameKind::Directory);
    /// registeredID entries; absent without the extension.
    "cert.san.registered_ids": Certificate OIDS => |c| c.san_names(NameKind::Registered);
    /// Number of entries of every kind; absent without the extension.
    "cert.san.count": Certificate Type::INT => |c| c.san_count();
    /// Whether subjectAltName is marked critical; absent when the extension is.
    "cert.san.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_SUBJECT_ALT_NAME);

    // --- key identifiers (RFC 5280 §4.2.1.1, §4.2.1.2) ---
    /// authorityKeyIdentifier keyIdentifier as hex; absent without it.
    "cert.aki.key_id": Certificate Type::STRING => |c| c.aki_key_id();
    /// Whether authorityKeyIdentifier carries authorityCertIssuer or authorityCertSerialNumber; absent without the extension.
    "cert.aki.issuer_serial": Certificate Type::BOOL => |c| c.aki_issuer_serial();
    /// Whether authorityKeyIdentifier is marked critical; absent when the extension is.
    "cert.aki.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER);
    /// subjectKeyIdentifier as hex; absent without the extension.
    "cert.ski": Certificate Type::STRING => |c| c.ski();
    /// Whether subjectKeyIdentifier is marked critical; absent when the extension is.
    "cert.ski.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_SUBJECT_KEY_IDENTIFIER);

    // --- CRL distribution points, authority information access (RFC 5280 §4.2.1.13, §4.2.2.1) ---
    /// URIs in the fullName of every distribution point; absent without the extension.
    "cert.crl_dp.uris": Certificate STRINGS => |c| c.crl_dp_uris();
    /// Number of distribution points; absent without the extension.
    "cert.crl_dp.count": Certificate Type::INT => |c| c.crl_dp_count();
    /// Whether cRLDistributionPoints is marked critical; absent when the extension is.
    "cert.crl_dp.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_CRL_DISTRIBUTION_POINTS);
    /// OCSP responder URIs (id-ad-ocsp); absent without the extension.
    "cert.aia.ocsp": Certificate STRINGS => |c| c.aia_uris(&oids::AD_OCSP);
    /// CA issuers URIs (id-ad-caIssuers); absent without the extension.
    "cert.aia.ca_issuers": Certificate STRINGS => |c| c.aia_uris(&oids::AD_CA_ISSUERS);
    /// The GeneralName kind of each access location, in order: `uri`, `dns`, `ip`, `email`, `directory`, `other`, `registered`, `x400`, `edi`, `invalid`.
    "cert.aia.location_kinds": Certificate STRINGS => |c| c.aia_location_kinds();
    /// Access methods, in order; absent without the extension.
    "cert.aia.methods": Certificate OIDS => |c| c.aia_methods();
    /// Whether authorityInfoAccess is marked critical; absent when the extension is.
    "cert.aia.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_PKIX_AUTHORITY_INFO_ACCESS);

    // --- certificatePolicies (RFC 5280 §4.2.1.4) ---
    /// Policy identifiers, in certificate order; absent without the extension.
    "cert.policies": Certificate OIDS => |c| c.policy_oids();
    /// Policy qualifier IDs (`1.3.6.1.5.5.7.2.1` CPS, `1.3.6.1.5.5.7.2.2` user notice), in order.
    "cert.policies.qualifiers": Certificate OIDS => |c| c.policy_qualifier_ids();
    /// CPS pointer URIs, in order.
    "cert.policies.cps_uris": Certificate STRINGS => |c| c.policy_cps_uris();
    /// User notice explicitText values, in order.
    "cert.policies.notices": Certificate STRINGS => |c| c.policy_notices(false);
    /// ASN.1 string type of each explicitText (`utf8String`, `visibleString`, `bmpString`, `ia5String`), in order.
    "cert.policies.notice_encodings": Certificate STRINGS => |c| c.policy_notices(true);
    /// Whether certificatePolicies is marked critical; absent when the extension is.
    "cert.policies.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_CERTIFICATE_POLICIES);

    // --- CA constraints (RFC 5280 §4.2.1.10, §4.2.1.11, §4.2.1.14) ---
    /// Permitted dNSName subtrees of nameConstraints; absent without the extension.
    "cert.name_constraints.permitted_dns": Certificate STRINGS => |c| c.name_constraints(true, NameKind::Dns);
    /// Excluded dNSName subtrees; absent without the extension.
    "cert.name_constraints.excluded_dns": Certificate STRINGS => |c| c.name_constraints(false, NameKind::Dns);
    /// Permitted iPAddress subtrees in CIDR form (`10.0.0.0/8`); absent without the extension.
    "cert.name_constraints.permitted_ip": Certificate STRINGS => |c| c.name_constraints(true, NameKind::Ip);
    /// Excluded iPAddress subtrees in CIDR form; absent without the extension.
    "cert.name_constraints.excluded_ip": Certificate STRINGS => |c| c.name_constraints(false, NameKind::Ip);
    /// Permitted rfc822Name subtrees; absent without the extension.
    "cert.name_constraints.permitted_email": Certificate STRINGS => |c| c.name_constraints(true, NameKind::Email);
    /// Excluded rfc822Name subtrees; absent without the extension.
    "cert.name_constraints.excluded_email": Certificate STRINGS => |c| c.name_constraints(false, NameKind::Email);
    /// Permitted directoryName subtrees as text; absent without the extension.
    "cert.name_constraints.permitted_directory_names": Certificate STRINGS => |c| c.name_constraints(true, NameKind::Directory);
    /// Excluded directoryName subtrees as text; absent without the extension.
    "cert.name_constraints.excluded_directory_names": Certificate STRINGS => |c| c.name_constraints(false, NameKind::Directory);
    /// Whether nameConstraints is marked critical; absent when the extension is.
    "cert.name_constraints.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_NAME_CONSTRAINTS);
    /// policyConstraints requireExplicitPolicy; absent when not set.
    "cert.policy_constraints.require_explicit_policy": Certificate Type::INT => |c| c.policy_constraint(true);
    /// policyConstraints inhibitPolicyMapping; absent when not set.
    "cert.policy_constraints.inhibit_policy_mapping": Certificate Type::INT => |c| c.policy_constraint(false);
    /// Whether policyConstraints is marked critical; absent when the extension is.
    "cert.policy_constraints.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_POLICY_CONSTRAINTS);
    /// inhibitAnyPolicy SkipCerts; absent without the extension.
    "cert.inhibit_any_policy": Certificate Type::INT => |c| c.inhibit_any_policy();
    /// Whether inhibitAnyPolicy is marked critical; absent when the extension is.
    "cert.inhibit_any_policy.critical": Certificate Type::BOOL => |c| c.critical(&reg::OID_X509_EXT_INHIBIT_ANY_POLICY);

    // --- TLS feature, Certificate Transparency (RFC 7633, RFC 6962) ---
    /// TLS feature values (`5` is status_request: OCSP must-staple); absent without the extension.
    "cert.tls_feature": Certificate INTS => |c| c.tls_features();
    /// Whether the TLS feature extension is marked critical; absent when the extension is.
    "cert.tls_feature.critical": Certificate Type::BOOL => |c| c.critical(&oids::TLS_FEATURE);
    /// Whether the precertificate poison holds the ASN.1 NULL it must; absent without the extension.
    "cert.ct_poison.valid": Certificate Type::BOOL => |c| c.ct_poison_valid();
    /// Whether the precertificate poison is marked critical (RFC 6962 requires it); absent without the extension.
    "cert.ct_poison.critical": Certificate Type::BOOL => |c| c.critical(&oids::CT_POISON);
    /// Number of embedded SCTs; absent without the SCT list extension.
    "cert.sct.count": Certificate Type::INT => |c| c.sct_count();
    /// Log IDs of the embedded SCTs, as hex; absent without the extension.
    "cert.sct.log_ids": Certificate STRINGS => |c| c.sct_log_ids();
    /// Timestamps of the embedded SCTs; absent without the extension.
    "cert.sct.timestamps": Certificate Type::List(Scalar::Date) => |c| c.sct_timestamps();

    // --- derived facts ---
    /// Whether the certificate is a CA certificate: basicConstraints cA is true.
    "cert.is_ca": Certificate Type::BOOL => |c| c.basic_constraints_ca();
    /// Whether subject and issuer are the same name, byte for byte.
    "cert.self_issued": Certificate Type::BOOL => |c| c.self_issued();
    /// Whether the certificate is self-issued and its signature verifies with its own key (for unsigned input or algorithms that cannot be verified: the key identifiers agree).
    "cert.self_signed": Certificate Type::BOOL => |c| c.self_signed();
    /// Whether the certificate carries the CT precertificate poison (RFC 6962 §3.1).
    "cert.precertificate": Certificate Type::BOOL => |c| c.precertificate();
    /// Whether the input was an unsigned TBSCertificate (linted before issuance).
    "cert.tbs": Certificate Type::BOOL => |c| c.is_tbs();
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
        let m = crate::corpus::ca::manifest::read(
            "ca.toml",
            "tier = \"issuing\"\nonline = true\n[key]\nalgorithm = \"ec\"\nbits = 384\nstorage = \"hsm\"\n[[profile]]\nvalidity_max = \"90d\"\n[[profile]]\nvalidity_max = \"398d\"\n",
        );
        let s = Subject::Ca(&m);
        let get = |n: &str| (field(n).unwrap().get)(&s);
        assert_eq!(get("ca.tier"), Value::String("issuing".into()));
        assert_eq!(get("ca.key.bits"), Value::Int(384));
        assert_eq!(get("ca.revocation.crl_next_update"), Value::Absent);
        assert_eq!(
            get("ca.profile.validity_max"),
            Value::List(vec![Value::Duration(90 * 86_400), Value::Duration(398 * 86_400)].into())
        );
        assert_eq!(get("cert.version"), Value::Absent);
    }
}
