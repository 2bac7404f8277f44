//! Source files and locations.
//!
//! Every policy file the compiler reads is kept in a [`SourceMap`] for the whole
//! run, so diagnostics can show any file's text long after parsing. A [`Loc`]
//! (file plus byte span) is attached to every AST node, IR requirement and
//! diagnostic label.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A half-open byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Builds a span from its bounds.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(s: pest::Span<'_>) -> Self {
        Span::new(s.start(), s.end())
    }
}

/// A span in a given file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    /// The file.
    pub file: FileId,
    /// The bytes within it.
    pub span: Span,
}

impl Loc {
    /// Builds a location.
    pub fn new(file: FileId, span: Span) -> Self {
        Self { file, span }
    }
}

/// A value together with where it was written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it came from.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a value.
    pub fn new(node: T, span: Span) -> Self {
        Self { node, span }
    }
}

/// One loaded policy file.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown to users: the path as given, or a label like `<stdin>`.
    pub name: String,
    /// The path used to resolve relative includes, when the file came from disk.
    pub path: Option<PathBuf>,
    /// The full text.
    pub text: Arc<str>,
    line_starts: Vec<usize>,
    /// Characters before each [`CHAR_BLOCK`]-byte block, so a column on a very
    /// long line is found without counting the line from its start.
    block_chars: Vec<usize>,
}

/// Bytes between the checkpoints of [`SourceFile::block_chars`].
const CHAR_BLOCK: usize = 4096;

impl SourceFile {
    fn new(name: String, path: Option<PathBuf>, text: Arc<str>) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let mut block_chars = vec![0];
        let mut chars = 0;
        for block in text.as_bytes().chunks(CHAR_BLOCK) {
            chars += block.iter().filter(|&&b| !is_continuation(b)).count();
            block_chars.push(chars);
        }
        Self { name, path, text, line_starts, block_chars }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        (line + 1, self.chars_before(offset) - self.chars_before(start) + 1)
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset.min(self.text.len())) - 1
    }

    /// Byte range of a 0-based line, without its line break; `None` past the last line.
    pub fn line_range(&self, line: usize) -> Option<(usize, usize)> {
        let start = *self.line_starts.get(line)?;
        let end = self.line_starts.get(line + 1).map_or(self.text.len(), |&next| next - 1);
        let end =
            if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start { end - 1 } else { end };
        Some((start, end))
    }

    /// Number of lines (a final line break starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Characters in the text before a byte offset (rounded down to a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        self.block_chars[block] + self.text.as_bytes()[from..offset].iter().filter(|&&b| !is_continuation(b)).count()
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Every file read during one compilation.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, path: Option<PathBuf>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 2^32 files"));
        self.files.push(SourceFile::new(name.into(), path, text.into()));
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The id of a file already loaded from this path.
    pub fn find_path(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path.as_deref() == Some(path))
            .map(|i| FileId(u32::try_from(i).expect("fewer than 2^32 files")))
    }

    /// `file:line:col` of a location, for plain-text listings.
    pub fn describe(&self, loc: Loc) -> String {
        let f = self.get(loc.file);
        let (line, col) = f.line_col(loc.span.start);
        format!("{}:{line}:{col}", f.name)
    }
}

impl fmt::Display for FileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}
