#!/usr/bin/env bash
# The patient index at scale (issue 7's speed goals): PATIENTS synthetic patients (registration
# errors and twins, SyntheticPatientFile) imported into a fresh data directory, then, against the
# running server: one batch deduplication run timed from POST $deduplicate to "finished", and
# Patient/$match timed by match-timing.py. Durable PostgreSQL as always (fsync and synchronous_commit on).
#
#   bench/identity/at-scale.sh                    # 100,000 patients in /tmp/identity-scale
#   PATIENTS=20000 OUT=/tmp/idx20k bench/identity/at-scale.sh
#   REUSE=1 bench/identity/at-scale.sh             # run and time again on the data an earlier run imported
set -euo pipefail
cd "$(dirname "$0")/../.."
PATIENTS=${PATIENTS:-100000}
OUT=${OUT:-/tmp/identity-scale}
PORT=${PORT:-18097}
JAR=target/custodian.jar
[ -f "$JAR" ] || ./mvnw -q -DskipTests package
./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$OUT.cp" -Dmdep.includeScope=test >/dev/null \
  || ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile="$OUT.cp" -Dmdep.includeScope=test >/dev/null
if [ -z "${REUSE:-}" ]; then
  rm -rf "$OUT" && mkdir -p "$OUT"
  java -cp "target/test-classes:target/classes:$(cat "$OUT.cp")" org.custodian.identity.SyntheticPatientFile \
    "$OUT/patients.ndjson" "$PATIENTS" 2>/dev/null
  start=$(date +%s.%N)
  java -jar "$JAR" import "$OUT/patients.ndjson" --data-dir "$OUT/data" > "$OUT/import.log" 2>&1
  echo "import: $(echo "$(date +%s.%N) - $start" | bc) s for $PATIENTS patients"
  java -jar "$JAR" client add bench-him --role him --scope "user/*.crus" --data-dir "$OUT/data" >/dev/null 2>&1
  # $match as a registration system calls it (an HIM user reading hundreds of patients in a minute is
  # what privacy monitoring suspends, rightly).
  java -jar "$JAR" client add bench-registration --role integration --scope "system/*.rs" --data-dir "$OUT/data" >/dev/null 2>&1
fi
java -jar "$JAR" serve --port "$PORT" --data-dir "$OUT/data" > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
until grep -q "Custodian listening" "$OUT/server.log"; do sleep 1; done
TOKEN=$(java -jar "$JAR" token --client bench-him --scope "user/*.crus" --data-dir "$OUT/data" 2>/dev/null)
BASE="http://127.0.0.1:$PORT/fhir"
start=$(date +%s.%N)
RUN=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/fhir+json" \
  -d '{"resourceType":"Parameters"}' "$BASE/\$deduplicate" | python3 -c 'import json,sys; print(json.load(sys.stdin)["parameter"][0]["valueInteger"])')
while true; do
  STATUS=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/\$deduplicate-status?run=$RUN")
  STATE=$(echo "$STATUS" | python3 -c 'import json,sys; p={x["name"]: list(x.values())[1] for x in json.load(sys.stdin)["parameter"]}; print(p["state"])')
  [ "$STATE" != running ] && break
  sleep 0.5
done
echo "deduplication run $RUN: $STATE in $(echo "$(date +%s.%N) - $start" | bc) s"
echo "$STATUS" | python3 -c 'import json,sys; print({x["name"]: list(x.values())[1] for x in json.load(sys.stdin)["parameter"]})'
REGISTRATION=$(java -jar "$JAR" token --client bench-registration --scope "system/*.rs" --data-dir "$OUT/data" 2>/dev/null)
SAMPLE=${SAMPLE:-200} ROUNDS=${ROUNDS:-500} python3 bench/identity/match-timing.py "$BASE" "$REGISTRATION"
