#!/usr/bin/env bash
# Builds the fuzz targets and runs each for a set time over a corpus seeded
# from the default content. Needs a nightly toolchain (`cargo +nightly`).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 60 s, all seven)
#
# Prints each target's executions and the total; exits non-zero when a
# target crashed (libFuzzer saves the input in fuzz/artifacts/<target>/;
# make it a regression test in tests/testsuite/). The instrumentation is
# cargo-fuzz's default (sancov counters, PC table, comparison tracing,
# `--cfg fuzzing`, debug assertions) without AddressSanitizer: mrplan has no
# unsafe code, and the sanitizer would halve the executions. Where cargo-fuzz
# is installed, `cargo +nightly fuzz run site` runs the same targets.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(check markdown site report text edit yaml)

host=$(rustc +nightly -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# A target dir of its own: other flags and another toolchain than the tests'.
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$PWD/target}
cargo +nightly build --quiet --release --target "$host" --bins
bin="$CARGO_TARGET_DIR/$host/release"

# The corpus: every file of the default content, and each plan together
# with its agency and the site settings (the targets' input format).
seed=corpus/seed
rm -rf "$seed" && mkdir -p "$seed/plain" "$seed/site"
for f in ../content/planer/*/*.md; do
  year=$(basename "$(dirname "$f")")
  slug=$(basename "$f" .md)
  cp "$f" "$seed/plain/$year-$slug.md"
  { cat "$f"; printf '\n%%%%%%%%\n'; cat "../content/styrelser/$slug.md"; printf '\n%%%%%%%%\n'
    cat ../content/_index.md; printf '\n%%%%%%%%\nplaner/%s/%s.md' "$year" "$slug"; } > "$seed/site/$year-$slug"
done
cp ../content/styrelser/*.md ../content/_index.md "$seed/plain/"

total=0
failed=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log=$(mktemp)
  status=0
  "$bin/$t" "corpus/$t" "$seed/plain" "$seed/site" \
    -dict=mrplan.dict -max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-4096}" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  runs=${runs:-0}
  total=$((total + runs))
  if [ "$status" -ne 0 ]; then
    failed+=("$t")
    echo "$t: FEJL efter $runs kørsler (exit $status); se artifacts/$t/:"
    grep -E "panicked|ERROR|SUMMARY|Test unit written" "$log" | head -20
  else
    echo "$t: $runs kørsler, ingen fejl"
  fi
  rm -f "$log"
done
echo "i alt: $total kørsler, ${#failed[@]} mål med fejl"
[ ${#failed[@]} -eq 0 ]
