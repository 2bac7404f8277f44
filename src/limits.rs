//! Bounds on what a policy may ask of the compiler and the runner.
//!
//! Policies arrive from pull requests, so no input may crash the process, hang
//! it or make it grow without bound. Every limit here is far above what a real
//! policy needs (the shipped packs and examples nest at most 8 levels deep,
//! and none of their expressions has more than about ten operators); going past one is a diagnostic at
//! the place that does, reported before anything recursive runs on the input.
//! `docs/language.md` (§14) lists them for users.

/// The deepest nesting of brackets, blocks, quantifiers and `not`: each `(`,
/// `[` and `{`, and each `not` still open, is one level (`parse::too-deep`).
pub const MAX_NESTING: usize = 64;

/// The most tokens (words, numbers, strings and punctuation) in one policy file:
/// room for tens of thousands of requirements. Parsing costs time and memory per
/// token, so this bounds both before the parser runs (`parse::too-long`).
pub const MAX_TOKENS: usize = 1_000_000;

/// The most items one list written in a policy may hold; a longer list of
/// values belongs in several parameters (`parse::too-long`). Long literals
/// cost the parser most per token.
pub const MAX_LIST_ITEMS: usize = 10_000;

/// The most operators in one expression: `and`, `or`, `implies`, `not`,
/// comparisons, `is` and arithmetic (`parse::too-long`).
pub const MAX_OPERATORS: usize = 1_000;

/// The most bytes of text a constant (a parameter value, or an expression of
/// constants folded at compile time) may hold, counting every string in a list
/// (`compile::too-large`).
pub const MAX_CONSTANT_BYTES: usize = 1 << 20;

/// The most items a constant list may hold (`compile::too-large`).
pub const MAX_CONSTANT_ITEMS: usize = 100_000;

/// The most work one condition or message may stand for once its profiles are
/// expanded: each operation is one unit, a constant one more for every 64 bytes
/// of its text, and a quantifier over a constant list counts its body once per
/// item (`compile::too-large`). Shared profiles are counted each time they are
/// reached, without being expanded, so evaluation cannot be exponential.
pub const MAX_EXPANDED_SIZE: u64 = 1_000_000;

/// The deepest a condition or message may be once its profiles are expanded,
/// which bounds the stack evaluation needs (`compile::too-large`).
pub const MAX_EXPANDED_DEPTH: u32 = 2_000;

/// Stack for parsing and compiling one policy. The deepest policy the limits
/// allow (1,000 operators in a chain) needs between 4 and 8 MiB in a debug
/// build, less than 1 MiB in a release build: this leaves a wide margin.
const STACK: usize = 64 << 20;

/// Runs `f` on a thread with [`STACK`] bytes of stack, as a second line of
/// defence behind the limits (the main thread has 8 MiB, test threads 2 MiB).
/// The memory is reserved, not used: only the pages touched are. Without a
/// thread to be had, `f` runs on the caller's stack.
pub(crate) fn with_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let job = std::sync::Mutex::new(Some(f));
    let run = || job.lock().ok().and_then(|mut j| j.take()).map(|f| f());
    let done = std::thread::scope(|s| match std::thread::Builder::new().stack_size(STACK).spawn_scoped(s, run) {
        Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(_) => None,
    });
    match done {
        Some(v) => v,
        None => (job.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).expect("the job did not run"))(),
    }
}
