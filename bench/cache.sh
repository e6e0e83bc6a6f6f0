#!/usr/bin/env bash
# Benchmark: the persistent PDF cache (issue 19). A second `build` with no
# change should take at most 1.5x the HTML-only build (`build --no-pdf`).
#
# Usage: bench/cache.sh [N]      N generated plans (default 1000)
# Env:   K=3            timed runs of each warm and HTML-only build (median)
#        SKIP_CARGO=1   use the existing target/release/mrplan
#        MRPLAN=path    mrplan binary
#        STRICT=1       exit 3 if warm/HTML-only is above 1.5
#        TMPDIR=/dev/shm  where the corpus, outputs and cache go (default /tmp)
#
# What is timed (one process each, with the same SOURCE_DATE_EPOCH):
#   cold      `build` with an empty cache (every PDF typeset; run once)
#   warm      `build` again, nothing changed (every PDF from the cache)
#   html      `build --no-pdf`: the HTML-only build (alternating with warm)
#   the same warm and html pair with --no-search (the search index is most
#   of an HTML build's time, so this is the harder ratio)
#   edit      `build -v` after editing one plan: its counter line is printed
# Nothing is written into the repo.
set -euo pipefail

N="${1:-1000}"
K="${K:-3}"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
MRPLAN="${MRPLAN:-$REPO/target/release/mrplan}"

if [[ -z ${SKIP_CARGO:-} ]]; then (cd "$REPO" && cargo build --release); fi
[[ -x $MRPLAN ]] || { echo "error: no mrplan binary at $MRPLAN" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mrplan-cachebench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1795435200}"
export MRPLAN_CACHE_DIR="$WORK/cache"
SITE="$WORK/site"
python3 "$BENCH_DIR/gen_corpus.py" "$N" "$SITE" >/dev/null

# secs NAME ARGS...: wall seconds of one `mrplan --root SITE build ARGS` into
# a fresh output folder out-NAME (never one just deleted: see bench/README.md).
secs() {
  local start end name=$1
  shift
  start=$(date +%s.%N)
  "$MRPLAN" --root "$SITE" build --quiet -o "$WORK/out-$name" "$@" >"$WORK/last.log" 2>&1 ||
    { cat "$WORK/last.log" >&2; echo "error: build $*" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
# median of numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END { if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }
# pair NAME ARGS...: K rounds of a warm `build ARGS` and an HTML-only
# `build --no-pdf ARGS`, alternating so both see the same machine load;
# prints the two medians.
pair() {
  local name=$1 warm=() html=()
  shift
  for i in $(seq "$K"); do
    warm+=("$(secs "$name-warm-$i" "$@")")
    html+=("$(secs "$name-html-$i" --no-pdf "$@")")
  done
  echo "$(printf '%s\n' "${warm[@]}" | median) $(printf '%s\n' "${html[@]}" | median)"
}

echo "mrplan: $("$MRPLAN" --version)   $(nproc) CPUs   N=$N   median of $K   in ${TMPDIR:-/tmp}" >&2
cold=$(secs cold)
pdfs=$(find "$WORK/out-cold" -name '*.pdf' | wc -l)
cache_size=$(du -sh "$MRPLAN_CACHE_DIR" | cut -f1)
read -r warm html < <(pair search)
read -r warm_ns html_ns < <(pair nosearch --no-search)
[[ -n $html && -n $html_ns ]] || { echo "error: a timed build failed" >&2; exit 1; }
"$MRPLAN" --root "$SITE" build -v -o "$WORK/out-check" 2>&1 | grep '^  pdf:' | sed 's/^ */warm counter: /'

# One plan edited: only its PDF and its year's results PDFs are typeset.
plan=$(find "$SITE/content/planer" -name '*.md' | sort | sed -n 1p)
sed -i '0,/^    titel: "/s//    titel: "Ændret – /' "$plan"
"$MRPLAN" --root "$SITE" build -v -o "$WORK/out-edit" 2>&1 | grep '^  pdf:' |
  sed "s|^ *|after editing ${plan#"$SITE"/}: |"

ratio=$(echo "$warm / $html" | bc -l)
ratio_ns=$(echo "$warm_ns / $html_ns" | bc -l)
printf '%d PDFs, cache %s\n' "$pdfs" "$cache_size"
printf '%-34s %8.2f s\n' "cold build (empty cache)" "$cold" \
  "warm build (no change)" "$warm" "HTML-only (--no-pdf)" "$html" \
  "warm build --no-search" "$warm_ns" "HTML-only --no-search" "$html_ns"
printf 'warm / HTML-only: %.3f   (--no-search: %.3f)   target: at most 1.5\n' "$ratio" "$ratio_ns"
if [[ -n ${STRICT:-} ]] && (($(echo "$ratio > 1.5" | bc -l))); then exit 3; fi
