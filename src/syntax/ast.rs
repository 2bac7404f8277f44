//! The abstract syntax tree of a policy file.
//!
//! Spans are byte ranges in the file the tree came from. Literals are already
//! checked and decoded (a date is a real date, a duration has known units), so
//! the compiler deals only in names and types.

pub use crate::source::{Span, Spanned};
use crate::value::{Scalar, Value};

/// A whole policy file.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyFile {
    /// The policy title.
    pub title: Spanned<String>,
    /// Span of the `policy` keyword and title.
    pub head: Span,
    /// Everything inside the outer braces, in order.
    pub items: Vec<Item>,
}

/// One entry of a block.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A `section` block.
    Section(Section),
    /// A `requirement` or `manual` block.
    Requirement(Requirement),
    /// A one-line statement.
    Statement(Statement),
}

/// `section 6.3.2 "Title" { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The dotted number.
    pub number: Spanned<String>,
    /// The title, when written.
    pub title: Option<Spanned<String>>,
    /// Span of the opening line.
    pub head: Span,
    /// Contents.
    pub items: Vec<Item>,
}

/// `requirement ID "Title" { ... }` or `manual ID "Title" { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// Whether it was written as `manual`.
    pub manual: bool,
    /// Whether it was marked `override`.
    pub is_override: bool,
    /// The stable ID.
    pub id: Spanned<String>,
    /// The title.
    pub title: Spanned<String>,
    /// Span of the opening line.
    pub head: Span,
    /// Contents.
    pub items: Vec<Item>,
}

/// A statement, with the span of the whole statement and of its keyword.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// What it says.
    pub kind: StatementKind,
    /// The keyword, e.g. `severity`.
    pub keyword: Spanned<&'static str>,
    /// The whole statement.
    pub span: Span,
}

/// The statements of the language.
#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    /// `kind cp|cps|combined`.
    Kind(Spanned<String>),
    /// `oid 1.2.3`.
    Oid(Spanned<String>),
    /// `version "1.2"`.
    Version(Spanned<String>),
    /// `effective 2026-01-01`.
    Effective(Spanned<i64>),
    /// `ineffective 2030-01-01`.
    Ineffective(Spanned<i64>),
    /// `authority "..."`.
    Authority(Spanned<String>),
    /// `contact "..."`.
    Contact(Spanned<String>),
    /// `revision "1.2" 2026-01-01 "What changed"`.
    Revision {
        /// Version label.
        version: Spanned<String>,
        /// Date.
        date: Spanned<i64>,
        /// Description.
        summary: Spanned<String>,
    },
    /// `include "path"`.
    Include(Spanned<String>),
    /// `param name: type = value "doc"`.
    Param(Param),
    /// `profile name = expr`.
    Profile {
        /// Marked `override`.
        is_override: bool,
        /// The name.
        name: Spanned<String>,
        /// The predicate.
        expr: Expr,
    },
    /// `disable ID "reason"`.
    Disable {
        /// The requirement.
        id: Spanned<String>,
        /// Why.
        reason: Spanned<String>,
    },
    /// `text "..."`: prose that may show `{param}` values.
    Text(Template),
    /// `severity error|warning|notice`.
    Severity(Spanned<String>),
    /// `cites "...", "..."`.
    Cites(Vec<Spanned<String>>),
    /// `zlint "..."`.
    Zlint(Vec<Spanned<String>>),
    /// `pkilint "..."`.
    Pkilint(Vec<Spanned<String>>),
    /// `target certificate|ca`.
    Target(Spanned<String>),
    /// `when expr`.
    When(Expr),
    /// `require expr`.
    Require(Expr),
    /// `message "..."`: a finding message that may show `{expression}` values.
    Message(Template),
    /// `evidence "..."`.
    Evidence(Spanned<String>),
}

/// `param name: type = value "doc"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Marked `override`.
    pub is_override: bool,
    /// The name.
    pub name: Spanned<String>,
    /// The declared type, when written.
    pub ty: Option<Spanned<TypeExpr>>,
    /// The value.
    pub value: Expr,
    /// The description.
    pub doc: Option<Spanned<String>>,
}

/// A string with `{expression}` placeholders; `{{` and `}}` stand for braces.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// The pieces, in order.
    pub parts: Vec<TemplatePart>,
    /// The whole string literal.
    pub span: Span,
}

/// A piece of a [`Template`].
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Text(String),
    /// A placeholder, with the text written between the braces.
    Expr(Expr, String),
}

/// A written type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    /// A scalar type by name (checked by the compiler).
    Named(String),
    /// `list<T>`.
    List(Box<Spanned<TypeExpr>>),
}

/// An expression.
pub type Expr = Spanned<ExprKind>;

/// Comparison and membership operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
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
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `contains`
    Contains,
    /// `matches`
    Matches,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Contains => "contains",
            CmpOp::Matches => "matches",
        }
    }
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (integer division, rounding toward zero)
    Div,
    /// `%` (remainder)
    Rem,
}

impl ArithOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
            ArithOp::Rem => "%",
        }
    }
}

/// Boolean connectives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Logic {
    /// `and`
    And,
    /// `or`
    Or,
    /// `implies`
    Implies,
}

/// Quantifiers over lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// `all(x in xs: p)`
    All,
    /// `any(x in xs: p)`
    Any,
    /// `none(x in xs: p)`
    None,
    /// `count(x in xs: p)`, an `int`
    Count,
}

/// Expression forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal value of a known scalar type.
    Literal(Value, Scalar),
    /// A literal that was malformed and already reported.
    Invalid,
    /// `[a, b]`.
    List(Vec<Expr>),
    /// A dotted name: a field, a parameter, a profile, a constant or a bound variable.
    Path(String),
    /// `f(a, b)`.
    Call(Spanned<String>, Vec<Expr>),
    /// `not e`.
    Not(Box<Expr>),
    /// `a and b`, `a or b`, `a implies b`.
    Logic(Logic, Box<Expr>, Box<Expr>),
    /// `a == b`, `a in b`, ….
    Cmp(Spanned<CmpOp>, Box<Expr>, Box<Expr>),
    /// `a + b`, `a - b`, `a * b`, `a / b`, `a % b`.
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `subject is profile`, `subject is not profile`.
    Is {
        /// The subject (`cert` or `ca`).
        subject: Box<Expr>,
        /// Whether written `is not`.
        negated: bool,
        /// The profile name.
        profile: Spanned<String>,
    },
    /// `all(x in xs: p)` and friends.
    Quant {
        /// Which quantifier.
        kind: Quantifier,
        /// The bound variable.
        var: Spanned<String>,
        /// The list.
        list: Box<Expr>,
        /// The predicate.
        body: Box<Expr>,
    },
}
