#!/usr/bin/env bash
# The replay check, after the demo: every total the suite computed is read back through the public
# APIs; then the four services stop, every consumer group is moved back to offset 0 of every topic it
# reads, the services start again and consume the whole history once more; every total must be the
# same (idempotent consumers: an event already applied changes nothing, whatever redeliveries).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$HERE/stack.conf"
source "$HERE/lib.sh"
source "$HERE/api.sh"
[ -f "$SUPPORTDESK_STACK_DIR/demo.env" ] || die "run the demo first (deploy/local/start.sh runs it)"
source "$SUPPORTDESK_STACK_DIR/demo.env"
source "$SUPPORTDESK_STACK_DIR/services.env"
pick_java

SERVICES=(subscription ticket billing notification)
declare -A PORT=([subscription]=$SUBSCRIPTION_PORT [ticket]=$TICKET_PORT [billing]=$BILLING_PORT [notification]=$NOTIFICATION_PORT)
# a paged list read whole in one page, or the check fails rather than compare part of it
WHOLE='def whole(page):
    assert page["total"] <= len(page["items"]), "more than one page: %d of %d" % (len(page["items"]), page["total"])
    return page["items"]'
KAFKA_CP="$SUPPORTDESK_STACK_DIR/runtime/kafka-libs/*"
groups() { java -cp "$KAFKA_CP" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
  --bootstrap-server "127.0.0.1:$KAFKA_PORT" "$@" 2>/dev/null; }
# lag GROUP: the records the group has still to consume, over every partition it reads
lag() { groups --describe --group "$1" | awk '$1 == "'"$1"'" && $6 ~ /^[0-9]+$/ { sum += $6 } END { print sum + 0 }'; }

# Every figure of the demo's accounts that an event could change, as one sorted JSON document
snapshot() {
  local ops admin a
  ops=$(user_token oren); admin=$(user_token avi)
  {
    for a in $ACCOUNTS; do
      echo "\"account $a\": {"
      echo "\"usage\": $(call GET "$BIL/api/v1/accounts/$a/usage?month=$MONTH" "$admin" | python3 -c 'import sys, json; u = json.load(sys.stdin); print(json.dumps([u["totals"], sorted((s["sessionId"], s["payable"]["amount"], s["minutes"], s["included"]) for s in u["sessions"])]))'),"
      echo "\"invoices\": $(call GET "$BIL/api/v1/invoices?accountId=$a&size=100" "$admin" | python3 -c 'import sys, json; exec(sys.argv[1]); print(json.dumps(sorted((i["series"], i["number"], i["kind"], i["total"]["amount"], i["status"]) for i in whole(json.load(sys.stdin)))))' "$WHOLE"),"
      echo "\"wallet\": $(call GET "$BIL/api/v1/accounts/$a/wallet/ledger?size=100" "$admin" | python3 -c 'import sys, json; exec(sys.argv[1]); print(json.dumps(sorted((e["source"], e["minutes"], e["cash"]["amount"], e["reason"]) for e in whole(json.load(sys.stdin)))))' "$WHOLE"),"
      echo "\"tickets\": $(call GET "$TIX/api/v1/tickets?accountId=$a&size=100" "$admin" | python3 -c 'import sys, json; print(json.dumps(sorted((t["number"], t["status"], t["tier"]) for t in json.load(sys.stdin)["items"])))'),"
      echo "\"subscription\": $(call GET "$SUB/api/v1/accounts/$a/subscription/history" "$admin" | python3 -c 'import sys, json; h = json.load(sys.stdin); print(json.dumps([(p["startsOn"], p.get("endsOn")) for p in h["periods"]]))'),"
      echo "\"emails\": $(call GET "$NOT/api/v1/emails?accountId=$a&size=100" "$ops" | json total)"
      echo "},"
    done
    echo "\"partner invoices\": $(call GET "$BIL/api/v1/partners/$PARTNER_ID/invoices?size=100" "$admin" | python3 -c 'import sys, json; exec(sys.argv[1]); print(json.dumps(sorted((i["number"], i["total"]["amount"], i["status"]) for i in whole(json.load(sys.stdin)))))' "$WHOLE"),"
    echo "\"webhook deliveries\": $(call GET "$NOT/api/v1/partners/$PARTNER_ID/webhooks/deliveries?size=100" "$ops" | json total)"
  } | python3 -c 'import sys, json; print(json.dumps(json.loads("{" + sys.stdin.read() + "}"), indent=1, sort_keys=True))'
}

log "replay check: reading every total of the demo's accounts"
snapshot > "$SUPPORTDESK_STACK_DIR/replay-before.json"

for s in "${SERVICES[@]}"; do
  stop_process "$s"
done
redelivered=0
for s in "${SERVICES[@]}"; do
  # a group whose members were killed stays alive until its session times out: try again meanwhile
  for i in $(seq 1 60); do
    groups --reset-offsets --to-earliest --all-topics --execute --group "$s-service" >/dev/null || true
    n=$(lag "$s-service")
    [ "$n" -gt 0 ] && break
    [ "$i" = 60 ] && die "could not move the consumer group $s-service back to offset 0"
    sleep 1
  done
  log "$s-service: moved back to offset 0 of every topic it reads: $n records to consume again"
  redelivered=$((redelivered + n))
done
[ "$redelivered" -gt 0 ] || die "nothing to redeliver: the reset found no consumed records"

for s in "${SERVICES[@]}"; do
  start_service "$s" "${PORT[$s]}"
done
for s in "${SERVICES[@]}"; do
  wait_http "$s" "http://localhost:${PORT[$s]}/q/health/ready" 120
done
for s in "${SERVICES[@]}"; do
  for i in $(seq 1 180); do
    [ "$(lag "$s-service")" = 0 ] && break
    sleep 1
  done
  [ "$(lag "$s-service")" = 0 ] || die "$s-service did not consume the whole history again in 3 minutes"
done
sleep 5 # a relay pass and a timer pass after the last record
log "replay check: every service consumed the whole history again ($redelivered records); reading the totals again"
snapshot > "$SUPPORTDESK_STACK_DIR/replay-after.json"
if ! diff -u "$SUPPORTDESK_STACK_DIR/replay-before.json" "$SUPPORTDESK_STACK_DIR/replay-after.json"; then
  die "the totals changed when the history was consumed again"
fi
log "replay check passed: $(grep -c '"account ' "$SUPPORTDESK_STACK_DIR/replay-after.json") accounts, their usage, invoices, wallets, tickets, subscriptions and emails, the partner's invoices and webhooks: unchanged"
