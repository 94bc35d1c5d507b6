#!/bin/sh
# Installs Debian's chromium for the headless HTML report tests (ViewsCLITests).
# Without it the browser check skips with a message on a developer's machine and fails in CI
# (CI=1 or DIMENSIONERING_EXHAUSTIVE=1). Needs root (or sudo).
set -eu
if command -v chromium >/dev/null 2>&1; then
    echo "chromium already installed: $(command -v chromium)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
# The binary itself: Debian's /usr/bin/chromium wrapper prints shell warnings in containers.
/usr/lib/chromium/chromium --version 2>/dev/null || chromium --version
