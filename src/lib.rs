//! cpslint: a certificate policy, written once, compiled into lint rules.
//!
//! The pipeline runs one way: [`syntax::parse`] turns a file's text into an
//! AST; [`compile::compile`] resolves includes, checks names, types and the RFC
//! 3647 structure against the field [`schema`], and lowers everything into a
//! [`compile::Program`] that needs no AST; the runner and the reports consume
//! that program. [`report`] turns programs and diagnostics into text.

pub mod compile;
pub mod corpus;
pub mod diagnostic;
pub mod fsio;
pub mod limits;
pub mod outline;
pub mod policies;
pub mod report;
pub mod run;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod value;
