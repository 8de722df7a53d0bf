#!/usr/bin/env sh
# System packages the test suite needs beyond Python: Chromium, to open the Data Docs site headless
# (tests/test_datadocs.py skips its browser check when no chromium is installed).
set -eu
apt-get update
apt-get install -y --no-install-recommends chromium
