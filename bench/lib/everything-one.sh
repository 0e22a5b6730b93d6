#!/usr/bin/env bash
# Times Patient/$everything of one patient, following every next link at the server's default page
# size: prints "<id>\t<pages>\t<resources>\t<seconds>", seconds being the sum of curl's time_total
# over the pages (waiting for and receiving each page). Used by compare.sh's "everyone" phase.
#   everything-one.sh BASE PATIENT_ID [curl options, e.g. -H "Authorization: Bearer …"]
set -euo pipefail
base=$1 id=$2
shift 2
page=$(mktemp)
trap 'rm -f "$page"' EXIT
url="$base/Patient/$id/\$everything" pages=0 resources=0 secs=0
while [ -n "$url" ]; do
  t=$(curl -sf "$@" -o "$page" -w '%{time_total}' "$url") || { echo "error: $url failed" >&2; exit 1; }
  pages=$((pages + 1)) secs=$(awk -v a="$secs" -v b="$t" 'BEGIN { print a + b }')
  resources=$((resources + $(grep -o '"fullUrl"' "$page" | wc -l)))
  url=$(head -c 8000 "$page" | grep -o '"relation":"next","url":"[^"]*"' | sed 's/.*"url":"//; s/"$//' || true)
done
printf '%s\t%s\t%s\t%s\n' "$id" "$pages" "$resources" "$secs"
