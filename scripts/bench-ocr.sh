#!/usr/bin/env bash
# OCR speed, measured apart from hashing + metadata (scripts/bench-images.sh): the generated
# screenshots of fixtures/ocr replicated COPIES times (default 10; a few bytes after each copy's PNG
# IEND chunk make every copy's hash differ, so ingest reads each one) through `ingest`, once with OCR
# and once with EVIDENCEPIPE_TESSERACT=off.
# Needs: the .NET SDK, tesseract-ocr + tesseract-ocr-eng, python3.
# Usage: scripts/bench-ocr.sh [COPIES]
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-10}"
command -v tesseract >/dev/null || { echo "tesseract not found: apt-get install -y tesseract-ocr tesseract-ocr-eng" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
for f in fixtures/ocr/*.png; do
  for i in $(seq -w 1 "$copies"); do
    dst="$work/in/${i}_$(basename "$f")"; cp "$f" "$dst"; printf 'copy %s' "$i" >> "$dst"
  done
done
count="$(find "$work/in" -type f | wc -l)"
dotnet build src/EvidencePipe.Cli -c Release -v q >/dev/null
# elapsed_s of one ingest; exit 2 (finished, some sources had diagnostics — low-confidence OCR, the
# OCR-off notice) is a finished run, anything else stops the script with ingest's stderr.
run() {
  local status=0
  dotnet run --no-build --project src/EvidencePipe.Cli -c Release -- ingest "$work/in" --case "$work/case-$1" --json --quiet \
    > "$work/$1.json" 2> "$work/$1.err" || status=$?
  if [ "$status" != 0 ] && [ "$status" != 2 ]; then
    echo "bench-ocr.sh: ingest ($1) exited $status" >&2; tail -20 "$work/$1.err" >&2; exit 1
  fi
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["elapsed_s"])' "$work/$1.json"
}
with_ocr="$(run ocr)"
without="$(EVIDENCEPIPE_TESSERACT=off run plain)"
python3 - "$count" "$with_ocr" "$without" "$(nproc)" <<'PY'
import sys
n, ocr, plain, cores = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print(f"screenshots: {n} ({cores} cores; OCR workers = cores/2)")
print(f"ingest with OCR   : {ocr:7.2f} s  = {n / ocr:6.2f} pages/s")
print(f"ingest without OCR: {plain:7.2f} s  = {n / plain:6.2f} images/s")
print(f"OCR alone         : {n / max(ocr - plain, 1e-9):6.2f} pages/s")
PY
