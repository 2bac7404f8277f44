//! The evaluator: a compiled [`Expr`] on an environment of subjects.
//!
//! An [`Env`] maps each root a policy can read (`cert`, and later `issuer`;
//! `ca` and `parent`) to the subject it stands for. A field read in a root
//! the environment does not hold is absent, so a rule about a CA's parent is
//! undetermined when the parent is unknown.

use crate::limits::{MAX_CONSTANT_BYTES, MAX_CONSTANT_ITEMS};
use crate::schema::{Root, Subject};
use crate::value::Value;

use super::ir::{Arith, Cmp, Expr, Piece, Quant, RED_ZONE, STACK_SEGMENT, Template, Undetermined, within_limits};

/// The subjects an evaluation can read, one per [`Root`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Env<'a> {
    subjects: [Option<&'a Subject<'a>>; Root::ALL.len()],
}

impl<'a> Env<'a> {
    /// No subject: constant expressions only.
    pub const EMPTY: Env<'static> = Env { subjects: [None; Root::ALL.len()] };

    /// The environment with `subject` in `root`.
    #[must_use]
    pub fn with(mut self, root: Root, subject: &'a Subject<'a>) -> Self {
        self.subjects[root as usize] = Some(subject);
        self
    }

    /// The subject in `root`.
    pub fn get(&self, root: Root) -> Option<&'a Subject<'a>> {
        self.subjects[root as usize]
    }
}

impl<'a> From<Option<&'a Subject<'a>>> for Env<'a> {
    /// A subject in its own root: a certificate as `cert`, a CA as `ca`.
    fn from(subject: Option<&'a Subject<'a>>) -> Self {
        match subject {
            None => Env::default(),
            Some(s) => Env::default().with(s.root(), s),
        }
    }
}

impl<'a> From<&Env<'a>> for Env<'a> {
    fn from(env: &Env<'a>) -> Self {
        *env
    }
}

type Eval = Result<Value, Undetermined>;

impl Expr {
    /// Evaluates the expression in an environment of subjects: [`Env::EMPTY`]
    /// for constants, or a subject (`Some(&subject)`) in its own root.
    ///
    /// # Errors
    /// When a field the result depends on is absent or malformed.
    pub fn eval<'a>(&self, env: impl Into<Env<'a>>) -> Eval {
        self.eval_in(&env.into(), &mut Vec::new())
    }

    fn eval_in(&self, s: &Env<'_>, vars: &mut Vec<Value>) -> Eval {
        // The limits bound the depth; this keeps even the deepest allowed rule
        // within a worker thread's stack, in debug builds too.
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.eval_here(s, vars))
    }

    fn eval_here(&self, s: &Env<'_>, vars: &mut Vec<Value>) -> Eval {
        match self {
            Expr::Const(v) => Ok(Value::clone(v)),
            // A profile binds no outer item: its own quantifiers count from zero.
            Expr::Profile(p) => p.body.eval_in(s, &mut Vec::new()),
            Expr::Field(root, f) => {
                let Some(subject) = s.get(*root) else {
                    return Err(Undetermined::Absent(*root, f.name));
                };
                match subject.read(f) {
                    Value::Absent => Err(Undetermined::Absent(*root, f.name)),
                    Value::Malformed(why) => Err(Undetermined::Malformed(f.name, why)),
                    v => Ok(v),
                }
            }
            Expr::Var(i) => Ok(vars[*i as usize].clone()),
            Expr::Member(record, key) => {
                let member = key.path.rsplit('.').next().unwrap_or(key.path);
                match record.eval_in(s, vars)? {
                    Value::Record(members) => match members.iter().find(|(k, _)| k == member) {
                        Some((_, Value::Malformed(why))) => Err(Undetermined::Malformed(key.path, why.clone())),
                        Some((_, v)) => Ok(v.clone()),
                        None => Err(Undetermined::Absent(Root::Ca, key.path)),
                    },
                    other => Err(Undetermined::Invalid("member", format!("{other} is not a record"))),
                }
            }
            Expr::Not(e) => Ok(Value::Bool(!truth(&e.eval_in(s, vars)?))),
            Expr::And(a, b) => {
                if truth(&a.eval_in(s, vars)?) {
                    b.eval_in(s, vars)
                } else {
                    Ok(Value::Bool(false))
                }
            }
            Expr::Or(a, b) => {
                if truth(&a.eval_in(s, vars)?) {
                    Ok(Value::Bool(true))
                } else {
                    b.eval_in(s, vars)
                }
            }
            Expr::Implies(a, b) => {
                if truth(&a.eval_in(s, vars)?) {
                    b.eval_in(s, vars)
                } else {
                    Ok(Value::Bool(true))
                }
            }
            Expr::Cmp(op, a, b) => {
                let (x, y) = (a.eval_in(s, vars)?, b.eval_in(s, vars)?);
                let ord = x.cmp(&y);
                Ok(Value::Bool(match op {
                    Cmp::Eq => x == y,
                    Cmp::Ne => x != y,
                    Cmp::Lt => ord.is_lt(),
                    Cmp::Le => ord.is_le(),
                    Cmp::Gt => ord.is_gt(),
                    Cmp::Ge => ord.is_ge(),
                }))
            }
            Expr::In(item, list) => {
                let item = item.eval_in(s, vars)?;
                Ok(Value::Bool(items(&list.eval_in(s, vars)?).contains(&item)))
            }
            Expr::Contains(hay, needle) => {
                let (hay, needle) = (hay.eval_in(s, vars)?, needle.eval_in(s, vars)?);
                Ok(Value::Bool(match (&hay, &needle) {
                    (Value::String(h), Value::String(n)) => h.contains(n.as_str()),
                    _ => items(&hay).contains(&needle),
                }))
            }
            Expr::Matches(e, re) => match e.eval_in(s, vars)? {
                Value::String(v) => Ok(Value::Bool(re.is_match(&v))),
                _ => Ok(Value::Bool(false)),
            },
            Expr::Arith(op, a, b) => arith(*op, &a.eval_in(s, vars)?, &b.eval_in(s, vars)?),
            Expr::Quant(q, list, body) => {
                let list = list.eval_in(s, vars)?;
                let mut hits = 0i64;
                for item in items(&list) {
                    vars.push(item.clone());
                    let r = body.eval_in(s, vars);
                    vars.pop();
                    if truth(&r?) {
                        hits += 1;
                        if *q == Quant::Any || *q == Quant::None {
                            break;
                        }
                    } else if *q == Quant::All {
                        return Ok(Value::Bool(false));
                    }
                }
                Ok(match q {
                    Quant::All => Value::Bool(true),
                    Quant::Any => Value::Bool(hits > 0),
                    Quant::None => Value::Bool(hits == 0),
                    Quant::Count => Value::Int(hits),
                })
            }
            Expr::Call(b, args) if b.name == super::builtins::EXPLICIT => match args.as_slice() {
                [Expr::Field(root, f)] => match s.get(*root) {
                    Some(subject) => Ok(Value::Bool(subject.explicit(f))),
                    None => Err(Undetermined::Absent(*root, f.name)),
                },
                _ => Err(Undetermined::Invalid(b.name, "expects a field".to_owned())),
            },
            Expr::Call(b, args) => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    match a.eval_in(s, vars) {
                        Ok(v) => vals.push(v),
                        Err(Undetermined::Absent(..)) if b.takes_absent => vals.push(Value::Absent),
                        Err(Undetermined::Malformed(..)) if b.takes_absent => {
                            vals.push(Value::Malformed(String::new()));
                        }
                        Err(e) => return Err(e),
                    }
                }
                match (b.eval)(&vals) {
                    Value::Malformed(why) => Err(Undetermined::Invalid(b.name, why)),
                    v => Ok(v),
                }
            }
        }
    }
}

impl Template {
    /// Fills the template for a subject: values in words ([`Value::human`]); an
    /// absent field shows as `none`, any other value that cannot be computed as `<reason>`.
    pub fn render<'a>(&self, env: impl Into<Env<'a>>) -> String {
        let env = env.into();
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Value(e, _) => match e.eval(env) {
                    Ok(v) => out.push_str(&v.human()),
                    // The finding names the absent field after the message.
                    Err(Undetermined::Absent(..)) => out.push_str("none"),
                    Err(why) => out.push_str(&format!("<{why}>")),
                },
            }
        }
        out
    }
}

fn truth(v: &Value) -> bool {
    v.as_bool().unwrap_or(false)
}

fn items(v: &Value) -> &[Value] {
    match v {
        Value::List(l) => l,
        _ => &[],
    }
}

fn arith(op: Arith, a: &Value, b: &Value) -> Eval {
    let f = |x: i64, y: i64| match op {
        Arith::Add => x.checked_add(y),
        Arith::Sub => x.checked_sub(y),
        Arith::Mul => x.checked_mul(y),
        Arith::Div => x.checked_div(y),
        Arith::Rem => x.checked_rem(y),
    };
    let r = match (a, b) {
        (Value::Int(x), Value::Int(y)) => f(*x, *y).map(Value::Int),
        (Value::String(x), Value::String(y)) if op == Arith::Add => {
            if x.len().saturating_add(y.len()) > MAX_CONSTANT_BYTES {
                return Err(Undetermined::TooLarge);
            }
            Some(Value::String(format!("{x}{y}")))
        }
        (Value::List(x), Value::List(y)) if op == Arith::Add => {
            if x.len().saturating_add(y.len()) > MAX_CONSTANT_ITEMS {
                return Err(Undetermined::TooLarge);
            }
            let joined = Value::List(x.iter().chain(y.iter()).cloned().collect());
            if !within_limits(&joined) {
                return Err(Undetermined::TooLarge);
            }
            Some(joined)
        }
        (Value::Duration(x), Value::Duration(y)) => f(*x, *y).map(Value::Duration),
        (Value::Duration(x), Value::Int(y)) => f(*x, *y).map(Value::Duration),
        (Value::Date(x), Value::Duration(y)) => f(*x, *y).map(Value::Date),
        (Value::Date(x), Value::Date(y)) => f(*x, *y).map(Value::Duration),
        (Value::Size(x), Value::Size(y)) => match op {
            Arith::Add => x.checked_add(*y),
            Arith::Sub => x.checked_sub(*y),
            _ => None,
        }
        .map(Value::Size),
        (Value::Size(x), Value::Int(y)) => u64::try_from(*y)
            .ok()
            .and_then(|y| match op {
                Arith::Mul => x.checked_mul(y),
                Arith::Div => x.checked_div(y),
                _ => None,
            })
            .map(Value::Size),
        _ => None,
    };
    r.ok_or(Undetermined::Overflow)
}
