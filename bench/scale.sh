#!/usr/bin/env bash
# Linear cost: every build phase at 10,000 plans against 1,000 plans, in the
# same run on the same machine, for three layouts of the plans:
#   YEARS=1   one plan per agency      (10,000 agencies)
#   YEARS=10  ten years per agency     (1,000 agencies)
#   YEARS=20  twenty years per agency  (500 agencies)
# A phase that grows more than 10.5x (the issue's bound) is marked "!".
#
# Usage: bench/scale.sh [SMALL [LARGE]]   (default 1000 10000)
# Env:   K=3           runs per corpus (alternating; the median is shown)
#        LAYOUTS="1 10 20"
#        SKIP_CARGO=1  use the existing target/release/mrplan
#        TMPDIR=/dev/shm to keep the corpora in memory (recommended)
# HTML only (--no-pdf --no-search), warnings printed as usual (to /dev/null).
set -euo pipefail

SMALL="${1:-1000}"
LARGE="${2:-10000}"
K="${K:-3}"
LAYOUTS="${LAYOUTS:-1 10 20}"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
MRPLAN="${MRPLAN:-$REPO/target/release/mrplan}"
TIME=/usr/bin/time
[[ -x $TIME ]] || { echo "error: needs GNU time (apt-get install time)" >&2; exit 1; }
if [[ -z ${SKIP_CARGO:-} ]]; then (cd "$REPO" && cargo build --release -q); fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mrplan-scale.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

for years in $LAYOUTS; do
  for n in "$SMALL" "$LARGE"; do
    YEARS=$years python3 "$BENCH_DIR/gen_corpus.py" "$n" "$WORK/c$years-$n" 2>/dev/null
  done
  for run in $(seq "$K"); do
    for n in "$SMALL" "$LARGE"; do
      out="$WORK/out-$years-$n-$run"
      # -v prints each phase's time on stderr; the last line is GNU time's.
      $TIME -f "peak %M" "$MRPLAN" --root "$WORK/c$years-$n" build -v --no-pdf --no-search \
        --output "$out" >/dev/null 2>"$WORK/log-$years-$n-$run" || {
        cat "$WORK/log-$years-$n-$run" >&2; exit 1; }
      rm -rf "$out"
    done
  done
done

python3 - "$WORK" "$SMALL" "$LARGE" "$K" "$LAYOUTS" <<'PY'
import re, statistics, sys
work, small, large, k, layouts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5].split()
bound = 10.5 * int(large) / int(small) / 10

def phases(years, n):
    runs = []
    for r in range(1, k + 1):
        text = open(f"{work}/log-{years}-{n}-{r}", encoding="utf-8").read()
        got = {}
        for name, num, unit in re.findall(r"^\s+(\S+)\s+([\d.,]+) (ms|s)$", text, re.M):
            ms = float(num.replace(".", "").replace(",", "."))
            got[name] = ms * (1000 if unit == "s" else 1)
        got["peak MB"] = int(re.search(r"peak (\d+)", text).group(1)) / 1024
        runs.append(got)
    return {key: statistics.median(r.get(key, 0) for r in runs) for key in runs[0]}

print(f"median of {k}; ratio = {large} plans / {small} plans; bound {bound:.1f}x")
for years in layouts:
    a, b = phases(years, small), phases(years, large)
    print(f"\nYEARS={years}:")
    print(f"  {'phase':<12} {small:>10} {large:>10}  ratio")
    total_a = total_b = 0
    for key in a:
        if key == "peak MB":
            continue
        total_a += a[key]; total_b += b.get(key, 0)
        ratio = b.get(key, 0) / a[key] if a[key] >= 1 else float("nan")
        flag = " !" if ratio > bound and a[key] >= 5 else ""
        print(f"  {key:<12} {a[key]:>8.0f}ms {b.get(key, 0):>8.0f}ms {ratio:>6.1f}x{flag}")
    print(f"  {'i alt':<12} {total_a:>8.0f}ms {total_b:>8.0f}ms {total_b / total_a:>6.1f}x")
    print(f"  {'peak':<12} {a['peak MB']:>8.0f}MB {b['peak MB']:>8.0f}MB")
PY
