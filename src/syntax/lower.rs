//! Lowers pest's parse tree into the AST, decoding and checking literals.

use pest::iterators::Pair;

use super::Rule;
use super::ast::{
    ArithOp, CmpOp, Expr, ExprKind, Item, Logic, Param, PolicyFile, Quantifier, Requirement, Section, Statement,
    StatementKind, Template, TemplatePart, TypeExpr,
};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::limits::MAX_OPERATORS;
use crate::source::{FileId, Loc, Span, Spanned};
use crate::value::{ObjectId, Scalar, Value};

pub(super) struct Lowerer {
    file: FileId,
    pub(super) diags: Vec<Diagnostic>,
}

fn span(p: &Pair<'_, Rule>) -> Span {
    p.as_span().into()
}

/// Children that carry meaning: punctuation and keywords are dropped.
fn parts<'i>(p: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    p.into_inner().filter(|c| {
        !matches!(
            c.as_rule(),
            Rule::open
                | Rule::close
                | Rule::lparen
                | Rule::rparen
                | Rule::lbracket
                | Rule::rbracket
                | Rule::langle
                | Rule::rangle
                | Rule::comma
                | Rule::colon
                | Rule::assign
                | Rule::EOI
        ) && !format!("{:?}", c.as_rule()).starts_with("kw_")
    })
}

use crate::value::{DURATION_UNITS, SIZE_UNITS};

impl Lowerer {
    pub(super) fn new(file: FileId) -> Self {
        Self { file, diags: Vec::new() }
    }

    fn loc(&self, span: Span) -> Loc {
        Loc::new(self.file, span)
    }

    fn error(&mut self, code: Code, span: Span, message: String) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(code, self.loc(span), message));
        self.diags.last_mut().expect("just pushed")
    }

    pub(super) fn file(&mut self, file: Pair<'_, Rule>) -> PolicyFile {
        let policy = file.into_inner().next().expect("file holds a policy");
        let mut it = parts(policy.clone());
        let title = self.string(it.next().expect("policy title"));
        let head = Span::new(policy.as_span().start(), title.span.end);
        let items = it.map(|p| self.item(p)).collect();
        PolicyFile { title, head, items }
    }

    /// Lowers a lone statement, for the diagnostics it produces.
    pub(super) fn statement_only(&mut self, p: Pair<'_, Rule>) {
        let _ = self.statement(p);
    }

    fn item(&mut self, p: Pair<'_, Rule>) -> Item {
        match p.as_rule() {
            Rule::section => Item::Section(self.section(p)),
            Rule::requirement | Rule::manual => Item::Requirement(self.requirement(p)),
            Rule::statement => Item::Statement(self.statement(p)),
            r => unreachable!("block item {r:?}"),
        }
    }

    fn section(&mut self, p: Pair<'_, Rule>) -> Section {
        let start = p.as_span().start();
        let mut it = parts(p).peekable();
        let n = it.next().expect("section number");
        let number = Spanned::new(n.as_str().to_owned(), span(&n));
        let title = it.next_if(|c| c.as_rule() == Rule::string).map(|s| self.string(s));
        let head = Span::new(start, title.as_ref().map_or(number.span.end, |t| t.span.end));
        let items = it.map(|c| self.item(c)).collect();
        Section { number, title, head, items }
    }

    fn requirement(&mut self, p: Pair<'_, Rule>) -> Requirement {
        let manual = p.as_rule() == Rule::manual;
        let start = p.as_span().start();
        let mut it = parts(p).peekable();
        let is_override = it.next_if(|c| c.as_rule() == Rule::override_mark).is_some();
        let id = it.next().expect("requirement id");
        let id = Spanned::new(id.as_str().to_owned(), span(&id));
        let title = self.string(it.next().expect("requirement title"));
        let head = Span::new(start, title.span.end);
        let items = it.map(|c| self.item(c)).collect();
        Requirement { manual, is_override, id, title, head, items }
    }

    fn statement(&mut self, p: Pair<'_, Rule>) -> Statement {
        let stmt = p.into_inner().next().expect("statement kind");
        let whole = span(&stmt);
        let kw_pair = stmt
            .clone()
            .into_inner()
            .find(|c| format!("{:?}", c.as_rule()).starts_with("kw_"))
            .expect("statement keyword");
        let keyword = Spanned::new(keyword_name(kw_pair.as_str()), span(&kw_pair));
        let rule = stmt.as_rule();
        let mut it = parts(stmt).peekable();
        let mut next = || it.next().expect("statement part");
        let kind = match rule {
            Rule::kind_stmt => StatementKind::Kind(ident(&next())),
            Rule::oid_stmt => StatementKind::Oid(self.oid_token(next())),
            Rule::version_stmt => StatementKind::Version(self.string(next())),
            Rule::effective_stmt => StatementKind::Effective(self.date_token(next())),
            Rule::ineffective_stmt => StatementKind::Ineffective(self.date_token(next())),
            Rule::authority_stmt => StatementKind::Authority(self.string(next())),
            Rule::contact_stmt => StatementKind::Contact(self.string(next())),
            Rule::revision_stmt => StatementKind::Revision {
                version: self.string(next()),
                date: self.date_token(next()),
                summary: self.string(next()),
            },
            Rule::include_stmt => StatementKind::Include(self.string(next())),
            Rule::param_stmt => {
                let is_override = it.next_if(|c| c.as_rule() == Rule::override_mark).is_some();
                let name = ident(&it.next().expect("param name"));
                let ty = it.next_if(|c| c.as_rule() == Rule::type_expr).map(|t| type_expr(t));
                let value = self.top_expr(it.next().expect("param value"));
                let doc = it.next().map(|d| self.string(d));
                StatementKind::Param(Param { is_override, name, ty, value, doc })
            }
            Rule::profile_stmt => {
                let is_override = it.next_if(|c| c.as_rule() == Rule::override_mark).is_some();
                let name = ident(&it.next().expect("profile name"));
                let expr = self.top_expr(it.next().expect("profile expression"));
                StatementKind::Profile { is_override, name, expr }
            }
            Rule::disable_stmt => {
                let id = next();
                StatementKind::Disable {
                    id: Spanned::new(id.as_str().to_owned(), span(&id)),
                    reason: self.string(next()),
                }
            }
            Rule::text_stmt => StatementKind::Text(self.template(next())),
            Rule::severity_stmt => StatementKind::Severity(ident(&next())),
            Rule::cites_stmt => StatementKind::Cites(it.map(|s| self.string(s)).collect()),
            Rule::zlint_stmt => StatementKind::Zlint(it.map(|s| self.string(s)).collect()),
            Rule::pkilint_stmt => StatementKind::Pkilint(it.map(|s| self.string(s)).collect()),
            Rule::target_stmt => StatementKind::Target(ident(&next())),
            Rule::when_stmt => StatementKind::When(self.top_expr(next())),
            Rule::require_stmt => StatementKind::Require(self.top_expr(next())),
            Rule::message_stmt => StatementKind::Message(self.template(next())),
            Rule::evidence_stmt => StatementKind::Evidence(self.string(next())),
            r => unreachable!("statement {r:?}"),
        };
        Statement { kind, keyword, span: whole }
    }

    // ------------------------------------------------------------ expressions

    /// Lowers a whole expression, unless it has more than [`MAX_OPERATORS`]
    /// operators: each one can add a level to the tree that every later stage
    /// walks recursively, so a longer one is reported and never built.
    fn top_expr(&mut self, p: Pair<'_, Rule>) -> Expr {
        let sp = span(&p);
        let operators = p.clone().into_inner().flatten().filter(|c| {
            matches!(
                c.as_rule(),
                Rule::kw_and
                    | Rule::kw_or
                    | Rule::kw_implies
                    | Rule::not_op
                    | Rule::cmp_op
                    | Rule::is_op
                    | Rule::add_op
                    | Rule::mul_op
            )
        });
        if let Some(op) = operators.clone().nth(MAX_OPERATORS) {
            let count = operators.count();
            self.error(
                Code::TooLong,
                span(&op),
                format!("this expression has {count} operators; at most {MAX_OPERATORS} are allowed"),
            )
            .labels[0]
                .text = format!("operator {} of the expression", MAX_OPERATORS + 1);
            self.diags.last_mut().expect("just pushed").help =
                Some("name parts of it with profiles, or put the values in a list parameter and test `in`".to_owned());
            return Spanned::new(ExprKind::Invalid, sp);
        }
        self.expr(p)
    }

    fn expr(&mut self, p: Pair<'_, Rule>) -> Expr {
        let sp = span(&p);
        match p.as_rule() {
            Rule::expr => self.expr(p.into_inner().next().expect("expr body")),
            Rule::implies_expr => {
                // Right-associative: a implies b implies c == a implies (b implies c).
                let operands: Vec<Expr> = parts(p).map(|c| self.expr(c)).collect();
                let mut iter = operands.into_iter().rev();
                let last = iter.next().expect("operand");
                iter.fold(last, |rhs, lhs| {
                    let s = lhs.span.to(rhs.span);
                    Spanned::new(ExprKind::Logic(Logic::Implies, Box::new(lhs), Box::new(rhs)), s)
                })
            }
            Rule::or_expr | Rule::and_expr => {
                let op = if p.as_rule() == Rule::or_expr { Logic::Or } else { Logic::And };
                let mut it = parts(p).map(|c| self.expr(c)).collect::<Vec<_>>().into_iter();
                let first = it.next().expect("operand");
                it.fold(first, |lhs, rhs| {
                    let s = lhs.span.to(rhs.span);
                    Spanned::new(ExprKind::Logic(op, Box::new(lhs), Box::new(rhs)), s)
                })
            }
            Rule::not_expr => {
                let mut it = p.into_inner();
                let first = it.next().expect("not operand");
                if first.as_rule() == Rule::not_op {
                    let inner = self.expr(it.next().expect("negated expression"));
                    Spanned::new(ExprKind::Not(Box::new(inner)), sp)
                } else {
                    self.expr(first)
                }
            }
            Rule::cmp_expr => {
                let mut it = parts(p);
                let lhs = self.expr(it.next().expect("lhs"));
                let Some(op) = it.next() else { return lhs };
                let rhs = it.next().expect("rhs");
                if op.as_rule() == Rule::is_op {
                    let negated = op.into_inner().count() > 1;
                    return Spanned::new(ExprKind::Is { subject: Box::new(lhs), negated, profile: ident(&rhs) }, sp);
                }
                let cmp = match op.as_str() {
                    "==" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    ">=" => CmpOp::Ge,
                    "in" => CmpOp::In,
                    "contains" => CmpOp::Contains,
                    "matches" => CmpOp::Matches,
                    _ => CmpOp::NotIn,
                };
                let rhs = self.expr(rhs);
                Spanned::new(ExprKind::Cmp(Spanned::new(cmp, span(&op)), Box::new(lhs), Box::new(rhs)), sp)
            }
            Rule::add_expr | Rule::mul_expr => {
                let mut it = parts(p);
                let mut lhs = self.expr(it.next().expect("operand"));
                while let Some(op) = it.next() {
                    let rhs = self.expr(it.next().expect("operand"));
                    let s = lhs.span.to(rhs.span);
                    let op = match op.as_str() {
                        "+" => ArithOp::Add,
                        "-" => ArithOp::Sub,
                        "*" => ArithOp::Mul,
                        "/" => ArithOp::Div,
                        _ => ArithOp::Rem,
                    };
                    lhs = Spanned::new(ExprKind::Arith(op, Box::new(lhs), Box::new(rhs)), s);
                }
                lhs
            }
            Rule::quantifier => {
                let mut it = parts(p);
                let kind = match it.next().expect("quantifier").as_str() {
                    "all" => Quantifier::All,
                    "any" => Quantifier::Any,
                    "none" => Quantifier::None,
                    _ => Quantifier::Count,
                };
                let var = ident(&it.next().expect("variable"));
                let list = self.expr(it.next().expect("list"));
                let body = self.expr(it.next().expect("body"));
                Spanned::new(ExprKind::Quant { kind, var, list: Box::new(list), body: Box::new(body) }, sp)
            }
            Rule::call => {
                let mut it = parts(p);
                let name = ident(&it.next().expect("function name"));
                let args = it.map(|a| self.expr(a)).collect();
                Spanned::new(ExprKind::Call(name, args), sp)
            }
            Rule::list_lit => Spanned::new(ExprKind::List(parts(p).map(|e| self.expr(e)).collect()), sp),
            Rule::literal => {
                let inner = p.into_inner().next().expect("literal");
                match inner.as_rule() {
                    Rule::boolean => {
                        Spanned::new(ExprKind::Literal(Value::Bool(inner.as_str() == "true"), Scalar::Bool), sp)
                    }
                    Rule::string => {
                        let s = self.string(inner);
                        Spanned::new(ExprKind::Literal(Value::String(s.node), Scalar::String), sp)
                    }
                    _ => {
                        let kind = match self.literal_token(inner.as_str(), sp) {
                            Some((v, t)) => ExprKind::Literal(v, t),
                            None => ExprKind::Invalid,
                        };
                        Spanned::new(kind, sp)
                    }
                }
            }
            Rule::path => Spanned::new(ExprKind::Path(p.as_str().to_owned()), sp),
            Rule::missing => {
                let input = p.as_span().get_input();
                let (what, at) = super::error::found(input, sp.start);
                let d = self.error(Code::Syntax, at, format!("expected an expression, found {what}"));
                d.labels[0].text = "missing operand".to_owned();
                if let Some(hint) = input.get(at.start..).and_then(super::error::operator_hint) {
                    d.help = Some(hint.to_owned());
                }
                Spanned::new(ExprKind::Invalid, at)
            }
            r => unreachable!("expression {r:?}"),
        }
    }

    // ------------------------------------------------------------ literals

    fn date_token(&mut self, p: Pair<'_, Rule>) -> Spanned<i64> {
        let sp = span(&p);
        match self.literal_token(p.as_str(), sp) {
            Some((Value::Date(d), _)) => Spanned::new(d, sp),
            Some((_, t)) => {
                self.error(Code::BadDate, sp, format!("expected a date, found {} `{}`", article(t), p.as_str())).help =
                    Some("dates are written YYYY-MM-DD, e.g. `2026-01-01`".to_owned());
                Spanned::new(0, sp)
            }
            None => Spanned::new(0, sp),
        }
    }

    fn oid_token(&mut self, p: Pair<'_, Rule>) -> Spanned<String> {
        let sp = span(&p);
        match self.literal_token(p.as_str(), sp) {
            Some((Value::Oid(o), _)) => Spanned::new(o.to_string(), sp),
            Some((_, t)) => {
                self.error(Code::BadOid, sp, format!("expected an OID, found {} `{}`", article(t), p.as_str())).help =
                    Some("OIDs are dotted numbers, e.g. `1.3.6.1.4.1.55555.1.1`".to_owned());
                Spanned::new(String::new(), sp)
            }
            None => Spanned::new(String::new(), sp),
        }
    }

    /// Decodes a number-like token: date, OID, integer, duration or size.
    fn literal_token(&mut self, text: &str, sp: Span) -> Option<(Value, Scalar)> {
        let negative = text.starts_with('-');
        let body = text.strip_prefix('-').unwrap_or(text);
        if body.contains('-') {
            return self.date(text, sp);
        }
        let num_end = body.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(body.len());
        let (num, suffix) = body.split_at(num_end);
        if num.contains('.') {
            if !suffix.is_empty() || negative {
                self.error(Code::BadLiteral, sp, format!("`{text}` is not a valid value")).help = Some(
                    "OIDs are dotted numbers without units (`2.5.29.19`); durations and sizes are whole numbers (`36h`)"
                        .to_owned(),
                );
                return None;
            }
            return self.oid(text, sp);
        }
        if suffix.is_empty() {
            return match text.parse::<i64>() {
                Ok(i) => Some((Value::Int(i), Scalar::Int)),
                Err(_) => {
                    self.error(Code::BadInt, sp, format!("integer `{text}` does not fit in 64 bits"));
                    None
                }
            };
        }
        if negative {
            self.error(Code::BadLiteral, sp, format!("`{text}` cannot be negative"));
            return None;
        }
        self.quantity(text, sp)
    }

    fn date(&mut self, text: &str, sp: Span) -> Option<(Value, Scalar)> {
        let fields: Vec<&str> = text.split('-').collect();
        let well_formed = fields.len() == 3
            && [4, 2, 2].iter().zip(&fields).all(|(n, f)| f.len() == *n && f.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            self.error(Code::BadDate, sp, format!("`{text}` is not a date")).help =
                Some("dates are written YYYY-MM-DD, e.g. `2026-01-01`".to_owned());
            return None;
        }
        let year: i32 = fields[0].parse().ok()?;
        let month: u8 = fields[1].parse().ok()?;
        let day: u8 = fields[2].parse().ok()?;
        let date = time::Month::try_from(month).ok().and_then(|m| time::Date::from_calendar_date(year, m, day).ok());
        if let Some(d) = date {
            let secs = d.midnight().assume_utc().unix_timestamp();
            Some((Value::Date(secs), Scalar::Date))
        } else {
            let why = if (1..=12).contains(&month) {
                format!("month {month} of {year} has no day {day}")
            } else {
                format!("there is no month {month}")
            };
            self.error(Code::BadDate, sp, format!("`{text}` is not a calendar date: {why}"));
            None
        }
    }

    fn oid(&mut self, text: &str, sp: Span) -> Option<(Value, Scalar)> {
        let arcs: Vec<&str> = text.split('.').collect();
        let problem = if arcs.iter().any(|a| a.len() > 1 && a.starts_with('0')) {
            Some("an arc has a leading zero".to_owned())
        } else if arcs.iter().any(|a| a.parse::<u128>().is_err()) {
            Some("an arc is too large".to_owned())
        } else if !matches!(arcs[0], "0" | "1" | "2") {
            Some(format!("the first arc must be 0, 1 or 2, not {}", arcs[0]))
        } else if arcs[0] != "2" && arcs[1].parse::<u128>().is_ok_and(|n| n >= 40) {
            Some(format!("under arc {} the second arc must be below 40", arcs[0]))
        } else {
            None
        };
        if let Some(why) = problem {
            self.error(Code::BadOid, sp, format!("`{text}` is not a valid OID: {why}"));
            return None;
        }
        match ObjectId::parse(text) {
            Some(oid) => Some((Value::Oid(oid), Scalar::Oid)),
            None => {
                self.error(Code::BadOid, sp, format!("`{text}` is not a valid OID: an arc is larger than 128 bits"));
                None
            }
        }
    }

    /// `398d`, `1d12h`, `4KiB`.
    fn quantity(&mut self, text: &str, sp: Span) -> Option<(Value, Scalar)> {
        let mut rest = text;
        let mut dur: Option<i64> = None;
        let mut size: Option<u64> = None;
        while !rest.is_empty() {
            let n_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            let u_end = rest[n_end..].find(|c: char| c.is_ascii_digit()).map_or(rest.len(), |i| n_end + i);
            let (n, unit) = (&rest[..n_end], &rest[n_end..u_end]);
            rest = &rest[u_end..];
            let sizeish = text.chars().any(|c| c.is_ascii_uppercase());
            let (code, kind) = if sizeish { (Code::BadSize, "size") } else { (Code::BadDuration, "duration") };
            if unit.is_empty() {
                self.error(code, sp, format!("`{n}` in {kind} `{text}` has no unit")).help = Some(
                    "every number needs a unit: durations use w, d, h, m, s (`1h30m`); sizes use B, KiB, …".to_owned(),
                );
                return None;
            }
            let Ok(n) = n.parse::<u64>() else {
                self.error(code, sp, format!("{kind} `{text}` is too large"));
                return None;
            };
            if let Some((_, secs)) = DURATION_UNITS.iter().find(|(u, _)| *u == unit) {
                if size.is_some() {
                    self.error(Code::BadDuration, sp, format!("`{text}` mixes duration and size units"));
                    return None;
                }
                let add = i64::try_from(n).ok().and_then(|n| n.checked_mul(*secs));
                dur = add.and_then(|a| dur.unwrap_or(0).checked_add(a));
                if dur.is_none() {
                    self.error(Code::BadDuration, sp, format!("duration `{text}` is too long"));
                    return None;
                }
            } else if let Some((_, bytes)) = SIZE_UNITS.iter().find(|(u, _)| *u == unit) {
                if dur.is_some() {
                    self.error(Code::BadSize, sp, format!("`{text}` mixes duration and size units"));
                    return None;
                }
                size = n.checked_mul(*bytes).and_then(|b| size.unwrap_or(0).checked_add(b));
                if size.is_none() {
                    self.error(Code::BadSize, sp, format!("size `{text}` is too large"));
                    return None;
                }
            } else {
                // Duration units are lower case, size units are not (`kb` is a miscased `KB`).
                let sizeish = unit.chars().any(|c| c.is_ascii_uppercase())
                    || SIZE_UNITS.iter().any(|(u, _)| u.eq_ignore_ascii_case(unit));
                let units: Vec<&str> = if sizeish {
                    SIZE_UNITS.iter().map(|(u, _)| *u).collect()
                } else {
                    DURATION_UNITS.iter().map(|(u, _)| *u).collect()
                };
                let suggestion = if unit.len() > 1 { did_you_mean(unit, units) } else { None };
                let suggestion = suggestion.filter(|s| *s != unit);
                let code = if sizeish { Code::BadSize } else { Code::BadDuration };
                let kind = if sizeish { "size" } else { "duration" };
                let help = match suggestion {
                    Some(s) => format!(
                        "did you mean `{s}`? durations use w, d, h, m, s; sizes use B, KB, KiB, MB, MiB, GB, GiB"
                    ),
                    None => {
                        "durations use w, d, h, m, s (e.g. `398d`, `1d12h`); sizes use B, KB, KiB, MB, MiB, GB, GiB"
                            .to_owned()
                    }
                };
                self.error(code, sp, format!("unknown unit `{unit}` in {kind} `{text}`")).help = Some(help);
                return None;
            }
        }
        match (dur, size) {
            (Some(d), None) => Some((Value::Duration(d), Scalar::Duration)),
            (None, Some(s)) => Some((Value::Size(s), Scalar::Size)),
            _ => None,
        }
    }

    /// Decodes a string literal and parses its `{expression}` placeholders.
    fn template(&mut self, p: Pair<'_, Rule>) -> Template {
        let raw_pair = p.clone().into_inner().next().and_then(|f| f.into_inner().next());
        let (raw, raw_start) = raw_pair.map_or(("", 0), |r| (r.as_str(), r.as_span().start()));
        let decoded = self.string(p);
        let sp = decoded.span;
        let raw_holes = match placeholders(raw) {
            Ok(h) => h,
            Err(at) => {
                let at = raw_start + at;
                self.error(Code::BadTemplate, Span::new(at, at + 1), "unmatched brace in template".to_owned()).help =
                    Some("placeholders are written `{name}`; write `{{` or `}}` for a literal brace".to_owned());
                return Template { parts: vec![TemplatePart::Text(decoded.node)], span: sp };
            }
        };
        let Ok(holes) = placeholders(&decoded.node) else {
            return Template { parts: vec![TemplatePart::Text(decoded.node)], span: sp };
        };
        let mut parts = Vec::new();
        let mut last = 0;
        for (i, &(start, end)) in holes.iter().enumerate() {
            if start > last {
                parts.push(TemplatePart::Text(unescape_braces(&decoded.node[last..start])));
            }
            let inner = &decoded.node[start + 1..end - 1];
            // Where the placeholder sits in the file, for diagnostics.
            let base = raw_holes.get(i).map_or(sp.start, |&(s, _)| raw_start + s + 1);
            if let Some(e) = self.placeholder(inner, base) {
                parts.push(TemplatePart::Expr(e, inner.trim().to_owned()));
            }
            last = end;
        }
        if last < decoded.node.len() {
            parts.push(TemplatePart::Text(unescape_braces(&decoded.node[last..])));
        }
        Template { parts, span: sp }
    }

    fn placeholder(&mut self, inner: &str, base: usize) -> Option<Expr> {
        if inner.trim().is_empty() {
            self.error(
                Code::BadTemplate,
                Span::new(base - 1, base + inner.len() + 1),
                "empty placeholder".to_owned(),
            )
            .help = Some("write a name or expression between the braces, or `{{}}` for literal braces".to_owned());
            return None;
        }
        let lead = inner.len() - inner.trim_start().len();
        if let Some(d) = super::too_deep(self.file, inner.trim(), base + lead) {
            self.diags.push(d);
            return None;
        }
        match <super::PolicyParser as pest::Parser<Rule>>::parse(Rule::expr, inner.trim()) {
            Ok(mut pairs) => {
                let pair = pairs.next().expect("expr pair");
                if pair.as_span().end() != inner.trim().len() {
                    let at = base + lead + pair.as_span().end();
                    self.error(
                        Code::BadTemplate,
                        Span::new(at, base + inner.trim_end().len()),
                        "unexpected text after the placeholder expression".to_owned(),
                    );
                    return None;
                }
                let before = self.diags.len();
                let mut e = self.top_expr(pair);
                shift(&mut e, base + lead);
                // Diagnostics from inside the placeholder point into the string.
                for d in &mut self.diags[before..] {
                    if d.code == Code::Syntax {
                        d.code = Code::BadTemplate;
                        d.message = d.message.replace("found the end of the file", "found `}`");
                    }
                    for l in &mut d.labels {
                        l.loc.span = Span::new(l.loc.span.start + base + lead, l.loc.span.end + base + lead);
                    }
                }
                Some(e)
            }
            Err(err) => {
                let mut d = super::error::syntax_error(self.file, inner.trim(), 0, &err);
                d.code = Code::BadTemplate;
                for l in &mut d.labels {
                    l.loc.span = Span::new(l.loc.span.start + base + lead, l.loc.span.end + base + lead);
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// Decodes a string literal, reporting bad escapes.
    pub(super) fn string(&mut self, p: Pair<'_, Rule>) -> Spanned<String> {
        let sp = span(&p);
        let inner = p.into_inner().next().expect("string form");
        let raw = inner.clone().into_inner().next().map_or("", |c| c.as_str());
        let value = if inner.as_rule() == Rule::triple_string {
            dedent(raw)
        } else {
            let base = sp.start + 1;
            let mut out = String::with_capacity(raw.len());
            let mut chars = raw.char_indices();
            while let Some((i, c)) = chars.next() {
                if c != '\\' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, 'r')) => out.push('\r'),
                    Some((_, '"')) => out.push('"'),
                    Some((_, '\\')) => out.push('\\'),
                    other => {
                        let end = other.map_or(i + 1, |(j, ch)| j + ch.len_utf8());
                        let esc = &raw[i..end];
                        self.error(
                            Code::BadEscape,
                            Span::new(base + i, base + end),
                            format!("unknown escape `{esc}`"),
                        )
                        .help = Some("escapes are \\\" \\\\ \\n \\t \\r".to_owned());
                    }
                }
            }
            out
        };
        Spanned::new(value, sp)
    }
}

/// Byte ranges of `{...}` placeholders (braces included); `{{` and `}}` are literal.
/// On an unmatched brace, returns its offset.
fn placeholders(s: &str) -> Result<Vec<(usize, usize)>, usize> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if b.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => {
                let close = s[i + 1..].find(['}', '{', '\n']).map(|j| i + 1 + j);
                match close {
                    Some(j) if b[j] == b'}' => {
                        out.push((i, j + 1));
                        i = j + 1;
                    }
                    _ => return Err(i),
                }
            }
            b'}' => return Err(i),
            _ => i += 1,
        }
    }
    Ok(out)
}

fn unescape_braces(s: &str) -> String {
    s.replace("{{", "{").replace("}}", "}")
}

/// Moves every span of an expression parsed out of a string to its place in the file.
fn shift(e: &mut Expr, by: usize) {
    let mv = |s: &mut Span| *s = Span::new(s.start + by, s.end + by);
    mv(&mut e.span);
    match &mut e.node {
        ExprKind::Literal(..) | ExprKind::Invalid | ExprKind::Path(_) => {}
        ExprKind::List(items) => items.iter_mut().for_each(|i| shift(i, by)),
        ExprKind::Call(name, args) => {
            mv(&mut name.span);
            args.iter_mut().for_each(|a| shift(a, by));
        }
        ExprKind::Not(x) => shift(x, by),
        ExprKind::Logic(_, a, b) | ExprKind::Arith(_, a, b) => {
            shift(a, by);
            shift(b, by);
        }
        ExprKind::Cmp(op, a, b) => {
            mv(&mut op.span);
            shift(a, by);
            shift(b, by);
        }
        ExprKind::Is { subject, profile, .. } => {
            shift(subject, by);
            mv(&mut profile.span);
        }
        ExprKind::Quant { var, list, body, .. } => {
            mv(&mut var.span);
            shift(list, by);
            shift(body, by);
        }
    }
}

fn article(t: Scalar) -> &'static str {
    match t {
        Scalar::Int => "an integer",
        Scalar::Oid => "an OID",
        Scalar::Date => "a date",
        Scalar::Duration => "a duration",
        Scalar::Size => "a size",
        Scalar::Bool => "a boolean",
        Scalar::String => "a string",
    }
}

fn ident(p: &Pair<'_, Rule>) -> Spanned<String> {
    Spanned::new(p.as_str().to_owned(), span(p))
}

fn keyword_name(kw: &str) -> &'static str {
    super::ITEM_WORDS.iter().find(|k| **k == kw).copied().unwrap_or("statement")
}

fn type_expr(p: Pair<'_, Rule>) -> Spanned<TypeExpr> {
    let sp = span(&p);
    let inner = p.into_inner().next().expect("type");
    match inner.as_rule() {
        Rule::list_type => {
            let elem = parts(inner).next().expect("element type");
            Spanned::new(TypeExpr::List(Box::new(type_expr(elem))), sp)
        }
        _ => Spanned::new(TypeExpr::Named(inner.as_str().to_owned()), sp),
    }
}

/// Removes the common indentation of a `"""` string, and its first and last blank lines.
fn dedent(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().collect();
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut out: Vec<&str> = lines
        .iter()
        .map(|l| if l.trim().is_empty() { "" } else { &l[indent.min(l.len() - l.trim_start().len())..] })
        .collect();
    let blank = out.iter().take_while(|l| l.is_empty()).count();
    out.drain(..blank);
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::dedent;

    #[test]
    fn dedent_strips_common_indent() {
        assert_eq!(dedent("\n    a\n      b\n\n    c\n  "), "a\n  b\n\nc");
    }
}
