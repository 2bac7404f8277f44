//! The language's types and values, below every stage: the parser writes
//! literals as values, the compiler types and folds them, certificates and
//! CA configurations are read into them, and reports print them.

use std::fmt;

/// A scalar type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scalar {
    /// `true` or `false`.
    Bool,
    /// A signed 64-bit integer.
    Int,
    /// Text.
    String,
    /// A length of time, such as `398d`.
    Duration,
    /// A calendar date or a moment in time, such as `2026-01-01`.
    Date,
    /// An object identifier, such as `2.5.29.19`.
    Oid,
    /// A number of bytes, such as `4KiB`.
    Size,
}

/// The type of an expression or field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    /// A single value.
    Scalar(Scalar),
    /// A list of values of one scalar type.
    List(Scalar),
    /// `[]`, which fits any list type.
    EmptyList,
    /// One record of a CA configuration's record list, named by its key path
    /// (`profile`, `ceremony.step`): the item a quantifier binds.
    Record(&'static str),
    /// A list of such records (`ca.profiles`).
    Records(&'static str),
}

impl Type {
    /// `bool`.
    pub const BOOL: Type = Type::Scalar(Scalar::Bool);
    /// `int`.
    pub const INT: Type = Type::Scalar(Scalar::Int);
    /// `string`.
    pub const STRING: Type = Type::Scalar(Scalar::String);
    /// `duration`.
    pub const DURATION: Type = Type::Scalar(Scalar::Duration);
    /// `date`.
    pub const DATE: Type = Type::Scalar(Scalar::Date);
    /// `oid`.
    pub const OID: Type = Type::Scalar(Scalar::Oid);
    /// `size`.
    pub const SIZE: Type = Type::Scalar(Scalar::Size);

    /// Whether a value of type `self` can be used where `want` is expected.
    pub fn fits(self, want: Type) -> bool {
        self == want || (self == Type::EmptyList && matches!(want, Type::List(_)))
    }

    /// The element type of a list.
    pub fn element(self) -> Option<Scalar> {
        match self {
            Type::List(s) => Some(s),
            _ => None,
        }
    }

    /// Parses a type name as written in a policy (`int`, `list<oid>`).
    pub fn scalar_named(name: &str) -> Option<Scalar> {
        Some(match name {
            "bool" => Scalar::Bool,
            "int" => Scalar::Int,
            "string" => Scalar::String,
            "duration" => Scalar::Duration,
            "date" => Scalar::Date,
            "oid" => Scalar::Oid,
            "size" => Scalar::Size,
            _ => return None,
        })
    }

    /// The names accepted by [`Type::scalar_named`].
    pub const SCALAR_NAMES: &'static [&'static str] = &["bool", "int", "string", "duration", "date", "oid", "size"];
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scalar::Bool => "bool",
            Scalar::Int => "int",
            Scalar::String => "string",
            Scalar::Duration => "duration",
            Scalar::Date => "date",
            Scalar::Oid => "oid",
            Scalar::Size => "size",
        })
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Scalar(s) => write!(f, "{s}"),
            Type::List(s) => write!(f, "list<{s}>"),
            Type::EmptyList => f.write_str("empty list"),
            Type::Record(path) => write!(f, "{}", record_name(path)),
            Type::Records(path) => write!(f, "list<{}>", record_name(path)),
        }
    }
}

/// A record type's name as types show it: `profile`, `ceremony.step` → `step`.
fn record_name(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// A value produced by a literal, a parameter, a field accessor or an expression.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Text.
    String(String),
    /// A duration in seconds.
    Duration(i64),
    /// A moment, in seconds since 1970-01-01T00:00:00Z.
    Date(i64),
    /// An object identifier.
    Oid(ObjectId),
    /// A number of bytes.
    Size(u64),
    /// A list; shared, so that a field read by several requirements is not copied.
    List(std::sync::Arc<[Value]>),
    /// A record (a CA configuration's profile, role, ceremony…): its members
    /// by name, in name order; a member it does not state is not there.
    Record(std::sync::Arc<[(String, Value)]>),
    /// The field does not exist on this subject (an extension that is not there).
    Absent,
    /// The field exists but could not be decoded; the reason says why.
    Malformed(String),
}

impl Value {
    /// The value as a boolean, if it is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// An object identifier, held as the content octets of its DER encoding.
///
/// DER encodes an OID one way only, so equality is byte equality: comparing a
/// certificate's OIDs with a policy's costs no formatting. Arcs up to 128 bits
/// (UUID-based OIDs under `2.25`) are supported.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ObjectId(Box<[u8]>);

impl ObjectId {
    /// Wraps DER content octets as they appear in a certificate.
    pub fn from_der(content: &[u8]) -> Self {
        ObjectId(content.into())
    }

    /// Parses dotted text (`2.5.29.19`); `None` when it is not a valid OID.
    pub fn parse(dotted: &str) -> Option<Self> {
        let arcs: Vec<u128> = dotted.split('.').map(|a| a.parse().ok()).collect::<Option<_>>()?;
        let [first, second, rest @ ..] = arcs.as_slice() else { return None };
        if *first > 2 || (*first < 2 && *second >= 40) {
            return None;
        }
        let mut der = Vec::with_capacity(arcs.len() + 4);
        for arc in std::iter::once(first * 40 + second).chain(rest.iter().copied()) {
            let mut chunk = [0u8; 19];
            let mut n = arc;
            let mut i = chunk.len();
            loop {
                i -= 1;
                chunk[i] = (n & 0x7f) as u8 | if i == chunk.len() - 1 { 0 } else { 0x80 };
                n >>= 7;
                if n == 0 {
                    break;
                }
            }
            der.extend_from_slice(&chunk[i..]);
        }
        Some(ObjectId(der.into()))
    }

    /// The arcs, or `None` when the octets are not a valid encoding.
    pub fn arcs(&self) -> Option<Vec<u128>> {
        let mut out = Vec::new();
        let mut n: u128 = 0;
        for (i, &b) in self.0.iter().enumerate() {
            if n > u128::MAX >> 7 || (n == 0 && b == 0x80) {
                return None;
            }
            n = (n << 7) | u128::from(b & 0x7f);
            if b & 0x80 == 0 {
                if out.is_empty() {
                    let first = (n / 40).min(2);
                    out.extend([first, n - first * 40]);
                } else {
                    out.push(n);
                }
                n = 0;
            } else if i == self.0.len() - 1 {
                return None;
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// The DER content octets.
    pub fn as_der(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.arcs() {
            Some(arcs) => {
                for (i, a) in arcs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    write!(f, "{a}")?;
                }
                Ok(())
            }
            None => write!(f, "invalid OID encoding {:02x?}", &self.0),
        }
    }
}

impl fmt::Debug for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl PartialOrd for ObjectId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ObjectId {
    /// Arc by arc, as OIDs sort in registries.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.arcs().cmp(&other.arcs()).then_with(|| self.0.cmp(&other.0))
    }
}

const DAY: i64 = 86_400;

/// Duration units and their seconds, as policies and CA manifests write them (`398d`, `1d12h`).
pub const DURATION_UNITS: &[(&str, i64)] = &[("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)];

/// Size units and their bytes (`10MiB`, `4KB`).
pub const SIZE_UNITS: &[(&str, u64)] = &[
    ("B", 1),
    ("KB", 1_000),
    ("KiB", 1 << 10),
    ("MB", 1_000_000),
    ("MiB", 1 << 20),
    ("GB", 1_000_000_000),
    ("GiB", 1 << 30),
];

/// Parses a duration as policies write it (`398d`, `1d12h`, `90m`), in seconds.
///
/// # Errors
/// When the text is not numbers each followed by a unit of [`DURATION_UNITS`], or overflows.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err("an empty duration".to_owned());
    }
    let mut total: i64 = 0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let unit_end = rest[digits..].find(|c: char| c.is_ascii_digit()).map_or(rest.len(), |i| digits + i);
        let (n, unit) = (&rest[..digits], &rest[digits..unit_end]);
        let Some((_, secs)) = DURATION_UNITS.iter().find(|(u, _)| *u == unit) else {
            return Err(format!(
                "`{text}` is not a duration: write numbers with the units w, d, h, m, s, as in `7d` or `1d12h`"
            ));
        };
        let n: i64 = n.parse().map_err(|_| format!("`{text}` is not a duration: `{unit}` needs a number before it"))?;
        total = n
            .checked_mul(*secs)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("duration `{text}` is too long"))?;
        rest = &rest[unit_end..];
    }
    Ok(total)
}

/// Formats a duration the way it is written in a policy: `398d`, `1d12h`, `0s`.
pub fn format_duration(mut secs: i64) -> String {
    if secs == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    if secs < 0 {
        out.push('-');
        secs = -secs;
    }
    for (unit, len) in [("d", DAY), ("h", 3600), ("m", 60), ("s", 1)] {
        if secs >= len {
            out.push_str(&format!("{}{unit}", secs / len));
            secs %= len;
        }
    }
    out
}

/// Formats a size with the largest binary unit that divides it: `4KiB`, `20B`.
pub fn format_size(bytes: u64) -> String {
    for (unit, len) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if bytes >= len && bytes % len == 0 {
            return format!("{}{unit}", bytes / len);
        }
    }
    format!("{bytes}B")
}

/// Formats a moment as `YYYY-MM-DD` at midnight, or RFC 3339 otherwise.
pub fn format_date(secs: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) if secs.rem_euclid(DAY) == 0 => {
            format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
        }
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("@{secs}"),
    }
}

/// Formats a duration in words, every unit it holds named: `90 days and 1 second`, `1 day, 12 hours`.
pub fn human_duration(secs: i64) -> String {
    let mut rest = secs.unsigned_abs();
    let mut parts = Vec::new();
    for (one, many, len) in
        [("day", "days", 86_400u64), ("hour", "hours", 3600), ("minute", "minutes", 60), ("second", "seconds", 1)]
    {
        if rest >= len {
            let n = rest / len;
            rest %= len;
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    let words = match parts.as_slice() {
        [] => "0 seconds".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    if secs < 0 { format!("minus {words}") } else { words }
}

/// Formats a size in words with the largest binary unit that divides it: `10 MiB`, `20 bytes`.
pub fn human_size(bytes: u64) -> String {
    for (unit, len) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if bytes >= len && bytes % len == 0 {
            return format!("{} {unit}", bytes / len);
        }
    }
    if bytes == 1 { "1 byte".to_owned() } else { format!("{bytes} bytes") }
}

impl Value {
    /// The value as prose and messages show it: durations and sizes in words,
    /// text without quotes, a list as `a, b and c` (`none` when empty).
    pub fn human(&self) -> String {
        match self {
            Value::String(s) => s.clone(),
            Value::Duration(d) => human_duration(*d),
            Value::Size(s) => human_size(*s),
            Value::List(items) => {
                let words: Vec<String> = items.iter().map(Value::human).collect();
                match words.as_slice() {
                    [] => "none".to_owned(),
                    [one] => one.clone(),
                    [init @ .., last] => format!("{} and {last}", init.join(", ")),
                }
            }
            Value::Record(members) => match members.iter().find(|(k, _)| k == "name" || k == "description") {
                Some((_, name)) => name.human(),
                None => self.to_string(),
            },
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Duration(d) => f.write_str(&format_duration(*d)),
            Value::Date(d) => f.write_str(&format_date(*d)),
            Value::Oid(o) => write!(f, "{o}"),
            Value::Size(s) => f.write_str(&format_size(*s)),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Record(members) => {
                // A record shows as its name where it has one (`tls-server`), else as its members.
                if let Some((_, name)) = members.iter().find(|(k, _)| k == "name" || k == "description") {
                    return write!(f, "{name}");
                }
                f.write_str("{")?;
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
            Value::Absent => f.write_str("absent"),
            Value::Malformed(why) => write!(f, "malformed ({why})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting() {
        assert_eq!(format_duration(398 * DAY), "398d");
        assert_eq!(format_duration(DAY + 12 * 3600), "1d12h");
        assert_eq!(format_size(4096), "4KiB");
        assert_eq!(format_size(20), "20B");
        assert_eq!(format_date(1_767_225_600), "2026-01-01");
        assert_eq!(format_date(1_767_225_601), "2026-01-01T00:00:01Z");
        assert_eq!(human_duration(90 * DAY + 1), "90 days and 1 second");
        assert_eq!(parse_duration("1d12h"), Ok(DAY + 12 * 3600));
        assert_eq!(parse_duration("7d"), Ok(7 * DAY));
        assert!(parse_duration("7 days").is_err() && parse_duration("d").is_err() && parse_duration("").is_err());
        assert!(parse_duration("99999999999999999w").is_err());
        assert_eq!(human_duration(DAY + 12 * 3600 + 60), "1 day, 12 hours and 1 minute");
        assert_eq!(human_duration(0), "0 seconds");
        assert_eq!(human_size(10 << 20), "10 MiB");
        let list = Value::List(vec![Value::String("P-256".into()), Value::String("P-384".into())].into());
        assert_eq!(list.human(), "P-256 and P-384");
        assert_eq!(Value::List(Vec::new().into()).human(), "none");
    }

    #[test]
    fn object_ids_round_trip() {
        for text in
            ["2.5.29.19", "1.3.6.1.4.1.11129.2.4.3", "2.999.1", "0.0", "2.25.329800735698586629295641978511506172918"]
        {
            let oid = ObjectId::parse(text).unwrap();
            assert_eq!(oid.to_string(), text);
        }
        assert_eq!(ObjectId::parse("2.5.29.19").unwrap().as_der(), [0x55, 0x1d, 0x13]);
        assert_eq!(ObjectId::parse("1.2.840.113549").unwrap().as_der(), [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]);
        for bad in ["1", "3.1", "1.40", "1..2", "a.b", "1.2.340282366920938463463374607431768211456"] {
            assert_eq!(ObjectId::parse(bad), None, "{bad}");
        }
        assert!(ObjectId::parse("1.2.9").unwrap() < ObjectId::parse("1.2.10").unwrap());
        assert_eq!(ObjectId::from_der(&[0x55, 0x80]).arcs(), None);
    }

    #[test]
    fn empty_list_fits_lists_only() {
        assert!(Type::EmptyList.fits(Type::List(Scalar::Oid)));
        assert!(!Type::EmptyList.fits(Type::INT));
        assert!(!Type::INT.fits(Type::STRING));
    }
}
