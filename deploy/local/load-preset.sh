#!/usr/bin/env bash
# Loads a preset (deploy/presets/<name>.json) into the running local stack through the public API as
# the demo admin: publishes its plans. Plans whose code exists already are left as they are, so it
# can run again.
#
#   deploy/local/load-preset.sh support-online
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$HERE/stack.conf"
source "$HERE/lib.sh"
source "$HERE/api.sh"

name=${1:-support-online}
preset="$ROOT/deploy/presets/$name.json"
[ -f "$preset" ] || die "no preset $name (have: $(ls "$ROOT/deploy/presets" | sed 's/\.json//' | tr '\n' ' '))"

ADMIN=$(user_token avi)
count=$(json plans < "$preset" | python3 -c 'import sys, json; print(len(json.load(sys.stdin)))')
for i in $(seq 0 $((count - 1))); do
  plan=$(json "plans.$i" < "$preset")
  code=$(echo "$plan" | json code)
  status=$(curl -s -o /tmp/preset-answer.$$ -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d "$plan" "$SUB/api/v1/plans")
  case "$status" in
    201) log "preset $name: published plan $code ($(json id < /tmp/preset-answer.$$))" ;;
    409) log "preset $name: plan $code exists already" ;;
    *) cat /tmp/preset-answer.$$ >&2; rm -f /tmp/preset-answer.$$; die "preset $name: plan $code answered $status" ;;
  esac
done
rm -f /tmp/preset-answer.$$
