//! `cpslint check`: streams findings to stdout or `--output`; diagnostics and
//! the summary go to stderr.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use cpslint::compile::Severity;
use cpslint::corpus::Input;
use cpslint::report;
use cpslint::run::{self, Summary};

use super::output::AtomicOutput;
use super::{Color, FailOn};
use crate::{FAILURE, FINDINGS, OK};

/// The arguments of `check`, borrowed from the parsed command line.
#[derive(Debug)]
pub(crate) struct Args<'a> {
    pub(crate) paths: &'a [PathBuf],
    pub(crate) policy: Option<&'a Path>,
    pub(crate) format: &'a str,
    pub(crate) output: Option<&'a Path>,
    pub(crate) fail_on: FailOn,
    pub(crate) rules: &'a [String],
    pub(crate) exclude: &'a [String],
    pub(crate) at: Option<&'a str>,
    pub(crate) stdin_filename: Option<&'a str>,
    pub(crate) include_passes: bool,
    pub(crate) threads: Option<usize>,
}

fn say(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Parses `--at`: `now`, `YYYY-MM-DD` (midnight UTC) or an RFC 3339 moment.
fn parse_at(text: &str) -> Result<i64, String> {
    if text == "now" {
        return Ok(time::OffsetDateTime::now_utc().unix_timestamp());
    }
    let date = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = time::Date::parse(text, &date) {
        return Ok(d.midnight().assume_utc().unix_timestamp());
    }
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(time::OffsetDateTime::unix_timestamp)
        .map_err(|_| format!("--at `{text}` is not a date: write YYYY-MM-DD, an RFC 3339 time, or `now`"))
}

/// The most worker threads `-j` starts: far more than any machine's cores, far fewer than hurt.
const MAX_THREADS: usize = 256;

pub(crate) fn check(args: &Args<'_>, color: bool, color_choice: Color, roots: &[PathBuf]) -> u8 {
    // Without --policy, a project file above the inputs names it; else the default packs.
    let project = match args.policy {
        Some(_) => None,
        None => match super::project::policy_for(args.paths) {
            Ok(found) => found,
            Err(why) => {
                say(&format!("error: {why}\n"));
                return FAILURE;
            }
        },
    };
    if let Some((policy, file)) = &project {
        say(&format!("policy: {} (from {})\n", policy.display(), file.display()));
    }
    let c = crate::load(args.policy.or(project.as_ref().map(|(p, _)| p.as_path())), roots);
    let Some(program) = &c.program else {
        say(&report::diagnostics_human(&c.diagnostics, &c.sources, color, 100));
        return FAILURE;
    };
    let selection = match run::select(program, args.rules, args.exclude) {
        Ok(s) => s,
        Err(why) => {
            for line in why.lines() {
                say(&format!("error: {line}\n"));
            }
            return FAILURE;
        }
    };
    let at = match args.at.map(parse_at).transpose() {
        Ok(at) => at,
        Err(why) => {
            say(&format!("error: {why}\n"));
            return FAILURE;
        }
    };
    let options = run::Options {
        include_passes: args.include_passes,
        only: selection.only,
        exclude: selection.exclude,
        at,
        stdin_name: args.stdin_filename.map(str::to_owned),
    };
    let threads = args.threads.unwrap_or(0).min(MAX_THREADS);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            say(&format!("error: cannot start worker threads: {e}\n"));
            return FAILURE;
        }
    };
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Notice => Severity::Notice,
    };
    // The output must never be one of the inputs: it would be replaced after it is read. Files
    // named on the command line are checked now, before anything is read; files a walk finds,
    // as they are found (the run then stops, and the output is not written).
    if let Some(out) = args.output {
        if let Some(input) = args.paths.iter().find(|p| same_file::is_same_file(out, p).unwrap_or(false)) {
            say(&format!(
                "error: the output `{}` is also an input (`{}`); write it somewhere else\n",
                out.display(),
                input.display()
            ));
            return FAILURE;
        }
    }
    let clash: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    let inputs = cpslint::corpus::discover(args.paths.to_vec()).take_while(|i| match args.output {
        Some(out) if is_same_file(out, i) => {
            if let Ok(mut c) = clash.lock() {
                *c = Some(i.name());
            }
            false
        }
        _ => true,
    });
    if args.output.is_none() && crate::stdout_closed() {
        say("error: cannot write to standard output: it is closed; use --output FILE\n");
        return FAILURE;
    }
    let sink = match args.output {
        None => Sink::Stdout(io::stdout()),
        Some(path) => match AtomicOutput::create(path) {
            Ok(f) => Sink::File(f),
            Err(e) => {
                say(&format!("error: cannot write `{}`: {e}\n", path.display()));
                return FAILURE;
            }
        },
    };
    let progress = if io::stderr().is_terminal() && (args.output.is_some() || !io::stdout().is_terminal()) {
        // Inputs are linted as the walk finds them: the total is not known in advance.
        let bar = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {pos} files, {elapsed}") {
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
        Color::Auto => args.output.is_none() && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let rules_run = run::selected(program, &options);
    let Some(mut writer) = report::CheckWriter::new(args.format, rules_run, threshold, &c.sources, paint) else {
        say(&format!("error: unknown output format `{}`\n", args.format));
        return FAILURE;
    };
    if let Ok(cwd) = std::env::current_dir() {
        writer = writer.with_base(cwd);
    }
    let mut out = io::BufWriter::new(sink);
    let mut failed_write = out.write_all(writer.start().as_bytes()).err();
    let summary = pool.install(|| {
        run::run(program, inputs, &options, |input| {
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
    if let Some(input) = clash.lock().ok().and_then(|c| c.clone()) {
        // The run stopped before reading it; the temporary output is dropped, the input is intact.
        say(&format!(
            "error: the output `{}` is also an input (`{input}`); write it somewhere else\n",
            args.output.map_or_else(String::new, |p| p.display().to_string())
        ));
        return FAILURE;
    }
    // `--output` replaces its target only now, when everything was written.
    match (failed_write.is_none(), out.into_inner()) {
        (true, Ok(Sink::File(f))) => failed_write = f.commit().err(),
        (true, Err(e)) => failed_write = Some(io::Error::new(e.error().kind(), e.error().to_string())),
        _ => {}
    }
    match failed_write {
        // A closed pipe (`| head`) is the reader's choice, not an error: the verdict still counts.
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => return verdict(&summary, threshold, args),
        Some(e) => {
            say(&format!("error: cannot write the output: {e}\n"));
            return FAILURE;
        }
        None => {}
    }
    let seconds = started.elapsed().as_secs_f64();
    say(&report::check_summary(&summary, seconds));
    verdict(&summary, threshold, args)
}

/// Where findings go.
enum Sink {
    Stdout(io::Stdout),
    File(AtomicOutput),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

fn is_same_file(out: &Path, input: &Input) -> bool {
    match input {
        Input::File(p) | Input::Found(p) | Input::Candidate(p) => same_file::is_same_file(out, p).unwrap_or(false),
        Input::Stdin | Input::Unreadable(..) => false,
    }
}

/// The exit code, saying why when nothing was checked.
fn verdict(summary: &Summary, threshold: Severity, args: &Args<'_>) -> u8 {
    let counted = match threshold {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Notice => 3,
    };
    if summary.unreadable > 0 {
        return FAILURE;
    }
    if summary.files == 0 {
        let roots: Vec<String> = args.paths.iter().map(|p| format!("`{}`", p.display())).collect();
        say(&format!(
            "error: nothing was checked: {} {} no certificate ({} skipped)\n",
            roots.join(", "),
            if roots.len() == 1 { "holds" } else { "hold" },
            plural(summary.skipped, "file")
        ));
        return FAILURE;
    }
    if summary.results == 0 && summary.errors == 0 {
        // Inputs were read, but no selected requirement is about what they hold.
        let holds = match (summary.certificates, summary.configs) {
            (0, _) => "no certificate",
            (_, 0) => "no CA configuration",
            _ => "nothing the selected requirements read",
        };
        say(&format!(
            "error: nothing was checked: the inputs hold {holds} for the selected requirements to evaluate\n"
        ));
        return FAILURE;
    }
    if summary.errors > 0 || summary.failed[..counted].iter().any(|&n| n > 0) { FINDINGS } else { OK }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}
