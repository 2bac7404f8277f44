//! Reads the entry policy and, transitively, everything it includes.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

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

    /// A stable identity for `path`, used to detect cycles and repeated includes,
    /// and to keep includes inside their allowed directories.
    fn identity(&self, path: &Path) -> PathBuf {
        crate::fsio::lexical(path)
    }

    /// Directories besides the entry policy's own tree that includes may reach.
    fn include_roots(&self) -> Vec<PathBuf> {
        Vec::new()
    }

    /// The working directory, as [`Loader::identity`] gives paths; `None` when there is none.
    fn working_dir(&self) -> Option<PathBuf> {
        None
    }
}

/// Reads policies from the file system.
///
/// An include stays inside the allowed directories: the working directory
/// when it holds the entry policy, else the entry policy's directory, and any
/// added with [`FsLoader::with_roots`] (`--include-root`). Only regular files
/// are read, never a FIFO, a device or a file under `/proc`.
#[derive(Debug, Default, Clone)]
pub struct FsLoader {
    roots: Vec<PathBuf>,
}

impl FsLoader {
    /// A loader whose includes may also reach these directories.
    pub fn with_roots(roots: Vec<PathBuf>) -> Self {
        FsLoader { roots }
    }
}

/// The largest policy file read: far above any real policy, far below what hurts.
const MAX_POLICY_BYTES: u64 = 16 << 20;

impl Loader for FsLoader {
    fn read(&self, path: &Path) -> io::Result<String> {
        let file = crate::fsio::open_regular(path)?;
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
        if let Ok(real) = std::fs::canonicalize(path) {
            return real;
        }
        // A file that does not exist: its directory's real path, or the path made absolute.
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        match (std::fs::canonicalize(parent), path.file_name()) {
            (Ok(dir), Some(name)) => dir.join(name),
            _ => std::path::absolute(path).map_or_else(|_| crate::fsio::lexical(path), |p| crate::fsio::lexical(&p)),
        }
    }

    fn include_roots(&self) -> Vec<PathBuf> {
        self.roots.iter().map(|r| self.identity(r)).collect()
    }

    fn working_dir(&self) -> Option<PathBuf> {
        std::env::current_dir().ok().map(|d| self.identity(&d))
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
        self.files.insert(crate::fsio::lexical(path.as_ref()), text.into());
    }
}

impl Loader for MemLoader {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.files
            .get(&crate::fsio::lexical(path))
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
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
                let joined = crate::fsio::lexical(&dir.join(spec));
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
                match pack_meant(loader, p) {
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

/// The shipped pack a path such as `../cabf/br-tls.cps` probably means.
fn pack_meant(loader: &dyn Loader, path: &Path) -> Option<String> {
    let spec = pack_name(&path.to_string_lossy().replace('\\', "/"));
    loader.pack_names().into_iter().find(|n| spec == *n || spec.ends_with(&format!("/{n}")))
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
    /// Directories includes may reach (identities); empty: anywhere.
    roots: Vec<PathBuf>,
}

/// The deepest chain of includes: far beyond any real policy tree.
const MAX_INCLUDE_DEPTH: usize = 32;

/// Whether `text` is a policy: its first token, after comments and blank space, is `policy`.
fn looks_like_policy(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            match after.split_once("*/") {
                Some((_, r)) => rest = r,
                None => return false,
            }
        } else {
            break;
        }
    }
    rest.strip_prefix("policy").is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
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
    let origin = match entry.to_str() {
        Some(spec) => Origin::resolve(spec, None).unwrap_or_else(|_| Origin::File(entry.to_path_buf())),
        None => Origin::File(entry.to_path_buf()),
    };
    // Includes stay in the entry's tree: the working directory when it holds the entry, else the
    // entry's own directory; and in the directories the loader adds.
    let mut roots = loader.include_roots();
    if let Origin::File(p) = &origin {
        let id = loader.identity(p);
        let own = id.parent().map(Path::to_path_buf).unwrap_or_default();
        match loader.working_dir() {
            Some(cwd) if id.starts_with(&cwd) => roots.push(cwd),
            _ => roots.push(own),
        }
    }
    let mut st = State { loader, sources, diags, seen: BTreeMap::new(), stack: Vec::new(), units: Vec::new(), roots };
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
    if let (Some(at), Origin::File(_)) = (from, origin) {
        if !st.roots.iter().any(|r| identity.starts_with(r)) {
            let roots: Vec<String> = st.roots.iter().map(|r| format!("`{}`", r.display())).collect();
            st.diags.push(
                Diagnostic::error(
                    Code::IncludeOutside,
                    at,
                    format!("cannot include `{name}`: it is outside the directories a policy may read"),
                )
                .label("outside the policy's tree")
                .help(match origin {
                    Origin::File(p) if pack_meant(st.loader, p).is_some() => format!(
                        "did you mean the shipped pack `{PACK_PREFIX}{}`? includes stay inside {}",
                        pack_meant(st.loader, p).unwrap_or_default(),
                        roots.join(", ")
                    ),
                    _ => format!(
                        "includes stay inside {}; name another directory with `--include-root DIR`, or include a shipped pack as `cpslint:NAME`",
                        roots.join(", ")
                    ),
                }),
            );
            return;
        }
    }
    if st.stack.len() >= MAX_INCLUDE_DEPTH {
        let at = from.expect("only an include makes the chain deeper");
        st.diags.push(
            Diagnostic::error(
                Code::IncludeDepth,
                at,
                format!("cannot include `{name}`: includes are nested more than {MAX_INCLUDE_DEPTH} deep"),
            )
            .label("one include too many")
            .help("a policy tree this deep is a mistake or an attack; include the shared files from one place"),
        );
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
    // Whatever is not a policy is never parsed, so no diagnostic quotes it: it may be a secret.
    if !looks_like_policy(&text) {
        let why = "it does not begin with `policy \"TITLE\" {`";
        match from {
            Some(at) => st.diags.push(
                Diagnostic::error(
                    Code::NotAPolicy,
                    at,
                    format!("cannot include `{name}`: it is not a policy file ({why})"),
                )
                .label("included here")
                .help("an include names another policy file; its contents are not shown"),
            ),
            None => {
                let id = st.sources.add(name.clone(), path, "");
                st.diags.push(Diagnostic::error(
                    Code::NotAPolicy,
                    Loc::new(id, Span::default()),
                    format!("`{name}` is not a policy file: {why}"),
                ));
            }
        }
        return;
    }
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
    crate::fsio::lexical(p).display().to_string()
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => e.to_string(),
    }
}
