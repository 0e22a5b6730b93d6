#!/usr/bin/env bash
# Issue 11's crash drill: a stream of ADT^A04 and ORU^R01 messages over MLLP, the server killed
# (kill -9, no shutdown of any kind) in the middle of it, then started again; the senders keep
# going, sending again whatever was not acknowledged. Afterwards every acknowledged message must be
# in the record exactly once: each registration's patient found once by their MRN, each result's
# report found once by its order number. Durable PostgreSQL as always.
#
#   bench/hl7/crash-drill.sh                     # 3,000 messages over 8 connections, killed after 6 s
#   MESSAGES=6000 KILL_AFTER=10 OUT=/tmp/drill bench/hl7/crash-drill.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
MESSAGES=${MESSAGES:-3000}
CONNECTIONS=${CONNECTIONS:-8}
KILL_AFTER=${KILL_AFTER:-6}
OUT=${OUT:-/tmp/custodian-crash-drill}
PORT=${PORT:-18098}
MLLP=${MLLP:-12576}
JAR=target/custodian.jar
[ -f "$JAR" ] || ./mvnw -q -DskipTests package
rm -rf "$OUT" && mkdir -p "$OUT"

serve() {
  java -Dcustodian.hl7.mllp-port="$MLLP" -jar "$JAR" serve --port "$PORT" --data-dir "$OUT/data" >> "$OUT/server.log" 2>&1 &
  SERVER=$!
  until grep -q "Custodian listening" "$OUT/server.log"; do
    kill -0 "$SERVER" 2>/dev/null || { echo "the server did not start; see $OUT/server.log"; exit 1; }
    sleep 0.5
  done
}
serve
trap 'kill $SERVER 2>/dev/null || true; kill $LOAD 2>/dev/null || true' EXIT
RUN=drill python3 bench/hl7/mllp-load.py 127.0.0.1 "$MLLP" "$MESSAGES" "$CONNECTIONS" "$OUT/acked.tsv" > "$OUT/load.txt" 2>&1 &
LOAD=$!
sleep "$KILL_AFTER"
before=$(wc -l < "$OUT/acked.tsv")
kill -9 "$SERVER"
echo "killed the server (kill -9) after $before acknowledged messages"
wait "$SERVER" 2>/dev/null || true
echo "--- restart" >> "$OUT/server.log"
sed -i 's/Custodian listening/Custodian was listening/' "$OUT/server.log"
serve
echo "started again; $(grep -c 'kept before the last stop but not applied' "$OUT/server.log" || true) kept messages applied at start"
wait "$LOAD"
cat "$OUT/load.txt"
java -jar "$JAR" client add drill-check --role integration --scope "system/*.rs" --data-dir "$OUT/data" > /dev/null 2>&1
TOKEN=$(java -jar "$JAR" token --client drill-check --scope "system/*.rs" --data-dir "$OUT/data" 2>/dev/null)
python3 bench/hl7/exactly-once.py "http://127.0.0.1:$PORT/fhir" "$TOKEN" "$OUT/acked.tsv"
