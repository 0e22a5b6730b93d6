#!/usr/bin/env python3
"""Times the workspace's chart page, as a signed-in HIM user, for the patients with the largest records.

Usage: chart-timing.py BASE_URL USERNAME PASSWORD OTPAUTH_URI PATIENT_ID [PATIENT_ID ...]
Signs in (password, then the TOTP code computed from the enrolment URI), opens each chart WARMUP
times, then ROUNDS times, and prints the median and 95th percentile of the whole request
(server time on loopback: the page is rendered before the first byte is sent).
"""
import base64, hashlib, hmac, http.cookiejar, os, re, statistics, struct, sys, time, urllib.parse, urllib.request

WARMUP = int(os.environ.get("WARMUP", "20"))
ROUNDS = int(os.environ.get("ROUNDS", "50"))

def totp(uri):
    secret = urllib.parse.parse_qs(urllib.parse.urlparse(uri).query)["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    o = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)

def main():
    base, user, password, uri, patients = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    def csrf(html):
        return re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
    page = opener.open(base + "/signin").read().decode()
    page = opener.open(base + "/signin", urllib.parse.urlencode(
        {"username": user, "password": password, "_csrf": csrf(page)}).encode()).read().decode()
    page = opener.open(base + "/signin/code", urllib.parse.urlencode(
        {"code": totp(uri), "_csrf": csrf(page)}).encode()).read().decode()
    for p in patients:
        for _ in range(WARMUP):
            opener.open(base + "/chart/" + p).read()
        times = []
        size = 0
        for _ in range(ROUNDS):
            start = time.perf_counter()
            body = opener.open(base + "/chart/" + p).read()
            times.append((time.perf_counter() - start) * 1000)
            size = len(body)
        times.sort()
        print("chart %s: %d bytes, median %.1f ms, p95 %.1f ms, max %.1f ms (%d requests)" % (
            p, size, statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1], ROUNDS))

main()
