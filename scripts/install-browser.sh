#!/bin/sh
# Install Debian's Chromium for the browser tests (tests/web/test_browser.py), once.
# Idempotent: does nothing when /usr/bin/chromium is already there. Never downloads a
# browser through playwright (`playwright install` fetches from the network and fails here).
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "chromium: already installed ($CHROMIUM)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "chromium: not installed and not root; run as root:" >&2
    echo "  apt-get update && apt-get install -y chromium chromium-driver" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: no apt-get here; install Chromium so that $CHROMIUM exists" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium chromium-driver
"$CHROMIUM" --version 2>/dev/null || true
