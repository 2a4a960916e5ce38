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
echo "== Demo done =="
