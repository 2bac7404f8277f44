//! The CA manifest: cpslint's TOML description of one CA, read into a
//! [`Record`] tree with the line and column of every value.
//!
//! The reader checks TOML syntax only; which keys exist and what type each
//! has is the field schema's (`ca.*` fields), which checks the tree it
//! produces. A TOML error is one problem with its place, and what could be
//! read before it is kept.

use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::tree::{CaConfig, Format, Node, Place, Problem, Provenance, Record, Scalar};

/// Line starts of a text, for turning byte offsets into lines and columns.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines { text, starts: std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect() }
    }

    fn place(&self, file: &Arc<str>, offset: usize) -> Place {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        Place { file: file.clone(), line: line + 1, column }
    }
}

/// Whether a text is a CA manifest: TOML with a top-level `tier`, `[key]` or
/// `[[profile]]`. A file named `*.toml` with such a key is one even when its
/// TOML is broken, so that the break is reported; any other file must parse.
pub fn looks_like_manifest(file: &str, text: &str) -> bool {
    let keyed = text.lines().map(str::trim_start).any(|l| {
        l.starts_with("tier ") || l.starts_with("tier=") || l.starts_with("[key]") || l.starts_with("[[profile]]")
    });
    keyed && (file.ends_with(".toml") || DeTable::parse(text).is_ok())
}

/// Reads a manifest.
pub fn read(file: &str, text: &str) -> CaConfig {
    let name: Arc<str> = Arc::from(file);
    let lines = Lines::new(text);
    let (table, errors) = DeTable::parse_recoverable(text);
    let mut problems: Vec<Problem> = errors
        .iter()
        .map(|e| {
            let at = e.span().map_or(0, |s| s.start);
            Problem { message: format!("not valid TOML: {}", e.message()), at: lines.place(&name, at) }
        })
        .collect();
    let root = lines.place(&name, 0);
    let mut tree = Record::new(Provenance::Explicit(root));
    for (key, value) in table.get_ref() {
        let node = convert(value.get_ref(), value.span().start, &name, &lines, &mut problems);
        if let Some(node) = node {
            tree.members.insert(key.get_ref().to_string(), node);
        }
    }
    let broken = !problems.is_empty();
    CaConfig::new(name, Format::Manifest, tree, problems, broken)
}

fn convert(
    value: &DeValue<'_>,
    at: usize,
    file: &Arc<str>,
    lines: &Lines<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Node> {
    let here = Provenance::Explicit(lines.place(file, at));
    Some(match value {
        DeValue::String(s) => Node::Scalar(Scalar::Text(s.to_string()), here),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => Node::Scalar(Scalar::Int(n), here),
            Err(_) => {
                problems.push(Problem {
                    message: format!("`{}` is not a 64-bit integer", i.as_str()),
                    at: lines.place(file, at),
                });
                return None;
            }
        },
        DeValue::Boolean(b) => Node::Scalar(Scalar::Bool(*b), here),
        DeValue::Float(f) => {
            problems.push(Problem {
                message: format!(
                    "`{f}` is a fractional number; manifest values are whole numbers, durations (\"7d\") or text"
                ),
                at: lines.place(file, at),
            });
            return None;
        }
        DeValue::Datetime(d) => match datetime_seconds(d) {
            Some(secs) => Node::Scalar(Scalar::Date(secs), here),
            None => {
                problems.push(Problem {
                    message: format!(
                        "`{d}` is not a date cpslint can place in time (give a date, or a time with an offset)"
                    ),
                    at: lines.place(file, at),
                });
                return None;
            }
        },
        DeValue::Array(items) => {
            let nodes = items
                .iter()
                .filter_map(|item| convert(item.get_ref(), item.span().start, file, lines, problems))
                .collect();
            Node::List(nodes, here)
        }
        DeValue::Table(t) => {
            let mut record = Record::new(here);
            for (key, v) in t {
                if let Some(node) = convert(v.get_ref(), v.span().start, file, lines, problems) {
                    record.members.insert(key.get_ref().to_string(), node);
                }
            }
            Node::Record(record)
        }
    })
}

/// A TOML date (midnight UTC) or offset date-time, as seconds since the epoch.
pub(super) fn datetime_seconds(d: &toml::value::Datetime) -> Option<i64> {
    let date = d.date?;
    let month = time::Month::try_from(date.month).ok()?;
    let day = time::Date::from_calendar_date(i32::from(date.year), month, date.day).ok()?;
    let Some(t) = d.time else {
        return Some(day.midnight().assume_utc().unix_timestamp());
    };
    let clock = time::Time::from_hms_nano(t.hour, t.minute, t.second, t.nanosecond).ok()?;
    let offset = match d.offset? {
        toml::value::Offset::Z => time::UtcOffset::UTC,
        toml::value::Offset::Custom { minutes } => time::UtcOffset::from_whole_seconds(i32::from(minutes) * 60).ok()?,
    };
    Some(time::PrimitiveDateTime::new(day, clock).assume_offset(offset).unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_places() {
        let c = read(
            "ca.toml",
            "name = \"Issuing CA 1\"\ntier = \"issuing\"\n\n[key]\nbits = 4096\nstorage = \"hsm\"\n\n[[profile]]\nname = \"tls\"\nvalidity_max = \"90d\"\n[[ceremony]]\ndate = 2025-01-15\n",
        );
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let bits = c.tree.get("key.bits").unwrap();
        assert_eq!(
            bits,
            &Node::Scalar(
                Scalar::Int(4096),
                Provenance::Explicit(Place { file: "ca.toml".into(), line: 5, column: 8 })
            )
        );
        let Some(Node::List(profiles, _)) = c.tree.get("profile") else { panic!("profiles") };
        let Node::Record(p) = &profiles[0] else { panic!("a record") };
        assert_eq!(p.get("validity_max").unwrap().provenance().place().unwrap().line, 10);
        let Some(Node::List(ceremonies, _)) = c.tree.get("ceremony") else { panic!() };
        let Node::Record(cer) = &ceremonies[0] else { panic!() };
        assert_eq!(
            cer.get("date"),
            Some(&Node::Scalar(
                Scalar::Date(1_736_899_200),
                Provenance::Explicit(Place { file: "ca.toml".into(), line: 12, column: 8 })
            ))
        );
    }

    #[test]
    fn broken_toml_is_a_problem_with_a_place() {
        let c = read("ca.toml", "tier = \"root\"\n[key\nbits = 1.5\n");
        assert!(!c.problems.is_empty());
        assert_eq!(c.problems[0].at.line, 2, "{:?}", c.problems);
        assert!(c.problems.iter().all(|p| !p.message.is_empty()));
    }
}
