#!/usr/bin/env bash
# Sourced by scripts/test.sh: Debian's ImageMagick for the dark-theme screenshot tests (issue 18: a dark
# screenshot is converted to inverted greyscale before tesseract reads it). Installs it when missing (as root,
# non-interactively, quietly); does nothing when present. Without it those tests fail, never skip.
imagemagick_setup() {
  if command -v magick >/dev/null 2>&1 || command -v convert >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing imagemagick (dark-theme screenshot tests)"
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends imagemagick; } >/dev/null 2>&1 \
      || echo "warning: imagemagick could not be installed; the dark-theme screenshot tests will fail" >&2
  else
    echo "warning: ImageMagick (magick or convert) not found and not root: apt-get install imagemagick (the dark-theme screenshot tests will fail)" >&2
  fi
}
