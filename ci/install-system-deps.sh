#!/usr/bin/env sh
# System packages the test suite needs beyond Python: Chromium, to open the Data Docs site and the
# dashboard headless (the Data Docs browser check skips when no chromium is installed); a CJK font
# so that Chinese renders in it; the PostgreSQL server, which tests/test_bureau_store.py starts on
# a private port (ci/start-postgres.sh) to check the store against a real database.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$need postgresql"
ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || need="$need fonts-noto-cjk"
[ -z "$need" ] && exit 0
apt-get update
# shellcheck disable=SC2086 # one word per package
apt-get install -y --no-install-recommends $need
