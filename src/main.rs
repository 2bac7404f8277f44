//! The `cpslint` command: parse arguments, call the library, choose the exit code.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use cpslint::compile::{Compilation, FsLoader, Severity, compile};
use cpslint::diagnostic::{Code, Diagnostic, did_you_mean};
use cpslint::policies;
use cpslint::report::{self, FileSummary};
use cpslint::source::{Loc, SourceMap, Span};

mod cli;

use cli::{CheckFormat, Cli, Color, Command, FailOn, FieldsFormat, Format};

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
    if let Command::Check { .. } = &cli.command {
        return ExitCode::from(check(&cli.command, color, cli.color));
    }
    let (code, out, err) = run(&cli.command, color);
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return ExitCode::from(FAILURE);
        }
    }
    let _ = io::stderr().lock().write_all(err.as_bytes());
    ExitCode::from(code)
}

/// Runs a command; returns the exit code, stdout text and stderr text.
fn run(command: &Command, color: bool) -> (u8, String, String) {
    let width = 100;
    match command {
        Command::Validate { paths, format } => validate(paths, *format, color, width),
        Command::Rules { policy, format } => {
            let c = load(policy.as_deref());
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
            let c = load(policy.as_deref());
            let Some(p) = &c.program else {
                return failed(&c, color, width);
            };
            match p.requirement(id) {
                Some(r) => (OK, report::explain(p, r, &c.sources), String::new()),
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
        Command::Fields { format } => {
            let out = match format {
                FieldsFormat::Md => report::fields_markdown(),
                FieldsFormat::Json => report::fields_json(),
            };
            (OK, out, String::new())
        }
    }
}

fn load(policy: Option<&Path>) -> Compilation {
    match policy {
        Some(p) => compile(p, &FsLoader),
        None => policies::compile_shipped(policies::DEFAULT_ENTRY),
    }
}

fn failed(c: &Compilation, color: bool, width: usize) -> (u8, String, String) {
    (FAILURE, String::new(), report::diagnostics_human(&c.diagnostics, &c.sources, color, width))
}

fn warnings(c: &Compilation, color: bool, width: usize) -> String {
    report::diagnostics_human(&c.diagnostics, &c.sources, color, width)
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

fn validate(paths: &[PathBuf], format: Format, color: bool, width: usize) -> (u8, String, String) {
    let mut compilations = Vec::new();
    let mut walk_errors = SourceMap::new();
    let mut walk_diags = Vec::new();
    let mut summaries = Vec::new();
    for entry in policy_files(paths) {
        match entry {
            Ok(path) => {
                let c = compile(&path, &FsLoader);
                let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
                summaries.push(FileSummary {
                    file: path.display().to_string(),
                    valid: errors == 0,
                    errors,
                    warnings: c.diagnostics.len() - errors,
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
                summaries.push(FileSummary { file: name, valid: false, errors: 1, warnings: 0, requirements: 0 });
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

/// `cpslint check`: streams findings to stdout or `--output`; diagnostics and the summary go to stderr.
fn check(command: &Command, color: bool, color_choice: Color) -> u8 {
    let Command::Check { paths, policy, format, output, fail_on, rules, exclude, include_passes, threads } = command
    else {
        unreachable!("only `check` comes here")
    };
    let c = load(policy.as_deref());
    let Some(program) = &c.program else {
        let _ =
            io::stderr().lock().write_all(report::diagnostics_human(&c.diagnostics, &c.sources, color, 100).as_bytes());
        return FAILURE;
    };
    let known: std::collections::BTreeSet<&str> = program.requirements.iter().map(|r| r.id.as_str()).collect();
    for id in rules.iter().chain(exclude) {
        if !known.contains(id.as_str()) {
            let hint =
                did_you_mean(id, known.iter().copied()).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            let _ = writeln!(io::stderr(), "error: no requirement `{id}` in `{}`{hint}", program.meta.title);
            return FAILURE;
        }
    }
    let options = cpslint::run::Options {
        include_passes: *include_passes,
        only: rules.iter().cloned().collect(),
        exclude: exclude.iter().cloned().collect(),
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: cannot start worker threads: {e}");
            return FAILURE;
        }
    };
    let sink: Box<dyn Write + Send> = match output {
        None => Box::new(io::stdout()),
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                let _ = writeln!(io::stderr(), "error: cannot write `{}`: {e}", path.display());
                return FAILURE;
            }
        },
    };
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Notice => Severity::Notice,
    };
    let inputs = cpslint::corpus::discover(paths);
    let progress = if io::stderr().is_terminal() && (output.is_some() || !io::stdout().is_terminal()) {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files, {elapsed} ({eta} left)")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let started = std::time::Instant::now();
    let paint = match color_choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => output.is_none() && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let rules_run = cpslint::run::selected(program, &options);
    let mut writer = report::CheckWriter::new(report_format(*format), rules_run, threshold, &c.sources, paint);
    let mut out = io::BufWriter::new(sink);
    let mut failed_write = out.write_all(writer.start().as_bytes()).err();
    let summary = pool.install(|| {
        cpslint::run::run(program, &inputs, &options, |input| {
            progress.inc(1);
            if failed_write.is_none() {
                failed_write = out.write_all(writer.input(input).as_bytes()).err();
            }
        })
    });
    progress.finish_and_clear();
    if failed_write.is_none() {
        failed_write = out.write_all(writer.finish(program, &summary).as_bytes()).and_then(|()| out.flush()).err();
    }
    drop(out);
    match failed_write {
        // A closed pipe (`| head`) is the reader's choice, not an error: the verdict still counts.
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => return exit_code(&summary, threshold),
        Some(e) => {
            let _ = writeln!(io::stderr(), "error: cannot write the output: {e}");
            return FAILURE;
        }
        None => {}
    }
    let seconds = started.elapsed().as_secs_f64();
    let _ = io::stderr().lock().write_all(report::check_summary(&summary, seconds).as_bytes());
    exit_code(&summary, threshold)
}

fn exit_code(summary: &cpslint::run::Summary, threshold: Severity) -> u8 {
    let counted = match threshold {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Notice => 3,
    };
    if summary.unreadable > 0 {
        FAILURE
    } else if summary.errors > 0 || summary.failed[..counted].iter().any(|&n| n > 0) {
        FINDINGS
    } else {
        OK
    }
}

fn report_format(f: CheckFormat) -> report::CheckFormat {
    match f {
        CheckFormat::Human => report::CheckFormat::Human,
        CheckFormat::Json => report::CheckFormat::Json,
        CheckFormat::Jsonl => report::CheckFormat::Jsonl,
        CheckFormat::Sarif => report::CheckFormat::Sarif,
        CheckFormat::Junit => report::CheckFormat::Junit,
    }
}
