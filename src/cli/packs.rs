//! `cpslint policies` (the shipped packs) and `cpslint init` (a starter policy).

use std::fmt::Write as _;
use std::path::Path;

use cpslint::compile::PACK_PREFIX;
use cpslint::policies;
use serde::Serialize;

use super::{Format, PoliciesAction};
use crate::{FAILURE, OK};

#[derive(Serialize)]
struct PackJson {
    name: String,
    include: String,
    title: String,
    version: Option<String>,
    requirements: usize,
    default: bool,
}

fn packs() -> Vec<PackJson> {
    policies::names()
        .map(|name| {
            let c = policies::compile_shipped(name);
            let (title, version, requirements) = c.program.as_ref().map_or_else(
                || (String::from("(does not compile)"), None, 0),
                |p| (p.meta.title.clone(), p.meta.version.clone(), p.requirements.len()),
            );
            PackJson {
                name: name.to_owned(),
                include: format!("{PACK_PREFIX}{name}"),
                title,
                version,
                requirements,
                default: policies::DEFAULTS.contains(&name),
            }
        })
        .collect()
}

/// Runs `cpslint policies`; returns the exit code, stdout and stderr.
pub(crate) fn policies_command(action: Option<&PoliciesAction>, format: Format) -> (u8, String, String) {
    match action {
        None | Some(PoliciesAction::List) => {
            let list = packs();
            let out = match format {
                Format::Json => {
                    let mut s = serde_json::to_string_pretty(&serde_json::json!({
                        "version": cpslint::report::JSON_VERSION,
                        "packs": list,
                    }))
                    .expect("plain data");
                    s.push('\n');
                    s
                }
                Format::Human => {
                    let width = list.iter().map(|p| p.include.chars().count()).max().unwrap_or(0);
                    let mut s = String::new();
                    for p in &list {
                        let version = p.version.as_ref().map_or_else(String::new, |v| format!(", version {v}"));
                        let default = if p.default { " [default]" } else { "" };
                        let _ = writeln!(
                            s,
                            "{:width$}  {}{version}, {} requirements{default}",
                            p.include, p.title, p.requirements
                        );
                    }
                    s.push_str("\nInclude one in a policy with `include \"cpslint:NAME\"`; without --policy, `check`, `rules` and `explain` use the [default] packs.\n");
                    s
                }
            };
            (OK, out, String::new())
        }
        Some(PoliciesAction::Show { name }) => match policies::text(name) {
            Some(text) => (OK, text.to_owned(), String::new()),
            None => (FAILURE, String::new(), unknown_pack(name)),
        },
        Some(PoliciesAction::Export { dir, force }) => export(dir, *force),
    }
}

fn unknown_pack(name: &str) -> String {
    let names: Vec<&str> = policies::names().collect();
    let hint = cpslint::diagnostic::did_you_mean(name.trim_start_matches(PACK_PREFIX), names.iter().copied())
        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
    format!("error: no shipped pack is called `{name}`{hint} (`cpslint policies` lists them)\n")
}

fn export(dir: &Path, force: bool) -> (u8, String, String) {
    let mut out = String::new();
    for name in policies::names() {
        let target = dir.join(format!("{name}.cps"));
        if target.exists() && !force {
            return (FAILURE, out, format!("error: `{}` exists; pass --force to replace it\n", target.display()));
        }
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, policies::text(name).unwrap_or_default()));
        if let Err(e) = written {
            return (FAILURE, out, format!("error: cannot write `{}`: {e}\n", target.display()));
        }
        let _ = writeln!(out, "{}", target.display());
    }
    let note = "Include an exported copy by its path to pin that version; `cpslint:NAME` always means the copy in this binary.\n";
    (OK, out, note.to_owned())
}

/// Today as `YYYY-MM-DD`, or the day of `SOURCE_DATE_EPOCH` for reproducible output.
fn today() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or_else(time::OffsetDateTime::now_utc);
    format!("{:04}-{:02}-{:02}", now.year(), u8::from(now.month()), now.day())
}

/// The starter policy `init` writes.
pub(crate) fn starter(today: &str) -> String {
    format!(
        r#"// A Certificate Policy, written by `cpslint init`. Replace every FILL IN,
// then run `cpslint validate {{this file}}` and `cpslint check --policy {{this file}} CERTS`.
// Sections are numbered as in RFC 3647; `cpslint fields` lists what rules can read.

policy "Example CA Certificate Policy" {{          // FILL IN: the document's title
  kind cp                                          // cp, cps or combined
  oid 2.999.1                                      // FILL IN: your policy OID (2.999 is the example arc)
  version "0.1"
  effective {today}
  authority "Example PKI Policy Authority"         // FILL IN: who approves this policy
  contact "pki-policy@example.com"                 // FILL IN: where questions about the policy go
  revision "0.1" {today} "First draft"

  // The CA/B Forum TLS Baseline Requirements, shipped with cpslint
  // (`cpslint policies show cabf/br-tls` prints it).
  include "cpslint:cabf/br-tls"

  // Tighten an included limit; findings then name your policy as its source:
  // override param max_subscriber_validity_2026 = 90d

  section 1.1 {{
    text "FILL IN: which CAs and certificates this policy governs."
  }}

  // A house rule, once your certificates carry your policy OID:
  // section 7.1.6 {{
  //   requirement MY-7.1.6-OID "Subscriber certificates assert our policy" {{
  //     severity error
  //     cites "CABF-BR 7.1.6.4"
  //     when cert is tls_subscriber
  //     require cert.policies contains 2.999.1
  //   }}
  // }}
}}
"#
    )
}

/// Runs `cpslint init`; returns the exit code, stdout and stderr.
pub(crate) fn init(path: &Path, force: bool) -> (u8, String, String) {
    if path.exists() && !force {
        return (FAILURE, String::new(), format!("error: `{}` exists; pass --force to replace it\n", path.display()));
    }
    let text = starter(&today());
    // What is written must validate: compile it first, from memory.
    let mut mem = cpslint::compile::MemLoader::new();
    mem.insert("starter.cps", text.clone());
    let c = cpslint::compile::compile(Path::new("starter.cps"), &policies::WithPacks(mem));
    if c.has_errors() {
        return (FAILURE, String::new(), "error: the starter policy does not compile; please report it\n".to_owned());
    }
    if let Err(e) = std::fs::write(path, &text) {
        return (FAILURE, String::new(), format!("error: cannot write `{}`: {e}\n", path.display()));
    }
    let fill: Vec<String> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("FILL IN") && !l.trim_start().starts_with("// A Certificate"))
        .map(|(i, l)| {
            let what = l.split("FILL IN").nth(1).unwrap_or("").trim_start_matches(':').trim();
            format!("  {}:{}: {}", path.display(), i + 1, what.trim_end_matches('"').trim_end_matches('.'))
        })
        .collect();
    let err = format!(
        "wrote `{}`: a CP that includes the CA/B Forum TLS Baseline Requirements; it validates.\nFill in:\n{}\nthen: cpslint validate {0} && cpslint check --policy {0} CERTIFICATES\n",
        path.display(),
        fill.join("\n")
    );
    (OK, String::new(), err)
}
