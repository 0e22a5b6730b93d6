#!/usr/bin/env bash
# The code sets' speed goals (issue 9): loading a full ICD-10-CM release (goal: under 30 s), and
# CodeSystem/$validate-code over HTTP (goal: under 5 ms at p95), on a fresh data directory with
# durable PostgreSQL (fsync and synchronous_commit on, as always).
#
#   bench/coding/terminology.sh                 # in /tmp/coding-bench
#   OUT=/tmp/tb REQUESTS=5000 bench/coding/terminology.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/coding-bench}
PORT=${PORT:-18098}
REQUESTS=${REQUESTS:-5000}
JAR=target/custodian.jar
[ -f "$JAR" ] || ./mvnw -q -DskipTests package
rm -rf "$OUT" && mkdir -p "$OUT"
# The shipped sets (ICD-10-CM FY2025-FY2027, HCPCS, the GEMs) load when first asked about.
start=$(date +%s.%N)
java -jar "$JAR" terminology list --data-dir "$OUT/data" > "$OUT/list.txt" 2>"$OUT/list.err"
echo "shipped code sets (3 ICD-10-CM releases, HCPCS, GEMs) loaded and listed: $(echo "$(date +%s.%N) - $start" | bc) s"
# One full ICD-10-CM release from CMS's order file, as an April update is loaded.
zcat src/main/resources/coding/icd10cm/icd10cm_order_2026.txt.gz > "$OUT/order.txt"
start=$(date +%s.%N)
java -jar "$JAR" terminology load "$OUT/order.txt" --system icd-10-cm --format icd10cm-order --version bench \
  --effective 2030-01-01 --data-dir "$OUT/data" 2>"$OUT/load.err" | tee "$OUT/load.txt"
echo "full ICD-10-CM release (98,186 concepts), command start to finish: $(echo "$(date +%s.%N) - $start" | bc) s"
java -jar "$JAR" client add bench-coder --role coder --scope "user/*.rs" --data-dir "$OUT/data" >/dev/null 2>&1
java -jar "$JAR" serve --port "$PORT" --data-dir "$OUT/data" > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
until grep -q "Custodian listening" "$OUT/server.log"; do sleep 1; done
TOKEN=$(java -jar "$JAR" token --client bench-coder --scope "user/*.rs" --data-dir "$OUT/data" 2>/dev/null)
python3 bench/coding/validate-timing.py "http://127.0.0.1:$PORT/fhir" "$TOKEN" "$OUT/order.txt" "$REQUESTS"
