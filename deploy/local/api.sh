# Calling the suite's public APIs with real Keycloak tokens, for demo.sh and load-preset.sh (sourced).

KC="http://localhost:$KEYCLOAK_PORT"
SUB="http://localhost:$SUBSCRIPTION_PORT"
TIX="http://localhost:$TICKET_PORT"
BIL="http://localhost:$BILLING_PORT"
NOT="http://localhost:$NOTIFICATION_PORT"

# json PATH: prints a field of the JSON document on stdin (a.b.0.c)
json() { python3 -c 'import sys, json
doc = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    doc = doc[int(key)] if isinstance(doc, list) else doc[key]
print(doc if not isinstance(doc, (dict, list)) else json.dumps(doc, ensure_ascii=False))' "$1"; }
pretty() { python3 -c 'import sys, json; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))'; }

# A demo user's access token (password grant of the SPA client; local stack only).
user_token() {
  curl -fsS -d grant_type=password -d client_id=supportdesk-spa -d "username=$1" -d "password=$1" \
    "$KC/realms/supportdesk/protocol/openid-connect/token" | json access_token
}

# call METHOD URL TOKEN [BODY] [extra curl arguments…]
call() {
  local method=$1 url=$2 token=$3 body=${4:-}; shift 4 || shift $#
  if [ -n "$body" ]; then
    curl -fsS -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$@" "$url"
  else
    curl -fsS -X "$method" -H "Authorization: Bearer $token" "$@" "$url"
  fi
}
