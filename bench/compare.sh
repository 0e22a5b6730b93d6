#!/usr/bin/env bash
# Ingest and search benchmark: Custodian vs. the HAPI FHIR JPA peer, same Synthea data, same
# durability, one server at a time.
#
# In one run it:
#   1. generates the Synthea population if it is missing (fhir-bench's gen-synthea.sh);
#   2. builds the fhir-bench driver and the HAPI JPA peer (from a scratch copy under $OUT/peers,
#      because $SHARED is read-only and shared with other sessions);
#   3. "hapi" step: starts HAPI JPA (PostgreSQL fsync=on and synchronous_commit=on via
#      -Dpeer.pg.durable=true) on 127.0.0.1:$HAPI_PORT; phase "load": on a new data dir, loads the
#      data with `fhir-bench --phases load`; phase "search": runs fhir-bench's search queries, each
#      alone for $SEARCH_DURATION s with $SEARCH_CLIENTS clients (on the data loaded now, or by an
#      earlier run with the same OUT when "load" is not among the phases); then stops the JVM and
#      makes sure its PostgreSQL is gone;
#   4. "custodian" step: the same for `custodian.jar serve` (built with ./mvnw if the jar is
#      missing; its embedded PostgreSQL runs with fsync and synchronous_commit on);
#   5. prints tables (load: resources/s, bundles ok/failed, p50/p95 bundle latency; search: p50/p95
#      per query; Custodian/HAPI ratios) and writes them to $OUT/summary.txt.
#
#   bench/compare.sh                             # load both (PHASES=load)
#   PHASES="load search" bench/compare.sh        # load both, then search each
#   PHASES=search bench/compare.sh               # search the data an earlier run loaded in $OUT
#   PHASES=everything bench/compare.sh           # time $everything of the largest patient, alone
#   PHASES=everyone bench/compare.sh             # $everything of every patient, $SEARCH_CLIENTS at a time
#   STEPS=hapi bench/compare.sh                  # only HAPI (summary also uses an earlier
#   STEPS=custodian bench/compare.sh             #   custodian-*.json / hapi-*.json in $OUT)
#   STEPS="custodian noaudit" PHASES=search bench/compare.sh
#                                                # what auditing costs: searches Custodian's data,
#                                                # then the same data with a benchmark-only build whose
#                                                # audit sink keeps nothing (Maven profile
#                                                # bench-no-audit, target/no-audit/); prints p95 ratios
#
# Environment (defaults in brackets):
#   PATIENTS [20]  SEED [42]  SYNTHEA_DIR [/tmp/synthea-$PATIENTS-$SEED]  LOAD_CONCURRENCY [2]
#   OUT [/tmp/custodian-bench]  SHARED [<parent of repo>/shared]  STEPS ["hapi custodian"]
#   HAPI_PORT [8090]  CUSTODIAN_PORT [8091]  START_TIMEOUT [300 s]
#   HAPI_JAVA_OPTS ["-Xmx4g -Dpeer.pg.durable=true"]
#   CUSTODIAN_JAVA_OPTS ["-Xmx4g -Dcustodian.privacy.containment-patients=1000000"]
#   REBUILD_CUSTODIAN [0]  1 = run ./mvnw package even if target/custodian.jar exists
#   PHASES ["load"]  SEARCH_CLIENTS [8]  SEARCH_DURATION [60]  SEARCH_WARMUP [5]  EVERYTHING_RUNS [3]
#   SEARCH_QUERIES [all six]  comma-separated fhir-bench query names, e.g. observation_by_patient_code
#   SEARCH_MODE [separate]  fhir-bench --search-mode: separate (each query alone) or mix (all six
#                 interleaved for one duration, as fhir-bench runs by default)
#   SEARCH_ROLE [privacy-officer]  the role Custodian's searches run as: privacy-officer (system/*.rs,
#                 cleared for every sensitivity: the gate's checks trivially satisfied) or clinician
#                 (user/*.rs, a Practitioner on a care team of every loaded patient, created first:
#                 treatment-relationship and label checks in every statement). Loading always runs
#                 as an operator client.
#
# Custodian requires an access token: after starting it, the script registers bench clients and
# mints one-hour tokens with `custodian client add` / `custodian token` beside the running server,
# and passes them to fhir-bench and curl as an Authorization header. HAPI runs without access control.
#
# Outputs in $OUT: {hapi,custodian}-{load,search}.json (full fhir-bench summaries, incl. every
# bundle's status and time), *-server.log, *-load.log / *-search.log (driver stdout), build-*.log,
# steps.log (wall time of each step), summary.txt. Server data dirs: $OUT/data/{hapi,custodian}.
set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PATIENTS=${PATIENTS:-20}
SEED=${SEED:-42}
SYNTHEA_DIR=${SYNTHEA_DIR:-/tmp/synthea-$PATIENTS-$SEED}
LOAD_CONCURRENCY=${LOAD_CONCURRENCY:-2}
OUT=${OUT:-/tmp/custodian-bench}
SHARED=${SHARED:-$(dirname "$REPO")/shared}
STEPS=" ${STEPS:-hapi custodian} "
HAPI_PORT=${HAPI_PORT:-8090}
CUSTODIAN_PORT=${CUSTODIAN_PORT:-8091}
START_TIMEOUT=${START_TIMEOUT:-300}
HAPI_JAVA_OPTS=${HAPI_JAVA_OPTS:--Xmx4g -Dpeer.pg.durable=true}
# The search clients sweep every patient within seconds, which privacy monitoring's containment
# would (rightly) take for exfiltration and suspend: its threshold is raised for the benchmark.
CUSTODIAN_JAVA_OPTS=${CUSTODIAN_JAVA_OPTS:--Xmx4g -Dcustodian.privacy.containment-patients=1000000}
REBUILD_CUSTODIAN=${REBUILD_CUSTODIAN:-0}
PHASES=" ${PHASES:-load} "
SEARCH_CLIENTS=${SEARCH_CLIENTS:-8}
SEARCH_DURATION=${SEARCH_DURATION:-60}
SEARCH_WARMUP=${SEARCH_WARMUP:-5}
EVERYTHING_RUNS=${EVERYTHING_RUNS:-3}
SEARCH_QUERIES=${SEARCH_QUERIES:-}
SEARCH_ROLE=${SEARCH_ROLE:-privacy-officer}
SEARCH_MODE=${SEARCH_MODE:-separate}
case $SEARCH_ROLE in
  privacy-officer) SEARCH_SCOPE="system/*.rs" ;;
  clinician) SEARCH_SCOPE="user/*.rs"
    [[ " ${PHASES:-load} " != *" load "* ]] \
      || { echo "error: SEARCH_ROLE=clinician searches data loaded by an earlier run; leave load out of PHASES" >&2; exit 1; } ;;
  *) echo "error: SEARCH_ROLE must be privacy-officer or clinician, not '$SEARCH_ROLE'" >&2; exit 1 ;;
esac
LOAD_AUTH=() SEARCH_AUTH=()           # fhir-bench --header arguments; set when Custodian starts
CURL_AUTH=()

PEERS_SRC=$SHARED/peers
PEERS=$OUT/peers                      # writable copies of fhir-bench and hapi-jpa, built here
BENCH_JAR=$PEERS/fhir-bench/target/fhir-bench.jar
CUSTODIAN_JAR=$REPO/target/custodian.jar
NOAUDIT_JAR=$REPO/target/no-audit/custodian-no-audit.jar

for tool in java mvn jq ss; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' not found on PATH" >&2; exit 1; }
done
[ -d "$PEERS_SRC/fhir-bench" ] && [ -d "$PEERS_SRC/hapi-jpa" ] \
  || { echo "error: $PEERS_SRC/{fhir-bench,hapi-jpa} not found (set SHARED)" >&2; exit 1; }
mkdir -p "$OUT" "$PEERS" "$OUT/data"
OUT=$(cd "$OUT" && pwd)

# shellcheck source=lib/processes.sh
. "$REPO/bench/lib/processes.sh"

# Runs "$@" and appends its wall time to $OUT/steps.log.
timed() { # name, command...
  local name=$1 t0=$SECONDS
  shift
  log "step $name: start"
  "$@"
  log "step $name: done in $((SECONDS - t0)) s"
  printf '%s\t%-28s %5d s\n' "$(date -u +%FT%TZ)" "$name" "$((SECONDS - t0))" >> "$OUT/steps.log"
}

# ---------------------------------------------------------------------------------------------
# Server lifecycle. One server at a time: SERVER_PID is its JVM, PG_PIDS its PostgreSQL
# postmaster(s). Only these pids (and the direct children of SERVER_PID while it is still a
# build wrapper) are ever signalled.
# ---------------------------------------------------------------------------------------------
SERVER_NAME=
SERVER_PID=
SERVER_DATA=
PG_PIDS=

# Stops the current server and its PostgreSQL. Safe to call twice (used by the EXIT trap).
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  stop_jvm_and_postgres "$SERVER_NAME" "$SERVER_PID" "$SERVER_DATA" "$PG_PIDS"
  SERVER_PID= SERVER_NAME= PG_PIDS=
  LOAD_AUTH=() SEARCH_AUTH=() CURL_AUTH=()
}

cleanup() { local rc=$?; stop_server || true; exit "$rc"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# PostgreSQL settings as seen in the data dir (postmaster.opts holds the -c options the embedded
# server was started with; PostgreSQL's defaults apply when a setting is absent). Fails if fsync
# or synchronous_commit is off: both servers must run with the same, durable settings.
check_durability() {
  local opts conf s v line=
  opts=$(find "$SERVER_DATA" -name postmaster.opts -exec cat {} + 2>/dev/null || true)
  conf=$(find "$SERVER_DATA" \( -name postgresql.conf -o -name postgresql.auto.conf \) -exec cat {} + 2>/dev/null || true)
  if [ -z "$opts" ]; then
    log "$SERVER_NAME: WARNING: no postmaster.opts under $SERVER_DATA, durability not verified"
    echo "$SERVER_NAME: pg settings not verified" >> "$OUT/settings.txt"
    return 0
  fi
  for s in fsync synchronous_commit full_page_writes; do
    v=$(grep -oE "$s=[a-z]+" <<< "$opts" | tail -1 | cut -d= -f2 || true)
    [ -n "$v" ] || v=$(grep -E "^[[:space:]]*$s[[:space:]]*=" <<< "$conf" | tail -1 | sed -E "s/.*=[[:space:]]*'?([a-z]+).*/\1/" || true)
    [ -n "$v" ] || v="on(default)"
    line="$line $s=$v"
    if [ "$s" != full_page_writes ] && [ "${v%(default)}" != on ]; then
      echo "error: $SERVER_NAME runs PostgreSQL with $s=$v; the comparison needs it on" >&2; exit 1
    fi
  done
  log "$SERVER_NAME: PostgreSQL$line"
  echo "$SERVER_NAME: PostgreSQL$line" >> "$OUT/settings.txt"
}

# Runs the fhir-bench load phase against base URL $2, JSON to $OUT/$1-load.json.
run_load() { # name, base
  local name=$1 base=$2 p
  local sample=(--sample-pid "$SERVER_PID")
  for p in $PG_PIDS; do sample+=(--sample-pid "$p"); done
  log "$name: machine load before loading: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -jar "$BENCH_JAR" --base "$base" --data "$SYNTHEA_DIR" --phases load \
    --load-concurrency "$LOAD_CONCURRENCY" "${LOAD_AUTH[@]}" "${sample[@]}" \
    --label "$name load c=$LOAD_CONCURRENCY patients=$PATIENTS seed=$SEED" \
    --json-out "$OUT/$name-load.json" 2>&1 | tee "$OUT/$name-load.log"
  grep -q '^SUMMARY_JSON ' "$OUT/$name-load.log" \
    || { echo "error: fhir-bench did not finish against $name, see $OUT/$name-load.log" >&2; exit 1; }
  echo "$name: data dir on disk after load: $(du -sm "$SERVER_DATA" | cut -f1) MB" | tee -a "$OUT/settings.txt"
}

# ---------------------------------------------------------------------------------------------
# Preparation: data and builds
# ---------------------------------------------------------------------------------------------
prepare_data() {
  if [ -d "$SYNTHEA_DIR/fhir" ]; then
    log "using existing Synthea data in $SYNTHEA_DIR"
  else
    "$PEERS_SRC/fhir-bench/gen-synthea.sh" "$PATIENTS" "$SEED" "$SYNTHEA_DIR" > "$OUT/gen-synthea.log" 2>&1 \
      || { tail -n 20 "$OUT/gen-synthea.log" >&2; exit 1; }
  fi
  log "data: $(find "$SYNTHEA_DIR/fhir" -maxdepth 1 -name '*.json' | wc -l) bundles," \
      "$(du -sm "$SYNTHEA_DIR/fhir" | cut -f1) MB in $SYNTHEA_DIR/fhir"
}

# Copies a peer's sources (not target/) into $PEERS and builds it there with `mvn -q package`.
build_peer() { # name
  local name=$1
  tar -C "$PEERS_SRC" --exclude="$name/target" -cf - "$name" | tar -C "$PEERS" -xf -
  chmod -R u+w "$PEERS/$name"
  (cd "$PEERS/$name" && mvn -q -B package) > "$OUT/build-$name.log" 2>&1 \
    || { echo "error: building $name failed:" >&2; tail -n 30 "$OUT/build-$name.log" >&2; exit 1; }
}

build_custodian() {
  if [ -f "$CUSTODIAN_JAR" ] && [ "$REBUILD_CUSTODIAN" != 1 ]; then
    log "using existing $CUSTODIAN_JAR ($(date -r "$CUSTODIAN_JAR" '+%F %T'))"
    return 0
  fi
  [ -x "$REPO/mvnw" ] || { echo "error: $CUSTODIAN_JAR missing and no $REPO/mvnw to build it" >&2; exit 1; }
  (cd "$REPO" && ./mvnw -q -DskipTests package) > "$OUT/build-custodian.log" 2>&1 \
    || { echo "error: building Custodian failed:" >&2; tail -n 30 "$OUT/build-custodian.log" >&2; exit 1; }
  [ -f "$CUSTODIAN_JAR" ] || { echo "error: build finished but $CUSTODIAN_JAR does not exist" >&2; exit 1; }
}

# The benchmark-only build whose audit sink keeps nothing (never part of the product).
build_noaudit() {
  if [ -f "$NOAUDIT_JAR" ] && [ "$REBUILD_CUSTODIAN" != 1 ]; then
    log "using existing $NOAUDIT_JAR ($(date -r "$NOAUDIT_JAR" '+%F %T'))"
    return 0
  fi
  (cd "$REPO" && ./mvnw -q -DskipTests -Pbench-no-audit package) > "$OUT/build-noaudit.log" 2>&1 \
    || { echo "error: building the no-audit benchmark jar failed:" >&2; tail -n 30 "$OUT/build-noaudit.log" >&2; exit 1; }
  [ -f "$NOAUDIT_JAR" ] || { echo "error: build finished but $NOAUDIT_JAR does not exist" >&2; exit 1; }
}

# ---------------------------------------------------------------------------------------------
# The two halves
# ---------------------------------------------------------------------------------------------
# Loading starts from an empty data dir; searching alone needs the data an earlier load left.
fresh_data_dir() {
  if [[ $PHASES == *" load "* ]]; then
    rm -rf "$SERVER_DATA"; mkdir -p "$SERVER_DATA"
  elif [ ! -d "$SERVER_DATA" ]; then
    echo "error: PHASES has no load and $SERVER_DATA does not exist; run with PHASES=load first" >&2; exit 1
  fi
}

start_hapi() {
  SERVER_NAME=hapi SERVER_DATA=$OUT/data/hapi
  local logf=$OUT/hapi-server.log
  require_free_port "$HAPI_PORT"
  fresh_data_dir
  : > "$logf"
  # run.sh re-runs `mvn -q package` (a no-op after build_peer) and then execs the JVM, so $! ends
  # up being the server's JVM.
  JAVA_OPTS="$HAPI_JAVA_OPTS" "$PEERS/hapi-jpa/run.sh" "$HAPI_PORT" "$SERVER_DATA" > "$logf" 2>&1 &
  SERVER_PID=$!
  wait_for_line "$SERVER_NAME" "$SERVER_PID" "$logf" '^READY'
  grep -q 'pg_fsync/sync_commit=on/on' "$logf" \
    || { echo "error: HAPI's PostgreSQL is not durable: $(grep '^READY' "$logf")" >&2; exit 1; }
  PG_PIDS=$(find_pg_pids "$SERVER_DATA")
  check_durability
}

start_custodian() { start_custodian_jar custodian "$CUSTODIAN_JAR"; }

# The no-audit build searches the data Custodian loaded (the same data dir), never loads.
start_noaudit() {
  [[ $PHASES != *" load "* ]] || { echo "error: step noaudit searches Custodian's data; leave load out of PHASES" >&2; exit 1; }
  start_custodian_jar noaudit "$NOAUDIT_JAR"
}

start_custodian_jar() { # name, jar
  SERVER_NAME=$1 SERVER_DATA=$OUT/data/custodian
  local logf=$OUT/$1-server.log
  require_free_port "$CUSTODIAN_PORT"
  fresh_data_dir
  : > "$logf"
  # It runs from a copy, so a build in the repo meanwhile cannot change the classes under it.
  # Working directory $OUT, so nothing the server might write lands in the repo.
  cp "$2" "$OUT/custodian.jar"
  # shellcheck disable=SC2086
  (cd "$OUT" && exec java $CUSTODIAN_JAVA_OPTS -jar "$OUT/custodian.jar" serve \
      --port "$CUSTODIAN_PORT" --data-dir "$SERVER_DATA") > "$logf" 2>&1 &
  SERVER_PID=$!
  wait_for_line "$SERVER_NAME" "$SERVER_PID" "$logf" 'Custodian listening on'
  PG_PIDS=$(find_pg_pids "$SERVER_DATA")
  [ -n "${PG_PIDS// /}" ] || log "custodian: WARNING: no PostgreSQL postmaster found under $SERVER_DATA"
  check_durability
  local loader searcher fhir_user=
  loader=$(custodian_token bench-loader privacy-officer,integration "system/*.cruds")
  if [ "$SEARCH_ROLE" = clinician ]; then
    fhir_user=$(custodian_care_teams "http://127.0.0.1:$CUSTODIAN_PORT/fhir" "$loader")
  fi
  searcher=$(custodian_token "bench-$SEARCH_ROLE" "$SEARCH_ROLE" "$SEARCH_SCOPE" "$fhir_user")
  LOAD_AUTH=(--header "Authorization: Bearer $loader")
  SEARCH_AUTH=(--header "Authorization: Bearer $searcher")
  CURL_AUTH=(-H "Authorization: Bearer $searcher")
  log "$SERVER_NAME: searches run as a $SEARCH_ROLE client ($SEARCH_SCOPE)"
  echo "$SERVER_NAME: searches as $SEARCH_ROLE ($SEARCH_SCOPE)" >> "$OUT/settings.txt"
}

# Registers client $1 (role $2, scopes $3, fhirUser $4 if given) on the running Custodian's data and
# prints a 1-hour token.
custodian_token() { # client, role, scope, [fhir user]
  (cd "$OUT" && java -Dcustodian.access.token-lifetime=PT1H -jar "$OUT/custodian.jar" client add "$1" \
      --role "$2" --scope "$3" ${4:+--fhir-user "$4"} --data-dir "$SERVER_DATA" > /dev/null \
    && java -Dcustodian.access.token-lifetime=PT1H -jar "$OUT/custodian.jar" token --client "$1" --scope "$3" \
      --data-dir "$SERVER_DATA")
}

# The bench clinician: a Practitioner on an active CareTeam of every loaded patient, so that a
# clinician's searches reach every patient of the mix through treatment relationships (the gate's
# full checks, as issue 4's speed goal asks). Conditional creates, so a second run adds nothing.
# Prints Practitioner/<id>.
custodian_care_teams() { # base, token
  local base=$1 auth="Authorization: Bearer $2" ids bundle
  ids=$(curl -sf -H "$auth" "$base/Patient?_count=1000&_elements=id" | jq -r '.entry[].resource.id')
  bundle=$(jq -n --arg ids "$ids" '{resourceType: "Bundle", type: "transaction", entry: (
    [{fullUrl: "urn:uuid:bench-clinician", resource: {resourceType: "Practitioner",
        identifier: [{system: "urn:custodian:bench", value: "clinician"}], name: [{family: "Bench"}]},
      request: {method: "POST", url: "Practitioner", ifNoneExist: "identifier=urn:custodian:bench|clinician"}}]
    + [$ids | split("\n")[] | select(length > 0) | {resource: {resourceType: "CareTeam", status: "active",
        identifier: [{system: "urn:custodian:bench", value: ("care-" + .)}], subject: {reference: ("Patient/" + .)},
        participant: [{member: {reference: "urn:uuid:bench-clinician"}}]},
      request: {method: "POST", url: "CareTeam", ifNoneExist: ("identifier=urn:custodian:bench|care-" + .)}}])}')
  curl -sf -H "$auth" -H 'Content-Type: application/fhir+json' -X POST "$base" -d "$bundle" > /dev/null \
    || { echo "error: creating the bench clinician's care teams failed" >&2; exit 1; }
  echo "Practitioner/$(curl -sf -H "$auth" "$base/Practitioner?identifier=urn:custodian:bench%7Cclinician" \
    | jq -r '.entry[0].resource.id')"
}

# Runs fhir-bench's search queries (each alone, or interleaved in mix mode) against base URL $2.
run_search() { # name, base
  local name=$1 base=$2 p
  local sample=(--sample-pid "$SERVER_PID")
  for p in $PG_PIDS; do sample+=(--sample-pid "$p"); done
  log "$name: machine load before searching: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -jar "$BENCH_JAR" --base "$base" --data "$SYNTHEA_DIR" --phases search --search-mode "$SEARCH_MODE" \
    --search-clients "$SEARCH_CLIENTS" --search-duration "$SEARCH_DURATION" --search-warmup "$SEARCH_WARMUP" \
    ${SEARCH_QUERIES:+--queries "$SEARCH_QUERIES"} "${SEARCH_AUTH[@]}" \
    "${sample[@]}" --label "$name search $SEARCH_MODE c=$SEARCH_CLIENTS d=$SEARCH_DURATION patients=$PATIENTS seed=$SEED" \
    --json-out "$OUT/$name-search.json" 2>&1 | tee "$OUT/$name-search.log"
  grep -q '^SUMMARY_JSON ' "$OUT/$name-search.log" \
    || { echo "error: fhir-bench search did not finish against $name, see $OUT/$name-search.log" >&2; exit 1; }
}

# Times Patient/$everything of the largest patient in the data (most bundle entries), one client,
# following every next link, at the server's default page size and with _count=1000,
# EVERYTHING_RUNS times each. A run's time is the sum of curl's time_total over its pages (waiting
# for and receiving each page; the script's own JSON handling between pages is not counted).
run_everything() { # name, base
  local name=$1 base=$2 file mrn id count run url pages secs t
  file=$(find "$SYNTHEA_DIR/fhir" -maxdepth 1 -name '*.json' ! -name 'hospitalInformation*' \
    ! -name 'practitionerInformation*' -printf '%s %p\n' | sort -rn | head -1 | cut -d' ' -f2-)
  mrn=$(jq -r '[.entry[].resource | select(.resourceType == "Patient")][0].identifier[]
    | select(.type.coding[0].code == "MR") | .value' "$file")
  id=$(curl -sf "${CURL_AUTH[@]}" "$base/Patient?identifier=http://hospital.smarthealthit.org%7C$mrn" \
    | jq -r '.entry[0].resource.id')
  [ -n "$id" ] && [ "$id" != null ] || { echo "error: $name has no patient with MRN $mrn" >&2; exit 1; }
  log "$name: \$everything of $(basename "$file") ($(jq '.entry | length' "$file") entries), Patient/$id"
  : > "$OUT/$name-everything.tsv"
  for count in default 1000; do
    for ((run = 1; run <= EVERYTHING_RUNS; run++)); do
      url="$base/Patient/$id/\$everything"
      [ "$count" = default ] || url="$url?_count=$count"
      pages=0 secs=0
      while [ -n "$url" ]; do
        t=$(curl -sf "${CURL_AUTH[@]}" -o "$OUT/everything-page.json" -w '%{time_total}' "$url") \
          || { echo "error: $name failed on $url" >&2; exit 1; }
        pages=$((pages + 1)) secs=$(awk -v a="$secs" -v b="$t" 'BEGIN { print a + b }')
        url=$(head -c 8000 "$OUT/everything-page.json" | grep -o '"relation":"next","url":"[^"]*"' \
          | sed 's/.*"url":"//; s/"$//' || true)
      done
      printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$count" "$run" "$pages" "$secs" | tee -a "$OUT/$name-everything.tsv"
    done
  done
  rm -f "$OUT/everything-page.json"
}

# $everything of every loaded patient (each patient bundle's MRN looked up first), all pages at the
# default page size, $SEARCH_CLIENTS patients at a time: both servers answer for exactly the same
# patients, unlike fhir-bench's timed mix, where a slow server's long requests still running when
# the time is up are not counted (so its sample leans to small records).
run_everyone() { # name, base
  local name=$1 base=$2 file mrn id
  : > "$OUT/$name-everyone-ids.txt"
  while IFS= read -r file; do
    mrn=$(jq -r '[.entry[].resource | select(.resourceType == "Patient")][0].identifier[]
      | select(.type.coding[0].code == "MR") | .value' "$file")
    id=$(curl -sf "${CURL_AUTH[@]}" "$base/Patient?identifier=http://hospital.smarthealthit.org%7C$mrn" \
      | jq -r '.entry[0].resource.id')
    [ -n "$id" ] && [ "$id" != null ] && echo "$id" >> "$OUT/$name-everyone-ids.txt"
  done < <(find "$SYNTHEA_DIR/fhir" -maxdepth 1 -name '*.json' ! -name 'hospitalInformation*' \
    ! -name 'practitionerInformation*' | sort)
  log "$name: \$everything of $(wc -l < "$OUT/$name-everyone-ids.txt") patients, $SEARCH_CLIENTS at a time"
  xargs -P "$SEARCH_CLIENTS" -I{} "$REPO/bench/lib/everything-one.sh" "$base" {} "${CURL_AUTH[@]}" \
    < "$OUT/$name-everyone-ids.txt" > "$OUT/$name-everyone.tsv"
}

run_half() { # name
  local name=$1 phase
  sed -i "/^$name: /d" "$OUT/settings.txt" 2>/dev/null || true
  timed "$name-start" "start_$name"
  local port=$CUSTODIAN_PORT
  if [ "$name" = hapi ]; then port=$HAPI_PORT; fi
  for phase in load search everything everyone; do
    [[ $PHASES == *" $phase "* ]] || continue
    rm -f "$OUT/$name-$phase.json" "$OUT/$name-$phase.log"
    timed "$name-$phase" "run_$phase" "$name" "http://127.0.0.1:$port/fhir"
  done
  timed "$name-stop" stop_server
}

# ---------------------------------------------------------------------------------------------
# Summary table from the JSON files present in $OUT (a half not run now is taken from an earlier
# run, marked by its start time).
# ---------------------------------------------------------------------------------------------
summarize() {
  local f name hapi_rps= cust_rps=
  {
    [[ $PHASES == *" load "* ]] || [ -f "$OUT/hapi-load.json" ] || [ -f "$OUT/custodian-load.json" ] || return 0
    echo "Ingest: $SYNTHEA_DIR (PATIENTS=$PATIENTS SEED=$SEED), load concurrency $LOAD_CONCURRENCY," \
         "PostgreSQL fsync=on synchronous_commit=on"
    printf '%-10s %12s %14s %9s %9s %8s  %s\n' server "patient res/s" "bundles ok/fail" "p50 ms" "p95 ms" "wall s" "run started"
    for name in hapi custodian; do
      f=$OUT/$name-load.json
      [ -f "$f" ] || { printf '%-10s %12s\n' "$name" "(not run)"; continue; }
      jq -r --arg n "$name" '.load.patients as $p |
        [$n, $p.resources_per_s, "\($p.bundles_ok)/\($p.bundles_failed)", $p.latency_ms.p50, $p.latency_ms.p95, $p.seconds, .started]
        | @tsv' "$f" | awk -F'\t' '{printf "%-10s %12.1f %14s %9.0f %9.0f %8.1f  %s\n", $1, $2, $3, $4, $5, $6, $7}'
      jq -r --arg n "$name" '(.load.infrastructure.bundles_failed) as $i | if $i > 0 then "  \($n): \($i) infrastructure bundle(s) failed" else empty end,
        (.load.patients.first_errors[]? | "  \($n) error: \(.[0:300])")' "$f"
    done
    if [ -f "$OUT/hapi-load.json" ]; then hapi_rps=$(jq '.load.patients.resources_per_s' "$OUT/hapi-load.json"); fi
    if [ -f "$OUT/custodian-load.json" ]; then cust_rps=$(jq '.load.patients.resources_per_s' "$OUT/custodian-load.json"); fi
    if [ -n "$hapi_rps" ] && [ -n "$cust_rps" ]; then
      awk -v c="$cust_rps" -v h="$hapi_rps" 'BEGIN { if (h > 0) printf "Custodian/HAPI resources/s: %.2f\n", c / h; else print "Custodian/HAPI resources/s: n/a (HAPI 0)" }'
    else
      echo "Custodian/HAPI resources/s: n/a (need both halves)"
    fi
  } | tee "$OUT/summary.txt"
  summarize_search | tee -a "$OUT/summary.txt"
  summarize_everything | tee -a "$OUT/summary.txt"
  summarize_everyone | tee -a "$OUT/summary.txt"
  summarize_audit_cost | tee -a "$OUT/summary.txt"
  if [ -f "$OUT/settings.txt" ]; then sed 's/^/  /' "$OUT/settings.txt" | tee -a "$OUT/summary.txt"; fi
}

# $everything of the largest patient: median seconds per page size, and Custodian / HAPI.
summarize_everything() {
  [ -f "$OUT/hapi-everything.tsv" ] || [ -f "$OUT/custodian-everything.tsv" ] || return 0
  echo
  echo "\$everything of the largest patient, one client, all pages; median of $EVERYTHING_RUNS runs (seconds)"
  cat "$OUT"/hapi-everything.tsv "$OUT"/custodian-everything.tsv 2>/dev/null | awk -F'\t' '
    { v[$1 FS $2] = v[$1 FS $2] " " $5; p[$2] = $4 }
    function median(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n ? a[int((n + 1) / 2)] : "" }
    END { printf "%-12s %6s %10s %10s %8s\n", "page size", "pages", "hapi", "custodian", "ratio"
      for (c in p) { h = median(v["hapi" FS c]); k = median(v["custodian" FS c])
        printf "%-12s %6s %10s %10s %8s\n", c, p[c], h, k, (h > 0 && k != "") ? sprintf("%.2f", k / h) : "-" } }'
}

# $everything of every patient: p50/p95/max seconds per server over the same patients (matched by the
# number of resources returned), and Custodian / HAPI.
summarize_everyone() {
  [ -f "$OUT/hapi-everyone.tsv" ] && [ -f "$OUT/custodian-everyone.tsv" ] || return 0
  echo
  echo "\$everything of every patient, all pages at the default page size, $SEARCH_CLIENTS at a time (seconds)"
  for name in hapi custodian; do
    sort -t$'\t' -k4,4g "$OUT/$name-everyone.tsv" | awk -F'\t' -v n="$name" '
      { s[NR] = $4; r += $3 } END { if (!NR) exit
        printf "%-10s patients %4d  resources %8d  p50 %8.2f  p95 %8.2f  max %8.2f\n", n, NR, r,
          s[int((NR + 1) / 2)], s[int(NR * 0.95 + 0.999)], s[NR] }'
  done
  paste <(sort -t$'\t' -k4,4g "$OUT/hapi-everyone.tsv" | cut -f4) \
        <(sort -t$'\t' -k4,4g "$OUT/custodian-everyone.tsv" | cut -f4) | awk -F'\t' '
    { h[NR] = $1; c[NR] = $2 } END { if (!NR) exit; i = int(NR * 0.95 + 0.999)
      printf "p95 ratio custodian/hapi: %.2f\n", c[i] / h[i] }'
}

# Per query: p50 and p95 of each server and Custodian p95 / HAPI p95 (the goal is at most 0.5).
summarize_search() {
  [ -f "$OUT/hapi-search.json" ] || [ -f "$OUT/custodian-search.json" ] || return 0
  echo
  if [ "$SEARCH_MODE" = mix ]; then
    echo "Search: all queries interleaved (mix mode), $SEARCH_CLIENTS clients, ${SEARCH_DURATION} s"
  else
    echo "Search: each query alone, $SEARCH_CLIENTS clients, ${SEARCH_DURATION} s each, separate mode"
  fi
  local h=$OUT/hapi-search.json c=$OUT/custodian-search.json
  [ -f "$h" ] || h=/dev/null
  [ -f "$c" ] || c=/dev/null
  jq -rn --slurpfile h <(cat "$h" 2>/dev/null || echo null) --slurpfile c <(cat "$c" 2>/dev/null || echo null) '
    def q($s; $n): ($s[0].search.queries[$n] // {});
    def f: if . == null then "-" else (. * 10 | round / 10 | tostring) end;
    ["query", "hapi p50", "hapi p95", "cust p50", "cust p95", "p95 ratio", "hapi n", "cust n", "entries h/c"],
    ((($h[0].search.queries // {}) + ($c[0].search.queries // {})) | keys_unsorted[] as $n
      | q($h; $n) as $a | q($c; $n) as $b
      | [$n, ($a.latency_ms.p50 | f), ($a.latency_ms.p95 | f), ($b.latency_ms.p50 | f), ($b.latency_ms.p95 | f),
         (if ($a.latency_ms.p95 // 0) > 0 and $b.latency_ms.p95 != null then ($b.latency_ms.p95 / $a.latency_ms.p95 * 100 | round / 100 | tostring) else "-" end),
         ($a.requests_ok // "-" | tostring), ($b.requests_ok // "-" | tostring),
         "\($a.mean_resources_per_response // "-")/\($b.mean_resources_per_response // "-")"])
    | @tsv' | column -t -s $'\t'
  for f in "$OUT/hapi-search.json" "$OUT/custodian-search.json"; do
    [ -f "$f" ] || continue
    jq -r --arg f "$(basename "$f")" '.search.queries | to_entries[] | select(.value.errors > 0)
      | "  \($f) \(.key): \(.value.errors) errors, first: \(.value.first_errors[0] // "" | .[0:300])"' "$f"
  done
}

# Per query: Custodian's p95 with auditing and the no-audit build's, and their ratio (issue 5's goal:
# at most 1.10).
summarize_audit_cost() {
  [ -f "$OUT/custodian-search.json" ] && [ -f "$OUT/noaudit-search.json" ] || return 0
  echo
  echo "Audit cost: Custodian vs. the benchmark-only build whose audit sink keeps nothing (same data, $SEARCH_ROLE)"
  jq -rn --slurpfile c "$OUT/custodian-search.json" --slurpfile n "$OUT/noaudit-search.json" '
    def f: if . == null then "-" else (. * 10 | round / 10 | tostring) end;
    ["query", "audited p50", "audited p95", "no-audit p50", "no-audit p95", "p95 ratio"],
    ($c[0].search.queries | keys_unsorted[] as $q | $c[0].search.queries[$q] as $a | ($n[0].search.queries[$q] // {}) as $b
      | [$q, ($a.latency_ms.p50 | f), ($a.latency_ms.p95 | f), ($b.latency_ms.p50 | f), ($b.latency_ms.p95 | f),
         (if ($b.latency_ms.p95 // 0) > 0 then ($a.latency_ms.p95 / $b.latency_ms.p95 * 100 | round / 100 | tostring) else "-" end)])
    | @tsv' | column -t -s $'\t'
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
log "repo $REPO, shared $SHARED, out $OUT, steps:$STEPS phases:$PHASES"
printf '== %s steps:%s phases:%s\n' "$(date -u +%FT%TZ)" "$STEPS" "$PHASES" >> "$OUT/steps.log"
timed synthea prepare_data
timed build-fhir-bench build_peer fhir-bench
# (if-blocks rather than `cond && cmd`, so that set -e stays in force inside the functions)
if [[ $STEPS == *" hapi "* ]]; then timed build-hapi-jpa build_peer hapi-jpa; fi
if [[ $STEPS == *" custodian "* ]]; then timed build-custodian build_custodian; fi
if [[ $STEPS == *" noaudit "* ]]; then timed build-noaudit build_noaudit; fi
if [[ $STEPS == *" hapi "* ]]; then run_half hapi; fi
if [[ $STEPS == *" custodian "* ]]; then run_half custodian; fi
if [[ $STEPS == *" noaudit "* ]]; then run_half noaudit; fi
summarize
