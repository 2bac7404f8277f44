#!/usr/bin/env bash
# Fuzzes cpslint: builds the targets in fuzz_targets/ with cargo-fuzz and runs
# each for SECONDS (default 60) from seeds that seeds.sh makes. Fails when a
# target crashes, hangs (an input takes over 10 s) or goes over its memory
# limit; the input that did it is kept under $CPSLINT_FUZZ_DIR/artifacts.
#
#   tests/fuzz/run.sh 60            # each target for a minute, as CI does
#   tests/fuzz/run.sh 600 blocks    # one target for ten minutes
#
# Only a stable toolchain is needed: RUSTC_BOOTSTRAP=1 lets it take the
# unstable flags that cargo-fuzz passes. There is no sanitizer by default (the
# crate has no unsafe code, and the build is twice as fast without one); set
# CPSLINT_FUZZ_SANITIZER=address for AddressSanitizer. CPSLINT_FUZZ_ARGS adds
# libFuzzer options, which win over the ones here (`-max_len=1048576`).
set -euo pipefail
seconds="${1:-60}"
shift || true
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
work="${CPSLINT_FUZZ_DIR:-$root/target/fuzz}"
sanitizer="${CPSLINT_FUZZ_SANITIZER:-none}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(compile blocks cert ca)
export RUSTC_BOOTSTRAP=1

# The largest input of each target: a policy or a PEM file of a few blocks, a certificate.
declare -A max_len=([compile]=32768 [blocks]=65536 [cert]=16384 [ca]=32768)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked --version 0.13.2
fi

started=$SECONDS
echo "== building the fuzz targets (sanitizer: $sanitizer)"
build=(-O -a -s "$sanitizer" --fuzz-dir tests/fuzz --target-dir "$work/build")
cargo fuzz build "${build[@]}"
host="$(rustc -vV | sed -n 's/^host: //p')"
bin="$work/build/$host/release"
echo "   built in $((SECONDS - started)) s"

seeds_at=$SECONDS
tests/fuzz/seeds.sh "$work/seeds"
echo "   seeds made in $((SECONDS - seeds_at)) s"

passed=0
failed=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"
  artifacts="$work/artifacts/$t"
  log="$work/logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  args=(
    "-max_total_time=$seconds" "-max_len=${max_len[$t]:-65536}" -rss_limit_mb=2048 -timeout=10
    -print_final_stats=1 "-artifact_prefix=$artifacts/"
  )
  [ "$t" = compile ] && args+=("-dict=$work/seeds/compile.dict")
  # shellcheck disable=SC2206 # options are words
  args+=(${CPSLINT_FUZZ_ARGS:-})
  echo "== fuzzing $t for $seconds s"
  touch "$log.start"
  status=0
  "$bin/$t" "${args[@]}" "$corpus" "$work/seeds/$t" >"$log" 2>&1 || status=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rss="$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)"
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "   $t: ${runs:-?} executions, corpus of $(find "$corpus" -type f | wc -l) inputs, peak RSS ${rss:-?} MB"
  else
    failed=$((failed + 1))
    echo "   $t: FAILED (exit $status) after ${runs:-?} executions; the end of its log ($log):"
    tail -n 40 "$log" | sed 's/^/   | /'
    grep -m 3 "panicked at" "$log" | sed 's/^/   panic: /' || true
    saved="$(find "$artifacts" -type f -newer "$log.start")"
    while read -r a; do
      if [ -n "$a" ]; then
        echo "   input: $a (replay: $bin/$t $a; keep it under tests/fuzz/regressions/$t/ once fixed)"
      fi
    done <<<"$saved"
    if [ -z "$saved" ]; then
      # Without a sanitizer nothing catches a stack overflow: the process dies before libFuzzer saves the input.
      echo "   no input was saved (a stack overflow?): rerun with CPSLINT_FUZZ_SANITIZER=address to keep it"
    fi
  fi
done
echo "   fuzzing took $((SECONDS - started)) s in all"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
