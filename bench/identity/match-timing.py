#!/usr/bin/env python3
"""Times Patient/$match against stored patients.

Usage: match-timing.py FHIR_BASE TOKEN
Reads up to SAMPLE stored Patients, then for each asks $match with a copy carrying a typing
mistake in the family name, ROUNDS times in all after WARMUP, and prints the median and p95
latency and how often the original came back first graded certain.
"""
import json, os, random, statistics, sys, time, urllib.request

SAMPLE = int(os.environ.get("SAMPLE", "100"))
WARMUP = int(os.environ.get("WARMUP", "50"))
ROUNDS = int(os.environ.get("ROUNDS", "300"))

def call(method, url, token, body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/fhir+json",
                                          "Accept": "application/fhir+json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())

def typo(s):
    if len(s) < 4:
        return s
    i = random.randrange(1, len(s) - 2)
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]

def main():
    base, token = sys.argv[1], sys.argv[2]
    random.seed(7)
    bundle = call("GET", base + "/Patient?_count=%d" % SAMPLE, token)
    patients = [e["resource"] for e in bundle.get("entry", []) if e["resource"].get("name")]
    times, first_certain = [], 0
    for n in range(WARMUP + ROUNDS):
        p = dict(random.choice(patients))
        wanted = {k: v for k, v in p.items() if k in ("resourceType", "name", "birthDate", "gender", "address", "telecom", "identifier")}
        wanted["name"] = [dict(wanted["name"][0])]
        wanted["name"][0]["family"] = typo(wanted["name"][0].get("family", ""))
        body = {"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": wanted}]}
        start = time.perf_counter()
        answer = call("POST", base + "/Patient/$match", token, body)
        elapsed = (time.perf_counter() - start) * 1000
        if n >= WARMUP:
            times.append(elapsed)
            entries = answer.get("entry", [])
            if entries and entries[0]["resource"]["id"] == p["id"]:
                grade = [x for x in entries[0]["search"].get("extension", []) if x["url"].endswith("match-grade")]
                first_certain += bool(grade and grade[0]["valueCode"] == "certain")
    times.sort()
    print("$match: %d requests, median %.1f ms, p95 %.1f ms, max %.1f ms; original first and certain in %d of %d" % (
        len(times), statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1], first_certain, len(times)))

main()
