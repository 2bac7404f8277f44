//! step-ca's `ca.json`: each provisioner of `authority.provisioners` becomes a
//! profile of the CA model (named after it, with its type), with the TLS
//! certificate durations its claims give; the CA key's storage, the CRL
//! settings and the name policy are read beside them.
//!
//! Where the file is silent, step-ca's built-in values apply, as its code has
//! them: the claims of `config.GlobalProvisionerClaims` (default and longest
//! TLS validity 24h, shortest 5m), merged as `provisioner.Claimer` does
//! (provisioner over `authority.claims` over the built-in ones); a backdate of
//! 1m (`config.DefaultBackdate`); CRLs off, and when on a 24h
//! `cacheDuration` regenerated every two thirds of it; without a template, a
//! leaf certificate for `serverAuth` and `clientAuth` (`x509util`'s default
//! leaf templates).

use std::sync::Arc;

use super::json::{self, Json, Reader, Value, default_list, default_text, list_node, model_duration, text_node};
use super::tree::{CaConfig, Format, Node, Place, Problem, Provenance, Record, Scalar};
use crate::diagnostic::did_you_mean;

const TOOL: &str = "step-ca";

/// The members of `config.Config`.
const TOP_KEYS: &[&str] = &[
    "root",
    "federatedRoots",
    "crt",
    "key",
    "address",
    "insecureAddress",
    "dnsNames",
    "kms",
    "ssh",
    "logger",
    "db",
    "monitoring",
    "authority",
    "tls",
    "password",
    "templates",
    "commonName",
    "crl",
    "metricsAddress",
];
/// The members of `config.AuthConfig`, with those of the `cas.Options` it embeds.
const AUTHORITY_KEYS: &[&str] = &[
    "type",
    "certificateAuthority",
    "certificateAuthorityFingerprint",
    "certificateIssuer",
    "credentialsFile",
    "config",
    "authorityId",
    "deploymentType",
    "provisioners",
    "template",
    "claims",
    "policy",
    "disableIssuedAtCheck",
    "backdate",
    "enableAdmin",
    "disableGetSSHHosts",
];
/// The members of `provisioner.Claims`.
const CLAIMS_KEYS: &[&str] = &[
    "minTLSCertDuration",
    "maxTLSCertDuration",
    "defaultTLSCertDuration",
    "minUserSSHCertDuration",
    "maxUserSSHCertDuration",
    "defaultUserSSHCertDuration",
    "minHostSSHCertDuration",
    "maxHostSSHCertDuration",
    "defaultHostSSHCertDuration",
    "enableSSHCA",
    "disableRenewal",
    "allowRenewalAfterExpiry",
    "disableSmallstepExtensions",
];
const POLICY_KEYS: &[&str] = &["x509", "ssh"];
const X509_POLICY_KEYS: &[&str] = &["allow", "deny", "allowWildcardNames"];
/// The members of `policy.X509NameOptions`.
const NAME_KEYS: &[&str] = &["cn", "dns", "ip", "email", "uri"];
/// The members of the `kms` object (`apiv1.Options` of go.step.sm/crypto).
const KMS_KEYS: &[&str] =
    &["type", "credentialsFile", "uri", "pin", "managementKey", "region", "profile", "storageDirectory"];
const CRL_KEYS: &[&str] = &["enabled", "generateOnRevoke", "cacheDuration", "renewPeriod", "idpURL"];
const OPTIONS_KEYS: &[&str] = &["x509", "ssh", "webhooks", "wire"];
const X509_OPTIONS_KEYS: &[&str] = &["template", "templateFile", "templateData"];

/// Provisioner types, as step-ca names them, and the members of each.
const PROVISIONERS: &[(&str, &[&str])] = &[
    ("JWK", &["type", "name", "key", "encryptedKey", "claims", "options"]),
    (
        "OIDC",
        &[
            "type",
            "name",
            "clientID",
            "clientSecret",
            "configurationEndpoint",
            "tenantID",
            "admins",
            "domains",
            "groups",
            "listenAddress",
            "claims",
            "options",
            "scopes",
            "authParams",
        ],
    ),
    (
        "GCP",
        &[
            "type",
            "name",
            "serviceAccounts",
            "projectIDs",
            "organizationID",
            "disableCustomSANs",
            "disableTrustOnFirstUse",
            "disableSSHCAUser",
            "disableSSHCAHost",
            "instanceAge",
            "claims",
            "options",
        ],
    ),
    (
        "AWS",
        &[
            "type",
            "name",
            "accounts",
            "disableCustomSANs",
            "disableTrustOnFirstUse",
            "imdsVersions",
            "instanceAge",
            "iidRoots",
            "claims",
            "options",
        ],
    ),
    (
        "Azure",
        &[
            "type",
            "name",
            "tenantID",
            "resourceGroups",
            "subscriptionIDs",
            "objectIDs",
            "audience",
            "disableCustomSANs",
            "disableTrustOnFirstUse",
            "claims",
            "options",
        ],
    ),
    (
        "ACME",
        &[
            "type",
            "name",
            "forceCN",
            "termsOfService",
            "website",
            "caaIdentities",
            "requireEAB",
            "challenges",
            "attestationFormats",
            "attestationRoots",
            "claims",
            "options",
        ],
    ),
    ("X5C", &["type", "name", "roots", "claims", "options"]),
    ("K8sSA", &["type", "name", "publicKeys", "claims", "options"]),
    ("SSHPOP", &["type", "name", "claims"]),
    (
        "SCEP",
        &[
            "type",
            "name",
            "forceCN",
            "challenge",
            "capabilities",
            "includeRoot",
            "excludeIntermediate",
            "minimumPublicKeyLength",
            "decrypterCertificate",
            "decrypterKeyPEM",
            "decrypterKey",
            "decrypterKeyPassword",
            "encryptionAlgorithmIdentifier",
            "options",
            "claims",
        ],
    ),
    ("Nebula", &["type", "name", "roots", "claims", "options"]),
];

/// KMS types (`apiv1.Type`) and where each keeps the key; `None` where the type does not say.
const KMS_TYPES: &[(&str, Option<&str>)] = &[
    ("softkms", Some("software")),
    ("pkcs11", Some("hsm")),
    ("yubikey", Some("hsm")),
    ("tpmkms", Some("hsm")),
    ("awskms", Some("cloud-kms")),
    ("cloudkms", Some("cloud-kms")),
    ("azurekms", Some("cloud-kms")),
    ("sshagentkms", None),
    ("capi", None),
    ("mackms", None),
    ("kms", None),
];

/// `config.GlobalProvisionerClaims`: shortest, longest and default TLS certificate validity.
const BUILTIN_CLAIMS: (i64, i64, i64) = (5 * 60, 24 * 3600, 24 * 3600);
/// `config.DefaultBackdate`.
const DEFAULT_BACKDATE: i64 = 60;
/// `config.DefaultCRLCacheDuration`.
const DEFAULT_CRL_CACHE: i64 = 24 * 3600;

/// Whether a JSON value is a step-ca configuration: an object whose
/// `authority` is an object, with provisioners or beside a `crt` or `root`.
pub(crate) fn recognises(v: &Value) -> bool {
    let Some(authority) = v.get("authority") else { return false };
    authority.members().is_some()
        && (authority.get("provisioners").is_some_and(|p| matches!(p.json, Json::Array(_)))
            || ["crt", "root"].iter().any(|k| v.get(k).is_some()))
}

/// Whether a text that is not valid JSON reads like a step-ca configuration,
/// so that its break is reported rather than the file skipped.
pub(crate) fn resembles(text: &str) -> bool {
    text.contains("\"authority\"")
        && (text.contains("\"provisioners\"") || text.contains("\"crt\"") || text.contains("\"root\""))
}

/// Reads a step-ca `ca.json` into the CA model.
pub fn import(file: &str, text: &str) -> CaConfig {
    let name: Arc<str> = Arc::from(file);
    match json::parse(&name, text) {
        Ok(v) => from_json(name, &v),
        Err(p) => broken(name, p),
    }
}

/// A file whose JSON does not parse: its one problem, and nothing else.
pub(crate) fn broken(file: Arc<str>, p: Problem) -> CaConfig {
    let start = Place { file: file.clone(), line: 1, column: 1 };
    CaConfig::new(file, Format::StepCa, Record::new(Provenance::Explicit(start)), vec![p], true)
}

/// A duration and where it comes from.
#[derive(Clone, Debug)]
struct Claim {
    secs: i64,
    from: Provenance,
}

impl Claim {
    fn node(&self) -> Node {
        Node::Scalar(Scalar::Text(model_duration(self.secs)), self.from.clone())
    }
}

/// TLS certificate durations, as written.
#[derive(Default)]
struct Written {
    min: Option<Claim>,
    max: Option<Claim>,
    default: Option<Claim>,
}

/// TLS certificate durations in effect.
#[derive(Clone, Debug)]
struct Effective {
    min: Claim,
    max: Claim,
    default: Claim,
}

/// `provisioner.Claimer`: what is written, over `global`. Without a shortest
/// or longest validity of its own, a default validity beyond the global
/// bound moves that bound.
fn merge(own: &Written, global: &Effective) -> Effective {
    let default = own.default.clone().unwrap_or_else(|| global.default.clone());
    let min = own.min.clone().unwrap_or_else(|| match &own.default {
        Some(d) if d.secs < global.min.secs => d.clone(),
        _ => global.min.clone(),
    });
    let max = own.max.clone().unwrap_or_else(|| match &own.default {
        Some(d) if d.secs > global.max.secs => d.clone(),
        _ => global.max.clone(),
    });
    Effective { min, max, default }
}

/// Reads a parsed configuration.
pub(crate) fn from_json(file: Arc<str>, root: &Value) -> CaConfig {
    let mut r = Reader::new(TOOL);
    let mut tree = Record::new(Provenance::Explicit(root.at.clone()));
    if root.members().is_none() {
        let message =
            format!("a step-ca configuration is a JSON object (`{{ \"authority\": … }}`), not {}", root.describe());
        r.problem(message, &root.at);
        return CaConfig::new(file, Format::StepCa, tree, r.problems, true);
    }
    r.known_keys(root, "", TOP_KEYS);
    let authority = root.get("authority").and_then(|a| r.object(a, "authority"));
    if let Some(a) = authority {
        r.known_keys(a, "authority", AUTHORITY_KEYS);
    }
    // A registration authority (`authority.type` cloudCAS, stepCAS, vaultCAS) signs elsewhere.
    let ra = authority
        .and_then(|a| r.text(a, "authority", "type"))
        .filter(|(t, _)| !t.is_empty() && !t.eq_ignore_ascii_case("softcas"));
    if ra.is_none() {
        ca_key(&mut r, root, &mut tree);
        if let Some((crt, at)) = r.text(root, "", "crt") {
            tree.members.insert("certificate".to_owned(), text_node(crt, &at));
        }
    }
    crl(&mut r, root, &mut tree);
    let Some(authority) = authority else {
        r.problem("no `authority` object: step-ca refuses the configuration".to_owned(), &root.at);
        return CaConfig::new(file, Format::StepCa, tree, r.problems, false);
    };

    let builtin = |secs| Claim { secs, from: Provenance::Default(TOOL) };
    let builtin = Effective {
        min: builtin(BUILTIN_CLAIMS.0),
        max: builtin(BUILTIN_CLAIMS.1),
        default: builtin(BUILTIN_CLAIMS.2),
    };
    let global = match authority.member("claims") {
        Some(m) => {
            let own = claims(&mut r, &m.value, "authority.claims");
            let global = merge(&own, &builtin);
            valid_claims(&mut r, &global, "`authority.claims`", &m.at);
            global
        }
        None => builtin,
    };
    let backdate = match r.duration(authority, "authority", "backdate") {
        Some((secs, at)) => text_node(model_duration(secs), &at),
        None => default_text(model_duration(DEFAULT_BACKDATE), TOOL),
    };
    let names = name_policy(&mut r, authority);

    let mut profiles = Vec::new();
    if let Some(list) = authority.get("provisioners") {
        match &list.json {
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("authority.provisioners[{i}]");
                    let Some(item) = r.object(item, &path) else { continue };
                    if let Some(mut p) = provisioner(&mut r, item, &path, &global) {
                        p.members.insert("backdate".to_owned(), backdate.clone());
                        for (key, node) in &names {
                            p.members.insert((*key).to_owned(), node.clone());
                        }
                        profiles.push(Node::Record(p));
                    }
                }
            }
            _ => r.wrong_type(list, "authority.provisioners", "a list of provisioners"),
        }
    }
    if !profiles.is_empty() {
        tree.members.insert("profile".to_owned(), Node::List(profiles, Provenance::Explicit(authority.at.clone())));
    }
    CaConfig::new(file, Format::StepCa, tree, r.problems, false)
}

/// `kms` and `key`: where the CA key is, and how it is held.
fn ca_key(r: &mut Reader, root: &Value, tree: &mut Record) {
    let key = r.text(root, "", "key").filter(|(k, _)| !k.is_empty());
    let mut kind: Option<(String, Place)> = None;
    if let Some(kms) = root.get("kms").and_then(|k| r.object(k, "kms")) {
        r.known_keys(kms, "kms", KMS_KEYS);
        kind = r.text(kms, "kms", "type").filter(|(t, _)| !t.is_empty());
        if kind.is_none() {
            // Without a type, the scheme of the module's URI names it (`apiv1.Options.GetType`).
            kind = r.text(kms, "kms", "uri").and_then(|(u, at)| scheme(&u).map(|s| (s, at)));
        }
        if let Some((t, at)) = &kind {
            if !KMS_TYPES.iter().any(|(k, _)| k.eq_ignore_ascii_case(t)) {
                let hint = did_you_mean(t, KMS_TYPES.iter().map(|(k, _)| *k))
                    .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                r.problem(format!("`kms.type` is `{t}`, which step-ca does not support{hint}"), at);
            }
        }
    }
    // A KMS URI as the key names its KMS; a plain path is a key file (softkms).
    let kind = kind.or_else(|| {
        key.as_ref().map(|(k, at)| {
            (
                scheme(k).filter(|s| KMS_TYPES.iter().any(|(t, _)| t == s)).unwrap_or_else(|| "softkms".to_owned()),
                at.clone(),
            )
        })
    });
    if let Some((t, at)) = kind {
        if let Some((_, Some(storage))) = KMS_TYPES.iter().find(|(k, _)| k.eq_ignore_ascii_case(&t)) {
            tree.set("key.storage", text_node(*storage, &at));
        }
    }
    if let Some((k, at)) = key {
        tree.set("key.uri", text_node(redact_pin(&k), &at));
    }
}

/// The lower-case scheme of a `scheme:…` URI, if the text is one.
fn scheme(uri: &str) -> Option<String> {
    let (s, _) = uri.split_once(':')?;
    let ok = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.');
    ok.then(|| s.to_ascii_lowercase())
}

/// A PKCS #11 URI with its `pin-value` hidden: a secret is never shown in a finding.
fn redact_pin(uri: &str) -> String {
    if !uri.to_ascii_lowercase().contains("pin-value=") {
        return uri.to_owned();
    }
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(i) = rest.to_ascii_lowercase().find("pin-value=") {
        let start = i + "pin-value=".len();
        out.push_str(&rest[..start]);
        out.push_str("REDACTED");
        let end = rest[start..].find([';', '?', '&']).map_or(rest.len(), |e| start + e);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `crl`: whether CRLs are published, how long each is valid and how often a new one is made.
fn crl(r: &mut Reader, root: &Value, tree: &mut Record) {
    let Some(crl) = root.get("crl").and_then(|c| r.object(c, "crl")) else {
        tree.set("revocation.crl_enabled", Node::Scalar(Scalar::Bool(false), Provenance::Default(TOOL)));
        return;
    };
    r.known_keys(crl, "crl", CRL_KEYS);
    let enabled = r.boolean(crl, "crl", "enabled");
    let cache = r.duration(crl, "crl", "cacheDuration");
    let renew = r.duration(crl, "crl", "renewPeriod");
    let on_revoke = r.boolean(crl, "crl", "generateOnRevoke");
    let _ = r.text(crl, "crl", "idpURL");
    if let (Some((c, _)), Some((p, at))) = (&cache, &renew) {
        if p > c {
            r.problem(
                "`crl.renewPeriod` is longer than `crl.cacheDuration`: step-ca refuses the configuration".to_owned(),
                at,
            );
        }
    }
    let bool_node = |b: Option<(bool, Place)>| match b {
        Some((b, at)) => Node::Scalar(Scalar::Bool(b), Provenance::Explicit(at)),
        None => Node::Scalar(Scalar::Bool(false), Provenance::Default(TOOL)),
    };
    let on = enabled.as_ref().is_some_and(|(b, _)| *b);
    tree.set("revocation.crl_enabled", bool_node(enabled));
    if !on {
        return;
    }
    // A cache duration of zero or less is the default one (`authority.New`).
    let cache = match cache.filter(|(c, _)| *c > 0) {
        Some((c, at)) => Claim { secs: c, from: Provenance::Explicit(at) },
        None => Claim { secs: DEFAULT_CRL_CACHE, from: Provenance::Default(TOOL) },
    };
    tree.set("revocation.crl_next_update", cache.node());
    // Without a renew period, a new CRL every two thirds of the cache duration (`CRLConfig.TickerDuration`).
    let interval = match renew.filter(|(p, _)| *p > 0) {
        Some((p, at)) => Claim { secs: p, from: Provenance::Explicit(at) },
        None => {
            let nanos = i128::from(cache.secs) * 1_000_000_000 / 3 * 2;
            Claim { secs: i64::try_from(nanos / 1_000_000_000).unwrap_or(i64::MAX), from: Provenance::Default(TOOL) }
        }
    };
    tree.set("revocation.crl_interval", interval.node());
    tree.set("revocation.crl_on_revoke", bool_node(on_revoke));
}

/// `authority.policy.x509`: the names every provisioner may, and may not, issue for.
fn name_policy(r: &mut Reader, authority: &Value) -> Vec<(&'static str, Node)> {
    let mut out = Vec::new();
    let Some(policy) = authority.get("policy").and_then(|p| r.object(p, "authority.policy")) else { return out };
    r.known_keys(policy, "authority.policy", POLICY_KEYS);
    let Some(x509) = policy.get("x509").and_then(|x| r.object(x, "authority.policy.x509")) else { return out };
    r.known_keys(x509, "authority.policy.x509", X509_POLICY_KEYS);
    let _ = r.boolean(x509, "authority.policy.x509", "allowWildcardNames");
    for (key, member) in [("allow", "name_allow"), ("deny", "name_deny")] {
        let path = format!("authority.policy.x509.{key}");
        let Some(names) = x509.get(key).and_then(|n| r.object(n, &path)) else { continue };
        r.known_keys(names, &path, NAME_KEYS);
        let mut items = Vec::new();
        for kind in NAME_KEYS {
            if let Some((list, _)) = r.texts(names, &path, kind) {
                items.extend(list.into_iter().map(|(n, at)| (format!("{kind}:{n}"), at)));
            }
        }
        // An empty list restricts nothing.
        if !items.is_empty() {
            out.push((member, list_node(items, &names.at)));
        }
    }
    out
}

/// A claims object's TLS durations, with the types of the rest checked.
fn claims(r: &mut Reader, v: &Value, path: &str) -> Written {
    let Some(v) = r.object(v, path) else { return Written::default() };
    r.known_keys(v, path, CLAIMS_KEYS);
    let mut claim =
        |key: &str| r.duration(v, path, key).map(|(secs, at)| Claim { secs, from: Provenance::Explicit(at) });
    let written = Written {
        min: claim("minTLSCertDuration"),
        max: claim("maxTLSCertDuration"),
        default: claim("defaultTLSCertDuration"),
    };
    for key in &CLAIMS_KEYS[3..9] {
        let _ = r.duration(v, path, key);
    }
    for key in &CLAIMS_KEYS[9..] {
        let _ = r.boolean(v, path, key);
    }
    written
}

/// `provisioner.Claimer.Validate`: durations step-ca refuses to start with.
fn valid_claims(r: &mut Reader, e: &Effective, whose: &str, at: &Place) {
    let (min, max, default) = (e.min.secs, e.max.secs, e.default.secs);
    let why = if min <= 0 || max <= 0 || default <= 0 {
        Some("a TLS certificate duration of zero".to_owned())
    } else if max < min {
        Some(format!(
            "a longest TLS certificate duration ({}) below the shortest ({})",
            model_duration(max),
            model_duration(min)
        ))
    } else if default < min || default > max {
        Some(format!(
            "a default TLS certificate duration ({}) outside {} to {}",
            model_duration(default),
            model_duration(min),
            model_duration(max)
        ))
    } else {
        None
    };
    if let Some(why) = why {
        r.problem(format!("{whose} give {why}: step-ca refuses the configuration"), at);
    }
}

/// One provisioner as a profile; `None` for a type that issues no X.509
/// certificate (SSHPOP) or that step-ca skips (an unknown one).
fn provisioner(r: &mut Reader, v: &Value, path: &str, global: &Effective) -> Option<Record> {
    let Some((ty, ty_at)) = r.text(v, path, "type") else {
        if v.get("type").is_none() {
            r.problem(format!("`{path}` has no `type`: step-ca skips it"), &v.at);
        }
        return None;
    };
    let Some((canonical, keys)) = PROVISIONERS.iter().find(|(t, _)| t.eq_ignore_ascii_case(&ty)) else {
        let lower: Vec<String> = PROVISIONERS.iter().map(|(t, _)| t.to_ascii_lowercase()).collect();
        let hint = did_you_mean(&ty.to_ascii_lowercase(), lower.iter().map(String::as_str))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        r.problem(
            format!(
                "`{path}.type` is `{ty}`, a provisioner type step-ca does not know{hint} (it skips the provisioner)"
            ),
            &ty_at,
        );
        return None;
    };
    r.known_keys(v, path, keys);
    let name = r.text(v, path, "name");
    let label = name.as_ref().map_or_else(|| format!("`{path}`"), |(n, _)| format!("provisioner `{n}`"));
    let own = match v.member("claims") {
        Some(m) => {
            let own = claims(r, &m.value, &format!("{path}.claims"));
            valid_claims(r, &merge(&own, global), &format!("the claims of {label}"), &m.at);
            own
        }
        None => Written::default(),
    };
    if *canonical == "SSHPOP" {
        return None;
    }
    let mut p = Record::new(Provenance::Explicit(v.at.clone()));
    match name {
        Some((n, at)) => {
            p.members.insert("name".to_owned(), text_node(n, &at));
        }
        None => r.problem(format!("`{path}` has no `name`: step-ca refuses the configuration"), &v.at),
    }
    p.members.insert("provisioner".to_owned(), text_node(*canonical, &ty_at));
    let e = merge(&own, global);
    p.members.insert("validity_default".to_owned(), e.default.node());
    p.members.insert("validity_max".to_owned(), e.max.node());
    p.members.insert("validity_min".to_owned(), e.min.node());

    // A template decides what the certificate is; without one, a TLS leaf.
    let mut template = None;
    if let Some(options) = v.get("options").and_then(|o| r.object(o, &format!("{path}.options"))) {
        let options_path = format!("{path}.options");
        r.known_keys(options, &options_path, OPTIONS_KEYS);
        if let Some(x509) = options.get("x509").and_then(|x| r.object(x, &format!("{options_path}.x509"))) {
            let x509_path = format!("{options_path}.x509");
            r.known_keys(x509, &x509_path, X509_OPTIONS_KEYS);
            let inline = r.text(x509, &x509_path, "template").filter(|(t, _)| !t.is_empty());
            let file = r.text(x509, &x509_path, "templateFile").filter(|(t, _)| !t.is_empty());
            // step-ca reads `template` first, and `templateFile` only without one.
            template = inline.map(|(_, at)| ("inline".to_owned(), at)).or(file);
        }
    }
    match template {
        Some((t, at)) => {
            p.members.insert("template".to_owned(), text_node(t, &at));
        }
        None => {
            p.members.insert("kind".to_owned(), default_text("end-entity", TOOL));
            p.members.insert("ekus".to_owned(), default_list(&["serverAuth", "clientAuth"], TOOL));
        }
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> CaConfig {
        import("ca.json", text)
    }

    fn profiles(c: &CaConfig) -> Vec<&Record> {
        match c.tree.members.get("profile") {
            Some(Node::List(items, _)) => {
                items.iter().filter_map(|n| if let Node::Record(r) = n { Some(r) } else { None }).collect()
            }
            _ => Vec::new(),
        }
    }

    fn scalar(r: &Record, key: &str) -> (String, Option<(usize, usize)>) {
        match r.members.get(key) {
            Some(Node::Scalar(Scalar::Text(t), p)) => (t.clone(), p.place().map(|p| (p.line, p.column))),
            Some(Node::Scalar(Scalar::Bool(b), p)) => (b.to_string(), p.place().map(|p| (p.line, p.column))),
            other => panic!("{key}: {other:?}"),
        }
    }

    #[test]
    fn provisioners_are_profiles_with_merged_claims() {
        let c = read(concat!(
            "{\"root\": \"root.crt\", \"crt\": \"int.crt\", \"key\": \"int.key\", \"password\": \"secret\",\n",
            " \"authority\": {\"claims\": {\"maxTLSCertDuration\": \"2160h\"}, \"backdate\": \"0s\",\n",
            "  \"provisioners\": [\n",
            "   {\"type\": \"jwk\", \"name\": \"a\", \"claims\": {\"defaultTLSCertDuration\": \"2m0s\", \"minTLSCertDuration\": \"1m\"}},\n",
            "   {\"type\": \"ACME\", \"name\": \"acme\", \"claims\": {\"defaultTLSCertDuration\": \"87600h\"}},\n",
            "   {\"type\": \"X5C\", \"name\": \"x\", \"options\": {\"x509\": {\"templateFile\": \"t.tpl\"}}},\n",
            "   {\"type\": \"SSHPOP\", \"name\": \"ssh\"}\n",
            "  ]}}\n",
        ));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let ps = profiles(&c);
        assert_eq!(ps.len(), 3, "SSHPOP issues no X.509 certificate");
        assert_eq!(scalar(ps[0], "provisioner"), ("JWK".to_owned(), Some((4, 13))));
        assert_eq!(scalar(ps[0], "validity_default"), ("2m".to_owned(), Some((4, 70))));
        assert_eq!(scalar(ps[0], "validity_min"), ("1m".to_owned(), Some((4, 100))));
        assert_eq!(scalar(ps[0], "validity_max"), ("2160h".to_owned(), Some((2, 49))), "from authority.claims");
        assert_eq!(scalar(ps[0], "backdate"), ("0s".to_owned(), Some((2, 71))));
        assert_eq!(scalar(ps[0], "kind"), ("end-entity".to_owned(), None));
        // A default beyond the global longest moves the longest with it.
        assert_eq!(scalar(ps[1], "validity_max"), ("87600h".to_owned(), Some((5, 74))));
        assert_eq!(scalar(ps[1], "validity_min"), ("5m".to_owned(), None));
        assert_eq!(scalar(ps[2], "template"), ("t.tpl".to_owned(), Some((6, 70))));
        assert!(!ps[2].members.contains_key("kind"), "a template decides the kind");
        assert_eq!(scalar(&c.tree, "certificate").0, "int.crt");
        let storage = c.tree.get("key.storage");
        assert!(
            matches!(storage, Some(Node::Scalar(Scalar::Text(s), Provenance::Explicit(p))) if s == "software" && p.column == 47)
        );
        assert!(!c.outline().contains("secret"), "the password is never read");
        let crl = c.tree.get("revocation.crl_enabled");
        assert_eq!(crl, Some(&Node::Scalar(Scalar::Bool(false), Provenance::Default("step-ca"))));
    }

    #[test]
    fn kms_crl_and_name_policy() {
        let c = read(concat!(
            "{\"crt\": \"int.crt\", \"key\": \"pkcs11:id=7331;object=int?pin-value=1234\",\n",
            " \"kms\": {\"type\": \"pkcs11\", \"uri\": \"pkcs11:module-path=/usr/lib/softhsm.so\", \"pin\": \"1234\"},\n",
            " \"crl\": {\"enabled\": true, \"generateOnRevoke\": true},\n",
            " \"authority\": {\"policy\": {\"x509\": {\"allow\": {\"dns\": [\"*.example.com\"], \"ip\": [\"10.0.0.0/8\"]}, \"deny\": {\"dns\": [\"bad.example.com\"]}}},\n",
            "  \"provisioners\": [{\"type\": \"jwk\", \"name\": \"a\"}]}}\n",
        ));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let key = |k: &str| c.tree.get(k).cloned();
        assert!(
            matches!(key("key.storage"), Some(Node::Scalar(Scalar::Text(s), Provenance::Explicit(p))) if s == "hsm" && p.line == 2)
        );
        let outline = c.outline();
        assert!(outline.contains("pin-value=REDACTED") && !outline.contains("1234"), "{outline}");
        assert!(
            matches!(key("revocation.crl_next_update"), Some(Node::Scalar(Scalar::Text(s), Provenance::Default("step-ca"))) if s == "24h")
        );
        assert!(
            matches!(key("revocation.crl_interval"), Some(Node::Scalar(Scalar::Text(s), Provenance::Default("step-ca"))) if s == "16h")
        );
        assert!(matches!(
            key("revocation.crl_on_revoke"),
            Some(Node::Scalar(Scalar::Bool(true), Provenance::Explicit(_)))
        ));
        let p = profiles(&c)[0];
        assert_eq!(p.texts("name_allow"), ["dns:*.example.com", "ip:10.0.0.0/8"]);
        assert_eq!(p.texts("name_deny"), ["dns:bad.example.com"]);
        assert_eq!(scalar(p, "backdate"), ("1m".to_owned(), None));
        let cloud = read("{\"key\": \"awskms:key-id=abc\", \"authority\": {\"provisioners\": []}}");
        assert!(matches!(cloud.tree.get("key.storage"), Some(Node::Scalar(Scalar::Text(s), _)) if s == "cloud-kms"));
    }

    /// Every prefix of a configuration, and every one with a byte changed, reads without a panic.
    #[test]
    fn cut_and_mangled_configurations_never_panic() {
        let text = "{\"crt\": \"c\", \"key\": \"pkcs11:pin-value=1;id=2\", \"kms\": {\"uri\": \"yubikey:\"}, \"crl\": {\"enabled\": true, \"cacheDuration\": \"-1h\", \"renewPeriod\": \"2h\"},\n \"authority\": {\"type\": \"softcas\", \"claims\": {\"defaultTLSCertDuration\": \"48h\"}, \"policy\": {\"x509\": {\"allow\": {\"dns\": [\"é\", 1]}}},\n \"provisioners\": [{\"type\": \"acme\", \"name\": \"a\", \"options\": {\"x509\": {\"template\": \"{}\"}}}, {\"type\": 5}, 7, {\"type\": \"sshpop\", \"claims\": []}]}}";
        assert!(super::super::cut_and_mangled(text, b'[', read) > 300);
    }

    #[test]
    fn what_step_ca_refuses_or_ignores_is_a_problem_at_its_place() {
        let c = read(concat!(
            "{\"crt\": \"int.crt\", \"dnsName\": [\"ca\"], \"kms\": {\"type\": \"pkcs12\"},\n",
            " \"authority\": {\"backdate\": 60, \"provisioners\": [\n",
            "  {\"type\": \"jwt\", \"name\": \"a\"},\n",
            "  {\"type\": \"JWK\", \"name\": \"b\", \"claim\": {}, \"claims\": {\"maxTLSCertDuration\": \"1m\"}}\n",
            " ]}}\n",
        ));
        let got: Vec<(usize, &str)> = c.problems.iter().map(|p| (p.at.line, p.message.as_str())).collect();
        let has = |line: usize, text: &str| got.iter().any(|(l, m)| *l == line && m.contains(text));
        assert!(has(1, "unknown key `dnsName`; did you mean `dnsNames`? (step-ca ignores it)"), "{got:?}");
        assert!(has(1, "`kms.type` is `pkcs12`, which step-ca does not support; did you mean `pkcs11`?"), "{got:?}");
        assert!(has(2, "`authority.backdate` is a duration written as a string"), "{got:?}");
        assert!(has(3, "a provisioner type step-ca does not know; did you mean `jwk`?"), "{got:?}");
        assert!(has(4, "unknown key `authority.provisioners[1].claim`; did you mean `claims`?"), "{got:?}");
        assert!(
            has(
                4,
                "the claims of provisioner `b` give a longest TLS certificate duration (1m) below the shortest (5m)"
            ),
            "{got:?}"
        );
        assert_eq!(profiles(&c).len(), 1);
        let broken = read("{\"authority\": {\"provisioners\": [\n");
        assert!(broken.broken && broken.problems.len() == 1, "{:?}", broken.problems);
    }
}
