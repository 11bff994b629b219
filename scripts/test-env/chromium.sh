#!/usr/bin/env bash
# Sourced by scripts/test.sh: Debian's Chromium for the web page's browser tests (tests/EvidencePipe.Web.Tests,
# Playwright for .NET pointed at /usr/bin/chromium; no Playwright browser download). Installs it when missing
# (as root, non-interactively, quietly); does nothing when present. Without it those tests fail, never skip.
chromium_setup() {
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium (web page browser tests)"
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1 \
      || echo "warning: chromium could not be installed; the browser tests will fail" >&2
  else
    echo "warning: /usr/bin/chromium not found and not root: apt-get install chromium (the browser tests will fail)" >&2
  fi
}
