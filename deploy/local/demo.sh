#!/usr/bin/env bash
# The suite's main job at this stage, against the running local stack, through the public APIs with
# real Keycloak tokens: an admin registers a customer account, the customer's login is linked to it,
# the customer opens a ticket, the ticket reaches the customer's feed through Kafka, an admin registers
# a partner, the partner's system registers its own customer and opens a ticket for it (retried with
# an Idempotency-Key); then a support day: an agent serves and resolves a ticket in a remote session,
# billing rates it, an OCCASIONAL ticket is invoiced and charged, a PREPAID session is stopped when
# its gift card is used up, an SLA breach escalates a ticket, and every result is read back and printed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$HERE/stack.conf"
source "$HERE/lib.sh"

source "$HERE/api.sh"

partner_token() {
  curl -fsS -d grant_type=client_credentials -d client_id=partner-acme -d client_secret=partner-acme-local-secret \
    "$KC/realms/supportdesk/protocol/openid-connect/token" | json access_token
}

# Onboarding links a login (or a partner's service account) to its account or partner: the claim
# account_id / partner_id, here set through Keycloak's admin API.
link_login() {
  local username=$1 claim=$2 value=$3 admin user_id
  admin=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d "username=$KEYCLOAK_ADMIN_USER" \
    -d "password=$KEYCLOAK_ADMIN_PASSWORD" "$KC/realms/master/protocol/openid-connect/token" | json access_token)
  user_id=$(call GET "$KC/admin/realms/supportdesk/users?username=$username&exact=true" "$admin" | json 0.id)
  call GET "$KC/admin/realms/supportdesk/users/$user_id" "$admin" \
    | python3 -c 'import sys, json; u = json.load(sys.stdin); u.setdefault("attributes", {})[sys.argv[1]] = [sys.argv[2]]; print(json.dumps(u))' "$claim" "$value" \
    | curl -fsS -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d @- \
      "$KC/admin/realms/supportdesk/users/$user_id"
}

echo
echo "== Demo: from a new account to a ticket in the customer's feed =="
ADMIN=$(user_token avi)
ACCOUNT=$(call POST "$SUB/api/v1/accounts" "$ADMIN" \
  '{"displayName":"Levi Consulting","contactName":"Dana Levi","email":"dana@levi.example","phone":"+972 50-1234567","language":"en"}' \
  | json id)
echo "1. avi (admin) registered account $ACCOUNT (Levi Consulting)"
link_login dana account_id "$ACCOUNT"
echo "2. dana's login is linked to it (token claim account_id)"

DANA=$(user_token dana)
"$HERE/load-preset.sh" support-online | sed 's/^/   /'
PLAN=$(call GET "$SUB/api/v1/plans?tier=GOLD" "$DANA" \
  | python3 -c 'import sys, json; print(next(p["id"] for p in json.load(sys.stdin) if p["code"] == "online-monthly-gold"))')
JOINED=$(call PUT "$SUB/api/v1/accounts/$ACCOUNT/subscription" "$DANA" "{\"planId\":\"$PLAN\"}")
echo "3. the support-online preset is loaded; dana joined its Monthly Gold plan (49.00 ILS a month, 20 minutes a ticket, 30 a day, 60 a month included): $(echo "$JOINED" | json kind) from $(echo "$JOINED" | json effectiveOn)"
for i in $(seq 1 30); do
  # ticket-service learns the account from subscription-events
  if TICKET_JSON=$(call POST "$TIX/api/v1/tickets" "$DANA" \
      '{"kind":"INCIDENT","severity":"HIGH","title":"Outlook does not start","description":"Since this morning Outlook closes right after it opens."}' 2>/dev/null); then
    break
  fi
  sleep 1
done
[ -n "${TICKET_JSON:-}" ] || die "ticket-service never learned account $ACCOUNT"
TICKET=$(echo "$TICKET_JSON" | json id)
echo "4. dana opened ticket #$(echo "$TICKET_JSON" | json number) ($TICKET), status $(echo "$TICKET_JSON" | json status)"

for i in $(seq 1 30); do
  FEED=$(call GET "$NOT/api/v1/notifications" "$DANA")
  [ "$(echo "$FEED" | json total)" -ge 1 ] && break
  sleep 1
done
echo "5. dana's feed: $(echo "$FEED" | json items.0.title) — $(echo "$FEED" | json items.0.body)"

echo "6. dana's wallet:"
for i in $(seq 1 30); do
  WALLET=$(call GET "$BIL/api/v1/accounts/$ACCOUNT/wallet" "$DANA" 2>/dev/null) && break
  sleep 1
done
echo "$WALLET" | pretty | sed 's/^/   /'

echo "7. the ticket's audit trail, as dana reads it:"
call GET "$TIX/api/v1/tickets/$TICKET" "$DANA" | json transitions | pretty | sed 's/^/   /'

PARTNER_ID=$(call POST "$SUB/api/v1/partners" "$ADMIN" \
  '{"name":"ACME Ltd","contactEmail":"hr@acme.example","discountPercent":"10.00"}' | json id)
link_login service-account-partner-acme partner_id "$PARTNER_ID"
echo "8. avi registered partner ACME ($PARTNER_ID, 10% discount); the partner-acme system's account is linked to it"
PARTNER=$(partner_token)
PARTNER_ACCOUNT=$(call POST "$SUB/api/v1/accounts" "$PARTNER" \
  '{"displayName":"ACME employee Moshe","contactName":"Moshe Katz","email":"moshe@acme.example"}' | json id)
echo "9. partner-acme (client credentials) registered its customer $PARTNER_ACCOUNT"
KEY="demo-$(date +%s%N)"
BODY="{\"accountId\":\"$PARTNER_ACCOUNT\",\"kind\":\"SERVICE_REQUEST\",\"title\":\"New laptop setup\",\"description\":\"Install the office suite\"}"
for i in $(seq 1 30); do
  FIRST=$(call POST "$TIX/api/v1/tickets" "$PARTNER" "$BODY" -H "Idempotency-Key: $KEY" 2>/dev/null) && break
  sleep 1
done
[ -n "${FIRST:-}" ] || die "ticket-service never learned account $PARTNER_ACCOUNT"
RETRY=$(call POST "$TIX/api/v1/tickets" "$PARTNER" "$BODY" -H "Idempotency-Key: $KEY")
echo "10. partner-acme opened ticket #$(echo "$FIRST" | json number) for it; a retry with the same Idempotency-Key answered ticket #$(echo "$RETRY" | json number) again, nothing new"
echo "11. partner-acme lists its customers: $(call GET "$SUB/api/v1/partners/$PARTNER_ID/customers" "$PARTNER" | json total) account(s)"
echo "12. another tenant cannot see dana's ticket: HTTP $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $PARTNER" "$TIX/api/v1/tickets/$TICKET")"

echo
echo "== The support day: sessions, rating, invoices, the PREPAID wallet, an SLA breach =="
TAL=$(user_token tal)
OPS=$(user_token oren)
MONTH=$(date -u +%Y-%m)
plan_id() {
  call GET "$SUB/api/v1/plans" "$ADMIN" \
    | python3 -c 'import sys, json; print(next(p["id"] for p in json.load(sys.stdin) if p["code"] == sys.argv[1]))' "$1"
}
# new_account NAME PLAN-CODE [CARD-CODE]: avi registers the account and joins it to the plan
new_account() {
  local id email body
  email="$(echo "$1" | tr 'A-Z ' 'a-z.')@example.com"
  id=$(call POST "$SUB/api/v1/accounts" "$ADMIN" \
    "{\"displayName\":\"$1\",\"contactName\":\"$1\",\"email\":\"$email\",\"language\":\"en\"}" | json id)
  body="{\"planId\":\"$(plan_id "$2")\"${3:+,\"cardCode\":\"$3\"}}"
  call PUT "$SUB/api/v1/accounts/$id/subscription" "$ADMIN" "$body" >/dev/null
  echo "$id"
}
# until CMD…: retries (1 s apart, 60 times) while the other services catch up through Kafka
until_ok() {
  local out
  for i in $(seq 1 60); do
    if out=$("$@" 2>/dev/null); then echo "$out"; return 0; fi
    sleep 1
  done
  return 1
}
open_ticket() { call POST "$TIX/api/v1/tickets" "$ADMIN" "$1"; }
start_session() { call POST "$TIX/api/v1/tickets/$1/sessions" "$TAL" '{"consent":true}'; }
timeline() {
  call GET "$TIX/api/v1/tickets/$1/history" "$2" | python3 -c '
import sys, json
for e in json.load(sys.stdin):
    print("     %s  %-16s %-8s %s" % (e["at"][:19], e["kind"], e["actor"][:8], e["summary"]))'
}

SESSION=$(start_session "$TICKET" | json id)
sleep 5
call POST "$TIX/api/v1/sessions/$SESSION/stop" "$TAL" '{"outcome":"SOLVED"}' >/dev/null
call POST "$TIX/api/v1/tickets/$TICKET/transitions" "$TAL" '{"to":"RESOLVED","reason":"Outlook profile repaired"}' >/dev/null
call POST "$TIX/api/v1/tickets/$TICKET/transitions" "$DANA" '{"to":"CLOSED","reason":"works, thanks"}' >/dev/null
echo "13. tal (agent, T1) served dana's ticket in a 5-second remote session with her consent and resolved it;"
echo "    dana confirmed: CLOSED (R-T2, R-T6, R-T7). Its timeline, as dana reads it:"
timeline "$TICKET" "$DANA"
# prints the month's usage once billing has rated a session of the account; fails before
rated_usage() {
  call GET "$BIL/api/v1/accounts/$1/usage?month=$MONTH" "$DANA" \
    | python3 -c 'import sys, json; u = json.load(sys.stdin); print(json.dumps(u)) if u["sessions"] else sys.exit(1)'
}
USAGE=$(until_ok rated_usage "$ACCOUNT") || die "billing never rated dana's session"
echo "14. billing rated it: $(echo "$USAGE" | json totals.minutes) minute (R-B1: 5 s round up to a minute), $(echo "$USAGE" | json totals.included) included by Monthly Gold (R-B2): payable $(echo "$USAGE" | json totals.payable.amount) ILS"

COHEN=$(new_account "Cohen Garage" online-occasional)
OT=$(until_ok open_ticket "{\"accountId\":\"$COHEN\",\"kind\":\"SERVICE_REQUEST\",\"title\":\"Printer offline\",\"description\":\"The office printer is offline.\"}")
OTICKET=$(echo "$OT" | json id)
OSESSION=$(until_ok start_session "$OTICKET" | json id) || die "ticket-service never learned Cohen Garage's plan"
sleep 3
call POST "$TIX/api/v1/sessions/$OSESSION/stop" "$TAL" '{"outcome":"SOLVED"}' >/dev/null
call POST "$TIX/api/v1/tickets/$OTICKET/transitions" "$TAL" '{"to":"RESOLVED","reason":"driver reinstalled"}' >/dev/null
first_invoice() {
  call GET "$BIL/api/v1/invoices?accountId=$1" "$ADMIN" \
    | python3 -c 'import sys, json; i = json.load(sys.stdin); print(json.dumps(i[0])) if i else sys.exit(1)'
}
INVOICE=$(until_ok first_invoice "$COHEN") || die "billing never invoiced Cohen Garage's ticket"
PDF_BYTES=$(curl -fsS -H "Authorization: Bearer $ADMIN" "$BIL/api/v1/invoices/$(echo "$INVOICE" | json id).pdf" | wc -c)
echo "15. Cohen Garage (OCCASIONAL) had ticket #$(echo "$OT" | json number) served and resolved; billing issued invoice" \
  "#$(echo "$INVOICE" | json number) for it at once (R-B12): $(echo "$INVOICE" | json total.amount) ILS" \
  "= 1 minute × 3.90 + the 19.00 ticket fee, VAT $(echo "$INVOICE" | json vat.amount) inside, $(echo "$INVOICE" | json status) (its PDF: $PDF_BYTES bytes)"

CARD=$(call POST "$SUB/api/v1/vouchers" "$ADMIN" '{"kind":"GIFT_CARD","cash":{"amount":"1.00","currency":"ILS"}}' | json code)
SHAPIRA=$(new_account "Shapira Home" online-prepaid "$CARD")
PT=$(until_ok open_ticket "{\"accountId\":\"$SHAPIRA\",\"kind\":\"INCIDENT\",\"severity\":\"NORMAL\",\"title\":\"Slow laptop\",\"description\":\"Everything is slow.\"}")
PTICKET=$(echo "$PT" | json id)
PSESSION=$(until_ok start_session "$PTICKET" | json id) || die "ticket-service never learned Shapira Home's wallet"
for i in $(seq 1 60); do
  ENDED=$(call GET "$TIX/api/v1/tickets/$PTICKET/sessions" "$ADMIN" | json 0.seconds)
  [ "$ENDED" != "None" ] && break
  sleep 1
done
[ "$ENDED" != "None" ] || die "the PREPAID session was never stopped"
echo "16. Shapira Home joined PREPAID with a 1.00 ILS gift card (R-S3); tal's session on ticket #$(echo "$PT" | json number)" \
  "was stopped by the system after $ENDED s: the card pays 1.00 / 3.90 a minute = 15 seconds (R-B7). Its wallet ledger:"
sleep 2
call GET "$BIL/api/v1/accounts/$SHAPIRA/wallet/ledger" "$ADMIN" | python3 -c '
import sys, json
for e in json.load(sys.stdin):
    print("     %-12s %+d min %8s ILS  %s" % (e["source"], e["minutes"], e["cash"]["amount"], e["reason"]))'

CALENDAR=$(call POST "$TIX/api/v1/calendars" "$ADMIN" '{"name":"demo around the clock","hours":["SUN-SAT 00:00-24:00"]}' | json id)
call POST "$TIX/api/v1/sla-policies" "$ADMIN" "{\"name\":\"demo one-minute response\",\"calendarId\":\"$CALENDAR\",\"firstResponse\":{\"INCIDENT_URGENT\":\"PT1M\",\"INCIDENT_HIGH\":\"PT1M\",\"INCIDENT_NORMAL\":\"PT1M\",\"SERVICE_REQUEST\":\"PT1M\"},\"planIds\":[\"$(plan_id online-monthly-silver)\"]}" >/dev/null
MIZRAHI=$(new_account "Mizrahi Bakery" online-monthly-silver)
# the ticket takes the plan's policy once ticket-service knows the plan: until then, try again
for i in $(seq 1 30); do
  ST=$(until_ok open_ticket "{\"accountId\":\"$MIZRAHI\",\"kind\":\"INCIDENT\",\"severity\":\"URGENT\",\"title\":\"Cash register down\",\"description\":\"The shop cannot sell.\"}")
  STICKET=$(echo "$ST" | json id)
  [ "$(echo "$ST" | json planId)" != "None" ] && break
  call POST "$TIX/api/v1/tickets/$STICKET/transitions" "$ADMIN" '{"to":"CANCELLED","reason":"demo: opened before the plan was known"}' >/dev/null
  sleep 1
done
echo "17. Mizrahi Bakery's plan has a one-minute first-response policy (made through the API, R-L2); its urgent"
echo "    ticket #$(echo "$ST" | json number) is due at $(echo "$ST" | json sla.targets.0.dueAt). Nobody answers; waiting for the breach…"
for i in $(seq 1 120); do
  TIER=$(call GET "$TIX/api/v1/tickets/$STICKET" "$ADMIN" | json tier)
  [ "$TIER" = "T2" ] && break
  sleep 1
done
[ "$TIER" = "T2" ] || die "the SLA breach never escalated ticket $STICKET"
echo "    breached and escalated to T2 (R-L5, R-T8):"
timeline "$STICKET" "$ADMIN"

echo "18. dana's feed: $(call GET "$NOT/api/v1/notifications" "$DANA" | python3 -c 'import sys, json; print("; ".join(n["title"] for n in json.load(sys.stdin)["items"]))')"
echo "    emails written for dana (the mail log; the local stack does not relay mail):"
call GET "$NOT/api/v1/emails?accountId=$ACCOUNT" "$OPS" | python3 -c '
import sys, json
for m in json.load(sys.stdin)["items"]:
    print("     %-8s %-20s %s" % (m["status"], m["to"], m["subject"]))'
RUN=$(call GET "$BIL/api/v1/invoice-runs?period=$MONTH" "$OPS")
echo "19. this month's invoice run: $(echo "$RUN" | json scheduled) account(s) scheduled for the 1st at 01:00 (R-B11), $(echo "$RUN" | json invoiced) invoiced so far"
echo "== Demo done =="
