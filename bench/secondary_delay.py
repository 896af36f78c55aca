#!/usr/bin/env python3
"""Helpers for bench/secondary.sh (standard library only).

  secondary_delay.py delay API_BASE KNOT_IP KNOT_PORT UPDATES
      registers one account, then UPDATES times: POST /update with a new value and polls the secondary
      over UDP every 2 ms until it answers that value; prints one delay (ms, from the 200) per line.
  secondary_delay.py axfr IP PORT EXPECTED_RECORDS
      one AXFR over TCP (unsigned; the bench allows its address), reading messages until EXPECTED_RECORDS
      answer records arrived; prints "seconds messages records".
"""
import json
import os
import random
import socket
import struct
import sys
import time
import urllib.request


def query(name, qtype, qid):
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack(">HH", qtype, 1)


def txt_answers(reply):
    """The TXT strings in a reply to a one-question query (names compressed or not)."""
    ancount = struct.unpack(">H", reply[6:8])[0]
    at = 12
    while reply[at] != 0:
        at += reply[at] + 1
    at += 5
    out = []
    for _ in range(ancount):
        if reply[at] & 0xC0 == 0xC0:
            at += 2
        else:
            while reply[at] != 0:
                at += reply[at] + 1
            at += 1
        rtype, _, _, rdlen = struct.unpack(">HHIH", reply[at:at + 10])
        at += 10
        if rtype == 16:
            end, p = at + rdlen, at
            while p < end:
                n = reply[p]
                out.append(reply[p + 1:p + 1 + n].decode())
                p += 1 + n
        at += rdlen
    return out


def post(url, body=None, headers=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode() if body else b"", headers=headers or {},
                                 method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, json.loads(r.read() or b"{}")


def delay(api, ip, port, updates):
    _, acct = post(api + "/register")
    headers = {"X-Api-User": acct["username"], "X-Api-Key": acct["password"]}
    name = acct["fulldomain"]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(0.05)
    for i in range(updates):
        value = ("d%042d" % (random.randrange(10**12) * 1000 + i))[:43]
        status, _ = post(api + "/update", {"subdomain": acct["subdomain"], "txt": value}, headers)
        t0 = time.monotonic()
        assert status == 200
        while True:
            qid = random.randrange(65536)
            sock.sendto(query(name, 16, qid), (ip, port))
            try:
                reply = sock.recv(4096)
                if value in txt_answers(reply):
                    break
            except socket.timeout:
                pass
            if time.monotonic() - t0 > 30:
                raise SystemExit("the secondary did not answer update %d within 30 s" % i)
            time.sleep(0.002)
        # With TIMES=1 the second column is the wall-clock time of the 200, to match against server logs.
        print("%.2f" % ((time.monotonic() - t0) * 1000) + (" %.3f" % (time.time() - (time.monotonic() - t0))
                                                           if os.environ.get("TIMES") == "1" else ""), flush=True)


def recv_exact(s, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise SystemExit("connection closed after %d bytes" % len(buf))
        buf += chunk
    return bytes(buf)


def axfr(ip, port, zone, expected):
    s = socket.create_connection((ip, port), timeout=120)
    q = query(zone, 252, 4242)
    t0 = time.monotonic()
    s.sendall(struct.pack(">H", len(q)) + q)
    records = messages = 0
    while records < expected:
        n = struct.unpack(">H", recv_exact(s, 2))[0]
        m = recv_exact(s, n)
        if m[3] & 0x0F:
            raise SystemExit("AXFR answered rcode %d" % (m[3] & 0x0F))
        records += struct.unpack(">H", m[6:8])[0]
        messages += 1
    print("%.2f %d %d" % (time.monotonic() - t0, messages, records))


if __name__ == "__main__":
    if sys.argv[1] == "delay":
        delay(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        axfr(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
