//! Name resolution and type checking of expressions, lowering them to IR.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::builtins::{BUILTINS, builtin};
use super::ir::{self, Arith, Cmp, Quant};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::limits::{MAX_CONSTANT_BYTES, MAX_CONSTANT_ITEMS, MAX_EXPANDED_DEPTH, MAX_EXPANDED_SIZE};
use crate::schema::{CONSTANTS, FIELDS, Root, Target, field};
use crate::source::{FileId, Loc, Span};
use crate::syntax::ast::{self, CmpOp, ExprKind, Logic, Quantifier};
use crate::value::{ObjectId, Scalar, Type, Value};

/// A parameter visible to expressions.
#[derive(Debug, Clone)]
pub(super) struct ParamSlot {
    pub(super) ty: Type,
    pub(super) value: Arc<Value>,
}

/// A profile awaiting or done with checking.
#[derive(Debug)]
pub(super) struct ProfileDef {
    pub(super) file: FileId,
    pub(super) name_span: Span,
    pub(super) expr: ast::Expr,
}

#[derive(Debug, Clone)]
enum ProfileState {
    InProgress,
    /// The lowered predicate and the subject it reads, or `None` if it failed.
    /// The predicate is an [`ir::Expr::Profile`] or a constant: cheap to copy.
    Done(Option<(ir::Expr, Option<Target>)>),
}

/// Checks expressions against the schema, parameters and profiles.
pub(super) struct Checker<'a> {
    pub(super) params: &'a BTreeMap<String, Option<ParamSlot>>,
    pub(super) profiles: &'a BTreeMap<String, ProfileDef>,
    profile_state: RefCell<BTreeMap<String, ProfileState>>,
    pub(super) used_params: RefCell<BTreeSet<String>>,
    pub(super) diags: RefCell<Vec<Diagnostic>>,
}

/// Where an expression sits, which decides what it may read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A rule: fields, parameters, profiles, constants.
    Rule,
    /// A parameter value or prose: constants and parameters only.
    Constant,
}

struct Cx<'s> {
    file: FileId,
    mode: Mode,
    /// Bound quantifier variables, outermost first.
    scope: &'s mut Vec<(String, Type)>,
    /// Subjects read so far, with the first place each was read.
    targets: &'s mut Reads,
}

type Typed = Option<(ir::Expr, Type)>;

/// The subjects an expression reads, each with the first place it is read.
pub(super) type Reads = Vec<(Target, Span)>;

impl<'a> Checker<'a> {
    pub(super) fn new(
        params: &'a BTreeMap<String, Option<ParamSlot>>,
        profiles: &'a BTreeMap<String, ProfileDef>,
    ) -> Self {
        Self {
            params,
            profiles,
            profile_state: RefCell::new(BTreeMap::new()),
            used_params: RefCell::new(BTreeSet::new()),
            diags: RefCell::new(Vec::new()),
        }
    }

    fn err(&self, code: Code, file: FileId, span: Span, message: String) -> DiagRef<'_, 'a> {
        self.diags.borrow_mut().push(Diagnostic::error(code, Loc::new(file, span), message));
        DiagRef(self)
    }

    /// Checks an expression; returns its IR, its type and the subjects it reads.
    pub(super) fn check(&self, e: &ast::Expr, file: FileId, mode: Mode) -> Option<(ir::Expr, Type, Reads)> {
        let mut scope = Vec::new();
        let mut targets = Vec::new();
        let mut cx = Cx { file, mode, scope: &mut scope, targets: &mut targets };
        let (ir, ty) = self.expr(e, &mut cx)?;
        self.within_limits(&ir, file, e.span, None)?;
        Some((ir, ty, targets))
    }

    /// Reports an expression whose expansion passes [`MAX_EXPANDED_SIZE`] or
    /// [`MAX_EXPANDED_DEPTH`], counted over shared profiles without expanding them.
    fn within_limits(&self, ir: &ir::Expr, file: FileId, span: Span, profile: Option<&str>) -> Option<()> {
        let x = ir.expanded();
        let what = profile.map_or_else(|| "this expression".to_owned(), |p| format!("profile `{p}`"));
        let problem = if x.size > MAX_EXPANDED_SIZE {
            format!(
                "{what} is too large: with its profiles expanded it stands for {} operations, more than the {MAX_EXPANDED_SIZE} allowed",
                x.size
            )
        } else if x.depth > MAX_EXPANDED_DEPTH {
            format!(
                "{what} nests too deeply: with its profiles expanded it is {} levels deep, more than the {MAX_EXPANDED_DEPTH} allowed",
                x.depth
            )
        } else {
            return Some(());
        };
        self.err(Code::TooLarge, file, span, problem)
            .label(if profile.is_some() { "this profile" } else { "this expression" })
            .help("every use of a profile counts its whole predicate; test fewer combinations, or use quantifiers over lists");
        None
    }

    /// Checks a boolean condition.
    pub(super) fn condition(&self, e: &ast::Expr, file: FileId) -> Option<(ir::Expr, Reads)> {
        let (ir, ty, targets) = self.check(e, file, Mode::Rule)?;
        if ty != Type::BOOL {
            self.err(Code::TypeMismatch, file, e.span, format!("expected a condition (`bool`), found `{ty}`"))
                .label(format!("of type `{ty}`"))
                .help_opt(condition_help(ty));
            return None;
        }
        Some((ir, targets))
    }

    /// Checks an expression and folds it to a constant when it reads nothing
    /// from the subject, so the runner never recomputes `hours(crl_interval)`.
    fn expr(&self, e: &ast::Expr, cx: &mut Cx<'_>) -> Typed {
        let (x, t) = self.expr_unfolded(e, cx)?;
        // Operands are folded first, so a constant has constants for operands.
        if folds(&x) {
            match x.eval(None) {
                Ok(v) if ir::within_limits(&v) => return Some((ir::Expr::Const(Arc::new(v)), t)),
                Ok(_) | Err(ir::Undetermined::TooLarge) => {
                    self.err(Code::TooLarge, cx.file, e.span, format!("{}", ir::Undetermined::TooLarge))
                        .label("this value")
                        .help(format!(
                            "a constant holds at most {} KiB of text and {MAX_CONSTANT_ITEMS} items",
                            MAX_CONSTANT_BYTES >> 10
                        ));
                    return None;
                }
                Err(_) => {}
            }
        }
        Some((x, t))
    }

    fn expr_unfolded(&self, e: &ast::Expr, cx: &mut Cx<'_>) -> Typed {
        let file = cx.file;
        match &e.node {
            ExprKind::Invalid => None,
            ExprKind::Literal(v, t) => Some((ir::Expr::Const(Arc::new(v.clone())), Type::Scalar(*t))),
            ExprKind::List(items) => self.list(e.span, items, cx),
            ExprKind::Path(p) => self.path(p, e.span, cx),
            ExprKind::Call(name, args) => self.call(name, args, e.span, cx),
            ExprKind::Not(inner) => {
                let x = self.boolean(inner, cx, "`not`");
                Some((ir::Expr::Not(Box::new(x?)), Type::BOOL))
            }
            ExprKind::Logic(op, a, b) => {
                let word = match op {
                    Logic::And => "`and`",
                    Logic::Or => "`or`",
                    Logic::Implies => "`implies`",
                };
                let (x, y) = (self.boolean(a, cx, word), self.boolean(b, cx, word));
                let (x, y) = (Box::new(x?), Box::new(y?));
                Some((
                    match op {
                        Logic::And => ir::Expr::And(x, y),
                        Logic::Or => ir::Expr::Or(x, y),
                        Logic::Implies => ir::Expr::Implies(x, y),
                    },
                    Type::BOOL,
                ))
            }
            ExprKind::Cmp(op, a, b) => self.compare(*op, a, b, cx),
            ExprKind::Arith(arith, a, b) => {
                let arith = *arith;
                let (x, y) = (self.expr(a, cx), self.expr(b, cx));
                let ((x, tx), (y, ty)) = (x?, y?);
                let additive = matches!(arith, Arith::Add | Arith::Sub);
                let scaling = matches!(arith, Arith::Mul | Arith::Div);
                let out = match (tx, ty) {
                    (Type::INT, Type::INT) => Some(Type::INT),
                    (Type::STRING, Type::STRING) if arith == Arith::Add => Some(Type::STRING),
                    (Type::List(a), Type::List(b)) if arith == Arith::Add && a == b => Some(Type::List(a)),
                    (Type::List(a), Type::EmptyList) | (Type::EmptyList, Type::List(a)) if arith == Arith::Add => {
                        Some(Type::List(a))
                    }
                    (Type::DURATION, Type::DURATION) if additive => Some(Type::DURATION),
                    (Type::SIZE, Type::SIZE) if additive => Some(Type::SIZE),
                    (Type::DURATION, Type::INT) if scaling => Some(Type::DURATION),
                    (Type::SIZE, Type::INT) if scaling => Some(Type::SIZE),
                    (Type::DATE, Type::DURATION) if additive => Some(Type::DATE),
                    (Type::DATE, Type::DATE) if arith == Arith::Sub => Some(Type::DURATION),
                    _ => None,
                };
                let Some(out) = out else {
                    let sym = arith.symbol();
                    self.err(Code::TypeMismatch, file, e.span, format!("cannot compute `{tx}` {sym} `{ty}`"))
                        .label(format!("`{tx}` {sym} `{ty}`"))
                        .help("arithmetic works on int; duration and size add to their own kind and scale by an int; date ± duration; date - date; `+` joins strings, and lists of one type");
                    return None;
                };
                Some((ir::Expr::Arith(arith, Box::new(x), Box::new(y)), out))
            }
            ExprKind::Is { subject, negated, profile } => {
                if cx.mode == Mode::Constant {
                    self.err(
                        Code::NotConstant,
                        file,
                        e.span,
                        "`is` depends on the subject and is not a constant".to_owned(),
                    )
                    .label("tests the subject")
                    .help("parameter values and prose placeholders may use only literals, parameters and constants");
                    return None;
                }
                let ExprKind::Path(root) = &subject.node else {
                    self.err(
                        Code::TypeMismatch,
                        file,
                        subject.span,
                        "`is` tests `cert` or `ca` against a profile".to_owned(),
                    )
                    .label("expected `cert` or `ca` here");
                    return None;
                };
                let Some(target) = [Target::Certificate, Target::Ca].into_iter().find(|t| t.root() == root) else {
                    self.err(
                        Code::TypeMismatch,
                        file,
                        subject.span,
                        format!("`is` tests `cert` or `ca`, not `{root}`"),
                    )
                    .label("expected `cert` or `ca` here");
                    return None;
                };
                let (pred, used) = self.profile(&profile.node, profile.span, cx)?;
                if let Some(t) = used.filter(|t| *t != target) {
                    self.err(
                        Code::TargetMismatch,
                        file,
                        profile.span,
                        format!("profile `{}` reads `{}.*` fields, but is applied to `{root}`", profile.node, t.root()),
                    )
                    .label("profile for another subject");
                    return None;
                }
                cx.targets.push((target, subject.span));
                let pred = if *negated { ir::Expr::Not(Box::new(pred)) } else { pred };
                Some((pred, Type::BOOL))
            }
            ExprKind::Quant { kind, var, list, body } => {
                let (list_ir, list_ty) = self.expr(list, cx)?;
                let elem = match list_ty {
                    Type::List(s) => Type::Scalar(s),
                    Type::EmptyList => Type::BOOL,
                    Type::Records(path) => Type::Record(path),
                    other => {
                        self.err(
                            Code::TypeMismatch,
                            file,
                            list.span,
                            format!("expected a list to quantify over, found `{other}`"),
                        )
                        .label(format!("of type `{other}`"));
                        return None;
                    }
                };
                let clash = if self.params.contains_key(&var.node) {
                    Some("a parameter")
                } else if self.profiles.contains_key(&var.node) {
                    Some("a profile")
                } else if CONSTANTS.iter().any(|c| c.name == var.node) {
                    Some("a named constant")
                } else if cx.scope.iter().any(|(n, _)| *n == var.node) {
                    Some("bound by an enclosing quantifier")
                } else {
                    None
                };
                if let Some(what) = clash {
                    self.err(Code::DuplicateName, file, var.span, format!("`{}` is already {what}", var.node))
                        .label("shadows another name")
                        .help("choose another name for the bound item");
                }
                cx.scope.push((var.node.clone(), elem));
                let body_ir = self.boolean(body, cx, "a quantifier's body");
                cx.scope.pop();
                let q = match kind {
                    Quantifier::All => Quant::All,
                    Quantifier::Any => Quant::Any,
                    Quantifier::None => Quant::None,
                    Quantifier::Count => Quant::Count,
                };
                let ty = if q == Quant::Count { Type::INT } else { Type::BOOL };
                Some((ir::Expr::Quant(q, Box::new(list_ir), Box::new(body_ir?)), ty))
            }
        }
    }

    fn boolean(&self, e: &ast::Expr, cx: &mut Cx<'_>, what: &str) -> Option<ir::Expr> {
        let (x, t) = self.expr(e, cx)?;
        if t == Type::BOOL {
            return Some(x);
        }
        self.err(Code::TypeMismatch, cx.file, e.span, format!("{what} needs a `bool`, found `{t}`"))
            .label(format!("of type `{t}`"))
            .help_opt(condition_help(t));
        None
    }

    fn list(&self, span: Span, items: &[ast::Expr], cx: &mut Cx<'_>) -> Typed {
        let mut out = Vec::new();
        let mut elem: Option<(Scalar, Span)> = None;
        let mut ok = true;
        for it in items {
            let Some((x, t)) = self.expr(it, cx) else {
                ok = false;
                continue;
            };
            let Type::Scalar(s) = t else {
                self.err(Code::TypeMismatch, cx.file, it.span, "lists cannot contain lists".to_owned())
                    .label(format!("of type `{t}`"));
                ok = false;
                continue;
            };
            match elem {
                None => elem = Some((s, it.span)),
                Some((first, at)) if first != s => {
                    self.err(
                        Code::TypeMismatch,
                        cx.file,
                        it.span,
                        format!("list items must have one type: expected `{first}`, found `{s}`"),
                    )
                    .label(format!("of type `{s}`"))
                    .with_label(Loc::new(cx.file, at), format!("the first item is of type `{first}`"));
                    ok = false;
                }
                Some(_) => {}
            }
            out.push(x);
        }
        if !ok {
            return None;
        }
        let ty = elem.map_or(Type::EmptyList, |(s, _)| Type::List(s));
        // A list of constants is itself a constant, if it is not too large: that
        // is known before the items are copied.
        let (mut bytes, items) = (0u64, out.len());
        for x in &out {
            if let ir::Expr::Const(v) = x {
                bytes = bytes.saturating_add(if matches!(**v, Value::String(_)) { ir::constant_weight(v) } else { 0 });
            }
        }
        let small = items <= MAX_CONSTANT_ITEMS && bytes <= MAX_CONSTANT_BYTES as u64;
        let consts: Option<Vec<Value>> = out
            .iter()
            .map(|x| if let ir::Expr::Const(v) = x { small.then(|| Value::clone(v)) } else { None })
            .collect();
        let consts =
            if small || out.iter().any(|x| !matches!(x, ir::Expr::Const(_))) { consts } else { Some(Vec::new()) };
        match consts {
            Some(vs) => {
                let v = Value::List(vs.into());
                if !small || !ir::within_limits(&v) {
                    self.err(Code::TooLarge, cx.file, span, format!("{}", ir::Undetermined::TooLarge))
                        .label("this list")
                        .help(format!(
                            "a constant holds at most {} KiB of text and {MAX_CONSTANT_ITEMS} items",
                            MAX_CONSTANT_BYTES >> 10
                        ));
                    return None;
                }
                Some((ir::Expr::Const(Arc::new(v)), ty))
            }
            None => {
                self.err(Code::NotConstant, cx.file, span, "list literals may only hold constants".to_owned())
                    .help("to test several fields, combine conditions with `or`");
                None
            }
        }
    }

    /// `item.member` where `item` is bound at `depth`: a record's member, typed by the CA model.
    fn member(&self, depth: usize, member: &str, span: Span, cx: &mut Cx<'_>) -> Typed {
        use crate::schema::ca::{KEYS, Kind};
        let file = cx.file;
        let (name, ty) = (&cx.scope[depth].0, cx.scope[depth].1);
        let Type::Record(record) = ty else {
            self.err(Code::UnknownField, file, span, format!("`{name}` is a {ty}, which has no members"))
                .label("not a record")
                .help("members are read from records: `all(p in ca.profiles: p.validity_max <= 398d)`");
            return None;
        };
        let path = format!("{record}.{member}");
        let Some(key) = KEYS.iter().find(|k| k.path == path) else {
            let members: Vec<&str> = KEYS
                .iter()
                .filter_map(|k| k.path.strip_prefix(record).and_then(|r| r.strip_prefix('.')))
                .filter(|m| !m.contains('.'))
                .collect();
            let help = match did_you_mean(member, members.iter().copied()) {
                Some(m) => format!("did you mean `{name}.{m}`?"),
                None => format!("a {ty} has {}", members.join(", ")),
            };
            self.err(Code::UnknownField, file, span, format!("a {ty} has no member `{member}`"))
                .label("not a member")
                .help(help);
            return None;
        };
        let ty = match key.kind {
            Kind::One(s) => Type::Scalar(s),
            Kind::Many(s) => Type::List(s),
            Kind::Records => Type::Records(key.path),
        };
        let var = ir::Expr::Var(u32::try_from(depth).unwrap_or(u32::MAX));
        Some((ir::Expr::Member(Box::new(var), key), ty))
    }

    fn path(&self, p: &str, span: Span, cx: &mut Cx<'_>) -> Typed {
        let file = cx.file;
        if let Some(depth) = cx.scope.iter().rposition(|(n, _)| n == p) {
            return Some((ir::Expr::Var(u32::try_from(depth).unwrap_or(u32::MAX)), cx.scope[depth].1));
        }
        // `item.member` of a record a quantifier binds.
        if let Some((head, member)) = p.split_once('.') {
            if let Some(depth) = cx.scope.iter().rposition(|(n, _)| n == head) {
                return self.member(depth, member, span, cx);
            }
        }
        if let Some(slot) = self.params.get(p) {
            self.used_params.borrow_mut().insert(p.to_owned());
            // A parameter whose declaration failed was reported there.
            let slot = slot.as_ref()?;
            return Some((ir::Expr::Const(Arc::clone(&slot.value)), slot.ty));
        }
        if self.profiles.contains_key(p) {
            if cx.mode == Mode::Constant {
                self.err(
                    Code::NotConstant,
                    file,
                    span,
                    format!("profile `{p}` depends on the subject and is not a constant"),
                );
                return None;
            }
            let (pred, used) = self.profile(p, span, cx)?;
            if let Some(t) = used {
                cx.targets.push((t, span));
            }
            return Some((pred, Type::BOOL));
        }
        if let Some(c) = CONSTANTS.iter().find(|c| c.name == p) {
            let oid = ObjectId::parse(c.value).expect("constants are valid OIDs");
            return Some((ir::Expr::Const(Arc::new(Value::Oid(oid))), Type::OID));
        }
        let root = p.split('.').next().unwrap_or(p);
        if let Some(reads) = Root::from_word(root) {
            let target = reads.target();
            if cx.mode == Mode::Constant {
                self.err(Code::NotConstant, file, span, format!("`{p}` depends on the subject and is not a constant"))
                    .label("a field of the subject")
                    .help("parameter values and prose placeholders may use only literals, parameters and constants");
                return None;
            }
            if p == root {
                self.err(Code::UnknownField, file, span, format!("`{p}` is the subject itself, not a value"))
                    .label("name a field here")
                    .help(format!(
                        "read one of its fields, e.g. `{root}.version`, or test a profile with `{root} is <profile>`"
                    ));
                return None;
            }
            // `issuer.*` and `parent.*` read the fields of `cert.*` and `ca.*` on another subject.
            let own = format!("{}{}", target.root(), &p[root.len()..]);
            let Some(f) = field(&own) else {
                let names: Vec<String> =
                    FIELDS.iter().filter(|f| f.target == target).map(|f| reads.name_of(f.name)).collect();
                let suggestion = did_you_mean(p, names.iter().map(String::as_str));
                self.err(Code::UnknownField, file, span, format!("unknown field `{p}`"))
                    .label("not in the field schema")
                    .help(match suggestion {
                        Some(s) => format!("did you mean `{s}`? `cpslint fields` lists every field"),
                        None => "`cpslint fields` lists every field".to_owned(),
                    });
                return None;
            };
            cx.targets.push((target, span));
            return Some((ir::Expr::Field(reads, f), f.ty));
        }
        let vars = cx.scope.iter().map(|(n, _)| n.as_str());
        let candidates: Vec<&str> = self
            .params
            .keys()
            .map(String::as_str)
            .chain(self.profiles.keys().map(String::as_str))
            .chain(CONSTANTS.iter().map(|c| c.name))
            .chain(vars)
            .collect();
        let suggestion = did_you_mean(p, candidates);
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => "names are parameters, profiles, constants such as `serverAuth`, or fields under `cert.` and `ca.`"
                .to_owned(),
        };
        self.err(Code::UnknownName, file, span, format!("unknown name `{p}`")).label("not declared").help(help);
        None
    }

    fn profile(&self, name: &str, span: Span, cx: &Cx<'_>) -> Option<(ir::Expr, Option<Target>)> {
        let Some(def) = self.profiles.get(name) else {
            let suggestion = did_you_mean(name, self.profiles.keys().map(String::as_str));
            self.err(Code::UnknownName, cx.file, span, format!("unknown profile `{name}`"))
                .label("not declared")
                .help_opt(suggestion.map(|s| format!("did you mean `{s}`?")));
            return None;
        };
        let state = self.profile_state.borrow().get(name).cloned();
        match state {
            Some(ProfileState::Done(r)) => r,
            Some(ProfileState::InProgress) => {
                self.err(Code::ProfileCycle, cx.file, span, format!("profile `{name}` depends on itself"))
                    .label("used here while it is being defined")
                    .with_label(Loc::new(def.file, def.name_span), "the profile is declared here");
                None
            }
            None => {
                self.check_profiles_from(name);
                match self.profile_state.borrow().get(name) {
                    Some(ProfileState::Done(r)) => r.clone(),
                    _ => None,
                }
            }
        }
    }

    /// Checks a profile and, first, every profile it names that is not checked
    /// yet, depth first without recursion: a chain of thousands of profiles
    /// costs no stack. A profile met again while its own dependencies are being
    /// checked is part of a cycle, reported where it is used.
    fn check_profiles_from(&self, root: &str) {
        let mut stack: Vec<(String, Vec<String>)> = Vec::new();
        let enter = |name: &str, stack: &mut Vec<(String, Vec<String>)>| {
            self.profile_state.borrow_mut().insert(name.to_owned(), ProfileState::InProgress);
            let mut deps = Vec::new();
            if let Some(def) = self.profiles.get(name) {
                self.profile_names(&def.expr, &mut Vec::new(), &mut deps);
            }
            deps.reverse();
            stack.push((name.to_owned(), deps));
        };
        enter(root, &mut stack);
        while let Some((_, deps)) = stack.last_mut() {
            if let Some(dep) = deps.pop() {
                if !self.profile_state.borrow().contains_key(&dep) {
                    enter(&dep, &mut stack);
                }
                continue;
            }
            let (name, _) = stack.pop().expect("a profile");
            let result = self.check_profile(&name);
            self.profile_state.borrow_mut().insert(name, ProfileState::Done(result));
        }
    }

    /// The profiles an expression names, in order.
    fn profile_names(&self, e: &ast::Expr, bound: &mut Vec<String>, out: &mut Vec<String>) {
        match &e.node {
            ExprKind::Path(p) => {
                if self.profiles.contains_key(p) && !bound.contains(p) && !self.params.contains_key(p) {
                    out.push(p.clone());
                }
            }
            ExprKind::Literal(..) | ExprKind::Invalid => {}
            ExprKind::List(items) | ExprKind::Call(_, items) => {
                items.iter().for_each(|i| self.profile_names(i, bound, out));
            }
            ExprKind::Not(x) => self.profile_names(x, bound, out),
            ExprKind::Logic(_, a, b) | ExprKind::Arith(_, a, b) | ExprKind::Cmp(_, a, b) => {
                self.profile_names(a, bound, out);
                self.profile_names(b, bound, out);
            }
            ExprKind::Is { subject, profile, .. } => {
                self.profile_names(subject, bound, out);
                if self.profiles.contains_key(&profile.node) {
                    out.push(profile.node.clone());
                }
            }
            ExprKind::Quant { var, list, body, .. } => {
                self.profile_names(list, bound, out);
                bound.push(var.node.clone());
                self.profile_names(body, bound, out);
                bound.pop();
            }
        }
    }

    /// Checks one profile's predicate, whose dependencies are checked already.
    fn check_profile(&self, name: &str) -> Option<(ir::Expr, Option<Target>)> {
        let def = self.profiles.get(name)?;
        let mut scope = Vec::new();
        let mut targets = Vec::new();
        let mut inner = Cx { file: def.file, mode: Mode::Rule, scope: &mut scope, targets: &mut targets };
        let pred = self.boolean(&def.expr, &mut inner, "a profile");
        let target = self.single_target(&targets, def.file);
        let (pred, target) = (pred?, target.ok()?);
        let shared = match pred {
            // A constant is copied as cheaply as a reference; a profile that
            // only names another is that one.
            p @ (ir::Expr::Const(_) | ir::Expr::Profile(_)) => p,
            body => {
                let (expanded, constant) = (body.expanded(), body.is_constant());
                let shared =
                    ir::Expr::Profile(Arc::new(ir::Profile { name: name.to_owned(), body, expanded, constant }));
                self.within_limits(&shared, def.file, def.name_span, Some(name))?;
                shared
            }
        };
        Some((shared, target))
    }

    /// The one subject a set of reads refers to; reports mixing `cert` and `ca`.
    pub(super) fn single_target(&self, targets: &[(Target, Span)], file: FileId) -> Result<Option<Target>, ()> {
        let Some((first, at)) = targets.first() else {
            return Ok(None);
        };
        if let Some((other, span)) = targets.iter().find(|(t, _)| t != first) {
            self.err(
                Code::TargetMismatch,
                file,
                *span,
                format!("an expression reads both `{}.*` and `{}.*` fields", first.root(), other.root()),
            )
            .label(format!("a `{}` field", other.root()))
            .with_label(Loc::new(file, *at), format!("a `{}` field", first.root()))
            .help("a requirement is evaluated on one kind of subject; split it in two");
            return Err(());
        }
        Ok(Some(*first))
    }

    /// `explicit(FIELD)`: the field must be a CA configuration key, read as `ca.*` or `parent.*`.
    fn explicit(&self, b: &'static crate::compile::builtins::Builtin, arg: &ast::Expr, cx: &mut Cx<'_>) -> Typed {
        let file = cx.file;
        let span = arg.span;
        let (x, _) = self.expr(arg, cx)?;
        let key = match &x {
            ir::Expr::Field(_, f) => f.name.strip_prefix("ca.").filter(|k| crate::schema::ca::key(k).is_some()),
            _ => None,
        };
        if key.is_none() {
            self.err(Code::TypeMismatch, file, span, "`explicit` takes a CA configuration field".to_owned())
                .label("not a field that a CA configuration writes")
                .help("e.g. `explicit(ca.revocation.crl_next_update)`; `cpslint fields` lists the manifest keys");
            return None;
        }
        Some((ir::Expr::Call(b, vec![x]), Type::BOOL))
    }

    fn call(&self, name: &ast::Spanned<String>, args: &[ast::Expr], span: Span, cx: &mut Cx<'_>) -> Typed {
        let file = cx.file;
        let Some(b) = builtin(&name.node) else {
            let suggestion = did_you_mean(&name.node, BUILTINS.iter().map(|b| b.name));
            self.err(Code::UnknownFunction, file, name.span, format!("unknown function `{}`", name.node))
                .label("not a builtin")
                .help(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        let all: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
                        format!("builtins are {}", all.join(", "))
                    }
                });
            return None;
        };
        if args.len() != b.arity {
            let s = if b.arity == 1 { "" } else { "s" };
            self.err(
                Code::Arity,
                file,
                span,
                format!("`{}` takes {} argument{s}, found {}", b.name, b.arity, args.len()),
            )
            .label(format!("{} argument{}", args.len(), if args.len() == 1 { "" } else { "s" }))
            .help(format!("signature: {}", b.signature));
            return None;
        }
        if b.name == crate::compile::builtins::EXPLICIT {
            return self.explicit(b, &args[0], cx);
        }
        let mut irs = Vec::new();
        let mut tys = Vec::new();
        let mut ok = true;
        for a in args {
            match self.expr(a, cx) {
                Some((x, t)) => {
                    irs.push(x);
                    tys.push(t);
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        match (b.check)(&tys) {
            Ok(out) => Some((ir::Expr::Call(b, irs), out)),
            Err(why) => {
                let have: Vec<String> = tys.iter().map(|t| format!("`{t}`")).collect();
                let have = if have.is_empty() { "no arguments".to_owned() } else { have.join(", ") };
                self.err(Code::TypeMismatch, file, span, format!("`{}` {why}, found {have}", b.name))
                    .label(format!("called with {have}"))
                    .help(format!("signature: {}", b.signature));
                None
            }
        }
    }

    fn compare(&self, op: ast::Spanned<CmpOp>, a: &ast::Expr, b: &ast::Expr, cx: &mut Cx<'_>) -> Typed {
        let file = cx.file;
        let (x, y) = (self.expr(a, cx), self.expr(b, cx));
        let ((x, tx), (y, ty)) = (x?, y?);
        let sym = op.node.symbol();
        let mismatch = |help: Option<String>| {
            self.err(Code::TypeMismatch, file, op.span, format!("`{sym}` cannot compare `{tx}` with `{ty}`"))
                .label(format!("`{tx}` {sym} `{ty}`"))
                .with_label(Loc::new(file, a.span), format!("of type `{tx}`"))
                .with_label(Loc::new(file, b.span), format!("of type `{ty}`"))
                .help_opt(help);
        };
        let (x, y) = (Box::new(x), Box::new(y));
        let out = match op.node {
            CmpOp::Eq | CmpOp::Ne => {
                if !(tx.fits(ty) || ty.fits(tx)) {
                    mismatch(compare_help(tx, ty));
                    return None;
                }
                ir::Expr::Cmp(if op.node == CmpOp::Eq { Cmp::Eq } else { Cmp::Ne }, x, y)
            }
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                let ordered = matches!(tx, Type::Scalar(Scalar::Int | Scalar::Duration | Scalar::Date | Scalar::Size));
                if tx != ty || !ordered {
                    let help = if tx == ty {
                        Some(format!("`{tx}` values have no order; ordering works on int, duration, date and size"))
                    } else {
                        compare_help(tx, ty)
                    };
                    mismatch(help);
                    return None;
                }
                let c = match op.node {
                    CmpOp::Lt => Cmp::Lt,
                    CmpOp::Le => Cmp::Le,
                    CmpOp::Gt => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                ir::Expr::Cmp(c, x, y)
            }
            CmpOp::In | CmpOp::NotIn => {
                let fits = matches!(tx, Type::Scalar(s) if ty == Type::List(s) || ty == Type::EmptyList);
                if !fits {
                    let help = match (tx, ty) {
                        (Type::List(_), Type::Scalar(_)) => {
                            Some("the list goes on the right: `item in list`, or use `list contains item`".to_owned())
                        }
                        (Type::Scalar(s), Type::List(t)) => Some(format!("the list holds `{t}` values, not `{s}`")),
                        _ => Some("`in` tests an item against a list of the same type".to_owned()),
                    };
                    mismatch(help);
                    return None;
                }
                let e = ir::Expr::In(x, y);
                if op.node == CmpOp::NotIn { ir::Expr::Not(Box::new(e)) } else { e }
            }
            CmpOp::Contains => {
                let fits = matches!(ty, Type::Scalar(s) if tx == Type::List(s) || tx == Type::EmptyList)
                    || (tx == Type::STRING && ty == Type::STRING);
                if !fits {
                    let help = match (tx, ty) {
                        (Type::Scalar(_), Type::List(_)) => {
                            Some("the list goes on the left: `list contains item`, or use `item in list`".to_owned())
                        }
                        (Type::List(t), Type::Scalar(s)) => Some(
                            compare_help(Type::Scalar(t), Type::Scalar(s))
                                .unwrap_or_else(|| format!("the list holds `{t}` values, not `{s}`")),
                        ),
                        _ => Some("`contains` tests a list for an item, or a string for a substring".to_owned()),
                    };
                    mismatch(help);
                    return None;
                }
                ir::Expr::Contains(x, y)
            }
            CmpOp::Matches => {
                if tx != Type::STRING {
                    let help = if tx == Type::List(Scalar::String) {
                        Some(format!("match each item: `all(x in {}: x matches ...)`", expr_text(a)))
                    } else {
                        None
                    };
                    self.err(
                        Code::TypeMismatch,
                        file,
                        a.span,
                        format!("`matches` needs a `string` on the left, found `{tx}`"),
                    )
                    .label(format!("of type `{tx}`"))
                    .help_opt(help);
                    return None;
                }
                let pattern = match &*y {
                    ir::Expr::Const(v) => match &**v {
                        Value::String(p) => Some(p.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                let Some(pattern) = pattern else {
                    self.err(
                        Code::NotConstant,
                        file,
                        b.span,
                        "the pattern of `matches` must be a constant string".to_owned(),
                    )
                    .label("not a string literal or string parameter");
                    return None;
                };
                match regex::Regex::new(&pattern) {
                    Ok(re) => ir::Expr::Matches(x, Arc::new(re)),
                    Err(e) => {
                        let why = match &e {
                            regex::Error::Syntax(s) => {
                                s.lines().last().unwrap_or(s).trim().trim_start_matches("error: ").to_owned()
                            }
                            other => other.to_string(),
                        };
                        self.err(Code::BadRegex, file, b.span, format!("invalid regular expression: {why}"))
                            .label("this pattern does not compile")
                            .help("the syntax is that of Rust's `regex` crate; backslashes in quoted strings are written `\\\\`, or use a `\"\"\"` string");
                        return None;
                    }
                }
            }
        };
        Some((out, Type::BOOL))
    }
}

/// Builds on the diagnostic just pushed.
pub(super) struct DiagRef<'c, 'a>(&'c Checker<'a>);

impl DiagRef<'_, '_> {
    fn with(self, f: impl FnOnce(&mut Diagnostic)) -> Self {
        if let Some(d) = self.0.diags.borrow_mut().last_mut() {
            f(d);
        }
        self
    }

    fn label(self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.with(|d| d.labels[0].text = text)
    }

    fn with_label(self, loc: Loc, text: impl Into<String>) -> Self {
        let text = text.into();
        self.with(|d| d.labels.push(crate::diagnostic::Label { loc, text, primary: false }))
    }

    fn help(self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.with(|d| d.help = Some(text))
    }

    fn help_opt(self, text: Option<String>) -> Self {
        match text {
            Some(t) => self.help(t),
            None => self,
        }
    }
}

/// Whether an expression can be folded to a constant now: it is not one yet,
/// and its operands are constants (they were folded first, when they could be).
fn folds(x: &ir::Expr) -> bool {
    let c = |e: &ir::Expr| matches!(e, ir::Expr::Const(_));
    match x {
        ir::Expr::Const(_) | ir::Expr::Field(..) | ir::Expr::Var(_) | ir::Expr::Quant(..) | ir::Expr::Member(..) => {
            false
        }
        ir::Expr::Profile(p) => p.constant,
        ir::Expr::Not(e) | ir::Expr::Matches(e, _) => c(e),
        ir::Expr::And(a, b)
        | ir::Expr::Or(a, b)
        | ir::Expr::Implies(a, b)
        | ir::Expr::Cmp(_, a, b)
        | ir::Expr::In(a, b)
        | ir::Expr::Contains(a, b)
        | ir::Expr::Arith(_, a, b) => c(a) && c(b),
        ir::Expr::Call(_, args) => args.iter().all(c),
    }
}

fn condition_help(t: Type) -> Option<String> {
    match t {
        Type::List(_) => Some("test the list with `contains`, `all(...)`, `any(...)` or `len(...)`".to_owned()),
        Type::Scalar(Scalar::Int | Scalar::Duration | Scalar::Size | Scalar::Date) => {
            Some("compare it, e.g. `<= max_validity`".to_owned())
        }
        _ => None,
    }
}

fn compare_help(have: Type, want: Type) -> Option<String> {
    Some(match (have, want) {
        (Type::List(a), Type::Scalar(b)) if a == b => "to test membership, write `list contains item`".to_owned(),
        (Type::Scalar(a), Type::List(b)) if a == b => "to test membership, write `item in list`".to_owned(),
        (Type::Scalar(Scalar::Duration), Type::Scalar(Scalar::Int))
        | (Type::Scalar(Scalar::Int), Type::Scalar(Scalar::Duration)) => {
            "write the number with a unit, e.g. `398d` or `24h`".to_owned()
        }
        (Type::Scalar(Scalar::Size), Type::Scalar(Scalar::Int))
        | (Type::Scalar(Scalar::Int), Type::Scalar(Scalar::Size)) => {
            "write the number with a unit, e.g. `20B` or `4KiB`".to_owned()
        }
        (Type::Scalar(Scalar::Oid), Type::Scalar(Scalar::String))
        | (Type::Scalar(Scalar::String), Type::Scalar(Scalar::Oid)) => {
            "write OIDs without quotes, e.g. `2.23.140.1.2.1`, or use a named constant such as `serverAuth`".to_owned()
        }
        (Type::Scalar(Scalar::Date), Type::Scalar(Scalar::String))
        | (Type::Scalar(Scalar::String), Type::Scalar(Scalar::Date)) => {
            "write dates without quotes, e.g. `2026-01-01`".to_owned()
        }
        _ => return None,
    })
}

fn expr_text(e: &ast::Expr) -> String {
    match &e.node {
        ExprKind::Path(p) => p.clone(),
        _ => "list".to_owned(),
    }
}
