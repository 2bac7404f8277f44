//! The compiled program: typed rules that need no AST and no name lookups.
//!
//! Field reads hold `&'static FieldDef`, builtins hold `&'static Builtin`,
//! parameters are folded into constants, and a profile is checked once and
//! shared by every use ([`Expr::Profile`]), so the runner evaluates an
//! [`Expr`] on an environment of subjects and nothing else. The evaluator is
//! [`super::eval`].

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use super::builtins::Builtin;
use crate::limits::{MAX_CONSTANT_BYTES, MAX_CONSTANT_ITEMS};
use crate::schema::{FieldDef, Root, Target};
use crate::source::Loc;
use crate::value::{Type, Value};

/// Comparison operators of the IR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// Quantifiers of the IR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quant {
    /// Every item satisfies the body (true for an empty list).
    All,
    /// Some item satisfies the body.
    Any,
    /// No item satisfies the body.
    None,
    /// How many items satisfy the body.
    Count,
}

pub use crate::syntax::ast::ArithOp as Arith;

/// A typed, resolved expression.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A constant (literal, parameter value or named constant), shared by every copy.
    Const(Arc<Value>),
    /// A field of the subject in one of the environment's roots (`cert`, `issuer`, `ca`, `parent`).
    Field(Root, &'static FieldDef),
    /// The item bound by the quantifier `n` levels out from the root (0 = outermost).
    Var(u32),
    /// `not e`
    Not(Box<Expr>),
    /// `a and b` (short-circuits)
    And(Box<Expr>, Box<Expr>),
    /// `a or b` (short-circuits)
    Or(Box<Expr>, Box<Expr>),
    /// `a implies b` (short-circuits)
    Implies(Box<Expr>, Box<Expr>),
    /// A comparison of two values of one type.
    Cmp(Cmp, Box<Expr>, Box<Expr>),
    /// `item in list`
    In(Box<Expr>, Box<Expr>),
    /// `list contains item`, or `string contains string`
    Contains(Box<Expr>, Box<Expr>),
    /// `string matches regex`
    Matches(Box<Expr>, Arc<regex::Regex>),
    /// `a + b`, `a - b`, `a * b`, `a / b`, `a % b`
    Arith(Arith, Box<Expr>, Box<Expr>),
    /// `all(x in list: body)` and friends; the bound item is `Var(depth)`.
    Quant(Quant, Box<Expr>, Box<Expr>),
    /// A builtin call.
    Call(&'static Builtin, Vec<Expr>),
    /// `item.member`: a member of a record a quantifier binds (`p.validity_max`).
    Member(Box<Expr>, &'static crate::schema::ca::Key),
    /// A profile's predicate, shared by every use of the profile.
    Profile(Arc<Profile>),
}

/// A checked profile. Its predicate binds no outer item, so it is evaluated on
/// its own; it is shared, never copied, however often it is used.
#[derive(Debug)]
pub struct Profile {
    /// The profile's name.
    pub name: String,
    /// The predicate.
    pub body: Expr,
    /// [`Expr::expanded`] of the body, computed once.
    pub expanded: Expanded,
    /// Whether the body depends on nothing but constants.
    pub constant: bool,
}

/// The size and depth of an expression with every profile expanded, counted
/// without expanding them: what evaluating it may cost, in time and in stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expanded {
    /// Operations, as counted by [`crate::limits::MAX_EXPANDED_SIZE`].
    pub size: u64,
    /// Nesting.
    pub depth: u32,
}

/// Profiles smaller than this, expanded, are shown inline by `Display`; larger
/// ones by name, so printing a rule costs what its text does.
const INLINE_PROFILE: u64 = 64;

/// Why an expression has no value on a subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undetermined {
    /// A field it needs is not on the subject (read in this root), or the root holds no subject.
    Absent(Root, &'static str),
    /// A field it needs could not be decoded.
    Malformed(&'static str, String),
    /// Arithmetic overflowed or divided by zero.
    Overflow,
    /// A builtin was given a value it cannot read, such as `ip_in("not an address", …)`.
    Invalid(&'static str, String),
    /// Joining strings or lists would pass [`MAX_CONSTANT_BYTES`] or [`MAX_CONSTANT_ITEMS`].
    TooLarge,
}

impl fmt::Display for Undetermined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Undetermined::Absent(root, field) => write!(f, "`{}` is absent", root.name_of(field)),
            Undetermined::Malformed(field, why) => write!(f, "`{field}` is malformed: {why}"),
            Undetermined::Overflow => f.write_str("arithmetic overflow or division by zero"),
            Undetermined::Invalid(builtin, why) => write!(f, "`{builtin}`: {why}"),
            Undetermined::TooLarge => write!(
                f,
                "the value would be larger than {} KiB of text or {MAX_CONSTANT_ITEMS} items",
                MAX_CONSTANT_BYTES >> 10
            ),
        }
    }
}

impl Expr {
    /// Size and depth with profiles expanded ([`Expanded`]), in time linear in
    /// the expression as stored: a profile's own count is reused, not redone.
    pub fn expanded(&self) -> Expanded {
        let of = |parts: &[&Expr]| {
            parts.iter().fold(Expanded { size: 1, depth: 1 }, |acc, e| {
                let x = e.expanded();
                Expanded { size: acc.size.saturating_add(x.size), depth: acc.depth.max(x.depth.saturating_add(1)) }
            })
        };
        match self {
            Expr::Const(v) => Expanded { size: 1 + constant_weight(v) / 64, depth: 1 },
            Expr::Field(..) | Expr::Var(_) => Expanded { size: 1, depth: 1 },
            Expr::Profile(p) => Expanded { size: p.expanded.size, depth: p.expanded.depth.saturating_add(1) },
            Expr::Not(e) | Expr::Matches(e, _) | Expr::Member(e, _) => of(&[e]),
            Expr::And(a, b)
            | Expr::Or(a, b)
            | Expr::Implies(a, b)
            | Expr::Cmp(_, a, b)
            | Expr::In(a, b)
            | Expr::Contains(a, b)
            | Expr::Arith(_, a, b) => of(&[a, b]),
            Expr::Quant(_, list, body) => {
                // A constant list runs the body once per item; a field's list is the subject's business.
                let times = match &**list {
                    Expr::Const(v) => {
                        let n = if let Value::List(l) = &**v { l.len() } else { 0 };
                        u64::try_from(n).unwrap_or(u64::MAX).max(1)
                    }
                    _ => 1,
                };
                let (l, b) = (list.expanded(), body.expanded());
                Expanded {
                    size: 1u64.saturating_add(l.size).saturating_add(b.size.saturating_mul(times)),
                    depth: l.depth.max(b.depth).saturating_add(1),
                }
            }
            Expr::Call(_, args) => of(&args.iter().collect::<Vec<_>>()),
        }
    }

    /// Every field the expression reads, with its root, in reading order (profiles included).
    pub fn fields(&self, out: &mut Vec<(Root, &'static FieldDef)>) {
        match self {
            Expr::Field(root, f) => out.push((*root, f)),
            Expr::Const(_) | Expr::Var(_) => {}
            Expr::Profile(p) => p.body.fields(out),
            Expr::Not(e) | Expr::Matches(e, _) | Expr::Member(e, _) => e.fields(out),
            Expr::And(a, b)
            | Expr::Or(a, b)
            | Expr::Implies(a, b)
            | Expr::Cmp(_, a, b)
            | Expr::In(a, b)
            | Expr::Contains(a, b)
            | Expr::Arith(_, a, b)
            | Expr::Quant(_, a, b) => {
                a.fields(out);
                b.fields(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.fields(out)),
        }
    }

    /// Whether the value depends on nothing but constants (no field, no bound item).
    pub fn is_constant(&self) -> bool {
        match self {
            Expr::Const(_) => true,
            Expr::Field(..) | Expr::Var(_) | Expr::Quant(..) => false,
            Expr::Profile(p) => p.constant,
            Expr::Not(e) | Expr::Matches(e, _) | Expr::Member(e, _) => e.is_constant(),
            Expr::And(a, b)
            | Expr::Or(a, b)
            | Expr::Implies(a, b)
            | Expr::Cmp(_, a, b)
            | Expr::In(a, b)
            | Expr::Contains(a, b)
            | Expr::Arith(_, a, b) => a.is_constant() && b.is_constant(),
            Expr::Call(_, args) => args.iter().all(Expr::is_constant),
        }
    }
}

/// Bytes of text in a constant, or items in a list, in constant time.
pub fn constant_weight(v: &Value) -> u64 {
    let n = match v {
        Value::String(s) | Value::Malformed(s) => s.len(),
        Value::List(l) => l.len(),
        _ => 0,
    };
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Whether a value is within [`MAX_CONSTANT_BYTES`] of text and [`MAX_CONSTANT_ITEMS`] items.
pub fn within_limits(v: &Value) -> bool {
    match v {
        Value::String(s) => s.len() <= MAX_CONSTANT_BYTES,
        Value::List(l) => {
            l.len() <= MAX_CONSTANT_ITEMS
                && l.iter()
                    .map(|x| if let Value::String(s) = x { s.len() } else { 0 })
                    .try_fold(0usize, |acc, n| acc.checked_add(n).filter(|t| *t <= MAX_CONSTANT_BYTES))
                    .is_some()
        }
        _ => true,
    }
}

/// Stack left when evaluating or printing goes on in a new segment, and that segment's size.
pub(super) const RED_ZONE: usize = 128 << 10;
pub(super) const STACK_SEGMENT: usize = 4 << 20;

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.show(f))
    }
}

impl Expr {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Const(v) => write!(f, "{v}"),
            Expr::Field(root, d) => f.write_str(&root.name_of(d.name)),
            Expr::Var(i) => write!(f, "${i}"),
            Expr::Member(e, key) => write!(f, "{e}.{}", key.path.rsplit('.').next().unwrap_or(key.path)),
            Expr::Not(e) => write!(f, "(not {e})"),
            Expr::And(a, b) => write!(f, "({a} and {b})"),
            Expr::Or(a, b) => write!(f, "({a} or {b})"),
            Expr::Implies(a, b) => write!(f, "({a} implies {b})"),
            Expr::Cmp(op, a, b) => {
                let sym = match op {
                    Cmp::Eq => "==",
                    Cmp::Ne => "!=",
                    Cmp::Lt => "<",
                    Cmp::Le => "<=",
                    Cmp::Gt => ">",
                    Cmp::Ge => ">=",
                };
                write!(f, "({a} {sym} {b})")
            }
            Expr::In(a, b) => write!(f, "({a} in {b})"),
            Expr::Contains(a, b) => write!(f, "({a} contains {b})"),
            Expr::Matches(a, re) => write!(f, "({a} matches {:?})", re.as_str()),
            Expr::Arith(op, a, b) => write!(f, "({a} {} {b})", op.symbol()),
            Expr::Quant(q, l, b) => {
                let name = match q {
                    Quant::All => "all",
                    Quant::Any => "any",
                    Quant::None => "none",
                    Quant::Count => "count",
                };
                write!(f, "{name}({l}: {b})")
            }
            Expr::Profile(p) if p.expanded.size <= INLINE_PROFILE => write!(f, "{}", p.body),
            Expr::Profile(p) => f.write_str(&p.name),
            Expr::Call(b, args) => {
                write!(f, "{}(", b.name)?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// A compiled string with `{…}` placeholders.
#[derive(Clone, Debug)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A value to show, with the expression as written.
    Value(Expr, String),
}

/// A message or prose template.
#[derive(Clone, Debug, Default)]
pub struct Template(pub Vec<Piece>);

impl Template {
    /// The template as written, with its placeholders.
    pub fn source(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.replace('{', "{{").replace('}', "}}"),
                Piece::Value(_, src) => format!("{{{src}}}"),
            })
            .collect()
    }
}

/// Severity of a requirement's failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational.
    Notice,
    /// Should be fixed.
    Warning,
    /// Must be fixed.
    Error,
}

impl Severity {
    /// The keyword used in policies.
    pub fn keyword(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Document kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// Certificate Policy.
    Cp,
    /// Certification Practice Statement.
    Cps,
    /// Combined CP/CPS.
    Combined,
}

/// How a requirement is checked.
#[derive(Clone, Debug)]
pub enum Check {
    /// Evaluated by machine.
    Automated {
        /// What it applies to.
        target: Target,
        /// Applicability; `None` means always.
        when: Option<Expr>,
        /// The assertion.
        require: Expr,
        /// Failure message.
        message: Option<Template>,
    },
    /// Checked by attested evidence.
    Manual {
        /// What evidence is expected.
        evidence: String,
    },
}

/// A compiled requirement.
#[derive(Clone, Debug)]
pub struct Requirement {
    /// Stable ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// RFC 3647 section number it belongs to.
    pub section: String,
    /// Severity.
    pub severity: Severity,
    /// Normative text.
    pub text: Option<String>,
    /// External citations such as `CABF-BR 6.3.2`.
    pub cites: Vec<String>,
    /// Equivalent zlint lints.
    pub zlint: Vec<String>,
    /// Equivalent pkilint findings.
    pub pkilint: Vec<String>,
    /// First notBefore the requirement applies to (inclusive).
    pub effective: Option<i64>,
    /// notBefore from which it no longer applies.
    pub ineffective: Option<i64>,
    /// How it is checked.
    pub check: Check,
    /// Where it is declared (its opening line).
    pub loc: Loc,
    /// Parameters it reads that a policy including its own overrode.
    pub overrides: Vec<Override>,
}

/// A parameter that an including policy overrode, read by a requirement of the included one:
/// a finding then says whose limit it applied.
#[derive(Clone, Debug)]
pub struct Override {
    /// The parameter.
    pub param: String,
    /// Its value after the override.
    pub value: Value,
    /// The value the overridden declaration gave it.
    pub original: Option<Value>,
    /// Title of the policy whose `override` set the value.
    pub by: String,
    /// Title of the policy that declares the parameter.
    pub of: String,
}

impl Requirement {
    /// `Example Corp's CP overrides max_validity to 90 days; the CA/B Forum BRs set 200 days`, for findings.
    pub fn override_note(&self) -> Option<String> {
        let notes: Vec<String> = self
            .overrides
            .iter()
            .map(|o| {
                let original =
                    o.original.as_ref().map_or_else(String::new, |v| format!("; {} sets {}", o.of, v.human()));
                format!("{} overrides `{}` to {}{original}", o.by, o.param, o.value.human())
            })
            .collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    }

    /// `certificate`, `ca` or `manual`.
    pub fn target_name(&self) -> &'static str {
        match &self.check {
            Check::Automated { target, .. } => target.keyword(),
            Check::Manual { .. } => "manual",
        }
    }
}

/// A parameter and its final value.
#[derive(Clone, Debug)]
pub struct Param {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Value after overrides.
    pub value: Value,
    /// Description.
    pub doc: Option<String>,
    /// Where it was declared.
    pub loc: Loc,
    /// Where its value was last overridden, if it was.
    pub overridden: Option<Loc>,
    /// The value of the overridden declaration, when an override replaced it.
    pub original: Option<Value>,
}

/// A section of the document.
#[derive(Clone, Debug)]
pub struct Section {
    /// Dotted number.
    pub number: String,
    /// Title (the policy's, else RFC 3647's).
    pub title: String,
    /// Prose paragraphs with parameter values filled in.
    pub text: Vec<String>,
    /// IDs of its requirements, in declaration order.
    pub requirements: Vec<String>,
    /// Where it was (first) declared.
    pub loc: Loc,
}

/// A revision history entry.
#[derive(Clone, Debug, Serialize)]
pub struct Revision {
    /// Version label.
    pub version: String,
    /// Date (seconds since the epoch).
    pub date: i64,
    /// What changed.
    pub summary: String,
}

/// An included requirement switched off by `disable`.
#[derive(Clone, Debug)]
pub struct Disabled {
    /// The requirement ID.
    pub id: String,
    /// Why.
    pub reason: String,
    /// The `disable` statement.
    pub loc: Loc,
}

/// Document metadata, from the entry policy file.
#[derive(Clone, Debug)]
pub struct Metadata {
    /// Title.
    pub title: String,
    /// CP, CPS or combined.
    pub kind: DocKind,
    /// Policy OIDs.
    pub oids: Vec<String>,
    /// Version label.
    pub version: Option<String>,
    /// Effective date.
    pub effective: Option<i64>,
    /// Policy authority.
    pub authority: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// Revision history, in order written.
    pub revisions: Vec<Revision>,
    /// Titles of included policies, in include order.
    pub includes: Vec<String>,
}

/// A compiled policy.
#[derive(Clone, Debug)]
pub struct Program {
    /// Document metadata.
    pub meta: Metadata,
    /// Parameters, sorted by name.
    pub params: Vec<Param>,
    /// Sections in RFC 3647 order.
    pub sections: Vec<Section>,
    /// Requirements, sorted by ID with numbers in numeric order ([`natural_cmp`]).
    pub requirements: Vec<Requirement>,
    /// Included requirements switched off, sorted by ID.
    pub disabled: Vec<Disabled>,
}

impl Program {
    /// Looks a requirement up by ID.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.binary_search_by(|r| natural_cmp(&r.id, id)).ok().map(|i| &self.requirements[i])
    }

    /// Requirements in document order: by section, then as declared.
    pub fn in_document_order(&self) -> impl Iterator<Item = &Requirement> {
        self.sections.iter().flat_map(|s| s.requirements.iter()).filter_map(|id| self.requirement(id))
    }
}

/// Orders IDs with their numbers compared as numbers: `BR-6.3.2-47` < `BR-6.3.2-100`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = s;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digit = first.is_ascii_digit();
            let end = rest.find(|c: char| c.is_ascii_digit() != digit).unwrap_or(rest.len());
            let (chunk, tail) = rest.split_at(end);
            rest = tail;
            Some((digit, chunk))
        })
    }
    let (mut x, mut y) = (chunks(a), chunks(b));
    loop {
        let o = match (x.next(), y.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some((true, p)), Some((true, q))) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                p.len().cmp(&q.len()).then_with(|| p.cmp(q))
            }
            (Some((_, p)), Some((_, q))) => p.cmp(q),
        };
        if o.is_ne() {
            return o;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;

    #[test]
    fn natural_order() {
        let mut ids = vec!["BR-6.3.2-100", "BR-6.3.2-47", "BR-6.3.2-398", "BR-10.1", "BR-6.3.2-200", "A"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["A", "BR-6.3.2-47", "BR-6.3.2-100", "BR-6.3.2-200", "BR-6.3.2-398", "BR-10.1"]);
    }
}
