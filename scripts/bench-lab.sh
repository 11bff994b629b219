#!/usr/bin/env bash
# Lab ingest (issue 20): the same corpus ingested through the PostgreSQL work queue by 1, 2 and 3 worker
# processes on this machine, beside a local SQLite ingest of the same inputs.
#   corpus   synth × DEVICES (one folder per seized device, seeds 1…DEVICES), EVENTS in all; each device is a
#            lab case, each file a job (a 1M corpus of 6 devices is 30 jobs of very unequal size: SMS dominates)
#   server   a throwaway PostgreSQL (scripts/test-env/postgresql.sh: unprivileged, loopback, fsync=off, removed
#            at the end); one fresh database per worker count
#   workers  W processes `lab worker --exit-when-idle` started together; wall time from the first start to the
#            last exit; CPU = user+sys of the workers (GNU time) and of the server (postmaster + reaped backends)
# Prints a markdown table: workers, wall s, events/s, worker CPU s, server CPU s, events per CPU-second.
# Wall-clock figures only mean something on a quiet machine; CPU seconds are what extrapolate (README "Lab").
#
# Not part of the test suite, and refused under CI.
# Usage: scripts/bench-lab.sh [--events N] [--devices D] [--workers "1 2 3"]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${CI:-}" ]; then
  echo "bench-lab.sh: not run under CI (CI=$CI): it is a measurement, not a test" >&2
  exit 1
fi

events=1000000
devices=6
counts="1 2 3"
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="${2//[kK]/000}"; events="${events//M/000000}"; shift 2 ;;
    --devices) devices="$2"; shift 2 ;;
    --workers) counts="$2"; shift 2 ;;
    *) sed -n '/^# Usage:/p' "$0" | sed 's/^# //' >&2; exit 1 ;;
  esac
done

work="$(mktemp -d /tmp/evidencepipe-bench-lab.XXXXXX)"
chmod 0755 "$work"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
say() { echo "$*" >&2; }

rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
say "publishing Release, ReadyToRun ($rid)…"
dotnet publish src/EvidencePipe.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$work/cli" -v q -nologo > "$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log" >&2; exit 1; }
ep=(dotnet "$work/cli/evidencepipe.dll")

. scripts/test-env/postgresql.sh
pg_test_env_start >&2
[ -n "${EVIDENCEPIPE_TEST_PG:-}" ] || { say "bench-lab.sh: no PostgreSQL"; exit 1; }
admin="$(cat "$EVIDENCEPIPE_TEST_PG")"
port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$admin")"
password="$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$admin")"
psql_admin() { PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 -c "$1"; }
postmaster_pid="$(head -n 1 "$PG_TEST_ENV_DIR/data/postmaster.pid")"
server_cpu() { # seconds of CPU used by the server so far: the postmaster's own and its reaped children's (backends)
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15 + $16 + $17) / hz }' "/proc/$postmaster_pid/stat"
}

say "synthesising $events events as $devices devices…"
per=$(( events / devices ))
paths=()
for i in $(seq 1 "$devices"); do
  "${ep[@]}" synth --out "$work/corpus/device-$i" --events "$per" --seed "$i" > /dev/null
  paths+=("$work/corpus/device-$i")
done
chmod -R a+rX "$work/corpus"
bytes="$(du -sb "$work/corpus" | cut -f1)"

say "local SQLite baseline (one ingest per device, as a single workstation would)…"
local_start=$(date +%s.%N)
local_cpu=0
for i in $(seq 1 "$devices"); do
  /usr/bin/time -f "%U %S" -o "$work/time-local-$i" "${ep[@]}" ingest "${paths[$((i - 1))]}" --case "$work/local-$i" --quiet --json > "$work/local-$i.json"
  local_cpu=$(awk -v a="$local_cpu" '{ print a + $1 + $2 }' "$work/time-local-$i")
done
local_wall=$(awk -v s="$local_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
total_events=$(cat "$work"/local-*.json | python3 -c 'import sys, json; print(sum(json.loads(l)["events"] for l in sys.stdin))')

rows=()
for w in $counts; do
  db="bench_w$w"
  psql_admin "CREATE DATABASE $db"
  ( umask 077; sed "s/Database=postgres/Database=$db/" "$EVIDENCEPIPE_TEST_PG" > "$work/store-$w" )
  "${ep[@]}" lab init --store "file:$work/store-$w" > /dev/null
  for i in $(seq 1 "$devices"); do
    "${ep[@]}" lab submit --store "file:$work/store-$w" --case "device-$i" --tz Europe/London "${paths[$((i - 1))]}" > /dev/null
  done
  say "lab ingest with $w worker process(es)…"
  cpu_before=$(server_cpu)
  start=$(date +%s.%N)
  pids=()
  for k in $(seq 1 "$w"); do
    /usr/bin/time -f "%U %S" -o "$work/time-$w-$k" "${ep[@]}" lab worker --store "file:$work/store-$w" --exit-when-idle > "$work/worker-$w-$k.out" 2> "$work/worker-$w-$k.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  server=$(awk -v a="$(server_cpu)" -v b="$cpu_before" 'BEGIN { printf "%.2f", a - b }')
  workers_cpu=$(cat "$work"/time-"$w"-* | awk '{ s += $1 + $2 } END { printf "%.2f", s }')
  stored=$(PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U postgres -d "$db" -qAt -c "SELECT count(*) FROM events")
  failed=$(PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U postgres -d "$db" -qAt -c "SELECT count(*) FROM jobs WHERE state <> 'done'")
  [ "$stored" = "$total_events" ] && [ "$failed" = 0 ] || say "WARNING: $w workers stored $stored events (local: $total_events), $failed jobs not done"
  rows+=("$(python3 -c "
w, wall, wc, sc, n = $w, $wall, $workers_cpu, $server, $stored
print(f'| lab, {w} worker process{\"es\" if w > 1 else \"\"} | {wall:.1f} | {n / wall:,.0f} | {wc:.1f} | {sc:.1f} | {n / (wc + sc):,.0f} |')")")
done

echo
echo "Lab ingest: $(python3 -c "print(f'{$total_events:,}')") events, $devices devices, $(python3 -c "print(f'{$bytes / 1e6:.1f}')") MB, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| run | wall s | events/s (wall) | client CPU s | server CPU s | events per CPU-second |"
echo "|---|---|---|---|---|---|"
python3 -c "
wall, cpu, n = $local_wall, $local_cpu, $total_events
print(f'| local SQLite, one ingest per device | {wall:.1f} | {n / wall:,.0f} | {cpu:.1f} | — | {n / cpu:,.0f} |')"
printf '%s\n' "${rows[@]}"
