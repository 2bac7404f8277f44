//! Diagnostics: what the parser and the compiler say about a policy.
//!
//! One data type serves every stage: a [`Diagnostic`] has a stable [`Code`], a
//! severity, a one-line message, labelled spans in one file and optional help.
//! It renders through miette for people ([`Rendered`]) and serialises to JSON
//! for editors and CI, so both formats always carry the same facts.

use std::fmt;

use miette::{LabeledSpan, SourceSpan};
use serde::Serialize;

use crate::source::{Loc, SourceFile, SourceMap, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The policy cannot be used.
    Error,
    /// The policy compiles, but something is probably wrong.
    Warning,
    /// Worth knowing; nothing is wrong with the rules.
    Note,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, )*) => {
        /// Stable diagnostic codes, one per kind of problem.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code { $( $(#[doc = $doc])* $variant, )* }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name, prefixed by its stage.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// What the code means.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim_ascii(),)* }
            }
        }
    };
}

codes! {
    /// A policy file could not be read.
    Io = "io::unreadable",
    /// The text does not follow the grammar.
    Syntax = "parse::syntax",
    /// A string literal has an unknown escape sequence.
    BadEscape = "parse::bad-escape",
    /// A date literal is not a real calendar date.
    BadDate = "parse::bad-date",
    /// A duration literal has an unknown unit or overflows.
    BadDuration = "parse::bad-duration",
    /// A size literal has an unknown unit or overflows.
    BadSize = "parse::bad-size",
    /// An integer literal does not fit in 64 bits.
    BadInt = "parse::bad-int",
    /// An OID literal is not a valid object identifier.
    BadOid = "parse::bad-oid",
    /// A literal is none of the known literal forms.
    BadLiteral = "parse::bad-literal",
    /// Brackets, blocks, quantifiers and `not` nest deeper than the limit.
    TooDeep = "parse::too-deep",
    /// An expression has more operators than the limit.
    TooLong = "parse::too-long",
    /// A statement or block appears where it is not allowed.
    Misplaced = "compile::misplaced",
    /// A statement that may appear once appears again.
    Repeated = "compile::repeated",
    /// A required statement is missing.
    Missing = "compile::missing",
    /// A keyword value (severity, kind, target, type) is not one of the allowed words.
    UnknownKeyword = "compile::unknown-keyword",
    /// A section number is not in the RFC 3647 outline.
    UnknownSection = "compile::unknown-section",
    /// A section title differs from the RFC 3647 title.
    SectionTitle = "compile::section-title",
    /// A section is declared twice in one file.
    DuplicateSection = "compile::duplicate-section",
    /// A requirement ID is declared twice.
    DuplicateRequirement = "compile::duplicate-requirement",
    /// A parameter or profile is declared twice.
    DuplicateName = "compile::duplicate-name",
    /// An `override` names nothing that was included.
    NothingToOverride = "compile::nothing-to-override",
    /// An included file could not be found or read.
    MissingInclude = "compile::missing-include",
    /// Files include each other in a cycle.
    IncludeCycle = "compile::include-cycle",
    /// An include leaves the directories a policy may read.
    IncludeOutside = "compile::include-outside",
    /// Includes are nested too deep.
    IncludeDepth = "compile::include-depth",
    /// A file named as a policy is not one; its contents are not shown.
    NotAPolicy = "io::not-a-policy",
    /// A field path is not in the field schema.
    UnknownField = "compile::unknown-field",
    /// A name is not a parameter, profile, constant or bound variable.
    UnknownName = "compile::unknown-name",
    /// A function is not a builtin.
    UnknownFunction = "compile::unknown-function",
    /// An expression has the wrong type.
    TypeMismatch = "compile::type-mismatch",
    /// A builtin was called with the wrong number of arguments.
    Arity = "compile::arity",
    /// A regular expression does not compile.
    BadRegex = "compile::bad-regex",
    /// A parameter value is not a constant.
    NotConstant = "compile::not-constant",
    /// A message or prose placeholder is malformed.
    BadTemplate = "compile::bad-template",
    /// A requirement uses fields of a subject its target does not cover.
    TargetMismatch = "compile::target-mismatch",
    /// Effective and ineffective dates are in the wrong order.
    DateOrder = "compile::date-order",
    /// Parameters refer to each other in a cycle.
    ParamCycle = "compile::parameter-cycle",
    /// Profiles refer to each other in a cycle.
    ProfileCycle = "compile::profile-cycle",
    /// A `disable` names a requirement that does not exist.
    UnknownRequirement = "compile::unknown-requirement",
    /// A `when` or `require` condition reads nothing from the subject.
    ConstantCondition = "compile::constant-condition",
    /// A parameter is declared and never used.
    UnusedParam = "compile::unused-param",
    /// A constant, or a condition with its profiles expanded, is larger or deeper than the limit.
    TooLarge = "compile::too-large",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A labelled span within the diagnostic's file.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where.
    pub loc: Loc,
    /// What to say there (may be empty).
    pub text: String,
    /// Whether this is the main location.
    pub primary: bool,
}

/// One problem found in a policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// What kind of problem.
    pub code: Code,
    /// Error or warning.
    pub level: Level,
    /// One line, lowercase, user input in backticks.
    pub message: String,
    /// Where; the first primary label is the diagnostic's location.
    pub labels: Vec<Label>,
    /// Advice on fixing it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at one location.
    pub fn error(code: Code, loc: Loc, message: impl Into<String>) -> Self {
        Self::at(code, Level::Error, loc, message)
    }

    /// A warning at one location.
    pub fn warning(code: Code, loc: Loc, message: impl Into<String>) -> Self {
        Self::at(code, Level::Warning, loc, message)
    }

    /// A note at one location.
    pub fn note(code: Code, loc: Loc, message: impl Into<String>) -> Self {
        Self::at(code, Level::Note, loc, message)
    }

    fn at(code: Code, level: Level, loc: Loc, message: impl Into<String>) -> Self {
        Self {
            code,
            level,
            message: message.into(),
            labels: vec![Label { loc, text: String::new(), primary: true }],
            help: None,
        }
    }

    /// Sets the text of the primary label.
    #[must_use]
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.labels[0].text = text.into();
        self
    }

    /// Adds a secondary label, possibly in another file.
    #[must_use]
    pub fn with_label(mut self, loc: Loc, text: impl Into<String>) -> Self {
        self.labels.push(Label { loc, text: text.into(), primary: false });
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help text when there is one.
    #[must_use]
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// The primary location.
    pub fn loc(&self) -> Loc {
        self.labels[0].loc
    }

    /// Whether this diagnostic makes the policy unusable.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// The order diagnostics are shown in: by file, position, then code.
    pub fn sort_key(&self) -> (u32, usize, usize, Code, &str) {
        let loc = self.loc();
        (loc.file.0, loc.span.start, loc.span.end, self.code, &self.message)
    }

    /// Pairs the diagnostic with the sources needed to render it.
    pub fn rendered<'a>(&'a self, sources: &'a SourceMap) -> Rendered<'a> {
        Rendered {
            diag: self,
            sources,
            source: named_source(sources, self.loc()),
            related: self
                .labels
                .iter()
                .filter(|l| !l.primary && l.loc.file != self.loc().file)
                .map(|l| Related {
                    text: if l.text.is_empty() { "see also".to_owned() } else { l.text.clone() },
                    loc: l.loc,
                    source: named_source(sources, l.loc),
                })
                .collect(),
        }
    }

    /// The machine-readable form used by `--format json`.
    pub fn to_json(&self, sources: &SourceMap) -> JsonDiagnostic {
        let place = |loc: Loc| {
            let f = sources.get(loc.file);
            let (line, column) = f.line_col(loc.span.start);
            let (end_line, end_column) = f.line_col(loc.span.end);
            JsonLocation {
                file: f.name.clone(),
                line,
                column,
                end_line,
                end_column,
                offset: loc.span.start,
                length: loc.span.len(),
            }
        };
        JsonDiagnostic {
            code: self.code.name(),
            severity: self.level,
            message: self.message.clone(),
            location: place(self.loc()),
            labels: self
                .labels
                .iter()
                .map(|l| JsonLabel { message: l.text.clone(), primary: l.primary, location: place(l.loc) })
                .collect(),
            help: self.help.clone(),
        }
    }
}

fn named_source(sources: &SourceMap, loc: Loc) -> FileSource<'_> {
    FileSource(sources.get(loc.file))
}

/// Lines longer than this many bytes are shown clipped around the spans on them.
const LONG_LINE: usize = 1_000;
/// The most bytes of a label on a long line that are underlined.
const LABEL_CLIP: usize = 200;
/// Bytes shown either side of a span on a long line.
const MARGIN: usize = 100;

/// A policy file for miette.
///
/// Reads spans through the file's line index, so rendering a diagnostic costs
/// the lines it shows, not the file before them; columns are in characters (as
/// in the JSON form), not bytes, so `file:8:22` is right on lines with `é`; and
/// a very long line is shown as a window around its spans, because miette
/// cannot lay out columns past `u16::MAX`.
#[derive(Debug)]
struct FileSource<'a>(&'a SourceFile);

impl FileSource<'_> {
    fn inner(&self) -> &str {
        &self.0.text
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether a line is too long to show whole.
fn long_line(f: &SourceFile, line: usize) -> bool {
    f.line_range(line).is_some_and(|(s, e)| e - s > LONG_LINE)
}

/// The part of a label's span that is shown: all of it, except on a long line,
/// where it is cut to one line and [`LABEL_CLIP`] bytes.
fn shown_span(f: &SourceFile, span: Span) -> Span {
    let (first, last) = (f.line_of(span.start), f.line_of(span.end));
    if !(first..=last).any(|l| long_line(f, l)) {
        return span;
    }
    let line_end = f.line_range(first).map_or(span.start, |(_, e)| e);
    let end = span.end.min(line_end).min(span.start + LABEL_CLIP).max(span.start);
    Span::new(span.start, floor_boundary(&f.text, end).max(span.start))
}

impl miette::SourceCode for FileSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let f = self.0;
        let text: &'a str = &f.text;
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let first = f.line_of(start);
        let last = f.line_of(end.saturating_sub(1).max(start));
        let lo = first.saturating_sub(before);
        let hi = (last + after + 1).min(f.line_count() - 1);
        let column = |at: usize| f.line_col(at).1 - 1;
        if !(lo..=hi).any(|l| long_line(f, l)) {
            // miette's own reading, on whole lines around the span with one to spare.
            let window_start = f.line_range(lo.saturating_sub(1)).map_or(0, |(s, _)| s);
            let window_end = f.line_range(hi + 2).map_or(text.len(), |(s, _)| s);
            let base = f.line_of(window_start);
            let window = &text[window_start..window_end];
            let local = SourceSpan::new((start - window_start).into(), span.len());
            let c = window.read_span(&local, before, after)?;
            let data_start = window_start + c.span().offset();
            return Ok(Box::new(miette::MietteSpanContents::new_named(
                f.name.clone(),
                c.data(),
                SourceSpan::new(data_start.into(), c.span().len()),
                base + c.line(),
                column(data_start),
                base + c.line_count(),
            )));
        }
        // A long line: only the span's own line, clipped around it. Spans that
        // cannot be shown that way are refused, so miette shows them apart.
        if first != last || span.len() > 2 * LABEL_CLIP {
            return Err(miette::MietteError::OutOfBounds);
        }
        let (line_start, line_end) = f.line_range(first).unwrap_or((start, end));
        let from = if before == 0 { start } else { floor_boundary(text, start.saturating_sub(MARGIN).max(line_start)) };
        let to = ceil_boundary(text, (end + MARGIN).min(line_end)).max(end);
        Ok(Box::new(miette::MietteSpanContents::new_named(
            f.name.clone(),
            &text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            first,
            column(from),
            first + 1 + after,
        )))
    }
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.len())
}

/// A diagnostic ready for miette's report handlers.
#[derive(Debug)]
pub struct Rendered<'a> {
    diag: &'a Diagnostic,
    sources: &'a SourceMap,
    source: FileSource<'a>,
    related: Vec<Related<'a>>,
}

/// A label in another file, shown as a related note.
#[derive(Debug)]
struct Related<'a> {
    text: String,
    loc: Loc,
    source: FileSource<'a>,
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code.name()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
            Level::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        // A file that could not be read has no text to show.
        (!self.source.inner().is_empty()).then_some(&self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.inner().is_empty() {
            return None;
        }
        let file = self.diag.loc().file;
        Some(Box::new(self.diag.labels.iter().filter(move |l| l.loc.file == file).map(|l| {
            let text = (!l.text.is_empty()).then(|| l.text.clone());
            let span = source_span(shown_span(self.source.0, l.loc.span));
            if l.primary {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            }
        })))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
    }
}

impl fmt::Display for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Related<'_> {}

impl miette::Diagnostic for Related<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = shown_span(self.source.0, self.loc.span);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(None, source_span(span)))))
    }
}

impl Rendered<'_> {
    /// The source map the diagnostic points into.
    pub fn sources(&self) -> &SourceMap {
        self.sources
    }
}

/// A diagnostic location in `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonLocation {
    /// File name as shown to users.
    pub file: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
    /// Byte offset of the start.
    pub offset: usize,
    /// Length in bytes.
    pub length: usize,
}

/// A label in `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonLabel {
    /// What the label says.
    pub message: String,
    /// Whether it is the main location.
    pub primary: bool,
    /// Where.
    pub location: JsonLocation,
}

/// One diagnostic in `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// Stable code, e.g. `compile::unknown-field`.
    pub code: &'static str,
    /// `error`, `warning` or `note`.
    pub severity: Level,
    /// One-line message.
    pub message: String,
    /// Primary location.
    pub location: JsonLocation,
    /// Every label, primary first.
    pub labels: Vec<JsonLabel>,
    /// Advice, if any.
    pub help: Option<String>,
}

/// Returns the candidate closest to `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(name) {
            return Some(c);
        }
        // Very short names are close to everything: suggest only real near misses.
        if name.chars().count() < 3 {
            continue;
        }
        // Dotted paths share long prefixes (`cert.`): compare what follows the shared segments.
        let (a, b) = without_shared_segments(name, c);
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let close = strsim::jaro_winkler(a, b) >= 0.85 || strsim::damerau_levenshtein(a, b) <= (a.len() / 4).max(1);
        let score = strsim::jaro_winkler(name, c);
        if close && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Strips the dot-separated segments two names share at their start.
fn without_shared_segments<'a, 'b>(a: &'a str, b: &'b str) -> (&'a str, &'b str) {
    let mut cut = 0;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            break;
        }
        if x == '.' {
            cut = i + 1;
        }
    }
    (&a[cut..], &b[cut..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_described() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate diagnostic code");
        for c in Code::ALL {
            assert!(!c.description().is_empty(), "{c} has no description");
            let (stage, rest) = c.name().split_once("::").unwrap();
            assert!(["io", "parse", "compile"].contains(&stage));
            assert!(rest.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'));
        }
    }

    #[test]
    fn suggestions() {
        let c = ["cert.basic_constraints.ca", "cert.key_usage", "cert.eku"];
        assert_eq!(did_you_mean("cert.basic_constrains.ca", c), Some("cert.basic_constraints.ca"));
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
