# Shared by the benchmark commands (sourced): the local stack's settings and a classpath with the
# real Kafka client and PostgreSQL driver, both from what the local stack already fetched, and the
# platform's classes.
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
HERE="$ROOT/deploy/local"
source "$HERE/stack.conf"
source "$HERE/lib.sh"
pick_java
[ -f "$SUPPORTDESK_STACK_DIR/services.env" ] || die "start the local stack first: deploy/local/start.sh --no-demo"
source "$SUPPORTDESK_STACK_DIR/services.env"
# BENCH_SERVICES: the services a run expects and waits for (all four unless told); fewer measures a
# service without its neighbours on the machine (bench/README.md, "rating alone")
BENCH_SERVICES=${BENCH_SERVICES:-subscription ticket billing notification}
for s in $BENCH_SERVICES; do
  is_running "$s" || die "$s-service is not running: start the local stack first (deploy/local/start.sh --no-demo)"
done
PGJDBC=$(ls "$ROOT"/billing-service/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -1)
# the platform's classes: the benchmarks mint the ids of what they announce as the services do (TimeOrderedIds)
[ -f "$ROOT/platform/target/classes/org/supportdesk/platform/persistence/TimeOrderedIds.class" ] \
  || die "build the suite first (mvn -B install -DskipTests)"
BENCH_CP="$SUPPORTDESK_STACK_DIR/runtime/kafka-libs/*:$PGJDBC:$ROOT/platform/target/classes"
# The benchmark programs, compiled for each command with javac, so that any JDK 21 runs them (launching
# a program of several source files, as `java RatingThroughput.java` with Bench.java beside it, needs 22).
BENCH_CLASSES="$SUPPORTDESK_STACK_DIR/bench-classes"
rm -rf "$BENCH_CLASSES"
javac --release 21 -nowarn -Xlint:none -d "$BENCH_CLASSES" -cp "$BENCH_CP" "$BENCH"/src/*.java || die "the benchmarks do not compile"
# bench_java HEAP MAIN [ARGS…]: runs one benchmark program
bench_java() {
  local heap=$1 main=$2; shift 2
  java "$heap" -cp "$BENCH_CP:$BENCH_CLASSES" "$main" "$@"
}
export KAFKA="127.0.0.1:$KAFKA_PORT" PG="$POSTGRES_HOSTPORT" PG_USER="$POSTGRES_USER" PG_PASSWORD="$POSTGRES_PASSWORD" \
  SAMPLES="$ROOT/docs/events/samples" CLOCK_OFFSET="$(cat "$SUPPORTDESK_STACK_DIR/clock-offset" 2>/dev/null || echo PT0S)" \
  BENCH_SERVICES KEYCLOAK="http://localhost:$KEYCLOAK_PORT" TICKET_URL="http://localhost:$TICKET_PORT" BILLING_URL="http://localhost:$BILLING_PORT"
machine() { echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"; }
