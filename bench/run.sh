#!/usr/bin/env bash
# Benchmark: build N generated plans with mrplan and with Hugo, side by side.
#
# Usage: bench/run.sh [N]            (default N=1000)
# Env:   K=5             timed runs per tool (alternating mrplan/hugo)
#        SKIP_CARGO=1    don't run `cargo build --release` (use existing binary)
#        MRPLAN=path     mrplan binary (default target/release/mrplan)
#        KEEP=1          keep the temp dir (corpus and outputs) for inspection
#        STRICT=1        exit 3 if the target is not met
#        CLEAN=rm        delete each destination before a run (default: move it
#                        aside and delete everything at the end; see README)
# Prints a table; writes nothing into the repo (all output goes to a temp dir).
set -euo pipefail

# mrplan build flags: HTML only, as Hugo builds no PDFs (bench/pdf.sh times PDFs)
# and no search index. The search index is timed on its own below (mrplan-search:
# the same build with search), and its extra time is printed.
MRPLAN_BUILD_FLAGS=(--quiet --no-pdf --no-search)
MRPLAN_SEARCH_FLAGS=(--quiet --no-pdf)
HUGO_FLAGS=(--quiet)

N="${1:-1000}"
K="${K:-5}"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
MRPLAN="${MRPLAN:-$REPO/target/release/mrplan}"
TIME=/usr/bin/time

# --- prerequisites: hugo and GNU time (Debian packages) ---------------------
missing=()
command -v hugo >/dev/null || missing+=(hugo)
[[ -x $TIME ]] || missing+=(time)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- build mrplan ------------------------------------------------------------
if [[ -z ${SKIP_CARGO:-} ]]; then
  (cd "$REPO" && cargo build --release)
fi
[[ -x $MRPLAN ]] || { echo "error: no mrplan binary at $MRPLAN" >&2; exit 1; }

# --- corpus and a private copy of the Hugo site -----------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mrplan-bench.XXXXXX")"
if [[ -z ${KEEP:-} ]]; then trap 'rm -rf "$WORK"' EXIT; else echo "keeping $WORK" >&2; fi
CORPUS="$WORK/site"
python3 "$BENCH_DIR/gen_corpus.py" "$N" "$CORPUS"
# Hugo writes .hugo_build.lock (and maybe resources/) into --source, so it runs
# from a copy of bench/hugo; the config and layouts are the same files.
HUGO_SITE="$WORK/hugo"
cp -r "$BENCH_DIR/hugo" "$HUGO_SITE"

# The previous output is moved aside, not deleted, before each run. On ext4
# without a journal (these VMs), the kernel skips every inode freed in the last
# 1-6 minutes when it picks one for a new file (recently_deleted() in
# fs/ext4/ialloc.c), one by one: an `rm -rf` of 4,000 files between runs made
# each new file cost up to 1 ms of kernel CPU in the next run, and the tool
# that creates more files paid more. Deleting only at exit keeps the runs
# alike. CLEAN=rm restores the delete, to see that effect.
TRASH="$WORK/trash"
mkdir -p "$TRASH"
runs=0

# run_tool NAME DEST: one build into a fresh DEST; appends "secs kb" to
# $WORK/NAME.times. On failure prints the tool's output and exits.
run_tool() {
  local name=$1 dest=$2 cmd
  runs=$((runs + 1))
  if [[ ${CLEAN:-} == rm ]]; then
    rm -rf "$dest"
  elif [[ -e $dest ]]; then
    mv "$dest" "$TRASH/$runs"
  fi
  case $name in
    mrplan) cmd=("$MRPLAN" --root "$CORPUS" build "${MRPLAN_BUILD_FLAGS[@]}" --output "$dest") ;;
    mrplan-search) cmd=("$MRPLAN" --root "$CORPUS" build "${MRPLAN_SEARCH_FLAGS[@]}" --output "$dest") ;;
    hugo)   cmd=(hugo "${HUGO_FLAGS[@]}" --source "$HUGO_SITE" --contentDir "$CORPUS/content" --destination "$dest") ;;
  esac
  if ! "$TIME" -o "$WORK/$name.t" -f '%e %M' "${cmd[@]}" >"$WORK/$name.log" 2>&1; then
    echo "error: $name build failed: ${cmd[*]}" >&2
    cat "$WORK/$name.log" "$WORK/$name.t" >&2
    exit 1
  fi
  # GNU time may prepend "Command exited..." lines; the figures are last.
  tail -n 1 "$WORK/$name.t" >>"$WORK/$name.times"
}

# median FILE COLUMN: median of a numeric column (mean of the middle two if even).
median() {
  sort -g -k"$2,$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {
    if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'
}

echo "mrplan: $("$MRPLAN" --version 2>/dev/null || echo "$MRPLAN")" >&2
echo "hugo:   $(hugo version)" >&2
echo "corpus: $N plans; $K timed runs each after one warm-up; $(nproc) CPUs" >&2
fs=$(findmnt -no SOURCE,FSTYPE -T "$WORK" 2>/dev/null || true)
echo "disk:   $WORK on ${fs:-?}" >&2
if [[ $fs == *ext4 ]] && [[ $(cat "/sys/fs/ext4/$(basename "${fs%% *}")/journal_task" 2>/dev/null) == "<none>" ]]; then
  echo "note:   ext4 without a journal: files deleted in the last minutes (also by" >&2
  echo "        an earlier run of this script) make new files slower for both tools" >&2
fi

# Warm-up (untimed: also fails fast if a build is broken), then K alternating runs.
for name in mrplan hugo mrplan-search; do run_tool "$name" "$WORK/out-$name"; done
rm -f "$WORK"/*.times
for ((i = 1; i <= K; i++)); do
  run_tool mrplan "$WORK/out-mrplan"
  run_tool hugo "$WORK/out-hugo"
  run_tool mrplan-search "$WORK/out-mrplan-search"
done
s_t=$(median "$WORK/mrplan-search.times" 1); s_kb=$(median "$WORK/mrplan-search.times" 2)

m_t=$(median "$WORK/mrplan.times" 1); m_kb=$(median "$WORK/mrplan.times" 2)
h_t=$(median "$WORK/hugo.times" 1);   h_kb=$(median "$WORK/hugo.times" 2)
m_html=$(find "$WORK/out-mrplan" -name '*.html' | wc -l)
h_html=$(find "$WORK/out-hugo" -name '*.html' | wc -l)

awk -v n="$N" -v k="$K" -v mt="$m_t" -v mk="$m_kb" -v ht="$h_t" -v hk="$h_kb" \
    -v mh="$m_html" -v hh="$h_html" 'BEGIN {
  ratio = (ht > 0) ? mt / ht : 0
  printf "\n%-8s %14s %18s %12s\n", "tool", "median wall s", "median peak RSS MB", "HTML files"
  printf "%-8s %14.2f %18.1f %12d\n", "mrplan", mt, mk / 1024, mh
  printf "%-8s %14.2f %18.1f %12d\n", "hugo", ht, hk / 1024, hh
  printf "\ntime ratio mrplan/hugo: %.3f (target <= 1/3)\n", ratio
  printf "peak RSS mrplan/hugo:   %.3f (target <= 1.0)\n", (hk > 0) ? mk / hk : 0
  met = (ratio <= 1/3 && mk <= hk)
  printf "target met: %s  (N=%d, K=%d)\n", met ? "YES" : "NO", n, k
  exit met ? 0 : 3
}' && met=1 || met=0

# The search index (Pagefind), which Hugo's template does not build: reported, not judged.
awk -v mt="$m_t" -v mk="$m_kb" -v st="$s_t" -v sk="$s_kb" 'BEGIN {
  printf "\nmrplan with the search index: %.2f s, %.1f MB peak RSS (search adds %.2f s, %.1f MB)\n",
    st, sk / 1024, st - mt, (sk - mk) / 1024
}'

if [[ -n ${STRICT:-} && $met -eq 0 ]]; then exit 3; fi
