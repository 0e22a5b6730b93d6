#!/usr/bin/env python3
"""Checks that every acknowledged message of mllp-load.py is in the record exactly once.

  exactly-once.py FHIR_BASE TOKEN ACKED_FILE

Registrations (no order number) by their patient's MRN, results by their report's order number, 50
identifiers to a search. Exits 1 when any is missing or found more than once.
"""
import collections
import json
import sys
import urllib.parse
import urllib.request


def search(base, token, query):
    found, url = [], f"{base}/{query}"
    while url:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"})
        bundle = json.load(urllib.request.urlopen(request))
        found += [e["resource"] for e in bundle.get("entry", []) if e.get("search", {}).get("mode", "match") == "match"]
        url = next((l["url"] for l in bundle.get("link", []) if l["relation"] == "next"), None)
    return found


def main():
    base, token, acked = sys.argv[1], sys.argv[2], sys.argv[3]
    patients, orders, codes = [], [], collections.Counter()
    seen = set()
    for line in open(acked):
        control, code, mrn, order = (line.rstrip("\n").split("\t") + [""] * 4)[:4]
        codes[code] += 1
        if control in seen:
            continue  # acknowledged twice (sent again after the restart): still one message
        seen.add(control)
        if order:
            orders.append(order)
        else:
            patients.append(mrn)
    counts = collections.Counter()
    for kind, values, system_of in (("Patient", patients, lambda v: f"urn:custodian:hl7:authority:REG{v.split('-')[1]}"),
                                    ("DiagnosticReport", orders, None)):
        for i in range(0, len(values), 50):
            chunk = values[i:i + 50]
            if kind == "Patient":
                ids = ",".join(f"{system_of(v)}|{v}" for v in chunk)
            else:
                ids = ",".join(chunk)
            for r in search(base, token, f"{kind}?_count=200&identifier={urllib.parse.quote(ids)}"):
                for ident in r.get("identifier", []):
                    if ident.get("value") in chunk:
                        counts[(kind, ident["value"])] += 1
    missing = [v for v in patients if counts[("Patient", v)] == 0] + [v for v in orders if counts[("DiagnosticReport", v)] == 0]
    twice = [k for k, n in counts.items() if n > 1]
    print(f"acknowledged: {len(seen)} messages ({dict(codes)}); registrations {len(patients)}, results {len(orders)};"
          f" missing {len(missing)}, more than once {len(twice)}")
    if missing or twice:
        print("missing:", missing[:20], "more than once:", twice[:20])
        sys.exit(1)


if __name__ == "__main__":
    main()
