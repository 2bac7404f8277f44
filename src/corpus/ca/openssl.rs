//! OpenSSL configuration files (`openssl.cnf`, config(5)): sections of
//! `name = value` lines, `$var` / `${section::var}` expansion and `.include`,
//! with the file, line and column of every value kept for findings.
//!
//! This is the syntax layer only: it says what the file sets, where, and
//! what it could not read. Mapping the `[ca]` section onto cpslint's CA model
//! is the importer's job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a value is written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The file, as named (an included file by its path).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the value's first character.
    pub column: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One `name = value` line, its value expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The value with variables expanded, quotes and escapes resolved.
    pub value: String,
    /// Where the value is written.
    pub at: Place,
}

/// A problem in a configuration file; the rest of the file is still read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub at: Place,
}

/// A parsed configuration: sections by name, in each the last value of each name.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Sections; the lines before any `[section]` are in `default`.
    pub sections: BTreeMap<String, BTreeMap<String, Entry>>,
    /// Problems found, in file order.
    pub problems: Vec<Problem>,
}

impl Config {
    /// The value of `name` in `section`.
    pub fn get(&self, section: &str, name: &str) -> Option<&Entry> {
        self.sections.get(section).and_then(|s| s.get(name))
    }
}

/// The deepest chain of `.include`s followed.
const MAX_INCLUDE_DEPTH: usize = 16;

/// The longest value after expansion: a guard against doubling variables (`a = $b$b`).
const MAX_VALUE_LEN: usize = 64 << 10;

/// Parses a configuration file; `read` gives the text of an included file.
///
/// `.include` paths are resolved against the including file's directory and
/// must stay inside `root` (a configuration from a pull request must not read
/// the machine's files); a directory includes its `*.cnf` and `*.conf` files.
pub fn parse(
    name: &str,
    text: &str,
    root: &Path,
    read: &dyn Fn(&Path) -> Result<String, String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Config {
    let mut p = Parser { config: Config::default(), read, env, root: root.to_path_buf(), stack: Vec::new() };
    p.file(name, Path::new(name), text);
    p.config
}

struct Parser<'a> {
    config: Config,
    read: &'a dyn Fn(&Path) -> Result<String, String>,
    env: &'a dyn Fn(&str) -> Option<String>,
    root: PathBuf,
    /// Files being read, for loops.
    stack: Vec<PathBuf>,
}

impl Parser<'_> {
    fn problem(&mut self, message: String, at: Place) {
        self.config.problems.push(Problem { message, at });
    }

    fn file(&mut self, name: &str, path: &Path, text: &str) {
        let file: Arc<str> = Arc::from(name);
        self.stack.push(path.to_path_buf());
        let mut section = "default".to_owned();
        let mut lines = text.split('\n').enumerate().peekable();
        while let Some((index, raw)) = lines.next() {
            let number = index + 1;
            // A backslash at the end of a line continues it on the next.
            let mut line = raw.strip_suffix('\r').unwrap_or(raw).to_owned();
            while line.ends_with('\\') && !line.ends_with("\\\\") {
                line.pop();
                match lines.next() {
                    Some((_, next)) => line.push_str(next.strip_suffix('\r').unwrap_or(next)),
                    None => break,
                }
            }
            let at = |column: usize| Place { file: file.clone(), line: number, column };
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix('[') {
                match rest.split_once(']') {
                    Some((name, _)) if !name.trim().is_empty() => section = name.trim().to_owned(),
                    _ => self.problem("a section header without a name or a closing `]`".to_owned(), at(indent + 1)),
                }
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix(".include") {
                let target = rest.trim_start().strip_prefix('=').unwrap_or(rest).trim();
                let target = strip_comment(target).trim().to_owned();
                self.include(path, &target, at(indent + 1));
                continue;
            }
            if trimmed.starts_with(".pragma") {
                continue;
            }
            let Some((key, value)) = trimmed.split_once('=') else {
                self.problem(format!("expected `name = value`, found `{}`", shorten(trimmed)), at(indent + 1));
                continue;
            };
            let key = key.trim();
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || "._,;:-".contains(c)) {
                self.problem(format!("`{}` is not a valid name", shorten(key)), at(indent + 1));
                continue;
            }
            let value_start = indent + trimmed.find('=').map_or(0, |i| i + 1);
            let lead = line[value_start..].len() - line[value_start..].trim_start().len();
            let value_at = at(value_start + lead + 1);
            let unquoted = match unescape(value) {
                Ok(v) => v,
                Err(why) => {
                    self.problem(why, value_at.clone());
                    continue;
                }
            };
            let value = match self.expand(&unquoted, &section, &value_at) {
                Ok(v) => v,
                Err(why) => {
                    self.problem(why, value_at.clone());
                    continue;
                }
            };
            // `section::name = value` sets a name in another section.
            let (target_section, key) = match key.split_once("::") {
                Some((s, k)) => (s.to_owned(), k),
                None => (section.clone(), key),
            };
            self.config
                .sections
                .entry(target_section)
                .or_default()
                .insert(key.to_owned(), Entry { value, at: value_at });
        }
        self.stack.pop();
    }

    fn include(&mut self, from: &Path, target: &str, at: Place) {
        if target.is_empty() {
            return self.problem("`.include` names no file".to_owned(), at);
        }
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            return self.problem(format!("`.include` is nested more than {MAX_INCLUDE_DEPTH} deep"), at);
        }
        let base = from.parent().map(Path::to_path_buf).unwrap_or_default();
        let path = base.join(target);
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| crate::fsio::lexical(&path));
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| crate::fsio::lexical(&self.root));
        if !real.starts_with(&root) {
            return self.problem(
                format!("`.include {target}` leaves the configuration's directory `{}`; not read", self.root.display()),
                at,
            );
        }
        if self.stack.iter().any(|p| std::fs::canonicalize(p).unwrap_or_else(|_| crate::fsio::lexical(p)) == real) {
            return self
                .problem(format!("`.include {target}` includes a file that is already being read (a loop)"), at);
        }
        if real.is_dir() {
            let mut files: Vec<PathBuf> =
                std::fs::read_dir(&real).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
            files.retain(|p| p.extension().is_some_and(|x| x == "cnf" || x == "conf"));
            files.sort();
            for f in files {
                self.read_included(&f, at.clone());
            }
            return;
        }
        self.read_included(&path, at);
    }

    fn read_included(&mut self, path: &Path, at: Place) {
        match (self.read)(path) {
            Ok(text) => {
                let name = crate::fsio::lexical(path).display().to_string();
                self.file(&name, path, &text);
            }
            Err(why) => self.problem(format!("cannot read `.include {}`: {why}", path.display()), at),
        }
    }

    /// Expands `$name`, `${name}`, `$section::name`, `${section::name}` and `$ENV::NAME`.
    fn expand(&self, value: &str, section: &str, at: &Place) -> Result<String, String> {
        if !value.contains('$') {
            return Ok(value.replace('\u{0}', "$"));
        }
        let mut out = String::new();
        let mut rest = value;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let (reference, tail) = if let Some(braced) = after.strip_prefix('{') {
                match braced.split_once('}') {
                    Some((r, t)) => (r, t),
                    None => return Err("`${` without a closing `}`".to_owned()),
                }
            } else {
                // `$name` or `$section::name`: word characters, and one `::`.
                let word = |t: &str| t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(t.len());
                let mut end = word(after);
                if after[end..].starts_with("::") {
                    end += 2 + word(&after[end + 2..]);
                }
                (&after[..end], &after[end..])
            };
            if reference.is_empty() {
                return Err("`$` not followed by a variable name (write `\\$` for a dollar sign)".to_owned());
            }
            let (sect, name) = reference.split_once("::").unwrap_or((section, reference));
            // As OpenSSL does: the environment first for `ENV::`, then the section, then the default one.
            let env = if sect == "ENV" { (self.env)(name) } else { None };
            let found = env.or_else(|| {
                self.config.get(sect, name).or_else(|| self.config.get("default", name)).map(|e| e.value.clone())
            });
            match found {
                Some(v) => out.push_str(&v),
                None => {
                    return Err(format!(
                        "variable `{reference}` has no value here (a variable must be set above its use, in this section or the default one)"
                    ));
                }
            }
            if out.len() > MAX_VALUE_LEN {
                return Err(format!(
                    "the value grows beyond {} KiB when its variables are expanded",
                    MAX_VALUE_LEN >> 10
                ));
            }
            rest = tail;
        }
        out.push_str(rest);
        let _ = at;
        Ok(out.replace('\u{0}', "$"))
    }
}

/// Removes a `#` comment that is not inside quotes.
fn strip_comment(text: &str) -> &str {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match (c, quote) {
            _ if escaped => escaped = false,
            ('\\', _) => escaped = true,
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('#', None) => return &text[..i],
            _ => {}
        }
    }
    text
}

/// The value as OpenSSL reads it: comment removed, whitespace trimmed,
/// quotes and backslash escapes resolved.
fn unescape(raw: &str) -> Result<String, String> {
    let text = strip_comment(raw).trim();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (c, quote) {
            ('\\', _) => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('b') => out.push('\u{8}'),
                Some(other) => {
                    // `\$` stays escaped for the expansion step to leave alone.
                    if other == '$' {
                        out.push('\u{0}');
                    } else {
                        out.push(other);
                    }
                }
                None => {}
            },
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            (c, _) => out.push(c),
        }
    }
    if quote.is_some() {
        return Err("a quoted value without its closing quote".to_owned());
    }
    Ok(out)
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Config {
        parse("t.cnf", text, Path::new("."), &|_| Err("no includes here".to_owned()), &|n| {
            (n == "HOME").then(|| "/home/ca".to_owned())
        })
    }

    #[test]
    fn sections_values_and_places() {
        let c = parse_text(
            "HOME = .\n[ ca ]\ndefault_ca = CA_default # the default\n\n[CA_default]\n  dir = ./demoCA\ncerts = $dir/certs\ncrl = ${dir}/crl.pem\nmd = \"sha 256\" # quoted\nnew = ${ca::default_ca}/x\nhome = $ENV::HOME\n",
        );
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.get("ca", "default_ca").unwrap().value, "CA_default");
        let certs = c.get("CA_default", "certs").unwrap();
        assert_eq!((certs.value.as_str(), certs.at.line, certs.at.column), ("./demoCA/certs", 7, 9));
        assert_eq!(c.get("CA_default", "crl").unwrap().value, "./demoCA/crl.pem");
        assert_eq!(c.get("CA_default", "md").unwrap().value, "sha 256");
        assert_eq!(c.get("CA_default", "new").unwrap().value, "CA_default/x");
        assert_eq!(c.get("CA_default", "home").unwrap().value, "/home/ca");
        assert_eq!(c.get("CA_default", "dir").unwrap().at.column, 9);
    }

    #[test]
    fn problems_are_reported_and_the_rest_is_read() {
        let c = parse_text("[ca]\nx = $nothing\n[broken\ny = 2\n.include /etc/passwd\njunk line\nz = \"open\n");
        let got: Vec<(usize, &str)> = c.problems.iter().map(|p| (p.at.line, p.message.as_str())).collect();
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[0].1.starts_with("variable `nothing` has no value"));
        assert!(got[1].1.starts_with("a section header"));
        assert!(got[2].1.contains("leaves the configuration's directory"));
        assert!(got[3].1.starts_with("expected `name = value`"));
        assert!(got[4].1.contains("closing quote"));
        assert_eq!(c.get("ca", "y").unwrap().value, "2");
    }

    #[test]
    fn only_configurations_look_like_configurations() {
        assert!(looks_like_ca_config("[ ca ]\ndefault_ca = X # the CA\n[ X ]\ndir = . \\\n  more\n"));
        assert!(!looks_like_ca_config("import os\nconf = \"\"\"\n[ ca ]\ndefault_ca = X\n\"\"\"\n"));
        assert!(!looks_like_ca_config("[ req ]\ndefault_bits = 2048\n"));
    }

    #[test]
    fn doubling_variables_are_bounded() {
        let mut text = String::from("a0 = xxxxxxxx\n");
        for i in 1..40 {
            text.push_str(&format!("a{i} = $a{0}$a{0}\n", i - 1));
        }
        let c = parse_text(&text);
        assert!(c.problems.iter().any(|p| p.message.contains("grows beyond")));
    }

    #[test]
    fn an_include_loop_is_one_problem() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.cnf"), ".include b.cnf\nx = 1\n").unwrap();
        std::fs::write(dir.path().join("b.cnf"), ".include a.cnf\ny = 2\n").unwrap();
        let a = dir.path().join("a.cnf");
        let text = std::fs::read_to_string(&a).unwrap();
        let c = parse(
            &a.display().to_string(),
            &text,
            dir.path(),
            &|p| std::fs::read_to_string(p).map_err(|e| e.to_string()),
            &|_| None,
        );
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
        assert!(c.problems[0].message.contains("a loop"));
        assert_eq!(c.get("default", "y").unwrap().value, "2");
    }
}

#[cfg(test)]
mod shared_samples {
    use super::*;

    /// Every OpenSSL sample of the shared CA configurations parses without a problem.
    #[test]
    fn shared_openssl_samples_parse() {
        let dir = std::env::var_os("CPSLINT_SHARED")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"), PathBuf::from)
            .join("ca-configs/openssl");
        let Ok(entries) = std::fs::read_dir(&dir) else { return };
        let mut seen = 0;
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "cnf") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let c = parse(
                &path.display().to_string(),
                &text,
                &dir,
                &|p| std::fs::read_to_string(p).map_err(|e| e.to_string()),
                &|_| None,
            );
            assert!(c.problems.is_empty(), "{}: {:?}", path.display(), c.problems);
            seen += 1;
        }
        assert!(seen >= 3);
        let text = std::fs::read_to_string(dir.join("upstream_test_CAss.cnf")).unwrap();
        let c = parse("CAss.cnf", &text, &dir, &|_| Err(String::new()), &|_| None);
        let md = c.get("CA_default", "default_md").unwrap();
        assert_eq!((md.value.as_str(), md.at.line), ("md5", 52));
        assert_eq!(c.get("CA_default", "certs").unwrap().value, "./demoCA/certs");
    }
}

/// Whether a text is an OpenSSL configuration that defines a CA: it has a
/// `[ ca ]` section or names a `default_ca`.
///
/// Every other line must read as configuration too (a section header, a
/// `name = value`, a directive or a continuation), so a script that merely
/// contains such a line is not taken for one.
pub fn looks_like_ca_config(text: &str) -> bool {
    let mut defines_ca = false;
    let mut continued = false;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        let was_continued = std::mem::replace(&mut continued, line.ends_with('\\'));
        if line.is_empty() || was_continued {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some((name, _)) = rest.split_once(']') else { return false };
            defines_ca |= name.trim() == "ca";
            continue;
        }
        if line.starts_with(".include") || line.starts_with(".pragma") {
            continue;
        }
        let Some((key, _)) = line.split_once('=') else { return false };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || "._,;:-".contains(c)) {
            return false;
        }
        defines_ca |= key == "default_ca";
    }
    defines_ca
}

/// Reads an OpenSSL configuration's CA (`[ca] default_ca`) into the CA model.
///
/// `root` bounds `.include`. The environment is never read: `$ENV::NAME`
/// takes the file's own value of `NAME`, so a configuration from a pull
/// request cannot copy a CI secret into a finding.
pub fn import(file: &str, text: &str, root: &Path, read: &dyn Fn(&Path) -> Result<String, String>) -> super::CaConfig {
    use super::tree::{Format, Node, Provenance, Record, Scalar};
    let config = parse(file, text, root, read, &|_| None);
    let name: Arc<str> = Arc::from(file);
    let start = Place { file: name.clone(), line: 1, column: 1 };
    let mut tree = Record::new(Provenance::Explicit(start.clone()));
    let mut problems: Vec<super::Problem> =
        config.problems.iter().map(|p| super::Problem { message: p.message.clone(), at: p.at.clone() }).collect();
    let text_node = |e: &Entry, v: String| Node::Scalar(Scalar::Text(v), Provenance::Explicit(e.at.clone()));
    let Some(ca) = config.get("ca", "default_ca").or_else(|| config.get("default", "default_ca")) else {
        problems.push(super::Problem {
            message: "no `default_ca` in `[ ca ]`: the file names no CA section".to_owned(),
            at: start,
        });
        return super::CaConfig::new(name, Format::Openssl, tree, problems, true);
    };
    let section = ca.value.clone();
    if !config.sections.contains_key(&section) {
        problems.push(super::Problem {
            message: format!("`default_ca = {section}`, but there is no `[ {section} ]` section"),
            at: ca.at.clone(),
        });
    }
    let get = |key: &str| config.get(&section, key);
    let mut profile = Record::new(Provenance::Explicit(ca.at.clone()));
    profile.members.insert("name".to_owned(), text_node(ca, section.clone()));
    if let Some(days) = get("default_days") {
        match days.value.trim().parse::<i64>() {
            Ok(d) => {
                profile.members.insert("validity_default".to_owned(), text_node(days, format!("{d}d")));
            }
            Err(_) => problems.push(super::Problem {
                message: format!("`default_days = {}` is not a number of days", days.value),
                at: days.at.clone(),
            }),
        }
    }
    if let Some(md) = get("default_md") {
        // `default` is the key's default digest, SHA-256 for RSA and EC keys.
        let digest = if md.value == "default" { "sha256".to_owned() } else { md.value.to_ascii_lowercase() };
        tree.members.insert(
            "signature_algorithms".to_owned(),
            Node::List(vec![text_node(md, digest)], Provenance::Explicit(md.at.clone())),
        );
    }
    let crl_days = get("default_crl_days");
    let crl_hours = get("default_crl_hours");
    if let Some(first) = crl_days.or(crl_hours) {
        let number = |e: Option<&Entry>| e.map_or(Ok(0), |e| e.value.trim().parse::<i64>().map_err(|_| e.clone()));
        match (number(crl_days), number(crl_hours)) {
            (Ok(d), Ok(h)) => {
                tree.set("revocation.crl_next_update", text_node(first, format!("{}h", d * 24 + h)));
            }
            (Err(e), _) | (_, Err(e)) => {
                problems.push(super::Problem { message: format!("`{}` is not a number", e.value), at: e.at })
            }
        }
    }
    if let Some(cert) = get("certificate") {
        tree.members.insert("certificate".to_owned(), text_node(cert, cert.value.clone()));
    }
    if let Some(key) = get("private_key") {
        // A PKCS#11 URI or an engine/provider key is in a hardware module; a file is software.
        let storage =
            if key.value.starts_with("pkcs11:") || key.value.contains("engine:") { "hsm" } else { "software" };
        tree.set("key.storage", text_node(key, storage.to_owned()));
    }
    if let Some(ext) = get("x509_extensions") {
        extensions(&config, ext, &mut profile, &mut problems);
    }
    tree.members
        .insert("profile".to_owned(), Node::List(vec![Node::Record(profile)], Provenance::Explicit(ca.at.clone())));
    super::CaConfig::new(name, Format::Openssl, tree, problems, false)
}

/// An `x509_extensions` section's basicConstraints, keyUsage, extendedKeyUsage,
/// certificatePolicies, crlDistributionPoints and authorityInfoAccess, onto a profile.
fn extensions(config: &Config, ext: &Entry, profile: &mut super::Record, problems: &mut Vec<super::Problem>) {
    use super::tree::{Node, Provenance, Scalar};
    let Some(section) = config.sections.get(&ext.value) else {
        problems.push(super::Problem {
            message: format!("`x509_extensions = {}`, but there is no such section", ext.value),
            at: ext.at.clone(),
        });
        return;
    };
    let list = |e: &Entry, items: Vec<String>| {
        Node::List(
            items.into_iter().map(|v| Node::Scalar(Scalar::Text(v), Provenance::Explicit(e.at.clone()))).collect(),
            Provenance::Explicit(e.at.clone()),
        )
    };
    let parts = |e: &Entry| -> Vec<String> {
        e.value.split(',').map(str::trim).filter(|p| !p.is_empty() && *p != "critical").map(str::to_owned).collect()
    };
    if let Some(bc) = section.get("basicConstraints") {
        let ca = parts(bc).iter().any(|p| p.eq_ignore_ascii_case("CA:true"));
        let kind = if ca { "subordinate-ca" } else { "end-entity" };
        profile.members.insert(
            "kind".to_owned(),
            Node::Scalar(Scalar::Text(kind.to_owned()), Provenance::Explicit(bc.at.clone())),
        );
        if let Some(n) =
            parts(bc).iter().find_map(|p| p.strip_prefix("pathlen:").and_then(|n| n.trim().parse::<i64>().ok()))
        {
            profile
                .members
                .insert("path_len".to_owned(), Node::Scalar(Scalar::Int(n), Provenance::Explicit(bc.at.clone())));
        }
    }
    if let Some(ku) = section.get("keyUsage") {
        profile.members.insert("key_usages".to_owned(), list(ku, parts(ku)));
    }
    if let Some(eku) = section.get("extendedKeyUsage") {
        profile.members.insert("ekus".to_owned(), list(eku, parts(eku)));
    }
    if let Some(cp) = section.get("certificatePolicies") {
        let mut oids = Vec::new();
        for p in parts(cp) {
            match p.strip_prefix('@') {
                // `@polsect`: a section whose `policyIdentifier` is the OID.
                Some(name) => {
                    if let Some(id) = config.get(name, "policyIdentifier") {
                        oids.push(id.value.clone());
                    }
                }
                None if p.starts_with("ia5org") => {}
                None => oids.push(p),
            }
        }
        profile.members.insert("policy_oids".to_owned(), list(cp, oids));
    }
    if let Some(dp) = section.get("crlDistributionPoints") {
        let urls = parts(dp).into_iter().filter_map(|p| p.strip_prefix("URI:").map(str::to_owned)).collect();
        profile.members.insert("crl_urls".to_owned(), list(dp, urls));
    }
    if let Some(aia) = section.get("authorityInfoAccess") {
        // Only the OCSP entries: an authorityInfoAccess of caIssuers alone says nothing of OCSP.
        let urls: Vec<String> =
            parts(aia).into_iter().filter_map(|p| p.strip_prefix("OCSP;URI:").map(str::to_owned)).collect();
        if !urls.is_empty() {
            profile.members.insert("ocsp_urls".to_owned(), list(aia, urls));
        }
    }
}
