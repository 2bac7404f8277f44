//! Opening files that arrive from outside: regular files only, never waiting.
//!
//! A FIFO, a socket or a device named as a policy or a certificate would make
//! a plain `open` or `read` block forever, or read without end; a file under
//! `/proc`, `/sys` or `/dev` is the machine's state, not an input. Files are
//! opened without blocking and checked on the open descriptor, so nothing can
//! be swapped in between the check and the read.

use std::fs::{File, FileType};
use std::io;
use std::path::{Component, Path, PathBuf};

/// What a file type is, in words, for messages.
pub fn kind(t: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// The special file system `path` leads into (`/proc`, `/sys`, `/dev`), once links are resolved.
pub fn special_tree(path: &Path) -> Option<&'static str> {
    let real = std::fs::canonicalize(path).ok()?;
    ["/proc", "/sys", "/dev"].into_iter().find(|root| real.starts_with(root))
}

/// Opens `path` for reading if it is a regular file outside `/proc`, `/sys` and `/dev`.
///
/// # Errors
/// When it cannot be opened, or is anything but such a file; the message says what it is.
pub fn open_regular(path: &Path) -> io::Result<File> {
    if let Some(tree) = special_tree(path) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("it is under {tree}, not an input file")));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO opens at once instead of waiting for a writer; regular files are unaffected.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "it is a directory"));
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {}, not a regular file", kind(meta.file_type())),
        ));
    }
    Ok(file)
}

/// A path with `.` removed and `..` resolved lexically (without the file
/// system): `a/./b/../c` is `a/c`; a `..` past the start is kept.
pub fn lexical(path: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_at_once() {
        for path in ["/dev/zero", "/dev/null", "/proc/self/environ", "/sys/kernel"] {
            if Path::new(path).exists() {
                assert!(open_regular(Path::new(path)).is_err(), "{path}");
            }
        }
        let dir = std::env::temp_dir();
        assert_eq!(open_regular(&dir).unwrap_err().kind(), io::ErrorKind::IsADirectory);
    }
}
