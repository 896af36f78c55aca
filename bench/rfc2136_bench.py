#!/usr/bin/python3
"""RFC 2136 UPDATEs with a registration's TSIG key against a running acme-delegate (dnspython).

  rfc2136_bench.py API_BASE DNS_HOST DNS_PORT FLOOD_SOURCE [METRICS_URL]
  rfc2136_bench.py key:NAME:SECRET DNS_HOST DNS_PORT FLOOD_SOURCE    (another server, e.g. Knot, with
                                                                     that hmac-sha256 key for NAME)

1. Registers one account with {"tsig": true} (or takes the key given).
2. UPDATES (300) signed UPDATEs one after the other over UDP, each adding a new value: the time from
   sending the UPDATE to the first DNS answer (UDP, polled every 0.2 ms after the reply) holding the value.
   With METRICS_URL (the admin listener's /metrics), also the store's own time per UPDATE (the account
   read and the TXT write with its commit), from the server's histograms before and after.
3. UDP query latency for the account's TXT name, QUERIES (3000) one after the other, in ROUNDS (5)
   alternating blocks: idle, then while FLOOD_RATE (5000) UPDATEs per second with a wrong signature arrive
   from FLOOD_SOURCE (a second loopback address; the flood starts 0.5 s before its block); the flood's
   replies are not read. The flood is sent by a process of its own: as a thread of this one it held
   Python's interpreter lock while the query thread waited to take its reply's time, which measured
   this script rather than the server. Prints p50/p99/max of each kind and the flood rate reached.
Asserts nothing.
"""
import base64
import json
import multiprocessing
import os
import socket
import sys
import time
import urllib.request

import dns.message
import dns.name
import dns.query
import dns.rdatatype
import dns.tsig
import dns.tsigkeyring
import dns.update

UPDATES = int(os.environ.get("UPDATES", "300"))
QUERIES = int(os.environ.get("QUERIES", "3000"))
FLOOD_RATE = int(os.environ.get("FLOOD_RATE", "5000"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1)]


def summary(values):
    return "p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)" % (
        pct(values, 50) * 1000, pct(values, 99) * 1000, max(values) * 1000, len(values))


def store_times(url):
    """{operation: (sum_seconds, count)} of the server's store histogram, or {} without a URL."""
    if not url:
        return {}
    out = {}
    for line in urllib.request.urlopen(url).read().decode().splitlines():
        for part in ("_sum", "_count"):
            prefix = "acme_delegate_store_operation_duration_seconds" + part + '{operation="'
            if line.startswith(prefix):
                op = line[len(prefix):line.index('"', len(prefix))]
                s, c = out.get(op, (0.0, 0.0))
                v = float(line.rsplit(" ", 1)[1])
                out[op] = (v, c) if part == "_sum" else (s, v)
    return out


def new_value():
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def txt_values(sock, server, name):
    q = dns.message.make_query(name, dns.rdatatype.TXT)
    sock.sendto(q.to_wire(), server)
    while True:
        data, _ = sock.recvfrom(4096)
        r = dns.message.from_wire(data)
        if r.id == q.id:
            return {b"".join(rd.strings).decode() for rrset in r.answer for rd in rrset}


def query_latencies(server, name, count):
    q = dns.message.make_query(name, dns.rdatatype.TXT)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((server[0], 0))
    sock.settimeout(2)
    out, lost = [], 0
    for i in range(count):
        q.id = i & 0xFFFF
        wire = q.to_wire()
        t0 = time.perf_counter()
        sock.sendto(wire, server)
        try:
            while True:
                data, _ = sock.recvfrom(4096)
                if int.from_bytes(data[:2], "big") == q.id:
                    break
            out.append(time.perf_counter() - t0)
        except socket.timeout:
            lost += 1
    sock.close()
    return out, lost


def flood(server, source, wire, stop, sent):  # runs in a process of its own
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((source, 0))
    batch = max(1, FLOOD_RATE // 200)
    start = time.perf_counter()
    n = 0
    while not stop.is_set():
        for _ in range(batch):
            sock.sendto(wire, server)
        n += batch
        ahead = n / FLOOD_RATE - (time.perf_counter() - start)
        if ahead > 0:
            time.sleep(ahead)
    sent.put((n, time.perf_counter() - start))
    sock.close()


def main():
    api, host, port, flood_source = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    metrics = sys.argv[5] if len(sys.argv) > 5 else None
    server = (host, port)
    if api.startswith("key:"):
        _, key_name, secret = api.split(":", 2)
        key = {"name": key_name, "secret": secret}
    else:
        req = urllib.request.Request(api + "/register", data=b'{"tsig": true}', method="POST",
                                     headers={"Content-Type": "application/json"})
        key = json.load(urllib.request.urlopen(req))["tsig"]
    name = dns.name.from_text(key["name"])
    zone = name.parent()
    keyring = dns.tsigkeyring.from_text({key["name"]: key["secret"]})

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((host, 0))
    sock.settimeout(2)
    answered, replied = [], []
    before = store_times(metrics)
    for _ in range(UPDATES):
        value = new_value()
        u = dns.update.Update(zone, keyring=keyring, keyalgorithm=dns.tsig.HMAC_SHA256)
        if api.startswith("key:"):
            u.delete(name, dns.rdatatype.TXT)  # another server keeps every value; acme-delegate the newest N
        u.add(name, 60, dns.rdatatype.TXT, value)
        t0 = time.perf_counter()
        r = dns.query.udp(u, host, port=port, timeout=5)
        replied.append(time.perf_counter() - t0)
        if r.rcode() != 0:
            sys.exit("UPDATE refused: rcode %d" % r.rcode())
        while value not in txt_values(sock, server, name):
            time.sleep(0.0002)
        answered.append(time.perf_counter() - t0)
    print("signed UPDATE to its reply: " + summary(replied))
    print("signed UPDATE to the value answered by DNS: " + summary(answered))
    after = store_times(metrics)
    for op in sorted(after):
        n = after[op][1] - before.get(op, (0.0, 0.0))[1]
        if n > 0:
            ms = (after[op][0] - before.get(op, (0.0, 0.0))[0]) / n * 1000
            print("  store %s during the UPDATEs: %d calls, mean %.2f ms" % (op, n, ms))

    forged = dns.update.Update(zone, keyring=dns.tsigkeyring.from_text({key["name"]: base64.b64encode(
        os.urandom(32)).decode()}), keyalgorithm=dns.tsig.HMAC_SHA256)
    forged.add(name, 60, dns.rdatatype.TXT, new_value())
    # Idle and flood blocks alternate, so a change in the machine's load during the run weighs on both.
    idle, busy, idle_lost, busy_lost, sent, done = [], [], 0, 0, [], multiprocessing.Queue()
    per_round = max(1, QUERIES // ROUNDS)
    for _ in range(ROUNDS):
        out, lost = query_latencies(server, name, per_round)
        idle += out
        idle_lost += lost
        stop = multiprocessing.Event()
        flooder = multiprocessing.Process(target=flood, args=(server, flood_source, forged.to_wire(), stop, done))
        flooder.start()
        time.sleep(0.5)
        out, lost = query_latencies(server, name, per_round)
        busy += out
        busy_lost += lost
        stop.set()
        sent.append(done.get())
        flooder.join()
    n = sum(x[0] for x in sent)
    seconds = sum(x[1] for x in sent)
    print("UDP TXT query, idle: %s, %d lost" % (summary(idle), idle_lost))
    print("UDP TXT query during %.0f bad-signature UPDATEs/s: %s, %d lost" % (n / seconds, summary(busy), busy_lost))
    print("p99 during the flood / idle p99: %.2f (%d idle and %d flood blocks, alternating)" % (
        pct(busy, 99) / pct(idle, 99), ROUNDS, ROUNDS))

if __name__ == "__main__":
    main()
