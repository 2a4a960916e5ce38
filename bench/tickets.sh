#!/usr/bin/env bash
# Benchmark 2: ticket-service's API under wrk, with its pgbench baseline measured in the same run (bench/README.md).
# bench/tickets.sh [ACCOUNTS SECONDS RATE WARMUP]   (default 1000 30 500 30; --smoke: 50 3 100 3)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --smoke ]; then set -- 50 3 100 3; fi
command -v wrk >/dev/null || die "wrk is missing (Debian: apt-get install wrk)"
command -v pgbench >/dev/null || die "pgbench is missing (Debian: apt-get install postgresql-client)"
echo "== bench/tickets: $(machine), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $(pgbench --version)"
BENCH_LUA="$BENCH/src/tickets.lua" BENCH_TICKET_READ="$ROOT/ticket-service/src/main/resources/sql/ticket-read.sql" bench_java -Xmx256m TicketApi "${1:-1000}" "${2:-30}" "${3:-500}" "${4:-30}"
