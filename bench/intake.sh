#!/usr/bin/env bash
# Measures ticket intake (POST /api/v1/tickets through the whole host) side by side with pgbench
# inserting one ~2 KB jsonb row per transaction into the same PostgreSQL, at 1, 8 and 32 clients.
#
# It starts its own PostgreSQL cluster (synchronous_commit=on, fsync on) and its own Release host on
# free loopback ports, in a temporary folder, and stops both again on exit. Traffic goes to 127.0.0.1 only.
#
# Environment:
#   BENCH_DURATION  measured time per level, wrk syntax (default 20s; s or m suffix)
#   BENCH_WARMUP    discarded warm-up before each level (default 3s)
#   BENCH_CLIENTS   client counts (default "1 8 32")
#   BENCH_KEEP=1    keep the temporary folder (logs, mail pickup folder, raw outputs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../build/lib.sh"
cd "$ROOT"

BENCH_DURATION="${BENCH_DURATION:-20s}"
BENCH_WARMUP="${BENCH_WARMUP:-3s}"
BENCH_CLIENTS="${BENCH_CLIENTS:-1 8 32}"

seconds() { # 20s -> 20, 2m -> 120, 15 -> 15
  case "$1" in
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
duration_s="$(seconds "$BENCH_DURATION")"
warmup_s="$(seconds "$BENCH_WARMUP")"

ensure_postgres
ensure_shim
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v jq >/dev/null || apt_install jq
bin="$(pg_bindir)"
pgbench="$bin/pgbench"; [ -x "$pgbench" ] || pgbench="$(command -v pgbench)"
psql="$bin/psql"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/support-bench.XXXXXX")"
chmod 755 "$tmp"                     # the postgres system user must reach its data directory
pgdata="$tmp/pg/data"
mkdir -p "$tmp/pg" "$tmp/host" "$tmp/out"

host_pid=""
sampler_pid=""
pg_started=""
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  if [ -n "$sampler_pid" ] && kill -0 "$sampler_pid" 2>/dev/null; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    log "stopping the host (pid $host_pid)"
    kill -TERM "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$host_pid" 2>/dev/null && kill -KILL "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_started" ]; then
    log "stopping PostgreSQL"
    pg_stop "$pgdata"
  fi
  if [ "$rc" != 0 ] && [ -f "$tmp/host/host.log" ]; then
    log "host log (last 40 lines):"; tail -n 40 "$tmp/host/host.log" >&2 || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ] || [ "$rc" != 0 ]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup INT TERM EXIT

# --- PostgreSQL -------------------------------------------------------------------------------
pg_port="$(pg_start "$pgdata")"
pg_started=1
export PGPASSWORD; PGPASSWORD="$(cat "$tmp/pg/postgres.password")"
log "PostgreSQL on 127.0.0.1:$pg_port ($("$psql" -h 127.0.0.1 -p "$pg_port" -U support -d support -tAc \
  "select 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')"))"
sql() { "$psql" -h 127.0.0.1 -p "$pg_port" -U support -v ON_ERROR_STOP=1 -qtA "$@"; }

# --- host -------------------------------------------------------------------------------------
log "building the host (Release)"
dotnet build src/Host/Support.Host -c Release --nologo -v quiet -clp:ErrorsOnly
bindir="$ROOT/src/Host/Support.Host/bin/Release/net10.0"
host_port="$(free_port)"
admin_key="sup_admin_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
base="http://127.0.0.1:$host_port"
(
  export ASPNETCORE_URLS="$base"
  export ConnectionStrings__Support="Host=127.0.0.1;Port=$pg_port;Database=support;Username=support;Password=$PGPASSWORD"
  export Support__Bootstrap__AdminKey="$admin_key"
  export Support__DataDirectory="$tmp/host"
  export Logging__LogLevel__Default=Warning
  export Support__RateLimit__Enabled=false   # measure the service, not its per-key throttle (50/s by default)
  exec dotnet "$bindir/Support.Host.dll" --contentRoot "$bindir"
) >"$tmp/host/host.log" 2>&1 &
host_pid=$!
log "host pid $host_pid on $base; waiting for /health/ready"
for i in $(seq 1 240); do
  kill -0 "$host_pid" 2>/dev/null || { log "the host exited"; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ] && break
  [ "$i" = 240 ] && { log "the host is not ready after 120 s"; exit 1; }
  sleep 0.5
done
rss_idle_kb="$(ps -o rss= -p "$host_pid" | tr -d ' ')"

# --- organisation and agent key ---------------------------------------------------------------
post_admin() {
  curl -sS -f -X POST "$base$1" -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' -d "$2"
}
org_id="$(post_admin /api/v1/organizations '{"name":"Bench","language":"en","contract":"standard"}' | jq -r .id)"
agent_key="$(post_admin /api/v1/api-keys '{"name":"bench","role":"agent"}' | jq -r .key)"
[ -n "$org_id" ] && [ "$org_id" != null ] && [ -n "$agent_key" ] && [ "$agent_key" != null ] \
  || { log "could not create the organisation or the agent key"; exit 1; }

# --- the ~2 KB body, shared by wrk and pgbench ------------------------------------------------
description="After the upgrade to release 4.2 last Tuesday, the monthly export of invoices to our accounting \
system stops at about 60 percent. The progress bar stays at the same place for several minutes, then the page \
shows a generic error and the export file is never produced. We tried with Firefox and with Edge, from two \
different offices, and with a smaller date range (one week instead of one month); the smaller range works, but \
our accountants need the full month in a single file for the closing. The export worked fine with the previous \
release, with the same data volume (roughly 12,000 invoices per month). We did not change anything on our side: \
same users, same permissions, same filters (status paid or partially paid, all currencies, grouped by cost centre). \
Could you tell us whether this is a known limitation of the new release, whether there is a setting to raise a \
timeout or a size limit, or another way to obtain the complete file? The closing is due at the end of next week, \
so a workaround would already help a lot. In the meantime we export week by week and merge the files by hand, \
which takes our team about two hours each time and is error-prone. If you need more details, the last failed \
attempt was this morning at 09:40 for the user accounting-lead, on the production tenant; we can share a screen \
recording or give you temporary access. Attached to this ticket in our portal you will also find the browser \
console output and the HAR file of the failed request; the last request before the error is a call to the export \
status endpoint that returns HTTP 504 after exactly 120 seconds. Thank you in advance for your help."
jq -cn --arg org "$org_id" --arg d "$description" '{
  organizationId: $org,
  requester: {email: "jane.doe@bench.example.com", name: "Jane Doe"},
  subject: "Monthly invoice export stops at 60 percent since release 4.2 (ref {{N}})",
  description: $d, category: "usage", priority: "normal", channel: "api"}' >"$tmp/body.json"
body_bytes="$(wc -c <"$tmp/body.json")"
log "request body: $body_bytes bytes"

# pgbench: one row per transaction, the same document
sql -d postgres -c "create database pgbench" >/dev/null
sql -d pgbench -c "create table bench_jsonb(id bigserial primary key, data jsonb not null)" >/dev/null
{
  printf "insert into bench_jsonb(data) values ('"
  sed "s/'/''/g" "$tmp/body.json" | tr -d '\n'
  printf "'::jsonb);\n"
} >"$tmp/insert-jsonb.sql"

# --- runs -------------------------------------------------------------------------------------
outbox_backlog() {
  sql -d support -c "select case when to_regclass('messaging.mt_doc_outboxmessage') is null then -1
                          else (select count(*) from messaging.mt_doc_outboxmessage) end"
}
# waits (at most 300 s) until the after-commit delivery has caught up; prints the seconds it took
drain_outbox() {
  local start; start="$(date +%s.%N)"
  for _ in $(seq 1 600); do [ "$(outbox_backlog)" -le 0 ] && break; sleep 0.5; done
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }'
}
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" "$2" | tail -n 1; }

export BENCH_BODY_FILE="$tmp/body.json" BENCH_KEY="$agent_key"
declare -A rps p50 p99 non2xx tps backlog drain
rss_max_kb=0
for c in $BENCH_CLIENTS; do
  t=$(( c < 2 ? c : 2 ))
  log "intake: warm-up $BENCH_WARMUP at $c connection(s)"
  wrk -t "$t" -c "$c" -d "$BENCH_WARMUP" -s bench/submit-ticket.lua "$base/api/v1/tickets" >/dev/null
  drain_outbox >/dev/null
  if [ "$c" = 32 ] || [ "$c" = "$(echo "$BENCH_CLIENTS" | awk '{print $NF}')" ]; then
    : >"$tmp/out/rss.txt"
    ( while kill -0 "$host_pid" 2>/dev/null; do ps -o rss= -p "$host_pid" >>"$tmp/out/rss.txt" || true; sleep 0.5; done ) &
    sampler_pid=$!
  fi
  log "intake: $BENCH_DURATION at $c connection(s), $t thread(s)"
  wrk -t "$t" -c "$c" -d "$BENCH_DURATION" --latency --timeout 10s -s bench/submit-ticket.lua \
    "$base/api/v1/tickets" | tee "$tmp/out/wrk-$c.txt"
  if [ -n "$sampler_pid" ]; then
    kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""
    rss_max_kb="$(sort -n "$tmp/out/rss.txt" | tail -n 1 | tr -d ' ')"
  fi
  backlog[$c]="$(outbox_backlog)"
  rps[$c]="$(field rps "$tmp/out/wrk-$c.txt")"
  p50[$c]="$(ms "$(field p50_us "$tmp/out/wrk-$c.txt")")"
  p99[$c]="$(ms "$(field p99_us "$tmp/out/wrk-$c.txt")")"
  non2xx[$c]="$(field non2xx "$tmp/out/wrk-$c.txt")"
  log "outbox backlog right after the run: ${backlog[$c]} message(s)"
  drain[$c]="$(drain_outbox)"
  log "outbox drained in ${drain[$c]} s"
done

for c in $BENCH_CLIENTS; do
  log "pgbench: warm-up ${warmup_s}s, then ${duration_s}s at $c client(s)"
  "$pgbench" -n -h 127.0.0.1 -p "$pg_port" -U support -f "$tmp/insert-jsonb.sql" -c "$c" -j 2 -T "$warmup_s" pgbench >/dev/null 2>&1
  "$pgbench" -n -h 127.0.0.1 -p "$pg_port" -U support -f "$tmp/insert-jsonb.sql" -c "$c" -j 2 -T "$duration_s" pgbench \
    2>&1 | tee "$tmp/out/pgbench-$c.txt"
  tps[$c]="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$tmp/out/pgbench-$c.txt" | head -n 1 | awk '{ printf "%.1f", $1 }')"
done

tickets="$(sql -d support -c "select count(*) from triage.mt_doc_ticket" 2>/dev/null || echo '?')"
mails="$(find "$tmp/host" -name '*.eml' 2>/dev/null | wc -l)"

# --- summary ----------------------------------------------------------------------------------
{
  echo
  echo "Ticket intake vs pgbench ($(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs, $(free -m | awk '/^Mem:/ {print $2}') MB RAM;" \
    "${BENCH_DURATION} per level after ${BENCH_WARMUP} warm-up; body ${body_bytes} B; load avg now $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| clients | intake req/s | intake p50 ms | intake p99 ms | non-2xx | pgbench tps | intake/pgbench | outbox backlog at end | drain s |"
  echo "|--------:|-------------:|--------------:|--------------:|--------:|------------:|---------------:|----------------------:|--------:|"
  for c in $BENCH_CLIENTS; do
    ratio="$(awk -v a="${rps[$c]:-0}" -v b="${tps[$c]:-0}" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b; else print "n/a" }')"
    printf '| %7s | %12s | %13s | %13s | %7s | %11s | %14s | %21s | %7s |\n' \
      "$c" "${rps[$c]}" "${p50[$c]}" "${p99[$c]}" "${non2xx[$c]}" "${tps[$c]}" "$ratio" "${backlog[$c]}" "${drain[$c]}"
  done
  echo
  echo "host RSS: $(( rss_idle_kb / 1024 )) MB idle after start, max $(( rss_max_kb / 1024 )) MB during the last (highest-concurrency) run"
  echo "tickets stored: $tickets (including warm-ups); emails in the pickup folder: $mails"
} | tee "$tmp/out/summary.md"
