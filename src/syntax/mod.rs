//! Stage 1: policy text to AST.
//!
//! In: one file's text. Out: a [`PolicyFile`] and every syntax diagnostic in the
//! file. The parser never looks at other files, the schema or the outline;
//! includes, names and types are the compiler's business.

pub mod ast;
mod error;
mod lower;

use pest::Parser as _;
use pest_derive::Parser;

pub use ast::PolicyFile;

use crate::diagnostic::{Code, Diagnostic};
use crate::limits::{MAX_LIST_ITEMS, MAX_NESTING, MAX_TOKENS};
use crate::source::{FileId, Loc, Span};

#[derive(Parser)]
#[grammar = "../grammar/policy.pest"]
struct PolicyParser;

/// The most syntax errors reported for one file.
const MAX_ERRORS: usize = 50;

/// Parses one policy file.
///
/// Returns the AST when the file is syntactically valid, and every diagnostic
/// found: all syntax errors (the parser resynchronises at the next statement
/// or block after each one), or the literal errors found while lowering.
///
/// Nesting deeper than [`MAX_NESTING`] is refused before pest, which recurses
/// on it, sees the text; the work runs on a thread with a large stack as well.
pub fn parse(file: FileId, text: &str) -> (Option<PolicyFile>, Vec<Diagnostic>) {
    if let Some(d) = too_deep(file, text, 0) {
        return (None, vec![d]);
    }
    crate::limits::with_stack(|| parse_checked(file, text))
}

fn parse_checked(file: FileId, text: &str) -> (Option<PolicyFile>, Vec<Diagnostic>) {
    match PolicyParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let mut lowerer = lower::Lowerer::new(file);
            let ast = lowerer.file(pairs.next().expect("a file pair"));
            (Some(ast), lowerer.diags)
        }
        Err(first) => {
            let mut diags = Recovery { file, text, diags: Vec::new() }.run();
            if diags.is_empty() {
                diags.push(error::syntax_error(file, text, 0, &first));
            }
            (None, diags)
        }
    }
}

/// Rejects nesting deeper than [`MAX_NESTING`], outside strings and comments,
/// in text that starts at byte `base` of the file.
///
/// Each bracket and brace opens a level until it closes; each `not` opens one
/// until the operand it negates can end: at `and`, `or`, `implies`, `,`, `:`,
/// a closing bracket or the next statement. This counts at least as deep as
/// the parser will recurse.
pub(crate) fn too_deep(file: FileId, text: &str, base: usize) -> Option<Diagnostic> {
    // The `not`s open at each bracket level, innermost last.
    let mut levels: Vec<usize> = vec![0];
    let mut depth = 0usize;
    let mut scan = Scanner::new(text, 0);
    let mut tokens = 0usize;
    // Commas at each bracket level: the items of a list literal.
    let mut commas: Vec<usize> = vec![0];
    loop {
        scan.skip_trivia();
        let at = scan.pos;
        tokens += 1;
        if tokens > MAX_TOKENS {
            return Some(
                Diagnostic::error(
                    Code::TooLong,
                    Loc::new(file, Span::new(base + at, base + at)),
                    "the policy is too long",
                )
                .label(format!("token {tokens}; a file may hold at most {MAX_TOKENS}"))
                .help("split the policy into files that include each other"),
            );
        }
        let word = scan.word();
        let c = if word.is_empty() {
            match scan.next_code_char() {
                Some((_, c)) => c,
                None => return None,
            }
        } else {
            scan.pos += word.len();
            ' '
        };
        let top = levels.last_mut().expect("the outer level");
        let opened = match (word, c) {
            ("not", _) => {
                *top += 1;
                true
            }
            ("", ',') => {
                depth -= std::mem::take(top);
                let items = commas.last_mut().expect("the outer level");
                *items += 1;
                if *items >= MAX_LIST_ITEMS {
                    return Some(
                        Diagnostic::error(
                            Code::TooLong,
                            Loc::new(file, Span::new(base + at, base + at + 1)),
                            "the list is too long",
                        )
                        .label(format!("item {}; a list may hold at most {MAX_LIST_ITEMS}", *items + 1))
                        .help("split the values into several parameters and join them with `+`"),
                    );
                }
                false
            }
            ("and" | "or" | "implies", _) | ("", ':') => {
                depth -= std::mem::take(top);
                false
            }
            (w, _) if ITEM_WORDS.contains(&w) => {
                depth -= std::mem::take(top);
                false
            }
            ("", '(' | '[' | '{') => {
                levels.push(0);
                commas.push(0);
                true
            }
            ("", ')' | ']' | '}') => {
                if levels.len() > 1 {
                    depth -= levels.pop().expect("an inner level") + 1;
                    commas.pop();
                }
                false
            }
            _ => false,
        };
        if opened {
            depth += 1;
            if depth > MAX_NESTING {
                let len = if word.is_empty() { c.len_utf8() } else { word.len() };
                let what = if word.is_empty() { format!("`{c}`") } else { "`not`".to_owned() };
                return Some(
                    Diagnostic::error(Code::TooDeep, Loc::new(file, Span::new(base + at, base + at + len)), "nesting is too deep")
                        .label(format!("{what} opens level {depth}; at most {MAX_NESTING} are allowed"))
                        .help("brackets, blocks, quantifiers and `not` each nest a level; split the expression with profiles or parameters"),
                );
            }
        }
    }
}

/// Walks text skipping comments and string literals.
struct Scanner<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, pos: usize) -> Self {
        Self { text, pos }
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n', '\u{FEFF}']);
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if let Some(body) = trimmed.strip_prefix("/*") {
                self.pos += body.find("*/").map_or(trimmed.len(), |i| i + 4);
            } else {
                return;
            }
        }
    }

    /// The next character that is not in a comment or string, with its offset.
    /// A string literal is returned as its opening quote only.
    fn next_code_char(&mut self) -> Option<(usize, char)> {
        self.skip_trivia();
        let rest = self.rest();
        let c = rest.chars().next()?;
        let at = self.pos;
        if let Some(body) = rest.strip_prefix("\"\"\"") {
            self.pos += body.find("\"\"\"").map_or(rest.len(), |i| i + 6);
        } else if c == '"' {
            let mut end = rest.len();
            let mut escaped = false;
            for (i, ch) in rest.char_indices().skip(1) {
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' || ch == '\n' {
                    end = i + 1;
                    break;
                }
            }
            self.pos += end;
        } else {
            self.pos += c.len_utf8();
        }
        Some((at, c))
    }

    fn at_line_start(&self) -> bool {
        self.text[..self.pos].trim_end_matches([' ', '\t']).ends_with('\n') || self.pos == 0
    }

    fn word(&self) -> &'t str {
        let rest = self.rest();
        &rest[..rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len())]
    }
}

/// Words that begin an item; recovery resumes at a line starting with one.
const ITEM_WORDS: &[&str] = &[
    "section",
    "requirement",
    "manual",
    "override",
    "kind",
    "oid",
    "version",
    "effective",
    "ineffective",
    "authority",
    "contact",
    "revision",
    "include",
    "param",
    "profile",
    "disable",
    "text",
    "severity",
    "cites",
    "zlint",
    "pkilint",
    "target",
    "when",
    "require",
    "message",
    "evidence",
];

/// Re-parses a file that failed, item by item, to report every syntax error.
struct Recovery<'t> {
    file: FileId,
    text: &'t str,
    diags: Vec<Diagnostic>,
}

impl Recovery<'_> {
    fn run(mut self) -> Vec<Diagnostic> {
        let mut s = Scanner::new(self.text, 0);
        s.skip_trivia();
        match self.try_rule(Rule::policy_head, s.pos) {
            Ok(end) => {
                let open = self.text[..end].rfind('{').unwrap_or(end);
                let end = self.items(end, open);
                let mut s = Scanner::new(self.text, end);
                s.skip_trivia();
                if s.pos < self.text.len() {
                    if let Err(d) = self.try_rule(Rule::EOI, s.pos) {
                        self.push(d);
                    }
                }
            }
            Err(d) => {
                self.push(d);
                // Without a valid head, still look for errors in the items.
                let resume = self.sync(s.pos);
                self.items(resume, s.pos);
            }
        }
        self.diags
    }

    fn push(&mut self, d: Diagnostic) {
        if self.diags.len() < MAX_ERRORS && !self.diags.iter().any(|x| x.loc() == d.loc()) {
            self.diags.push(d);
        }
    }

    /// Parses `rule` at `pos`; returns the end offset or a diagnostic.
    fn try_rule(&self, rule: Rule, pos: usize) -> Result<usize, Diagnostic> {
        let end = if rule == Rule::EOI { self.text.len() } else { self.window(pos) };
        match PolicyParser::parse(rule, &self.text[pos..end]) {
            Ok(mut pairs) => Ok(pos + pairs.next().map_or(0, |p| p.as_span().end())),
            Err(e) => Err(error::syntax_error(self.file, self.text, pos, &e)),
        }
    }

    /// Parses and lowers one statement at `pos`, keeping the diagnostics of
    /// lowering (bad literals, missing operands); returns its end offset.
    fn statement(&mut self, pos: usize) -> Result<usize, Diagnostic> {
        let slice = &self.text[pos..self.window(pos)];
        match PolicyParser::parse(Rule::statement, slice) {
            Ok(mut pairs) => {
                let pair = pairs.next().expect("a statement pair");
                let end = pos + pair.as_span().end();
                let mut lowerer = lower::Lowerer::new(self.file);
                lowerer.statement_only(pair);
                for mut d in lowerer.diags {
                    for l in &mut d.labels {
                        l.loc.span = Span::new(l.loc.span.start + pos, l.loc.span.end + pos);
                    }
                    self.push(d);
                }
                Ok(end)
            }
            Err(e) => Err(error::syntax_error(self.file, self.text, pos, &e)),
        }
    }

    /// Parses block items from `pos` up to and including the closing brace of
    /// the block opened at `open`; returns the offset after it.
    fn items(&mut self, mut pos: usize, open: usize) -> usize {
        loop {
            if self.diags.len() >= MAX_ERRORS {
                return self.text.len();
            }
            let mut s = Scanner::new(self.text, pos);
            s.skip_trivia();
            pos = s.pos;
            if pos >= self.text.len() {
                let mut d = Diagnostic::error(Code::Syntax, Loc::new(self.file, Span::new(pos, pos)), "unclosed `{`")
                    .label("the file ends here");
                if self.text[open..].starts_with('{') {
                    d = d.with_label(Loc::new(self.file, Span::new(open, open + 1)), "this `{` is never closed");
                }
                self.push(d);
                return pos;
            }
            if self.text[pos..].starts_with('}') {
                return pos + 1;
            }
            match self.try_rule(Rule::block_head, pos) {
                Ok(end) => {
                    let brace = self.text[..end].rfind('{').unwrap_or(end);
                    pos = self.items(end, brace);
                    continue;
                }
                Err(head_err) => match self.statement(pos) {
                    Ok(end) => pos = end,
                    Err(stmt_err) => {
                        // Report whichever attempt got further into the text.
                        let d = if head_err.loc().span.start > stmt_err.loc().span.start { head_err } else { stmt_err };
                        self.push(d);
                        pos = self.sync(pos);
                    }
                },
            }
        }
    }

    /// The end of the text that an item starting at `pos` can reach: a little past
    /// its first brace, or past the next word that starts another item (outside
    /// strings and comments, and not a field name after `.`). pest scans its
    /// whole input when it reports an error, so each attempt is given only this
    /// much, which keeps recovery linear in the size of the file, even on one line.
    fn window(&self, pos: usize) -> usize {
        let mut s = Scanner::new(self.text, pos);
        s.skip_trivia();
        let mut last_word = s.word();
        if last_word.is_empty() {
            s.next_code_char();
        } else {
            s.pos += last_word.len();
        }
        let mut last_char = ' ';
        let stop = loop {
            s.skip_trivia();
            if s.pos >= self.text.len() {
                break s.pos;
            }
            let word = s.word();
            if !word.is_empty() {
                // `cert.version`, `param p: text`, `list<text>` and `override param` go on.
                let goes_on = matches!(last_char, '.' | ':' | '<') || last_word == "override";
                if ITEM_WORDS.contains(&word) && !goes_on {
                    break s.pos;
                }
                (last_word, last_char) = (word, ' ');
                s.pos += word.len();
                continue;
            }
            match s.next_code_char() {
                Some((at, '{' | '}')) => break at + 1,
                Some((_, c)) => (last_word, last_char) = ("", c),
                None => break s.pos,
            }
        };
        // Room for the token found there, so messages can name it.
        let mut end = (stop + 64).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    /// Skips the broken item at `pos`: to the next line that starts an item at
    /// the same depth, or to the `}` closing the current block.
    fn sync(&self, pos: usize) -> usize {
        let mut s = Scanner::new(self.text, pos);
        // Always move past the first token, so recovery makes progress.
        s.next_code_char();
        let mut depth = 0usize;
        loop {
            s.skip_trivia();
            if s.pos >= self.text.len() {
                return s.pos;
            }
            if depth == 0 && s.at_line_start() && ITEM_WORDS.contains(&s.word()) {
                return s.pos;
            }
            match s.next_code_char() {
                Some((_, '{')) => depth += 1,
                Some((at, '}')) => {
                    if depth == 0 {
                        return at;
                    }
                    depth -= 1;
                }
                Some(_) => {}
                None => return s.pos,
            }
        }
    }
}
