#!/usr/bin/env bash
# The suite's main job at this stage, against the running local stack, through the public APIs with
# real Keycloak tokens: an admin registers a customer account, the customer's login is linked to it,
# the customer opens a ticket, the ticket reaches the customer's feed through Kafka, an admin registers
# a partner, the partner's system registers its own customer and opens a ticket for it (retried with
# an Idempotency-Key), and every result is read back and printed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$HERE/stack.conf"
source "$HERE/lib.sh"

KC="http://localhost:$KEYCLOAK_PORT"
SUB="http://localhost:$SUBSCRIPTION_PORT"
TIX="http://localhost:$TICKET_PORT"
BIL="http://localhost:$BILLING_PORT"
NOT="http://localhost:$NOTIFICATION_PORT"

json() { python3 -c 'import sys, json
doc = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    doc = doc[int(key)] if isinstance(doc, list) else doc[key]
print(doc if not isinstance(doc, (dict, list)) else json.dumps(doc, ensure_ascii=False))' "$1"; }
pretty() { python3 -c 'import sys, json; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))'; }

user_token() {
  curl -fsS -d grant_type=password -d client_id=supportdesk-spa -d "username=$1" -d "password=$1" \
    "$KC/realms/supportdesk/protocol/openid-connect/token" | json access_token
}
partner_token() {
  curl -fsS -d grant_type=client_credentials -d client_id=partner-acme -d client_secret=partner-acme-local-secret \
    "$KC/realms/supportdesk/protocol/openid-connect/token" | json access_token
}
call() { # method url token [body] [extra curl args...]
  local method=$1 url=$2 token=$3 body=${4:-}; shift 4 || shift $#
  if [ -n "$body" ]; then
    curl -fsS -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$@" "$url"
  else
    curl -fsS -X "$method" -H "Authorization: Bearer $token" "$@" "$url"
  fi
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
PLAN_CODE="demo-monthly-gold-$(date +%s)"
PLAN=$(call POST "$SUB/api/v1/plans" "$ADMIN" "{\"code\":\"$PLAN_CODE\",\"name\":\"Monthly Gold\",\"terms\":{\"type\":\"MONTHLY\",\"tier\":\"GOLD\",\"currency\":\"ILS\",
  \"monthlyFee\":{\"amount\":\"99.00\",\"currency\":\"ILS\"},\"ticketFee\":{\"amount\":\"0.00\",\"currency\":\"ILS\"},
  \"minuteRate\":{\"amount\":\"2.90\",\"currency\":\"ILS\"},\"includedMinutes\":{\"perDay\":30,\"perMonth\":120}}}" | json id)
JOINED=$(call PUT "$SUB/api/v1/accounts/$ACCOUNT/subscription" "$DANA" "{\"planId\":\"$PLAN\"}")
echo "3. avi published plan $PLAN_CODE (99.00 ILS a month, 30 minutes a day, 120 a month included); dana joined it: $(echo "$JOINED" | json kind) from $(echo "$JOINED" | json effectiveOn)"
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
echo "== Demo done =="
