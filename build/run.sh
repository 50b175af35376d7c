#!/usr/bin/env bash
# Starts the Support service. With no ConnectionStrings__Support it runs its own PostgreSQL cluster
# under the data directory (default .data/ in the repository), on a free loopback port, and stops it
# again when the service stops (SIGTERM or Ctrl-C). A second run reuses the same data.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_shim
export Support__DataDirectory="${Support__DataDirectory:-$ROOT/.data}"
mkdir -p "$Support__DataDirectory"
export Support__DataDirectory="$(cd "$Support__DataDirectory" && pwd)"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"

bindir="$ROOT/src/Host/Support.Host/bin/Release/net10.0"
if [ "${SUPPORT_NO_BUILD:-}" != 1 ] || [ ! -f "$bindir/Support.Host.dll" ]; then
  log "building"
  dotnet build "$ROOT/src/Host/Support.Host/Support.Host.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly
fi

embedded=""
if [ -z "${ConnectionStrings__Support:-}" ]; then
  ensure_postgres
  embedded="$Support__DataDirectory/postgres"
  pg_stop "$embedded"
  port="$(pg_start "$embedded")"
  password="$(cat "$Support__DataDirectory/postgres.password")"
  export ConnectionStrings__Support="Host=127.0.0.1;Port=$port;Database=support;Username=support;Password=$password"
  log "PostgreSQL listening on 127.0.0.1:$port (data in $embedded)"

  if [ -z "${Support__Bootstrap__AdminKey:-}" ]; then
    keyfile="$Support__DataDirectory/admin-key"
    if [ ! -s "$keyfile" ]; then
      (umask 077; printf 'sup_admin_%s\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$keyfile")
      log "generated an administrator API key (kept in $keyfile; shown this once):"
      printf '\n    %s\n\n' "$(cat "$keyfile")" >&2
    else
      log "administrator API key: see $keyfile"
    fi
    export Support__Bootstrap__AdminKey="$(cat "$keyfile")"
  fi
fi

host_pid=""
shutdown() {
  trap - INT TERM EXIT
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    kill -TERM "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  if [ -n "$embedded" ]; then
    log "stopping PostgreSQL"
    pg_stop "$embedded"
  fi
}
trap shutdown INT TERM EXIT

log "starting on $ASPNETCORE_URLS (API reference at $ASPNETCORE_URLS/docs)"
dotnet "$bindir/Support.Host.dll" --contentRoot "$bindir" &
host_pid=$!
wait "$host_pid" || true
