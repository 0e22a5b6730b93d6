#!/usr/bin/env bash
# What encryption at rest costs (issue 12: at most 15% on ingest and on search): the same Synthea
# bundles loaded into a fresh Custodian with record bodies sealed (the default) and with
# custodian.encryption.enabled=false, alternating, ROUNDS times each; after each load, fhir-bench's
# six queries each alone. Uses bench/compare.sh for every run (STEPS=custodian), so durability and
# the driver are the same as for the HAPI comparison.
#
#   SYNTHEA_DIR=/tmp/synthea-20-42 bench/encryption.sh
#   ROUNDS [2]  SEARCH_DURATION [30]  SEARCH_WARMUP [15]  OUT [/tmp/custodian-encryption-bench]
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${ROUNDS:-2}
OUT=${OUT:-/tmp/custodian-encryption-bench}
BASE_OPTS="-Xmx4g -Dcustodian.privacy.containment-patients=1000000"
: "${SYNTHEA_DIR:?set SYNTHEA_DIR to a folder holding fhir/*.json (Synthea bundles)}"
mkdir -p "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for mode in sealed plain; do
    opts=$BASE_OPTS
    [ "$mode" = plain ] && opts="$opts -Dcustodian.encryption.enabled=false"
    rm -rf "$OUT/$mode-$round/data"
    CUSTODIAN_JAVA_OPTS="$opts" STEPS=custodian PHASES="load search" SYNTHEA_DIR="$SYNTHEA_DIR" \
      SEARCH_DURATION=${SEARCH_DURATION:-30} SEARCH_WARMUP=${SEARCH_WARMUP:-15} OUT="$OUT/$mode-$round" \
      "$REPO/bench/compare.sh" > "$OUT/$mode-$round.log" 2>&1
    echo "$mode round $round: $(grep -E "^custodian " "$OUT/$mode-$round/summary.txt" | awk "{print \$2}") resources/s"
  done
done
# One line per run: ingest resources/s, then each query's p95.
printf '%-10s %12s' run 'ingest res/s'
jq -r '.search.queries | keys_unsorted | join(" ")' "$OUT/sealed-1/custodian-search.json" | tr ' ' '\n' \
  | while read -r q; do printf ' %14.14s' "$q"; done
echo
for run in $(cd "$OUT" && ls -d sealed-*/ plain-*/ | tr -d / | sort -t- -k2n -k1r); do
  printf '%-10s %12s' "$run" "$(grep -E '^custodian ' "$OUT/$run/summary.txt" | awk '{print $2}')"
  jq -r '.search.queries | to_entries[] | .value.latency_ms.p95' "$OUT/$run/custodian-search.json" \
    | while read -r p; do printf ' %14s' "$p"; done
  echo
done
