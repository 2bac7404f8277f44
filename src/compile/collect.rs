//! Merges parsed files into one program: placement, declarations, includes,
//! overrides, sections, then requirements through the type checker.

use std::collections::BTreeMap;

use super::ir::{self, Check, DocKind, Metadata, Piece, Program, Revision, Severity};
use super::load::Unit;
use super::params;
use super::typeck::{Checker, Mode, ProfileDef};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::limits::{MAX_CONSTANT_BYTES, MAX_EXPANDED_SIZE};
use crate::outline;
use crate::schema::{CONSTANTS, Target};
use crate::source::{FileId, Loc, Span, Spanned};
use crate::syntax::ast::{self, Item, Statement, StatementKind, Template, TemplatePart};

/// Where an item sits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Policy,
    Section,
    Requirement,
    Manual,
}

impl Place {
    fn describe(self) -> &'static str {
        match self {
            Place::Policy => "at the top level of a policy",
            Place::Section => "in a section",
            Place::Requirement => "in a requirement",
            Place::Manual => "in a manual requirement",
        }
    }

    fn allows(self, kw: &str) -> bool {
        match self {
            Place::Policy => matches!(
                kw,
                "kind"
                    | "oid"
                    | "version"
                    | "effective"
                    | "authority"
                    | "contact"
                    | "revision"
                    | "include"
                    | "param"
                    | "profile"
                    | "disable"
            ),
            Place::Section => matches!(kw, "text" | "param" | "profile"),
            Place::Requirement => matches!(
                kw,
                "severity"
                    | "cites"
                    | "zlint"
                    | "pkilint"
                    | "effective"
                    | "ineffective"
                    | "target"
                    | "when"
                    | "require"
                    | "message"
                    | "text"
            ),
            Place::Manual => matches!(kw, "severity" | "cites" | "effective" | "ineffective" | "text" | "evidence"),
        }
    }
}

/// Where a statement keyword belongs, for the help text of a misplaced one.
fn home_of(kw: &str) -> &'static str {
    match kw {
        "kind" | "oid" | "version" | "authority" | "contact" | "revision" | "include" | "disable" => {
            "it belongs at the top level of the policy"
        }
        "text" => "prose belongs in a `section`, or as the normative text of a requirement",
        "evidence" => "`evidence` belongs in a `manual` requirement",
        "when" | "require" | "message" | "target" | "zlint" | "pkilint" => {
            "it belongs in a `requirement`; a `manual` requirement is checked by evidence, not by machine"
        }
        "param" | "profile" => "declare it at the top level of the policy or in a section",
        "effective" => "`effective` belongs at the top level of the policy (the document's date) or in a requirement",
        _ => "it belongs in a `requirement` or `manual` block",
    }
}

/// Statements that may appear once per block.
fn single(kw: &str) -> bool {
    matches!(
        kw,
        "kind"
            | "version"
            | "effective"
            | "ineffective"
            | "authority"
            | "contact"
            | "severity"
            | "target"
            | "when"
            | "require"
            | "message"
            | "evidence"
    )
}

struct ReqDecl<'a> {
    file: FileId,
    req: &'a ast::Requirement,
    section: String,
}

struct SectionAcc<'a> {
    title: Option<(String, Loc)>,
    texts: Vec<(FileId, &'a Template)>,
    requirements: Vec<String>,
    loc: Loc,
}

#[derive(Default)]
struct Gathered<'a> {
    params: Vec<(FileId, &'a ast::Param)>,
    profiles: Vec<(FileId, bool, &'a Spanned<String>, &'a ast::Expr)>,
    disables: Vec<(FileId, &'a Spanned<String>, &'a Spanned<String>)>,
    requirements: Vec<ReqDecl<'a>>,
    sections: BTreeMap<String, SectionAcc<'a>>,
}

struct Builder<'a> {
    diags: &'a mut Vec<Diagnostic>,
}

impl Builder<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Reads a word from a closed set (`severity error`), reporting any other word.
    fn keyword<T: Copy>(
        &mut self,
        file: FileId,
        word: &Spanned<String>,
        what: &str,
        plural: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        if let Some((_, v)) = choices.iter().find(|(w, _)| *w == word.node) {
            return Some(*v);
        }
        let names: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
        let list = match names.as_slice() {
            [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
            _ => names.join(""),
        };
        let help = match did_you_mean(&word.node, names.iter().copied()) {
            Some(x) => format!("did you mean `{x}`? {plural} are {list}"),
            None => format!("{plural} are {list}"),
        };
        self.push(
            Diagnostic::error(
                Code::UnknownKeyword,
                Loc::new(file, word.span),
                format!("unknown {what} `{}`", word.node),
            )
            .label(format!("not a {what}"))
            .help(help),
        );
        None
    }

    fn misplaced(&mut self, file: FileId, st: &Statement, place: Place) {
        self.push(
            Diagnostic::error(
                Code::Misplaced,
                Loc::new(file, st.keyword.span),
                format!("`{}` is not allowed {}", st.keyword.node, place.describe()),
            )
            .label("misplaced")
            .help(home_of(st.keyword.node)),
        );
    }

    /// Checks placement and repetition of the statements of one block.
    fn statements<'i>(&mut self, file: FileId, items: &'i [Item], place: Place) -> Vec<&'i Statement> {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut out = Vec::new();
        for item in items {
            let Item::Statement(st) = item else { continue };
            let kw = st.keyword.node;
            if !place.allows(kw) {
                self.misplaced(file, st, place);
                continue;
            }
            if single(kw) || (kw == "text" && matches!(place, Place::Requirement | Place::Manual)) {
                if let Some(first) = seen.get(kw) {
                    self.push(
                        Diagnostic::error(
                            Code::Repeated,
                            Loc::new(file, st.keyword.span),
                            format!("`{kw}` is given twice"),
                        )
                        .label("second one")
                        .with_label(Loc::new(file, *first), "first one")
                        .help(format!("keep one `{kw}` statement")),
                    );
                    continue;
                }
                seen.insert(kw, st.keyword.span);
            }
            out.push(st);
        }
        out
    }

    fn gather<'a>(&mut self, unit: &'a Unit, g: &mut Gathered<'a>) {
        let file = unit.file;
        for st in self.statements(file, &unit.ast.items, Place::Policy) {
            self.declaration(file, st, g);
        }
        let mut local_sections: BTreeMap<&str, Span> = BTreeMap::new();
        for item in &unit.ast.items {
            match item {
                Item::Section(s) => self.section(file, s, None, g, &mut local_sections),
                Item::Requirement(r) => self.push(
                    Diagnostic::error(
                        Code::Misplaced,
                        Loc::new(file, r.head),
                        format!("requirement `{}` is outside any section", r.id.node),
                    )
                    .label("not inside a `section` block")
                    .help(format!(
                        "move it into the RFC 3647 section it implements, e.g. `section {} {{ ... }}`",
                        guess_section(&r.id.node).unwrap_or("6.1.5")
                    )),
                ),
                Item::Statement(_) => {}
            }
        }
    }

    fn declaration<'a>(&mut self, file: FileId, st: &'a Statement, g: &mut Gathered<'a>) {
        match &st.kind {
            StatementKind::Param(p) => g.params.push((file, p)),
            StatementKind::Profile { is_override, name, expr } => g.profiles.push((file, *is_override, name, expr)),
            StatementKind::Disable { id, reason } => g.disables.push((file, id, reason)),
            _ => {}
        }
    }

    fn section<'a>(
        &mut self,
        file: FileId,
        s: &'a ast::Section,
        parent: Option<&str>,
        g: &mut Gathered<'a>,
        local: &mut BTreeMap<&'a str, Span>,
    ) {
        let number = s.number.node.as_str();
        let loc = Loc::new(file, s.number.span);
        if let Some(p) = parent.filter(|p| !number.starts_with(&format!("{p}."))) {
            self.push(
                Diagnostic::error(
                    Code::Misplaced,
                    loc,
                    format!("section `{number}` cannot be nested in section `{p}`"),
                )
                .label(format!("not a sub-section of {p}"))
                .help(format!("nested sections must be numbered under their parent, e.g. `{p}.1`")),
            );
        }
        if let Some(first) = local.get(number) {
            self.push(
                Diagnostic::error(
                    Code::DuplicateSection,
                    loc,
                    format!("section `{number}` is declared twice in this file"),
                )
                .label("declared again here")
                .with_label(Loc::new(file, *first), "first declared here")
                .help("merge the two blocks into one"),
            );
        } else {
            local.insert(number, s.number.span);
        }
        self.check_number(file, s);
        let acc = g.sections.entry(number.to_owned()).or_insert_with(|| SectionAcc {
            title: None,
            texts: Vec::new(),
            requirements: Vec::new(),
            loc: Loc::new(file, s.head),
        });
        if let Some(t) = &s.title {
            acc.title = Some((t.node.clone(), Loc::new(file, t.span)));
        }
        for st in self.statements(file, &s.items, Place::Section) {
            match &st.kind {
                StatementKind::Text(t) => g.sections.get_mut(number).expect("inserted").texts.push((file, t)),
                _ => self.declaration(file, st, g),
            }
        }
        for item in &s.items {
            match item {
                Item::Section(child) => self.section(file, child, Some(number), g, local),
                Item::Requirement(r) => g.requirements.push(ReqDecl { file, req: r, section: number.to_owned() }),
                Item::Statement(_) => {}
            }
        }
    }

    /// Checks a section number and title against the RFC 3647 outline.
    fn check_number(&mut self, file: FileId, s: &ast::Section) {
        let number = s.number.node.as_str();
        let loc = Loc::new(file, s.number.span);
        if let Some(rfc) = outline::title(number) {
            if let Some(t) = &s.title {
                if !t.node.eq_ignore_ascii_case(rfc) {
                    self.push(
                        Diagnostic::warning(
                            Code::SectionTitle,
                            Loc::new(file, t.span),
                            format!("section {number} is titled \"{rfc}\" in RFC 3647"),
                        )
                        .label("differs from RFC 3647")
                        .help(format!("use the RFC 3647 title, or leave the title out: `section {number} {{`")),
                    );
                }
            }
            return;
        }
        // Not in the outline: allowed as an extension of a listed section that
        // RFC 3647 does not subdivide (as the BRs extend 1.6 and 7.1.2), or as
        // the next number after a listed sequence (as the BRs add 8.7).
        let ancestor = outline::listed_ancestor(number);
        let extension = ancestor.filter(|p| !outline::has_children(p) || outline::extends_sequence(number));
        if let Some(parent) = extension {
            if s.title.is_none() {
                self.push(
                    Diagnostic::error(Code::Missing, loc, format!("sub-section `{number}` needs a title"))
                        .label("no title")
                        .help(format!(
                            "it is not in RFC 3647 (it extends {parent}), so write one: `section {number} \"Title\" {{`"
                        )),
                );
            }
            return;
        }
        let top_level = number.split('.').next().is_some_and(|t| outline::title(t).is_some());
        let near = outline::nearest(number);
        let help = if near.is_empty() || !top_level {
            "RFC 3647 has nine top-level sections, numbered 1 to 9".to_owned()
        } else {
            let list: Vec<String> =
                near.iter().map(|n| format!("`{n}` ({})", outline::title(n).unwrap_or(""))).collect();
            format!("nearest RFC 3647 sections: {}", list.join(", "))
        };
        let why = match ancestor {
            Some(p) => format!("RFC 3647 divides {p} into numbered sections and this is not one of them"),
            None => "it is not in the RFC 3647 outline".to_owned(),
        };
        self.push(
            Diagnostic::error(Code::UnknownSection, loc, format!("unknown section `{number}`: {why}"))
                .label("unknown section number")
                .help(help),
        );
    }
}

/// The RFC 3647 section an ID like `EXC-6.3.2-A` names, if any.
fn guess_section(id: &str) -> Option<&'static str> {
    id.split(['-', '_'])
        .filter(|part| part.contains('.'))
        .find_map(|part| outline::SECTIONS.iter().find(|(n, _)| *n == part).map(|(n, _)| *n))
}

/// Builds the program from units in merge order (includes first, entry last).
pub(super) fn build(units: &[Unit], diags: &mut Vec<Diagnostic>) -> Option<Program> {
    let mut b = Builder { diags };
    let mut g = Gathered::default();
    for u in units {
        b.gather(u, &mut g);
    }
    let entry = units.last().expect("at least the entry");

    // Profiles: the last declaration wins, if it says `override`.
    let param_names: BTreeMap<&str, Loc> =
        g.params.iter().rev().map(|(f, p)| (p.name.node.as_str(), Loc::new(*f, p.name.span))).collect();
    let mut profiles: BTreeMap<String, ProfileDef> = BTreeMap::new();
    for (file, is_override, name, expr) in &g.profiles {
        let loc = Loc::new(*file, name.span);
        let first = profiles.get(&name.node).map(|p| Loc::new(p.file, p.name_span));
        if let Some(other) = param_names.get(name.node.as_str()) {
            b.push(
                Diagnostic::error(Code::DuplicateName, loc, format!("`{}` is already a parameter", name.node))
                    .label("profile declared here")
                    .with_label(*other, "parameter declared here"),
            );
            continue;
        }
        let problem = match (first, is_override) {
            (Some(first), false) => Some(
                Diagnostic::error(Code::DuplicateName, loc, format!("profile `{}` is declared twice", name.node))
                    .label("declared again here")
                    .with_label(first, "first declared here")
                    .maybe_help((first.file != *file).then(|| {
                        format!("to change an included profile, write `override profile {} = ...`", name.node)
                    })),
            ),
            (Some(first), true) if first.file == *file => Some(
                Diagnostic::error(
                    Code::NothingToOverride,
                    loc,
                    format!("`override` of profile `{}`, which this same file declares", name.node),
                )
                .label("overrides its own declaration")
                .with_label(first, "declared here")
                .help("`override` changes what an included policy declares; change the declaration instead"),
            ),
            (None, true) => Some(
                Diagnostic::error(
                    Code::NothingToOverride,
                    loc,
                    format!("`override` of profile `{}`, which no included policy declares", name.node),
                )
                .label("nothing to override")
                .help("remove `override` to declare a new profile"),
            ),
            _ => None,
        };
        if let Some(d) = problem {
            b.push(d);
            continue;
        }
        if CONSTANTS.iter().any(|c| c.name == name.node) {
            b.push(
                Diagnostic::error(Code::DuplicateName, loc, format!("`{}` is already a named constant", name.node))
                    .label("choose another name"),
            );
            continue;
        }
        profiles.insert(name.node.clone(), ProfileDef { file: *file, name_span: name.span, expr: (*expr).clone() });
    }

    // Parameters: overrides first, then values, each after what it mentions.
    let (params, param_info, used_in_params) = params::resolve(&g.params, &profiles, b.diags);

    let checker = Checker::new(&params, &profiles);
    // Every profile is checked, used or not, so errors in it are not hidden.
    for (name, def) in &profiles {
        let _ = checker.check(&Spanned::new(ast::ExprKind::Path(name.clone()), def.name_span), def.file, Mode::Rule);
    }

    // Requirements: IDs are unique across all files unless overridden.
    let mut by_id: BTreeMap<&str, &ReqDecl<'_>> = BTreeMap::new();
    for decl in &g.requirements {
        let id = decl.req.id.node.as_str();
        let loc = Loc::new(decl.file, decl.req.id.span);
        match (by_id.get(id), decl.req.is_override) {
            (Some(first), false) => {
                let other = Loc::new(first.file, first.req.id.span);
                b.push(
                    Diagnostic::error(Code::DuplicateRequirement, loc, format!("requirement `{id}` is declared twice"))
                        .label("declared again here")
                        .with_label(other, "first declared here")
                        .help(if other.file == decl.file {
                            "requirement IDs are stable and unique; give this one a new ID".to_owned()
                        } else {
                            format!("to replace the included requirement, write `override requirement {id} ...`")
                        }),
                );
                continue;
            }
            (None, true) => {
                b.push(
                    Diagnostic::error(
                        Code::NothingToOverride,
                        loc,
                        format!("`override` of requirement `{id}`, which no included policy declares"),
                    )
                    .label("nothing to override")
                    .help("remove `override` to declare a new requirement"),
                );
                continue;
            }
            _ => {}
        }
        by_id.insert(id, decl);
    }
    // `disable` reaches only requirements of files this one (transitively) includes.
    let rank: BTreeMap<FileId, usize> = units.iter().enumerate().map(|(i, u)| (u.file, i)).collect();
    let mut disabled: Vec<ir::Disabled> = Vec::new();
    for (file, id, reason) in &g.disables {
        let loc = Loc::new(*file, id.span);
        if let Some(earlier) = disabled.iter().find(|d| d.id == id.node) {
            b.push(
                Diagnostic::error(Code::Repeated, loc, format!("`{}` is disabled twice", id.node))
                    .label("disabled again here")
                    .with_label(earlier.loc, "first disabled here"),
            );
            continue;
        }
        let Some(decl) = by_id.get(id.node.as_str()) else {
            let suggestion = did_you_mean(&id.node, by_id.keys().copied());
            b.push(
                Diagnostic::error(
                    Code::UnknownRequirement,
                    loc,
                    format!("cannot disable `{}`: no such requirement", id.node),
                )
                .label("unknown requirement")
                .maybe_help(suggestion.map(|s| format!("did you mean `{s}`?"))),
            );
            continue;
        };
        if rank.get(&decl.file) >= rank.get(file) {
            b.push(
                Diagnostic::error(
                    Code::Misplaced,
                    loc,
                    format!("cannot disable `{}`: it is not declared in an included policy", id.node),
                )
                .label("not from an include")
                .with_label(Loc::new(decl.file, decl.req.id.span), "declared here")
                .help("`disable` switches off requirements of included policies; remove your own requirement instead"),
            );
            continue;
        }
        by_id.remove(id.node.as_str());
        disabled.push(ir::Disabled { id: id.node.clone(), reason: reason.node.clone(), loc });
    }
    disabled.sort_by(|a, b| ir::natural_cmp(&a.id, &b.id));

    let mut requirements = Vec::new();
    let mut by_id: Vec<_> = by_id.into_values().collect();
    by_id.sort_by(|a, b| ir::natural_cmp(&a.req.id.node, &b.req.id.node));
    let titles: BTreeMap<FileId, &str> = units.iter().map(|u| (u.file, u.ast.title.node.as_str())).collect();
    for decl in by_id {
        if let Some(mut r) = requirement(&mut b, &checker, decl) {
            r.overrides = overrides_read(decl, &param_info, &titles);
            if let Some(acc) = g.sections.get_mut(&decl.section) {
                acc.requirements.push(r.id.clone());
            }
            requirements.push(r);
        }
    }
    // Section requirement lists follow merge order: included files first, then
    // declaration order; an override keeps the place of what it replaces.
    let mut position: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, d) in g.requirements.iter().enumerate() {
        position.entry(d.req.id.node.as_str()).or_insert(i);
    }

    // Prose: placeholders are constants.
    let mut sections: Vec<ir::Section> = Vec::new();
    for (number, acc) in &g.sections {
        let text = acc.texts.iter().filter_map(|(file, t)| prose(&checker, t, *file)).collect();
        let mut reqs = acc.requirements.clone();
        reqs.sort_by_key(|id| position.get(id.as_str()).copied().unwrap_or(usize::MAX));
        sections.push(ir::Section {
            number: number.clone(),
            title: acc
                .title
                .as_ref()
                .map(|(t, _)| t.clone())
                .or_else(|| outline::title(number).map(str::to_owned))
                .unwrap_or_default(),
            text,
            requirements: reqs,
            loc: acc.loc,
        });
    }
    sections.sort_by_key(|s| outline::sort_key(&s.number));

    b.diags.extend(checker.diags.take());
    let used = checker.used_params.take();
    // An unused parameter is often a misspelt use: say so only once the errors are fixed.
    let clean = !b.diags.iter().any(Diagnostic::is_error);
    for info in param_info.iter().filter(|_| clean) {
        if info.loc.file == entry.file && !used.contains(&info.name) && !used_in_params.contains(&info.name) {
            b.push(
                Diagnostic::warning(Code::UnusedParam, info.loc, format!("parameter `{}` is never used", info.name))
                    .label("declared here")
                    .help(format!("use it in a rule, or in prose as `{{{}}}`; or remove it", info.name)),
            );
        }
    }
    let meta = metadata(&mut b, entry, units);
    // Only the entry's metadata describes the document, but every file's `kind` must be valid.
    for u in &units[..units.len() - 1] {
        for item in &u.ast.items {
            if let Item::Statement(Statement { kind: StatementKind::Kind(k), .. }) = item {
                check_kind(&mut b, u.file, k);
            }
        }
    }
    Some(Program { meta, params: param_info, sections, requirements, disabled })
}

fn prose(checker: &Checker<'_>, t: &Template, file: FileId) -> Option<String> {
    template(checker, t, file, Mode::Constant).map(|t| t.render(None))
}

fn template(checker: &Checker<'_>, t: &Template, file: FileId, mode: Mode) -> Option<ir::Template> {
    let mut out = Vec::new();
    let mut ok = true;
    // What filling it in costs: the work of its placeholders, as for a
    // condition, and the constant text it shows.
    let (mut work, mut text) = (0u64, 0u64);
    for part in &t.parts {
        match part {
            TemplatePart::Text(s) => {
                text = text.saturating_add(u64::try_from(s.len()).unwrap_or(u64::MAX));
                out.push(Piece::Text(s.clone()));
            }
            TemplatePart::Expr(e, src) => match checker.check(e, file, mode) {
                Some((x, _, _)) => {
                    work = work.saturating_add(x.expanded().size);
                    if let ir::Expr::Const(v) = &x {
                        // A list is shown as `a, b and c`.
                        let shown = match &**v {
                            crate::value::Value::List(l) => l.iter().map(|i| ir::constant_weight(i) + 5).sum(),
                            other => ir::constant_weight(other),
                        };
                        text = text.saturating_add(shown);
                    }
                    out.push(Piece::Value(x, src.clone()));
                }
                None => ok = false,
            },
        }
    }
    if ok && (work > MAX_EXPANDED_SIZE || text > MAX_CONSTANT_BYTES as u64) {
        checker.diags.borrow_mut().push(
            Diagnostic::error(
                Code::TooLarge,
                Loc::new(file, t.span),
                format!(
                    "this text is too large to fill in: at most {} KiB of constant text and {MAX_EXPANDED_SIZE} operations",
                    MAX_CONSTANT_BYTES >> 10
                ),
            )
            .label("this template")
            .help("show a large parameter once, not in every placeholder"),
        );
        return None;
    }
    ok.then_some(ir::Template(out))
}

fn requirement(b: &mut Builder<'_>, checker: &Checker<'_>, decl: &ReqDecl<'_>) -> Option<ir::Requirement> {
    let (file, r) = (decl.file, decl.req);
    let place = if r.manual { Place::Manual } else { Place::Requirement };
    for item in &r.items {
        let (span, what) = match item {
            Item::Section(s) => (s.head, "a section"),
            Item::Requirement(x) => (x.head, "a requirement"),
            Item::Statement(_) => continue,
        };
        b.push(
            Diagnostic::error(
                Code::Misplaced,
                Loc::new(file, span),
                format!("{what} cannot be nested in requirement `{}`", r.id.node),
            )
            .label("misplaced")
            .help("requirements hold statements only; close the requirement block first"),
        );
    }
    let head = Loc::new(file, r.head);
    let mut severity = None;
    let mut text = None;
    let (mut cites, mut zlint, mut pkilint) = (Vec::new(), Vec::new(), Vec::new());
    let (mut effective, mut ineffective) = (None, None);
    let (mut target, mut when, mut require, mut message, mut evidence) = (None, None, None, None, None);
    let mut ok = true;
    for st in b.statements(file, &r.items, place) {
        match &st.kind {
            StatementKind::Severity(s) => {
                severity = b.keyword(file, s, "severity", "severities", SEVERITIES);
                ok &= severity.is_some();
            }
            StatementKind::Text(t) => match template(checker, t, file, Mode::Constant) {
                Some(t) => text = Some(t.render(None)),
                None => ok = false,
            },
            StatementKind::Cites(c) => cites.extend(c.iter().map(|s| s.node.clone())),
            StatementKind::Zlint(c) => zlint.extend(c.iter().map(|s| s.node.clone())),
            StatementKind::Pkilint(c) => pkilint.extend(c.iter().map(|s| s.node.clone())),
            StatementKind::Effective(d) => effective = Some(*d),
            StatementKind::Ineffective(d) => ineffective = Some(*d),
            StatementKind::Target(t) => {
                target = b.keyword(file, t, "target", "targets", TARGETS).map(|x| (x, t.span));
                ok &= target.is_some();
            }
            StatementKind::When(e) => match checker.condition(e, file) {
                Some(x) => {
                    constant_condition(b, file, e.span, &x.0, "when");
                    when = Some(x);
                }
                None => ok = false,
            },
            StatementKind::Require(e) => match checker.condition(e, file) {
                Some(x) => {
                    constant_condition(b, file, e.span, &x.0, "require");
                    require = Some(x);
                }
                None => ok = false,
            },
            StatementKind::Message(t) => {
                let mut reads = Vec::new();
                for part in &t.parts {
                    if let TemplatePart::Expr(e, _) = part {
                        if let Some((_, _, r)) = checker.check(e, file, Mode::Rule) {
                            reads.extend(r);
                        }
                    }
                }
                match template(checker, t, file, Mode::Rule) {
                    Some(m) => message = Some((m, reads)),
                    None => ok = false,
                }
            }
            StatementKind::Evidence(e) => evidence = Some(e.node.clone()),
            _ => {}
        }
    }
    if let (Some(e), Some(i)) = (effective, ineffective) {
        if i.node <= e.node {
            ok = false;
            b.push(
                Diagnostic::error(
                    Code::DateOrder,
                    Loc::new(file, i.span),
                    "`ineffective` must be later than `effective`".to_owned(),
                )
                .label(crate::value::format_date(i.node))
                .with_label(Loc::new(file, e.span), format!("effective {}", crate::value::format_date(e.node))),
            );
        }
    }
    if severity.is_none() && ok {
        ok = false;
        b.push(
            Diagnostic::error(
                Code::Missing,
                head,
                format!(
                    "{} `{}` has no `severity`",
                    if r.manual { "manual requirement" } else { "requirement" },
                    r.id.node
                ),
            )
            .label("no severity")
            .help("add `severity error`, `severity warning` or `severity notice`"),
        );
    }
    let check = if r.manual {
        let Some(evidence) = evidence else {
            b.push(
                Diagnostic::error(Code::Missing, head, format!("manual requirement `{}` has no `evidence`", r.id.node))
                    .label("no evidence")
                    .help("say what an auditor should see, e.g. `evidence \"signed key ceremony script and video\"`"),
            );
            return None;
        };
        Check::Manual { evidence }
    } else {
        let Some((require, require_reads)) = require else {
            if ok {
                b.push(
                    Diagnostic::error(
                        Code::Missing,
                        head,
                        format!("requirement `{}` has no `require` assertion", r.id.node),
                    )
                    .label("nothing to check")
                    .help("add `require <condition>`, or declare it `manual` with the `evidence` an auditor checks"),
                );
            }
            return None;
        };
        let mut reads = require_reads;
        if let Some((_, w)) = &when {
            reads.extend(w.iter().copied());
        }
        if let Some((_, m)) = &message {
            reads.extend(m.iter().copied());
        }
        let inferred = checker.single_target(&reads, file).ok()?;
        let target = match (target, inferred) {
            (Some((t, span)), Some(i)) if t != i => {
                let at = reads.iter().find(|(x, _)| *x == i).map_or(span, |(_, s)| *s);
                b.push(
                    Diagnostic::error(
                        Code::TargetMismatch,
                        Loc::new(file, at),
                        format!(
                            "requirement `{}` targets `{}` but reads `{}.*` fields",
                            r.id.node,
                            t.keyword(),
                            i.root()
                        ),
                    )
                    .label(format!("a `{}` field", i.root()))
                    .with_label(Loc::new(file, span), "target declared here"),
                );
                return None;
            }
            (Some((t, _)), _) => t,
            (None, Some(i)) => i,
            (None, None) => Target::Certificate,
        };
        Check::Automated { target, when: when.map(|(w, _)| w), require, message: message.map(|(m, _)| m) }
    };
    if !ok {
        return None;
    }
    Some(ir::Requirement {
        id: r.id.node.clone(),
        title: r.title.node.clone(),
        section: decl.section.clone(),
        severity: severity?,
        text,
        cites,
        zlint,
        pkilint,
        effective: effective.map(|d| d.node),
        ineffective: ineffective.map(|d| d.node),
        check,
        loc: head,
        overrides: Vec::new(),
    })
}

/// The parameters a requirement's `require` and `message` name that an
/// `override` in another file changed.
fn overrides_read(decl: &ReqDecl<'_>, params: &[ir::Param], titles: &BTreeMap<FileId, &str>) -> Vec<ir::Override> {
    let mut names = Vec::new();
    for item in &decl.req.items {
        match item {
            Item::Statement(Statement { kind: StatementKind::Require(e), .. }) => {
                params::free_names(e, &mut Vec::new(), &mut names);
            }
            Item::Statement(Statement { kind: StatementKind::Message(t), .. }) => {
                for part in &t.parts {
                    if let TemplatePart::Expr(e, _) = part {
                        params::free_names(e, &mut Vec::new(), &mut names);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<ir::Override> = Vec::new();
    for (name, _) in names {
        let Some(p) = params.iter().find(|p| p.name == name) else { continue };
        let Some(at) = p.overridden.filter(|at| at.file != decl.file) else { continue };
        if out.iter().any(|o| o.param == name) {
            continue;
        }
        out.push(ir::Override {
            param: name,
            value: p.value.clone(),
            original: p.original.clone(),
            by: titles.get(&at.file).map_or_else(String::new, |t| (*t).to_owned()),
            of: titles.get(&p.loc.file).map_or_else(String::new, |t| (*t).to_owned()),
        });
    }
    out
}

/// Warns about a condition that reads nothing from the subject: it decides
/// nothing, and is usually a parameter or a field name gone wrong.
fn constant_condition(b: &mut Builder<'_>, file: FileId, span: Span, x: &ir::Expr, keyword: &str) {
    if let ir::Expr::Const(v) = x {
        b.push(
            Diagnostic::warning(
                Code::ConstantCondition,
                Loc::new(file, span),
                format!("this `{keyword}` condition is always {v}"),
            )
            .label("reads nothing from the subject")
            .help("a condition should read a `cert.*` or `ca.*` field, directly or through a profile"),
        );
    }
}

fn check_kind(b: &mut Builder<'_>, file: FileId, k: &Spanned<String>) -> DocKind {
    b.keyword(file, k, "document kind", "kinds", KINDS).unwrap_or(DocKind::Cp)
}

const SEVERITIES: &[(&str, Severity)] =
    &[("error", Severity::Error), ("warning", Severity::Warning), ("notice", Severity::Notice)];
const TARGETS: &[(&str, Target)] = &[("certificate", Target::Certificate), ("ca", Target::Ca)];
const KINDS: &[(&str, DocKind)] = &[("cp", DocKind::Cp), ("cps", DocKind::Cps), ("combined", DocKind::Combined)];

/// `a`, `a or b`, `a, b or c`.
fn either(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn metadata(b: &mut Builder<'_>, entry: &Unit, units: &[Unit]) -> Metadata {
    let file = entry.file;
    let mut meta = Metadata {
        title: entry.ast.title.node.clone(),
        kind: DocKind::Cp,
        oids: Vec::new(),
        version: None,
        effective: None,
        authority: None,
        contact: None,
        revisions: Vec::new(),
        includes: units[..units.len() - 1].iter().map(|u| u.ast.title.node.clone()).collect(),
    };
    let mut kind_seen = false;
    let mut oid_seen = false;
    for item in &entry.ast.items {
        let Item::Statement(st) = item else { continue };
        match &st.kind {
            StatementKind::Kind(k) => {
                kind_seen = true;
                meta.kind = check_kind(b, file, k);
            }
            StatementKind::Oid(o) => {
                oid_seen = true;
                if !o.node.is_empty() {
                    meta.oids.push(o.node.clone());
                }
            }
            StatementKind::Version(v) => meta.version = Some(v.node.clone()),
            StatementKind::Effective(d) => meta.effective = Some(d.node),
            StatementKind::Authority(a) => meta.authority = Some(a.node.clone()),
            StatementKind::Contact(c) => meta.contact = Some(c.node.clone()),
            StatementKind::Revision { version, date, summary } => meta.revisions.push(Revision {
                version: version.node.clone(),
                date: date.node,
                summary: summary.node.clone(),
            }),
            _ => {}
        }
    }
    let head = Loc::new(file, entry.ast.head);
    let missing: Vec<(&str, &str)> = [
        (!kind_seen, "kind", "kind cp"),
        (meta.version.is_none(), "version", "version \"1.0\""),
        (meta.effective.is_none(), "effective", "effective 2026-01-01"),
        (!oid_seen, "oid", "oid 2.999.1"),
    ]
    .into_iter()
    .filter(|(m, _, _)| *m)
    .map(|(_, what, example)| (what, example))
    .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|(w, _)| format!("`{w}`")).collect();
        let examples: Vec<String> = missing.iter().map(|(_, e)| format!("`{e}`")).collect();
        b.push(
            Diagnostic::note(Code::Missing, head, format!("the policy has no {}", either(&names)))
                .label("in this policy")
                .help(format!(
                    "the rules work without them; the published document needs them (RFC 3647 §1.2): {}",
                    examples.join(", ")
                )),
        );
    }
    meta
}
