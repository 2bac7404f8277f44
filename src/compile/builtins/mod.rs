//! Builtin functions: one entry each, with its type rule, doc and evaluator.
//!
//! A check that the language cannot express becomes a builtin here, never a
//! rule written in Rust, so every rule stays traceable to a policy span.

mod net;

use crate::value::{Scalar, Type, Value};

/// A builtin function.
#[derive(Debug)]
pub struct Builtin {
    /// Name as called in policies.
    pub name: &'static str,
    /// Signature as shown to users.
    pub signature: &'static str,
    /// What it does.
    pub doc: &'static str,
    /// Number of arguments.
    pub arity: usize,
    /// Whether an absent argument is passed in (instead of making the call undetermined).
    pub takes_absent: bool,
    /// Result type for argument types, or why they do not fit.
    pub check: fn(&[Type]) -> Result<Type, String>,
    /// Evaluates the call on argument values that passed `check`.
    pub eval: fn(&[Value]) -> Value,
}

fn exactly(args: &[Type], want: &[Type], out: Type) -> Result<Type, String> {
    if args.len() == want.len() && args.iter().zip(want).all(|(a, w)| a.fits(*w)) {
        Ok(out)
    } else {
        let want: Vec<String> = want.iter().map(ToString::to_string).collect();
        Err(format!("expects ({})", want.join(", ")))
    }
}

fn one_any(_: &[Type]) -> Result<Type, String> {
    Ok(Type::BOOL)
}

/// A count as an `int`; a count past `i64::MAX` is undetermined, never clamped.
fn int(n: usize) -> Value {
    i64::try_from(n).map_or_else(|_| Value::Malformed(format!("{n} does not fit in an int")), Value::Int)
}

/// Whole units of `unit` seconds in `secs`, rounded down. Arithmetic in builtins
/// is checked: a result that does not fit is undetermined, never wrapped.
fn whole(secs: Option<i64>, unit: i64) -> Value {
    match secs.and_then(|s| s.checked_div_euclid(unit)) {
        Some(n) => Value::Int(n),
        None => Value::Malformed("the result does not fit in an int".to_owned()),
    }
}

fn str_arg(v: &Value) -> &str {
    match v {
        Value::String(s) => s,
        _ => "",
    }
}

/// Every builtin.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "absent",
        signature: "absent(any) -> bool",
        doc: "True when a field is not there (an extension that the certificate does not carry).",
        arity: 1,
        takes_absent: true,
        check: one_any,
        eval: |a| Value::Bool(a[0] == Value::Absent),
    },
    Builtin {
        name: "days",
        signature: "days(duration) -> int",
        doc: "Whole days in a duration, rounded down.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::DURATION], Type::INT),
        eval: |a| match a[0] {
            Value::Duration(d) => whole(Some(d), 86_400),
            _ => Value::Absent,
        },
    },
    Builtin {
        name: "days_between",
        signature: "days_between(date, date) -> int",
        doc: "Whole days from the first date to the second, rounded down; negative when the second is earlier.",
        arity: 2,
        takes_absent: false,
        check: |a| exactly(a, &[Type::DATE, Type::DATE], Type::INT),
        eval: |a| match (&a[0], &a[1]) {
            (Value::Date(x), Value::Date(y)) => whole(y.checked_sub(*x), 86_400),
            _ => Value::Absent,
        },
    },
    Builtin {
        name: "dns_labels",
        signature: "dns_labels(string) -> list<string>",
        doc: "The dot-separated labels of a DNS name, left to right.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::List(Scalar::String)),
        eval: |a| Value::List(net::labels(str_arg(&a[0])).into_iter().map(Value::String).collect()),
    },
    Builtin {
        name: "ends_with",
        signature: "ends_with(string, string) -> bool",
        doc: "Whether the first string ends with the second.",
        arity: 2,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING, Type::STRING], Type::BOOL),
        eval: |a| Value::Bool(str_arg(&a[0]).ends_with(str_arg(&a[1]))),
    },
    Builtin {
        name: "hours",
        signature: "hours(duration) -> int",
        doc: "Whole hours in a duration, rounded down.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::DURATION], Type::INT),
        eval: |a| match a[0] {
            Value::Duration(d) => whole(Some(d), 3_600),
            _ => Value::Absent,
        },
    },
    Builtin {
        name: "ip_in",
        signature: "ip_in(string, string) -> bool",
        doc: "Whether an IP address (first) lies in a network in CIDR notation (second), such as `ip_in(a, \"10.0.0.0/8\")`. An address of the other family is not in it; text that is not an address or network makes the requirement undetermined.",
        arity: 2,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING, Type::STRING], Type::BOOL),
        eval: |a| match (net::parse_ip(str_arg(&a[0])), net::Net::parse(str_arg(&a[1]))) {
            (Ok(ip), Ok(n)) => Value::Bool(n.contains(ip)),
            (Err(why), _) | (_, Err(why)) => Value::Malformed(why),
        },
    },
    Builtin {
        name: "ip_reserved",
        signature: "ip_reserved(string) -> bool",
        doc: "Whether an IP address is in a block of the IANA IPv4 or IPv6 Special-Purpose Address Registry (the Baseline Requirements' Reserved IP Address): private, loopback, link-local, documentation, and so on.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::BOOL),
        eval: |a| match net::parse_ip(str_arg(&a[0])) {
            Ok(ip) => Value::Bool(net::reserved(ip)),
            Err(why) => Value::Malformed(why),
        },
    },
    Builtin {
        name: "len",
        signature: "len(list<T> | string) -> int",
        doc: "Number of items in a list, or of characters in a string.",
        arity: 1,
        takes_absent: false,
        check: |a| match a {
            [Type::List(_) | Type::EmptyList | Type::Scalar(Scalar::String)] => Ok(Type::INT),
            _ => Err("expects a list or a string".to_owned()),
        },
        eval: |a| match &a[0] {
            Value::List(l) => int(l.len()),
            Value::String(s) => int(s.chars().count()),
            _ => Value::Absent,
        },
    },
    Builtin {
        name: "lower",
        signature: "lower(string) -> string",
        doc: "The string in lower case.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::STRING),
        eval: |a| Value::String(str_arg(&a[0]).to_lowercase()),
    },
    Builtin {
        name: "present",
        signature: "present(any) -> bool",
        doc: "True when a field is there, even if malformed.",
        arity: 1,
        takes_absent: true,
        check: one_any,
        eval: |a| Value::Bool(a[0] != Value::Absent),
    },
    Builtin {
        name: "starts_with",
        signature: "starts_with(string, string) -> bool",
        doc: "Whether the first string starts with the second.",
        arity: 2,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING, Type::STRING], Type::BOOL),
        eval: |a| Value::Bool(str_arg(&a[0]).starts_with(str_arg(&a[1]))),
    },
    Builtin {
        name: "unique",
        signature: "unique(list<T>) -> bool",
        doc: "Whether no item of the list appears twice.",
        arity: 1,
        takes_absent: false,
        check: |a| match a {
            [Type::List(_) | Type::EmptyList] => Ok(Type::BOOL),
            _ => Err("expects a list".to_owned()),
        },
        eval: |a| match &a[0] {
            Value::List(l) => {
                let mut seen = std::collections::BTreeSet::new();
                Value::Bool(l.iter().all(|v| seen.insert(v)))
            }
            _ => Value::Absent,
        },
    },
    Builtin {
        name: "upper",
        signature: "upper(string) -> string",
        doc: "The string in upper case.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::STRING),
        eval: |a| Value::String(str_arg(&a[0]).to_uppercase()),
    },
    Builtin {
        name: "url_host",
        signature: "url_host(string) -> string",
        doc: "The host of a URL, lower-cased (`ocsp.example.com`, `192.0.2.1`); the empty string when it has none. Text that is not a URL makes the requirement undetermined.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::STRING),
        eval: |a| match net::parse_url(str_arg(&a[0])) {
            Ok(u) => Value::String(u.host_str().unwrap_or_default().to_owned()),
            Err(why) => Value::Malformed(why),
        },
    },
    Builtin {
        name: "url_scheme",
        signature: "url_scheme(string) -> string",
        doc: "The scheme of a URL, lower-cased (`http`, `ldap`). Text that is not a URL makes the requirement undetermined.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::STRING),
        eval: |a| match net::parse_url(str_arg(&a[0])) {
            Ok(u) => Value::String(u.scheme().to_owned()),
            Err(why) => Value::Malformed(why),
        },
    },
    Builtin {
        name: "valid_dns_name",
        signature: "valid_dns_name(string) -> bool",
        doc: "Whether a name follows the preferred name syntax (RFC 1034 §3.5, RFC 5280 §4.2.1.6): labels of 1 to 63 letters, digits and hyphens, no hyphen first or last, at most 253 characters, no trailing dot. A leading `*.` is allowed; test `starts_with(n, \"*.\")` to forbid wildcards.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::BOOL),
        eval: |a| Value::Bool(net::valid_dns_name(str_arg(&a[0]))),
    },
    Builtin {
        name: "valid_idna",
        signature: "valid_idna(string) -> bool",
        doc: "Whether every `xn--` label of a name is a valid IDNA A-label: it decodes as Punycode to a label UTS #46 accepts and encodes back to itself. Names without such labels are valid.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::BOOL),
        eval: |a| Value::Bool(net::valid_idna(str_arg(&a[0]))),
    },
    Builtin {
        name: "valid_url",
        signature: "valid_url(string) -> bool",
        doc: "Whether text parses as an absolute URL.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::BOOL),
        eval: |a| Value::Bool(net::parse_url(str_arg(&a[0])).is_ok()),
    },
];

/// Looks a builtin up by name.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_sorted() {
        for w in BUILTINS.windows(2) {
            assert!(w[0].name < w[1].name, "{} / {}", w[0].name, w[1].name);
        }
    }

    #[test]
    fn evaluation() {
        let b = |n| builtin(n).unwrap();
        assert_eq!((b("days").eval)(&[Value::Duration(398 * 86_400 + 5)]), Value::Int(398));
        assert_eq!((b("days_between").eval)(&[Value::Date(0), Value::Date(-86_400)]), Value::Int(-1));
        assert!(matches!(
            (b("days_between").eval)(&[Value::Date(i64::MIN), Value::Date(i64::MAX)]),
            Value::Malformed(_)
        ));
        assert!(matches!(
            (b("days_between").eval)(&[Value::Date(i64::MAX), Value::Date(i64::MIN)]),
            Value::Malformed(_)
        ));
        assert_eq!((b("hours").eval)(&[Value::Duration(i64::MIN)]), Value::Int(i64::MIN.div_euclid(3_600)));
        assert_eq!((b("len").eval)(&[Value::String("héllo".into())]), Value::Int(5));
        assert_eq!((b("present").eval)(&[Value::Absent]), Value::Bool(false));
        assert_eq!((b("unique").eval)(&[Value::List(vec![Value::Int(1), Value::Int(1)].into())]), Value::Bool(false));
        assert!((b("days").check)(&[Type::INT]).is_err());
    }
}
