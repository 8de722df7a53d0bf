#!/usr/bin/env sh
# System packages the test suite needs beyond Python: Chromium, to open the Data Docs site headless
# (tests/test_datadocs.py skips its browser check when no chromium is installed).
set -eu
command -v chromium >/dev/null 2>&1 && exit 0
apt-get update
apt-get install -y --no-install-recommends chromium
