#!/usr/bin/env bash
# Benchmark: mrplan's in-process PDF build against the `typst` CLI compiling
# the same Typst sources, one process per plan.
#
# Usage: bench/pdf.sh [N]     N generated plans (default 1000); the default
#                              content (content/) is always measured first.
# Env:   K=3            timed runs per measurement (median reported)
#        TYPST=path     typst CLI (default: `typst` on PATH). It must be the
#                       same Typst version as mrplan embeds (0.15.1):
#                       cargo install typst-cli --version 0.15.1 --locked
#        SKIP_CARGO=1   use the existing target/release/mrplan
#        MRPLAN=path    mrplan binary
# Nothing is written into the repo; all output goes to a temp dir.
#
# What is timed, for each site:
#   mrplan   `mrplan build --no-cache` minus `mrplan build --no-pdf`: the PDF share
#            of a build with every PDF typeset (bench/cache.sh times the cache)
#            (one process; fonts and template loaded once; plans in parallel)
#   typst×1  `typst compile` once per PDF (plans and results sections), one
#            after another
#   typst×P  the same, `nproc` processes at a time (xargs -P)
# The CLI compiles exactly what mrplan compiles: `mrplan typst-kilder DIR`
# writes each PDF's template and data.json; the fonts are the theme's.
set -euo pipefail

N="${1:-1000}"
K="${K:-3}"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
MRPLAN="${MRPLAN:-$REPO/target/release/mrplan}"
TYPST="${TYPST:-typst}"
FONTS="$REPO/themes/standard/fonts"
P="$(nproc)"

command -v "$TYPST" >/dev/null || {
  echo "error: no typst CLI ($TYPST). Install the same version as mrplan embeds:" >&2
  echo "  cargo install typst-cli --version 0.15.1 --locked" >&2
  exit 1
}
if [[ -z ${SKIP_CARGO:-} ]]; then (cd "$REPO" && cargo build --release); fi
[[ -x $MRPLAN ]] || { echo "error: no mrplan binary at $MRPLAN" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mrplan-pdfbench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1795435200}"

# secs CMD...: wall seconds of one run (fails loudly).
secs() {
  local start end
  start=$(date +%s.%N)
  "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; echo "error: $*" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
# median of numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END { if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }

typst_one() { # DIR: compile DIR/$(cat DIR/MAIN) like mrplan does (PDF/A-2a + UA-1)
  "$TYPST" compile --root "$1" --font-path "$FONTS" --ignore-system-fonts \
    --pdf-standard a-2a --pdf-standard ua-1 "$1/$(cat "$1/MAIN")" "$1/out.pdf"
}
export -f typst_one
export TYPST FONTS

measure() { # NAME ROOT
  local name=$1 root=$2 src="$WORK/src-$1"
  "$MRPLAN" --root "$root" typst-kilder "$src" 2>/dev/null
  local plans; plans=$(find "$src" -name data.json | wc -l)  # PDFs, in fact
  local full=() html=() t1=() tp=()
  # One untimed warm-up of each, so caches are alike.
  secs "$MRPLAN" --root "$root" build --quiet --no-cache -o "$WORK/o" >/dev/null
  for _ in $(seq "$K"); do
    full+=("$(secs "$MRPLAN" --root "$root" build --quiet --no-cache -o "$WORK/o")")
    html+=("$(secs "$MRPLAN" --root "$root" build --quiet --no-pdf -o "$WORK/o")")
    t1+=("$(secs bash -c "for d in '$src'/*/; do typst_one \"\$d\"; done")")
    tp+=("$(secs bash -c "ls -d '$src'/*/ | xargs -P $P -I{} bash -c 'typst_one {}'")")
  done
  local f h a b
  f=$(printf '%s\n' "${full[@]}" | median); h=$(printf '%s\n' "${html[@]}" | median)
  a=$(printf '%s\n' "${t1[@]}" | median); b=$(printf '%s\n' "${tp[@]}" | median)
  local m; m=$(echo "$f - $h" | bc -l)
  printf '%-9s %5d PDFs | mrplan build %6.2f s, of which PDFs %6.2f s | typst CLI ×1 %7.2f s, ×%d %7.2f s | ratio %.3f (×1), %.3f (×%d)\n' \
    "$name" "$plans" "$f" "$m" "$a" "$P" "$b" "$(echo "$m / $a" | bc -l)" "$(echo "$m / $b" | bc -l)" "$P"
}

echo "mrplan: $("$MRPLAN" --version)   typst: $("$TYPST" --version)   $P CPUs, median of $K" >&2
measure default "$REPO"
python3 "$BENCH_DIR/gen_corpus.py" "$N" "$WORK/gen" >/dev/null
measure "gen-$N" "$WORK/gen"
