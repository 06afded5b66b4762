#!/usr/bin/env bash
# Builds the fuzz targets with cargo-fuzz (libFuzzer) on stable Rust and runs
# each one for a fixed time, one after the other; prints executions and
# crashes per target, with crashes grouped by the invariant they broke.
#
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 60
#   TARGET              default: every target (normalize paragraphs clean_article
#                       index jsonl)
# Environment:
#   SANITIZER=address   build with AddressSanitizer (needs nightly flags:
#                       RUSTC_BOOTSTRAP=1 is set for it); default none
#   NAQI_FUZZ_SKIP=a,b  clean_article invariants to skip (see src/lib.rs)
#
# Corpora grow in fuzz/corpus/<target>/ (seeded from fuzz/seeds/<target>/),
# crashes land in fuzz/artifacts/<target>/; both are git-ignored.
set -uo pipefail
cd "$(dirname "$0")"

secs="${1:-60}"
shift || true
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(normalize paragraphs clean_article index jsonl)
fi
sanitizer="${SANITIZER:-none}"
if [ "$sanitizer" != none ]; then
    export RUSTC_BOOTSTRAP=1
fi
# Release build with debug assertions and overflow checks.
flags=(-O -a -s "$sanitizer")

if ! command -v cargo-fuzz > /dev/null; then
    echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
    exit 2
fi
triple="$(rustc -vV | sed -n 's/^host: //p')"
bin_dir="target/$triple/release"

status=0
for t in "${targets[@]}"; do
    corpus="corpus/$t"
    artifacts="artifacts/$t"
    mkdir -p "$corpus" "$artifacts"
    if [ -d "seeds/$t" ]; then
        cp -n "seeds/$t"/* "$corpus"/ 2> /dev/null || true
    fi
    # clean_article spends most of its time in comparison tracing, which
    # buys little there: without it, it runs about 5 times as many inputs.
    target_flags=("${flags[@]}")
    if [ "$t" = clean_article ]; then
        target_flags+=(--no-trace-compares)
    fi
    cargo fuzz build "${target_flags[@]}" "$t" || exit 2
    log="$artifacts/run.log"
    before="$(ls "$artifacts" | grep -cE '^(crash|timeout|oom|leak)-')"
    # Fork mode keeps fuzzing after a crash, so one known bug does not hide
    # the others; every crash is saved to $artifacts.
    RUST_BACKTRACE=0 cargo fuzz run "${target_flags[@]}" "$t" "$corpus" -- \
        -max_total_time="$secs" -max_len=4096 -timeout=10 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="$artifacts/" > "$log" 2>&1
    execs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
    counts="$(grep -oE 'oom/timeout/crash: [0-9/]+' "$log" | tail -1 | sed 's/.*: //')"
    after="$(ls "$artifacts" | grep -cE '^(crash|timeout|oom|leak)-')"
    echo "$t: ${secs} s, ${execs:-0} executions, oom/timeout/crash ${counts:-0/0/0}, $((after - before)) new artifacts in fuzz/$artifacts/"
    if [ "$after" -gt 0 ]; then
        status=1
        # Replay every artifact once and group them by what broke.
        for f in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
            [ -e "$f" ] || continue
            out="$(RUST_BACKTRACE=0 "$bin_dir/$t" "$f" 2>&1)"
            grep -oE 'invariant [a-z-]+ broken' <<< "$out" | head -1 \
                || grep -oE 'panicked at [^ ]+|ERROR: [A-Za-z]+: [a-z-]+' <<< "$out" | head -1 \
                || echo "no longer fails"
        done | sort | uniq -c | sed 's/^/    /'
    fi
done
exit "$status"
