#!/usr/bin/env bash
# Measures email intake (POST /api/v1/inbound/email, a raw ~2 KB RFC 5322 message, through the whole
# host) side by side with pgbench inserting one ~2 KB jsonb row per transaction into the same
# PostgreSQL, at 1, 8 and 32 clients, for two shapes of mail:
#   new    every message opens a ticket (a sender of a known organisation, matched by its email domain);
#   reply  every message answers one existing ticket, threaded by the [SUP-n] token of its subject,
#          which hands the reply to Triage through the outbox (one fresh ticket per level).
#
# Like bench/intake.sh, it starts its own PostgreSQL cluster (synchronous_commit=on, fsync on) and its
# own Release host on free loopback ports, in a temporary folder, and stops both again on exit. The host
# is built from a snapshot of the committed tree (git archive) into that folder, so the working tree's
# bin/ and obj/ (and any uncommitted edit) are left alone. Traffic goes to 127.0.0.1 only.
#
# Environment:
#   BENCH_DURATION  measured time per level, wrk syntax (default 15s; s or m suffix)
#   BENCH_WARMUP    discarded warm-up before each level (default 3s)
#   BENCH_CLIENTS   client counts (default "1 8 32")
#   BENCH_SHAPES    "new reply" (default), or one of them
#   BENCH_REF       the commit to build and measure (default HEAD)
#   BENCH_QUIET_WAIT  seconds to wait at most, before measuring, for a quiet machine: no `dotnet test`
#                   or testhost process and the CPUs at most 25 % busy (default 900, looked at every
#                   20 s; then it measures anyway and says so in the summary)
#   BENCH_KEEP=1    keep the temporary folder (logs, raw outputs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../build/lib.sh"
cd "$ROOT"

BENCH_DURATION="${BENCH_DURATION:-15s}"
BENCH_WARMUP="${BENCH_WARMUP:-3s}"
BENCH_CLIENTS="${BENCH_CLIENTS:-1 8 32}"
BENCH_SHAPES="${BENCH_SHAPES:-new reply}"
BENCH_REF="${BENCH_REF:-HEAD}"
BENCH_QUIET_WAIT="${BENCH_QUIET_WAIT:-900}"

seconds() { # 20s -> 20, 2m -> 120, 15 -> 15
  case "$1" in
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
duration_s="$(seconds "$BENCH_DURATION")"
warmup_s="$(seconds "$BENCH_WARMUP")"
last_level="$(echo "$BENCH_CLIENTS" | awk '{print $NF}')"

ensure_postgres
ensure_shim
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v jq >/dev/null || apt_install jq
bin="$(pg_bindir)"
pgbench="$bin/pgbench"; [ -x "$pgbench" ] || pgbench="$(command -v pgbench)"
psql="$bin/psql"

commit="$(git rev-parse --verify "$BENCH_REF^{commit}")"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/support-email-bench.XXXXXX")"
chmod 755 "$tmp"                     # the postgres system user must reach its data directory
pgdata="$tmp/pg/data"
mkdir -p "$tmp/pg" "$tmp/src" "$tmp/bin" "$tmp/data" "$tmp/out"
host_log="$tmp/data/host.log"

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
  if [ "$rc" != 0 ] && [ -f "$host_log" ]; then
    log "host log (last 40 lines):"; tail -n 40 "$host_log" >&2 || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ] || [ "$rc" != 0 ]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup INT TERM EXIT

# --- host build: the committed tree, in the temporary folder ----------------------------------
log "building the host (Release) of ${commit:0:12} in $tmp/src"
git archive "$commit" | tar -x -C "$tmp/src"
mkdir -p "$tmp/src/build/shim/feed"
cp "$ROOT/build/shim/feed/"*.nupkg "$tmp/src/build/shim/feed/"
# the packages this repository already restored (nuget.config's repo-local folder), read only
export NUGET_PACKAGES="$ROOT/.nuget/packages"
dotnet build "$tmp/src/src/Host/Support.Host" -c Release -o "$tmp/bin" --nologo -v quiet -clp:ErrorsOnly
unset NUGET_PACKAGES

# --- PostgreSQL -------------------------------------------------------------------------------
pg_port="$(pg_start "$pgdata")"
pg_started=1
export PGPASSWORD; PGPASSWORD="$(cat "$tmp/pg/postgres.password")"
log "PostgreSQL on 127.0.0.1:$pg_port ($("$psql" -h 127.0.0.1 -p "$pg_port" -U support -d support -tAc \
  "select 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')"))"
sql() { "$psql" -h 127.0.0.1 -p "$pg_port" -U support -v ON_ERROR_STOP=1 -qtA "$@"; }

# --- host -------------------------------------------------------------------------------------
host_port="$(free_port)"
admin_key="sup_admin_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
base="http://127.0.0.1:$host_port"
(
  export ASPNETCORE_URLS="$base"
  export ConnectionStrings__Support="Host=127.0.0.1;Port=$pg_port;Database=support;Username=support;Password=$PGPASSWORD"
  export Support__Bootstrap__AdminKey="$admin_key"
  export Support__DataDirectory="$tmp/data"
  export Logging__LogLevel__Default=Warning
  export Support__RateLimit__Enabled=false   # measure the service, not its per-key throttle (50/s by default)
  # One sender writes every message: without this, its 21st message within the hour is kept as
  # "throttled" (no ticket, no reply). The hourly count is still queried for each message.
  export Support__Mail__Inbound__MaxPerSenderPerHour=2000000000
  exec dotnet "$tmp/bin/Support.Host.dll" --contentRoot "$tmp/bin"
) >"$host_log" 2>&1 &
host_pid=$!
log "host pid $host_pid on $base; waiting for /health/ready"
for i in $(seq 1 240); do
  kill -0 "$host_pid" 2>/dev/null || { log "the host exited"; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ] && break
  [ "$i" = 240 ] && { log "the host is not ready after 120 s"; exit 1; }
  sleep 0.5
done
rss_idle_kb="$(ps -o rss= -p "$host_pid" | tr -d ' ')"
log_lines_at_start="$(wc -l <"$host_log")"

# --- organisation and mailgate key ------------------------------------------------------------
post_admin() {
  curl -sS -f -X POST "$base$1" -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' -d "$2"
}
org_id="$(post_admin /api/v1/organizations \
  '{"name":"Acme","language":"fr","contract":"standard","emailDomains":["acme.example"]}' | jq -r .id)"
mailgate_key="$(post_admin /api/v1/api-keys '{"name":"bench","role":"mailgate"}' | jq -r .key)"
[ -n "$org_id" ] && [ "$org_id" != null ] && [ -n "$mailgate_key" ] && [ "$mailgate_key" != null ] \
  || { log "could not create the organisation or the mailgate key"; exit 1; }

# --- the ~2 KB message ------------------------------------------------------------------------
# UTF-8 plain text, 8bit; "{{MESSAGE_ID}}" and "{{DATE}}" are filled per request by receive-email.lua.
body_text="Bonjour,

Depuis la mise à jour vers la version 4.2 mardi dernier, l'export mensuel des factures vers notre \
logiciel de comptabilité s'arrête à environ 60 %. La barre de progression reste bloquée plusieurs \
minutes, puis la page affiche une erreur générique et le fichier n'est jamais produit. Nous avons \
essayé avec Firefox et avec Edge, depuis deux bureaux différents, et avec une période plus courte \
(une semaine au lieu d'un mois) : la période courte fonctionne, mais nos comptables ont besoin du mois \
complet dans un seul fichier pour la clôture. L'export fonctionnait très bien avec la version \
précédente, avec le même volume (environ 12 000 factures par mois). Nous n'avons rien changé de notre \
côté : mêmes utilisateurs, mêmes droits, mêmes filtres (statut payé ou partiellement payé, toutes \
devises, regroupement par centre de coût).

Pourriez-vous nous dire s'il s'agit d'une limite connue de la nouvelle version, s'il existe un \
réglage pour augmenter un délai ou une taille maximale, ou une autre façon d'obtenir le fichier \
complet ? La clôture est prévue à la fin de la semaine prochaine, donc un contournement nous aiderait \
déjà beaucoup. En attendant, nous exportons semaine par semaine et fusionnons les fichiers à la main, \
ce qui prend deux heures à notre équipe à chaque fois.

Dernière tentative échouée : ce matin à 09 h 40, utilisateur « compta-responsable », environnement de \
production. La dernière requête avant l'erreur renvoie une erreur HTTP 504 après exactement 120 secondes.

Merci d'avance pour votre aide,
Jean Dupré
Service comptabilité, Acme"
# "Export mensuel des factures bloqué à 60 % depuis la version 4.2", as a mail program sends it:
# two RFC 2047 encoded words on a folded line (the space between them is inside the second one)
b64() { printf '%s' "$1" | base64 -w0; }
encoded_subject="=?UTF-8?B?$(b64 "Export mensuel des factures bloqué")?=
 =?UTF-8?B?$(b64 " à 60 % depuis la version 4.2")?="
write_message() { # write_message FILE SUBJECT
  {
    printf 'From: Jean <jean@acme.example>\n'
    printf 'To: support@support.localhost\n'
    printf 'Subject: %s\n' "$2"
    printf 'Date: {{DATE}}\n'
    printf 'Message-ID: {{MESSAGE_ID}}\n'
    printf 'MIME-Version: 1.0\n'
    printf 'Content-Type: text/plain; charset=utf-8\n'
    printf 'Content-Transfer-Encoding: 8bit\n'
    printf '\n'
    printf '%s\n' "$body_text" | fold -s -w 76 | sed 's/ $//'
  } | sed 's/$/\r/' >"$1"
}
write_message "$tmp/new.eml" "$encoded_subject"
message_bytes="$(sed 's/{{DATE}}/Mon, 01 Jan 2026 00:00:00 +0000/; s/{{MESSAGE_ID}}/<bench.new.1.1@acme.example>/' "$tmp/new.eml" | wc -c)"
log "message: about $message_bytes bytes"

# pgbench: one row per transaction, a ~2 KB document holding the message
sql -d postgres -c "create database pgbench" >/dev/null
sql -d pgbench -c "create table bench_jsonb(id bigserial primary key, data jsonb not null)" >/dev/null
jq -cn --rawfile raw "$tmp/new.eml" '{from: "jean@acme.example", to: ["support@support.localhost"], raw: $raw}' >"$tmp/doc.json"
doc_bytes="$(wc -c <"$tmp/doc.json")"
{
  printf "insert into bench_jsonb(data) values ('"
  sed "s/'/''/g" "$tmp/doc.json" | tr -d '\n'
  printf "'::jsonb);\n"
} >"$tmp/insert-jsonb.sql"

# --- helpers ----------------------------------------------------------------------------------
outbox_backlog() {
  sql -d support -c "select case when to_regclass('messaging.mt_doc_outboxmessage') is null then -1
                          else (select count(*) from messaging.mt_doc_outboxmessage) end"
}
# waits (at most 300 s) until the after-commit delivery has caught up; prints the seconds it took,
# or ">300 (N left)" when it did not
drain_outbox() {
  local start left; start="$(date +%s.%N)"
  for _ in $(seq 1 600); do left="$(outbox_backlog)"; [ "$left" -le 0 ] && break; sleep 0.5; done
  if [ "$left" -gt 0 ]; then echo ">300 ($left left)"; return; fi
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }'
}
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" "$2" | tail -n 1; }
# the answers per second in the first and the last third of a run: "first → last"
trend() {
  sed -n 's/^BENCH_TIMELINE //p' "$1" | tail -n 1 | awk '{
    n = NF; k = int(n / 3); if (k < 1) { print "n/a"; exit }
    for (i = 1; i <= k; i++) a += $i; for (i = n - k + 1; i <= n; i++) b += $i
    printf "%.0f → %.0f", a / k, b / k }'
}
# CPU accounting, in clock ticks: the host, the cluster (postmaster and its backends), the whole machine
hz="$(getconf CLK_TCK)"
proc_ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$(( t + $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }') )); done; echo "$t"; }
pg_ticks() { local pm; pm="$(head -n 1 "$pgdata/postmaster.pid")"; proc_ticks "$pm" $(pgrep -P "$pm"); }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
all_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
others() { pgrep -f "dotnet test|testhost" | grep -vx "$$" || true; }
others_seen=""
note_others() { # note_others LEVEL: remembers the level if a dotnet test/testhost process runs now
  [ -n "$(others)" ] && case ", $others_seen, " in *", $1, "*) ;; *) others_seen="${others_seen:+$others_seen, }$1" ;; esac
  return 0
}

# sends one message now (outside wrk) and prints the answer
send_one() { # send_one FILE MESSAGE-ID
  sed "s/{{DATE}}/$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S +0000')/; s/{{MESSAGE_ID}}/$2/" "$1" \
    | curl -sS -f -X POST "$base/api/v1/inbound/email" -H "Authorization: Bearer $mailgate_key" \
        -H 'Content-Type: message/rfc822' --data-binary @-
}

# --- wait for a quiet machine -----------------------------------------------------------------
# Quiet: no `dotnet test`/testhost process, and the CPUs at most 25 % busy over 5 s (builds, say,
# which that pattern does not see; this host and this cluster are idle here).
busy_pct() { # over N seconds
  local b0 a0; b0="$(busy_ticks)"; a0="$(all_ticks)"; sleep "$1"
  awk -v b=$(( $(busy_ticks) - b0 )) -v a=$(( $(all_ticks) - a0 )) 'BEGIN { printf "%.0f", (a > 0 ? 100 * b / a : 0) }'
}
noise() {
  local n busy; n="$(others | wc -l)"
  [ "$n" -gt 0 ] && { echo "$n dotnet test/testhost process(es) running"; return; }
  busy="$(busy_pct 5)"
  [ "$busy" -gt 25 ] && echo "the CPUs are ${busy} % busy (other processes)"
  return 0
}
quiet="quiet"
waited=0
while reason="$(noise)"; [ -n "$reason" ]; do
  if [ "$waited" -ge "$BENCH_QUIET_WAIT" ]; then
    quiet="NOT quiet: after waiting ${waited} s, ${reason}; measured anyway"
    break
  fi
  log "not quiet: ${reason}; waiting (${waited} s so far, at most ${BENCH_QUIET_WAIT} s)"
  sleep 20; waited=$(( waited + 25 ))
done
[ "$quiet" = quiet ] && [ "$waited" -gt 0 ] && quiet="quiet after waiting ${waited} s for other work to end"
log "machine: $quiet; load average $(cut -d' ' -f1-3 /proc/loadavg)"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- runs -------------------------------------------------------------------------------------
export BENCH_KEY="$mailgate_key"
declare -A cpu tps rps p50 p99 non2xx unexpected backlog drain trendline answers thread_ticket thread_size rss_max
for shape in $BENCH_SHAPES; do
  for c in $BENCH_CLIENTS; do
    t=$(( c < 2 ? c : 2 ))
    if [ "$shape" = new ]; then
      export BENCH_MESSAGE_FILE="$tmp/new.eml" BENCH_EXPECT=ingested
    else
      # a fresh ticket per level, opened by the same sender, that every message of the level answers
      opened="$(send_one "$tmp/new.eml" "<bench.thread.$c@acme.example>")"
      number="$(jq -r .ticketNumber <<<"$opened")"
      thread_ticket[$c]="$(jq -r .ticketId <<<"$opened")"
      [ -n "$number" ] && [ "$number" != null ] || { log "the thread's ticket was not opened: $opened"; exit 1; }
      write_message "$tmp/reply-$c.eml" "Re: [$number] $encoded_subject"
      export BENCH_MESSAGE_FILE="$tmp/reply-$c.eml" BENCH_EXPECT=subject_token
      drain_outbox >/dev/null
    fi
    log "$shape: warm-up $BENCH_WARMUP at $c connection(s)"
    BENCH_TAG="$shape-w$c" wrk -t "$t" -c "$c" -d "$BENCH_WARMUP" -s bench/receive-email.lua "$base/api/v1/inbound/email" >/dev/null
    drain_outbox >/dev/null
    note_others "$shape/$c"
    if [ "$c" = 32 ] || [ "$c" = "$last_level" ]; then
      : >"$tmp/out/rss-$shape.txt"
      ( while kill -0 "$host_pid" 2>/dev/null; do ps -o rss= -p "$host_pid" >>"$tmp/out/rss-$shape.txt" || true; sleep 0.5; done ) &
      sampler_pid=$!
    fi
    log "$shape: $BENCH_DURATION at $c connection(s), $t thread(s)"
    out="$tmp/out/wrk-$shape-$c.txt"
    h0="$(proc_ticks "$host_pid")"; g0="$(pg_ticks)"; b0="$(busy_ticks)"; a0="$(all_ticks)"
    BENCH_TAG="$shape-r$c" wrk -t "$t" -c "$c" -d "$BENCH_DURATION" --latency --timeout 10s -s bench/receive-email.lua \
      "$base/api/v1/inbound/email" | tee "$out"
    h1="$(proc_ticks "$host_pid")"; g1="$(pg_ticks)"; b1="$(busy_ticks)"; a1="$(all_ticks)"
    note_others "$shape/$c"
    if [ -n "$sampler_pid" ]; then
      kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""
      rss_max[$shape]="$(sort -n "$tmp/out/rss-$shape.txt" | tail -n 1 | tr -d ' ')"
    fi
    k="$shape/$c"
    backlog[$k]="$(outbox_backlog)"
    rps[$k]="$(field rps "$out")"
    p50[$k]="$(ms "$(field p50_us "$out")")"
    p99[$k]="$(ms "$(field p99_us "$out")")"
    non2xx[$k]="$(field non2xx "$out")"
    unexpected[$k]="$(field unexpected "$out")"
    trendline[$k]="$(trend "$out")"
    requests="$(field requests "$out")"
    cpu[$k]="$(awk -v h=$(( h1 - h0 )) -v g=$(( g1 - g0 )) -v b=$(( b1 - b0 )) -v a=$(( a1 - a0 )) -v n="$requests" -v hz="$hz" \
      'BEGIN { if (n > 0) printf "%.1f | %.1f | %.1f | %.0f %%", 1000 * h / hz / n, 1000 * g / hz / n, 1000 * (b - h - g) / hz / n, 100 * b / a }')"
    answers[$k]="$(sed -n 's/^Answers: //p' "$out")"
    log "outbox backlog right after the run: ${backlog[$k]} message(s)"
    drain[$k]="$(drain_outbox)"
    log "outbox drained in ${drain[$k]} s"
    if [ "$shape" = reply ]; then
      # the thread's ticket after the level: its messages, and the size of the snapshot document each reply rewrites
      thread_size[$c]="$(sql -d support -F ' ' -c "select jsonb_array_length(data->'messages'), octet_length(data::text),
                                                      (select count(*) from intake.mt_doc_inboundemail where ticket_id = t.id)
                                                    from triage.mt_doc_ticket t where id = '${thread_ticket[$c]}'" 2>/dev/null || echo '? ? ?')"
    fi
  done
done

for c in $BENCH_CLIENTS; do
  log "pgbench: warm-up ${warmup_s}s, then ${duration_s}s at $c client(s)"
  "$pgbench" -n -h 127.0.0.1 -p "$pg_port" -U support -f "$tmp/insert-jsonb.sql" -c "$c" -j 2 -T "$warmup_s" pgbench >/dev/null 2>&1
  "$pgbench" -n -h 127.0.0.1 -p "$pg_port" -U support -f "$tmp/insert-jsonb.sql" -c "$c" -j 2 -T "$duration_s" pgbench \
    2>&1 | tee "$tmp/out/pgbench-$c.txt"
  tps[$c]="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$tmp/out/pgbench-$c.txt" | head -n 1 | awk '{ printf "%.1f", $1 }')"
done
note_others "pgbench"

emails="$(sql -d support -c "select coalesce(string_agg(s || ' ' || n, ', '), '?') from
  (select data->>'status' s, count(*) n from intake.mt_doc_inboundemail group by 1 order by 2 desc) x" 2>/dev/null || echo '?')"
tickets="$(sql -d support -c "select count(*) from triage.mt_doc_ticket" 2>/dev/null || echo '?')"
mails="$(find "$tmp/data" -name '*.eml' 2>/dev/null | wc -l)"
tail -n +"$(( log_lines_at_start + 1 ))" "$host_log" >"$tmp/out/host-log-during-runs.txt"
log_fail="$(grep -c '^fail:\|^crit:' "$tmp/out/host-log-during-runs.txt" || true)"
log_warn="$(grep -c '^warn:' "$tmp/out/host-log-during-runs.txt" || true)"
# the host log's entries, grouped: by category, then the distinct messages (ids and numbers blanked)
log_digest() {
  local f="$tmp/out/host-log-during-runs.txt"
  echo "entries by level and category:"
  grep -E '^(fail|crit|warn):' "$f" | sed 's/\[[0-9]*\]$//' | sort | uniq -c | sort -rn | sed 's/^/  /'
  echo "outbox deliveries that failed, by event and attempt:"
  sed -n 's/.*Delivering \([A-Za-z.]*\) [0-9a-f-]* failed (attempt \([0-9]*\)).*/\1 attempt \2/p' "$f" | sort | uniq -c | sed 's/^/  /'
  echo "distinct exception messages:"
  grep -oE '(System|Npgsql|JasperFx|Marten)[A-Za-z.]*Exception[A-Za-z]*( \(0x[0-9A-F]+\))?: .*' "$f" \
    | sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<id>/g; s/[0-9]+/<n>/g' | cut -c1-400 \
    | sort | uniq -c | sort -rn | sed 's/^/  /'
}

# --- summary ----------------------------------------------------------------------------------
{
  echo
  echo "Email intake vs pgbench ($(date -u '+%Y-%m-%d %H:%M UTC'); commit ${commit:0:12}; $(nproc) CPUs," \
    "$(free -m | awk '/^Mem:/ {print $2}') MB RAM; ${BENCH_DURATION} per level after ${BENCH_WARMUP} warm-up;" \
    "message ${message_bytes} B, pgbench row ${doc_bytes} B)"
  echo "machine: $quiet; load average at start $load_at_start, now $(cut -d' ' -f1-3 /proc/loadavg);" \
    "dotnet test/testhost seen during: ${others_seen:-none}"
  echo
  echo "| shape | clients | req/s | p50 ms | p99 ms | non-2xx | 2xx not as expected | pgbench tps | req/pgbench | req/s first → last third | outbox backlog at end | drain s |"
  echo "|:------|--------:|------:|-------:|-------:|--------:|--------------------:|------------:|------------:|-------------------------:|----------------------:|--------:|"
  for shape in $BENCH_SHAPES; do
    for c in $BENCH_CLIENTS; do
      k="$shape/$c"
      ratio="$(awk -v a="${rps[$k]:-0}" -v b="${tps[$c]:-0}" 'BEGIN { if (b > 0) printf "%.1f %%", 100 * a / b; else print "n/a" }')"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
        "$shape" "$c" "${rps[$k]}" "${p50[$k]}" "${p99[$k]}" "${non2xx[$k]}" "${unexpected[$k]}" "${tps[$c]}" "$ratio" \
        "${trendline[$k]}" "${backlog[$k]}" "${drain[$k]}"
    done
  done
  echo
  echo "CPU time per answered request during each measured run (wrk's included in \"rest\"), and how busy all $(nproc) CPUs were:"
  echo
  echo "| shape | clients | host CPU ms/req | PostgreSQL CPU ms/req | rest ms/req | CPUs busy |"
  echo "|:------|--------:|----------------:|----------------------:|------------:|----------:|"
  for shape in $BENCH_SHAPES; do
    for c in $BENCH_CLIENTS; do printf '| %s | %s | %s |\n' "$shape" "$c" "${cpu[$shape/$c]}"; done
  done
  echo
  for shape in $BENCH_SHAPES; do
    for c in $BENCH_CLIENTS; do echo "answers $shape/$c: ${answers[$shape/$c]}"; done
  done
  for c in $BENCH_CLIENTS; do
    [ -n "${thread_size[$c]:-}" ] && echo "reply/$c thread ticket after the level and its drain: $(awk '{
      printf "%s messages on it for %s emails ingested for it (the opening one included), snapshot document %.1f MB of JSON",
        $1, $3, $2 / 1048576 }' <<<"${thread_size[$c]}")"
  done
  echo "host RSS: $(( rss_idle_kb / 1024 )) MB idle after start; max during the ${last_level}-connection runs:" \
    "$(for shape in $BENCH_SHAPES; do printf '%s %s MB; ' "$shape" "$(( ${rss_max[$shape]:-0} / 1024 ))"; done)"
  echo "received emails by status: $emails; tickets stored: $tickets; emails in the pickup folder: $mails"
  echo "host log during the runs: $log_fail fail/crit, $log_warn warn entries"
} | tee "$tmp/out/summary.md"
if [ "$(( log_fail + log_warn ))" -gt 0 ]; then
  log "host log during the runs, digested (the whole log is kept in $tmp/out/host-log-during-runs.txt with BENCH_KEEP=1):"
  log_digest | tee "$tmp/out/host-log-digest.txt"
fi
