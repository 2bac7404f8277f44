//! JSON configuration files (cfssl, step-ca): a streaming reader builds a tree
//! whose every value knows its line and column, and the importers read it
//! back through typed accessors that report wrong types at the value.
//!
//! The reader takes strict JSON (RFC 8259: no comments, no trailing commas),
//! as Go's `encoding/json`, which both tools use, does. Nesting deeper than
//! [`MAX_DEPTH`] is refused while reading, so no input can make the tree, its
//! readers or its drop recurse further than that.

use std::sync::Arc;

use struson::reader::{JsonReader, JsonReaderPosition, JsonStreamReader, ReaderError, ReaderSettings, ValueType};

use super::tree::{Node, Place, Problem, Provenance, Scalar};
use crate::diagnostic::did_you_mean;

/// The deepest nesting of arrays and objects read.
pub(crate) const MAX_DEPTH: u32 = 128;

/// A JSON value and where it starts.
#[derive(Clone, Debug)]
pub(crate) struct Value {
    /// Where the value's first character is.
    pub(crate) at: Place,
    /// The value.
    pub(crate) json: Json,
}

/// The kinds of JSON value.
#[derive(Clone, Debug)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// A number as written.
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in file order, duplicates kept.
    Object(Vec<Member>),
}

/// An object member.
#[derive(Clone, Debug)]
pub(crate) struct Member {
    pub(crate) name: String,
    /// Where the member's name is.
    pub(crate) at: Place,
    pub(crate) value: Value,
}

/// A container being read.
enum Frame {
    Array(Place, Vec<Value>),
    /// An object, and the name of the member whose value is being read.
    Object(Place, Vec<Member>, Option<(String, Place)>),
}

/// Parses `text`; a syntax error is one problem at its line and column.
pub(crate) fn parse(file: &Arc<str>, text: &str) -> Result<Value, Problem> {
    let settings = ReaderSettings { track_path: false, max_nesting_depth: Some(MAX_DEPTH), ..Default::default() };
    let mut reader = JsonStreamReader::new_custom(text.as_bytes(), settings);
    let value = build(&mut reader, file).map_err(|e| problem_of(&e, file))?;
    reader.consume_trailing_whitespace().map_err(|e| problem_of(&e, file))?;
    Ok(value)
}

fn here(reader: &JsonStreamReader<&[u8]>, file: &Arc<str>) -> Place {
    place_of(&reader.current_position(false), file)
}

fn place_of(p: &JsonReaderPosition, file: &Arc<str>) -> Place {
    let (line, column) = p.line_pos.as_ref().map_or((0, 0), |l| (l.line, l.column));
    let n = |v: u64| usize::try_from(v).unwrap_or(usize::MAX).saturating_add(1);
    Place { file: file.clone(), line: n(line), column: n(column) }
}

/// Reads one value, iteratively: containers are frames on a stack, not calls.
fn build(reader: &mut JsonStreamReader<&[u8]>, file: &Arc<str>) -> Result<Value, ReaderError> {
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let closing = !stack.is_empty() && !reader.has_next()?;
        let value = if closing {
            match stack.pop() {
                Some(Frame::Array(at, items)) => {
                    reader.end_array()?;
                    Value { at, json: Json::Array(items) }
                }
                Some(Frame::Object(at, members, _)) => {
                    reader.end_object()?;
                    Value { at, json: Json::Object(members) }
                }
                None => continue,
            }
        } else {
            if let Some(Frame::Object(_, _, pending)) = stack.last_mut() {
                let at = here(reader, file);
                *pending = Some((reader.next_name_owned()?, at));
            }
            let kind = reader.peek()?;
            let at = here(reader, file);
            let json = match kind {
                ValueType::Array => {
                    reader.begin_array()?;
                    stack.push(Frame::Array(at, Vec::new()));
                    continue;
                }
                ValueType::Object => {
                    reader.begin_object()?;
                    stack.push(Frame::Object(at, Vec::new(), None));
                    continue;
                }
                ValueType::String => Json::String(reader.next_string()?),
                ValueType::Number => Json::Number(reader.next_number_as_string()?),
                ValueType::Boolean => Json::Bool(reader.next_bool()?),
                ValueType::Null => {
                    reader.next_null()?;
                    Json::Null
                }
            };
            Value { at, json }
        };
        match stack.last_mut() {
            None => return Ok(value),
            Some(Frame::Array(_, items)) => items.push(value),
            Some(Frame::Object(_, members, pending)) => {
                if let Some((name, at)) = pending.take() {
                    members.push(Member { name, at, value });
                }
            }
        }
    }
}

fn problem_of(e: &ReaderError, file: &Arc<str>) -> Problem {
    use struson::reader::SyntaxErrorKind as K;
    let (why, at) = match e {
        ReaderError::SyntaxError(s) => {
            let why = match s.kind {
                K::IncompleteDocument => {
                    "the text ends inside a value: a `}`, `]` or `\"` is missing (is the file cut short?)"
                }
                K::MissingComma => "a `,` is missing between two values",
                K::TrailingCommaNotEnabled => "a `,` before a closing bracket (JSON allows no trailing comma)",
                K::CommentsNotEnabled | K::IncompleteComment | K::BlockCommentNotClosed => "a comment (JSON has none)",
                K::MissingColon => "a `:` is missing after a member name",
                K::ExpectingMemberNameOrObjectEnd => "expected a member name in double quotes, or `}`",
                K::MalformedNumber | K::TrailingDataAfterNumber => "a malformed number",
                K::InvalidLiteral | K::TrailingDataAfterLiteral => {
                    "not a JSON value (text is in double quotes; the words are true, false and null)"
                }
                K::UnexpectedClosingBracket => "a closing bracket that matches no opening one",
                K::UnexpectedComma => "a `,` where a value is expected",
                K::UnexpectedColon => "a `:` where a value is expected",
                K::NotEscapedControlCharacter => "a control character in a string (escape it: `\\n`, `\\t`, `\\u0000`)",
                K::UnknownEscapeSequence | K::MalformedEscapeSequence | K::UnpairedSurrogatePairEscapeSequence => {
                    "a malformed escape sequence in a string"
                }
                K::TrailingData => "more text after the JSON value",
                _ => "malformed JSON",
            };
            (why.to_owned(), &s.location)
        }
        ReaderError::MaxNestingDepthExceeded { location, .. } => {
            (format!("arrays and objects nested more than {MAX_DEPTH} deep; not read"), location)
        }
        ReaderError::UnsupportedNumberValue { number, location } => {
            (format!("`{}` is not a number cpslint reads", shorten(number)), location)
        }
        ReaderError::IoError { error, location } => (format!("cannot be read: {error}"), location),
        ReaderError::UnexpectedValueType { location, .. } | ReaderError::UnexpectedStructure { location, .. } => {
            ("malformed JSON".to_owned(), location)
        }
        // A kind of error later versions may add.
        _ => {
            return Problem {
                message: "not valid JSON".to_owned(),
                at: Place { file: file.clone(), line: 1, column: 1 },
            };
        }
    };
    Problem { message: format!("not valid JSON: {why}"), at: place_of(at, file) }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.to_owned()
    }
}

impl Value {
    /// The members, when the value is an object.
    pub(crate) fn members(&self) -> Option<&[Member]> {
        match &self.json {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The value of member `key`, as Go's `encoding/json` picks it: the last
    /// member of that name, matched without regard to ASCII case. `null` is absent.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        let found = self.members()?.iter().rev().find(|m| m.name.eq_ignore_ascii_case(key)).map(|m| &m.value)?;
        if matches!(found.json, Json::Null) { None } else { Some(found) }
    }

    /// The member `key` itself (for the place of its name).
    pub(crate) fn member(&self, key: &str) -> Option<&Member> {
        self.members()?.iter().rev().find(|m| m.name.eq_ignore_ascii_case(key) && !matches!(m.value.json, Json::Null))
    }

    /// What kind of value it is, for messages.
    pub(crate) fn describe(&self) -> &'static str {
        match &self.json {
            Json::Null => "null",
            Json::Bool(_) => "true or false",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "a list",
            Json::Object(_) => "an object",
        }
    }
}

/// Reads a vendor's JSON and collects what is wrong with it.
pub(crate) struct Reader {
    /// The software, in messages (`cfssl`, `step-ca`).
    pub(crate) tool: &'static str,
    /// Problems found so far.
    pub(crate) problems: Vec<Problem>,
}

impl Reader {
    pub(crate) fn new(tool: &'static str) -> Self {
        Reader { tool, problems: Vec::new() }
    }

    pub(crate) fn problem(&mut self, message: String, at: &Place) {
        self.problems.push(Problem { message, at: at.clone() });
    }

    /// Reports the members of object `v` (at `path`) that the tool does not
    /// know, with the nearest known name. `known` is matched without regard to case.
    pub(crate) fn known_keys(&mut self, v: &Value, path: &str, known: &[&str]) {
        let Some(members) = v.members() else { return };
        for m in members {
            if known.iter().any(|k| k.eq_ignore_ascii_case(&m.name)) {
                continue;
            }
            let full = if path.is_empty() { m.name.clone() } else { format!("{path}.{}", m.name) };
            let hint = did_you_mean(&m.name, known.iter().copied())
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            self.problem(format!("unknown key `{full}`{hint} ({} ignores it)", self.tool), &m.at);
        }
    }

    /// Reports that `v` (at `path`) is not of the kind `expected` describes.
    pub(crate) fn wrong_type(&mut self, v: &Value, path: &str, expected: &str) {
        self.problem(format!("`{path}` is {expected}, not {}", v.describe()), &v.at);
    }

    /// An object, or a problem.
    pub(crate) fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Value> {
        match &v.json {
            Json::Object(_) => Some(v),
            Json::Null => None,
            _ => {
                self.wrong_type(v, path, "an object (`{ … }`)");
                None
            }
        }
    }

    /// The member `key` of `v` as a string.
    pub(crate) fn text(&mut self, v: &Value, path: &str, key: &str) -> Option<(String, Place)> {
        let value = v.get(key)?;
        match &value.json {
            Json::String(s) => Some((s.clone(), value.at.clone())),
            _ => {
                self.wrong_type(value, &join(path, key), "a string");
                None
            }
        }
    }

    /// The member `key` of `v` as true or false.
    pub(crate) fn boolean(&mut self, v: &Value, path: &str, key: &str) -> Option<(bool, Place)> {
        let value = v.get(key)?;
        match &value.json {
            Json::Bool(b) => Some((*b, value.at.clone())),
            _ => {
                self.wrong_type(value, &join(path, key), "true or false");
                None
            }
        }
    }

    /// The member `key` of `v` as a whole number.
    pub(crate) fn integer(&mut self, v: &Value, path: &str, key: &str) -> Option<(i64, Place)> {
        let value = v.get(key)?;
        match &value.json {
            Json::Number(n) => match n.parse::<i64>() {
                Ok(n) => Some((n, value.at.clone())),
                Err(_) => {
                    self.problem(format!("`{}` is a whole number, not `{}`", join(path, key), shorten(n)), &value.at);
                    None
                }
            },
            _ => {
                self.wrong_type(value, &join(path, key), "a whole number");
                None
            }
        }
    }

    /// The member `key` of `v` as a list of strings (items of another type are
    /// reported and left out), with where the list is.
    pub(crate) fn texts(&mut self, v: &Value, path: &str, key: &str) -> Option<(Vec<(String, Place)>, Place)> {
        let value = v.get(key)?;
        let Json::Array(items) = &value.json else {
            self.wrong_type(value, &join(path, key), "a list of strings (`[\"…\"]`)");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match &item.json {
                Json::String(s) => out.push((s.clone(), item.at.clone())),
                _ => self.wrong_type(item, &format!("{}[…]", join(path, key)), "a string"),
            }
        }
        Some((out, value.at.clone()))
    }

    /// The member `key` of `v` as a Go duration string (`"8760h"`, `"1h30m"`), in whole seconds.
    pub(crate) fn duration(&mut self, v: &Value, path: &str, key: &str) -> Option<(i64, Place)> {
        let value = v.get(key)?;
        let Json::String(s) = &value.json else {
            let what = "a duration written as a string with its unit (`\"8760h\"`, `\"90m\"`)";
            self.wrong_type(value, &join(path, key), what);
            return None;
        };
        match go_duration_seconds(s) {
            Ok(secs) if secs < 0 => {
                self.problem(format!("`{}` is `{s}`, a negative duration", join(path, key)), &value.at);
                None
            }
            Ok(secs) => Some((secs, value.at.clone())),
            Err(why) => {
                self.problem(format!("`{}`: {why}", join(path, key)), &value.at);
                None
            }
        }
    }
}

/// `path.key`, or `key` at the top.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// A text scalar written at `at`.
pub(crate) fn text_node(text: impl Into<String>, at: &Place) -> Node {
    Node::Scalar(Scalar::Text(text.into()), Provenance::Explicit(at.clone()))
}

/// A text scalar that is `tool`'s default.
pub(crate) fn default_text(text: impl Into<String>, tool: &'static str) -> Node {
    Node::Scalar(Scalar::Text(text.into()), Provenance::Default(tool))
}

/// A list of texts, each at its place, the list at `at`.
pub(crate) fn list_node(items: Vec<(String, Place)>, at: &Place) -> Node {
    Node::List(
        items.into_iter().map(|(t, p)| Node::Scalar(Scalar::Text(t), Provenance::Explicit(p))).collect(),
        Provenance::Explicit(at.clone()),
    )
}

/// A list of texts that is `tool`'s default.
pub(crate) fn default_list(items: &[&str], tool: &'static str) -> Node {
    Node::List(
        items.iter().map(|t| Node::Scalar(Scalar::Text((*t).to_owned()), Provenance::Default(tool))).collect(),
        Provenance::Default(tool),
    )
}

/// Seconds as a duration the CA model reads: whole hours as `"NNh"`, whole
/// minutes as `"NNm"`, else `"NNs"`.
pub(crate) fn model_duration(secs: i64) -> String {
    match secs {
        0 => "0s".to_owned(),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// A Go duration (`time.ParseDuration`: `"8760h"`, `"1h30m"`, `"1.5h"`,
/// `"300ms"`, `"-5m"`) in whole seconds, rounded toward zero.
///
/// # Errors
/// When Go would refuse the text, with why.
pub(crate) fn go_duration_seconds(text: &str) -> Result<i64, String> {
    const MAX: u128 = 1 << 63;
    let invalid =
        || format!("`{text}` is not a Go duration (numbers with the units h, m, s, ms, us, ns: `8760h`, `1h30m`)");
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let whole: u128 = if digits == 0 { 0 } else { rest[..digits].parse().map_err(|_| invalid())? };
        rest = &rest[digits..];
        let mut fraction: (u128, u128) = (0, 1);
        let mut has_fraction = false;
        if let Some(after) = rest.strip_prefix('.') {
            let n = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
            has_fraction = n > 0;
            // As Go does, digits past what 63 bits hold are read and dropped.
            for d in after[..n].bytes() {
                if fraction.0 > (MAX - 1) / 10 {
                    break;
                }
                fraction = (fraction.0 * 10 + u128::from(d - b'0'), fraction.1 * 10);
            }
            rest = &after[n..];
        }
        if digits == 0 && !has_fraction {
            return Err(invalid());
        }
        let unit_len = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
        let nanos: u128 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            "" => return Err(format!("`{text}` is not a Go duration: a number without its unit (h, m, s, …)")),
            unit => return Err(format!("`{text}` is not a Go duration: `{unit}` is not a unit (h, m, s, ms, us, ns)")),
        };
        rest = &rest[unit_len..];
        let mut part = whole.checked_mul(nanos).filter(|v| *v <= MAX).ok_or_else(|| too_long(text))?;
        if fraction.0 > 0 {
            part += fraction.0 * nanos / fraction.1;
        }
        total = total.checked_add(part).filter(|v| *v <= MAX).ok_or_else(|| too_long(text))?;
    }
    if total == MAX && !negative {
        return Err(too_long(text));
    }
    let secs = i64::try_from(total / 1_000_000_000).map_err(|_| too_long(text))?;
    Ok(if negative { -secs } else { secs })
}

fn too_long(text: &str) -> String {
    format!("`{text}` is longer than a Go duration holds (about 292 years)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<str> {
        Arc::from("t.json")
    }

    #[test]
    fn values_keep_their_lines_and_columns() {
        let v = parse(&file(), "{\n  \"a\": [1, \"x\"],\n\t\"b\": {\"c\": null, \"é\": true}\n}\n").unwrap();
        let members = v.members().unwrap();
        assert_eq!((members[0].at.line, members[0].at.column), (2, 3));
        let Json::Array(items) = &members[0].value.json else { panic!("a list") };
        assert_eq!((items[1].at.line, items[1].at.column), (2, 12));
        let b = v.get("B").unwrap();
        assert_eq!((b.at.line, b.at.column), (3, 7));
        assert!(b.get("c").is_none(), "null is absent");
        assert_eq!(b.members().unwrap()[1].value.at.column, 24, "columns count characters");
    }

    #[test]
    fn syntax_errors_are_one_problem_at_their_place() {
        let p = parse(&file(), "{\n  \"a\": 1,\n  \"b\": [1, 2\n").unwrap_err();
        assert!(p.message.contains("ends inside a value"), "{p:?}");
        assert_eq!(p.at.line, 4, "{p:?}");
        let p = parse(&file(), "{\"a\": 1,}").unwrap_err();
        assert!(p.message.contains("trailing comma"), "{p:?}");
        assert_eq!((p.at.line, p.at.column), (1, 8));
        let p = parse(&file(), "{\"a\": 1} x").unwrap_err();
        assert!(p.message.contains("more text"), "{p:?}");
        assert!(parse(&file(), "{'a': 1}").is_err(), "single quotes are not JSON");
        assert!(parse(&file(), "// c\n{}").is_err(), "comments are not JSON");
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep = "[".repeat(100_000);
        let p = parse(&file(), &deep).unwrap_err();
        assert!(p.message.contains("nested more than 128"), "{p:?}");
        assert_eq!(p.at.column, 129);
        let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(parse(&file(), &ok).is_ok());
    }

    #[test]
    fn go_durations() {
        for (text, secs) in [
            ("8760h", 31_536_000),
            ("1h30m", 5400),
            ("1m0s", 60),
            ("0", 0),
            ("0s", 0),
            ("1.5h", 5400),
            ("300ms", 0),
            ("90s", 90),
            ("-5m", -300),
            ("+2h", 7200),
            ("1h1.5s", 3601),
            (".5m", 30),
            ("2\u{b5}s", 0),
        ] {
            assert_eq!(go_duration_seconds(text), Ok(secs), "{text}");
        }
        for bad in ["", "8760", "1d", "h", "1.h.", "-", "9999999999999h", ".s", "1h 30m"] {
            assert!(go_duration_seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(model_duration(31_536_000), "8760h");
        assert_eq!(model_duration(5400), "90m");
        assert_eq!(model_duration(61), "61s");
        for s in [31_536_000, 5400, 61, 0] {
            assert_eq!(crate::value::parse_duration(&model_duration(s)), Ok(s));
        }
    }

    #[test]
    fn typed_reads_report_wrong_types_at_the_value() {
        let v = parse(&file(), "{\"e\": 8760, \"u\": [\"a\", 1], \"n\": 1.5, \"expiri\": \"1x\"}").unwrap();
        let mut r = Reader::new("cfssl");
        assert!(r.duration(&v, "p", "e").is_none());
        let (items, _) = r.texts(&v, "p", "u").unwrap();
        assert_eq!(items.len(), 1);
        assert!(r.integer(&v, "p", "n").is_none());
        assert!(r.duration(&v, "p", "expiri").is_none());
        r.known_keys(&v, "p", &["e", "u", "n", "expiry"]);
        let got: Vec<(usize, &str)> = r.problems.iter().map(|p| (p.at.column, p.message.as_str())).collect();
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[0].1.starts_with("`p.e` is a duration written as a string"), "{got:?}");
        assert_eq!(got[0].0, 7);
        assert!(got[1].1.starts_with("`p.u[…]` is a string, not a number"), "{got:?}");
        assert!(got[2].1.contains("whole number"), "{got:?}");
        assert!(got[3].1.contains("`1x` is not a Go duration"), "{got:?}");
        assert_eq!(got[4].1, "unknown key `p.expiri`; did you mean `expiry`? (cfssl ignores it)");
    }
}
