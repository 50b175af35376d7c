#!/usr/bin/env bash
# Installs what the tests need (PostgreSQL server binaries, the aiosmtpd SMTP server, dovecot's IMAP
# server), builds the solution and runs every test. The tests start their own PostgreSQL, SMTP and IMAP
# servers; nothing else has to be running. Ends with one line: "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_postgres
ensure_smtp_sink
ensure_dovecot
ensure_spectral
ensure_prism
ensure_shim

results="$ROOT/TestResults"
rm -rf "$results"

log "building"
if ! dotnet build "$ROOT/Support.sln" -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

log "running the tests"
dotnet test "$ROOT/Support.sln" -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?

passed=0; failed=0; total_files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  total_files=$((total_files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner failed without a recorded test failure (a crashed test host, say)
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
