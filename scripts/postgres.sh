#!/usr/bin/env bash
# Starts (if needed) a throwaway PostgreSQL for the database tests on 127.0.0.1:$PGPORT, makes a
# fresh empty database, and prints its DATABASE_URL. Installs Debian's postgresql when missing.
set -euo pipefail
PORT=${PGPORT:-54329}
DIR=${ORDER_DESK_PG_DIR:-/tmp/order-desk-pg}
DB=order_desk_test
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN=$(pgbin)
if [ -z "$BIN" ]; then
  echo "installing postgresql" >&2
  $SUDO apt-get update -qq >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN=$(pgbin)
fi

# As root, PostgreSQL runs as the postgres user; otherwise as whoever runs this.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if ! as_owner "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
  as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
fi

psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >&2
echo "postgres://postgres@127.0.0.1:$PORT/$DB"
