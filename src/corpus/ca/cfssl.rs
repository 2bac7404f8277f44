//! cfssl's signing configuration (the JSON of `cfssl serve -config` and
//! `cfssl sign -config`): `signing.default` and each `signing.profiles.NAME`
//! become a profile of the CA model, every value at its line and column.
//!
//! Where the file is silent, cfssl's built-in values apply, as its code has
//! them (`config/config.go`, `signer/signer.go`): without `signing.default`
//! the default profile is `DefaultConfig()` (usages `signing`, `key
//! encipherment`, `server auth`, `client auth`; expiry 8760h); a profile's
//! notBefore is backdated 5 minutes; pre-issuance linting is off; a profile
//! without CRL, OCSP or issuer URLs takes the default profile's. What cfssl
//! would refuse to load (a profile without `expiry`, a usage it does not know,
//! an unknown `remote`) is a problem at its place.

use std::sync::Arc;

use super::json::{self, Json, Reader, Value, default_list, default_text, list_node, model_duration, text_node};
use super::tree::{CaConfig, Format, Node, Place, Problem, Provenance, Record, Scalar};
use crate::diagnostic::did_you_mean;

const TOOL: &str = "cfssl";

/// The members of `config.Config`.
const TOP_KEYS: &[&str] = &["signing", "ocsp", "auth_keys", "remotes"];
/// The members of `config.Signing`.
const SIGNING_KEYS: &[&str] = &["profiles", "default"];
/// The members of `config.SigningProfile` (tagged, and the untagged ones JSON can set).
const PROFILE_KEYS: &[&str] = &[
    "usages",
    "issuer_urls",
    "ocsp_url",
    "crl_url",
    "ca_constraint",
    "ocsp_no_check",
    "expiry",
    "backdate",
    "auth_key",
    "copy_extensions",
    "prev_auth_key",
    "remote",
    "not_before",
    "not_after",
    "name_whitelist",
    "auth_remote",
    "ct_log_servers",
    "allowed_extensions",
    "cert_store",
    "lint_error_level",
    "ignored_lints",
    "ignored_lint_sources",
    "policies",
    "CSRWhitelist",
    "ClientProvidesSerialNumbers",
];
const CA_CONSTRAINT_KEYS: &[&str] = &["is_ca", "max_path_len", "max_path_len_zero"];
const AUTH_REMOTE_KEYS: &[&str] = &["remote", "auth_key"];
const POLICY_KEYS: &[&str] = &["ID", "Qualifiers"];
const QUALIFIER_KEYS: &[&str] = &["Type", "Value"];

/// cfssl's key usage names (`config.KeyUsage`) and their RFC 5280 names.
const KEY_USAGES: &[(&str, &str)] = &[
    ("signing", "digitalSignature"),
    ("digital signature", "digitalSignature"),
    ("content commitment", "nonRepudiation"),
    ("key encipherment", "keyEncipherment"),
    ("key agreement", "keyAgreement"),
    ("data encipherment", "dataEncipherment"),
    ("cert sign", "keyCertSign"),
    ("crl sign", "cRLSign"),
    ("encipher only", "encipherOnly"),
    ("decipher only", "decipherOnly"),
];

/// cfssl's extended key usage names (`config.ExtKeyUsage`) and their RFC 5280 names or OIDs.
const EXT_KEY_USAGES: &[(&str, &str)] = &[
    ("any", "anyExtendedKeyUsage"),
    ("server auth", "serverAuth"),
    ("client auth", "clientAuth"),
    ("code signing", "codeSigning"),
    ("email protection", "emailProtection"),
    ("s/mime", "emailProtection"),
    ("ipsec end system", "ipsecEndSystem"),
    ("ipsec tunnel", "ipsecTunnel"),
    ("ipsec user", "ipsecUser"),
    ("timestamping", "timeStamping"),
    ("ocsp signing", "OCSPSigning"),
    ("microsoft sgc", "1.3.6.1.4.1.311.10.3.3"),
    ("netscape sgc", "2.16.840.1.113730.4.1"),
];

/// zlint's status names, as `lint_error_level` is written; the first, `reserved`, is no linting.
const LINT_LEVELS: &[&str] = &["reserved", "NA", "NE", "pass", "info", "warn", "error", "fatal"];

/// The backdate `signer.FillTemplate` applies when a profile sets none.
const DEFAULT_BACKDATE: &str = "5m";

/// Whether a JSON value is a cfssl signing configuration: an object whose
/// `signing` is an object with a `default` or `profiles` object. A CSR
/// (`hosts`, `key`, `names`) or any other JSON is not.
pub(crate) fn recognises(v: &Value) -> bool {
    let Some(signing) = v.get("signing") else { return false };
    ["default", "profiles"].iter().any(|k| signing.get(k).is_some_and(|p| matches!(p.json, Json::Object(_))))
}

/// Whether a text that is not valid JSON reads like a cfssl signing
/// configuration, so that its break is reported rather than the file skipped.
pub(crate) fn resembles(text: &str) -> bool {
    text.contains("\"signing\"")
        && (text.contains("\"profiles\"") || text.contains("\"default\""))
        && (text.contains("\"expiry\"") || text.contains("\"usages\""))
}

/// Reads a cfssl signing configuration into the CA model.
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
    CaConfig::new(file, Format::Cfssl, Record::new(Provenance::Explicit(start)), vec![p], true)
}

/// What profiles may take from the default profile (`signer.FillTemplate`).
const INHERITED: &[&str] = &["validity_default", "crl_urls", "ocsp_urls", "issuer_urls"];

/// Reads a parsed configuration.
pub(crate) fn from_json(file: Arc<str>, root: &Value) -> CaConfig {
    let mut r = Reader::new(TOOL);
    let mut tree = Record::new(Provenance::Explicit(root.at.clone()));
    let done = |tree, r: Reader, broken| CaConfig::new(file.clone(), Format::Cfssl, tree, r.problems, broken);
    if root.members().is_none() {
        let message =
            format!("a cfssl configuration is a JSON object (`{{ \"signing\": … }}`), not {}", root.describe());
        r.problem(message, &root.at);
        return done(tree, r, true);
    }
    r.known_keys(root, "", TOP_KEYS);
    let names = |r: &mut Reader, key: &str| -> Vec<String> {
        let Some(v) = root.get(key).and_then(|v| r.object(v, key)) else { return Vec::new() };
        v.members().unwrap_or_default().iter().map(|m| m.name.clone()).collect()
    };
    let known = Known { remotes: names(&mut r, "remotes"), auth_keys: names(&mut r, "auth_keys") };
    let Some(signing) = root.get("signing").and_then(|s| r.object(s, "signing")) else {
        r.problem("no `signing` object: cfssl refuses the configuration".to_owned(), &root.at);
        return done(tree, r, true);
    };
    r.known_keys(signing, "signing", SIGNING_KEYS);
    let default = match signing.member("default") {
        Some(m) => match r.object(&m.value, "signing.default") {
            Some(v) => read_profile(&mut r, &known, "signing.default", ("default", &m.at), v, true),
            None => None,
        },
        None => Some(builtin_default()),
    };
    let mut profiles: Vec<Record> = default.iter().cloned().collect();
    if let Some(all) = signing.get("profiles").and_then(|p| r.object(p, "signing.profiles")) {
        let members = all.members().unwrap_or_default();
        for (i, m) in members.iter().enumerate() {
            // A Go map keeps the last of two members of one name.
            if members[i + 1..].iter().any(|later| later.name == m.name) {
                continue;
            }
            let path = format!("signing.profiles.{}", m.name);
            let Some(v) = r.object(&m.value, &path) else { continue };
            let Some(mut p) = read_profile(&mut r, &known, &path, (&m.name, &m.at), v, false) else { continue };
            // Only a zero expiry takes the default's: a missing one is refused.
            let zero_expiry = matches!(&v.get("expiry").map(|e| &e.json), Some(Json::String(e)) if json::go_duration_seconds(e) == Ok(0));
            if let Some(d) = &default {
                for key in INHERITED {
                    if *key == "validity_default" && !zero_expiry {
                        continue;
                    }
                    if !p.members.contains_key(*key) {
                        if let Some(node) = d.members.get(*key) {
                            p.members.insert((*key).to_owned(), node.clone());
                        }
                    }
                }
            }
            profiles.push(p);
        }
    }
    let records = profiles.into_iter().map(Node::Record).collect();
    tree.members.insert("profile".to_owned(), Node::List(records, Provenance::Explicit(signing.at.clone())));
    done(tree, r, false)
}

/// The names a profile may refer to.
struct Known {
    remotes: Vec<String>,
    auth_keys: Vec<String>,
}

/// `config.DefaultConfig()`: the default profile when the file has none.
fn builtin_default() -> Record {
    let mut p = Record::new(Provenance::Default(TOOL));
    p.members.insert("name".to_owned(), default_text("default", TOOL));
    p.members.insert("kind".to_owned(), default_text("end-entity", TOOL));
    p.members.insert("validity_default".to_owned(), default_text("8760h", TOOL));
    p.members.insert("key_usages".to_owned(), default_list(&["digitalSignature", "keyEncipherment"], TOOL));
    p.members.insert("ekus".to_owned(), default_list(&["serverAuth", "clientAuth"], TOOL));
    p.members.insert("backdate".to_owned(), default_text(DEFAULT_BACKDATE, TOOL));
    p.members.insert("lint".to_owned(), Node::Scalar(Scalar::Bool(false), Provenance::Default(TOOL)));
    p
}

/// One signing profile; `None` for a profile that signs through a remote
/// cfssl, whose own settings this CA does not apply.
fn read_profile(
    r: &mut Reader,
    known: &Known,
    path: &str,
    (name, name_at): (&str, &Place),
    v: &Value,
    is_default: bool,
) -> Option<Record> {
    r.known_keys(v, path, PROFILE_KEYS);
    let label = if is_default { "the default profile".to_owned() } else { format!("profile `{name}`") };
    let mut p = Record::new(Provenance::Explicit(v.at.clone()));
    p.members.insert("name".to_owned(), text_node(name, name_at));

    // Remote signing: the references must resolve, and the local settings are skipped.
    let mut remote = r.text(v, path, "remote");
    for key in ["auth_key", "prev_auth_key"] {
        if let Some((k, at)) = r.text(v, path, key) {
            refers(r, &k, &known.auth_keys, &format!("{path}.{key}"), "auth_keys", &at);
        }
    }
    if let Some(ar) = v.get("auth_remote").and_then(|a| r.object(a, &json::join(path, "auth_remote"))) {
        let ar_path = json::join(path, "auth_remote");
        r.known_keys(ar, &ar_path, AUTH_REMOTE_KEYS);
        if let Some((k, at)) = r.text(ar, &ar_path, "auth_key") {
            refers(r, &k, &known.auth_keys, &format!("{ar_path}.auth_key"), "auth_keys", &at);
        }
        remote = remote.or_else(|| r.text(ar, &ar_path, "remote"));
    }
    if let Some((remote, at)) = remote.filter(|(s, _)| !s.is_empty()) {
        refers(r, &remote, &known.remotes, &format!("{path}.remote"), "remotes", &at);
        let local = ["usages", "issuer_urls", "ocsp_url", "crl_url", "ca_constraint", "expiry", "backdate"];
        if local.iter().any(|k| v.get(k).is_some()) {
            r.problem(
                format!(
                    "{label} signs through the remote `{remote}`: cfssl skips its usages, expiry and URLs here (the remote's configuration applies)"
                ),
                &at,
            );
        }
        return None;
    }

    // basicConstraints.
    let mut is_ca = None;
    if let Some(cc) = v.get("ca_constraint").and_then(|c| r.object(c, &json::join(path, "ca_constraint"))) {
        let cc_path = json::join(path, "ca_constraint");
        r.known_keys(cc, &cc_path, CA_CONSTRAINT_KEYS);
        is_ca = r.boolean(cc, &cc_path, "is_ca");
        let max = r.integer(cc, &cc_path, "max_path_len");
        let zero = r.boolean(cc, &cc_path, "max_path_len_zero");
        if let Some((true, _)) = is_ca {
            // As Go's x509 reads MaxPathLen: positive is a limit, 0 is one only with MaxPathLenZero.
            let limit = match (max, zero) {
                (Some((n, at)), _) if n > 0 => Some((n, at)),
                (Some((0, _)) | None, Some((true, at))) => Some((0, at)),
                _ => None,
            };
            if let Some((n, at)) = limit {
                p.members.insert("path_len".to_owned(), Node::Scalar(Scalar::Int(n), Provenance::Explicit(at)));
            }
        }
    }

    // Usages: keyUsage and extKeyUsage names, mixed.
    let mut ekus_only_ocsp = None;
    if let Some((usages, at)) = r.texts(v, path, "usages") {
        let (mut ku, mut eku) = (Vec::new(), Vec::new());
        for (u, u_at) in &usages {
            if let Some((_, n)) = KEY_USAGES.iter().find(|(c, _)| c == u) {
                ku.push(((*n).to_owned(), u_at.clone()));
            } else if let Some((_, n)) = EXT_KEY_USAGES.iter().find(|(c, _)| c == u) {
                eku.push(((*n).to_owned(), u_at.clone()));
            } else {
                let all = KEY_USAGES.iter().chain(EXT_KEY_USAGES).map(|(c, _)| *c);
                let hint = did_you_mean(u, all).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                r.problem(format!("cfssl knows no usage `{u}`{hint} (it is left out)"), u_at);
            }
        }
        if ku.is_empty() && eku.is_empty() && !is_default {
            r.problem(format!("{label} has no usage cfssl knows: cfssl refuses the configuration"), &at);
        }
        if !eku.is_empty() && eku.iter().all(|(n, _)| n == "OCSPSigning") {
            ekus_only_ocsp = Some(at.clone());
        }
        if !ku.is_empty() {
            p.members.insert("key_usages".to_owned(), list_node(ku, &at));
        }
        if !eku.is_empty() {
            p.members.insert("ekus".to_owned(), list_node(eku, &at));
        }
    } else if !is_default && v.get("usages").is_none() {
        r.problem(format!("{label} has no `usages`: cfssl refuses the configuration"), name_at);
    }
    let kind = match (&is_ca, ekus_only_ocsp) {
        (Some((true, at)), _) => text_node("subordinate-ca", at),
        (_, Some(at)) => text_node("ocsp-responder", &at),
        (Some((false, at)), None) => text_node("end-entity", at),
        (None, None) => default_text("end-entity", TOOL),
    };
    p.members.insert("kind".to_owned(), kind);

    // Validity.
    match r.duration(v, path, "expiry") {
        // Zero takes the default profile's expiry (`signer.FillTemplate`).
        Some((0, at)) if is_default => {
            r.problem("the default profile's `expiry` is 0: cfssl refuses the configuration".to_owned(), &at);
        }
        Some((0, _)) => {}
        Some((secs, at)) => {
            p.members.insert("validity_default".to_owned(), text_node(model_duration(secs), &at));
        }
        None if v.get("expiry").is_none() => r.problem(
            format!("{label} has no `expiry`: cfssl refuses the configuration (\"empty expiry string\")"),
            name_at,
        ),
        None => {}
    }
    let not_before = date(r, v, path, "not_before");
    let not_after = date(r, v, path, "not_after");
    if let (Some((b, _)), Some((a, at))) = (&not_before, &not_after) {
        if a < b {
            r.problem(format!("{label}'s `not_after` is before its `not_before`: cfssl refuses the configuration"), at);
        }
    }
    match r.duration(v, path, "backdate") {
        Some((secs, at)) if secs > 0 => {
            p.members.insert("backdate".to_owned(), text_node(model_duration(secs), &at));
        }
        // A fixed notBefore is not backdated.
        _ if not_before.is_some() => {}
        _ => {
            p.members.insert("backdate".to_owned(), default_text(DEFAULT_BACKDATE, TOOL));
        }
    }
    for (key, date) in [("not_before", not_before), ("not_after", not_after)] {
        if let Some((secs, at)) = date {
            p.members.insert(key.to_owned(), Node::Scalar(Scalar::Date(secs), Provenance::Explicit(at)));
        }
    }

    // Certificate contents.
    if let Some(oids) = policies(r, v, path) {
        p.members.insert("policy_oids".to_owned(), oids);
    }
    for (key, member) in [("crl_url", "crl_urls"), ("ocsp_url", "ocsp_urls")] {
        if let Some((url, at)) = r.text(v, path, key).filter(|(u, _)| !u.is_empty()) {
            p.members.insert(member.to_owned(), list_node(vec![(url, at.clone())], &at));
        }
    }
    if let Some((urls, at)) = r.texts(v, path, "issuer_urls") {
        p.members.insert("issuer_urls".to_owned(), list_node(urls, &at));
    }
    if let Some((pattern, at)) = r.text(v, path, "name_whitelist").filter(|(s, _)| !s.is_empty()) {
        p.members.insert("name_pattern".to_owned(), text_node(pattern, &at));
    }

    // Pre-issuance linting.
    let lint = match v.get("lint_error_level") {
        Some(Value { json: Json::String(level), at }) => match LINT_LEVELS.iter().position(|l| l == level) {
            Some(i) => Some(Node::Scalar(Scalar::Bool(i > 0), Provenance::Explicit(at.clone()))),
            None => {
                let hint = did_you_mean(level, LINT_LEVELS.iter().copied())
                    .map_or_else(String::new, |s| format!("did you mean `{s}`? "));
                let message = format!(
                    "`{path}.lint_error_level` is `{level}`; {hint}it is one of {}: cfssl refuses the configuration",
                    LINT_LEVELS.join(", ")
                );
                r.problem(message, at);
                None
            }
        },
        Some(other) => {
            let what = "a zlint status name as a string (`\"warn\"`, `\"error\"`): cfssl refuses a number";
            r.wrong_type(other, &json::join(path, "lint_error_level"), what);
            None
        }
        None => Some(Node::Scalar(Scalar::Bool(false), Provenance::Default(TOOL))),
    };
    if let Some(lint) = lint {
        p.members.insert("lint".to_owned(), lint);
    }
    if let Some((lints, at)) = r.texts(v, path, "ignored_lints") {
        p.members.insert("lint_ignored".to_owned(), list_node(lints, &at));
    }

    // Read only for their types: cfssl refuses a configuration where they are wrong.
    for key in ["ocsp_no_check", "copy_extensions", "ClientProvidesSerialNumbers"] {
        let _ = r.boolean(v, path, key);
    }
    for key in ["ct_log_servers", "allowed_extensions", "ignored_lint_sources"] {
        let _ = r.texts(v, path, key);
    }
    let _ = r.text(v, path, "cert_store");
    Some(p)
}

/// Reports a reference to a name that `section` does not define.
fn refers(r: &mut Reader, name: &str, defined: &[String], path: &str, section: &str, at: &Place) {
    if name.is_empty() || defined.iter().any(|d| d == name) {
        return;
    }
    let hint = did_you_mean(name, defined.iter().map(String::as_str))
        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
    r.problem(
        format!("`{path}` is `{name}`, which `{section}` does not define{hint}: cfssl refuses the configuration"),
        at,
    );
}

/// An RFC 3339 moment (`"2026-01-01T00:00:00Z"`), in seconds since the epoch.
fn date(r: &mut Reader, v: &Value, path: &str, key: &str) -> Option<(i64, Place)> {
    let (text, at) = r.text(v, path, key)?;
    let secs = text.parse::<toml::value::Datetime>().ok().and_then(|d| super::manifest::datetime_seconds(&d));
    match secs {
        // Go's zero time is no time.
        Some(_) if text.starts_with("0001-01-01") => None,
        Some(s) => Some((s, at)),
        None => {
            r.problem(
                format!("`{}` is `{text}`, not an RFC 3339 time (`2026-01-01T00:00:00Z`)", json::join(path, key)),
                &at,
            );
            None
        }
    }
}

/// `policies: [{"ID": "1.2.3", "Qualifiers": [{"Type": "id-qt-cps", "Value": "…"}]}]` as OIDs.
fn policies(r: &mut Reader, v: &Value, path: &str) -> Option<Node> {
    let list = v.get("policies")?;
    let list_path = json::join(path, "policies");
    let Json::Array(items) = &list.json else {
        r.wrong_type(list, &list_path, "a list of policies (`[{\"ID\": \"1.2.3\"}]`)");
        return None;
    };
    let mut oids = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{list_path}[{i}]");
        let Some(item) = r.object(item, &item_path) else { continue };
        r.known_keys(item, &item_path, POLICY_KEYS);
        match r.text(item, &item_path, "ID") {
            Some(oid) => oids.push(oid),
            None if item.get("ID").is_none() => r.problem(format!("`{item_path}` has no `ID`"), &item.at),
            None => {}
        }
        let Some(qualifiers) = item.get("Qualifiers") else { continue };
        let Json::Array(qs) = &qualifiers.json else {
            r.wrong_type(qualifiers, &format!("{item_path}.Qualifiers"), "a list");
            continue;
        };
        for (j, q) in qs.iter().enumerate() {
            let q_path = format!("{item_path}.Qualifiers[{j}]");
            let Some(q) = r.object(q, &q_path) else { continue };
            r.known_keys(q, &q_path, QUALIFIER_KEYS);
            if let Some((t, at)) = r.text(q, &q_path, "Type") {
                if !t.is_empty() && t != "id-qt-unotice" && t != "id-qt-cps" {
                    r.problem(
                        format!("`{q_path}.Type` is `{t}`; it is `id-qt-cps` or `id-qt-unotice`: cfssl refuses the configuration"),
                        &at,
                    );
                }
            }
            let _ = r.text(q, &q_path, "Value");
        }
    }
    Some(list_node(oids, &list.at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles(c: &CaConfig) -> Vec<&Record> {
        c.tree.records("profile")
    }

    fn read(text: &str) -> CaConfig {
        import("cfssl.json", text)
    }

    fn profile(c: &CaConfig, i: usize) -> &Record {
        let Some(Node::List(items, _)) = c.tree.get("profile") else { panic!("profiles: {c:?}") };
        let Node::Record(r) = &items[i] else { panic!("a record") };
        r
    }

    fn text_at(r: &Record, key: &str) -> (String, Option<(usize, usize)>) {
        match r.members.get(key) {
            Some(Node::Scalar(Scalar::Text(t), p)) => (t.clone(), p.place().map(|p| (p.line, p.column))),
            other => panic!("{key}: {other:?}"),
        }
    }

    #[test]
    fn profiles_map_onto_the_model_with_places() {
        let c = read(concat!(
            "{\"signing\": {\n",
            "  \"default\": {\"expiry\": \"168h\", \"crl_url\": \"http://crl.example/ca.crl\"},\n",
            "  \"profiles\": {\n",
            "    \"www\": {\"expiry\": \"1h30m\", \"usages\": [\"signing\", \"key encipherment\", \"server auth\"],\n",
            "            \"policies\": [{\"ID\": \"2.23.140.1.2.1\"}], \"backdate\": \"1h\", \"lint_error_level\": \"warn\"},\n",
            "    \"ca\": {\"expiry\": \"43800h\", \"usages\": [\"cert sign\", \"crl sign\"],\n",
            "           \"ca_constraint\": {\"is_ca\": true, \"max_path_len\": 0, \"max_path_len_zero\": true}},\n",
            "    \"ocsp\": {\"expiry\": \"0s\", \"usages\": [\"ocsp signing\"], \"not_before\": \"2026-01-01T00:00:00Z\"}\n",
            "  }\n",
            "}}\n",
        ));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert!(!c.broken);
        let d = profile(&c, 0);
        assert_eq!(text_at(d, "name"), ("default".to_owned(), Some((2, 3))));
        assert_eq!(text_at(d, "validity_default"), ("168h".to_owned(), Some((2, 25))));
        assert_eq!(text_at(d, "kind"), ("end-entity".to_owned(), None));
        assert_eq!(text_at(d, "backdate"), ("5m".to_owned(), None));
        let www = profile(&c, 1);
        assert_eq!(text_at(www, "validity_default"), ("90m".to_owned(), Some((4, 23))));
        assert_eq!(text_at(www, "backdate"), ("1h".to_owned(), Some((5, 65))));
        assert_eq!(www.texts("key_usages"), ["digitalSignature", "keyEncipherment"]);
        assert_eq!(www.texts("ekus"), ["serverAuth"]);
        assert_eq!(www.texts("policy_oids"), ["2.23.140.1.2.1"]);
        // Inherited from the default profile, where the default profile writes it.
        let Some(Node::List(crl, Provenance::Explicit(at))) = www.members.get("crl_urls") else { panic!() };
        assert_eq!((crl.len(), at.line), (1, 2));
        assert_eq!(
            www.members.get("lint"),
            Some(&Node::Scalar(
                Scalar::Bool(true),
                Provenance::Explicit(Place { file: "cfssl.json".into(), line: 5, column: 91 })
            ))
        );
        let ca = profile(&c, 2);
        assert_eq!(text_at(ca, "kind"), ("subordinate-ca".to_owned(), Some((7, 39))));
        assert!(matches!(ca.members.get("path_len"), Some(Node::Scalar(Scalar::Int(0), _))));
        assert_eq!(ca.texts("key_usages"), ["keyCertSign", "cRLSign"]);
        let ocsp = profile(&c, 3);
        assert_eq!(text_at(ocsp, "kind").0, "ocsp-responder");
        // An expiry of 0 takes the default profile's; a fixed notBefore is not backdated.
        assert_eq!(text_at(ocsp, "validity_default"), ("168h".to_owned(), Some((2, 25))));
        assert!(!ocsp.members.contains_key("backdate"));
        assert!(matches!(ocsp.members.get("not_before"), Some(Node::Scalar(Scalar::Date(1_767_225_600), _))));
    }

    #[test]
    fn without_a_default_profile_cfssl_s_default_config_applies() {
        let c = read("{\"signing\": {\"profiles\": {\"a\": {\"expiry\": \"1h\", \"usages\": [\"client auth\"]}}}}");
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let d = profile(&c, 0);
        assert_eq!(d.provenance, Provenance::Default("cfssl"));
        assert_eq!(text_at(d, "validity_default"), ("8760h".to_owned(), None));
        assert_eq!(d.texts("ekus"), ["serverAuth", "clientAuth"]);
        // The built-in default has no URLs to hand down, and its expiry only replaces a zero one.
        assert_eq!(text_at(profile(&c, 1), "validity_default"), ("1h".to_owned(), Some((1, 43))));
    }

    #[test]
    fn what_cfssl_refuses_is_a_problem_at_its_place() {
        let c = read(concat!(
            "{\"signing\": {\"profiles\": {\n",
            "  \"a\": {\"usages\": [\"server auth\", \"sever auth\"], \"expiri\": \"1h\"},\n",
            "  \"b\": {\"expiry\": 8760, \"usages\": [\"nope\"], \"remote\": \"r\"},\n",
            "  \"c\": {\"expiry\": \"1d\", \"usages\": [\"signing\"], \"lint_error_level\": 5, \"ca_constraint\": {\"is_ca\": \"yes\"}}\n",
            "}}, \"auth_key\": {}}\n",
        ));
        let got: Vec<(usize, usize, &str)> =
            c.problems.iter().map(|p| (p.at.line, p.at.column, p.message.as_str())).collect();
        let has = |line: usize, text: &str| got.iter().any(|(l, _, m)| *l == line && m.contains(text));
        assert!(has(5, "unknown key `auth_key`; did you mean `auth_keys`?"), "{got:?}");
        assert!(has(2, "unknown key `signing.profiles.a.expiri`; did you mean `expiry`?"), "{got:?}");
        assert!(has(2, "cfssl knows no usage `sever auth`; did you mean `server auth`?"), "{got:?}");
        assert!(has(2, "profile `a` has no `expiry`"), "{got:?}");
        assert!(has(3, "`signing.profiles.b.remote` is `r`, which `remotes` does not define"), "{got:?}");
        assert!(has(4, "`signing.profiles.c.expiry`: `1d` is not a Go duration: `d` is not a unit"), "{got:?}");
        assert!(has(4, "`signing.profiles.c.lint_error_level` is a zlint status name"), "{got:?}");
        assert!(has(4, "`signing.profiles.c.ca_constraint.is_ca` is true or false, not a string"), "{got:?}");
        assert!(!c.broken);
        // The remote profile is not this CA's; the others are read as far as they go.
        assert_eq!(profiles(&c).len(), 3);
    }

    /// Every prefix of a configuration, and every one with a byte changed, reads without a panic.
    #[test]
    fn cut_and_mangled_configurations_never_panic() {
        let text = "{\"signing\": {\"default\": {\"expiry\": \"1h30m\", \"usages\": [\"signing\", \"é\"], \"not_before\": \"2026-01-01T00:00:00Z\",\n \"ca_constraint\": {\"is_ca\": true, \"max_path_len\": -1}, \"policies\": [{\"ID\": \"1.2\", \"Qualifiers\": [{\"Type\": \"x\"}]}]},\n \"profiles\": {\"a\": {\"remote\": \"r\", \"auth_remote\": {\"remote\": 1}}, \"b\": {\"expiry\": \"0\", \"lint_error_level\": \"warm\"}}}, \"remotes\": {\"r\": \"x\"}}";
        assert!(super::super::cut_and_mangled(text, b'{', read) > 300);
    }

    #[test]
    fn broken_and_foreign_json() {
        let c = read("{\"signing\": {\"default\": {\"expiry\": \"1h\"\n");
        assert!(c.broken);
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
        assert_eq!(c.problems[0].at.line, 2);
        let csr = json::parse(
            &Arc::from("csr.json"),
            "{\"hosts\": [\"a\"], \"key\": {\"algo\": \"rsa\"}, \"ca\": {\"expiry\": \"5m\"}}",
        )
        .unwrap();
        assert!(!recognises(&csr));
        let c = read("[1, 2]");
        assert!(c.broken && c.problems[0].message.contains("a JSON object"), "{:?}", c.problems);
        let c = read("{\"signing\": [1]}");
        assert!(c.broken && c.problems.len() == 2, "{:?}", c.problems);
    }
}
