#!/usr/bin/env python3
"""The /update path of a running acme-delegate, measured from outside (stdlib only).

  update_path.py API_BASE DNS_HOST DNS_PORT ZONE

1. Registers ACCOUNTS accounts over the API.
2. Sequential updates (SEQ_UPDATES): times each POST /update to its 200, then asks DNS (UDP) for the
   name right after the 200 and keeps asking every 0.2 ms until the new value is answered: the delay
   from the 200 to the first DNS answer holding the value (0 when the first query already has it).
   For comparison it times /update with a wrong key: the request does one bcrypt check and is refused,
   so its p50 is the bcrypt cost plus the HTTP round trip.
3. Bursts: THREADS threads update for BURST_SECONDS s as fast as they can, first each with its own
   account, then all with one account; after each 200 the thread checks that DNS already answers
   the value. Prints updates per second, /update p50/p99/max and how many values DNS did not have yet.
Settings come from the environment (defaults in brackets below). Asserts nothing.
"""
import base64
import http.client
import json
import os
import random
import socket
import struct
import sys
import threading
import time

ACCOUNTS = int(os.environ.get("ACCOUNTS", "16"))
SEQ_UPDATES = int(os.environ.get("SEQ_UPDATES", "300"))
THREADS = int(os.environ.get("THREADS", "8"))
BURST_SECONDS = float(os.environ.get("BURST_SECONDS", "10"))


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1)]


def new_value():
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


class Api:
    def __init__(self, base):
        host, port = base.split("//", 1)[1].split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)

    def post(self, path, body=None, headers=None):
        self.conn.request("POST", path, body=json.dumps(body) if body is not None else None,
                          headers=dict(headers or {}, **{"Content-Type": "application/json"}))
        r = self.conn.getresponse()
        return r.status, r.read()

    def update(self, account, value, key=None):
        return self.post("/update", {"subdomain": account["subdomain"], "txt": value},
                         {"X-Api-User": account["username"], "X-Api-Key": key or account["password"]})


class Dns:
    """A minimal UDP TXT client: one query, the TXT strings of the answer section."""

    def __init__(self, host, port):
        self.addr = (host, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(1.0)

    def txt(self, name):
        qid = random.getrandbits(16)
        q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)
        for label in name.rstrip(".").split("."):
            q += bytes([len(label)]) + label.encode()
        q += b"\x00" + struct.pack(">HH", 16, 1)
        self.sock.sendto(q, self.addr)
        while True:
            data, _ = self.sock.recvfrom(4096)
            if struct.unpack(">H", data[:2])[0] == qid:
                return parse_txt(data)


def skip_name(data, off):
    while True:
        n = data[off]
        if n == 0:
            return off + 1
        if n & 0xC0 == 0xC0:
            return off + 2
        off += 1 + n


def parse_txt(data):
    _, _, qd, an, _, _ = struct.unpack(">HHHHHH", data[:12])
    off = 12
    for _ in range(qd):
        off = skip_name(data, off) + 4
    out = []
    for _ in range(an):
        off = skip_name(data, off)
        rtype, _, _, rdlen = struct.unpack(">HHIH", data[off:off + 10])
        off += 10
        if rtype == 16:
            rd, i = data[off:off + rdlen], 0
            while i < len(rd):
                out.append(rd[i + 1:i + 1 + rd[i]].decode())
                i += 1 + rd[i]
        off += rdlen
    return out


def main():
    base, dns_host, dns_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    api = Api(base)
    dns = Dns(dns_host, dns_port)

    t0 = time.perf_counter()
    accounts = []
    for _ in range(ACCOUNTS):
        status, body = api.post("/register")
        assert status == 201, (status, body)
        accounts.append(json.loads(body))
    reg_s = time.perf_counter() - t0
    print("registered %d accounts in %.2f s (%.0f ms each: one bcrypt hash)" % (ACCOUNTS, reg_s, reg_s * 1000 / ACCOUNTS))

    # Sequential: /update latency and the delay until DNS answers the value.
    lat, delays, polls = [], [], []
    for i in range(SEQ_UPDATES):
        acc = accounts[i % ACCOUNTS]
        v = new_value()
        t = time.perf_counter()
        status, body = api.update(acc, v)
        t200 = time.perf_counter()
        assert status == 200, (status, body)
        lat.append((t200 - t) * 1000)
        n = 0
        while True:
            n += 1
            if v in dns.txt(acc["fulldomain"]):
                break
            time.sleep(0.0002)
        delays.append(0.0 if n == 1 else (time.perf_counter() - t200) * 1000)
        polls.append(n)
    wrong = []
    for i in range(min(100, SEQ_UPDATES)):
        t = time.perf_counter()
        status, _ = api.update(accounts[i % ACCOUNTS], new_value(), key="x" * 40)
        wrong.append((time.perf_counter() - t) * 1000)
        assert status == 401, status
    print("sequential: %d updates" % SEQ_UPDATES)
    print("  update_p50_ms=%.1f update_p99_ms=%.1f update_max_ms=%.1f" % (pct(lat, 50), pct(lat, 99), max(lat)))
    print("  wrong_key_p50_ms=%.1f wrong_key_p99_ms=%.1f   (one bcrypt check + HTTP, nothing stored)" % (pct(wrong, 50), pct(wrong, 99)))
    print("  dns_delay_after_200: zero=%d/%d p50_ms=%.2f max_ms=%.2f (0 = the first DNS query after the 200 had the value)"
          % (sum(1 for p in polls if p == 1), len(polls), pct(delays, 50), max(delays)))

    for label, pick in (("distinct accounts", lambda t: accounts[t % ACCOUNTS]), ("one account", lambda t: accounts[0])):
        results = [None] * THREADS
        stop = time.perf_counter() + BURST_SECONDS
        start_gate = threading.Barrier(THREADS)

        def worker(t):
            a, d = Api(base), Dns(dns_host, dns_port)
            acc = pick(t)
            ls, missing = [], 0
            start_gate.wait()
            while time.perf_counter() < stop:
                v = new_value()
                s = time.perf_counter()
                status, body = a.update(acc, v)
                ls.append((time.perf_counter() - s) * 1000)
                assert status == 200, (status, body)
                if v not in d.txt(acc["fulldomain"]):
                    # Another thread on the same account may already have pushed it out (max_values).
                    missing += 1
            results[t] = (ls, missing)

        threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        alll = [x for r in results for x in r[0]]
        missing = sum(r[1] for r in results)
        print("burst, %s, %d threads, %.0f s: updates_per_s=%.1f update_p50_ms=%.1f update_p99_ms=%.1f update_max_ms=%.1f not_yet_in_dns=%d/%d"
              % (label, THREADS, BURST_SECONDS, len(alll) / wall, pct(alll, 50), pct(alll, 99), max(alll), missing, len(alll)))


if __name__ == "__main__":
    main()
