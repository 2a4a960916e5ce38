#!/usr/bin/env bash
# Starts the whole suite on one machine with no container engine: PostgreSQL (embedded binaries from
# Maven Central, or yours via SUPPORTDESK_POSTGRES_URL), a single-node KRaft Kafka broker, Keycloak
# with the supportdesk realm, an SMTP server for the mail (mail-receiver.py), and the four services
# as packaged jars. Waits until every part is ready, then runs the demo (demo.sh) unless --no-demo.
# Logs and pids: $SUPPORTDESK_STACK_DIR (default .local-stack/). Stop everything with deploy/local/stop.sh.
#
#   deploy/local/start.sh [--no-demo] [--rebuild]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$HERE/stack.conf"
source "$HERE/lib.sh"

RUN_DEMO=1
REBUILD=0
for arg in "$@"; do
  case "$arg" in
    --no-demo) RUN_DEMO=0 ;;
    --rebuild) REBUILD=1 ;;
    *) die "unknown option $arg (use --no-demo, --rebuild)" ;;
  esac
done

SERVICES=(subscription ticket billing notification)
declare -A PORT=([subscription]=$SUBSCRIPTION_PORT [ticket]=$TICKET_PORT [billing]=$BILLING_PORT [notification]=$NOTIFICATION_PORT)
RUNTIME="$SUPPORTDESK_STACK_DIR/runtime"
KEYCLOAK_HOME="$RUNTIME/keycloak-26.7.3"
mkdir -p "$SUPPORTDESK_STACK_DIR"/{logs,pids} "$RUNTIME"
for part in postgres kafka keycloak mail "${SERVICES[@]}"; do
  is_running "$part" && die "$part is already running (pid $(cat "$SUPPORTDESK_STACK_DIR/pids/$part.pid")); run deploy/local/stop.sh first"
done

pick_java
log "JDK: $JAVA_HOME"
command -v mvn >/dev/null || die "Maven (mvn) is needed"
command -v python3 >/dev/null || die "python3 is needed (the local SMTP server, the demo)"

# 1. The suite's jars
jars_missing=0
for s in "${SERVICES[@]}"; do
  [ -f "$ROOT/$s-service/target/quarkus-app/quarkus-run.jar" ] || jars_missing=1
done
if [ "$REBUILD" = 1 ] || [ "$jars_missing" = 1 ]; then
  log "building the services (mvn package, tests skipped; run the tests with: mvn verify)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) > "$SUPPORTDESK_STACK_DIR/logs/build.log" 2>&1 \
    || die "build failed; see $SUPPORTDESK_STACK_DIR/logs/build.log"
fi

# 2. Third-party runtime, from Maven Central into the local Maven repository, once
if [ ! -x "$KEYCLOAK_HOME/bin/kc.sh" ] || ! ls "$RUNTIME"/kafka-libs/kafka-tools-[0-9]*.jar >/dev/null 2>&1 \
    || [ ! -d "$RUNTIME/postgres-jar" ]; then
  log "fetching Kafka, Keycloak and PostgreSQL binaries from Maven Central (first start only)"
  mvn -B -q -f "$HERE/runtime-pom.xml" -Dstack.dir="$SUPPORTDESK_STACK_DIR" \
    dependency:copy-dependencies@kafka dependency:unpack@tools > "$SUPPORTDESK_STACK_DIR/logs/fetch.log" 2>&1 \
    || die "fetch failed; see $SUPPORTDESK_STACK_DIR/logs/fetch.log"
fi

# 3. PostgreSQL
if [ -n "${SUPPORTDESK_POSTGRES_URL:-}" ]; then
  # postgresql://user:password@host:port — the databases subscription, ticket, billing and notification must exist
  rest=${SUPPORTDESK_POSTGRES_URL#postgresql://}
  POSTGRES_USER=${rest%%:*}; rest=${rest#*:}
  POSTGRES_PASSWORD=${rest%%@*}; POSTGRES_HOSTPORT=${rest#*@}; POSTGRES_HOSTPORT=${POSTGRES_HOSTPORT%%/*}
  log "PostgreSQL: using $POSTGRES_HOSTPORT as $POSTGRES_USER"
else
  POSTGRES_HOSTPORT="localhost:$POSTGRES_PORT"
  PG_HOME="$SUPPORTDESK_STACK_DIR/postgres"
  RUN_AS=()
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: it runs as nobody, from a folder nobody can reach
    RUN_AS=(runuser -u nobody --)
    "${RUN_AS[@]}" test -x "$SUPPORTDESK_STACK_DIR" 2>/dev/null || PG_HOME="/var/tmp/supportdesk-postgres-$(echo "$SUPPORTDESK_STACK_DIR" | cksum | cut -d' ' -f1)"
  fi
  if [ ! -x "$PG_HOME/bin/postgres" ]; then
    mkdir -p "$PG_HOME"
    tar -xJf "$RUNTIME/postgres-jar/postgres-linux-x86_64.txz" -C "$PG_HOME"
  fi
  if [ ! -f "$PG_HOME/data/PG_VERSION" ]; then
    log "PostgreSQL: initialising $PG_HOME/data"
    mkdir -p "$PG_HOME/data"
    [ "${#RUN_AS[@]}" -gt 0 ] && chown -R nobody "$PG_HOME"
    pwfile=$(mktemp); echo "$POSTGRES_PASSWORD" > "$pwfile"; chmod 644 "$pwfile"
    "${RUN_AS[@]}" "$PG_HOME/bin/initdb" -D "$PG_HOME/data" -U "$POSTGRES_USER" --pwfile="$pwfile" \
      -A scram-sha-256 -E UTF8 --locale=C > "$SUPPORTDESK_STACK_DIR/logs/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; die "initdb failed; see $SUPPORTDESK_STACK_DIR/logs/initdb.log"; }
    rm -f "$pwfile"
    for db in "${SERVICES[@]}"; do
      echo "CREATE DATABASE $db;" | "${RUN_AS[@]}" "$PG_HOME/bin/postgres" --single -D "$PG_HOME/data" template1 \
        >> "$SUPPORTDESK_STACK_DIR/logs/initdb.log" 2>&1 || die "could not create database $db"
    done
  fi
  log "PostgreSQL: starting on port $POSTGRES_PORT"
  start_process postgres "${RUN_AS[@]}" "$PG_HOME/bin/postgres" -D "$PG_HOME/data" -p "$POSTGRES_PORT" \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 \
    -c shared_buffers="$POSTGRES_SHARED_BUFFERS" -c max_wal_size="$POSTGRES_MAX_WAL_SIZE"
  wait_port postgres "$POSTGRES_PORT" 60
fi

# 4. Kafka (KRaft, one node that is broker and controller)
KAFKA_DIR="$SUPPORTDESK_STACK_DIR/kafka"
mkdir -p "$KAFKA_DIR"
cat > "$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cat > "$KAFKA_DIR/log4j2.yaml" <<'LOG'
Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        Pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        - ref: STDOUT
LOG
KAFKA_CP="$RUNTIME/kafka-libs/*"
if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
  cluster_id=$(java -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  java -cp "$KAFKA_CP" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" --standalone \
    > "$SUPPORTDESK_STACK_DIR/logs/kafka-format.log" 2>&1 || die "formatting Kafka storage failed; see logs/kafka-format.log"
fi
log "Kafka: starting on port $KAFKA_PORT"
start_process kafka java -Xms128m -Xmx512m -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.yaml" \
  -cp "$KAFKA_CP" kafka.Kafka "$KAFKA_DIR/server.properties"

# 5. Keycloak with the supportdesk realm
mkdir -p "$KEYCLOAK_HOME/data/import"
cp "$ROOT/deploy/keycloak/supportdesk-realm.json" "$KEYCLOAK_HOME/data/import/"
log "Keycloak: starting on port $KEYCLOAK_PORT (the first start takes about a minute)"
KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
  JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
  start_process keycloak "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-port "$KEYCLOAK_PORT" --import-realm

wait_port kafka "$KAFKA_PORT" 60
log "Kafka: ready"
wait_http keycloak "http://localhost:$KEYCLOAK_PORT/realms/supportdesk/.well-known/openid-configuration" 240
log "Keycloak: ready"

# 6. The SMTP server notification-service relays its mail to: the last $MAIL_KEEP mails in $SUPPORTDESK_STACK_DIR/mail
log "SMTP: starting on port $MAIL_PORT"
start_process mail python3 "$HERE/mail-receiver.py" "$MAIL_PORT" "$SUPPORTDESK_STACK_DIR/mail" "$MAIL_KEEP"
wait_port mail "$MAIL_PORT" 30

# 7. The services
# what a restart of the services alone needs (deploy/local/replay-check.sh)
printf 'POSTGRES_HOSTPORT=%q\nPOSTGRES_USER=%q\nPOSTGRES_PASSWORD=%q\n' "$POSTGRES_HOSTPORT" "$POSTGRES_USER" \
  "$POSTGRES_PASSWORD" > "$SUPPORTDESK_STACK_DIR/services.env"
for s in "${SERVICES[@]}"; do
  start_service "$s" "${PORT[$s]}"
done
for s in "${SERVICES[@]}"; do
  wait_http "$s" "http://localhost:${PORT[$s]}/q/health/ready" 120
  log "$s-service: ready"
done

cat <<INFO

The support desk suite is running (logs and pids: $SUPPORTDESK_STACK_DIR)
  subscription-service  http://localhost:$SUBSCRIPTION_PORT   (Swagger UI: /q/swagger-ui, health: /q/health)
  ticket-service        http://localhost:$TICKET_PORT
  billing-service       http://localhost:$BILLING_PORT
  notification-service  http://localhost:$NOTIFICATION_PORT
  Keycloak              http://localhost:$KEYCLOAK_PORT   (admin console: $KEYCLOAK_ADMIN_USER / $KEYCLOAK_ADMIN_PASSWORD)
  Kafka                 127.0.0.1:$KAFKA_PORT
  SMTP                  127.0.0.1:$MAIL_PORT   (every mail since this start: logs/mail.log; the last $MAIL_KEEP: mail/*.eml)
  PostgreSQL            $POSTGRES_HOSTPORT (databases ${SERVICES[*]}; user $POSTGRES_USER)

A token (demo users: dana customer, tal/yoni agents, noa supervisor, avi admin, oren ops, pnina partner;
the password is the user name):
  curl -s -d grant_type=password -d client_id=supportdesk-spa -d username=avi -d password=avi \\
    http://localhost:$KEYCLOAK_PORT/realms/supportdesk/protocol/openid-connect/token
A partner system's token (client credentials):
  curl -s -d grant_type=client_credentials -d client_id=partner-acme -d client_secret=partner-acme-local-secret \\
    http://localhost:$KEYCLOAK_PORT/realms/supportdesk/protocol/openid-connect/token
Stop everything: deploy/local/stop.sh
INFO

if [ "$RUN_DEMO" = 1 ]; then
  "$HERE/demo.sh"
fi
