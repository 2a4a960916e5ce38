#!/usr/bin/env bash
# Every benchmark, one after the other, against the running local stack. --smoke: small sizes, so CI
# runs them all in a minute or two and they cannot rot; CI never asserts a speed.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
"$BENCH/footprint.sh"
"$BENCH/rating.sh" "$@"
"$BENCH/tickets.sh" "$@"
"$BENCH/invoices.sh" "$@"
"$BENCH/timers.sh" "$@"
"$BENCH/footprint.sh"
