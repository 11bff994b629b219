#!/usr/bin/env bash
# Renders an EvidencePipe HTML report to a PNG with headless Chromium (Debian `chromium`),
# so a person can check what the page shows. Usage: scripts/render-report.sh REPORT.html OUT.png [WIDTH] [HEIGHT]
set -euo pipefail
report="$(realpath "$1")"; out="$(realpath -m "$2")"; width="${3:-1200}"; height="${4:-3000}"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
profile="$(mktemp -d)"; trap 'rm -rf "$profile"' EXIT
# The flags keep Chromium off the network (the report needs none) and out of the user's profile.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size="${width},${height}" --screenshot="$out" "file://${report}" 2>/dev/null
echo "rendered: $out"
