#!/usr/bin/env python3
"""Sends generated ADT^A04 and ORU^R01 messages to an MLLP listener and reports the rate.

Each of CONNECTIONS senders is a sending facility of its own (REGn, as an interface engine keeps one
connection per feed) and sends its share one at a time, waiting for each acknowledgement, as MLLP
senders do. A sender's messages alternate: a registration (A04) of a new patient, then a result
(ORU^R01, three observations) for that patient. Control ids are unique per run (RUN), so a second run
against the same server applies everything again.

  mllp-load.py HOST PORT MESSAGES [CONNECTIONS] [ACKED_FILE]

With ACKED_FILE, each acknowledged message's control id, acknowledgement code, patient MRN and
order number are written there as they arrive (the crash drill reads it after the server was killed).
A sender whose connection drops reconnects and sends the unacknowledged message again.
"""
import os
import socket
import sys
import threading
import time

START, END = b"\x0b", b"\x1c\r"
# Names vary as a hospital's do, so the patient identity service's blocking sees realistic candidate sets.
FAMILY = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
          "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
          "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
          "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores"]
SYLLABLES = ["ka", "lo", "mi", "re", "san", "ta", "vi", "no", "el", "ra", "di", "an", "jo", "be", "ly", "mar"]


def messages(sender, count, run):
    """The sender's messages: (control id, text, mrn, order number)."""
    now = time.strftime("%Y%m%d%H%M%S", time.gmtime())
    facility = f"REG{sender}"
    for i in range(count):
        n = i // 2
        mrn = f"{run}-{sender}-{n}"
        control = f"{run}-{sender}-{i}"
        head = f"MSH|^~\\&|LOADGEN|{facility}|CUSTODIAN|HOSP|{now}||"
        family = FAMILY[(n * 7 + sender) % len(FAMILY)] + SYLLABLES[n % 16] + SYLLABLES[(n // 16 + sender) % 16]
        given = SYLLABLES[(n // 3) % 16].capitalize() + SYLLABLES[(n * 5 + sender) % 16] + SYLLABLES[(n // 256) % 16]
        born = f"19{40 + (n * 7 + sender * 13) % 60:02d}{1 + (n + sender) % 12:02d}{1 + (n * 3 + sender) % 28:02d}"
        pid = (f"PID|1||{mrn}^^^{facility}^MR||{family}^{given}||{born}|{'F' if n % 2 else 'M'}|||"
               f"{n + 1} {FAMILY[(n + sender) % len(FAMILY)]} St^^Springfield^IL^627{sender:02d}")
        if i % 2 == 0:
            text = (head + f"ADT^A04^ADT_A01|{control}|P|2.5.1\r"
                    f"EVN|A04|{now}\r{pid}\r"
                    f"PV1|1|O|CLINIC^^^{facility}||||1234^Doctor^Dana|||||||||||V{mrn}^^^{facility}^VN\r")
            order = ""
        else:
            order = f"ORD{control}"
            text = (head + f"ORU^R01^ORU_R01|{control}|P|2.5.1\r{pid}\r"
                    f"OBR|1||{order}|24331-1^Lipid panel^LN|||{now}||||||||||||||||||F\r"
                    f"OBX|1|NM|2093-3^Cholesterol^LN||{150 + n % 90}|mg/dL|<200||||F|||{now}\r"
                    f"OBX|2|NM|2571-8^Triglyceride^LN||{90 + n % 120}|mg/dL|<150||||F|||{now}\r"
                    f"OBX|3|NM|2085-9^HDL Cholesterol^LN||{40 + n % 30}|mg/dL|>40||||F|||{now}\r")
        yield control, text, mrn, order


def read_frame(sock, pending):
    while END not in pending[0]:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        pending[0] += chunk
    frame, rest = pending[0].split(END, 1)
    pending[0] = rest
    return frame.lstrip(START).decode("utf-8", "replace")


def sender(host, port, index, count, run, out, lock, stats):
    sock, pending = None, [b""]
    for control, text, mrn, order in messages(index, count, run):
        while True:
            try:
                if sock is None:
                    sock = socket.create_connection((host, port), timeout=60)
                    pending[0] = b""
                began = time.perf_counter()
                sock.sendall(START + text.encode() + END)
                ack = read_frame(sock, pending)
                took = time.perf_counter() - began
                break
            except (OSError, ConnectionError):
                if sock is not None:
                    sock.close()
                sock = None
                with lock:
                    stats["reconnects"] += 1
                time.sleep(0.5)
        code = next((s.split("|")[1] for s in ack.split("\r") if s.startswith("MSA")), "??")
        with lock:
            stats[code] = stats.get(code, 0) + 1
            stats["latencies"].append(took)
            if out:
                out.write(f"{control}\t{code}\t{mrn}\t{order}\n")
                out.flush()
    if sock is not None:
        sock.close()


def main():
    host, port, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    connections = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    out = open(sys.argv[5], "a") if len(sys.argv) > 5 else None
    run = os.environ.get("RUN", time.strftime("%H%M%S"))
    lock, stats = threading.Lock(), {"reconnects": 0, "latencies": []}
    share = [total // connections + (1 if i < total % connections else 0) for i in range(connections)]
    began = time.perf_counter()
    threads = [threading.Thread(target=sender, args=(host, port, i, share[i], run, out, lock, stats)) for i in
               range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - began
    lat = sorted(stats.pop("latencies"))
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else 0
    print(f"{total} messages over {connections} connections in {took:.1f} s: {total / took:.0f} messages/s;"
          f" acknowledgement p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms; {stats}")


if __name__ == "__main__":
    main()
