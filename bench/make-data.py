#!/usr/bin/env python3
"""Writes benchmark data for acme-delegate and Knot from one deterministic list of registrations.

  make-data.py db   DB_FILE COUNT          bulk-insert COUNT accounts with two TXT values each into an
                                           acme-delegate SQLite file whose schema Flyway already created
  make-data.py zone ZONE_FILE COUNT ZONE   the equivalent Knot zone file (same SOA/NS, same names/values)
  make-data.py queries OUT COUNT ZONE PCT  a dnsperf query file: TXT queries for the COUNT names, PCT %
                                           of them replaced by names that do not exist

Registration i has subdomain bench-<i as 8 hex digits> (a valid acme-dns label) and the TXT values
v<i>a / v<i>b: 43 base64url characters derived from SHA-256, as real challenge values are. The
accounts' key_hash is a fixed bcrypt-shaped string: these accounts are only ever looked up by DNS,
never authenticated, which is why bulk loading can skip bcrypt.
"""
import base64
import hashlib
import os
import random
import sqlite3
import sys
import time

# bcrypt-shaped (60 characters, cost 10) but made up: it matches no key, so these accounts cannot log in.
KEY_HASH = "$2a$10$" + "b" * 53


def subdomain(i):
    return "bench-%08x" % i


def value(i, which):
    digest = hashlib.sha256(b"acme-delegate-bench %d %s" % (i, which.encode())).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")  # 32 bytes -> 43 characters


def write_db(path, count):
    now_ms = int(time.time() * 1000)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")  # 256 MiB page cache: index builds stay in memory
    have = con.execute("SELECT count(*) FROM accounts").fetchone()[0]
    if have:
        sys.exit("%s already holds %d accounts; start from an empty, migrated database" % (path, have))
    seq = 0
    batch = 50_000
    with con:
        for start in range(0, count, batch):
            end = min(count, start + batch)
            con.executemany(
                "INSERT INTO accounts (username, key_hash, subdomain, allow_from, created_at) VALUES (?, ?, ?, '', ?)",
                ((str_uuid(i), KEY_HASH, subdomain(i), now_ms) for i in range(start, end)))
            rows = []
            for i in range(start, end):
                rows.append((subdomain(i), value(i, "a"), seq + 1, now_ms))
                rows.append((subdomain(i), value(i, "b"), seq + 2, now_ms))
                seq += 2
            con.executemany("INSERT INTO txt_values (subdomain, value, seq, updated_at) VALUES (?, ?, ?, ?)", rows)
        con.execute("UPDATE txt_sequence SET value = ? WHERE id = 1", (seq,))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def str_uuid(i):
    # Deterministic, version-4 shaped UUID per registration.
    h = hashlib.md5(b"user %d" % i).hexdigest()
    return "%s-%s-4%s-a%s-%s" % (h[0:8], h[8:12], h[13:16], h[17:20], h[20:32])


def write_zone(path, count, zone):
    with open(path, "w") as f:
        f.write("$ORIGIN %s.\n$TTL 3600\n" % zone)
        # Same SOA fields as acme-delegate builds from the bench config (refresh/retry/expire are its
        # constants; minimum = negative_ttl 60 s). Serial differs: acme-delegate uses its start time.
        f.write("@ 3600 IN SOA ns1.%s. hostmaster.%s. 1 3600 900 1209600 60\n" % (zone, zone))
        f.write("@ 3600 IN NS ns1.%s.\n" % zone)
        f.write("ns1 3600 IN A 127.0.0.1\n")
        for i in range(count):
            f.write('%s 10 IN TXT "%s"\n' % (subdomain(i), value(i, "a")))
            f.write('%s 10 IN TXT "%s"\n' % (subdomain(i), value(i, "b")))


def write_queries(path, count, zone, nx_pct):
    rnd = random.Random(42)
    lines = max(count, 100_000)  # dnsperf loops over the file; a long file avoids a visible pattern
    with open(path, "w") as f:
        for j in range(lines):
            if nx_pct and rnd.random() * 100 < nx_pct:
                f.write("nx-%016x.%s TXT\n" % (rnd.getrandbits(64), zone))
            else:
                f.write("%s.%s TXT\n" % (subdomain(rnd.randrange(count)), zone))


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    kind, out, count = argv[1], argv[2], int(argv[3])
    if kind == "db":
        write_db(out, count)
    elif kind == "zone":
        write_zone(out, count, argv[4])
    elif kind == "queries":
        write_queries(out, count, argv[4], float(argv[5]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
