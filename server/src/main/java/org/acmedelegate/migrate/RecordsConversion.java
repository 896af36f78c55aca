package org.acmedelegate.migrate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Splits acme-dns' {@code general.records} into what acme-delegate configures apart: the apex NS records
 * (with {@code general.nsname} first, as it is the SOA's primary) and their in-zone addresses become
 * {@code [[dns.nameservers]]}; the rest stay static records. acme-dns reads each line as absolute (origin
 * the root, default TTL 3600); a record acme-delegate cannot serve is returned as a note with the reason.
 */
final class RecordsConversion {
    private static final long ACME_DNS_DEFAULT_TTL = 3600;

    /** One nameserver: its name and its addresses (glue), as text. */
    record NameServer(String name, List<String> addresses) {}

    private final List<NameServer> nameServers = new ArrayList<>();
    private final List<String> records = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    RecordsConversion(Name zone, Optional<String> nsname, List<String> lines) {
        Set<Name> nsNames = new LinkedHashSet<>();
        nsname.map(n -> absolute(n)).ifPresent(nsNames::add);
        Map<Record, String> candidates = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = "general.records[" + i + "] = " + TomlText.string(line);
            Record r;
            try {
                r = parse(line, Name.root);
            } catch (IOException | RuntimeException e) {
                notes.add(where + ": not a record acme-delegate can read (" + e.getMessage() + ")");
                continue;
            }
            String refusal = refusal(r, zone);
            if (refusal != null) {
                notes.add(where + ": " + refusal);
            } else if (r.getType() == Type.NS) {
                nsNames.add(((NSRecord) r).getTarget());
            } else {
                candidates.put(r, line);
            }
        }
        for (Name ns : nsNames) {
            List<String> addresses = new ArrayList<>();
            candidates.entrySet().removeIf(e -> {
                Record r = e.getKey();
                boolean glue = ns.subdomain(zone)
                        && r.getName().equals(ns)
                        && (r.getType() == Type.A || r.getType() == Type.AAAA);
                if (glue) {
                    addresses.add(
                            r instanceof ARecord a
                                    ? a.getAddress().getHostAddress()
                                    : ((AAAARecord) r).getAddress().getHostAddress());
                }
                return glue;
            });
            nameServers.add(new NameServer(ns.toString(true), addresses));
        }
        candidates.forEach((r, line) -> records.add(sameFromZone(line, zone, r) ? line : r.toString()));
    }

    List<NameServer> nameServers() {
        return nameServers;
    }

    List<String> records() {
        return records;
    }

    List<String> notes() {
        return notes;
    }

    private static String refusal(Record r, Name zone) {
        if (!r.getName().subdomain(zone)) {
            return "outside the zone " + zone + " (acme-delegate serves only its zone)";
        }
        if (r.getDClass() != DClass.IN) {
            return "class " + DClass.string(r.getDClass()) + " (only IN is served)";
        }
        if (r.getName().isWild()) {
            return "a wildcard owner (not supported)";
        }
        int type = r.getType();
        if (type == Type.NS && !r.getName().equals(zone)) {
            return "NS below the apex, a delegation (not supported)";
        }
        if (type == Type.SOA) {
            return "acme-delegate makes the SOA itself from dns.nameservers and dns.soa_contact";
        }
        if (type == Type.DNAME) {
            return "DNAME (not supported)";
        }
        if (type == Type.CNAME && r.getName().equals(zone)) {
            return "a CNAME at the zone apex (not allowed)";
        }
        return null;
    }

    /** True when acme-delegate, reading the line relative to the zone, gets exactly what acme-dns served. */
    private static boolean sameFromZone(String line, Name zone, Record expected) {
        try {
            Record r = parse(line, zone);
            return r.equals(expected) && r.getTTL() == expected.getTTL();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Record parse(String line, Name origin) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try (Master parser = new Master(new ByteArrayInputStream(bytes), origin, ACME_DNS_DEFAULT_TTL)) {
            Record r = parser.nextRecord();
            if (r == null || parser.nextRecord() != null) {
                throw new IOException("expected exactly one record");
            }
            return r;
        }
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name.strip(), Name.root);
        } catch (TextParseException e) {
            throw new SourceException("general.nsname: not a domain name: " + TomlText.string(name));
        }
    }
}
