//! Boulder's key-ceremony configuration (`cmd/ceremony` of Let's Encrypt's
//! Boulder): a YAML file whose `ceremony-type` says what the ceremony does,
//! read into the CA model with the line and column of every value.
//!
//! Two layers: a bounded YAML reader over `saphyr-parser`'s events (at most
//! [`MAX_DEPTH`] levels of nesting and [`MAX_NODES`] values, aliases
//! included; the first document only), and the mapping of each ceremony
//! type's keys onto the manifest's. The ceremony tool refuses unknown keys,
//! so an unknown key is a problem here too, with the nearest known one; a
//! value of the wrong type, a word the tool does not know and a required key
//! that is missing are problems at their place, and the rest is still read.
//! The HSM PIN is never copied into the model.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};

use super::tree::{CaConfig, Format, Node, Place, Problem, Provenance, Record, Scalar};
use crate::diagnostic::did_you_mean;

/// Boulder's ceremony types, as `ceremony-type` names them.
pub const KINDS: &[&str] = &["root", "intermediate", "cross-certificate", "cross-csr", "key", "crl"];

/// The deepest nesting of lists and mappings read.
pub const MAX_DEPTH: usize = 128;

/// The most values a file may hold once its aliases are expanded.
pub const MAX_NODES: usize = 100_000;

/// The software whose defaults apply when a ceremony file says nothing.
const TOOL: &str = "boulder ceremony";

// ----- YAML, bounded, with places -----

/// A YAML node and where it starts.
#[derive(Clone, Debug)]
struct Yaml {
    value: Value,
    at: Place,
}

#[derive(Clone, Debug)]
enum Value {
    /// A scalar as written; `plain` when unquoted and untagged, so that the
    /// core schema's nulls and integers apply to it.
    Scalar {
        text: String,
        plain: bool,
    },
    List(Vec<Yaml>),
    /// Entries in file order: key, where the key is written, value.
    Map(Vec<(String, Place, Yaml)>),
    /// A Go template placeholder (`{{ .SlotID }}`) where a value belongs,
    /// which YAML reads as a flow mapping.
    Template(String),
}

impl Yaml {
    fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    fn field(&self, name: &str) -> Option<&Yaml> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _, _)| k == name).map(|(_, _, v)| v),
            _ => None,
        }
    }
}

/// A YAML file read: its first document (what could be read of it), and its problems.
struct Parsed {
    root: Option<Yaml>,
    problems: Vec<Problem>,
    /// Whether the document was read to its end (no syntax error, no bound reached).
    complete: bool,
}

enum Frame {
    List {
        items: Vec<Yaml>,
        at: Place,
        anchor: usize,
        size: usize,
    },
    Map {
        entries: Vec<(String, Place, Yaml)>,
        key: Option<Yaml>,
        at: Place,
        anchor: usize,
        size: usize,
    },
    /// Inside a template placeholder: the nesting still open, and its text.
    Template {
        open: usize,
        text: String,
        at: Place,
        anchor: usize,
    },
}

struct Builder<'t> {
    file: Arc<str>,
    lines: Vec<&'t str>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Yaml, usize)>,
    nodes: usize,
    root: Option<Yaml>,
    problems: Vec<Problem>,
}

impl Builder<'_> {
    fn place(&self, m: &Marker) -> Place {
        // The parser may place the end of a text without a last newline on the line after it.
        let last = self.lines.len().max(1);
        if m.line() > last {
            let column = self.lines.last().map_or(0, |l| l.chars().count()) + 1;
            return Place { file: self.file.clone(), line: last, column };
        }
        Place { file: self.file.clone(), line: m.line().max(1), column: m.col() + 1 }
    }

    fn problem(&mut self, message: String, at: Place) {
        self.problems.push(Problem { message, at });
    }

    /// The placeholder written at `at`, when the text there is `{{ … }}` on one line.
    fn template_at(&self, at: &Place) -> Option<String> {
        let line = self.lines.get(at.line.checked_sub(1)?)?;
        let start = line.char_indices().nth(at.column.checked_sub(1)?).map(|(i, _)| i)?;
        let rest = &line[start..];
        let inner = rest.strip_prefix("{{")?;
        let end = inner.find("}}")?;
        Some(format!("{{{{{}}}}}", &inner[..end]))
    }

    /// Counts `n` more values; false (with a problem) past the budget.
    fn count(&mut self, n: usize, at: &Place) -> bool {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            self.problem(
                format!("the YAML holds more than {MAX_NODES} values once its aliases are expanded; not read further"),
                at.clone(),
            );
            return false;
        }
        true
    }

    /// Adds a finished node to the open list or mapping, or makes it the document.
    fn push(&mut self, node: Yaml, size: usize, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::List { items, size: total, .. }) => {
                items.push(node);
                *total += size;
            }
            Some(Frame::Map { entries, key, size: total, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    *total += size;
                    match k.value {
                        Value::Scalar { text, .. } => entries.push((text, k.at, node)),
                        _ => {
                            let at = k.at.clone();
                            self.problem("a mapping key that is not plain text; the entry is not read".to_owned(), at);
                        }
                    }
                }
            },
            // Nothing is pushed inside a placeholder: its events are skipped.
            Some(Frame::Template { .. }) => {}
        }
    }

    /// Closes the innermost open list or mapping.
    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        let (node, size, anchor) = match frame {
            Frame::List { items, at, anchor, size } => (Yaml { value: Value::List(items), at }, size, anchor),
            Frame::Map { entries, at, anchor, size, .. } => (Yaml { value: Value::Map(entries), at }, size, anchor),
            Frame::Template { text, at, anchor, .. } => (Yaml { value: Value::Template(text), at }, 1, anchor),
        };
        self.push(node, size, anchor);
    }

    /// Reads a tag: the core schema's `!!str` makes text of a plain scalar; others are reported and ignored.
    fn tag(&mut self, tag: Option<&Tag>, at: &Place) -> Option<bool> {
        let tag = tag?;
        if tag.is_yaml_core_schema() {
            match tag.suffix.as_str() {
                "str" => return Some(false),
                "int" | "bool" | "null" | "float" | "seq" | "map" => return Some(true),
                _ => {}
            }
        }
        self.problem(format!("the YAML tag `{tag}` is ignored: the ceremony tool reads plain values"), at.clone());
        None
    }

    /// Opens a list or mapping, unless it is too deep; false when it is.
    fn open(&mut self, frame: Frame, at: &Place) -> bool {
        if self.stack.len() >= MAX_DEPTH {
            self.problem(
                format!("lists and mappings are nested more than {MAX_DEPTH} deep; not read further"),
                at.clone(),
            );
            return false;
        }
        if !self.count(1, at) {
            return false;
        }
        self.stack.push(frame);
        true
    }

    /// One event; false when reading stops.
    fn event(&mut self, event: Event<'_>, at: Place, documents: &mut usize) -> bool {
        if let Some(Frame::Template { open, .. }) = self.stack.last_mut() {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => *open += 1,
                Event::MappingEnd | Event::SequenceEnd => *open -= 1,
                _ => {}
            }
            if matches!(self.stack.last(), Some(Frame::Template { open: 0, .. })) {
                self.close();
            }
            return true;
        }
        match event {
            Event::DocumentStart(_) => {
                *documents += 1;
                if *documents > 1 {
                    self.problem(
                        "a second YAML document; only the first is read, as the ceremony tool does".to_owned(),
                        at,
                    );
                    return false;
                }
            }
            Event::StreamEnd => return false,
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain && self.tag(tag.as_deref(), &at).unwrap_or(true);
                if !self.count(1, &at) {
                    return false;
                }
                self.push(Yaml { value: Value::Scalar { text: text.into_owned(), plain }, at }, 1, anchor);
            }
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some((node, size)) => {
                    if !self.count(size, &at) {
                        return false;
                    }
                    self.push(node, size, 0);
                }
                None => self.problem("an alias to no anchor".to_owned(), at),
            },
            Event::SequenceStart(anchor, tag) => {
                self.tag(tag.as_deref(), &at);
                let frame = Frame::List { items: Vec::new(), at: at.clone(), anchor, size: 1 };
                return self.open(frame, &at);
            }
            Event::MappingStart(anchor, tag) => {
                self.tag(tag.as_deref(), &at);
                // `{{ .Name }}` is a Go template's placeholder, not a mapping.
                let frame = match self.template_at(&at) {
                    Some(text) => Frame::Template { open: 1, text, at: at.clone(), anchor },
                    None => Frame::Map { entries: Vec::new(), key: None, at: at.clone(), anchor, size: 1 },
                };
                return self.open(frame, &at);
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
        true
    }
}

/// Reads the first YAML document of `text`, within the bounds.
fn parse_yaml(file: &Arc<str>, text: &str) -> Parsed {
    let mut b = Builder {
        file: file.clone(),
        lines: text.split('\n').collect(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        problems: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    let mut complete = false;
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                let at = b.place(&span.start);
                let end = matches!(event, Event::StreamEnd | Event::DocumentStart(_)) && documents >= 1;
                if !b.event(event, at, &mut documents) {
                    complete = end;
                    break;
                }
            }
            Err(e) => {
                let at = b.place(e.marker());
                b.problem(format!("not valid YAML: {}", e.info()), at);
                break;
            }
        }
    }
    // What was read before a stop is kept: open lists and mappings are closed.
    while !b.stack.is_empty() {
        b.close();
    }
    Parsed { root: b.root, problems: b.problems, complete }
}

// ----- each ceremony type's keys, as the ceremony tool's configuration structures declare them -----

/// The type a key's value has.
#[derive(Clone, Copy)]
enum Ty {
    Text,
    Int,
    Texts,
    Map(&'static [(&'static str, Ty)]),
    Maps(&'static [(&'static str, Ty)]),
}

const KEYGEN_PKCS11: Ty = Ty::Map(&[
    ("module", Ty::Text),
    ("pin", Ty::Text),
    ("store-key-in-slot", Ty::Int),
    ("store-key-with-label", Ty::Text),
]);
const SIGNING_PKCS11: Ty =
    Ty::Map(&[("module", Ty::Text), ("pin", Ty::Text), ("signing-key-slot", Ty::Int), ("signing-key-label", Ty::Text)]);
const KEY: Ty = Ty::Map(&[("type", Ty::Text), ("rsa-mod-length", Ty::Int), ("ecdsa-curve", Ty::Text)]);
const PROFILE: Ty = Ty::Map(&[
    ("policy-url", Ty::Text),
    ("signature-algorithm", Ty::Text),
    ("common-name", Ty::Text),
    ("organization", Ty::Text),
    ("country", Ty::Text),
    ("not-before", Ty::Text),
    ("not-after", Ty::Text),
    ("crl-url", Ty::Text),
    ("issuer-url", Ty::Text),
    ("policies", Ty::Maps(&[("oid", Ty::Text)])),
    ("key-usages", Ty::Texts),
    ("ekus", Ty::Text),
]);
const CRL_PROFILE: Ty = Ty::Map(&[
    ("this-update", Ty::Text),
    ("next-update", Ty::Text),
    ("number", Ty::Int),
    (
        "revoked-certificates",
        Ty::Maps(&[("certificate-path", Ty::Text), ("revocation-date", Ty::Text), ("revocation-reason", Ty::Text)]),
    ),
]);

/// The top-level keys of a ceremony type.
fn schema(kind: &str) -> &'static [(&'static str, Ty)] {
    match kind {
        "root" => &[
            ("ceremony-type", Ty::Text),
            ("pkcs11", KEYGEN_PKCS11),
            ("key", KEY),
            ("outputs", Ty::Map(&[("public-key-path", Ty::Text), ("certificate-path", Ty::Text)])),
            ("certificate-profile", PROFILE),
            ("skip-lints", Ty::Texts),
        ],
        "intermediate" => &[
            ("ceremony-type", Ty::Text),
            ("pkcs11", SIGNING_PKCS11),
            ("inputs", Ty::Map(&[("public-key-path", Ty::Text), ("issuer-certificate-path", Ty::Text)])),
            ("outputs", Ty::Map(&[("certificate-path", Ty::Text)])),
            ("certificate-profile", PROFILE),
            ("skip-lints", Ty::Texts),
        ],
        "cross-certificate" => &[
            ("ceremony-type", Ty::Text),
            ("pkcs11", SIGNING_PKCS11),
            (
                "inputs",
                Ty::Map(&[
                    ("public-key-path", Ty::Text),
                    ("issuer-certificate-path", Ty::Text),
                    ("certificate-to-cross-sign-path", Ty::Text),
                ]),
            ),
            ("outputs", Ty::Map(&[("certificate-path", Ty::Text)])),
            ("certificate-profile", PROFILE),
            ("skip-lints", Ty::Texts),
        ],
        "cross-csr" => &[
            ("ceremony-type", Ty::Text),
            ("pkcs11", SIGNING_PKCS11),
            ("inputs", Ty::Map(&[("public-key-path", Ty::Text)])),
            ("outputs", Ty::Map(&[("csr-path", Ty::Text)])),
            ("certificate-profile", PROFILE),
        ],
        "key" => &[
            ("ceremony-type", Ty::Text),
            ("pkcs11", KEYGEN_PKCS11),
            ("key", KEY),
            ("outputs", Ty::Map(&[("public-key-path", Ty::Text), ("pkcs11-config-path", Ty::Text)])),
        ],
        _ => &[
            ("ceremony-type", Ty::Text),
            ("pkcs11", SIGNING_PKCS11),
            ("inputs", Ty::Map(&[("issuer-certificate-path", Ty::Text)])),
            ("outputs", Ty::Map(&[("crl-path", Ty::Text)])),
            ("crl-profile", CRL_PROFILE),
            ("skip-lints", Ty::Texts),
        ],
    }
}

/// Keys the ceremony tool requires of a ceremony type (its `validate` methods).
fn required(kind: &str) -> &'static [&'static str] {
    const SIGNING: [&str; 2] = ["pkcs11.module", "pkcs11.signing-key-label"];
    const CERT: [&str; 8] = [
        "certificate-profile.policy-url",
        "certificate-profile.signature-algorithm",
        "certificate-profile.common-name",
        "certificate-profile.organization",
        "certificate-profile.country",
        "certificate-profile.not-before",
        "certificate-profile.not-after",
        "certificate-profile.key-usages",
    ];
    match kind {
        "root" => &[
            "pkcs11.module",
            "pkcs11.store-key-with-label",
            "key.type",
            "outputs.public-key-path",
            "outputs.certificate-path",
            CERT[0],
            CERT[1],
            CERT[2],
            CERT[3],
            CERT[4],
            CERT[5],
            CERT[6],
            CERT[7],
        ],
        "intermediate" => &[
            SIGNING[0],
            SIGNING[1],
            "inputs.public-key-path",
            "inputs.issuer-certificate-path",
            "outputs.certificate-path",
            CERT[0],
            CERT[1],
            CERT[2],
            CERT[3],
            CERT[4],
            CERT[5],
            CERT[6],
            CERT[7],
            "certificate-profile.crl-url",
            "certificate-profile.issuer-url",
            "certificate-profile.policies",
        ],
        "cross-certificate" => &[
            SIGNING[0],
            SIGNING[1],
            "inputs.public-key-path",
            "inputs.issuer-certificate-path",
            "inputs.certificate-to-cross-sign-path",
            "outputs.certificate-path",
            CERT[0],
            CERT[1],
            CERT[2],
            CERT[3],
            CERT[4],
            CERT[5],
            CERT[6],
            CERT[7],
            "certificate-profile.crl-url",
            "certificate-profile.issuer-url",
            "certificate-profile.policies",
        ],
        "cross-csr" => {
            &[SIGNING[0], SIGNING[1], "inputs.public-key-path", "outputs.csr-path", CERT[0], CERT[2], CERT[3], CERT[4]]
        }
        "key" => &["pkcs11.module", "pkcs11.store-key-with-label", "key.type", "outputs.public-key-path"],
        _ => &[
            SIGNING[0],
            SIGNING[1],
            "inputs.issuer-certificate-path",
            "outputs.crl-path",
            "crl-profile.this-update",
            "crl-profile.next-update",
            "crl-profile.number",
        ],
    }
}

/// Profile keys a CSR must not set (the tool's `verifyProfile` for a request).
const NOT_IN_A_CSR: &[&str] =
    &["not-before", "not-after", "signature-algorithm", "crl-url", "issuer-url", "policies", "key-usages"];

/// The signature algorithms the tool allows, and their names in the model.
const SIGNATURE_ALGORITHMS: &[(&str, &str)] = &[
    ("SHA256WithRSA", "sha256WithRSAEncryption"),
    ("SHA384WithRSA", "sha384WithRSAEncryption"),
    ("SHA512WithRSA", "sha512WithRSAEncryption"),
    ("ECDSAWithSHA256", "ecdsa-with-SHA256"),
    ("ECDSAWithSHA384", "ecdsa-with-SHA384"),
    ("ECDSAWithSHA512", "ecdsa-with-SHA512"),
];

/// The key usages the tool knows, and their names in the model.
const KEY_USAGES: &[(&str, &str)] =
    &[("Digital Signature", "digitalSignature"), ("Cert Sign", "keyCertSign"), ("CRL Sign", "cRLSign")];

/// The `ceremony-type`s in the model's `ceremony.kind` words.
fn ceremony_kind(kind: &str) -> &'static str {
    match kind {
        "root" => "root-signing",
        "intermediate" => "intermediate-signing",
        "cross-certificate" => "cross-signing",
        "cross-csr" => "csr-generation",
        "key" => "key-generation",
        _ => "crl-signing",
    }
}

// ----- detection and import -----

/// Whether `file` is named as YAML.
fn yaml_name(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// Whether a line of the text is a top-level `ceremony-type:` key.
fn has_ceremony_type_line(text: &str) -> bool {
    text.lines().any(|l| {
        ["ceremony-type", "\"ceremony-type\"", "'ceremony-type'"]
            .iter()
            .any(|k| l.strip_prefix(k).is_some_and(|r| r.trim_start().starts_with(':')))
    })
}

/// The document's `ceremony-type` value and where it is written, when the document is a mapping that has one.
fn ceremony_type(root: Option<&Yaml>) -> Option<(&str, &Place)> {
    let y = root?.field("ceremony-type")?;
    match &y.value {
        Value::Scalar { text, .. } => Some((text.as_str(), &y.at)),
        _ => None,
    }
}

/// Whether a parsed text is a ceremony file: its top-level `ceremony-type` is
/// one of [`KINDS`], or it is named as YAML and has a top-level `ceremony-type` line.
fn is_ceremony(file: &str, text: &str, parsed: &Parsed) -> bool {
    let typed = ceremony_type(parsed.root.as_ref()).is_some_and(|(k, _)| KINDS.contains(&k));
    typed || (yaml_name(file) && has_ceremony_type_line(text))
}

/// Reads a Boulder ceremony file, if `text` is one: YAML whose top-level
/// `ceremony-type` is one of [`KINDS`], or a file named `*.yaml`/`*.yml`
/// with a top-level `ceremony-type` line (so that a broken one, or one of an
/// unknown type, is reported). `None` for anything else.
pub fn read(file: &str, text: &str) -> Option<CaConfig> {
    if !text.contains("ceremony-type") {
        return None;
    }
    let name: Arc<str> = Arc::from(file);
    let parsed = parse_yaml(&name, text);
    if !is_ceremony(file, text, &parsed) {
        return None;
    }
    Some(import(name, parsed))
}

/// A file that is not UTF-8 but would be read as a ceremony: one problem at
/// the first byte that is not UTF-8, and nothing else read.
pub fn read_not_utf8(file: &str, bytes: &[u8], valid_up_to: usize) -> Option<CaConfig> {
    let valid = std::str::from_utf8(bytes.get(..valid_up_to)?).ok()?;
    if !valid.contains("ceremony-type") {
        return None;
    }
    let name: Arc<str> = Arc::from(file);
    let parsed = parse_yaml(&name, valid);
    if !is_ceremony(file, valid, &parsed) {
        return None;
    }
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let at = Place { file: name.clone(), line, column };
    let problems = vec![Problem {
        message: "not UTF-8 text: the ceremony tool reads UTF-8 YAML; the file is not read".to_owned(),
        at,
    }];
    let tree = Record::new(Provenance::Explicit(Place { file: name.clone(), line: 1, column: 1 }));
    Some(CaConfig::new(name, Format::BoulderCeremony, tree, problems, true))
}

/// Values of the document by dotted path, as they passed the type check.
struct Import<'y> {
    file: Arc<str>,
    kind: &'static str,
    index: BTreeMap<String, &'y Yaml>,
    /// Every known key the file writes, whatever its value.
    written: std::collections::BTreeSet<String>,
    /// Whether the file was read to its end: only then does an unwritten key take the tool's default.
    complete: bool,
    problems: Vec<Problem>,
}

fn import(file: Arc<str>, parsed: Parsed) -> CaConfig {
    let start = Place { file: file.clone(), line: 1, column: 1 };
    let mut problems = parsed.problems;
    let mut tree = Record::new(Provenance::Explicit(start.clone()));
    let broken = |tree, problems| CaConfig::new(file.clone(), Format::BoulderCeremony, tree, problems, true);
    let Some(root) = parsed.root.as_ref() else {
        if problems.is_empty() {
            problems.push(Problem { message: "an empty YAML file: no `ceremony-type`".to_owned(), at: start });
        }
        return broken(tree, problems);
    };
    let Some((written, at)) = ceremony_type(Some(root)) else {
        let (message, at) = match (&root.value, root.field("ceremony-type")) {
            (Value::Map(_), Some(y)) => (
                format!("`ceremony-type` is a single value, one of {}; not {}", KINDS.join(", "), shape(y)),
                y.at.clone(),
            ),
            (Value::Map(_), None) => {
                (format!("no `ceremony-type`: it is one of {}", KINDS.join(", ")), root.at.clone())
            }
            _ => ("a ceremony file is a mapping of keys (`name: value` lines)".to_owned(), root.at.clone()),
        };
        // A file cut short has its one problem already.
        if parsed.complete || problems.is_empty() {
            problems.push(Problem { message, at });
        }
        return broken(tree, problems);
    };
    let Some(&kind) = KINDS.iter().find(|k| **k == written) else {
        let hint =
            did_you_mean(written, KINDS.iter().copied()).map_or_else(String::new, |k| format!("did you mean `{k}`? "));
        problems.push(Problem {
            message: format!("`ceremony-type` is `{}`; {hint}it is one of {}", shorten(written), KINDS.join(", ")),
            at: at.clone(),
        });
        return broken(tree, problems);
    };
    let type_at = at.clone();
    let mut im = Import {
        file: file.clone(),
        kind,
        index: BTreeMap::new(),
        written: Default::default(),
        complete: parsed.complete,
        problems,
    };
    im.walk(root, Ty::Map(schema(kind)), "");
    // A file cut short lacks what follows the cut: that is its one problem.
    if parsed.complete {
        im.check_required(root);
    }
    let mut ceremony = Record::new(Provenance::Explicit(type_at.clone()));
    im.map(&type_at, &mut tree, &mut ceremony);
    tree.members.insert("ceremony".to_owned(), Node::List(vec![Node::Record(ceremony)], Provenance::Explicit(type_at)));
    CaConfig::new(file, Format::BoulderCeremony, tree, im.problems, false)
}

fn text_node(text: impl Into<String>, at: &Place) -> Node {
    Node::Scalar(Scalar::Text(text.into()), Provenance::Explicit(at.clone()))
}

fn texts_node(items: &[(String, Place)], at: &Place) -> Node {
    Node::List(items.iter().map(|(t, p)| text_node(t.clone(), p)).collect(), Provenance::Explicit(at.clone()))
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

/// What a value is, for messages.
fn shape(y: &Yaml) -> &'static str {
    match y.value {
        Value::Scalar { .. } => "a single value",
        Value::List(_) => "a list",
        Value::Map(_) => "a mapping",
        Value::Template(_) => "a template placeholder",
    }
}

impl<'y> Import<'y> {
    fn problem(&mut self, message: String, at: &Place) {
        self.problems.push(Problem { message, at: at.clone() });
    }

    /// Checks `y` against `ty`, reporting unknown keys and wrong types, and indexes what passes.
    fn walk(&mut self, y: &'y Yaml, ty: Ty, path: &str) {
        if y.is_null() {
            return;
        }
        self.written.insert(path.to_owned());
        if let Value::Template(t) = &y.value {
            self.problem(
                format!("`{t}` is a Go template placeholder, not a value: the file is a template, filled in before the ceremony runs"),
                &y.at,
            );
            self.index.insert(path.to_owned(), y);
            return;
        }
        match (ty, &y.value) {
            (Ty::Text, Value::Scalar { .. }) => {
                self.index.insert(path.to_owned(), y);
            }
            (Ty::Int, Value::Scalar { text, plain }) => {
                if *plain && integer(text).is_some() {
                    self.index.insert(path.to_owned(), y);
                } else {
                    self.problem(format!("`{path}` is a whole number; `{}` is not one", shorten(text)), &y.at);
                }
            }
            (Ty::Text | Ty::Int, _) => {
                self.problem(format!("`{path}` is a single value, not {}", shape(y)), &y.at);
            }
            (Ty::Texts, Value::List(items)) => {
                let mut ok = true;
                for item in items {
                    if !matches!(item.value, Value::Scalar { .. }) {
                        ok = false;
                        self.problem(format!("`{path}` is a list of single values, not of {}s", shape(item)), &item.at);
                    }
                }
                if ok {
                    self.index.insert(path.to_owned(), y);
                }
            }
            (Ty::Maps(fields), Value::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, Ty::Map(fields), &format!("{path}[{i}]"));
                }
                self.index.insert(path.to_owned(), y);
            }
            (Ty::Texts | Ty::Maps(_), _) => {
                self.problem(format!("`{path}` is a list (`- item` lines), not {}", shape(y)), &y.at);
            }
            (Ty::Map(fields), Value::Map(entries)) => {
                let mut seen: Vec<&str> = Vec::new();
                for (name, key_at, value) in entries {
                    let full = join(path, name);
                    if seen.contains(&name.as_str()) {
                        self.problem(
                            format!("`{full}` is written twice; the ceremony tool refuses a repeated key"),
                            key_at,
                        );
                        continue;
                    }
                    seen.push(name);
                    match fields.iter().find(|(n, _)| n == name) {
                        Some((_, ty)) => self.walk(value, *ty, &full),
                        None => {
                            let hint = did_you_mean(name, fields.iter().map(|(n, _)| *n))
                                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                            self.problem(
                                format!("unknown key `{}` in a {} ceremony{hint}", shorten(&full), self.kind),
                                key_at,
                            );
                        }
                    }
                }
                if !path.is_empty() {
                    self.index.insert(path.to_owned(), y);
                }
            }
            (Ty::Map(_), _) => {
                let what = if path.is_empty() { "a ceremony file" } else { path };
                self.problem(format!("`{what}` is a mapping of keys (`name: value` lines), not {}", shape(y)), &y.at);
            }
        }
    }

    /// Reports the keys the tool requires that are missing, and profile keys a CSR must not set.
    fn check_required(&mut self, root: &Yaml) {
        for path in required(self.kind) {
            if self.written.contains(*path) {
                continue;
            }
            // Where it belongs: the mapping it would be in, else the file's start.
            let at = path
                .rsplit_once('.')
                .and_then(|(parent, _)| self.index.get(parent))
                .map_or_else(|| root.at.clone(), |y| y.at.clone());
            let kind = self.kind;
            self.problem(format!("`{path}` is required in a {kind} ceremony"), &at);
        }
        if self.kind == "cross-csr" {
            for name in NOT_IN_A_CSR {
                let path = format!("certificate-profile.{name}");
                if let Some(y) = self.index.get(path.as_str()) {
                    let at = y.at.clone();
                    self.problem(format!("`{path}` cannot be set for a CSR"), &at);
                }
            }
        }
    }

    fn get(&self, path: &str) -> Option<&'y Yaml> {
        self.index.get(path).copied()
    }

    /// A text value (any scalar, as the tool reads one into a string); none for a placeholder.
    fn text(&self, path: &str) -> Option<(String, Place)> {
        match &self.get(path)?.value {
            Value::Scalar { text, .. } => Some((text.clone(), self.get(path)?.at.clone())),
            _ => None,
        }
    }

    fn int(&self, path: &str) -> Option<(i64, Place)> {
        match &self.get(path)?.value {
            Value::Scalar { text, .. } => Some((integer(text)?, self.get(path)?.at.clone())),
            _ => None,
        }
    }

    /// A list of texts, and where the list starts.
    fn texts(&self, path: &str) -> Option<(Vec<(String, Place)>, Place)> {
        let y = self.get(path)?;
        match &y.value {
            Value::List(items) => Some((
                items
                    .iter()
                    .filter_map(|i| match &i.value {
                        Value::Scalar { text, .. } => Some((text.clone(), i.at.clone())),
                        _ => None,
                    })
                    .collect(),
                y.at.clone(),
            )),
            _ => None,
        }
    }

    /// Whether the file writes a value at `path` (a placeholder counts).
    fn written(&self, path: &str) -> bool {
        self.written.contains(path)
    }

    /// Maps the indexed values onto the CA model.
    fn map(&mut self, type_at: &Place, tree: &mut Record, ceremony: &mut Record) {
        let kind = self.kind;
        ceremony.set("kind", text_node(ceremony_kind(kind), type_at));
        // The file is the ceremony's script: the ceremony tool runs exactly what it says.
        ceremony.set("script", text_node(&*type_at.file, type_at));
        let generates = matches!(kind, "root" | "key");
        let (slot, label) = if generates {
            ("store-key-in-slot", "store-key-with-label")
        } else {
            ("signing-key-slot", "signing-key-label")
        };
        if let Some((module, at)) = self.text("pkcs11.module") {
            // The key a ceremony generates, and the key a CSR or a CRL is signed with, is the CA's own;
            // an intermediate or cross-certificate is signed with its issuer's.
            if matches!(kind, "root" | "key" | "cross-csr" | "crl") {
                tree.set("key.storage", text_node(storage(&module), &at));
            }
            ceremony.set("key.pkcs11_module", text_node(module, &at));
        }
        match self.int(&format!("pkcs11.{slot}")) {
            Some((n, at)) if n >= 0 => ceremony.set("key.slot", Node::Scalar(Scalar::Int(n), Provenance::Explicit(at))),
            Some((_, at)) => self.problem(format!("`pkcs11.{slot}` is a slot number, 0 or more"), &at),
            // An unwritten slot is slot 0 to the tool (a valid slot).
            None if self.complete && !self.written(&format!("pkcs11.{slot}")) => {
                ceremony.set("key.slot", Node::Scalar(Scalar::Int(0), Provenance::Default(TOOL)))
            }
            None => {}
        }
        if let Some((l, at)) = self.text(&format!("pkcs11.{label}")) {
            ceremony.set("key.label", text_node(l, &at));
        }
        self.paths(ceremony, "inputs", "inputs");
        self.paths(ceremony, "outputs", "artefacts");
        if let Some((lints, at)) = self.texts("skip-lints") {
            ceremony.set("skip_lints", texts_node(&lints, &at));
        }
        if generates {
            self.key(tree);
        }
        match kind {
            "root" => {
                tree.set("tier", text_node("root", type_at));
                self.certificate(tree, "outputs.certificate-path");
            }
            "intermediate" => {
                // The tool gives every intermediate pathLenConstraint 0: it issues only end-entity certificates.
                tree.set("tier", text_node("issuing", type_at));
                self.parent(tree);
                self.certificate(tree, "outputs.certificate-path");
            }
            "cross-certificate" => {
                self.parent(tree);
                self.certificate(tree, "outputs.certificate-path");
            }
            "crl" => {
                self.certificate(tree, "inputs.issuer-certificate-path");
                self.crl(tree);
            }
            _ => {}
        }
        if matches!(kind, "root" | "intermediate" | "cross-certificate" | "cross-csr") {
            if let Some((cn, at)) = self.text("certificate-profile.common-name") {
                tree.set("name", text_node(cn, &at));
            }
        }
        if matches!(kind, "root" | "intermediate" | "cross-certificate") {
            self.profile(type_at, tree);
        }
    }

    /// The paths of a mapping of files (`inputs`, `outputs`), in the tool's order, as a list member of the ceremony.
    fn paths(&self, ceremony: &mut Record, from: &str, to: &str) {
        let Some(y) = self.get(from) else { return };
        let Value::Map(entries) = &y.value else { return };
        let items: Vec<(String, Place)> =
            entries.iter().filter_map(|(name, _, _)| self.text(&join(from, name))).collect();
        if !items.is_empty() {
            ceremony.set(to, texts_node(&items, &y.at));
        }
    }

    fn certificate(&self, tree: &mut Record, path: &str) {
        if let Some((c, at)) = self.text(path) {
            tree.set("certificate", text_node(c, &at));
        }
    }

    fn parent(&self, tree: &mut Record) {
        if let Some((p, at)) = self.text("inputs.issuer-certificate-path") {
            tree.set("parent", text_node(p, &at));
        }
    }

    /// The generated key: `key.type`, `key.rsa-mod-length`, `key.ecdsa-curve`, with the tool's checks.
    fn key(&mut self, tree: &mut Record) {
        let ty = self.text("key.type");
        let algorithm = match &ty {
            Some((t, at)) if t == "rsa" || t == "ecdsa" => {
                tree.set("key.algorithm", text_node(if t == "rsa" { "rsa" } else { "ec" }, at));
                Some(t.as_str())
            }
            Some((t, at)) => {
                let at = at.clone();
                self.problem(format!("`key.type` is `{}`; it is rsa or ecdsa", shorten(t)), &at);
                None
            }
            None => None,
        };
        if let Some((bits, at)) = self.int("key.rsa-mod-length") {
            if algorithm == Some("ecdsa") {
                self.problem("`key.rsa-mod-length` is not used when `key.type` is ecdsa".to_owned(), &at);
            } else {
                if bits != 2048 && bits != 4096 {
                    self.problem(format!("`key.rsa-mod-length` is {bits}; it is 2048 or 4096"), &at);
                }
                tree.set("key.bits", Node::Scalar(Scalar::Int(bits), Provenance::Explicit(at)));
            }
        } else if algorithm == Some("rsa") && !self.written("key.rsa-mod-length") {
            let at = ty.as_ref().map(|(_, p)| p.clone()).unwrap_or_else(|| self.start());
            self.problem("`key.rsa-mod-length` is required for an RSA key: 2048 or 4096".to_owned(), &at);
        }
        if let Some((curve, at)) = self.text("key.ecdsa-curve") {
            if algorithm == Some("rsa") {
                self.problem("`key.ecdsa-curve` is not used when `key.type` is rsa".to_owned(), &at);
            } else if ["P-256", "P-384", "P-521"].contains(&curve.as_str()) {
                tree.set("key.curve", text_node(curve, &at));
            } else {
                self.problem(format!("`key.ecdsa-curve` is `{}`; it is P-256, P-384 or P-521", shorten(&curve)), &at);
            }
        } else if algorithm == Some("ecdsa") && !self.written("key.ecdsa-curve") {
            let at = ty.as_ref().map(|(_, p)| p.clone()).unwrap_or_else(|| self.start());
            self.problem("`key.ecdsa-curve` is required for an ECDSA key: P-256, P-384 or P-521".to_owned(), &at);
        }
    }

    fn start(&self) -> Place {
        Place { file: self.file.clone(), line: 1, column: 1 }
    }

    /// `crl-profile`: nextUpdate after thisUpdate.
    fn crl(&mut self, tree: &mut Record) {
        let this = self.date("crl-profile.this-update");
        let next = self.date("crl-profile.next-update");
        if let (Some((this, _)), Some((next, at))) = (this, next) {
            if next < this {
                self.problem("`crl-profile.next-update` is before `this-update`".to_owned(), &at);
            } else {
                tree.set("revocation.crl_next_update", text_node(crate::value::format_duration(next - this), &at));
            }
        }
        if let Some((0, at)) = self.int("crl-profile.number") {
            self.problem("`crl-profile.number` must be non-zero".to_owned(), &at);
        }
        let Some(list) = self.get("crl-profile.revoked-certificates") else { return };
        let Value::List(items) = &list.value else { return };
        for (i, item) in items.iter().enumerate() {
            for name in ["certificate-path", "revocation-date", "revocation-reason"] {
                if item.field(name).is_none_or(Yaml::is_null) && matches!(item.value, Value::Map(_)) {
                    let at = item.at.clone();
                    self.problem(format!("`crl-profile.revoked-certificates[{i}].{name}` is required"), &at);
                }
            }
        }
    }

    /// A date the tool reads as `2006-01-02 15:04:05` in UTC, as seconds since the epoch.
    fn date(&mut self, path: &str) -> Option<(i64, Place)> {
        let (text, at) = self.text(path)?;
        match datetime(&text) {
            Some(secs) => Some((secs, at)),
            None => {
                self.problem(
                    format!(
                        "`{path}` is `{}`; the ceremony tool reads a date as `2006-01-02 15:04:05` (UTC)",
                        shorten(&text)
                    ),
                    &at,
                );
                None
            }
        }
    }

    /// The certificate profile of a root, intermediate or cross-certificate ceremony.
    fn profile(&mut self, type_at: &Place, tree: &mut Record) {
        let kind = self.kind;
        let at = self.get("certificate-profile").map_or_else(|| type_at.clone(), |y| y.at.clone());
        let mut p = Record::new(Provenance::Explicit(at));
        p.set("kind", text_node(if kind == "root" { "root-ca" } else { "subordinate-ca" }, type_at));
        if kind == "intermediate" {
            p.set("path_len", Node::Scalar(Scalar::Int(0), Provenance::Explicit(type_at.clone())));
        }
        if let Some((url, at)) = self.text("certificate-profile.policy-url") {
            p.set("policy_url", text_node(url, &at));
        }
        if let Some((alg, at)) = self.text("certificate-profile.signature-algorithm") {
            match SIGNATURE_ALGORITHMS.iter().find(|(go, _)| *go == alg) {
                Some((_, name)) => {
                    let list = Node::List(vec![text_node(*name, &at)], Provenance::Explicit(at.clone()));
                    // A root signs its own certificate: the algorithm is the CA's.
                    if kind == "root" {
                        tree.set("signature_algorithms", list.clone());
                    }
                    p.set("signature_algorithms", list);
                }
                None => {
                    let known: Vec<&str> = SIGNATURE_ALGORITHMS.iter().map(|(go, _)| *go).collect();
                    let hint = did_you_mean(&alg, known.iter().copied())
                        .map_or_else(String::new, |s| format!("did you mean `{s}`? "));
                    self.problem(
                        format!(
                            "`certificate-profile.signature-algorithm` is `{}`; {hint}it is one of {}",
                            shorten(&alg),
                            known.join(", ")
                        ),
                        &at,
                    );
                }
            }
        }
        let not_before = self.date("certificate-profile.not-before");
        let not_after = self.date("certificate-profile.not-after");
        if let (Some((from, _)), Some((to, at))) = (not_before, not_after) {
            // notAfter is inclusive: the tool counts the validity to the second after it.
            let validity = to + 1 - from;
            let limit = if kind == "root" { (9132 * 86_400, "25 years") } else { (8 * 365 * 86_400, "8 years") };
            if validity <= 0 {
                self.problem("`certificate-profile.not-after` is before `not-before`".to_owned(), &at);
            } else {
                if validity >= limit.0 {
                    self.problem(
                        format!("the ceremony tool refuses a {kind} certificate valid for {} or more", limit.1),
                        &at,
                    );
                }
                p.set("validity_max", text_node(crate::value::format_duration(validity), &at));
            }
        }
        if let Some((url, at)) = self.text("certificate-profile.crl-url") {
            p.set("crl_urls", Node::List(vec![text_node(url, &at)], Provenance::Explicit(at.clone())));
        }
        if let Some((url, at)) = self.text("certificate-profile.issuer-url") {
            p.set("issuer_urls", Node::List(vec![text_node(url, &at)], Provenance::Explicit(at.clone())));
        }
        self.policies(&mut p);
        if let Some((usages, at)) = self.texts("certificate-profile.key-usages") {
            let mut out = Vec::new();
            for (u, uat) in usages {
                match KEY_USAGES.iter().find(|(go, _)| *go == u) {
                    Some((_, name)) => out.push((name.to_string(), uat)),
                    None => {
                        let known: Vec<&str> = KEY_USAGES.iter().map(|(go, _)| *go).collect();
                        self.problem(
                            format!("unknown key usage `{}`; it is one of {}", shorten(&u), known.join(", ")),
                            &uat,
                        );
                    }
                }
            }
            if out.is_empty() {
                self.problem("at least one key usage must be set".to_owned(), &at);
            }
            p.set("key_usages", texts_node(&out, &at));
        }
        self.ekus(&mut p);
        tree.members.insert("profile".to_owned(), Node::List(vec![Node::Record(p.clone())], p.provenance.clone()));
    }

    fn policies(&mut self, p: &mut Record) {
        let Some(list) = self.get("certificate-profile.policies") else { return };
        let Value::List(items) = &list.value else { return };
        let mut oids = Vec::new();
        for item in items {
            if let Some(y) = item.field("oid").filter(|y| !y.is_null()) {
                if let Value::Scalar { text, .. } = &y.value {
                    oids.push((text.clone(), y.at.clone()));
                }
            }
        }
        if self.kind == "root" && !oids.is_empty() {
            self.problem("`certificate-profile.policies` should not be set on a root certificate".to_owned(), &list.at);
        }
        if self.kind != "root" && (oids.len() != 1 || oids[0].0 != "2.23.140.1.2.1") {
            self.problem(
                "`certificate-profile.policies` is exactly the BRs' domain-validated policy (2.23.140.1.2.1) for a subordinate CA"
                    .to_owned(),
                &list.at,
            );
        }
        p.set("policy_oids", texts_node(&oids, &list.at));
    }

    /// `ekus`: none, server or both; unwritten, none for a root and server for the others.
    fn ekus(&mut self, p: &mut Record) {
        let root = self.kind == "root";
        let words = |w: &str| -> Option<&'static [&'static str]> {
            match w {
                "none" => Some(&[]),
                "server" => Some(&["serverAuth"]),
                "both" => Some(&["serverAuth", "clientAuth"]),
                _ => None,
            }
        };
        match self.text("certificate-profile.ekus") {
            Some((w, at)) => match words(&w) {
                Some(ekus) if root && !ekus.is_empty() => {
                    self.problem(format!("a root certificate has no extKeyUsage; `ekus` is `{w}`"), &at);
                }
                Some(ekus) => {
                    let items: Vec<(String, Place)> = ekus.iter().map(|e| (e.to_string(), at.clone())).collect();
                    p.set("ekus", texts_node(&items, &at));
                }
                None => self.problem(
                    format!("`certificate-profile.ekus` is `{}`; it is none, server or both", shorten(&w)),
                    &at,
                ),
            },
            None if self.complete && !self.written("certificate-profile.ekus") => {
                let ekus: Vec<Node> = if root {
                    Vec::new()
                } else {
                    vec![Node::Scalar(Scalar::Text("serverAuth".to_owned()), Provenance::Default(TOOL))]
                };
                p.set("ekus", Node::List(ekus, Provenance::Default(TOOL)));
            }
            None => {}
        }
    }
}

/// Where a PKCS#11 module holds keys: SoftHSM is a software token; any other module is taken for hardware.
fn storage(module: &str) -> &'static str {
    let file = module.rsplit(['/', '\\']).next().unwrap_or(module).to_ascii_lowercase();
    if file.contains("softhsm") { "software" } else { "hsm" }
}

/// A YAML core-schema integer (decimal, `0x` or `0o`).
fn integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let n = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some(if negative { -n } else { n })
}

/// `2006-01-02 15:04:05` as seconds since the epoch, in UTC.
fn datetime(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = text.get(r)?;
        if s.bytes().all(|c| c.is_ascii_digit()) { s.parse().ok() } else { None }
    };
    let month = time::Month::try_from(u8::try_from(num(5..7)?).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(num(0..4)?).ok()?, month, u8::try_from(num(8..10)?).ok()?).ok()?;
    let clock = time::Time::from_hms(
        u8::try_from(num(11..13)?).ok()?,
        u8::try_from(num(14..16)?).ok()?,
        u8::try_from(num(17..19)?).ok()?,
    )
    .ok()?;
    Some(time::PrimitiveDateTime::new(date, clock).assume_utc().unix_timestamp())
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

    const ROOT: &str = "ceremony-type: root
pkcs11:
    module: /usr/lib/opensc-pkcs11.so
    pin: 1234
    store-key-in-slot: 3
    store-key-with-label: root signing key
key:
    type: rsa
    rsa-mod-length: 4096
outputs:
    public-key-path: root.pubkey.pem
    certificate-path: root.cert.pem
certificate-profile:
    policy-url: https://github.com/letsencrypt/cp-cps/blob/v6.1/CP-CPS.md#root-ca-certificate-profile
    signature-algorithm: SHA384WithRSA
    common-name: Example Root
    organization: good guys
    country: US
    not-before: 2020-01-01 12:00:00
    not-after: 2040-01-01 11:59:59
    key-usages:
        - Cert Sign
        - CRL Sign
skip-lints:
    - n_ca_digital_signature_not_set
";

    fn read_text(file: &str, text: &str) -> CaConfig {
        read(file, text).unwrap_or_else(|| panic!("{file} is read as a ceremony"))
    }

    fn at(c: &CaConfig, path: &str) -> (usize, usize) {
        let p = c.tree.get(path).unwrap_or_else(|| panic!("{path} in {}", c.outline()));
        let place = p.provenance().place().unwrap_or_else(|| panic!("{path} is explicit"));
        (place.line, place.column)
    }

    fn ceremony(c: &CaConfig) -> &Record {
        match c.tree.get("ceremony") {
            Some(Node::List(items, _)) => match &items[0] {
                Node::Record(r) => r,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    fn profile(c: &CaConfig) -> &Record {
        match c.tree.get("profile") {
            Some(Node::List(items, _)) => match &items[0] {
                Node::Record(r) => r,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    fn messages(c: &CaConfig) -> Vec<(usize, usize, &str)> {
        c.problems.iter().map(|p| (p.at.line, p.at.column, p.message.as_str())).collect()
    }

    #[test]
    fn a_root_ceremony_maps_onto_the_model_with_places() {
        let c = read_text("root.yaml", ROOT);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert!(!c.broken);
        assert_eq!(c.format, Format::BoulderCeremony);
        assert_eq!(
            c.tree.get("tier"),
            Some(&text_node("root", &Place { file: "root.yaml".into(), line: 1, column: 16 }))
        );
        assert_eq!(at(&c, "key.bits"), (9, 21));
        assert_eq!(at(&c, "key.storage"), (3, 13));
        assert_eq!(at(&c, "name"), (16, 18));
        assert_eq!(at(&c, "certificate"), (12, 23));
        let cer = ceremony(&c);
        assert_eq!(cer.text("kind").as_deref(), Some("root-signing"));
        assert_eq!(cer.get("key.slot").map(|n| n.provenance().place().map(|p| p.line)), Some(Some(5)));
        assert_eq!(cer.texts("artefacts"), ["root.pubkey.pem", "root.cert.pem"]);
        let p = profile(&c);
        assert_eq!(p.text("kind").as_deref(), Some("root-ca"));
        // notAfter is inclusive: exactly twenty years.
        assert_eq!(p.text("validity_max").as_deref(), Some("7305d"));
        assert_eq!(p.texts("key_usages"), ["keyCertSign", "cRLSign"]);
        assert_eq!(p.texts("signature_algorithms"), ["sha384WithRSAEncryption"]);
        // A root gets no extKeyUsage unless the file says so: the tool's default, not the file's.
        assert_eq!(p.get("ekus"), Some(&Node::List(Vec::new(), Provenance::Default(TOOL))));
        // The PIN is read, never copied.
        assert!(!c.outline().contains("1234"), "{}", c.outline());
    }

    #[test]
    fn an_unwritten_slot_is_the_tools_slot_zero_and_softhsm_is_software() {
        let text = ROOT.replace("    store-key-in-slot: 3\n", "").replace("opensc-pkcs11", "softhsm/libsofthsm2");
        let c = read_text("root.yaml", &text);
        assert_eq!(ceremony(&c).get("key.slot"), Some(&Node::Scalar(Scalar::Int(0), Provenance::Default(TOOL))));
        assert_eq!(c.tree.text("key.storage").as_deref(), Some("software"));
    }

    #[test]
    fn an_intermediate_is_an_issuing_ca_whose_parent_is_its_issuers_certificate() {
        let c = read_text(
            "int.yaml",
            "ceremony-type: intermediate
pkcs11:
    module: /usr/lib/opensc-pkcs11.so
    signing-key-slot: 0
    signing-key-label: root signing key
inputs:
    public-key-path: int.pubkey.pem
    issuer-certificate-path: root.cert.pem
outputs:
    certificate-path: int.cert.pem
certificate-profile:
    policy-url: https://github.com/letsencrypt/cp-cps/blob/v6.1/CP-CPS.md#tls-subordinate-ca-certificate-profile
    signature-algorithm: ECDSAWithSHA384
    common-name: Example Issuing
    organization: good guys
    country: US
    not-before: 2025-07-01 00:00:00
    not-after: 2030-06-30 23:59:59
    crl-url: http://example.com/crl
    issuer-url: http://example.com/root
    policies:
        - oid: 2.23.140.1.2.1
    key-usages: [Digital Signature, Cert Sign, CRL Sign]
    ekus: both
",
        );
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.tree.text("tier").as_deref(), Some("issuing"));
        assert_eq!(c.tree.text("parent").as_deref(), Some("root.cert.pem"));
        // The issuer's key signs: it says nothing of this CA's key.
        assert!(c.tree.get("key").is_none() && c.tree.get("signature_algorithms").is_none(), "{}", c.outline());
        let p = profile(&c);
        assert_eq!(p.get("path_len").map(|n| matches!(n, Node::Scalar(Scalar::Int(0), _))), Some(true));
        assert_eq!(p.texts("ekus"), ["serverAuth", "clientAuth"]);
        assert_eq!(p.texts("policy_oids"), ["2.23.140.1.2.1"]);
        assert_eq!(p.text("validity_max").as_deref(), Some("1826d"));
        assert_eq!(ceremony(&c).texts("inputs"), ["int.pubkey.pem", "root.cert.pem"]);
    }

    #[test]
    fn a_crl_ceremony_gives_the_nextupdate_and_a_csr_refuses_validity() {
        let c = read_text(
            "crl.yaml",
            "ceremony-type: crl
pkcs11:
    module: /usr/lib/opensc-pkcs11.so
    signing-key-label: root signing key
inputs:
    issuer-certificate-path: root.cert.pem
outputs:
    crl-path: root.crl.pem
crl-profile:
    this-update: 2023-01-01 12:00:00
    next-update: 2023-12-15 12:00:00
    number: 100
    revoked-certificates:
        - certificate-path: int.cert.pem
          revocation-date: 2022-12-31 12:00:00
",
        );
        let got = messages(&c);
        assert_eq!(got, [(14, 11, "`crl-profile.revoked-certificates[0].revocation-reason` is required")], "{got:?}");
        assert_eq!(at(&c, "revocation.crl_next_update"), (11, 18));
        assert_eq!(c.tree.text("revocation.crl_next_update").as_deref(), Some("348d"));
        assert_eq!(c.tree.text("certificate").as_deref(), Some("root.cert.pem"));
        assert_eq!(c.tree.text("key.storage").as_deref(), Some("hsm"));

        let csr = read_text(
            "csr.yaml",
            "ceremony-type: cross-csr
pkcs11:
    module: /usr/lib/opensc-pkcs11.so
    signing-key-label: k
inputs:
    public-key-path: k.pem
outputs:
    csr-path: k.csr
certificate-profile:
    policy-url: https://example.com/cps
    common-name: CA
    organization: good guys
    country: US
    not-after: 2040-01-01 12:00:00
",
        );
        assert_eq!(messages(&csr), [(14, 16, "`certificate-profile.not-after` cannot be set for a CSR")]);
        assert_eq!(csr.tree.text("name").as_deref(), Some("CA"));
        assert!(csr.tree.get("profile").is_none());
    }

    #[test]
    fn unknown_keys_wrong_types_and_unknown_words_are_problems_at_their_place() {
        let text = ROOT
            .replace("    module:", "    modul:")
            .replace("rsa-mod-length: 4096", "rsa-mod-length: big")
            .replace("signature-algorithm: SHA384WithRSA", "signature-algorithm: SHA1WithRSA")
            .replace("    key-usages:\n        - Cert Sign\n        - CRL Sign\n", "    key-usages: Cert Sign\n")
            .replace("skip-lints:", "inputs:\n    x: y\nskip-lints:");
        let c = read_text("root.yaml", &text);
        let got = messages(&c);
        assert!(
            got.contains(&(3, 5, "unknown key `pkcs11.modul` in a root ceremony; did you mean `module`?")),
            "{got:?}"
        );
        assert!(got.contains(&(9, 21, "`key.rsa-mod-length` is a whole number; `big` is not one")), "{got:?}");
        assert!(
            got.contains(&(21, 17, "`certificate-profile.key-usages` is a list (`- item` lines), not a single value")),
            "{got:?}"
        );
        assert!(got.contains(&(22, 1, "unknown key `inputs` in a root ceremony")), "{got:?}");
        assert!(
            got.iter().any(|(l, c, m)| (*l, *c) == (15, 26)
                && m.contains("is `SHA1WithRSA`; did you mean `SHA512WithRSA`? it is one of SHA256WithRSA")),
            "{got:?}"
        );
        assert!(got.iter().any(|(_, _, m)| m == &"`pkcs11.module` is required in a root ceremony"), "{got:?}");
        // A value of the wrong type is one problem, not also a missing one.
        assert_eq!(got.len(), 6, "{got:?}");
        // What is right is still read.
        assert_eq!(c.tree.text("key.algorithm").as_deref(), Some("rsa"));
        assert!(!c.broken);
    }

    #[test]
    fn an_unknown_ceremony_type_lists_the_known_ones() {
        let c = read_text("x.yaml", "ceremony-type: intermediat\npkcs11:\n  module: m\n");
        assert!(c.broken);
        assert_eq!(
            messages(&c),
            [(
                1,
                16,
                "`ceremony-type` is `intermediat`; did you mean `intermediate`? it is one of root, intermediate, cross-certificate, cross-csr, key, crl"
            )]
        );
        // Only a file named as YAML is taken for a ceremony of an unknown type.
        assert!(read("x.txt", "ceremony-type: intermediat\n").is_none());
    }

    #[test]
    fn truncated_yaml_is_one_problem_and_what_came_before_is_kept() {
        let cut = &ROOT[..ROOT.find("/usr/lib").unwrap()];
        let c = read_text("root.yaml", &format!("{cut}\"/usr/lib/opensc"));
        let got = messages(&c);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (3, 13), "{got:?}");
        assert!(got[0].2.starts_with("not valid YAML"), "{got:?}");
        assert!(!c.broken);
        assert_eq!(ceremony(&c).text("kind").as_deref(), Some("root-signing"));
        // Broken before the ceremony type: nothing usable.
        let c = read_text("root.yaml", "ceremony-type: [root\n");
        assert!(c.broken && c.problems.len() == 1, "{:?}", c.problems);
    }

    #[test]
    fn aliases_are_expanded_within_a_budget() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let text = format!("ceremony-type: root\n{bomb}");
        let started = std::time::Instant::now();
        let c = read_text("bomb.yaml", &text);
        assert!(started.elapsed().as_secs() < 5);
        assert!(c.problems.iter().any(|p| p.message.contains("more than 100000 values")), "{:?}", c.problems);
        // A modest alias is read as its anchor's value.
        let c = read_text(
            "a.yaml",
            &ROOT
                .replace("    pin: 1234\n", "    pin: &pin 1234\n")
                .replace("- n_ca_digital_signature_not_set", "- *pin"),
        );
        assert_eq!(ceremony(&c).texts("skip_lints"), ["1234"]);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let indented: String = (0..100_000).map(|i| format!("{}k:\n", " ".repeat(i % 1000))).collect();
        for deep in [format!("\n{}x", "- ".repeat(100_000)), format!("\n{indented}")] {
            let c = read_text("deep.yaml", &format!("ceremony-type: root\nkey:{deep}\n"));
            let got = messages(&c);
            assert!(got.iter().any(|(_, _, m)| m.contains("nested more than 128 deep")), "{got:?}");
            // Cut short: no default is assumed for what may follow.
            assert!(ceremony(&c).get("key.slot").is_none());
        }
        // Flow collections: the scanner's own bound comes first.
        for deep in ["[".repeat(100_000), "{a: ".repeat(100_000)] {
            let c = read_text("deep.yaml", &format!("ceremony-type: root\nkey: {deep}\n"));
            let got = messages(&c);
            assert!(
                got.iter()
                    .any(|(l, _, m)| *l == 2 && (m.contains("nested more than 128") || m.contains("recursion limit"))),
                "{got:?}"
            );
        }
    }

    #[test]
    fn only_ceremony_files_are_taken_for_ceremonies() {
        assert!(read("ident-policy.yaml", "ExactBlockedNames:\n  - \"example\"\n").is_none());
        assert!(read("notes.md", "# Ceremony\n\n```yaml\nceremony-type: root\npkcs11:\n```\n- list\n").is_none());
        assert!(read("x.yaml", "other:\n  ceremony-type: root\n").is_none());
        assert!(
            read("ca.json", "{\"ceremony-type\": \"key\", \"key\": {\"type\": \"ecdsa\", \"ecdsa-curve\": \"P-256\"}}")
                .is_some()
        );
        assert!(read("x.yaml", "# ceremony-type: root\na: 1\n").is_none());
    }

    #[test]
    fn a_second_document_and_tags_are_reported() {
        let c = read_text("two.yaml", &format!("{ROOT}---\nceremony-type: key\n"));
        assert_eq!(
            messages(&c),
            [(26, 1, "a second YAML document; only the first is read, as the ceremony tool does")]
        );
        let c = read_text(
            "tag.yaml",
            &ROOT.replace("rsa-mod-length: 4096", "rsa-mod-length: !!str 4096").replace("type: rsa", "type: !x rsa"),
        );
        let got = messages(&c);
        assert!(got.contains(&(9, 21, "`key.rsa-mod-length` is a whole number; `4096` is not one")), "{got:?}");
        assert!(
            got.contains(&(8, 11, "the YAML tag `!x` is ignored: the ceremony tool reads plain values")),
            "{got:?}"
        );
    }

    #[test]
    fn template_placeholders_are_problems_and_leave_the_value_unset() {
        let c = read_text("t.yaml", &ROOT.replace("store-key-in-slot: 3", "store-key-in-slot: {{ .SlotID }}"));
        assert_eq!(
            messages(&c),
            [(
                5,
                24,
                "`{{ .SlotID }}` is a Go template placeholder, not a value: the file is a template, filled in before the ceremony runs"
            )]
        );
        assert!(ceremony(&c).get("key.slot").is_none());
    }

    #[test]
    fn text_that_is_not_utf8_is_one_problem() {
        let mut bytes = ROOT.as_bytes().to_vec();
        bytes.extend_from_slice(b"  - caf\xe9\n");
        let c = crate::corpus::ca::read("root.yaml", &bytes, std::path::Path::new(".")).expect("a ceremony");
        assert!(c.broken);
        assert_eq!(messages(&c), [(26, 8, "not UTF-8 text: the ceremony tool reads UTF-8 YAML; the file is not read")]);
        assert!(crate::corpus::ca::read("x.bin", b"\xff\xfe\x00", std::path::Path::new(".")).is_none());
    }

    /// Random edits of a ceremony file (YAML's punctuation, cut lines, doubled
    /// lines) are read without a panic, and every problem has a place in the file.
    #[test]
    fn mutated_ceremonies_never_panic() {
        let pieces = [
            "[", "]", "{", "}", ":", "- ", "&a ", "*a", "!!str ", "!x ", "\"", "'", "\n", "  ", "#", "---\n",
            "{{ .X }}", "|\n", "~", "é",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..3000 {
            let mut text: Vec<char> = ROOT.chars().collect();
            for _ in 0..rng.usize(1..6) {
                let at = rng.usize(..=text.len());
                match rng.u8(..3) {
                    0 => text.splice(at..at, pieces[rng.usize(..pieces.len())].chars()).for_each(drop),
                    1 => text.truncate(at),
                    _ => {
                        let end = (at + rng.usize(..40)).min(text.len());
                        text.drain(at..end);
                    }
                }
            }
            let text: String = text.into_iter().collect();
            if let Some(c) = read("m.yaml", &text) {
                let _ = c.outline();
                let lines = text.split('\n').count();
                for p in &c.problems {
                    assert!(p.at.line >= 1 && p.at.line <= lines && p.at.column >= 1, "{p:?} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn core_schema_integers_and_dates() {
        assert_eq!(integer("0x10"), Some(16));
        assert_eq!(integer("-3"), Some(-3));
        assert_eq!(integer("1_000"), None);
        assert_eq!(datetime("1970-01-02 00:00:01"), Some(86_401));
        assert_eq!(datetime("2023-02-30 00:00:00"), None);
        assert_eq!(datetime("2023-01-01T00:00:00"), None);
    }
}
