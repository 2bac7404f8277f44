//! CA configurations: cpslint's CA manifest and the configuration files of
//! real CA software, read into one tree ([`CaConfig`]) whose values know
//! where they came from.

pub mod manifest;
pub mod openssl;
pub mod tree;

pub use tree::{CaConfig, Format, Node, Place, Problem, Provenance, Record, Scalar};
