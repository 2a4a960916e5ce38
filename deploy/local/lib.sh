# Shared functions of start.sh and stop.sh (sourced, not run).

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }

# Picks a JDK 21 or newer: JAVA_HOME, then java on the PATH, then /usr/lib/jvm/*.
pick_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    if [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  die "a JDK 21 or newer is needed (set JAVA_HOME)"
}

# Starts a command in its own session (process group), logging to $1.log, pid to $1.pid.
start_process() {
  local name=$1; shift
  setsid "$@" > "$SUPPORTDESK_STACK_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$SUPPORTDESK_STACK_DIR/pids/$name.pid"
}

is_running() {
  local pidfile="$SUPPORTDESK_STACK_DIR/pids/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# Stops the process group started by start_process: TERM, then KILL after a grace period.
stop_process() {
  local name=$1 pidfile="$SUPPORTDESK_STACK_DIR/pids/$1.pid" pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null || kill -0 -- "-$pid" 2>/dev/null; then
    log "stopping $name (process group $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 30); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# Waits until a URL answers 200, or fails naming the log to read.
wait_http() {
  local name=$1 url=$2 seconds=$3 i
  for i in $(seq 1 "$seconds"); do
    if curl -fs -o /dev/null --max-time 2 "$url"; then
      return 0
    fi
    is_running "$name" || die "$name exited; see $SUPPORTDESK_STACK_DIR/logs/$name.log"
    sleep 1
  done
  die "$name not ready after ${seconds}s at $url; see $SUPPORTDESK_STACK_DIR/logs/$name.log"
}

wait_port() {
  local name=$1 port=$2 seconds=$3 i
  for i in $(seq 1 "$seconds"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    is_running "$name" || die "$name exited; see $SUPPORTDESK_STACK_DIR/logs/$name.log"
    sleep 1
  done
  die "$name not listening on $port after ${seconds}s; see $SUPPORTDESK_STACK_DIR/logs/$name.log"
}

# Starts one of the four services on the local stack (needs POSTGRES_HOSTPORT, POSTGRES_USER and
# POSTGRES_PASSWORD). The clock is adjustable here, and keeps the offset it was moved to; webhooks may
# go to loopback (the demo partner's receiver listens there). The heap is its full 256 MiB from the
# start: grown from a small one, it stayed at about 80 MiB under load, where G1 marked the old
# generation every second and its remark pauses (15-80 ms) made the API's p99.
start_service() {
  local s=$1 port=$2
  log "$s-service: starting on port $port"
  QUARKUS_HTTP_PORT="$port" \
  QUARKUS_DATASOURCE_USERNAME="$POSTGRES_USER" QUARKUS_DATASOURCE_PASSWORD="$POSTGRES_PASSWORD" \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$POSTGRES_HOSTPORT/$s" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$POSTGRES_HOSTPORT/$s" \
  KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
  QUARKUS_OIDC_AUTH_SERVER_URL="http://localhost:$KEYCLOAK_PORT/realms/supportdesk" \
  QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$MAIL_PORT" QUARKUS_MAILER_MOCK=false \
  NOTIFICATION_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true \
  SUPPORTDESK_CLOCK_ADJUSTABLE=true SUPPORTDESK_CLOCK_OFFSET="$(cat "$SUPPORTDESK_STACK_DIR/clock-offset" 2>/dev/null || echo PT0S)" \
    start_process "$s" java -Xms256m -Xmx256m -jar "$ROOT/$s-service/target/quarkus-app/quarkus-run.jar"
}
