#!/usr/bin/env bash
# Loads a preset (deploy/presets/<name>.json) into the running local stack through the public API as
# the demo admin: publishes its plans (subscription-service), then its business calendars and SLA
# policies (ticket-service). What exists already (a plan's code, a calendar's or policy's name) is
# left as it is, so it can run again.
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

# R-L1, R-L2: calendars, then the policies that name them
calendar_ids=$(mktemp)
trap 'rm -f "$calendar_ids"' EXIT
existing_calendars=$(curl -sf -H "Authorization: Bearer $ADMIN" "$TIX/api/v1/calendars")
for i in $(seq 0 $(( $(json calendars < "$preset" 2>/dev/null | python3 -c 'import sys, json; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0) - 1 ))); do
  calendar=$(json "calendars.$i" < "$preset")
  cname=$(echo "$calendar" | json name)
  id=$(echo "$existing_calendars" | python3 -c "import sys, json; print(next((c['id'] for c in json.load(sys.stdin) if c['name'] == '$cname'), ''))")
  if [ -z "$id" ]; then
    id=$(curl -sf -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$calendar" \
      "$TIX/api/v1/calendars" | json id) || die "preset $name: calendar $cname was refused"
    log "preset $name: calendar $cname ($id)"
  else
    log "preset $name: calendar $cname exists already"
  fi
  echo "$cname $id" >> "$calendar_ids"
done
existing_policies=$(curl -sf -H "Authorization: Bearer $ADMIN" "$TIX/api/v1/sla-policies")
for i in $(seq 0 $(( $(json slaPolicies < "$preset" 2>/dev/null | python3 -c 'import sys, json; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0) - 1 ))); do
  policy=$(json "slaPolicies.$i" < "$preset")
  pname=$(echo "$policy" | json name)
  if echo "$existing_policies" | python3 -c "import sys, json; sys.exit(0 if any(p['name'] == '$pname' for p in json.load(sys.stdin)) else 1)"; then
    log "preset $name: SLA policy $pname exists already"
    continue
  fi
  body=$(echo "$policy" | python3 -c "
import sys, json
policy = json.load(sys.stdin)
ids = dict(line.split() for line in open('$calendar_ids'))
policy['calendarId'] = ids[policy.pop('calendar')]
print(json.dumps(policy))")
  id=$(curl -sf -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$body" \
    "$TIX/api/v1/sla-policies" | json id) || die "preset $name: SLA policy $pname was refused"
  log "preset $name: SLA policy $pname ($id)"
done
