# Shared helpers for run.sh and test.sh: install what is missing, pack the NuGet shim, run PostgreSQL.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '[support] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  log "installing $*"
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

ensure_postgres() {
  if [ -z "$(pg_bindir)" ] || [ ! -x "$(pg_bindir)/initdb" ]; then
    apt_install postgresql
  fi
}

ensure_smtp_sink() {
  if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    apt_install python3-aiosmtpd
  fi
}

# The IMAP server of the email-intake tests (tests/Support.Testing/DovecotServer.cs), which runs
# `dovecot -F -c <its own config>` per test: the package's system service is neither started nor enabled.
ensure_dovecot() {
  [ -x /usr/sbin/dovecot ] && return 0
  local policy=/usr/sbin/policy-rc.d added="" status=0
  if [ ! -e "$policy" ]; then
    # The postinst starts services through invoke-rc.d / deb-systemd-invoke, which ask policy-rc.d
    # first: 101 is "action forbidden". An existing policy-rc.d is the machine's own and stays.
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod 755 "$policy" && added=1
  fi
  apt_install dovecot-imapd || status=$?
  [ -n "$added" ] && as_root rm -f "$policy"
  # dovecot was not installed before, so whatever runs now was started by this install (an existing
  # policy-rc.d may allow starts): stop it, and under systemd keep it off at boot too.
  if [ -d /run/systemd/system ]; then
    as_root systemctl disable --now --quiet dovecot.service dovecot.socket 2>/dev/null || true
  elif [ -f /run/dovecot/master.pid ] && as_root kill -0 "$(cat /run/dovecot/master.pid)" 2>/dev/null; then
    as_root service dovecot stop >/dev/null 2>&1 || true
  fi
  return "$status"
}

# The OpenAPI linter the contract test runs (tests/Support.Host.Tests/Platform/OpenApiContractTests.cs),
# installed into the repo-local, git-ignored .tools/spectral.
SPECTRAL_VERSION="6.16.3"
ensure_spectral() {
  local dir="$ROOT/.tools/spectral"
  if [ ! -x "$dir/node_modules/.bin/spectral" ] \
      || [ "$("$dir/node_modules/.bin/spectral" --version 2>/dev/null)" != "$SPECTRAL_VERSION" ]; then
    log "installing @stoplight/spectral-cli $SPECTRAL_VERSION into $dir"
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || printf '{ "name": "support-tools-spectral", "private": true }\n' > "$dir/package.json"
    npm install --prefix "$dir" --save-exact --no-audit --no-fund --loglevel=error \
      "@stoplight/spectral-cli@$SPECTRAL_VERSION" >/dev/null
  fi
}

# The mock/validation proxy the contract traffic test runs
# (tests/Support.Host.Tests/Platform/ContractTrafficTests.cs), installed into the repo-local,
# git-ignored .tools/prism.
PRISM_VERSION="5.16.0"
ensure_prism() {
  local dir="$ROOT/.tools/prism"
  if [ ! -x "$dir/node_modules/.bin/prism" ] \
      || [ "$("$dir/node_modules/.bin/prism" --version 2>/dev/null)" != "$PRISM_VERSION" ]; then
    log "installing @stoplight/prism-cli $PRISM_VERSION into $dir"
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || printf '{ "name": "support-tools-prism", "private": true }\n' > "$dir/package.json"
    npm install --prefix "$dir" --save-exact --no-audit --no-fund --loglevel=error \
      "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null
  fi
}

# Marten 9.58 needs Patched.DistributedLock.Postgres 1.3.3, whose own dependency the feed lacks:
# a local metadata-only package stands in for it (docs/adr/0002-distributed-lock-shim.md).
ensure_shim() {
  if [ ! -f "$ROOT/build/shim/feed/Patched.DistributedLock.Postgres.1.3.3.nupkg" ]; then
    log "packing the local Patched.DistributedLock.Postgres shim"
    dotnet pack "$ROOT/build/shim/Patched.DistributedLock.Postgres.csproj" -c Release -o "$ROOT/build/shim/feed" \
      -p:NoWarn=NU1603 --nologo -v quiet >/dev/null
  fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    # Below the ephemeral range (32768+), so no outgoing connection holds the port we pick.
    port=$(( (RANDOM % 12000) + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# postgres refuses to run as root: as root, the cluster belongs to the 'postgres' system user.
pg_user_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DATADIR: creates the cluster on first use, starts it on a free loopback port, prints the port.
pg_start() {
  local data="$1" bin; bin="$(pg_bindir)"
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres: "$data"
  fi
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    local pwfile; pwfile="$(dirname "$data")/postgres.password"
    [ -f "$pwfile" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$pwfile")
    [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
    log "creating PostgreSQL cluster in $data"
    pg_user_run "$bin/initdb" -D "$data" -U support --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  local port; port="$(free_port)"
  export PGPASSWORD; PGPASSWORD="$(cat "$(dirname "$data")/postgres.password")"
  pg_user_run "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=on" start >/dev/null
  if ! pg_user_run "$bin/psql" -h 127.0.0.1 -p "$port" -U support -d postgres -tAc "select 1 from pg_database where datname='support'" \
      2>/dev/null | grep -q 1; then
    pg_user_run "$bin/createdb" -h 127.0.0.1 -p "$port" -U support support
  fi
  echo "$port"
}

pg_stop() {
  local data="$1"
  [ -f "$data/postmaster.pid" ] && pg_user_run "$(pg_bindir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}
