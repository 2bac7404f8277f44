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
    pub fn name(&self) -> String {
        match self {
            Input::File(p) | Input::Found(p) | Input::Candidate(p) | Input::Unreadable(p, _) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
        }
    }
}

/// File name endings that say a file holds certificates: such a file found by
/// the walk is an [`Input::Found`].
const EXTENSIONS: &[&str] = &["pem", "crt", "cer", "der", "tbs", "cert", "p7b", "p7c", "b64"];

/// Expands paths into inputs: directories recursively, sorted by file name.
///
/// Every file of a walked directory is an input: one with a certificate's
/// name ending is an [`Input::Found`], any other an [`Input::Candidate`], whose
/// content decides. Symbolic links are followed, so a linked certificate is
/// linted; a link loop, a directory that cannot be listed or a directory
/// without any file becomes an [`Input::Unreadable`].
pub fn discover(roots: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for root in roots {
        if root == Path::new("-") {
            out.push(Input::Stdin);
            continue;
        }
        if !root.is_dir() {
            out.push(Input::File(root.clone()));
            continue;
        }
        let before = out.len();
        for entry in walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let named = e
                        .path()
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
                    out.push(if named { Input::Found(e.into_path()) } else { Input::Candidate(e.into_path()) });
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                    out.push(Input::Unreadable(at, why));
                }
            }
        }
        if out.len() == before {
            out.push(Input::Unreadable(root.clone(), "the directory holds no file".to_owned()));
        }
    }
    out
}
