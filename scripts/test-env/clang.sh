#!/usr/bin/env bash
# Sourced by scripts/test.sh: a C compiler for the multi-buffer SHA-256 kernel (src/EvidencePipe.Core/Native/sha256x16.c,
# built as libevidencepipe_native.so by EvidencePipe.Core.csproj; issue 18). Installs clang when neither clang nor cc is
# present (as root, non-interactively, quietly); does nothing when one is. Without it the build hashes with OpenSSL only
# and Sha256x16Tests fail on an AVX-512 machine, never skip.
clang_setup() {
  if command -v clang >/dev/null 2>&1 || command -v cc >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing clang (multi-buffer SHA-256 kernel)"
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang; } >/dev/null 2>&1 \
      || echo "warning: clang could not be installed; hashing stays on OpenSSL and the SHA-256 lane tests fail" >&2
  else
    echo "warning: no C compiler (clang or cc) and not root: apt-get install clang (the SHA-256 lane tests will fail)" >&2
  fi
}
