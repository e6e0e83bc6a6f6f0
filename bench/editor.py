#!/usr/bin/env python3
"""Edit-to-diagnostic latency of the form editor in `mrplan serve` (stdlib only).

Usage: bench/editor.py [N] [EDITS]
  N      0 = the repo's default content (default); otherwise N generated plans
  EDITS  checks to time (default 50)
Env:   MRPLAN=path   the binary (default target/release/mrplan)

Opens a plan through the editor's API as the browser does, then for each
edit sends the form's state to /__mrplan/rediger/api/tjek, alternating a
broken weight ("abc") and a good one, and times the round trip until the
diagnostics are back (the browser shows them as soon as they arrive; it has
no debounce). Every broken edit must come back with the weight's error at
its field, every good one without it (checked). Prints median, 90th
percentile and max in ms.
"""
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 0
EDITS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
MRPLAN = os.environ.get("MRPLAN", os.path.join(REPO, "target/release/mrplan"))

work = tempfile.mkdtemp(prefix="mrplan-editor-")
server = None
try:
    if N:
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), str(N), work],
                       check=True, stdout=subprocess.DEVNULL)
    else:
        shutil.copytree(os.path.join(REPO, "content"), os.path.join(work, "content"))
        shutil.copytree(os.path.join(REPO, "static"), os.path.join(work, "static"))
    server = subprocess.Popen([MRPLAN, "serve", "--port", "0", "--no-pdf", "--quiet"], cwd=work,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
    host = f"localhost:{port}"

    def request(method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, data

    page = request("GET", "/rediger/")[1].decode()
    token = page.split('name="mrplan-token" content="')[1].split('"')[0]
    overview = json.loads(request("GET", "/__mrplan/rediger/api/oversigt")[1])
    sti = overview["planer"][0]["sti"]
    opened = json.loads(request("GET", f"/__mrplan/rediger/api/fil?sti={sti}")[1])
    headers = {"Origin": f"http://{host}", "X-Mrplan-Token": token,
               "Content-Type": "application/json"}
    good = opened["front"]["mål"][0].get("vægt", 10)
    times = []
    for i in range(EDITS + 1):
        front = json.loads(json.dumps(opened["front"]))
        broken = i % 2 == 0
        front["mål"][0]["vægt"] = "abc" if broken else good
        body = json.dumps({"sti": sti, "hash": opened["hash"], "front": front,
                           "origins": {}, "body": opened["body"]})
        start = time.perf_counter()
        status, data = request("POST", "/__mrplan/rediger/api/tjek", body, headers)
        ms = (time.perf_counter() - start) * 1000
        assert status == 200, data
        at = [d["pointer"] for d in json.loads(data)["diagnostics"]]
        assert ("/mål/0/vægt" in at) == broken, (broken, at)
        if i > 0:  # the first check loads the site once
            times.append(ms)
    times.sort()
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"{N or 'standard'} planer, {len(times)} tjek af {sti}: median {statistics.median(times):.1f} ms, "
          f"90 % {p90:.1f} ms, max {max(times):.1f} ms")
finally:
    if server:
        server.kill()
        server.wait()
    shutil.rmtree(work, ignore_errors=True)
