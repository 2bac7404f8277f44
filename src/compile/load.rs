//! Reads the entry policy and, transitively, everything it includes.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Loc, SourceMap, Span};
use crate::syntax::{self, PolicyFile, ast};

/// The prefix that names a shipped policy pack instead of a file: `include "cpslint:cabf/br-tls"`.
pub const PACK_PREFIX: &str = "cpslint:";

/// Where policy files come from.
pub trait Loader {
    /// Reads a file's text.
    ///
    /// # Errors
    /// When the file cannot be read.
    fn read(&self, path: &Path) -> io::Result<String>;

    /// The text of the policy pack called `name` (`cabf/br-tls`), if there is one.
    fn pack(&self, name: &str) -> Option<String> {
        let _ = name;
        None
    }

    /// The names of every pack [`Loader::pack`] knows, for suggestions.
    fn pack_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// A stable identity for `path`, used to detect cycles and repeated includes.
    fn identity(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// Reads policies from the file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsLoader;

/// The largest policy file read: far above any real policy, far below what hurts.
const MAX_POLICY_BYTES: u64 = 16 << 20;

impl Loader for FsLoader {
    fn read(&self, path: &Path) -> io::Result<String> {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.is_dir() {
            return Err(io::Error::new(io::ErrorKind::IsADirectory, "it is a directory"));
        }
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::Read::take(file, MAX_POLICY_BYTES + 1), &mut bytes)?;
        if bytes.len() as u64 > MAX_POLICY_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "larger than 16 MiB"));
        }
        String::from_utf8(bytes).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
            )
        })
    }

    fn identity(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
    }
}

/// Serves policies from memory, for tests and embedded policy packs.
#[derive(Debug, Default, Clone)]
pub struct MemLoader {
    files: BTreeMap<PathBuf, String>,
}

impl MemLoader {
    /// An empty set of files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file.
    pub fn insert(&mut self, path: impl AsRef<Path>, text: impl Into<String>) {
        self.files.insert(normalize(path.as_ref()), text.into());
    }
}

impl Loader for MemLoader {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.files.get(&normalize(path)).cloned().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
}

/// Removes `.` and resolves `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Where a policy file comes from: the file system, or a shipped pack.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Origin {
    /// A path, relative to the working directory or absolute.
    File(PathBuf),
    /// A pack name without the prefix and the `.cps` ending: `cabf/br-tls`.
    Pack(String),
}

impl Origin {
    /// What an entry path or an include names, seen from `from` (`None` for the entry).
    fn resolve(spec: &str, from: Option<&Origin>) -> Result<Origin, String> {
        if let Some(name) = spec.strip_prefix(PACK_PREFIX) {
            return Ok(Origin::Pack(pack_name(name)));
        }
        match from {
            None => Ok(Origin::File(PathBuf::from(spec))),
            Some(Origin::File(p)) => Ok(Origin::File(p.parent().map(Path::to_path_buf).unwrap_or_default().join(spec))),
            // A pack's relative include names another pack beside it; it never reaches the disk.
            Some(Origin::Pack(name)) => {
                let dir = Path::new(name).parent().map(Path::to_path_buf).unwrap_or_default();
                let joined = normalize(&dir.join(spec));
                if Path::new(spec).is_absolute() || joined.starts_with("..") {
                    return Err(format!("a shipped pack can include only other packs, not `{spec}`"));
                }
                Ok(Origin::Pack(pack_name(&joined.to_string_lossy().replace('\\', "/"))))
            }
        }
    }

    fn identity(&self, loader: &dyn Loader) -> PathBuf {
        match self {
            Origin::File(p) => loader.identity(p),
            Origin::Pack(name) => PathBuf::from(format!("{PACK_PREFIX}{name}")),
        }
    }

    /// The name diagnostics show.
    fn display(&self) -> String {
        match self {
            Origin::File(p) => display_path(p),
            Origin::Pack(name) => format!("{PACK_PREFIX}{name}"),
        }
    }

    fn read(&self, loader: &dyn Loader) -> Result<String, String> {
        match self {
            Origin::File(p) => loader.read(p).map_err(|e| {
                let why = io_reason(&e);
                // `cabf/br-tls.cps` written without the prefix: name the pack it probably means.
                let spec = pack_name(&p.to_string_lossy().replace('\\', "/"));
                let pack = loader.pack_names().into_iter().find(|n| spec == *n || spec.ends_with(&format!("/{n}")));
                match pack {
                    Some(n) if e.kind() == io::ErrorKind::NotFound => {
                        format!("{why}; did you mean the shipped pack `{PACK_PREFIX}{n}`?")
                    }
                    _ => why,
                }
            }),
            Origin::Pack(name) => loader.pack(name).ok_or_else(|| {
                let names = loader.pack_names();
                let hint = crate::diagnostic::did_you_mean(name, names.iter().map(String::as_str))
                    .map_or_else(String::new, |s| format!("; did you mean `{PACK_PREFIX}{s}`?"));
                format!("no shipped pack is called `{name}`{hint} (`cpslint policies` lists them)")
            }),
        }
    }
}

/// A pack name as written, without a `.cps` ending.
fn pack_name(name: &str) -> String {
    name.strip_suffix(".cps").unwrap_or(name).to_owned()
}

/// One parsed file, with the include statement that brought it in.
#[derive(Debug)]
pub(super) struct Unit {
    pub(super) file: FileId,
    pub(super) ast: PolicyFile,
    /// Whether this is the entry file (its metadata describes the document).
    pub(super) entry: bool,
}

struct State<'a> {
    loader: &'a dyn Loader,
    sources: &'a mut SourceMap,
    diags: &'a mut Vec<Diagnostic>,
    /// Files done or in progress, by identity.
    seen: BTreeMap<PathBuf, FileId>,
    /// The include chain being loaded, for cycle reports.
    stack: Vec<(PathBuf, Option<Loc>)>,
    /// Parsed files, included ones before their includers.
    units: Vec<Unit>,
}

/// Loads the entry file and its includes depth-first; returns them in merge
/// order (every file after the files it includes). Files with syntax errors
/// are reported and left out. An entry written `cpslint:NAME` is a shipped pack.
pub(super) fn load_all(
    entry: &Path,
    loader: &dyn Loader,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Unit> {
    let mut st = State { loader, sources, diags, seen: BTreeMap::new(), stack: Vec::new(), units: Vec::new() };
    let origin = match entry.to_str() {
        Some(spec) => Origin::resolve(spec, None).unwrap_or_else(|_| Origin::File(entry.to_path_buf())),
        None => Origin::File(entry.to_path_buf()),
    };
    let identity = origin.identity(loader);
    load(&mut st, &origin, None);
    let mut units = st.units;
    if let Some(last) = units.last_mut() {
        // The entry is loaded last, as it comes after all it includes.
        last.entry = st.seen.get(&identity) == Some(&last.file);
    }
    if units.last().is_none_or(|u| !u.entry) {
        // The entry failed to parse: nothing to compile.
        units.clear();
    }
    units
}

fn load(st: &mut State<'_>, origin: &Origin, from: Option<Loc>) {
    let identity = origin.identity(st.loader);
    let name = origin.display();
    if let Some(pos) = st.stack.iter().position(|(p, _)| *p == identity) {
        let at = from.expect("only an include can close a cycle");
        let chain: Vec<String> = st.stack[pos..]
            .iter()
            .map(|(p, _)| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()))
            .chain(std::iter::once(identity.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())))
            .collect();
        // Point at the include that enters the cycle, in the outermost file on it.
        let entering = st.stack.get(pos + 1).and_then(|(_, l)| *l);
        let help = "a policy cannot include itself, directly or through other files; move the shared part into a file both include";
        let d = match entering {
            Some(first) => {
                Diagnostic::error(Code::IncludeCycle, first, format!("include cycle: {}", chain.join(" → ")))
                    .label("this include leads back to this file")
                    .with_label(at, "the cycle closes here")
                    .help(help)
            }
            None => Diagnostic::error(Code::IncludeCycle, at, format!("include cycle: {}", chain.join(" → ")))
                .label("the file includes itself")
                .help(help),
        };
        st.diags.push(d);
        return;
    }
    if st.seen.contains_key(&identity) {
        // Included twice (a diamond): its declarations are already in.
        return;
    }
    let text = match origin.read(st.loader) {
        Ok(t) => t,
        Err(why) => {
            match from {
                Some(at) => {
                    let help = match origin {
                        Origin::File(_) => {
                            "include paths are relative to the file that includes them; a shipped pack is included by name, as `cpslint:cabf/br-tls`"
                        }
                        Origin::Pack(_) => "`cpslint policies` lists the shipped packs",
                    };
                    st.diags.push(
                        Diagnostic::error(Code::MissingInclude, at, format!("cannot include `{name}`: {why}"))
                            .label("included here")
                            .help(help),
                    );
                }
                None => {
                    let path = match origin {
                        Origin::File(p) => Some(p.clone()),
                        Origin::Pack(_) => None,
                    };
                    let id = st.sources.add(name.clone(), path, "");
                    st.diags.push(Diagnostic::error(
                        Code::Io,
                        Loc::new(id, Span::default()),
                        format!("cannot read `{name}`: {why}"),
                    ));
                }
            }
            return;
        }
    };
    let path = match origin {
        Origin::File(p) => Some(p.clone()),
        Origin::Pack(_) => None,
    };
    let file = st.sources.add(name, path, text);
    st.seen.insert(identity.clone(), file);
    let text = st.sources.get(file).text.clone();
    let (ast, diags) = syntax::parse(file, &text);
    st.diags.extend(diags);
    let Some(ast) = ast else { return };
    st.stack.push((identity, from));
    let mut included: BTreeMap<PathBuf, Span> = BTreeMap::new();
    for item in &ast.items {
        if let ast::Item::Statement(ast::Statement { kind: ast::StatementKind::Include(target), .. }) = item {
            let at = Loc::new(file, target.span);
            let child = match Origin::resolve(&target.node, Some(origin)) {
                Ok(c) => c,
                Err(why) => {
                    st.diags.push(
                        Diagnostic::error(Code::MissingInclude, at, format!("cannot include `{}`: {why}", target.node))
                            .label("included here"),
                    );
                    continue;
                }
            };
            let child_identity = child.identity(st.loader);
            if let Some(first) = included.get(&child_identity) {
                st.diags.push(
                    Diagnostic::warning(Code::Repeated, at, format!("`{}` is included twice", target.node))
                        .label("second include")
                        .with_label(Loc::new(file, *first), "first include")
                        .help("a file's declarations are read once; remove the second include"),
                );
                continue;
            }
            included.insert(child_identity, target.span);
            load(st, &child, Some(at));
        }
    }
    st.stack.pop();
    st.units.push(Unit { file, ast, entry: false });
}

fn display_path(p: &Path) -> String {
    normalize(p).display().to_string()
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => e.to_string(),
    }
}
