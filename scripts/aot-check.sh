#!/usr/bin/env bash
# Proves the Native AOT build of the CLI answers exactly as the JIT build does (issue: AOT publish).
# Both builds run every command on the same inputs, each in its own working folder with the same relative
# case paths, and every answer is compared byte for byte: exit code, stdout, stderr and every file written
# (exports, manifests, reports, chronologies, synth output, validate reports), plus `serve`'s JSON API and
# the lab commands against a throwaway PostgreSQL (scripts/test-env/postgresql.sh). Only clocks (elapsed_s,
# *_per_s, today's timestamps), process ids, the two work folders and the two lab databases' names are blanked
# before comparing. Not a CI step: the AOT publish alone takes ~6 min of CPU (benchmarks/results/2026-12-05-aot.md).
#   JIT build: framework-dependent ReadyToRun publish run with `dotnet` (what scripts/bench.sh measured;
#              ReadyToRun code is the JIT's code compiled ahead, with the same IL and runtime libraries)
#   AOT build: scripts/publish.sh --aot (dotnet publish -p:PublishAot=true)
# Also checks the AOT start-up takes its re-expanded data on huge pages where the kernel offers them (Native/hugepages.c).
# Prints one line per check and ends with "aot-check: N checks, N differ"; exits 1 when any differs.
# Usage: scripts/aot-check.sh [--jit DIR] [--aot DIR] [--keep]
#   --jit DIR / --aot DIR  use builds published earlier (DIR/evidencepipe.dll, DIR/evidencepipe) instead of publishing
#   --keep                 keep the work folder (both builds' outputs side by side) and print its path
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

jit_dir=""; aot_dir=""; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --jit) jit_dir="$(realpath "${2:?--jit needs a folder}")"; shift 2 ;;
    --aot) aot_dir="$(realpath "${2:?--aot needs a folder}")"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) sed -n '/^# Usage:/,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 1 ;;
  esac
done

work="$(mktemp -d /tmp/evidencepipe-aot-check.XXXXXX)"
chmod 0755 "$work"
cleanup() { if [ "$keep" = 1 ]; then echo "aot-check: outputs kept in $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 EVIDENCEPIPE_TESSERACT=off

if [ -z "$jit_dir" ]; then
  echo "publishing the JIT (ReadyToRun) build…" >&2
  bash scripts/publish.sh --r2r "$work/jit-bin" > "$work/publish-jit.log" 2>&1 || { tail -30 "$work/publish-jit.log" >&2; exit 1; }
  jit_dir="$work/jit-bin"
fi
if [ -z "$aot_dir" ]; then
  echo "publishing the Native AOT build…" >&2
  bash scripts/publish.sh --aot "$work/aot-bin" > "$work/publish-aot.log" 2>&1 || { tail -30 "$work/publish-aot.log" >&2; exit 1; }
  aot_dir="$work/aot-bin"
fi
[ -f "$jit_dir/evidencepipe.dll" ] || { echo "aot-check: no $jit_dir/evidencepipe.dll" >&2; exit 1; }
[ -x "$aot_dir/evidencepipe" ] && [ ! -f "$aot_dir/evidencepipe.dll" ] || { echo "aot-check: $aot_dir is not a Native AOT build" >&2; exit 1; }

mkdir -p "$work/jit" "$work/aot" "$work/in"
checks=0; differ=0

# What may differ between two runs of the same command: clocks (elapsed_s, rates, today's timestamps), process ids,
# and each build's own folder and lab database name. Everything else must be byte-identical.
today="$(date -u +%F)"
normalise() { # normalise SIDE FILE
  sed -E -e "s#$work/$1#WORK#g; s#lab_$1#lab_SIDE#g" \
    -e 's/"(elapsed_s|[a-z_]*per_s)": ?[0-9.eE+-]+/"\1":0/g; s/"pid": ?[0-9]+/"pid":0/g' \
    -e "s/${today}T[0-9:.]+Z/NOW/g" \
    -e 's/in [0-9.]+ s \([0-9,]+ events\/s\)/in 0 s (0 events\/s)/g' "$2"
}

# same NAME: compares the two builds' answers to the check NAME (every file under out/NAME in each folder).
same() {
  local name="$1" a="$work/jit/out/$1" b="$work/aot/out/$1" bad=0 f
  checks=$((checks + 1))
  while IFS= read -r f; do
    if [ ! -f "$a/$f" ] || [ ! -f "$b/$f" ]; then bad=1; echo "  $f exists in one build only"; continue; fi
    if ! cmp -s <(normalise jit "$a/$f") <(normalise aot "$b/$f"); then
      bad=1; echo "  $f differs:"; diff <(normalise jit "$a/$f") <(normalise aot "$b/$f") | head -10 | cut -c1-300 | sed 's/^/    /'
    fi
  done < <( (cd "$a" && find . -type f; cd "$b" && find . -type f) | sort -u)
  if [ "$bad" = 0 ]; then
    echo "same     $name ($(cd "$a" && find . -type f | wc -l) files, exit $(cat "$a/exit"))"
  else
    differ=$((differ + 1)); echo "DIFFERS  $name"
  fi
}

# both NAME ARGS…: runs `evidencepipe ARGS…` with each build in its own folder (so relative paths — cases, --out
# files — are the same words), stdout/stderr/exit under out/NAME; "@out" in ARGS is out/NAME. Then compares.
both() {
  local name="$1"; shift
  local side
  for side in jit aot; do
    local dir="$work/$side" out="$work/$side/out/$name"
    mkdir -p "$out"
    local args=("${@//@out/out/$name}")
    if [ "$side" = jit ]; then
      (cd "$dir" && dotnet "$jit_dir/evidencepipe.dll" "${args[@]}" > "$out/stdout" 2> "$out/stderr"; echo $? > "$out/exit")
    else
      (cd "$dir" && "$aot_dir/evidencepipe" "${args[@]}" > "$out/stdout" 2> "$out/stderr"; echo $? > "$out/exit")
    fi
  done
  same "$name"
}

fx="$root/fixtures"

# ---- no case: version, help, usage errors, synth, validate, demo
both version --version
both help help
both help-ingest ingest --help
both usage-unknown frobnicate
both usage-bad-option ingest --case c --no-such-option x
both synth synth --out @out/corpus --events 3000 --seed 11
both synth-benign synth --out @out/corpus --events 500 --seed 3 --benign
both validate validate --reference "$fx/validation/reference.json" --out @out/validation.json
both demo demo --case cases/demo

# ---- every fixture family into one case (every reader: phone exports and databases, mbox/eml/msg, images, PDF, CDR…)
families=()
for d in "$fx"/*/; do families+=("${d%/}"); done
both ingest-fixtures ingest "${families[@]}" --case cases/all --tz Europe/London --region GB --owner +447700900001 --json --quiet
both ingest-again ingest "${families[@]}" --case cases/all --json --quiet
both ingest-owner-suspect ingest "$fx/demo" --case cases/suspect --perspective suspect --workers 1 --json --quiet
# A CDR mapping file read by the source-generated JSON context (comments, trailing commas, any letter case).
cat > "$work/in/map.jsonc" <<'EOF'
{
  // fixtures/cdr/A.csv: the subscriber's view, one row per contact
  "name": "aot-check", "hasHeader": true,
  "Correspondent": "correspondent_id", "direction": "direction", "subject": null,
  "start": "datetime", "startFormats": ["yyyy-MM-dd HH:mm:ss"], "utcOffset": "+00:00",
  "duration": "call_duration", "type": "interaction", "cell": "antenna_id",
  "antennas": {"file": "antennas.csv", "id": "antenna_id", "latitude": "latitude", "longitude": "longitude",},
}
EOF
printf '{ "name": "bad", "start": 3, "nonsense": true }\n' > "$work/in/bad-map.json"
both ingest-cdr-map ingest "$fx/cdr/A.csv" --case cases/cdr --owner SUBSCRIBER --cdr-map "$work/in/map.jsonc" --json --quiet
both ingest-cdr-bad-map ingest "$fx/cdr/A.csv" --case cases/cdr-bad --cdr-map "$work/in/bad-map.json" --json --quiet
both ingest-missing ingest "$work/in/no-such-folder" --case cases/missing --json --quiet
both ingest-synth ingest "$work/jit/out/synth/corpus" --case cases/synth --json --quiet

# ---- reading the cases
for c in all cdr synth demo; do
  both "export-jsonl-$c" export --case "cases/$c" --format jsonl --out @out/events.jsonl
  both "export-csv-$c" export --case "cases/$c" --format csv --out @out/events.csv
  both "export-geojson-$c" export --case "cases/$c" --format geojson
  both "manifest-$c" manifest --case "cases/$c" --out @out/manifest.csv --diagnostics @out/diagnostics.csv
  both "contacts-$c" contacts --case "cases/$c" --json
  both "verify-$c" verify --case "cases/$c" --json
done
both export-csv-raw export --case cases/all --format csv --csv-raw
both contacts-text contacts --case cases/all --limit 5
i=0
for q in 'love' '"see you"' 'NOT love' 'kill* OR hurt~' 'channel:sms AND direction:incoming' 'has:attachment' \
         'after:2024-01-01 before:2024-05-01' '"where are you"~3' 'from:+447700900123' '(' 'kind:call'; do
  i=$((i + 1))
  both "search-$i" search --case cases/all --json --limit 20 "$q"
  both "search-text-$i" search --case cases/all --case cases/demo --sort oldest "$q"
done
both search-relevance search --case cases/synth --json --sort relevance --limit 100 'sorry'
both orders-add orders add --case cases/demo --type SPO --party Jordan --from 2024-01-01 --ref 'REF/1' --json
both orders-list orders list --case cases/demo --json
both places-add places add --case cases/demo 'home=51.5,-0.12,200' --json
both places-list places list --case cases/demo --json
both contacts-orders contacts --case cases/demo --json --since-last --watch Jordan --place 'work=51.52,-0.1'
both report report --case cases/demo --out @out/report.html
both report-all report --case cases/all --out @out/report.html
person="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["contacts"][0]["person"]["id"])' "$work/jit/out/contacts-demo/stdout" 2>/dev/null || echo Jordan)"
both chronology-csv chronology --case cases/demo --person "$person" --out @out/chronology.csv
both chronology-html chronology --case cases/demo --person "$person" --out @out/chronology.html
both links links --case cases/all --case cases/demo --json
# Evidence changed after ingest: verify must report the same integrity failure (exit 3).
for side in jit aot; do
  mkdir -p "$work/$side/tamper" && cp "$fx/demo/sms-20240430.xml" "$work/$side/tamper/"
done
both tamper-ingest ingest tamper --case cases/tamper --json --quiet
for side in jit aot; do printf ' ' >> "$work/$side/tamper/sms-20240430.xml"; done
both tamper-verify verify --case cases/tamper --json

# ---- serve: the same API requests to each build's server
port_of() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
for side in jit aot; do
  port="$(port_of)"
  out="$work/$side/out/serve"; mkdir -p "$out"
  if [ "$side" = jit ]; then
    (cd "$work/$side" && exec dotnet "$jit_dir/evidencepipe.dll" serve --case cases/demo --case cases/all --listen "127.0.0.1:$port" > "$work/$side/serve.log" 2>&1) &
  else
    (cd "$work/$side" && exec "$aot_dir/evidencepipe" serve --case cases/demo --case cases/all --listen "127.0.0.1:$port" > "$work/$side/serve.log" 2>&1) &
  fi
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/api/cases" > /dev/null 2>&1 && break; sleep 0.2; done
  event="$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$work/jit/out/export-jsonl-demo/events.jsonl")"
  n=0
  for path in / /api/cases '/api/search?q=love' '/api/search?q=love&case=demo' '/api/search?q=(' '/api/histogram?q=love' \
              '/api/contacts?case=demo' "/api/events/$event?case=demo" '/api/events/nope?case=demo' \
              "/api/conversation?case=demo&person=$person" '/api/evidence?case=demo' /media/0000 /no-such-page; do
    n=$((n + 1))
    curl -s -o "$out/$n.body" -w '%{http_code} %{content_type}\n' "http://127.0.0.1:$port$path" > "$out/$n.status"
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  echo 0 > "$out/exit"
done
same serve

# ---- lab: the same jobs through each build's own PostgreSQL database
. scripts/test-env/postgresql.sh
pg_test_env_start > /dev/null
if [ -n "${EVIDENCEPIPE_TEST_PG:-}" ]; then
  admin="$(cat "$EVIDENCEPIPE_TEST_PG")"
  pg_port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$admin")"
  pg_password="$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$admin")"
  for side in jit aot; do
    PGPASSWORD="$pg_password" psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qAt -c "CREATE DATABASE lab_$side" > /dev/null
    ( umask 077; sed "s/Database=postgres/Database=lab_$side/" "$EVIDENCEPIPE_TEST_PG" > "$work/$side/store" )
  done
  both lab-init lab init --store file:store --json
  both lab-submit lab submit --store file:store --case device-1 --tz Europe/London "$fx/demo" "$fx/email" --json
  both lab-submit-2 lab submit --store file:store --case device-2 "$fx/sms_backup" "$fx/images" --json
  both lab-worker lab worker --store file:store --exit-when-idle --workers 1 --index-root lab-index --json
  both lab-status lab status --store file:store --json
  both lab-export export --store file:store --case device-1 --format jsonl
  both lab-search search --store file:store --case device-1 --index-root lab-index --json 'love'
  both lab-manifest manifest --store file:store --case device-2
  both lab-verify verify --store file:store --case device-2 --json
  both lab-links links --store file:store --json
else
  checks=$((checks + 1)); differ=$((differ + 1)); echo "DIFFERS  lab (no PostgreSQL: not compared)"
fi

# Start-up: the AOT build asks for huge pages for its re-expanded data (src/EvidencePipe.Cli/Native/hugepages.c).
# Where the kernel offers transparent huge pages, `--version` must then take fewer minor page faults than the
# `.hydrated` section has 4 KiB pages (without the advice it took one fault per page, ~6,100 of ~7,000 in all).
thp="$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo '[never]')"
hydrated="$(readelf -SW "$aot_dir/evidencepipe" | awk '$2 == ".hydrated" { print $6 }')"
if [[ "$thp" != *"[never]"* ]] && [ -n "$hydrated" ] && [ -x /usr/bin/time ]; then
  checks=$((checks + 1))
  pages=$(( 16#$hydrated / 4096 ))
  faults="$(/usr/bin/time -f %R "$aot_dir/evidencepipe" --version 2>&1 >/dev/null | tail -1)"
  if [ "$faults" -lt "$pages" ]; then
    echo "same     start-up on huge pages ($faults minor faults for --version; .hydrated is $pages pages of 4 KiB)"
  else
    differ=$((differ + 1)); echo "DIFFERS  start-up on huge pages: $faults minor faults for --version, .hydrated is $pages pages of 4 KiB"
  fi
else
  echo "skipped  start-up on huge pages (transparent huge pages: $thp; no .hydrated section or GNU time)"
fi

echo "aot-check: $checks checks, $differ differ"
[ "$differ" = 0 ]
