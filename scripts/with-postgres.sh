#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server started from the machine's binaries.
# initdb refuses to run as root, so the cluster belongs to the postgres user when we are root.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server binaries found (apt-get install postgresql)" >&2
  exit 3
fi
PORT=${PGPORT:-$(( 54000 + RANDOM % 1000 ))}
DIR=$(mktemp -d /tmp/qingfeng-pg.XXXXXX)
RUN=()
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; RUN=(runuser -u postgres --); fi
cleanup() { "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
"${RUN[@]}" "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
# A random port can be taken on a shared machine: try three, and show the server's log if all fail.
for attempt in 1 2 3; do
  if "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" -l "$DIR/log" -w start >/dev/null; then
    break
  fi
  echo "with-postgres: the server did not start on port $PORT (attempt $attempt):" >&2
  tail -n 20 "$DIR/log" >&2 || true
  [ "$attempt" = 3 ] && exit 1
  PORT=$(( 54000 + RANDOM % 1000 ))
done
export QINGFENG_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/qingfeng"
echo "with-postgres: PostgreSQL on 127.0.0.1:$PORT" >&2
"$@"
