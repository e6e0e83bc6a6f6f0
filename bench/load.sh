#!/usr/bin/env bash
# Times the load phase (`indlæs` in `mrplan -v`): reading content/, splitting
# and parsing the front matter, and decoding it into the model.
#
# Usage: bench/load.sh [N] [BINARY...]    (default N=1000, target/release/mrplan)
# Env:   K=5           timed runs per binary; the binaries take turns, so a
#                      busy machine slows them alike
#        CMD=check     `check` (load, rules, theme) or `build` (also the HTML;
#                      `--no-pdf --no-search`); the load phase is the same
#        TMPDIR=/dev/shm  where the corpus (and build output) goes
# Prints each run's `indlæs` and the median per binary. Writes nothing into the repo.
set -euo pipefail

N="${1:-1000}"
shift || true
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
BINS=("$@")
((${#BINS[@]})) || BINS=("$REPO/target/release/mrplan")
K="${K:-5}"
CMD="${CMD:-check}"

WORK="$(mktemp -d "${TMPDIR:-/dev/shm}/mrplan-load.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
python3 "$BENCH_DIR/gen_corpus.py" "$N" "$WORK/site" >/dev/null

# One run: the load phase in milliseconds (the decimal comma made a point).
load_ms() {
  local args=(check --quiet)
  [[ $CMD == build ]] && args=(build --quiet --no-pdf --no-search --output "$WORK/out")
  "$1" --root "$WORK/site" -v "${args[@]}" 2>&1 |
    awk '$1 == "indlæs" { sub(",", ".", $2); print $2 }'
}

declare -A runs
for bin in "${BINS[@]}"; do load_ms "$bin" >/dev/null; done # warm-up
for ((k = 1; k <= K; k++)); do
  for bin in "${BINS[@]}"; do
    ms="$(load_ms "$bin")"
    [[ -n $ms ]] || { echo "error: no 'indlæs' line from $bin" >&2; exit 1; }
    runs[$bin]+="$ms "
  done
done

for bin in "${BINS[@]}"; do
  # shellcheck disable=SC2086
  median="$(printf '%s\n' ${runs[$bin]} | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  printf '%s\n  indlæs, ms: %s\n  median: %s ms (N=%s, %s, K=%s)\n' "$bin" "${runs[$bin]}" "$median" "$N" "$CMD" "$K"
done
