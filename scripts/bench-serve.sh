#!/usr/bin/env bash
# Latency of one page of search results from `evidencepipe serve` (issue 21 target: ≤ 200 ms at 10M events).
# Builds (or reuses) a synthetic phone case of N events, starts `serve` on a loopback port, and times
# GET /api/search?q=…&limit=25 over keep-alive HTTP with a small python3 client: per query, WARMUP requests
# untimed, then REQUESTS timed (wall clock per request, first byte to last), reported as p50 / p99 / max, and
# one line per query with met/missed against the target. Also a deep page (offset=500) and the conversation
# of the top contact (the first conversation request includes the one-off contact analysis; it is timed
# separately and not counted against the target).
#
# Not part of the test suite, and refused under CI: a measurement wants a quiet machine.
# Needs: the .NET SDK (global.json), python3, curl.
#
# Usage: scripts/bench-serve.sh [--events N] [--case DIR] [--requests R] [--warmup W] [--port P]
#   --events    synthetic events (default 100000; k/M suffixes: 1M, 10M)
#   --case      keep the case in DIR and reuse it when it exists (a 10M case takes a long time to build)
#   --requests  timed requests per query (default 200)
#   --warmup    untimed requests per query first (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${CI:-}" ]; then
  echo "bench-serve.sh: not run under CI (CI=$CI): it is a measurement, not a test" >&2
  exit 1
fi

events=100000; case_dir=""; requests=200; warmup=20; port=18080
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --case) case_dir="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "usage: scripts/bench-serve.sh [--events N] [--case DIR] [--requests R] [--warmup W] [--port P]" >&2; exit 1 ;;
  esac
done
events="$(python3 -c "import sys; s=sys.argv[1].lower(); m={'k':1000,'m':1000000}; print(int(float(s[:-1])*m[s[-1]]) if s[-1] in m else int(s))" "$events")"

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "EvidencePipe serve benchmark — $(date -u +%FT%TZ), $(git rev-parse --short HEAD); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n1)"
echo "publishing Release, ReadyToRun ($rid)…"
dotnet publish src/EvidencePipe.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$work/cli" -v q -nologo > "$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log" >&2; exit 1; }
ep="$work/cli/evidencepipe"

[ -n "$case_dir" ] || case_dir="$work/case"
if [ -e "$case_dir/case.db" ]; then
  echo "case: reusing $case_dir"
else
  echo "case: synthesising $events events and ingesting them into $case_dir…"
  "$ep" synth --out "$work/evidence" --events "$events" --seed 7 > /dev/null
  "$ep" ingest "$work/evidence" --case "$case_dir" --quiet --json
  rm -rf "$work/evidence"
fi

"$ep" serve --case "$case_dir" --listen "127.0.0.1:$port" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
for _ in $(seq 1 600); do
  grep -q "^serving" "$work/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
grep -q "^serving" "$work/serve.out" || { echo "serve did not start" >&2; exit 1; }
echo "$(cat "$work/serve.out")"
curl -fsS "http://127.0.0.1:$port/api/cases" > /dev/null

python3 - "$port" "$requests" "$warmup" <<'PY'
import http.client, json, statistics, sys, time, urllib.parse
port, requests, warmup = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
target_ms = 200.0
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

def get(path):
    t0 = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    ms = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        raise SystemExit(f"{path}: HTTP {r.status}: {body[:200]!r}")
    return ms, json.loads(body)

def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    f = int(k); c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)

queries = {
    "common word, newest first": {"q": "you", "limit": 25},
    "phrase": {"q": '"outside your house"', "limit": 25},
    "prefix OR word": {"q": "hous* OR answer", "limit": 25},
    "field + date range": {"q": "channel:sms after:2024-01-01 before:2025-01-01", "limit": 25},
    "common word, page 21 (offset 500)": {"q": "you", "limit": 25, "offset": 500},
    "relevance": {"q": "you", "limit": 25, "sort": "relevance"},
}
rows, met = [], True
for name, params in queries.items():
    path = "/api/search?" + urllib.parse.urlencode(params)
    for _ in range(warmup):
        get(path)
    times = []
    total = 0
    for _ in range(requests):
        ms, body = get(path)
        times.append(ms)
        total = body["total"]
    p50, p99 = pct(times, 50), pct(times, 99)
    ok = p99 <= target_ms
    met &= ok
    print(f"  {name:<36} total {total:>11,}  p50 {p50:8.1f} ms  p99 {p99:8.1f} ms  max {max(times):8.1f} ms  {'met' if ok else 'MISSED'} (p99 ≤ {target_ms:.0f} ms)")

ms, contacts = get("/api/contacts")
print(f"  contacts (first request: the one-off analysis)  {ms:10.1f} ms, {len(contacts['contacts'])} persons")
if contacts["contacts"]:
    person = contacts["contacts"][0]["person_id"]
    times = [get("/api/conversation?" + urllib.parse.urlencode({"person": person}))[0] for _ in range(max(5, requests // 20))]
    print(f"  conversation of the top contact (≤ 5000 events)  p50 {pct(times, 50):8.1f} ms  p99 {pct(times, 99):8.1f} ms (not a target)")
print(f"search page ≤ {target_ms:.0f} ms at p99: {'met' if met else 'MISSED'}")
PY
