//! Parameters: declarations, overrides, and their values.
//!
//! Overrides are applied to declarations first; values are computed after,
//! each one after the parameters it mentions, so a parameter derived from an
//! overridden one (`param b = a * 2`) follows the override.

use std::collections::{BTreeMap, BTreeSet};

use super::ir;
use super::typeck::{Checker, Mode, ParamSlot, ProfileDef};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::schema::CONSTANTS;
use crate::source::{FileId, Loc, Span, Spanned};
use crate::syntax::ast::{self, ExprKind, TypeExpr};
use crate::value::{Type, Value};

struct Decl<'a> {
    /// The first declaration.
    loc: Loc,
    /// Its declared type, if written.
    ty: Option<Type>,
    /// The declaration whose value counts: the last override, or the first declaration.
    value: (FileId, &'a ast::Param),
    doc: Option<String>,
    overridden: Option<Loc>,
    /// The first declaration, whose value an override replaced.
    first: (FileId, &'a ast::Param),
}

enum State {
    InProgress,
    Done,
}

/// Resolves every parameter; returns the values expressions see (broken ones
/// as `None`), the parameter records, and the names used by other parameters.
pub(super) fn resolve(
    decls: &[(FileId, &ast::Param)],
    profiles: &BTreeMap<String, ProfileDef>,
    diags: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, Option<ParamSlot>>, Vec<ir::Param>, BTreeSet<String>) {
    let mut r = Resolver {
        decls: BTreeMap::new(),
        order: Vec::new(),
        slots: BTreeMap::new(),
        state: BTreeMap::new(),
        used: BTreeSet::new(),
        profiles,
        diags,
    };
    for (file, p) in decls {
        r.declare(*file, p);
    }
    for name in r.order.clone() {
        r.value(&name);
    }
    let records = r
        .order
        .iter()
        .filter_map(|name| {
            let d = &r.decls[name];
            let slot = r.slots.get(name)?.as_ref()?;
            // What the overridden declaration said, for findings that name both values.
            let original = d.overridden.and_then(|_| {
                let checker = Checker::new(&r.slots, r.profiles);
                let (value_ir, _, _) = checker.check(&d.first.1.value, d.first.0, Mode::Constant)?;
                value_ir.eval(None).ok()
            });
            Some(ir::Param {
                name: name.clone(),
                ty: slot.ty,
                value: Value::clone(&slot.value),
                doc: d.doc.clone(),
                loc: d.loc,
                overridden: d.overridden,
                original,
            })
        })
        .collect::<Vec<_>>();
    let mut records = records;
    records.sort_by(|a, b| a.name.cmp(&b.name));
    (r.slots, records, r.used)
}

struct Resolver<'a, 'd> {
    decls: BTreeMap<String, Decl<'a>>,
    order: Vec<String>,
    slots: BTreeMap<String, Option<ParamSlot>>,
    state: BTreeMap<String, State>,
    used: BTreeSet<String>,
    profiles: &'d BTreeMap<String, ProfileDef>,
    diags: &'d mut Vec<Diagnostic>,
}

impl<'a> Resolver<'a, '_> {
    fn broken(&mut self, name: &str) {
        self.slots.entry(name.to_owned()).or_insert(None);
    }

    fn declare(&mut self, file: FileId, p: &'a ast::Param) {
        let name = p.name.node.clone();
        let loc = Loc::new(file, p.name.span);
        let declared = match p.ty.as_ref().map(type_of) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err((span, n))) => {
                let names = Type::SCALAR_NAMES.join(", ");
                let help = match did_you_mean(&n, Type::SCALAR_NAMES.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? types are {names}, and `list<T>` of those"),
                    None => format!("types are {names}, and `list<T>` of those"),
                };
                let message = if n == "list" {
                    "lists of lists are not supported".to_owned()
                } else {
                    format!("unknown type `{n}`")
                };
                self.diags.push(
                    Diagnostic::error(Code::UnknownKeyword, Loc::new(file, span), message)
                        .label("not a type")
                        .help(help),
                );
                self.broken(&name);
                return;
            }
        };
        let Some(first) = self.decls.get_mut(&name) else {
            if p.is_override {
                self.diags.push(
                    Diagnostic::error(
                        Code::NothingToOverride,
                        loc,
                        format!("`override` of parameter `{name}`, which no included policy declares"),
                    )
                    .label("nothing to override")
                    .help("remove `override` to declare a new parameter"),
                );
                self.broken(&name);
                return;
            }
            if CONSTANTS.iter().any(|c| c.name == name) || self.profiles.contains_key(&name) {
                let what = if self.profiles.contains_key(&name) { "a profile" } else { "a named constant" };
                self.diags.push(
                    Diagnostic::error(Code::DuplicateName, loc, format!("`{name}` is already {what}"))
                        .label("choose another name"),
                );
                return;
            }
            self.order.push(name.clone());
            self.decls.insert(
                name,
                Decl {
                    loc,
                    ty: declared,
                    value: (file, p),
                    doc: p.doc.as_ref().map(|d| d.node.clone()),
                    overridden: None,
                    first: (file, p),
                },
            );
            return;
        };
        if !p.is_override {
            let help = (first.loc.file != file)
                .then(|| format!("to change an included parameter, write `override param {name} = ...`"));
            self.diags.push(
                Diagnostic::error(Code::DuplicateName, loc, format!("parameter `{name}` is declared twice"))
                    .label("declared again here")
                    .with_label(first.loc, "first declared here")
                    .maybe_help(help),
            );
            return;
        }
        if first.loc.file == file {
            self.diags.push(
                Diagnostic::error(
                    Code::NothingToOverride,
                    loc,
                    format!("`override` of parameter `{name}`, which this same file declares"),
                )
                .label("overrides its own declaration")
                .with_label(first.loc, "declared here")
                .help("`override` changes what an included policy declares; change the declaration instead"),
            );
            return;
        }
        if let (Some(want), Some(have)) = (first.ty, declared) {
            if want != have {
                self.diags.push(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        loc,
                        format!("`override` cannot change the type of `{name}` from `{want}` to `{have}`"),
                    )
                    .label(format!("declared here as `{have}`"))
                    .with_label(first.loc, format!("declared as `{want}`")),
                );
                return;
            }
        }
        first.value = (file, p);
        first.overridden = Some(loc);
        if let Some(d) = &p.doc {
            first.doc = Some(d.node.clone());
        }
    }

    /// Computes a parameter's value, after the parameters it mentions: depth
    /// first, without recursion, so a long chain of parameters costs no stack.
    /// A parameter met again while its own dependencies are computed is part
    /// of a cycle, reported where it is used.
    fn value(&mut self, root: &str) {
        if self.state.contains_key(root) {
            return;
        }
        let mut stack = vec![self.enter(root)];
        while let Some((_, deps, file)) = stack.last_mut() {
            let file = *file;
            if let Some((dep, span)) = deps.pop() {
                if !self.decls.contains_key(&dep) {
                    continue;
                }
                self.used.insert(dep.clone());
                match self.state.get(&dep) {
                    Some(State::Done) => {}
                    Some(State::InProgress) => {
                        self.diags.push(
                            Diagnostic::error(
                                Code::ParamCycle,
                                Loc::new(file, span),
                                format!("parameter `{dep}` depends on itself"),
                            )
                            .label("used here while its value is being computed")
                            .with_label(self.decls[&dep].loc, "declared here"),
                        );
                        self.broken(&dep);
                    }
                    None => {
                        let frame = self.enter(&dep);
                        stack.push(frame);
                    }
                }
                continue;
            }
            let (name, _, _) = stack.pop().expect("a parameter");
            let (file, p) = self.decls[&name].value;
            let slot = self.compute(&name, file, p);
            if self.slots.get(&name).is_none_or(|s| s.is_none() && slot.is_some()) {
                self.slots.insert(name.clone(), slot);
            }
            self.state.insert(name, State::Done);
        }
    }

    /// Starts computing a parameter: its name, the names its value mentions
    /// (last first), and the file of that value.
    fn enter(&mut self, name: &str) -> (String, Vec<(String, Span)>, FileId) {
        self.state.insert(name.to_owned(), State::InProgress);
        let (file, p) = self.decls[name].value;
        let mut deps = Vec::new();
        free_names(&p.value, &mut Vec::new(), &mut deps);
        deps.reverse();
        (name.to_owned(), deps, file)
    }

    fn compute(&mut self, name: &str, file: FileId, p: &ast::Param) -> Option<ParamSlot> {
        let checker = Checker::new(&self.slots, self.profiles);
        let checked = checker.check(&p.value, file, Mode::Constant);
        self.diags.extend(checker.diags.take());
        let (value_ir, ty, _) = checked?;
        let declared = self.decls[name].ty;
        let ty = match declared {
            Some(want) if ty.fits(want) => want,
            Some(want) => {
                self.diags.push(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        Loc::new(file, p.value.span),
                        format!("parameter `{name}` is of type `{want}`, but this value is of type `{ty}`"),
                    )
                    .label(format!("of type `{ty}`"))
                    .with_label(self.decls[name].loc, format!("declared as `{want}`")),
                );
                return None;
            }
            None if ty == Type::EmptyList => {
                self.diags.push(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        Loc::new(file, p.name.span),
                        format!("the type of parameter `{name}` cannot be inferred from `[]`"),
                    )
                    .help(format!("write the type: `param {name}: list<oid> = []`")),
                );
                return None;
            }
            None => ty,
        };
        match value_ir.eval(None) {
            Ok(value) if ir::within_limits(&value) => Some(ParamSlot { ty, value: std::sync::Arc::new(value) }),
            Ok(_) | Err(ir::Undetermined::TooLarge) => {
                self.diags.push(
                    Diagnostic::error(
                        Code::TooLarge,
                        Loc::new(file, p.value.span),
                        format!(
                            "the value of `{name}` {}",
                            ir::Undetermined::TooLarge.to_string().trim_start_matches("the value ")
                        ),
                    )
                    .label("this value")
                    .help(format!(
                        "a parameter holds at most {} KiB of text and {} items",
                        crate::limits::MAX_CONSTANT_BYTES >> 10,
                        crate::limits::MAX_CONSTANT_ITEMS
                    )),
                );
                None
            }
            Err(why) => {
                self.diags.push(Diagnostic::error(
                    Code::NotConstant,
                    Loc::new(file, p.value.span),
                    format!("cannot compute the value: {why}"),
                ));
                None
            }
        }
    }
}

fn type_of(t: &Spanned<TypeExpr>) -> Result<Type, (Span, String)> {
    match &t.node {
        TypeExpr::Named(n) => Type::scalar_named(n).map(Type::Scalar).ok_or_else(|| (t.span, n.clone())),
        TypeExpr::List(inner) => match &inner.node {
            TypeExpr::Named(n) => Type::scalar_named(n).map(Type::List).ok_or_else(|| (inner.span, n.clone())),
            TypeExpr::List(_) => Err((inner.span, "list".to_owned())),
        },
    }
}

/// Bare names an expression mentions, outside the variables it binds.
pub(super) fn free_names(e: &ast::Expr, bound: &mut Vec<String>, out: &mut Vec<(String, Span)>) {
    match &e.node {
        ExprKind::Path(p) if !p.contains('.') && !bound.contains(p) => out.push((p.clone(), e.span)),
        ExprKind::Literal(..) | ExprKind::Invalid | ExprKind::Path(_) => {}
        ExprKind::List(items) => items.iter().for_each(|i| free_names(i, bound, out)),
        ExprKind::Call(_, args) => args.iter().for_each(|a| free_names(a, bound, out)),
        ExprKind::Not(x) => free_names(x, bound, out),
        ExprKind::Logic(_, a, b) | ExprKind::Arith(_, a, b) | ExprKind::Cmp(_, a, b) => {
            free_names(a, bound, out);
            free_names(b, bound, out);
        }
        ExprKind::Is { subject, .. } => free_names(subject, bound, out),
        ExprKind::Quant { var, list, body, .. } => {
            free_names(list, bound, out);
            bound.push(var.node.clone());
            free_names(body, bound, out);
            bound.pop();
        }
    }
}
