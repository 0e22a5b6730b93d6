#!/usr/bin/env bash
# Differential test of FHIR search: Custodian against the HAPI FHIR JPA peer, same Synthea data.
#
# In one run it:
#   1. builds Custodian with its test classes (./mvnw -DskipTests package: the battery tools live in
#      src/test/java/org/custodian/search/battery) and the HAPI JPA peer (from a scratch copy under
#      $OUT/peers, because $SHARED is read-only and shared with other sessions);
#   2. starts both servers fresh, side by side: HAPI on 127.0.0.1:$HAPI_PORT (PostgreSQL durable, its
#      search-result cache off so every query is really run), Custodian on 127.0.0.1:$CUSTODIAN_PORT;
#   3. loads the data set into both (each bundle POSTed; the transaction/batch responses tell which
#      server id each Synthea resource got: $OUT/{hapi,custodian}-ids.tsv);
#   4. generates the search battery from the data set, runs every query against both (following
#      next links), compares the answers in Synthea terms, and writes
#        - $REPORT: every difference, explained (KnownDifferences) or not, with both answers;
#        - $EXPECTATIONS: the recorded battery SearchBatteryIT replays in CI (HAPI's answer, or
#          Custodian's where a KnownDifferences entry says Custodian is right);
#   5. stops both servers (also on Ctrl-C or failure) and prints the summary.
#
#   bench/search-differential.sh                              # the committed data set, re-records the CI battery
#   EXPECTATIONS=/tmp/b.json bench/search-differential.sh     # compare only; leave the committed file alone
#
# Environment (defaults in brackets):
#   DATA [src/test/resources/synthea]   Synthea bundles (.json or .json.gz; a Synthea output folder works too)
#   OUT [/tmp/custodian-search-differential]   SHARED [<parent of repo>/shared]
#   HAPI_PORT [8095]  CUSTODIAN_PORT [8096]  START_TIMEOUT [300 s]
#   HAPI_JAVA_OPTS ["-Xmx3g -Dpeer.pg.durable=true -Dpeer.reuseCachedSearchMillis=0"]  CUSTODIAN_JAVA_OPTS ["-Xmx3g"]
#   EXPECTATIONS [src/test/resources/search-battery.json]   REPORT [$OUT/search-differential.md]
#   MVN_FLAGS [""]   extra flags for both Maven builds, e.g. -o when the local repository is warm
#
# Other files in $OUT: *-server.log, *-load.log, build-*.log, compare.log, classpath.txt,
# run/ (the jar and classes the run used), server data dirs data/{hapi,custodian}.
set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${DATA:-$REPO/src/test/resources/synthea}
OUT=${OUT:-/tmp/custodian-search-differential}
SHARED=${SHARED:-$(dirname "$REPO")/shared}
HAPI_PORT=${HAPI_PORT:-8095}
CUSTODIAN_PORT=${CUSTODIAN_PORT:-8096}
START_TIMEOUT=${START_TIMEOUT:-300}
HAPI_JAVA_OPTS=${HAPI_JAVA_OPTS:--Xmx3g -Dpeer.pg.durable=true -Dpeer.reuseCachedSearchMillis=0}
CUSTODIAN_JAVA_OPTS=${CUSTODIAN_JAVA_OPTS:--Xmx3g}
EXPECTATIONS=${EXPECTATIONS:-$REPO/src/test/resources/search-battery.json}
REPORT=${REPORT:-$OUT/search-differential.md}
MVN_FLAGS=${MVN_FLAGS:-}

PEERS_SRC=$SHARED/peers
PEERS=$OUT/peers
# The server and the battery tools run from copies taken right after the build, so that a build
# in the working tree during the run (target/ is shared) cannot swap classes under them.
CUSTODIAN_JAR=$OUT/run/custodian.jar
TOOLS=$OUT/run/tools
MAIN=org.custodian.search.battery.SearchDifferential

for tool in java mvn ss; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' not found on PATH" >&2; exit 1; }
done
[ -d "$PEERS_SRC/hapi-jpa" ] || { echo "error: $PEERS_SRC/hapi-jpa not found (set SHARED)" >&2; exit 1; }
[ -d "$DATA" ] || { echo "error: data set $DATA not found (set DATA)" >&2; exit 1; }
mkdir -p "$OUT" "$PEERS" "$OUT/data"
OUT=$(cd "$OUT" && pwd)
DATA=$(cd "$DATA" && pwd)

# shellcheck source=lib/processes.sh
. "$REPO/bench/lib/processes.sh"

# ---------------------------------------------------------------------------------------------
# Server lifecycle. Two servers run at once, each known by name: PID_<name> is its JVM, DATA_<name>
# its data dir, PG_<name> its PostgreSQL postmaster(s). Only these pids (and the direct children of
# a JVM that is still run.sh's build) are ever signalled; nothing is found or stopped by name.
# ---------------------------------------------------------------------------------------------
RUNNING=

# Stops server $1 and its PostgreSQL. Safe to call twice.
stop_server() {
  local name=$1 pid
  pid=$(eval echo "\${PID_$name:-}")
  [ -n "$pid" ] || return 0
  stop_jvm_and_postgres "$name" "$pid" "$(eval echo "\${DATA_$name:-}")" "$(eval echo "\${PG_$name:-}")"
  eval "PID_$name= PG_$name="
}

cleanup() {
  local rc=$? name
  for name in $RUNNING; do stop_server "$name" || true; done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts server $1 with the command that follows, in the background, on a fresh data dir.
launch() { # name, port, command...
  local name=$1 port=$2
  shift 2
  require_free_port "$port"
  rm -rf "$OUT/data/$name"; mkdir -p "$OUT/data/$name"
  eval "DATA_$name=\$OUT/data/\$name"
  (cd "$OUT" && exec "$@") > "$OUT/$name-server.log" 2>&1 &
  eval "PID_$name=$!"
  RUNNING="$RUNNING $name"
}

start_servers() {
  # run.sh re-runs `mvn -q package` (a no-op after build_hapi) and then execs the JVM, so the pid
  # ends up being the server's JVM.
  launch hapi "$HAPI_PORT" env JAVA_OPTS="$HAPI_JAVA_OPTS" "$PEERS/hapi-jpa/run.sh" "$HAPI_PORT" "$OUT/data/hapi"
  # shellcheck disable=SC2086
  launch custodian "$CUSTODIAN_PORT" java $CUSTODIAN_JAVA_OPTS -jar "$CUSTODIAN_JAR" serve \
    --port "$CUSTODIAN_PORT" --data-dir "$OUT/data/custodian"
  wait_for_line custodian "$PID_custodian" "$OUT/custodian-server.log" 'Custodian listening on'
  wait_for_line hapi "$PID_hapi" "$OUT/hapi-server.log" '^READY'
  PG_hapi=$(find_pg_pids "$DATA_hapi")
  PG_custodian=$(find_pg_pids "$DATA_custodian")
}

# ---------------------------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------------------------
build_hapi() {
  tar -C "$PEERS_SRC" --exclude="hapi-jpa/target" -cf - hapi-jpa | tar -C "$PEERS" -xf -
  chmod -R u+w "$PEERS/hapi-jpa"
  # shellcheck disable=SC2086
  (cd "$PEERS/hapi-jpa" && mvn -q -B $MVN_FLAGS package) > "$OUT/build-hapi-jpa.log" 2>&1 \
    || { echo "error: building hapi-jpa failed:" >&2; tail -n 30 "$OUT/build-hapi-jpa.log" >&2; exit 1; }
}

# Always builds: the battery tools are test classes and must match the server being compared.
build_custodian() {
  # shellcheck disable=SC2086
  (cd "$REPO" && ./mvnw -q $MVN_FLAGS -DskipTests package \
      && ./mvnw -q $MVN_FLAGS dependency:build-classpath -Dmdep.includeScope=test \
           -Dmdep.outputFile="$OUT/classpath.txt") > "$OUT/build-custodian.log" 2>&1 \
    || { echo "error: building Custodian failed:" >&2; tail -n 30 "$OUT/build-custodian.log" >&2; exit 1; }
  [ -f "$REPO/target/custodian.jar" ] || { echo "error: build finished but target/custodian.jar does not exist" >&2; exit 1; }
  rm -rf "$OUT/run"; mkdir -p "$TOOLS"
  cp "$REPO/target/custodian.jar" "$CUSTODIAN_JAR"
  cp -r "$REPO/target/classes" "$REPO/target/test-classes" "$TOOLS/"
}

battery() { # subcommand, options...
  java -cp "$TOOLS/test-classes:$TOOLS/classes:$(cat "$OUT/classpath.txt")" "$MAIN" "$@"
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
log "repo $REPO, data $DATA, out $OUT"
t0=$SECONDS
build_hapi
build_custodian
log "built in $((SECONDS - t0)) s"
start_servers
log "loading $DATA into both servers"
battery load --base "http://127.0.0.1:$HAPI_PORT/fhir" --data "$DATA" --ids "$OUT/hapi-ids.tsv" > "$OUT/hapi-load.log" 2>&1 &
hapi_load=$!
# Custodian needs an access token: a client registered and a token minted beside the running server.
custodian_cli() { (cd "$OUT" && java -Dcustodian.access.token-lifetime=PT1H -jar "$CUSTODIAN_JAR" "$@" \
  --data-dir "$OUT/data/custodian"); }
custodian_cli client add battery --role privacy-officer,integration --scope "system/*.cruds" > /dev/null
TOKEN=$(custodian_cli token --client battery --scope "system/*.cruds")
battery load --base "http://127.0.0.1:$CUSTODIAN_PORT/fhir" --data "$DATA" --ids "$OUT/custodian-ids.tsv" \
  --token "$TOKEN" > "$OUT/custodian-load.log" 2>&1 \
  || { echo "error: loading Custodian failed:" >&2; tail -n 20 "$OUT/custodian-load.log" >&2; exit 1; }
wait "$hapi_load" || { echo "error: loading HAPI failed:" >&2; tail -n 20 "$OUT/hapi-load.log" >&2; exit 1; }
grep -h '^loaded [0-9]* resources' "$OUT/hapi-load.log" "$OUT/custodian-load.log" | sed 's/^/  /'

commit=$(cd "$REPO" && git describe --always --dirty 2>/dev/null || echo unknown)
about="$(basename "$DATA") ($(find "$DATA" -maxdepth 2 -name '*.json*' | wc -l) bundles);"
about="$about HAPI FHIR JPA 8.8.0 (peers/hapi-jpa) against Custodian $commit; recorded $(date -u +%F)"
log "running the battery against both servers"
if ! battery compare --data "$DATA" --hapi "http://127.0.0.1:$HAPI_PORT/fhir" --hapi-ids "$OUT/hapi-ids.tsv" \
    --custodian "http://127.0.0.1:$CUSTODIAN_PORT/fhir" --custodian-ids "$OUT/custodian-ids.tsv" \
    --custodian-token "$TOKEN" \
    --expectations "$EXPECTATIONS" --report "$REPORT" --about "$about" 2>&1 \
    | tee "$OUT/compare.log" | { grep -v ' INFO ' || true; }; then
  echo "error: the comparison failed, see $OUT/compare.log" >&2; exit 1
fi
stop_server custodian
stop_server hapi
log "report: $REPORT"
log "expectations: $EXPECTATIONS"
log "done in $((SECONDS - t0)) s"
