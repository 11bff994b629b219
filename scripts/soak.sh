#!/usr/bin/env bash
# Seeded crash soak (issue 19): random kills and resumes over a 1M-event case with hostile files mixed in, until a
# time budget runs out; every cycle's final export must be byte-identical to a clean run's.
#
#   corpus   synth --events N --seed SEED, plus the hostile zips of scripts/hostile-zips.py (bombs, nested and
#            duplicate names, traversal, truncated, a database inside a zip) and the hostile fixtures
#            (fixtures/vcard/hostile, fixtures/sms_backup/hostile)
#   clean    one uninterrupted ingest; its export (jsonl) is the reference
#   cycles   until the budget is spent: a fresh case, 1–3 killed runs in a row — each either a fault point with a
#            random pass count (EVIDENCEPIPE_FAULT=NAME:N, FaultPoint.cs) or a SIGKILL after a random delay — each
#            followed by PRAGMA integrity_check (sqlite3 CLI) and a check that no leftover temporary copy survives
#            the next run; then a resume to completion and a byte-for-byte comparison of the export with the clean one
#
# Every choice comes from bash's RANDOM seeded with --seed, so a seed replays the same decisions (the moment a
# delayed SIGKILL lands still depends on the machine's speed: that is the randomised half of the soak).
# Not a test: it runs for minutes and is refused under CI. Prints a markdown summary; --out FILE also writes it.
#
# Usage: scripts/soak.sh --seed N --minutes M [--events N] [--out FILE] [--work DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

usage() { sed -n '/^# Usage:/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

if [ -n "${CI:-}" ]; then
  echo "soak.sh: not run under CI (CI=$CI): it is a soak, not a test" >&2
  exit 1
fi

seed=""
minutes=""
events=1000000
out=""
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --minutes) minutes="${2:?--minutes needs a number}"; shift 2 ;;
    --events) events="${2:?--events needs a count}"; shift 2 ;;
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --work) work="${2:?--work needs a directory}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 1 ;;
  esac
done
[[ "$seed" =~ ^[0-9]+$ && "$minutes" =~ ^[0-9]+$ && "$events" =~ ^[0-9]+$ ]] || { usage >&2; exit 1; }

if [ -z "$work" ]; then
  work="$(mktemp -d -t evidencepipe-soak.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
log="$work/soak.log"
say() { echo "$*" | tee -a "$log" >&2; }

commit="$(git rev-parse --short HEAD)"
dirty="$(git status --porcelain --untracked-files=no | grep -q . && echo " (uncommitted changes in the worktree are not included)" || true)"

# A private build of the committed tree (git archive HEAD), so work in the worktree — edits, rebuilds — cannot
# change or swap the binary under the soak; uncommitted changes are not soaked.
if [ ! -f "$work/cli/evidencepipe.dll" ]; then
  say "building the CLI at $commit into $work/cli$dirty"
  rm -rf "$work/src"; mkdir -p "$work/src"
  git archive HEAD | tar -x -C "$work/src"
  (cd "$work/src" && dotnet publish src/EvidencePipe.Cli -c Release -o "$work/cli" -v q -nologo) > "$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
fi
ep=(dotnet "$work/cli/evidencepipe.dll")

corpus="$work/corpus"
if [ ! -d "$corpus" ]; then
  say "synthesising $events events (seed $seed)"
  "${ep[@]}" synth --out "$corpus" --events "$events" --seed "$seed" > "$work/synth.out"
  python3 scripts/hostile-zips.py "$corpus/hostile-zips" --repo "$repo"
  mkdir -p "$corpus/hostile-fixtures"
  cp -r fixtures/vcard/hostile "$corpus/hostile-fixtures/vcard"
  cp -r fixtures/sms_backup/hostile "$corpus/hostile-fixtures/sms_backup"
fi
files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)

ingest() { "${ep[@]}" ingest "$corpus" --case "$1" --workers 2 --quiet; }
export_case() { "${ep[@]}" export --case "$1" --format jsonl > "$2"; }
# Exit codes of a finished ingest: 0, or 2 when some source has diagnostics (the hostile files always do).
finished() { [ "$1" -eq 0 ] || [ "$1" -eq 2 ]; }

say "clean run"
start=$(date +%s.%N)
set +e; ingest "$work/clean.case" > "$work/clean.out" 2>&1; rc=$?; set -e
finished "$rc" || { say "FAILED: the clean ingest exited $rc"; tail -20 "$work/clean.out" >&2; exit 1; }
clean_seconds=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
export_case "$work/clean.case" "$work/clean.jsonl"
clean_lines=$(wc -l < "$work/clean.jsonl")
clean_sha=$(sha256sum "$work/clean.jsonl" | cut -d' ' -f1)
say "clean: $clean_lines exported lines in ${clean_seconds} s, sha256 $clean_sha"

# Fault points (FaultPoint.All) with the largest pass count worth drawing for this corpus: one pass per source for
# after-hash, one per writer transaction (16,384 records) for the batch points, a few for the rest.
batches=$(( events / 16384 + 2 ))
points=("after-hash:$files" "mid-batch:$batches" "before-commit:$batches" "after-commit:$batches" "index-commit:2" "checkpoint:1" "after-temp-copy:3")

RANDOM=$seed
declare -A hit=() missed=()
kills=0 sigkills=0 faults=0 resumes=0 cycles=0 identical=0 different=0 integrity_ok=0 integrity_bad=0 leftovers=0 unfinished=0 copies_left=0
deadline=$(( $(date +%s) + minutes * 60 ))
say "soak: $minutes minutes, seed $seed"

integrity() {
  local db="$1/case.db"
  [ -f "$db" ] || return 0
  local result
  result="$(sqlite3 "file:$db?mode=ro" 'PRAGMA integrity_check' 2>&1 | head -3)"
  if [ "$result" = "ok" ]; then integrity_ok=$((integrity_ok + 1)); else integrity_bad=$((integrity_bad + 1)); say "  integrity_check: $result"; fi
}

while [ "$(date +%s)" -lt "$deadline" ]; do
  cycles=$((cycles + 1))
  case_dir="$work/soak.case"
  rm -rf "$case_dir"
  runs=$(( RANDOM % 3 + 1 ))
  for ((r = 1; r <= runs; r++)); do
    if [ $(( RANDOM % 3 )) -eq 0 ]; then
      # SIGKILL after a random delay within the clean run's duration (tenths of a second).
      limit=$(python3 -c "import sys; print(max(1, int(float(sys.argv[1]) * 10)))" "$clean_seconds")
      delay_tenths=$(( (RANDOM * 32768 + RANDOM) % limit + 1 ))
      delay=$(python3 -c "import sys; print(int(sys.argv[1]) / 10)" "$delay_tenths")
      # The CLI itself in the background (not a shell function, whose subshell would take the SIGKILL instead).
      "${ep[@]}" ingest "$corpus" --case "$case_dir" --workers 2 --quiet > "$work/run.out" 2>&1 &
      pid=$!
      sleep "$delay"
      if kill -KILL "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null || true
        kills=$((kills + 1)); sigkills=$((sigkills + 1))
        say "cycle $cycles run $r: SIGKILL after ${delay} s"
      else
        set +e; wait "$pid"; rc=$?; set -e
        say "cycle $cycles run $r: finished (exit $rc) before the SIGKILL at ${delay} s"
        finished "$rc" || { unfinished=$((unfinished + 1)); say "  unexpected exit $rc"; }
      fi
    else
      spec="${points[$(( RANDOM % ${#points[@]} ))]}"
      name="${spec%%:*}"; max="${spec##*:}"
      n=$(( RANDOM % max + 1 ))
      set +e; EVIDENCEPIPE_FAULT="$name:$n" ingest "$case_dir" > "$work/run.out" 2>&1; rc=$?; set -e
      if [ "$rc" -eq 137 ]; then
        kills=$((kills + 1)); faults=$((faults + 1)); hit[$name]=$(( ${hit[$name]:-0} + 1 ))
        say "cycle $cycles run $r: killed at $name:$n"
        # The kill after a temporary copy must leave one behind, or the sweep below would prove nothing.
        if [ "$name" = after-temp-copy ] && [ -n "$(ls -A "$case_dir/tmp" 2>/dev/null)" ]; then copies_left=$((copies_left + 1)); fi
      else
        missed[$name]=$(( ${missed[$name]:-0} + 1 ))
        say "cycle $cycles run $r: $name:$n not reached (exit $rc)"
        finished "$rc" || { unfinished=$((unfinished + 1)); say "  unexpected exit $rc"; tail -5 "$work/run.out" >&2; }
      fi
    fi
    integrity "$case_dir"
  done

  set +e; ingest "$case_dir" > "$work/resume.out" 2>&1; rc=$?; set -e
  resumes=$((resumes + 1))
  finished "$rc" || { unfinished=$((unfinished + 1)); say "  resume exited $rc"; tail -5 "$work/resume.out" >&2; }
  integrity "$case_dir"
  # A finished run removes its own temporary folder and sweeps a killed run's: nothing may be left.
  if [ -d "$case_dir/tmp" ] && [ -n "$(ls -A "$case_dir/tmp")" ]; then
    leftovers=$((leftovers + 1)); say "  leftover temporary files: $(ls -A "$case_dir/tmp" | tr '\n' ' ')"
  fi
  export_case "$case_dir" "$work/soak.jsonl"
  if cmp -s "$work/clean.jsonl" "$work/soak.jsonl"; then
    identical=$((identical + 1)); say "cycle $cycles: resumed; export identical to the clean run"
  else
    different=$((different + 1)); say "cycle $cycles: resumed; EXPORT DIFFERS from the clean run"
    cp "$work/soak.jsonl" "$work/differs-cycle$cycles.jsonl"
  fi
done

verdict=PASS
if [ "$different" -gt 0 ] || [ "$integrity_bad" -gt 0 ] || [ "$leftovers" -gt 0 ] || [ "$unfinished" -gt 0 ] || [ "$identical" -eq 0 ]; then
  verdict=FAIL
fi

summary="$work/summary.md"
{
  echo "# Crash soak: seed $seed, $minutes minutes"
  echo
  echo "- commit: $commit (built from git archive); $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(uname -sr)), run under \`nice\` beside other builds"
  echo "- command: \`scripts/soak.sh --seed $seed --minutes $minutes --events $events\`"
  echo "- corpus: $events synthesised events + hostile zips and fixtures; $files files, $bytes bytes"
  echo "- clean run: $clean_lines exported lines in $clean_seconds s (wall clock, loaded machine), export sha256 \`$clean_sha\`"
  echo
  echo "| measure | count |"
  echo "|---|---|"
  echo "| cycles (fresh case → kills → resume → compare) | $cycles |"
  echo "| kills | $kills |"
  echo "| … at a fault point | $faults |"
  echo "| … by SIGKILL after a random delay | $sigkills |"
  echo "| resumes to completion | $resumes |"
  echo "| integrity_check ok / failed | $integrity_ok / $integrity_bad |"
  echo "| exports identical / different | $identical / $different |"
  echo "| temporary copies left in the case by a kill (swept by the next run) | $copies_left |"
  echo "| leftover temporary folders after a resume | $leftovers |"
  echo "| runs with an unexpected exit code | $unfinished |"
  echo
  echo "| fault point | killed there | drawn but not reached |"
  echo "|---|---|---|"
  for spec in "${points[@]}"; do
    name="${spec%%:*}"
    echo "| $name (N ≤ ${spec##*:}) | ${hit[$name]:-0} | ${missed[$name]:-0} |"
  done
  echo
  echo "**Verdict: $verdict**"
} > "$summary"
cat "$summary"
[ -z "$out" ] || cp "$summary" "$out"
[ "$verdict" = PASS ]
