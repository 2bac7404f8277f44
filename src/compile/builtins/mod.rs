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

/// The result of a call whose arguments are not what its type rule lets
/// through (a caller that skipped `check`): undetermined, never a panic.
fn misfit(args: &[Value], want: &str) -> Value {
    let found: Vec<&str> = args.iter().map(kind).collect();
    Value::Malformed(format!("expects ({want}), found ({})", found.join(", ")))
}

/// The kind of a value, as [`misfit`] names it.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::String(_) => "string",
        Value::Duration(_) => "duration",
        Value::Date(_) => "date",
        Value::Oid(_) => "oid",
        Value::Size(_) => "size",
        Value::List(_) => "list",
        Value::Record(_) => "record",
        Value::Absent => "absent",
        Value::Malformed(_) => "malformed",
    }
}

/// The text of a call's one string argument.
fn one_str(a: &[Value]) -> Option<&str> {
    match a {
        [Value::String(s)] => Some(s),
        _ => None,
    }
}

/// The texts of a call's two string arguments.
fn two_str(a: &[Value]) -> Option<(&str, &str)> {
    match a {
        [Value::String(x), Value::String(y)] => Some((x, y)),
        _ => None,
    }
}

/// Whole days from `from` to `to` (seconds), rounded down: exact for any two
/// dates, since the difference is taken in 128 bits.
fn days_between(from: i64, to: i64) -> Value {
    let days = (i128::from(to) - i128::from(from)).div_euclid(86_400);
    // |to - from| < 2^64, so the days fit in an i64; the fallback is never taken.
    i64::try_from(days).map_or_else(|_| Value::Malformed("the dates are too far apart".to_owned()), Value::Int)
}

/// The builtin that reads where a value came from: its argument is a field, not a value.
pub const EXPLICIT: &str = "explicit";

/// Every builtin.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "absent",
        signature: "absent(any) -> bool",
        doc: "True when a field is not there (an extension that the certificate does not carry).",
        arity: 1,
        takes_absent: true,
        check: one_any,
        eval: |a| match a {
            [v] => Value::Bool(*v == Value::Absent),
            _ => misfit(a, "any"),
        },
    },
    Builtin {
        name: "days",
        signature: "days(duration) -> int",
        doc: "Whole days in a duration, rounded down.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::DURATION], Type::INT),
        eval: |a| match a {
            [Value::Duration(d)] => whole(Some(*d), 86_400),
            _ => misfit(a, "duration"),
        },
    },
    Builtin {
        name: "days_between",
        signature: "days_between(date, date) -> int",
        doc: "Whole days from the first date to the second, rounded down; negative when the second is earlier.",
        arity: 2,
        takes_absent: false,
        check: |a| exactly(a, &[Type::DATE, Type::DATE], Type::INT),
        eval: |a| match a {
            [Value::Date(x), Value::Date(y)] => days_between(*x, *y),
            _ => misfit(a, "date, date"),
        },
    },
    Builtin {
        name: "dns_labels",
        signature: "dns_labels(string) -> list<string>",
        doc: "The dot-separated labels of a DNS name, left to right.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::List(Scalar::String)),
        eval: |a| match one_str(a) {
            Some(s) => Value::List(net::labels(s).into_iter().map(Value::String).collect()),
            None => misfit(a, "string"),
        },
    },
    Builtin {
        name: "ends_with",
        signature: "ends_with(string, string) -> bool",
        doc: "Whether the first string ends with the second.",
        arity: 2,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING, Type::STRING], Type::BOOL),
        eval: |a| match two_str(a) {
            Some((s, end)) => Value::Bool(s.ends_with(end)),
            None => misfit(a, "string, string"),
        },
    },
    Builtin {
        name: EXPLICIT,
        signature: "explicit(field) -> bool",
        doc: "Whether a CA configuration writes the field's value in a file (a manifest, or the configuration of the CA software), rather than leaving it to the software's default or not saying it: `explicit(ca.revocation.crl_next_update)`. The argument is a `ca.*` or `parent.*` field that a configuration key holds.",
        arity: 1,
        takes_absent: true,
        check: one_any,
        // Evaluated on the field's provenance, not its value (see `compile::eval`).
        eval: |a| misfit(a, "field"),
    },
    Builtin {
        name: "hours",
        signature: "hours(duration) -> int",
        doc: "Whole hours in a duration, rounded down.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::DURATION], Type::INT),
        eval: |a| match a {
            [Value::Duration(d)] => whole(Some(*d), 3_600),
            _ => misfit(a, "duration"),
        },
    },
    Builtin {
        name: "ip_in",
        signature: "ip_in(string, string) -> bool",
        doc: "Whether an IP address (first) lies in a network in CIDR notation (second), such as `ip_in(a, \"10.0.0.0/8\")`. An address of the other family is not in it; text that is not an address or network makes the requirement undetermined.",
        arity: 2,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING, Type::STRING], Type::BOOL),
        eval: |a| match two_str(a) {
            Some((ip, net)) => match (net::parse_ip(ip), net::Net::parse(net)) {
                (Ok(ip), Ok(n)) => Value::Bool(n.contains(ip)),
                (Err(why), _) | (_, Err(why)) => Value::Malformed(why),
            },
            None => misfit(a, "string, string"),
        },
    },
    Builtin {
        name: "ip_reserved",
        signature: "ip_reserved(string) -> bool",
        doc: "Whether an IP address is in a block of the IANA IPv4 or IPv6 Special-Purpose Address Registry (the Baseline Requirements' Reserved IP Address): private, loopback, link-local, documentation, and so on.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::BOOL),
        eval: |a| match one_str(a).map(net::parse_ip) {
            Some(Ok(ip)) => Value::Bool(net::reserved(ip)),
            Some(Err(why)) => Value::Malformed(why),
            None => misfit(a, "string"),
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
        eval: |a| match a {
            [Value::List(l)] => int(l.len()),
            [Value::String(s)] => int(s.chars().count()),
            _ => misfit(a, "list or string"),
        },
    },
    Builtin {
        name: "lower",
        signature: "lower(string) -> string",
        doc: "The string in lower case.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::STRING),
        eval: |a| match one_str(a) {
            Some(s) => Value::String(s.to_lowercase()),
            None => misfit(a, "string"),
        },
    },
    Builtin {
        name: "present",
        signature: "present(any) -> bool",
        doc: "True when a field is there, even if malformed.",
        arity: 1,
        takes_absent: true,
        check: one_any,
        eval: |a| match a {
            [v] => Value::Bool(*v != Value::Absent),
            _ => misfit(a, "any"),
        },
    },
    Builtin {
        name: "starts_with",
        signature: "starts_with(string, string) -> bool",
        doc: "Whether the first string starts with the second.",
        arity: 2,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING, Type::STRING], Type::BOOL),
        eval: |a| match two_str(a) {
            Some((s, start)) => Value::Bool(s.starts_with(start)),
            None => misfit(a, "string, string"),
        },
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
        eval: |a| match a {
            [Value::List(l)] => {
                let mut seen = std::collections::BTreeSet::new();
                Value::Bool(l.iter().all(|v| seen.insert(v)))
            }
            _ => misfit(a, "list"),
        },
    },
    Builtin {
        name: "upper",
        signature: "upper(string) -> string",
        doc: "The string in upper case.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::STRING),
        eval: |a| match one_str(a) {
            Some(s) => Value::String(s.to_uppercase()),
            None => misfit(a, "string"),
        },
    },
    Builtin {
        name: "url_host",
        signature: "url_host(string) -> string",
        doc: "The host of a URL, lower-cased (`ocsp.example.com`, `192.0.2.1`); the empty string when it has none. Text that is not a URL makes the requirement undetermined.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::STRING),
        eval: |a| match one_str(a).map(net::parse_url) {
            Some(Ok(u)) => Value::String(net::url_host(&u)),
            Some(Err(why)) => Value::Malformed(why),
            None => misfit(a, "string"),
        },
    },
    Builtin {
        name: "url_scheme",
        signature: "url_scheme(string) -> string",
        doc: "The scheme of a URL, lower-cased (`http`, `ldap`). Text that is not a URL makes the requirement undetermined.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::STRING),
        eval: |a| match one_str(a).map(net::parse_url) {
            Some(Ok(u)) => Value::String(u.scheme().to_owned()),
            Some(Err(why)) => Value::Malformed(why),
            None => misfit(a, "string"),
        },
    },
    Builtin {
        name: "valid_dns_name",
        signature: "valid_dns_name(string) -> bool",
        doc: "Whether a name follows the preferred name syntax (RFC 1034 §3.5, RFC 5280 §4.2.1.6): labels of 1 to 63 letters, digits and hyphens, no hyphen first or last, at most 253 characters, no trailing dot. A leading `*.` is allowed; test `starts_with(n, \"*.\")` to forbid wildcards.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::BOOL),
        eval: |a| match one_str(a) {
            Some(s) => Value::Bool(net::valid_dns_name(s)),
            None => misfit(a, "string"),
        },
    },
    Builtin {
        name: "valid_idna",
        signature: "valid_idna(string) -> bool",
        doc: "Whether every `xn--` label of a name is a valid IDNA A-label: it decodes as Punycode to a label UTS #46 accepts and encodes back to itself. Names without such labels are valid.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::BOOL),
        eval: |a| match one_str(a) {
            Some(s) => Value::Bool(net::valid_idna(s)),
            None => misfit(a, "string"),
        },
    },
    Builtin {
        name: "valid_url",
        signature: "valid_url(string) -> bool",
        doc: "Whether text parses as an absolute URL.",
        arity: 1,
        takes_absent: false,
        check: |a| exactly(a, &[Type::STRING], Type::BOOL),
        eval: |a| match one_str(a) {
            Some(s) => Value::Bool(net::parse_url(s).is_ok()),
            None => misfit(a, "string"),
        },
    },
];

/// Looks a builtin up by name.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::ObjectId;

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
        // The widest span of dates still fits in an int once counted in days.
        let widest = ((i128::from(i64::MAX) - i128::from(i64::MIN)) / 86_400) as i64;
        assert_eq!((b("days_between").eval)(&[Value::Date(i64::MIN), Value::Date(i64::MAX)]), Value::Int(widest));
        assert_eq!((b("days_between").eval)(&[Value::Date(i64::MAX), Value::Date(i64::MIN)]), Value::Int(-widest - 1));
        assert_eq!((b("hours").eval)(&[Value::Duration(i64::MIN)]), Value::Int(i64::MIN.div_euclid(3_600)));
        assert_eq!((b("len").eval)(&[Value::String("héllo".into())]), Value::Int(5));
        assert_eq!((b("present").eval)(&[Value::Absent]), Value::Bool(false));
        assert_eq!((b("unique").eval)(&[Value::List(vec![Value::Int(1), Value::Int(1)].into())]), Value::Bool(false));
        assert!((b("days").check)(&[Type::INT]).is_err());
    }

    /// Text that certificates and policies can carry, chosen to break parsers.
    fn hostile_strings() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            ".",
            "..",
            "...",
            "a..b",
            "example.com.",
            ".example.com",
            "*",
            "*.",
            "*..",
            "-",
            "a-",
            "-a",
            "café",
            "café.example",
            "xn--café",
            "xn-é",
            "xné",
            "é",
            "éééé",
            "xn--",
            "XN--",
            "xn--.",
            "xn--a",
            "xn--a-",
            "xn---",
            "xn--bcher-kva",
            "xn--zz",
            "xn--ls8h",
            "xn--9999999999a",
            "xn--a.xn--b..xn--",
            "\u{fffd}",
            "xn--\u{fffd}",
            "\u{fffd}.example",
            "\0",
            "a\0b",
            "\x7f",
            "\u{1b}[31m",
            "\r\n",
            "\t",
            " ",
            "\u{200d}",
            "\u{202e}moc.elpmaxe",
            "e\u{301}",
            "İ",
            "ß",
            "ﬃ",
            "🦀.example",
            "\u{10ffff}",
            "0",
            "1.2.3.4",
            "1.2.3.4/",
            "1.2.3.4/0",
            "1.2.3.4/32",
            "1.2.3.4/33",
            "1.2.3.4/-1",
            "1.2.3.4/+8",
            "1.2.3.4/08",
            "1.2.3.4/1/2",
            "/8",
            "/",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            "::",
            "::/0",
            "::/128",
            "::/129",
            "::1",
            "[::1]",
            "fe80::1%eth0",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8:9",
            "0.0.0.0/0",
            "http://",
            "http://[::1",
            "http://[::1]/",
            "ldap://LDAP.Example.COM/cn=x",
            "HTTP://EXAMPLE.COM",
            "http://ex%41mple.com",
            "http://xn--café/",
            "http://1.2.3.4:99999/",
            "file:///etc/passwd",
            "data:,x",
            "a:b",
            "://",
            "http://user:pass@host/",
            "http://例え.テスト/",
            "mailto:a@b",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let big = 1_000_000;
        v.push("a".repeat(big));
        v.push(format!("xn--{}", "a".repeat(big)));
        v.push(format!("xn--{}", "é".repeat(big / 2)));
        v.push("é".repeat(big));
        v.push("xn--a.".repeat(big / 6));
        v.push(".".repeat(big));
        v.push(format!("{}.", "a.".repeat(big / 2)));
        v.push("\u{fffd}".repeat(big / 3));
        v.push("1".repeat(big));
        v.push(format!("1.2.3.4/{}", "9".repeat(big)));
        v.push(format!("{}::", "ffff:".repeat(big / 5)));
        v.push(format!("http://{}/", "a".repeat(big)));
        v.push(format!("http://[{}]/", "1:".repeat(big / 2)));
        v
    }

    /// Values of each argument type, including the extremes and the shapes a field reads into.
    fn hostile_values(ty: Type) -> Vec<Value> {
        let list = |items: Vec<Value>| Value::List(items.into());
        let lists = |s: Scalar| -> Vec<Value> {
            let one = hostile_values(Type::Scalar(s));
            vec![
                list(vec![]),
                list(one.clone()),
                list([one.clone(), one.clone()].concat()),
                list(one.first().into_iter().cycle().take(100_000).cloned().collect()),
            ]
        };
        match ty {
            Type::Scalar(Scalar::Bool) => vec![Value::Bool(true), Value::Bool(false)],
            Type::Scalar(Scalar::Int) => [i64::MIN, -1, 0, 1, i64::MAX].map(Value::Int).to_vec(),
            Type::Scalar(Scalar::Duration) => {
                [i64::MIN, i64::MIN + 1, -86_401, -1, 0, 1, 86_399, 86_400, i64::MAX].map(Value::Duration).to_vec()
            }
            Type::Scalar(Scalar::Date) => [i64::MIN, -1, 0, 1, 253_402_300_799, i64::MAX].map(Value::Date).to_vec(),
            Type::Scalar(Scalar::Size) => [0, 1, u64::MAX].map(Value::Size).to_vec(),
            Type::Scalar(Scalar::String) => hostile_strings().into_iter().map(Value::String).collect(),
            Type::Scalar(Scalar::Oid) => [&[][..], &[0x80], &[0x2a, 0x86, 0x48], &[0xff; 40]]
                .map(|der| Value::Oid(ObjectId::from_der(der)))
                .to_vec(),
            Type::List(s) => lists(s),
            Type::EmptyList => vec![list(vec![])],
            Type::Record(_) => {
                vec![Value::Record(Vec::new().into()), Value::Record(vec![("name".to_owned(), Value::Absent)].into())]
            }
            Type::Records(_) => vec![list(vec![]), list(vec![Value::Record(Vec::new().into())])],
        }
    }

    fn all_types() -> Vec<Type> {
        let scalars =
            [Scalar::Bool, Scalar::Int, Scalar::String, Scalar::Duration, Scalar::Date, Scalar::Oid, Scalar::Size];
        let mut v: Vec<Type> = scalars.iter().map(|&s| Type::Scalar(s)).collect();
        v.extend(scalars.iter().map(|&s| Type::List(s)));
        v.push(Type::EmptyList);
        v.extend([Type::Record("profile"), Type::Records("profile")]);
        v
    }

    /// Whether `v` is a value of type `ty`.
    fn has_type(v: &Value, ty: Type) -> bool {
        match (v, ty) {
            (Value::Bool(_), Type::Scalar(Scalar::Bool))
            | (Value::Int(_), Type::Scalar(Scalar::Int))
            | (Value::String(_), Type::Scalar(Scalar::String))
            | (Value::Duration(_), Type::Scalar(Scalar::Duration))
            | (Value::Date(_), Type::Scalar(Scalar::Date))
            | (Value::Oid(_), Type::Scalar(Scalar::Oid))
            | (Value::Size(_), Type::Scalar(Scalar::Size)) => true,
            (Value::List(l), Type::List(s)) => l.iter().all(|i| has_type(i, Type::Scalar(s))),
            _ => false,
        }
    }

    /// Every builtin, on every combination of hostile arguments of every
    /// argument type that its type rule accepts: no panic, and the result is
    /// of the declared type or undetermined with a short reason. Arguments of
    /// the wrong number or kind are undetermined too.
    #[test]
    fn hostile_arguments_never_panic() {
        let types = all_types();
        for b in BUILTINS {
            let signatures: Vec<Vec<Type>> = match b.arity {
                1 => types.iter().map(|&t| vec![t]).collect(),
                2 => types.iter().flat_map(|&t| types.iter().map(move |&u| vec![t, u])).collect(),
                n => panic!("{}: arity {n} is not covered", b.name),
            };
            let mut calls = 0;
            for sig in signatures {
                let Ok(out) = (b.check)(&sig) else { continue };
                let values: Vec<Vec<Value>> = sig
                    .iter()
                    .map(|&t| {
                        let mut values = hostile_values(t);
                        if b.takes_absent {
                            values.extend([Value::Absent, Value::Malformed(String::new())]);
                        }
                        values
                    })
                    .collect();
                // Every combination, one at a time: the odometer `at` picks an argument of each type.
                let mut at = vec![0; values.len()];
                while at.iter().zip(&values).all(|(&i, v)| i < v.len()) {
                    let a: Vec<Value> = at.iter().zip(&values).map(|(&i, v)| v[i].clone()).collect();
                    for (k, v) in values.iter().enumerate().rev() {
                        at[k] += 1;
                        if at[k] < v.len() || k == 0 {
                            break;
                        }
                        at[k] = 0;
                    }
                    let got = std::panic::catch_unwind(|| (b.eval)(&a));
                    let shown = || {
                        let args: Vec<String> = a.iter().map(|v| format!("{v:.40?}")).collect();
                        format!("{}({})", b.name, args.join(", "))
                    };
                    let Ok(got) = got else { panic!("{} panicked", shown()) };
                    match &got {
                        Value::Malformed(why) => {
                            assert!(!why.is_empty() && why.len() < 1_000, "{}: {why:.200}", shown())
                        }
                        v => assert!(has_type(v, out), "{} gave {v:.200?}", shown()),
                    }
                    calls += 1;
                }
            }
            assert!(calls > 0, "{} was never called", b.name);
            // Arguments the type rule would have refused.
            let mut refused = vec![vec![], vec![Value::Absent; 3]];
            if (b.check)(&vec![Type::Scalar(Scalar::Oid); b.arity]).is_err() {
                refused.push(vec![Value::Oid(ObjectId::from_der(&[0x2a])); b.arity]);
            }
            for a in refused {
                let got = std::panic::catch_unwind(|| (b.eval)(&a));
                assert!(matches!(got, Ok(Value::Malformed(_))), "{} on {a:?}: {got:?}", b.name);
            }
        }
    }

    #[test]
    fn answers_on_hostile_text() {
        let call = |n: &str, a: &[&str]| {
            (builtin(n).unwrap().eval)(&a.iter().map(|s| Value::String((*s).into())).collect::<Vec<_>>())
        };
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        // A non-ASCII label is not an A-label, and no `xn--` label is a valid one when it does not decode.
        assert_eq!(call("valid_idna", &["café"]), t);
        assert_eq!(call("valid_idna", &["xn-é.example"]), t);
        assert_eq!(call("valid_idna", &["xn--café.example"]), f);
        assert_eq!(call("valid_idna", &["XN--bcher-kva.example"]), t);
        assert_eq!(call("valid_idna", &[&format!("xn--{}", "a".repeat(1_000_000))]), f);
        assert_eq!(call("valid_dns_name", &["café.example"]), f);
        assert_eq!(call("valid_dns_name", &["\u{fffd}"]), f);
        assert_eq!(call("len", &["\u{fffd}é"]), Value::Int(2));
        assert_eq!(call("dns_labels", &[".."]), Value::List(vec![Value::String(String::new()); 3].into()));
        // An opaque host is lower-cased too, as the doc says.
        assert_eq!(call("url_host", &["ldap://LDAP.Example.COM/cn=x"]), Value::String("ldap.example.com".into()));
        assert_eq!(call("url_host", &["HTTP://EXAMPLE.COM/"]), Value::String("example.com".into()));
        // A prefix length is digits.
        assert!(matches!(call("ip_in", &["10.1.1.1", "10.0.0.0/+8"]), Value::Malformed(_)));
        assert_eq!(call("ip_in", &["10.1.1.1", "10.0.0.0/8"]), t);
        assert_eq!(call("ip_in", &["::1", "::/0"]), t);
        // A reason quotes a megabyte of text in a few dozen characters.
        let Value::Malformed(why) = call("ip_reserved", &[&"1".repeat(1_000_000)]) else { panic!() };
        assert_eq!(why, format!("{:?}… (1000000 characters) is not an IP address", "1".repeat(64)));
        let Value::Malformed(why) = call("url_scheme", &[&"é".repeat(100)]) else { panic!() };
        assert!(why.starts_with(&format!("{:?}… (100 characters) is not a URL", "é".repeat(64))), "{why}");
        let b = |n| builtin(n).unwrap();
        assert_eq!(
            (b("days_between").eval)(&[Value::Date(i64::MIN), Value::Date(i64::MAX)]),
            Value::Int(213_503_982_334_601)
        );
        assert_eq!(
            (b("days_between").eval)(&[Value::Date(i64::MAX), Value::Date(i64::MIN)]),
            Value::Int(-213_503_982_334_602)
        );
        assert_eq!((b("days").eval)(&[Value::Duration(i64::MIN)]), Value::Int(i64::MIN.div_euclid(86_400)));
    }
}
