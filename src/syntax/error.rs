//! Turns pest's errors into diagnostics that speak the user's language.
//!
//! pest reports the grammar rules it tried; users should never see those
//! names. Each rule maps to a phrase, phrases are grouped (every statement
//! keyword becomes "a statement"), and the message names what was found.

use std::collections::BTreeSet;

use pest::error::{ErrorVariant, InputLocation};

use super::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Loc, Span};

/// What the user was expected to write, ordered for stable messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Want {
    Close,
    Statement,
    Block,
    Expression,
    Operator,
    Name,
    Str,
    Literal,
    SectionNumber,
    RequirementId,
    Type,
    Word(&'static str),
    EndOfFile,
}

impl Want {
    fn phrase(self) -> String {
        match self {
            Want::Close => "`}`".to_owned(),
            Want::Statement => "a statement".to_owned(),
            Want::Block => "a `section`, `requirement` or `manual` block".to_owned(),
            Want::Expression => "an expression".to_owned(),
            Want::Operator => "an operator".to_owned(),
            Want::Name => "a name".to_owned(),
            Want::Str => "a quoted string".to_owned(),
            Want::Literal => "a value (a date, an OID, a number or a duration)".to_owned(),
            Want::SectionNumber => "a section number such as `6.3.2`".to_owned(),
            Want::RequirementId => "a requirement ID such as `EXC-6.3.2-A`".to_owned(),
            Want::Type => "a type (`int`, `string`, `list<oid>`, …)".to_owned(),
            Want::Word(w) => format!("`{w}`"),
            Want::EndOfFile => "the end of the file".to_owned(),
        }
    }
}

fn want(rule: Rule) -> Want {
    use Rule as R;
    match rule {
        R::close => Want::Close,
        R::statement
        | R::kw_kind
        | R::kw_oid
        | R::kw_version
        | R::kw_effective
        | R::kw_ineffective
        | R::kw_authority
        | R::kw_contact
        | R::kw_revision
        | R::kw_include
        | R::kw_param
        | R::kw_profile
        | R::kw_disable
        | R::kw_text
        | R::kw_severity
        | R::kw_cites
        | R::kw_zlint
        | R::kw_pkilint
        | R::kw_target
        | R::kw_when
        | R::kw_require
        | R::kw_message
        | R::kw_evidence
        | R::override_mark
        | R::kw_override => Want::Statement,
        R::section | R::requirement | R::manual | R::block_head | R::kw_section | R::kw_requirement | R::kw_manual => {
            Want::Block
        }
        R::expr
        | R::implies_expr
        | R::or_expr
        | R::and_expr
        | R::not_expr
        | R::not_op
        | R::kw_not
        | R::cmp_expr
        | R::add_expr
        | R::mul_expr
        | R::quantifier
        | R::quant_kw
        | R::kw_all
        | R::kw_any
        | R::kw_none
        | R::kw_count
        | R::call
        | R::list_lit
        | R::lbracket
        | R::literal
        | R::boolean
        | R::kw_true
        | R::kw_false
        | R::path
        | R::segment
        | R::missing
        | R::expr_start => Want::Expression,
        R::lparen => Want::Word("("),
        R::cmp_op
        | R::is_op
        | R::kw_is
        | R::not_in
        | R::add_op
        | R::mul_op
        | R::kw_and
        | R::kw_or
        | R::kw_implies
        | R::kw_in
        | R::kw_contains
        | R::kw_matches => Want::Operator,
        R::ident => Want::Name,
        R::string | R::triple_string | R::quoted_string | R::triple_inner | R::quoted_inner => Want::Str,
        R::literal_token => Want::Literal,
        R::section_number => Want::SectionNumber,
        R::req_id => Want::RequirementId,
        R::type_expr | R::list_type | R::kw_list => Want::Type,
        R::kw_policy | R::policy | R::policy_head | R::file => Want::Word("policy"),
        R::open => Want::Word("{"),
        R::rparen => Want::Word(")"),
        R::rbracket => Want::Word("]"),
        R::langle => Want::Word("<"),
        R::rangle => Want::Word(">"),
        R::comma => Want::Word(","),
        R::colon => Want::Word(":"),
        R::assign => Want::Word("="),
        R::EOI => Want::EndOfFile,
        _ => Want::Statement,
    }
}

/// Describes the text at `offset`: a word, a string, one character, or the end of the file.
pub(super) fn found(text: &str, offset: usize) -> (String, Span) {
    let rest = &text[offset.min(text.len())..];
    let Some(first) = rest.chars().next() else {
        return ("the end of the file".to_owned(), Span::new(offset, offset));
    };
    let len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '-')).unwrap_or(rest.len())
    } else if first == '"' {
        rest[1..].find(['"', '\n']).map_or(rest.len(), |i| if rest.as_bytes()[i + 1] == b'"' { i + 2 } else { i + 1 })
    } else {
        first.len_utf8()
    };
    let token = &rest[..len];
    let shown: String = token.chars().take(40).collect();
    let what = if first == '\n' || first == '\r' { "the end of the line".to_owned() } else { format!("`{shown}`") };
    (what, Span::new(offset, offset + len))
}

/// Converts a pest error at `base` bytes into `text` into a diagnostic.
pub(super) fn syntax_error(file: FileId, text: &str, base: usize, err: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = base
        + match err.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let (what, span) = found(text, pos);
    let message = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut wants: BTreeSet<Want> = positives.iter().map(|r| want(*r)).collect();
            if wants.contains(&Want::Expression) || wants.contains(&Want::Operator) {
                // `(` here only opens a call or a group: not worth naming.
                wants.remove(&Want::Word("("));
            }
            if wants.contains(&Want::Expression) {
                wants.remove(&Want::Name);
                wants.remove(&Want::Literal);
                wants.remove(&Want::Str);
            }
            let phrases: Vec<String> = wants.iter().map(|w| w.phrase()).collect();
            match phrases.as_slice() {
                [] => format!("unexpected {what}"),
                [one] => format!("expected {one}, found {what}"),
                [init @ .., last] => {
                    format!("expected {} or {last}, found {what}", init.join(", "))
                }
            }
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let mut d = Diagnostic::error(Code::Syntax, Loc::new(file, span), message).label("unexpected here");
    if let ErrorVariant::ParsingError { positives, .. } = &err.variant {
        let word = &text[span.start..span.end];
        if positives.iter().any(|r| want(*r) == Want::Statement)
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            let keywords = super::ITEM_WORDS.iter().copied().chain(["policy"]);
            if let Some(k) = crate::diagnostic::did_you_mean(word, keywords) {
                d = d.help(format!("did you mean `{k}`?"));
            }
        }
    }
    if d.help.is_none() {
        if let Some(hint) = operator_hint(&text[span.start..]) {
            d = d.help(hint);
        }
    }
    d
}

/// Operators from other languages, and what this one writes instead.
pub(super) fn operator_hint(rest: &str) -> Option<&'static str> {
    if rest.starts_with('&') {
        Some("write `and` to require both conditions")
    } else if rest.starts_with('|') {
        Some("write `or` to accept either condition")
    } else if rest.starts_with('=') && !rest.starts_with("==") {
        Some("compare with `==`; a single `=` only gives a parameter or profile its value")
    } else if rest.starts_with('!') && !rest.starts_with("!=") {
        Some("write `not` to negate a condition")
    } else {
        None
    }
}
