//! The `cpslint` command: parse arguments, call the library, choose the exit code.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use cpslint::compile::Compilation;
use cpslint::diagnostic::{Code, Diagnostic, Level, did_you_mean};
use cpslint::policies;
use cpslint::report::{self, FileSummary};
use cpslint::source::{Loc, SourceMap, Span};

mod cli;

use cli::{Cli, Color, Command, FieldsFormat, Format};

/// Exit code: no problem.
const OK: u8 = 0;
/// Exit code: findings at or above the failure threshold.
const FINDINGS: u8 = 1;
/// Exit code: usage, policy or I/O error.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { FAILURE } else { OK });
        }
    };
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if let Command::Check {
        paths,
        policy,
        format,
        output,
        fail_on,
        rules,
        exclude,
        at,
        stdin_filename,
        include_passes,
        threads,
    } = &cli.command
    {
        let args = cli::check::Args {
            paths,
            policy: policy.as_deref(),
            format,
            output: output.as_deref(),
            fail_on: *fail_on,
            rules,
            exclude,
            at: at.as_deref(),
            stdin_filename: stdin_filename.as_deref(),
            include_passes: *include_passes,
            threads: *threads,
        };
        return ExitCode::from(cli::check::check(&args, color, cli.color, &cli.include_roots));
    }
    let (code, out, err) = run(&cli.command, color, &cli.include_roots);
    let _ = io::stderr().lock().write_all(err.as_bytes());
    if !out.is_empty() {
        if let Err(e) = write_stdout(&out) {
            // A closed pipe (`| head`) is the reader's choice; anything else is said.
            if e.kind() != io::ErrorKind::BrokenPipe {
                let _ = writeln!(io::stderr(), "error: cannot write to standard output: {e}");
                return ExitCode::from(FAILURE);
            }
        }
    }
    ExitCode::from(code)
}

/// Whether standard output was closed when cpslint started (`cpslint rules >&-`).
///
/// Rust's runtime reopens a closed descriptor 1 as `/dev/null`, read-write,
/// before `main`, so output would vanish without an error; a shell's
/// `> /dev/null` opens it write-only, so the two are told apart.
pub(crate) fn stdout_closed() -> bool {
    use std::os::fd::AsFd;
    let fd = io::stdout();
    let Ok(flags) = nix::fcntl::fcntl(fd.as_fd(), nix::fcntl::FcntlArg::F_GETFL) else {
        return true;
    };
    let read_write =
        nix::fcntl::OFlag::from_bits_truncate(flags) & nix::fcntl::OFlag::O_ACCMODE == nix::fcntl::OFlag::O_RDWR;
    let dev_null = match (nix::sys::stat::fstat(fd.as_fd()), nix::sys::stat::stat("/dev/null")) {
        (Ok(a), Ok(b)) => a.st_rdev == b.st_rdev && (a.st_mode & libc::S_IFMT) == libc::S_IFCHR,
        _ => false,
    };
    read_write && dev_null
}

fn write_stdout(text: &str) -> io::Result<()> {
    if stdout_closed() {
        return Err(io::Error::other("it is closed"));
    }
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Runs a command; returns the exit code, stdout text and stderr text.
fn run(command: &Command, color: bool, roots: &[PathBuf]) -> (u8, String, String) {
    let width = 100;
    match command {
        Command::Validate { paths, format } => validate(paths, *format, color, width, roots),
        Command::Rules { policy, positional, format } => {
            let c = load(policy.as_deref().or(positional.as_deref()), roots);
            let Some(p) = &c.program else {
                return failed(&c, color, width);
            };
            let out = match format {
                Format::Human => report::rules_human(p),
                Format::Json => report::rules_json(p, &c.sources),
            };
            (OK, out, warnings(&c, color, width))
        }
        Command::Explain { id, policy } => {
            let c = load(policy.as_deref(), roots);
            let Some(p) = &c.program else {
                return failed(&c, color, width);
            };
            match p.requirement(id) {
                Some(r) => (OK, report::explain(p, r, &c.sources), String::new()),
                None if p.disabled.iter().any(|d| d.id == *id) => {
                    let d = p.disabled.iter().find(|d| d.id == *id).expect("just found");
                    let at = c.sources.describe(d.loc);
                    (
                        FAILURE,
                        String::new(),
                        format!("error: `{id}` is disabled by `{}` ({at}): {}\n", p.meta.title, d.reason),
                    )
                }
                None => {
                    let known: Vec<&str> = p.requirements.iter().map(|r| r.id.as_str()).collect();
                    let hint = did_you_mean(id, known).map_or_else(
                        || " (`cpslint rules` lists them)".to_owned(),
                        |s| format!("; did you mean `{s}`?"),
                    );
                    (FAILURE, String::new(), format!("error: no requirement `{id}` in `{}`{hint}\n", p.meta.title))
                }
            }
        }
        Command::Check { .. } => unreachable!("handled by `check`"),
        Command::Policies { action, format } => cli::packs::policies_command(action.as_ref(), *format),
        Command::Init { path, force } => cli::packs::init(path, *force),
        Command::Model { paths } => cli::model::model(paths),
        Command::Fields { format } => {
            let out = match format {
                FieldsFormat::Md => report::fields_markdown(),
                FieldsFormat::Json => report::fields_json(),
            };
            (OK, out, String::new())
        }
    }
}

/// Compiles the policy named on the command line, or the default packs.
fn load(policy: Option<&Path>, roots: &[PathBuf]) -> Compilation {
    match policy {
        Some(p) => policies::compile_policy_with_roots(p, roots),
        None => policies::compile_defaults(),
    }
}

fn failed(c: &Compilation, color: bool, width: usize) -> (u8, String, String) {
    (FAILURE, String::new(), report::diagnostics_human(&c.diagnostics, &c.sources, color, width))
}

/// The warnings of a policy that compiled; notes are for `validate`.
fn warnings(c: &Compilation, color: bool, width: usize) -> String {
    let shown: Vec<Diagnostic> = c.diagnostics.iter().filter(|d| d.level != Level::Note).cloned().collect();
    report::diagnostics_human(&shown, &c.sources, color, width)
}

/// Expands directories into the `*.cps` files below them, sorted.
fn policy_files(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, String)>> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            out.push(Ok(p.clone()));
            continue;
        }
        let before = out.len();
        for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "cps") => {
                    out.push(Ok(e.into_path()));
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().map_or_else(|| p.clone(), Path::to_path_buf);
                    out.push(Err((at, e.io_error().map_or_else(|| e.to_string(), ToString::to_string))));
                }
            }
        }
        if out.len() == before {
            out.push(Err((p.clone(), "the directory holds no policy file (`*.cps`)".to_owned())));
        }
    }
    out
}

fn validate(paths: &[PathBuf], format: Format, color: bool, width: usize, roots: &[PathBuf]) -> (u8, String, String) {
    let mut compilations = Vec::new();
    let mut walk_errors = SourceMap::new();
    let mut walk_diags = Vec::new();
    let mut summaries = Vec::new();
    for entry in policy_files(paths) {
        match entry {
            Ok(path) => {
                let c = policies::compile_policy_with_roots(&path, roots);
                let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
                let notes = c.diagnostics.iter().filter(|d| d.level == Level::Note).count();
                summaries.push(FileSummary {
                    file: path.display().to_string(),
                    valid: errors == 0,
                    errors,
                    warnings: c.diagnostics.len() - errors - notes,
                    notes,
                    requirements: c.program.as_ref().map_or(0, |p| p.requirements.len()),
                });
                compilations.push(c);
            }
            Err((path, why)) => {
                let name = path.display().to_string();
                let id = walk_errors.add(name.clone(), Some(path), "");
                walk_diags.push(Diagnostic::error(
                    Code::Io,
                    Loc::new(id, Span::default()),
                    format!("cannot read `{name}`: {why}"),
                ));
                summaries.push(FileSummary {
                    file: name,
                    valid: false,
                    errors: 1,
                    warnings: 0,
                    notes: 0,
                    requirements: 0,
                });
            }
        }
    }
    let failed = summaries.iter().any(|s| !s.valid);
    let code = if failed { FAILURE } else { OK };
    match format {
        Format::Json => {
            let mut all: Vec<(&Diagnostic, &SourceMap)> = Vec::new();
            for c in &compilations {
                all.extend(c.diagnostics.iter().map(|d| (d, &c.sources)));
            }
            all.extend(walk_diags.iter().map(|d| (d, &walk_errors)));
            (code, report::validate_json(&summaries, &all), String::new())
        }
        Format::Human => {
            let mut err = String::new();
            for c in &compilations {
                err.push_str(&report::diagnostics_human(&c.diagnostics, &c.sources, color, width));
            }
            err.push_str(&report::diagnostics_human(&walk_diags, &walk_errors, color, width));
            err.push_str(&report::validate_summary(&summaries));
            (code, String::new(), err)
        }
    }
}
