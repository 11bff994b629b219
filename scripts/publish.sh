#!/usr/bin/env bash
# Publishes the CLI for this machine's runtime (linux-x64, linux-arm64…), Release, into OUT.
#   --aot  Native AOT (default): one native executable OUT/evidencepipe (+ OUT/libe_sqlite3.so), no .NET runtime
#          needed on the machine, no JIT at start-up. Needs clang (or gcc) and zlib1g-dev; see README "Install".
#   --r2r  framework-dependent ReadyToRun: OUT/evidencepipe.dll, run with `dotnet OUT/evidencepipe.dll` (the
#          .NET 10 runtime must be installed); what every build before the AOT switch published.
# PROJECT defaults to src/EvidencePipe.Cli (scripts/bench.sh passes an older checkout's project for its baseline).
# Usage: scripts/publish.sh [--aot|--r2r] OUT [PROJECT]
set -euo pipefail

mode=aot
case "${1:-}" in
  --aot) mode=aot; shift ;;
  --r2r) mode=r2r; shift ;;
esac
out="${1:?usage: scripts/publish.sh [--aot|--r2r] OUT [PROJECT]}"
project="${2:-$(dirname "$0")/../src/EvidencePipe.Cli}"
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"

if [ "$mode" = aot ]; then
  # No -p:IlcInstructionSet: the binary runs on any x86-64 (SSE4.2-era baseline), as the JIT build does.
  dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true -o "$out" -v q -nologo
else
  dotnet publish "$project" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out" -v q -nologo
fi
