//! The CA manifest: cpslint's own TOML description of a certification authority.
//!
//! This is the subject that `target ca` requirements are evaluated on. Every
//! value keeps whether it was set; an unset value reads as [`Value::Absent`].

use serde::Deserialize;

use crate::value::Value;

/// A CA manifest (`ca.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaManifest {
    /// `root`, `intermediate` or `issuing`.
    pub tier: Option<String>,
    /// Whether the CA key is reachable from a network.
    pub online: Option<bool>,
    /// The CA's own key.
    #[serde(default)]
    pub key: KeySection,
    /// Revocation publishing.
    #[serde(default)]
    pub crl: CrlSection,
}

/// `[key]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySection {
    /// `rsa` or `ec`.
    pub algorithm: Option<String>,
    /// Key size in bits.
    pub bits: Option<i64>,
    /// `hsm` or `software`.
    pub storage: Option<String>,
    /// FIPS 140 security level of the module.
    pub fips_level: Option<i64>,
}

/// `[crl]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrlSection {
    /// Hours between thisUpdate and nextUpdate.
    pub next_update_hours: Option<i64>,
}

impl CaManifest {
    /// Reads a manifest from TOML text.
    ///
    /// # Errors
    /// When the text is not valid TOML or has unknown keys.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }
}

/// Wraps an optional manifest value.
pub(crate) fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    v.map_or(Value::Absent, f)
}
