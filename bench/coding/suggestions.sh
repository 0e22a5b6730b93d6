#!/usr/bin/env bash
# The code suggestions' accuracy and speed (issue 9): against the coded MTSamples notes in
# src/test/resources/coding (150 notes, 405 ICD-10-CM codes; see its README), recall@5 and top-1
# precision on the development half (even note ids, what the suggestions were tuned on) and the
# held-out half (odd ids), and the time to suggest codes for one note. Add --misses to list the
# development notes whose codes were not all in the top five, and --index FILE to measure with CDC's
# ICD-10-CM Alphabetic Index (icd10cm_index_2026.xml), which is not in ../shared.
#
#   bench/coding/suggestions.sh [--misses] [--index FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
CP=$(mktemp)
./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$CP" -Dmdep.includeScope=test >/dev/null \
  || ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile="$CP" -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$CP")" org.custodian.coding.SuggestionAccuracy \
  ../shared/corpora/clinical-notes/mtsamples/mtsamples-shared.csv.gz "$@"
rm -f "$CP"
