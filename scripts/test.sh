#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: "tests: N passed, N failed, N skipped".
# Needs the .NET SDK (global.json) and Debian's tesseract-ocr + tesseract-ocr-eng + poppler-utils for the OCR tests,
# which it installs when missing (as root, non-interactively, quietly; nothing is done when present).
# Exits non-zero if anything failed or nothing ran.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v tesseract >/dev/null 2>&1 || [ ! -e /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing tesseract-ocr and poppler-utils (OCR tests)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-eng poppler-utils; } >/dev/null 2>&1 \
      || echo "warning: tesseract-ocr/poppler-utils could not be installed; the OCR tests will fail" >&2
  else
    echo "warning: tesseract or pdftoppm not found and not root: apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils" >&2
  fi
fi

source scripts/test-env/chromium.sh && chromium_setup
source scripts/test-env/imagemagick.sh && imagemagick_setup  # dark-theme screenshots (issue 18)
source scripts/test-env/clang.sh && clang_setup  # the multi-buffer SHA-256 kernel (issue 18)

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
. scripts/test-env/postgresql.sh && pg_test_env_start  # lab store tests (issue 20): a throwaway PostgreSQL, removed on exit
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet test EvidencePipe.sln -c Release --logger "trx" --results-directory "$results"
status=$?

passed=0; failed=0; total=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  total=$((total + ${t:-0})); passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
skipped=$((total - passed - failed))

echo "test result files: ${#trx_files[@]}"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
