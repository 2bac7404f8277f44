//! Finding inputs: files and directories walked in a sorted, deterministic order.

use std::path::{Path, PathBuf};

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input, read once.
    Stdin,
    /// A path that could not be walked, with the reason.
    Unreadable(PathBuf, String),
}

impl Input {
    /// The name shown in findings.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) | Input::Unreadable(p, _) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
        }
    }
}

/// File name endings read when walking a directory; files named directly are always read.
const EXTENSIONS: &[&str] = &["pem", "crt", "cer", "der", "tbs", "cert"];

/// Expands paths into inputs: directories recursively, sorted by file name.
///
/// Symbolic links are followed, so a linked certificate is linted; a link
/// loop or a directory that cannot be listed becomes an [`Input::Unreadable`].
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
        for entry in walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let wanted = e
                        .path()
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
                    if wanted {
                        out.push(Input::File(e.into_path()));
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                    out.push(Input::Unreadable(at, why));
                }
            }
        }
    }
    out
}
