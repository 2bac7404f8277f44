//! `cpslint.toml`, the project file: which policy `check` applies to the
//! inputs below it when `--policy` is not given, as cargo-deny finds
//! `deny.toml` and ruff finds its configuration.
//!
//! For each path named on the command line, the nearest `cpslint.toml` in it
//! (for a directory) or in its parent directories is found, stopping at a
//! repository root (a directory holding `.git`). All the inputs must agree on
//! one project file (or on none, and the default packs apply).

use std::path::{Path, PathBuf};

/// The project file's name.
pub(crate) const FILE: &str = "cpslint.toml";

/// What a project file says.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Project {
    /// The policy: a path relative to the project file, or `cpslint:NAME`.
    policy: String,
}

/// The project file that governs `path`, if any.
fn governing(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() { path.to_path_buf() } else { path.parent()?.to_path_buf() };
    let start = if start.as_os_str().is_empty() { PathBuf::from(".") } else { start };
    let mut dir = start.canonicalize().ok()?;
    loop {
        let candidate = dir.join(FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() || !dir.pop() {
            return None;
        }
    }
}

/// The policy the project files of `paths` name, with the project file, or
/// `None` when no input is under one. Standard input (`-`) is governed by the
/// working directory's. Inputs under different project files are an error.
pub(crate) fn policy_for(paths: &[PathBuf]) -> Result<Option<(PathBuf, PathBuf)>, String> {
    let mut found: Vec<Option<PathBuf>> =
        paths.iter().map(|p| if p.as_os_str() == "-" { governing(Path::new(".")) } else { governing(p) }).collect();
    found.sort();
    found.dedup();
    let file = match found.as_slice() {
        [] | [None] => return Ok(None),
        [Some(f)] => f.clone(),
        _ => {
            let named: Vec<String> = found
                .iter()
                .map(|f| f.as_ref().map_or_else(|| "none".to_owned(), |f| f.display().to_string()))
                .collect();
            return Err(format!(
                "the inputs are under different project files ({}); name the policy with --policy",
                named.join(", ")
            ));
        }
    };
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let project: Project = toml::from_str(&text).map_err(|e| format!("{}: {}", file.display(), e.message()))?;
    let policy = if project.policy.starts_with(cpslint::compile::PACK_PREFIX) {
        PathBuf::from(project.policy)
    } else {
        file.parent().unwrap_or(Path::new(".")).join(project.policy)
    };
    // Named as the user would name them: relative to the working directory when below it.
    let relative = |p: PathBuf| match std::env::current_dir().ok().and_then(|d| d.canonicalize().ok()) {
        Some(cwd) => p.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(p),
        None => p,
    };
    Ok(Some((relative(policy), relative(file))))
}
