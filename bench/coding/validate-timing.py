#!/usr/bin/env python3
"""Times CodeSystem/$validate-code over one keep-alive HTTP connection, as a claims scrubber calls it:
codes drawn from the order file (billable codes, headers, and codes that do not exist), dates of service
spread over three fiscal years. Prints p50/p95/p99 in milliseconds (client side, HTTP included)."""
import http.client, random, sys, time, urllib.parse

base, token, order, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
codes = [line[6:13].strip() for line in open(order, encoding="ascii") if len(line) > 14]
random.seed(42)
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Authorization": "Bearer " + token, "Accept": "application/fhir+json"}
dates = ["2025-03-01", "2025-11-15", "2026-06-30", "2026-10-02"]
def ask(code, date):
    q = urllib.parse.urlencode({"url": "http://hl7.org/fhir/sid/icd-10-cm", "code": code, "date": date})
    conn.request("GET", url.path + "/CodeSystem/$validate-code?" + q, headers=headers)
    r = conn.getresponse(); body = r.read()
    if r.status != 200:
        raise SystemExit("HTTP %d: %s" % (r.status, body[:300]))
for _ in range(3000):  # warm up (the JIT, the connection pool, the buffer cache)
    ask(random.choice(codes), random.choice(dates))
times = []
kinds = {}
for i in range(n):
    code = random.choice(codes) if i % 10 else "Q%03dX" % random.randint(0, 999)
    start = time.perf_counter()
    ask(code, random.choice(dates))
    ms = (time.perf_counter() - start) * 1000
    times.append(ms)
    kinds.setdefault("not a code" if not i % 10 else "from the order file", []).append(ms)
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]
print("$validate-code: %d requests, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms" % (n, pct(times, 0.50), pct(times, 0.95),
      pct(times, 0.99)))
for kind, values in sorted(kinds.items()):
    print("  %s: %d, p50 %.2f ms, p95 %.2f ms" % (kind, len(values), pct(values, 0.5), pct(values, 0.95)))
