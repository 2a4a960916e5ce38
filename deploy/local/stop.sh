#!/usr/bin/env bash
# Stops exactly what deploy/local/start.sh started (the process groups whose pids it recorded).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$HERE/stack.conf"
source "$HERE/lib.sh"
[ -d "$SUPPORTDESK_STACK_DIR/pids" ] || { log "nothing to stop"; exit 0; }
for part in notification billing ticket subscription mail keycloak kafka postgres; do
  stop_process "$part"
done
log "stopped"
