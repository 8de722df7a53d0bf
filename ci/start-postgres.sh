#!/usr/bin/env bash
# Start a private PostgreSQL server for the store tests and print its URL on stdout.
#   ci/start-postgres.sh DIR [PORT]      (stop: ci/start-postgres.sh --stop DIR)
# The server binaries come from the Debian package (ci/install-system-deps.sh installs it). The
# cluster lives in DIR/data, listens on 127.0.0.1:PORT and a socket in DIR, trusts local
# connections and runs without fsync: a throwaway test server, never a real one. PostgreSQL
# refuses to run as root, so under root it runs as the `postgres` user the package creates.
set -euo pipefail
if [ "${1:-}" = "--stop" ]; then
  DIR=${2:?usage: start-postgres.sh --stop DIR}
  BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  RUN=(); [ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
  if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1; then
    # pg_ctl needs data/postmaster.pid; if that is gone, stop the postmaster recorded at start
    # (SIGQUIT: PostgreSQL's immediate shutdown)
    [ -s "$DIR/postmaster.started" ] && kill -QUIT "$(cat "$DIR/postmaster.started")" 2>/dev/null || true
  fi
  exit 0
fi
DIR=${1:?usage: start-postgres.sh DIR [PORT]}
PORT=${2:-55432}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "start-postgres: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi
RUN=(); OWNER=$(id -un)
mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then
  RUN=(runuser -u postgres --); OWNER=postgres
  chown postgres "$DIR"; chmod 755 "$DIR"
fi
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  "${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U "$OWNER" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
fi
"${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
head -1 "$DIR/data/postmaster.pid" >"$DIR/postmaster.started"
echo "postgresql://$OWNER@127.0.0.1:$PORT/postgres"
