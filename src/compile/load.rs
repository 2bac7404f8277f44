//! Reads the entry policy and, transitively, everything it includes.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Loc, SourceMap, Span};
use crate::syntax::{self, PolicyFile, ast};

/// Where policy files come from.
pub trait Loader {
    /// Reads a file's text.
    ///
    /// # Errors
    /// When the file cannot be read.
    fn read(&self, path: &Path) -> io::Result<String>;

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
/// are reported and left out.
pub(super) fn load_all(
    entry: &Path,
    loader: &dyn Loader,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Unit> {
    let mut st = State { loader, sources, diags, seen: BTreeMap::new(), stack: Vec::new(), units: Vec::new() };
    let entry_name = entry.display().to_string();
    load(&mut st, entry, entry_name, None);
    let mut units = st.units;
    if let Some(last) = units.last_mut() {
        // The entry is loaded last, as it comes after all it includes.
        last.entry = st.seen.get(&loader.identity(entry)) == Some(&last.file);
    }
    if units.last().is_none_or(|u| !u.entry) {
        // The entry failed to parse: nothing to compile.
        units.clear();
    }
    units
}

fn load(st: &mut State<'_>, path: &Path, name: String, from: Option<Loc>) {
    let identity = st.loader.identity(path);
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
    let text = match st.loader.read(path) {
        Ok(t) => t,
        Err(e) => {
            let why = io_reason(&e);
            match from {
                Some(at) => st.diags.push(
                    Diagnostic::error(Code::MissingInclude, at, format!("cannot include `{name}`: {why}"))
                        .label("included here")
                        .help("include paths are relative to the file that includes them"),
                ),
                None => {
                    let id = st.sources.add(name.clone(), Some(path.to_path_buf()), "");
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
    let file = st.sources.add(name, Some(path.to_path_buf()), text);
    st.seen.insert(identity.clone(), file);
    let text = st.sources.get(file).text.clone();
    let (ast, diags) = syntax::parse(file, &text);
    st.diags.extend(diags);
    let Some(ast) = ast else { return };
    st.stack.push((identity, from));
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut included: BTreeMap<PathBuf, Span> = BTreeMap::new();
    for item in &ast.items {
        if let ast::Item::Statement(ast::Statement { kind: ast::StatementKind::Include(target), .. }) = item {
            let child = base.join(&target.node);
            if let Some(first) = included.get(&st.loader.identity(&child)) {
                st.diags.push(
                    Diagnostic::warning(
                        Code::Repeated,
                        Loc::new(file, target.span),
                        format!("`{}` is included twice", target.node),
                    )
                    .label("second include")
                    .with_label(Loc::new(file, *first), "first include")
                    .help("a file's declarations are read once; remove the second include"),
                );
                continue;
            }
            included.insert(st.loader.identity(&child), target.span);
            let child_name = display_path(&child);
            load(st, &child, child_name, Some(Loc::new(file, target.span)));
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
