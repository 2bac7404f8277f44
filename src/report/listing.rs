//! Listings of compiled programs and of the field schema.

use serde::Serialize;

use super::JSON_VERSION;
use super::JsonSource;
use crate::compile::builtins::BUILTINS;
use crate::compile::{Check, Program, Requirement};
use crate::schema::{CONSTANTS, FIELDS};
use crate::source::SourceMap;
use crate::value::format_date;

/// `cpslint rules` as an aligned table.
pub fn rules_human(p: &Program) -> String {
    let rows: Vec<[String; 5]> = p
        .in_document_order()
        .map(|r| {
            [
                r.id.clone(),
                r.section.clone(),
                r.severity.keyword().to_owned(),
                r.target_name().to_owned(),
                r.cites.join("; "),
            ]
        })
        .collect();
    let header = ["ID", "SECTION", "SEVERITY", "TARGET", "CITATIONS"];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(c);
            } else {
                // Padded by hand: `{:w$}` panics on widths past `u16::MAX`, and IDs may be that long.
                l.push_str(c);
                l.extend(std::iter::repeat_n(' ', widths[i].saturating_sub(c.chars().count()) + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&header);
    for row in &rows {
        line(&row.each_ref().map(String::as_str));
    }
    let manual = p.requirements.iter().filter(|r| matches!(r.check, Check::Manual { .. })).count();
    out.push_str(&format!(
        "\n{} {} ({} automated, {manual} manual), {} disabled\n",
        p.requirements.len(),
        if p.requirements.len() == 1 { "requirement" } else { "requirements" },
        p.requirements.len() - manual,
        p.disabled.len()
    ));
    out
}

#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    title: &'a str,
    section: &'a str,
    severity: &'a str,
    target: &'a str,
    cites: &'a [String],
    zlint: &'a [String],
    pkilint: &'a [String],
    effective: Option<String>,
    ineffective: Option<String>,
    source: JsonSource<'a>,
}

#[derive(Serialize)]
struct RulesJson<'a> {
    version: u32,
    policy: &'a str,
    requirements: Vec<RuleJson<'a>>,
    disabled: Vec<DisabledJson<'a>>,
}

#[derive(Serialize)]
struct DisabledJson<'a> {
    id: &'a str,
    reason: &'a str,
    source: JsonSource<'a>,
}

/// `cpslint rules --format json`.
pub fn rules_json(p: &Program, sources: &SourceMap) -> String {
    let doc = RulesJson {
        version: JSON_VERSION,
        policy: &p.meta.title,
        requirements: p
            .in_document_order()
            .map(|r| RuleJson {
                id: &r.id,
                title: &r.title,
                section: &r.section,
                severity: r.severity.keyword(),
                target: r.target_name(),
                cites: &r.cites,
                zlint: &r.zlint,
                pkilint: &r.pkilint,
                effective: r.effective.map(format_date),
                ineffective: r.ineffective.map(format_date),
                source: JsonSource::of(sources, r.loc),
            })
            .collect(),
        disabled: p
            .disabled
            .iter()
            .map(|d| DisabledJson { id: &d.id, reason: &d.reason, source: JsonSource::of(sources, d.loc) })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON of plain data");
    s.push('\n');
    s
}

/// `cpslint explain ID`: everything about one requirement.
pub fn explain(p: &Program, r: &Requirement, sources: &SourceMap) -> String {
    let mut out = format!("{}: {}\n\n", r.id, r.title);
    let section_title = p.sections.iter().find(|s| s.number == r.section).map_or("", |s| s.title.as_str());
    let mut field = |k: &str, v: String| out.push_str(&format!("  {k:<12} {v}\n"));
    field("section", format!("{} {section_title}", r.section));
    field("severity", r.severity.keyword().to_owned());
    field("target", r.target_name().to_owned());
    if !r.cites.is_empty() {
        field("cites", r.cites.join("; "));
    }
    if !r.zlint.is_empty() {
        field("zlint", r.zlint.join(", "));
    }
    if !r.pkilint.is_empty() {
        field("pkilint", r.pkilint.join(", "));
    }
    if let Some(d) = r.effective {
        field("effective", format!("applied to certificates with notBefore on or after {}", format_date(d)));
    }
    if let Some(d) = r.ineffective {
        field("ineffective", format!("certificates with notBefore on or after {}", format_date(d)));
    }
    field("defined at", sources.describe(r.loc));
    match &r.check {
        Check::Automated { when, require, message, .. } => {
            if let Some(w) = when {
                field("applies when", w.to_string());
            }
            field("requires", require.to_string());
            if let Some(m) = message {
                field("message", m.source());
            }
        }
        Check::Manual { evidence } => field("evidence", evidence.clone()),
    }
    if let Some(t) = &r.text {
        out.push('\n');
        out.push_str(t);
        out.push('\n');
    }
    out
}

/// `cpslint fields --format md`: the field table, constants and builtins.
pub fn fields_markdown() -> String {
    let mut fields: Vec<_> = FIELDS.iter().collect();
    fields.sort_by_key(|f| f.name);
    let mut out = String::from("# Fields\n\n| field | type | description |\n|---|---|---|\n");
    for f in fields {
        out.push_str(&format!("| `{}` | `{}` | {} |\n", f.name, f.ty, f.doc.trim().replace('\n', " ")));
    }
    out.push_str("\n# Constants\n\n| name | type | value | description |\n|---|---|---|---|\n");
    for c in CONSTANTS {
        out.push_str(&format!("| `{}` | `oid` | `{}` | {} |\n", c.name, c.value, c.doc));
    }
    out.push_str("\n# Builtins\n\n| signature | description |\n|---|---|\n");
    for b in BUILTINS {
        out.push_str(&format!("| `{}` | {} |\n", b.signature, b.doc));
    }
    out.push_str("\n# CA manifest keys\n\nThe keys of a CA manifest (TOML), which the importers of CA software fill too (`docs/ca-configs.md`).\n\n| key | written as | values | description |\n|---|---|---|---|\n");
    for k in crate::schema::ca::KEYS {
        let written = match k.kind {
            crate::schema::ca::Kind::One(crate::value::Scalar::Duration) => "duration text (`\"7d\"`)".to_owned(),
            crate::schema::ca::Kind::One(t) => format!("`{t}`"),
            crate::schema::ca::Kind::Many(t) => format!("list of `{t}`"),
            crate::schema::ca::Kind::Records => format!("`[[{}]]` tables", k.path),
        };
        let words = k.words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ");
        out.push_str(&format!("| `{}` | {written} | {words} | {} |\n", k.path, k.doc));
    }
    out
}

#[derive(Serialize)]
struct FieldJson {
    name: &'static str,
    target: &'static str,
    #[serde(rename = "type")]
    ty: String,
    doc: String,
}

/// `cpslint fields --format json`.
pub fn fields_json() -> String {
    let mut fields: Vec<FieldJson> = FIELDS
        .iter()
        .map(|f| FieldJson {
            name: f.name,
            target: f.target.keyword(),
            ty: f.ty.to_string(),
            doc: f.doc.trim().to_owned(),
        })
        .collect();
    fields.sort_by_key(|f| f.name);
    let doc = serde_json::json!({ "version": JSON_VERSION, "fields": fields });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON of plain data");
    s.push('\n');
    s
}
