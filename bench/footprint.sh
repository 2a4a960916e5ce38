#!/usr/bin/env bash
# Benchmark 5: each service's time to ready (from its own start-up log line) and its resident memory
# now (idle, or under load if another benchmark runs at the same time).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
echo "== bench/footprint: $(machine)"
printf '%-22s %14s %12s\n' service "ready after" "RSS now"
for s in subscription ticket billing notification; do
  pid=$(pgrep -f -- "$s-service/target/quarkus-app/quarkus-run.jar" | head -1 || true)
  started=$(grep -oE 'started in [0-9.]+s' "$SUPPORTDESK_STACK_DIR/logs/$s.log" | tail -1 | sed -E 's/started in ([0-9.]+)s/\1 s/' || true)
  rss=$( [ -n "$pid" ] && awk '/VmRSS/ {printf "%d MiB", $2 / 1024}' "/proc/$pid/status" || echo n/a)
  printf '%-22s %14s %12s\n' "$s-service" "$started" "$rss"
done
