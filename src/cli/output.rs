//! `--output FILE`: written beside the target under a temporary name and
//! renamed over it only when the run completes, so an interrupted or failed
//! run never leaves a half-written file, and an existing file is replaced in
//! one step. SIGINT, SIGTERM and SIGHUP remove the temporary file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

/// The temporary file being written, for the signal handler to remove.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// An output file in progress.
#[derive(Debug)]
pub(crate) struct AtomicOutput {
    temp: NamedTempFile,
    target: PathBuf,
}

impl AtomicOutput {
    /// Creates the temporary file in the target's directory.
    ///
    /// # Errors
    /// When the directory cannot hold a new file.
    pub(crate) fn create(target: &Path) -> io::Result<AtomicOutput> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let temp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".partial").tempfile_in(dir)?;
        install_handler();
        if let Ok(mut pending) = PENDING.lock() {
            *pending = Some(temp.path().to_path_buf());
        }
        Ok(AtomicOutput { temp, target: target.to_path_buf() })
    }

    /// Flushes the file and renames it over the target.
    ///
    /// # Errors
    /// When the data cannot be flushed or the rename fails.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        self.temp.flush()?;
        self.temp.as_file().sync_all()?;
        let result = self.temp.persist(&self.target).map(|_| ()).map_err(|e| e.error);
        if let Ok(mut pending) = PENDING.lock() {
            *pending = None;
        }
        result
    }
}

impl Write for AtomicOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

fn install_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if let Ok(pending) = PENDING.lock() {
                if let Some(path) = pending.as_ref() {
                    let _ = std::fs::remove_file(path);
                }
            }
            // 128 + SIGINT, as shells report an interrupted command.
            std::process::exit(130);
        });
    });
}
