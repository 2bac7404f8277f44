//! The CA model's shape, and typed reads of a [`CaConfig`] tree.
//!
//! [`KEYS`] is the CA manifest's schema: every key, its type, the words it
//! allows, and what it means. Importers of real CA software produce the same
//! keys. [`check`] reports unknown keys (with the nearest known one) and values
//! of the wrong type at their line and column; the `ca.*` fields of the field
//! table read values through [`value`], [`values`] and [`each`].

use crate::corpus::ca::{CaConfig, Node, Problem, Provenance, Record, Scalar as Raw};
use crate::diagnostic::did_you_mean;
use crate::value::{ObjectId, Scalar, Value, parse_duration};

/// How a key's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One value of this type.
    One(Scalar),
    /// A list of values of this type.
    Many(Scalar),
    /// A list of records (`[[profile]]`); its members are keys below it.
    Records,
}

/// One key of the CA manifest.
#[derive(Debug)]
pub struct Key {
    /// Dotted path; members of a record list are below its name (`profile.validity_max`).
    pub path: &'static str,
    /// How its value is written.
    pub kind: Kind,
    /// The words it allows, when it is a choice.
    pub words: &'static [&'static str],
    /// What it means.
    pub doc: &'static str,
}

macro_rules! keys {
    ($( $path:literal : $kind:expr $(, [$($w:literal),*])? => $doc:literal; )*) => {
        /// Every key of the CA manifest, in documentation order.
        pub static KEYS: &[Key] = &[$(Key { path: $path, kind: $kind, words: &[$($($w),*)?], doc: $doc },)*];
    };
}

const TEXT: Kind = Kind::One(Scalar::String);
const TEXTS: Kind = Kind::Many(Scalar::String);
const INT: Kind = Kind::One(Scalar::Int);
const DURATION: Kind = Kind::One(Scalar::Duration);

keys! {
    "name": TEXT => "The CA's name, as other manifests name it in `parent`.";
    "tier": TEXT, ["root", "intermediate", "issuing"] => "Its place in the hierarchy.";
    "parent": TEXT => "The name of the CA that certifies this one (or its certificate file, as a Boulder ceremony names its issuer); a root has none.";
    "online": Kind::One(Scalar::Bool) => "Whether the CA's key is reachable from a network.";
    "network_zone": TEXT => "The network zone the CA runs in (`offline`, `issuing-dmz`, …).";
    "certificate": TEXT => "The CA's certificate file, relative to the manifest.";
    "import": TEXTS => "CA software configuration files this manifest describes (OpenSSL, cfssl, step-ca, Boulder ceremony), relative to the manifest; the manifest wins where both speak.";
    "key.algorithm": TEXT, ["rsa", "ec", "ed25519", "ed448"] => "The CA key's algorithm.";
    "key.bits": INT => "The CA key's size in bits (an RSA modulus, or an EC curve's size).";
    "key.curve": TEXT, ["P-256", "P-384", "P-521"] => "The CA key's elliptic curve.";
    "key.storage": TEXT, ["hsm", "cloud-kms", "software"] => "Where the CA key is held.";
    "key.fips_level": INT => "FIPS 140 security level of the module holding the key.";
    "key.fips_certificate": TEXT => "The module's FIPS 140 validation certificate number.";
    "signature_algorithms": TEXTS => "Signature algorithms the CA signs with (`sha256WithRSAEncryption`, `ecdsa-with-SHA384`, …).";
    "revocation.crl_interval": DURATION => "Longest time between two CRLs the CA publishes.";
    "revocation.crl_next_update": DURATION => "A CRL's nextUpdate after its thisUpdate.";
    "revocation.ocsp_validity": DURATION => "An OCSP response's nextUpdate after its thisUpdate.";
    "audit_log.retention": DURATION => "How long audit logs are kept.";
    "audit_log.review_interval": DURATION => "Longest time between two reviews of the audit log.";
    "quorum.key_generation": INT => "People needed to generate a CA key.";
    "quorum.activation": INT => "People needed to activate the CA key.";
    "quorum.backup": INT => "People needed to back up or restore the CA key.";
    "quorum.audit_log_archival": INT => "People needed to archive the audit log.";
    "quorum.audit_log_deletion": INT => "People needed to delete audit log records.";
    "quorum.physical_access": INT => "People needed to enter the CA's secure area.";
    "profile": Kind::Records => "Issuance profiles (`[[profile]]`), one per kind of certificate the CA issues.";
    "profile.name": TEXT => "The profile's name.";
    "profile.kind": TEXT, ["end-entity", "subordinate-ca", "ocsp-responder", "root-ca"] => "What it issues (`root-ca`: the CA's own self-signed certificate).";
    "profile.validity_default": DURATION => "Validity given when a request asks for none.";
    "profile.validity_max": DURATION => "Longest validity the profile allows.";
    "profile.key_types": TEXTS => "Subject key algorithms accepted (`rsa`, `ec`, …).";
    "profile.min_rsa_bits": INT => "Smallest RSA modulus accepted, in bits.";
    "profile.curves": TEXTS => "Elliptic curves accepted.";
    "profile.signature_algorithms": TEXTS => "Signature algorithms the profile signs with.";
    "profile.key_usages": TEXTS => "keyUsage bits set (`digitalSignature`, `keyCertSign`, …).";
    "profile.ekus": TEXTS => "extKeyUsage purposes set (`serverAuth`, or an OID).";
    "profile.policy_oids": Kind::Many(Scalar::Oid) => "certificatePolicies OIDs asserted.";
    "profile.crl_urls": TEXTS => "CRL distribution point URLs.";
    "profile.ocsp_urls": TEXTS => "OCSP responder URLs (authorityInfoAccess).";
    "profile.path_len": INT => "basicConstraints pathLenConstraint of a CA profile.";
    "role": Kind::Records => "Trusted roles (`[[role]]`) and who holds each.";
    "role.name": TEXT, ["ca_administrator", "certificate_manager", "operator", "auditor", "security_officer", "key_custodian", "registration_officer"] => "The role.";
    "role.holders": TEXTS => "The people who hold it.";
    "ceremony": Kind::Records => "Key ceremony records (`[[ceremony]]`).";
    "ceremony.date": Kind::One(Scalar::Date) => "When it took place.";
    "ceremony.kind": TEXT, ["key-generation", "root-signing", "intermediate-signing", "key-backup", "key-destruction", "crl-signing", "cross-signing", "csr-generation"] => "What it was for.";
    "ceremony.script": TEXT => "The signed ceremony script it followed.";
    "ceremony.witnesses": TEXTS => "Independent witnesses present.";
    "ceremony.artefacts": TEXTS => "What it produced (CSR, certificate, key backup, public key hash, video).";
    "ceremony.participant": Kind::Records => "Who took part (`[[ceremony.participant]]`).";
    "ceremony.participant.name": TEXT => "A participant.";
    "ceremony.participant.role": TEXT => "The trusted role they acted in.";
    "ceremony.step": Kind::Records => "The scripted steps (`[[ceremony.step]]`), in order.";
    "ceremony.step.description": TEXT => "What the step does.";
    "ceremony.step.operator": TEXT => "Who performed it (their sign-off).";
    "ceremony.step.witness": TEXT => "Who witnessed it (their sign-off).";
    "profile.backdate": DURATION => "How long before its issuance a certificate's notBefore is set.";
    "profile.not_before": Kind::One(Scalar::Date) => "A fixed notBefore every certificate of the profile gets.";
    "profile.not_after": Kind::One(Scalar::Date) => "A fixed notAfter every certificate of the profile gets.";
    "profile.issuer_urls": TEXTS => "CA issuer URLs (authorityInfoAccess caIssuers).";
    "profile.name_pattern": TEXT => "A regular expression every name in a certificate must match.";
    "profile.lint": Kind::One(Scalar::Bool) => "Whether each certificate is linted before it is signed.";
    "profile.lint_ignored": TEXTS => "Lints left out of that linting.";
    "key.uri": TEXT => "Where the CA key is: a file, or a KMS or PKCS #11 URI.";
    "revocation.crl_enabled": Kind::One(Scalar::Bool) => "Whether the CA publishes CRLs.";
    "revocation.crl_on_revoke": Kind::One(Scalar::Bool) => "Whether each revocation publishes a new CRL at once.";
    "profile.validity_min": DURATION => "Shortest validity the profile allows.";
    "profile.name_allow": TEXTS => "Names the profile may issue for, by type: `dns:*.example.com`, `ip:10.0.0.0/8`, `email:@example.com`, `uri:…`, `cn:…`.";
    "profile.name_deny": TEXTS => "Names the profile refuses, written as in `name_allow`.";
    "profile.provisioner": TEXT, ["JWK", "OIDC", "GCP", "AWS", "Azure", "ACME", "X5C", "K8sSA", "SCEP", "Nebula"] => "The step-ca provisioner type that authorises the profile's requests.";
    "profile.template": TEXT => "The certificate template the profile issues from: a file, or `inline`.";
    "ceremony.key.pkcs11_module": TEXT => "The PKCS#11 module (its library) through which the ceremony generated or used the key.";
    "ceremony.key.slot": INT => "The module's slot that holds the key.";
    "ceremony.key.label": TEXT => "The key's label in the module.";
    "ceremony.inputs": TEXTS => "What it read (the issuer's certificate, the subject's public key, …).";
    "ceremony.skip_lints": TEXTS => "Certificate lints it skipped before and after signing (zlint names).";
    "profile.policy_url": TEXT => "The CP/CPS section the profile implements (a URL).";
}

/// The key at a path.
pub fn key(path: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.path == path)
}

/// Problems with a configuration's keys and values: unknown keys, wrong types, unknown words.
pub fn check(config: &CaConfig) -> Vec<Problem> {
    let mut out = Vec::new();
    check_record(&config.tree, "", &mut out);
    out
}

fn place_of(node: &Node) -> Option<crate::corpus::ca::Place> {
    node.provenance().place().cloned()
}

fn check_record(record: &Record, prefix: &str, out: &mut Vec<Problem>) {
    for (name, node) in &record.members {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let Some(at) = place_of(node).or_else(|| record.provenance.place().cloned()) else { continue };
        let Some(k) = key(&path) else {
            // A record with known members (`[key]`) is not a key itself.
            let is_group = KEYS.iter().any(|k| k.path.starts_with(&format!("{path}.")));
            if is_group {
                if let Node::Record(r) = node {
                    check_record(r, &path, out);
                    continue;
                }
            }
            let siblings: Vec<&str> = KEYS
                .iter()
                .filter_map(|k| k.path.strip_prefix(prefix).map(|r| r.trim_start_matches('.')))
                .filter(|r| !r.contains('.'))
                .collect();
            let hint = did_you_mean(name, siblings.iter().copied())
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            out.push(Problem { message: format!("unknown key `{path}`{hint}"), at });
            continue;
        };
        match (k.kind, node) {
            (Kind::Records, Node::List(items, _)) => {
                for item in items {
                    match item {
                        Node::Record(r) => check_record(r, &path, out),
                        other => out.push(Problem {
                            message: format!("`{path}` holds records (`[[{path}]]`), not plain values"),
                            at: place_of(other).unwrap_or_else(|| at.clone()),
                        }),
                    }
                }
            }
            (Kind::Records, _) => {
                out.push(Problem { message: format!("`{path}` is a list of records: write `[[{path}]]`"), at })
            }
            (Kind::One(ty), Node::Scalar(raw, _)) => check_scalar(k, ty, raw, &at, out),
            (Kind::Many(ty), Node::List(items, _)) => {
                for item in items {
                    match item {
                        Node::Scalar(raw, _) => {
                            check_scalar(k, ty, raw, &place_of(item).unwrap_or_else(|| at.clone()), out)
                        }
                        _ => out.push(Problem { message: format!("`{path}` is a list of {}s", ty), at: at.clone() }),
                    }
                }
            }
            (Kind::One(ty), _) => {
                out.push(Problem { message: format!("`{path}` is one {ty}, not a list or a table"), at })
            }
            (Kind::Many(ty), _) => {
                out.push(Problem { message: format!("`{path}` is a list of {ty}s: write `[…]`"), at })
            }
        }
    }
}

fn check_scalar(k: &Key, ty: Scalar, raw: &Raw, at: &crate::corpus::ca::Place, out: &mut Vec<Problem>) {
    match convert(raw, ty) {
        Err(why) => out.push(Problem { message: format!("`{}`: {why}", k.path), at: at.clone() }),
        Ok(Value::String(s)) if !k.words.is_empty() && !k.words.contains(&s.as_str()) => {
            let hint =
                did_you_mean(&s, k.words.iter().copied()).map_or_else(String::new, |w| format!("did you mean `{w}`? "));
            out.push(Problem {
                message: format!("`{}` is `{s}`; {hint}it is one of {}", k.path, k.words.join(", ")),
                at: at.clone(),
            });
        }
        Ok(_) => {}
    }
}

/// A raw value as a value of type `ty`.
fn convert(raw: &Raw, ty: Scalar) -> Result<Value, String> {
    match (raw, ty) {
        (Raw::Text(s), Scalar::String) => Ok(Value::String(s.clone())),
        (Raw::Text(s), Scalar::Duration) => parse_duration(s).map(Value::Duration),
        (Raw::Text(s), Scalar::Oid) => ObjectId::parse(s).map(Value::Oid).ok_or_else(|| format!("`{s}` is not an OID")),
        (Raw::Int(n), Scalar::Int) => Ok(Value::Int(*n)),
        (Raw::Bool(b), Scalar::Bool) => Ok(Value::Bool(*b)),
        (Raw::Date(d), Scalar::Date) => Ok(Value::Date(*d)),
        (Raw::Int(_), Scalar::Duration) => {
            Err("a duration is written with its unit, as a string: `\"7d\"`, `\"24h\"`".to_owned())
        }
        (raw, ty) => Err(format!("expected {}, found {}", article(ty), describe(raw))),
    }
}

fn article(ty: Scalar) -> String {
    match ty {
        Scalar::Int => "an integer".to_owned(),
        Scalar::Bool => "true or false".to_owned(),
        Scalar::Oid => "an OID".to_owned(),
        other => format!("a {other}"),
    }
}

fn describe(raw: &Raw) -> &'static str {
    match raw {
        Raw::Text(_) => "text",
        Raw::Int(_) => "an integer",
        Raw::Bool(_) => "true or false",
        Raw::Date(_) => "a date",
    }
}

/// The value at a path of the top level (or of a group such as `key`), typed by its key.
pub fn value(c: &CaConfig, path: &str) -> Value {
    let Some(k) = key(path) else { return Value::Absent };
    match (k.kind, c.tree.get(path)) {
        (_, None) => Value::Absent,
        (Kind::One(ty), Some(Node::Scalar(raw, _))) => convert(raw, ty).unwrap_or_else(Value::Malformed),
        (Kind::Many(ty), Some(Node::List(items, _))) => list(items, ty),
        (_, Some(_)) => Value::Malformed(format!("`{path}` has the wrong shape")),
    }
}

fn list(items: &[Node], ty: Scalar) -> Value {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Node::Scalar(raw, _) => match convert(raw, ty) {
                Ok(v) => out.push(v),
                Err(why) => return Value::Malformed(why),
            },
            _ => return Value::Malformed("a list item is not a plain value".to_owned()),
        }
    }
    Value::List(out.into())
}

/// The records of a record list (`profile`, `ceremony`, `ceremony.step` within each ceremony).
pub fn records<'c>(c: &'c CaConfig, path: &str) -> Vec<&'c Record> {
    let mut out: Vec<&Record> = vec![&c.tree];
    let mut at = String::new();
    for part in path.split('.') {
        at = if at.is_empty() { part.to_owned() } else { format!("{at}.{part}") };
        let mut next = Vec::new();
        for r in out {
            match r.members.get(part) {
                Some(Node::List(items, _)) if key(&at).is_some_and(|k| k.kind == Kind::Records) => {
                    next.extend(items.iter().filter_map(|n| if let Node::Record(r) = n { Some(r) } else { None }));
                }
                Some(Node::Record(inner)) => next.push(inner),
                _ => {}
            }
        }
        out = next;
    }
    out
}

/// A member of every record of a record list, collected into one list (lists are joined):
/// `each(c, "profile", "validity_max")` is every profile's longest validity.
/// Absent when there are no such records.
pub fn each(c: &CaConfig, records_path: &str, member: &str) -> Value {
    let full = format!("{records_path}.{member}");
    let Some(k) = key(&full) else { return Value::Absent };
    let rs = records(c, records_path);
    if rs.is_empty() {
        return Value::Absent;
    }
    let mut out = Vec::new();
    let mut said = false;
    for r in rs {
        said |= r.members.contains_key(member);
        match (k.kind, r.members.get(member)) {
            (_, None) => {}
            (Kind::One(ty), Some(Node::Scalar(raw, _))) => match convert(raw, ty) {
                Ok(v) => out.push(v),
                Err(why) => return Value::Malformed(why),
            },
            (Kind::Many(ty), Some(Node::List(items, _))) => match list(items, ty) {
                Value::List(l) => out.extend(l.iter().cloned()),
                other => return other,
            },
            _ => return Value::Malformed(format!("`{full}` has the wrong shape")),
        }
    }
    // No record says it: absent, so that a rule about it does not apply.
    if !said {
        return Value::Absent;
    }
    Value::List(out.into())
}

/// The records of a top-level record list (`profile`, `role`, `ceremony`) as
/// record values, each member typed by its key, for quantifiers:
/// `all(p in ca.profiles: p.validity_max <= 398d)`. Absent when there are none.
pub fn record_values(c: &CaConfig, path: &str) -> Value {
    match c.tree.members.get(path) {
        Some(Node::List(items, _)) => records_of(items, path),
        _ => Value::Absent,
    }
}

fn records_of(items: &[Node], path: &str) -> Value {
    let out: Vec<Value> =
        items.iter().filter_map(|n| if let Node::Record(r) = n { Some(record_value(r, path)) } else { None }).collect();
    Value::List(out.into())
}

/// One record as a value: each member the model knows, typed by its key (a
/// wrong type is malformed, and reported by [`check`] besides).
fn record_value(r: &Record, path: &str) -> Value {
    let mut members = Vec::new();
    for (name, node) in &r.members {
        let full = format!("{path}.{name}");
        let Some(k) = key(&full) else { continue };
        let v = match (k.kind, node) {
            (Kind::One(ty), Node::Scalar(raw, _)) => convert(raw, ty).unwrap_or_else(Value::Malformed),
            (Kind::Many(ty), Node::List(items, _)) => list(items, ty),
            (Kind::Records, Node::List(items, _)) => records_of(items, k.path),
            _ => Value::Malformed(format!("`{full}` has the wrong shape")),
        };
        members.push((name.clone(), v));
    }
    Value::Record(members.into())
}

/// Where a key is written in a configuration, for findings; `None` when it is not.
pub fn place(c: &CaConfig, path: &str) -> Option<crate::corpus::ca::Place> {
    // A field derived from one key is where that key is written.
    let path = match path {
        "certificate_mismatches" => "certificate",
        "profiles" => "profile",
        "roles" => "role",
        "ceremonies" => "ceremony",
        other => other,
    };
    if let Some(node) = c.tree.get(path) {
        return node.provenance().place().cloned();
    }
    // A member of record lists: where the first record that has it writes it.
    let (records_path, member) = path.rsplit_once('.')?;
    let rs = records(c, records_path);
    rs.iter()
        .find_map(|r| r.members.get(member))
        .and_then(|n| n.provenance().place().cloned())
        // A derived field (`role.auditor_conflicts`): where the first of its records starts.
        .or_else(|| rs.first().and_then(|r| r.provenance.place().cloned()))
}

/// Whether a key's value is written in a file: a top-level or group key set
/// explicitly, or a record-list member (`profile.validity_max`) that every
/// record sets explicitly. A default or an absent value is not.
pub fn explicit(c: &CaConfig, path: &str) -> bool {
    if let Some(node) = c.tree.get(path) {
        return matches!(node.provenance(), Provenance::Explicit(_));
    }
    let Some((records_path, member)) = path.rsplit_once('.') else { return false };
    let rs = records(c, records_path);
    !rs.is_empty()
        && rs.iter().all(|r| r.members.get(member).is_some_and(|n| matches!(n.provenance(), Provenance::Explicit(_))))
}

/// How a value was set, for `provenance`-aware rules and reports.
pub fn provenance(c: &CaConfig, path: &str) -> Option<Provenance> {
    c.tree.get(path).map(|n| n.provenance().clone())
}

/// Values joined into one list; absent when no part holds a value (every
/// part absent or empty), so that a rule about them does not pass on nothing.
pub fn join(parts: &[Value]) -> Value {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Value::List(l) => out.extend(l.iter().cloned()),
            Value::Absent => {}
            other => return other.clone(),
        }
    }
    if out.is_empty() { Value::Absent } else { Value::List(out.into()) }
}

/// People who hold the auditor role and another role too.
pub fn auditor_conflicts(c: &CaConfig) -> Value {
    let roles = records(c, "role");
    if roles.is_empty() {
        return Value::Absent;
    }
    let auditors: std::collections::BTreeSet<String> = roles
        .iter()
        .filter(|r| r.text("name").as_deref() == Some("auditor"))
        .flat_map(|r| r.texts("holders"))
        .collect();
    let others: std::collections::BTreeSet<String> = roles
        .iter()
        .filter(|r| r.text("name").as_deref() != Some("auditor"))
        .flat_map(|r| r.texts("holders"))
        .collect();
    Value::List(auditors.intersection(&others).cloned().map(Value::String).collect::<Vec<_>>().into())
}

/// `KIND DATE` of a ceremony record.
fn ceremony_name(r: &Record) -> String {
    let kind = r.text("kind").unwrap_or_else(|| "ceremony".to_owned());
    match r.members.get("date") {
        Some(Node::Scalar(Raw::Date(d), _)) => format!("{kind} {}", crate::value::format_date(*d)),
        _ => kind,
    }
}

/// Ceremony steps that lack a sign-off member (`witness`, `operator`), as `KIND DATE: STEP`.
pub fn steps_without(c: &CaConfig, member: &str) -> Value {
    let ceremonies = records(c, "ceremony");
    if ceremonies.is_empty() {
        return Value::Absent;
    }
    let mut out = Vec::new();
    for cer in ceremonies {
        for (i, step) in cer.records("step").into_iter().enumerate() {
            if step.text(member).is_none_or(|s| s.trim().is_empty()) {
                let what = step.text("description").unwrap_or_else(|| format!("step {}", i + 1));
                out.push(Value::String(format!("{}: {what}", ceremony_name(cer))));
            }
        }
    }
    Value::List(out.into())
}

/// Ceremonies that lack a member or leave it empty (`witnesses`, `artefacts`, `script`), as `KIND DATE`.
pub fn ceremonies_without(c: &CaConfig, member: &str) -> Value {
    let ceremonies = records(c, "ceremony");
    if ceremonies.is_empty() {
        return Value::Absent;
    }
    let out: Vec<Value> = ceremonies
        .into_iter()
        .filter(|r| match r.members.get(member) {
            None => true,
            Some(Node::List(items, _)) => items.is_empty(),
            Some(Node::Scalar(Raw::Text(s), _)) => s.trim().is_empty(),
            Some(_) => false,
        })
        .map(|r| Value::String(ceremony_name(r)))
        .collect();
    Value::List(out.into())
}

/// extKeyUsage purposes that make a certificate a TLS server certificate.
const SERVER_AUTH: &[&str] = &["serverAuth", "anyExtendedKeyUsage", "1.3.6.1.5.5.7.3.1", "2.5.29.37.0"];

/// The validities TLS subscriber certificates get: the longest and default
/// validity of each profile that issues them — kind `end-entity` or no kind,
/// and `serverAuth`, `anyExtendedKeyUsage` or no extKeyUsage at all (a
/// profile for client or e-mail certificates alone is not a TLS server's).
pub fn subscriber_validity(c: &CaConfig) -> Value {
    let profiles = records(c, "profile");
    let mut out = Vec::new();
    for p in profiles {
        if p.text("kind").is_some_and(|k| k != "end-entity") {
            continue;
        }
        let ekus = p.texts("ekus");
        if !ekus.is_empty() && !ekus.iter().any(|e| SERVER_AUTH.contains(&e.as_str())) {
            continue;
        }
        for member in ["validity_max", "validity_default"] {
            if let Some(Node::Scalar(raw, _)) = p.members.get(member) {
                match convert(raw, Scalar::Duration) {
                    Ok(v) => out.push(v),
                    Err(why) => return Value::Malformed(why),
                }
            }
        }
    }
    if out.is_empty() {
        return Value::Absent;
    }
    Value::List(out.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriber_validity_is_that_of_tls_server_profiles() {
        let c = crate::corpus::ca::manifest::read(
            "ca.toml",
            "[[profile]]\nvalidity_max = \"90d\"\n[[profile]]\nkind = \"subordinate-ca\"\nvalidity_max = \"1826d\"\n[[profile]]\nvalidity_max = \"800d\"\nekus = [\"clientAuth\"]\n[[profile]]\nvalidity_max = \"400d\"\nekus = [\"clientAuth\", \"serverAuth\"]\n",
        );
        let days = |d: i64| Value::Duration(d * 86_400);
        assert_eq!(subscriber_validity(&c), Value::List(vec![days(90), days(400)].into()));
    }
}
