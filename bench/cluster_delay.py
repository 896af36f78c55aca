#!/usr/bin/env python3
"""Delay from /update's 200 on node A to the value answered by nodes B and C (stdlib only).

  cluster_delay.py API_A DNS_B_HOST:PORT DNS_C_HOST:PORT

Registers one account on A, then UPDATES times: POST /update on A (timed to its 200), then asks B and C
over UDP right after the 200 and keeps asking every 0.2 ms until each answers the value. Prints /update
p50/p99 and, per node, the delay p50/p99/max and how many first queries already had the value.
Asserts nothing.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from update_path import Api, Dns, new_value, pct  # noqa: E402

UPDATES = int(os.environ.get("UPDATES", "1000"))


def main():
    api_a = sys.argv[1]
    (host_b, port_b), (host_c, port_c) = [(a.split(":")[0], int(a.split(":")[1])) for a in sys.argv[2:4]]
    api = Api(api_a)
    status, body = api.post("/register")
    assert status == 201, (status, body)
    acc = json.loads(body)
    nodes = {"B": Dns(host_b, port_b), "C": Dns(host_c, port_c)}
    lat = []
    delays = {n: [] for n in nodes}
    first = {n: 0 for n in nodes}
    for _ in range(UPDATES):
        v = new_value()
        t = time.perf_counter()
        status, body = api.update(acc, v)
        t200 = time.perf_counter()
        assert status == 200, (status, body)
        lat.append((t200 - t) * 1000)
        for name, dns in nodes.items():
            tries = 0
            while True:
                tries += 1
                if v in dns.txt(acc["fulldomain"]):
                    break
                time.sleep(0.0002)
            delays[name].append(0.0 if tries == 1 else (time.perf_counter() - t200) * 1000)
            if tries == 1:
                first[name] += 1
    print("/update on A: p50 %.1f ms, p99 %.1f ms over %d updates" % (pct(lat, 50), pct(lat, 99), UPDATES))
    for name in nodes:
        d = delays[name]
        print("delay to %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms; first query had the value %d of %d"
              % (name, pct(d, 50), pct(d, 99), max(d), first[name], UPDATES))


if __name__ == "__main__":
    main()
