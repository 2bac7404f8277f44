//! A CA configuration as a tree of records, lists and scalars, each with
//! where it came from.
//!
//! Every reader (the CA manifest, OpenSSL, cfssl, step-ca, Boulder) produces
//! this one shape, with the key names of the CA manifest; the field schema
//! reads typed values out of it and checks it. A value is *explicit* (written
//! in a file, at a line and column), the software's *default* (the file says
//! nothing, and the tool's built-in value applies) — or absent from the tree.

use std::collections::BTreeMap;
use std::sync::Arc;

pub use super::openssl::Place;

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provenance {
    /// Written in a file.
    Explicit(Place),
    /// Not written: the built-in default of the named software applies.
    Default(&'static str),
}

impl Provenance {
    /// The place it is written, for explicit values.
    pub fn place(&self) -> Option<&Place> {
        match self {
            Provenance::Explicit(p) => Some(p),
            Provenance::Default(_) => None,
        }
    }
}

/// A scalar as the file wrote it; the field schema gives it its type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scalar {
    /// Text, including durations (`"7d"`), OIDs and names.
    Text(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A calendar date or moment, as seconds since 1970-01-01T00:00:00Z.
    Date(i64),
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A scalar value.
    Scalar(Scalar, Provenance),
    /// A list of nodes.
    List(Vec<Node>, Provenance),
    /// A record of named nodes.
    Record(Record),
}

impl Node {
    /// Where the node came from.
    pub fn provenance(&self) -> &Provenance {
        match self {
            Node::Scalar(_, p) | Node::List(_, p) => p,
            Node::Record(r) => &r.provenance,
        }
    }
}

/// A record: named members, and where the record itself is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Members by name.
    pub members: BTreeMap<String, Node>,
    /// Where the record starts.
    pub provenance: Provenance,
}

impl Record {
    /// An empty record at `provenance`.
    pub fn new(provenance: Provenance) -> Self {
        Record { members: BTreeMap::new(), provenance }
    }

    /// The node at a dotted path of member names (`key.bits`).
    pub fn get(&self, path: &str) -> Option<&Node> {
        let mut record = self;
        let mut parts = path.split('.').peekable();
        while let Some(part) = parts.next() {
            let node = record.members.get(part)?;
            if parts.peek().is_none() {
                return Some(node);
            }
            match node {
                Node::Record(r) => record = r,
                _ => return None,
            }
        }
        None
    }

    /// The text at a dotted path, when it is text.
    pub fn text(&self, path: &str) -> Option<String> {
        match self.get(path) {
            Some(Node::Scalar(Scalar::Text(s), _)) => Some(s.clone()),
            _ => None,
        }
    }

    /// The texts of the list at a dotted path (its items that are text); empty when there is none.
    pub fn texts(&self, path: &str) -> Vec<String> {
        match self.get(path) {
            Some(Node::List(items, _)) => items
                .iter()
                .filter_map(|n| if let Node::Scalar(Scalar::Text(s), _) = n { Some(s.clone()) } else { None })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The records of the record list at a dotted path (`profile`, `step`); empty when there is none.
    pub fn records(&self, path: &str) -> Vec<&Record> {
        match self.get(path) {
            Some(Node::List(items, _)) => {
                items.iter().filter_map(|n| if let Node::Record(r) = n { Some(r) } else { None }).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Sets the node at a dotted path, creating records on the way.
    pub fn set(&mut self, path: &str, node: Node) {
        let (head, rest) = match path.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (path, None),
        };
        match rest {
            None => {
                self.members.insert(head.to_owned(), node);
            }
            Some(rest) => {
                let provenance = node.provenance().clone();
                let child =
                    self.members.entry(head.to_owned()).or_insert_with(|| Node::Record(Record::new(provenance)));
                if let Node::Record(r) = child {
                    r.set(rest, node);
                }
            }
        }
    }
}

/// A problem found while reading a configuration; the rest is still read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub at: Place,
}

/// What a configuration file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// cpslint's CA manifest (TOML).
    Manifest,
    /// OpenSSL `openssl.cnf`.
    Openssl,
    /// cfssl's signing configuration (JSON).
    Cfssl,
    /// step-ca's `ca.json`.
    StepCa,
    /// Boulder's ceremony YAML.
    BoulderCeremony,
}

impl Format {
    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Manifest => "CA manifest",
            Format::Openssl => "OpenSSL configuration",
            Format::Cfssl => "cfssl configuration",
            Format::StepCa => "step-ca configuration",
            Format::BoulderCeremony => "Boulder ceremony",
        }
    }
}

/// One CA configuration, read.
#[derive(Clone, Debug)]
pub struct CaConfig {
    /// The file, as named.
    pub file: Arc<str>,
    /// Its format.
    pub format: Format,
    /// What it says, in the manifest's shape.
    pub tree: Record,
    /// Problems found while reading it.
    pub problems: Vec<Problem>,
    /// Whether the file is too broken to say anything (a TOML syntax error):
    /// its problems are reported, and no requirement is evaluated on it.
    pub broken: bool,
    /// Files merged into this one (a manifest's `import`), as read from disk:
    /// `check` evaluates them through this configuration only.
    pub imported: Vec<std::path::PathBuf>,
    /// Values this file sets that an imported file sets differently: the
    /// manifest wins, and findings on the value say so.
    pub overrides: Vec<Override>,
    /// Where the manifest disagrees with the CA certificate it names
    /// (`certificate`): `None` when it names none, or it cannot be read.
    pub certificate_mismatches: Option<Vec<String>>,
}

/// A value written both in a manifest and in a file it imports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    /// The key's dotted path (`key.storage`, `profile.validity_max`).
    pub path: String,
    /// What the imported file says, as text.
    pub theirs: String,
    /// Where it says it.
    pub at: Place,
}

/// Merges `theirs` (an imported file's tree) into `ours` (the manifest's):
/// what only they say is added with their provenance; where both speak, ours
/// stays and a differing value of theirs is recorded in `overrides`. Record
/// lists (`profile`, `role`, `ceremony`) are merged item by item on `name`
/// (items without one are added).
pub fn merge(ours: &mut Record, theirs: Record, prefix: &str, overrides: &mut Vec<Override>) {
    for (key, their) in theirs.members {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        let Some(our) = ours.members.get_mut(&key) else {
            ours.members.insert(key, their);
            continue;
        };
        match (our, their) {
            (Node::Record(a), Node::Record(b)) => merge(a, b, &path, overrides),
            (Node::List(a, _), Node::List(b, bp)) if is_records(a) && is_records(&b) => {
                for item in b {
                    let Node::Record(item) = item else { continue };
                    let name = name_of(&item);
                    let same = a.iter_mut().find_map(|n| match n {
                        Node::Record(r) if name.is_some() && name_of(r) == name => Some(r),
                        _ => None,
                    });
                    match same {
                        Some(r) => merge(r, item, &path, overrides),
                        None => a.push(Node::Record(item)),
                    }
                }
                let _ = bp;
            }
            (a, b) => {
                if !same_value(a, &b) {
                    if let Some(at) = b.provenance().place() {
                        overrides.push(Override { path, theirs: value_text(&b), at: at.clone() });
                    }
                }
            }
        }
    }
}

fn is_records(items: &[Node]) -> bool {
    !items.is_empty() && items.iter().all(|n| matches!(n, Node::Record(_)))
}

fn name_of(r: &Record) -> Option<&str> {
    match r.members.get("name") {
        Some(Node::Scalar(Scalar::Text(s), _)) => Some(s),
        _ => None,
    }
}

/// Whether two nodes hold the same value, wherever they were written.
fn same_value(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (Node::Scalar(x, _), Node::Scalar(y, _)) => x == y,
        (Node::List(x, _), Node::List(y, _)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b)),
        _ => false,
    }
}

/// A node's value as text, for messages.
pub fn value_text(n: &Node) -> String {
    match n {
        Node::Scalar(s, _) => scalar_text(s),
        Node::List(items, _) => format!("[{}]", items.iter().map(value_text).collect::<Vec<_>>().join(", ")),
        Node::Record(_) => "a table".to_owned(),
    }
}

impl CaConfig {
    /// A configuration as a reader produced it: no imports, overrides or
    /// certificate cross-check yet.
    pub fn new(file: Arc<str>, format: Format, tree: Record, problems: Vec<Problem>, broken: bool) -> Self {
        CaConfig {
            file,
            format,
            tree,
            problems,
            broken,
            imported: Vec::new(),
            overrides: Vec::new(),
            certificate_mismatches: None,
        }
    }

    /// The model as text, one value a line with where it came from:
    /// `profile[0].validity_max = "90d"    ca.toml:18:16`. Record lists are
    /// indexed; what `check` would report is listed after. This is what
    /// `cpslint model` prints and what importer snapshots hold.
    pub fn outline(&self) -> String {
        let mut lines = Vec::new();
        outline_record(&self.tree, "", &mut lines);
        let width = lines.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0).min(60);
        let mut out = format!("{} ({})\n", self.file, self.format.name());
        for (line, from) in lines {
            let pad = width.saturating_sub(line.chars().count());
            out.push_str(&format!("  {line}{}  {from}\n", " ".repeat(pad)));
        }
        for o in &self.overrides {
            out.push_str(&format!("  {} overrides {} = {} ({})\n", self.file, o.path, o.theirs, o.at));
        }
        for p in &self.problems {
            out.push_str(&format!("  problem at {}: {}\n", p.at, p.message));
        }
        out
    }
}

fn from(p: &Provenance) -> String {
    match p {
        Provenance::Explicit(at) => at.to_string(),
        Provenance::Default(tool) => format!("default of {tool}"),
    }
}

fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::Text(t) => format!("{t:?}"),
        Scalar::Int(n) => n.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Date(d) => crate::value::format_date(*d),
    }
}

fn outline_record(r: &Record, prefix: &str, out: &mut Vec<(String, String)>) {
    for (name, node) in &r.members {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        outline_node(node, &path, out);
    }
}

fn outline_node(node: &Node, path: &str, out: &mut Vec<(String, String)>) {
    match node {
        Node::Scalar(s, p) => out.push((format!("{path} = {}", scalar_text(s)), from(p))),
        Node::Record(r) => outline_record(r, path, out),
        Node::List(items, p) => {
            if items.iter().all(|i| matches!(i, Node::Scalar(..))) {
                let texts: Vec<String> = items
                    .iter()
                    .filter_map(|i| if let Node::Scalar(s, _) = i { Some(scalar_text(s)) } else { None })
                    .collect();
                out.push((format!("{path} = [{}]", texts.join(", ")), from(p)));
            } else {
                for (i, item) in items.iter().enumerate() {
                    outline_node(item, &format!("{path}[{i}]"), out);
                }
            }
        }
    }
}
