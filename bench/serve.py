#!/usr/bin/env python3
"""Live-reload latency of `mrplan serve` (stdlib only).

Usage: bench/serve.py [N] [EDITS]
  N      0 = the repo's default content (default); otherwise N generated plans
  EDITS  edits to time (default 20)
Env:   MRPLAN=path   the binary (default target/release/mrplan)
       NO_PDF=1      serve with --no-pdf

For each edit: note the time, rewrite one plan file with a new goal title,
and wait for the `data: reload` event on /__mrplan/events. The latency is
edit-to-event; when the event arrives the page on disk must already hold the
new title (checked). With PDFs on, the initial PDFs are made first, and each
edit waits for the PDF worker to finish before the next, so every edit is
timed in the steady state; the PDFs run after the reload, so they are not in
the figure. Prints median, 90th percentile and max in ms.
"""
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 0
EDITS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
MRPLAN = os.environ.get("MRPLAN", os.path.join(REPO, "target/release/mrplan"))

work = tempfile.mkdtemp(prefix="mrplan-serve-")
try:
    if N:
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), str(N), work], check=True)
    else:
        shutil.copytree(os.path.join(REPO, "content"), os.path.join(work, "content"))
        shutil.copytree(os.path.join(REPO, "static"), os.path.join(work, "static"))
    # A published plan of the newest year with a goal title to rewrite.
    plans = os.path.join(work, "content", "planer")
    year = max(os.listdir(plans))
    name = sorted(os.listdir(os.path.join(plans, year)))[0]
    plan = os.path.join(plans, year, name)
    page = os.path.join(work, "output", "planer", year, name[:-3], "index.html")
    original = open(plan, encoding="utf-8").read()
    if "status: godkendt" not in original:
        sys.exit(f"{plan} is not approved")

    args = [MRPLAN, "--root", work, "serve", "--port", "0"]
    if os.environ.get("NO_PDF"):
        args.append("--no-pdf")
    server = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))

    def status():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.request("GET", "/__mrplan/status")
        s = json.loads(c.getresponse().read())
        c.close()
        return s

    def settle():
        while True:
            s = status()
            if not s["pdf_pending"]:
                return
            time.sleep(0.05)

    started = time.perf_counter()
    settle()
    print(f"site: {'default content' if not N else f'{N} generated plans'}; "
          f"first build and PDFs settled in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    events = []
    got = threading.Event()

    def listen():
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request("GET", "/__mrplan/events")
        r = c.getresponse()
        while True:
            raw = r.fp.readline()
            if not raw:
                return
            if raw.startswith(b"data:"):
                events.append(time.perf_counter())
                got.set()

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.3)

    title_re = re.compile(r"^(    titel: ).*$", re.M)
    latencies = []
    for i in range(EDITS):
        marker = f"Maalt aendring {i} {os.getpid()}"
        text = title_re.sub(lambda m: m.group(1) + marker, original, count=1)
        got.clear()
        t0 = time.perf_counter()
        with open(plan, "w", encoding="utf-8") as f:
            f.write(text)
        if not got.wait(30):
            sys.exit(f"edit {i}: no reload event within 30 s")
        latency = (events[-1] - t0) * 1000
        if marker not in open(page, encoding="utf-8").read():
            sys.exit(f"edit {i}: the reload came before the page on disk changed")
        latencies.append(latency)
        settle()
        time.sleep(0.05)

    server.terminate()
    server.wait()
    latencies.sort()
    p90 = latencies[max(0, int(round(0.9 * len(latencies))) - 1)]
    print(f"edits: {len(latencies)}; edit → reload (ms): median {statistics.median(latencies):.1f}, "
          f"p90 {p90:.1f}, max {latencies[-1]:.1f}; pdfs {'off' if os.environ.get('NO_PDF') else 'on'}")
finally:
    shutil.rmtree(work, ignore_errors=True)
