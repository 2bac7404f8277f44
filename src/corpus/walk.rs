//! Finding inputs: files and directories walked in a sorted, deterministic order.

use std::path::{Path, PathBuf};

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file named on the command line: whatever it holds is reported.
    File(PathBuf),
    /// A file found by the walk with a certificate's name ending (`.pem`, `.crt`, …):
    /// reported unless it plainly holds something else (only keys, CSRs or CRLs).
    Found(PathBuf),
    /// A file found by the walk whose name does not say what it holds: linted
    /// when its content holds a certificate, otherwise counted as skipped.
    Candidate(PathBuf),
    /// Standard input, read once.
    Stdin,
    /// A path that could not be walked, with the reason.
    Unreadable(PathBuf, String),
}

impl Input {
    /// The name shown in findings.
    ///
    /// A name that is not UTF-8 keeps every byte: each invalid one is written
    /// `\xNN`, so two such names never collapse into one.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) | Input::Found(p) | Input::Candidate(p) | Input::Unreadable(p, _) => path_text(p),
            Input::Stdin => "<stdin>".to_owned(),
        }
    }
}

/// A path as text, invalid UTF-8 bytes written `\xNN`.
pub fn path_text(p: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in p.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        p.display().to_string()
    }
}

/// File name endings that say a file holds certificates: such a file found by
/// the walk is an [`Input::Found`].
const EXTENSIONS: &[&str] = &["pem", "crt", "cer", "der", "tbs", "cert", "p7b", "p7c", "b64"];

/// Expands paths into inputs, lazily: directories recursively, sorted by file name.
///
/// Every file of a walked directory is an input: one with a certificate's
/// name ending is an [`Input::Found`], any other an [`Input::Candidate`], whose
/// content decides. Symbolic links to files are followed wherever they lead
/// (reading refuses `/proc`, `/sys` and `/dev`); a link to a directory is
/// followed only when the directory is inside the walked one, so a link to
/// `/` or `/proc` never takes the walk out of its tree. A link loop, a
/// directory that cannot be listed, a link to a directory elsewhere, a FIFO,
/// socket or device, and a directory without any file each become an
/// [`Input::Unreadable`] with the reason. Inputs are produced as the walk
/// finds them, so linting starts at once and a huge tree is never held in memory.
pub fn discover(roots: impl IntoIterator<Item = PathBuf>) -> Discover {
    Discover { roots: roots.into_iter().collect::<Vec<_>>().into_iter(), walk: None }
}

/// The inputs of [`discover`], in order.
#[derive(Debug)]
pub struct Discover {
    roots: std::vec::IntoIter<PathBuf>,
    walk: Option<Walk>,
}

#[derive(Debug)]
struct Walk {
    root: PathBuf,
    /// The root with links resolved: linked directories must be inside it.
    real: Option<PathBuf>,
    it: walkdir::IntoIter,
    found: bool,
}

impl Iterator for Discover {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(w) = &mut self.walk {
                match w.next() {
                    Some(input) => return Some(input),
                    None => {
                        let done = self.walk.take().expect("just matched");
                        if !done.found {
                            return Some(Input::Unreadable(done.root, "the directory holds no file".to_owned()));
                        }
                        continue;
                    }
                }
            }
            let root = self.roots.next()?;
            if root == Path::new("-") {
                return Some(Input::Stdin);
            }
            if !root.is_dir() {
                return Some(Input::File(root));
            }
            let it = walkdir::WalkDir::new(&root).follow_links(true).sort_by_file_name().into_iter();
            let real = std::fs::canonicalize(&root).ok();
            self.walk = Some(Walk { root, real, it, found: false });
        }
    }
}

impl Walk {
    fn next(&mut self) -> Option<Input> {
        loop {
            let entry = match self.it.next()? {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().map_or_else(|| self.root.clone(), Path::to_path_buf);
                    let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                    self.found = true;
                    return Some(Input::Unreadable(at, why));
                }
            };
            let t = entry.file_type();
            if t.is_dir() {
                if entry.path_is_symlink() && !self.inside(entry.path()) {
                    self.it.skip_current_dir();
                    self.found = true;
                    let why = format!(
                        "it links to a directory outside `{}`, which the walk does not follow (name that directory on the command line to lint it)",
                        self.root.display()
                    );
                    return Some(Input::Unreadable(entry.into_path(), why));
                }
                continue;
            }
            self.found = true;
            if !t.is_file() {
                let why = format!("it is {}, not a regular file", crate::fsio::kind(t));
                return Some(Input::Unreadable(entry.into_path(), why));
            }
            let named = entry
                .path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
            return Some(if named { Input::Found(entry.into_path()) } else { Input::Candidate(entry.into_path()) });
        }
    }

    /// Whether a linked directory is inside the walked one (and not a special file system).
    fn inside(&self, path: &Path) -> bool {
        match (&self.real, std::fs::canonicalize(path)) {
            (Some(root), Ok(target)) => target.starts_with(root) && crate::fsio::special_tree(&target).is_none(),
            _ => false,
        }
    }
}
