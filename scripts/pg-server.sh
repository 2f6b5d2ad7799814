#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on loopback only.
#   scripts/pg-server.sh start DIR PORT   initdb in DIR/data, start on 127.0.0.1:PORT, print its URL
#   scripts/pg-server.sh stop DIR         stop it (fast) and remove DIR
#   scripts/pg-server.sh halt DIR / resume DIR   stop / start it again, keeping the data (partition tests)
# initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail
cmd=${1:?start|stop|halt|resume} dir=${2:?DIR}
bindir=$(pg_config --bindir 2>/dev/null || true)
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
fi
[[ -x $bindir/initdb ]] || { echo "pg-server: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 3; }
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
  start)
    port=${3:?PORT}
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 3; }
    echo "$port" >"$dir/port"
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=60" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 3; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  halt) as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  resume)
    port=$(cat "$dir/port")
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=60" start >/dev/null
    ;;
  stop)
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "pg-server: unknown command $cmd" >&2; exit 2 ;;
esac
