#!/usr/bin/env bash
# Benchmark 4: due timers fired by ticket-service, with its baseline measured in the same run (bench/README.md).
# bench/timers.sh [TIMERS RATE SECONDS]   (default 1000000 100 30; --smoke: 2000 100 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --smoke ]; then set -- 2000 100 5; fi
echo "== bench/timers: $(machine)"
bench_java -Xmx256m TimerThroughput "${1:-1000000}" "${2:-100}" "${3:-30}"
