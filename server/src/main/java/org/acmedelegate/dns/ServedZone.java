package org.acmedelegate.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.acmedelegate.config.DnsConfig;
import org.acmedelegate.config.NameServer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The fixed part of the delegated zone, built once from config: apex SOA and NS, glue for in-zone
 * nameservers, static records grouped into RRsets, and every name that exists because of them
 * (including empty non-terminals). Immutable and safe to share between threads.
 */
public final class ServedZone {
    // Only secondaries read these; we have none, so values in the usual ranges are enough.
    static final long REFRESH = 3600;
    static final long RETRY = 900;
    static final long EXPIRE = 1_209_600;

    private final Name apex;
    private final SOARecord soa;
    private final long negativeTtl;
    private final Map<Name, Map<Integer, List<Record>>> rrsets;
    private final Set<Name> names;
    // Null: the serial of soa, fixed. Otherwise the serial is read from here at each use.
    private final LongSupplier serial;
    private volatile SOARecord current;

    private ServedZone(
            Name apex,
            SOARecord soa,
            long negativeTtl,
            Map<Name, Map<Integer, List<Record>>> rrsets,
            LongSupplier serial) {
        this.apex = apex;
        this.soa = soa;
        this.negativeTtl = negativeTtl;
        this.rrsets = rrsets;
        Set<Name> existing = new HashSet<>();
        for (Name owner : rrsets.keySet()) {
            for (Name n = owner; existing.add(n) && !n.equals(apex); n = new Name(n, 1)) {
                // walk up to the apex so every empty non-terminal exists too
            }
        }
        this.names = Set.copyOf(existing);
        this.serial = serial;
        this.current = soa;
    }

    /**
     * This zone with its SOA serial read from {@code serial} (taken mod 2^32) whenever it is served: nodes
     * sharing one database serve the serial of the data they hold, so equal data gives equal serials.
     */
    public ServedZone withSerial(LongSupplier serial) {
        return new ServedZone(apex, soa, negativeTtl, rrsets, serial);
    }

    /** The zone of {@code config} with an SOA serial taken from the current time. */
    public static ServedZone from(DnsConfig config) {
        return from(config, Clock.systemUTC());
    }

    /**
     * The zone of {@code config}; the SOA serial is the start time in epoch seconds (mod 2^32), so it
     * grows across restarts. Throws {@link IllegalArgumentException} naming the offending record.
     */
    public static ServedZone from(DnsConfig config, Clock clock) {
        Name apex = config.zone();
        if (!apex.isAbsolute()) {
            throw new IllegalArgumentException("dns zone must be absolute: " + apex);
        }
        if (config.nameServers().isEmpty()) {
            throw new IllegalArgumentException("dns nameServers must not be empty");
        }
        long soaTtl = seconds(config.soaTtl());
        long minimum = seconds(config.negativeTtl());
        long serial = clock.instant().getEpochSecond() & 0xFFFF_FFFFL;
        SOARecord soa = new SOARecord(
                apex,
                DClass.IN,
                soaTtl,
                config.nameServers().get(0).name(),
                config.soaContact(),
                serial,
                REFRESH,
                RETRY,
                EXPIRE,
                minimum);

        Map<Name, Map<Integer, List<Record>>> rrsets = new HashMap<>();
        add(rrsets, soa);
        for (NameServer ns : config.nameServers()) {
            add(rrsets, new NSRecord(apex, DClass.IN, soaTtl, ns.name()));
            if (ns.name().subdomain(apex)) {
                for (InetAddress address : ns.addresses()) {
                    add(rrsets, glue(ns.name(), soaTtl, address));
                }
            }
        }
        for (Record record : config.staticRecords()) {
            checkStatic(record, apex);
            add(rrsets, record);
        }
        for (Map<Integer, List<Record>> byType : rrsets.values()) {
            if (byType.containsKey(Type.CNAME) && byType.size() > 1) {
                Record cname = byType.get(Type.CNAME).get(0);
                throw new IllegalArgumentException(
                        "dns static record " + cname + ": a CNAME owner must have no other records");
            }
            if (byType.containsKey(Type.CNAME) && byType.get(Type.CNAME).size() > 1) {
                throw new IllegalArgumentException(
                        "dns static record " + byType.get(Type.CNAME).get(1) + ": only one CNAME per name");
            }
        }
        Map<Name, Map<Integer, List<Record>>> frozen = new HashMap<>();
        rrsets.forEach((name, byType) -> {
            Map<Integer, List<Record>> copy = new LinkedHashMap<>();
            byType.forEach((type, records) -> copy.put(type, List.copyOf(records)));
            frozen.put(name, Collections.unmodifiableMap(copy));
        });
        return new ServedZone(apex, soa, Math.min(soaTtl, minimum), frozen, null);
    }

    public Name apex() {
        return apex;
    }

    public SOARecord soa() {
        if (serial == null) {
            return soa;
        }
        long now = serial.getAsLong() & 0xFFFF_FFFFL;
        SOARecord c = current;
        if (c.getSerial() != now) {
            c = new SOARecord(
                    apex,
                    DClass.IN,
                    soa.getTTL(),
                    soa.getHost(),
                    soa.getAdmin(),
                    now,
                    soa.getRefresh(),
                    soa.getRetry(),
                    soa.getExpire(),
                    soa.getMinimum());
            current = c;
        }
        return c;
    }

    /** The SOA as sent in the authority section of negative answers (RFC 2308: TTL = min(TTL, minimum)). */
    public SOARecord negativeSoa() {
        SOARecord now = soa();
        return new SOARecord(
                apex,
                DClass.IN,
                negativeTtl,
                now.getHost(),
                now.getAdmin(),
                now.getSerial(),
                now.getRefresh(),
                now.getRetry(),
                now.getExpire(),
                now.getMinimum());
    }

    /** True when {@code name} is the apex or below it (case-insensitive). */
    public boolean contains(Name name) {
        return name.subdomain(apex);
    }

    /** True when {@code name} exists because of config: apex, static and glue owners, empty non-terminals. */
    public boolean exists(Name name) {
        return names.contains(name);
    }

    /** Every record of the config but the SOA: apex NS, glue and static records (for zone transfers). */
    public List<Record> records() {
        List<Record> all = new ArrayList<>();
        rrsets.values()
                .forEach(byType -> byType.forEach((type, records) -> {
                    if (type != Type.SOA) {
                        all.addAll(records);
                    }
                }));
        return all;
    }

    /** Every name that exists because of config (see {@link #exists}). */
    Set<Name> names() {
        return names;
    }

    /** The RRset of {@code type} at {@code name}, as configured (owner case from config); empty if none. */
    public List<Record> rrset(Name name, int type) {
        if (type == Type.SOA && serial != null && name.equals(apex)) {
            return List.of(soa());
        }
        Map<Integer, List<Record>> byType = rrsets.get(name);
        if (byType == null) {
            return List.of();
        }
        return byType.getOrDefault(type, List.of());
    }

    /** Every RRset at {@code name} in config order (the SOA first at the apex); empty if none. */
    public List<List<Record>> rrsets(Name name) {
        Map<Integer, List<Record>> byType = rrsets.get(name);
        if (byType == null) {
            return List.of();
        }
        List<List<Record>> all = new ArrayList<>(byType.values());
        if (serial != null && name.equals(apex)) {
            all.set(0, List.of(soa())); // the SOA is the apex's first RRset
        }
        return List.copyOf(all);
    }

    private static void checkStatic(Record record, Name apex) {
        if (!record.getName().subdomain(apex)) {
            throw new IllegalArgumentException("dns static record " + record + " is outside the zone " + apex);
        }
        if (record.getDClass() != DClass.IN) {
            throw new IllegalArgumentException("dns static record " + record + ": only class IN is served");
        }
        if (record.getName().isWild()) {
            throw new IllegalArgumentException("dns static record " + record + ": wildcards are not supported");
        }
        int type = record.getType();
        if (type == Type.SOA || type == Type.NS || type == Type.DNAME) {
            throw new IllegalArgumentException(
                    "dns static record " + record + ": " + Type.string(type)
                            + " is not allowed (the apex SOA and NS come from the nameServers setting; delegations are not supported)");
        }
        if (type == Type.CNAME && record.getName().equals(apex)) {
            throw new IllegalArgumentException("dns static record " + record + ": no CNAME at the zone apex");
        }
    }

    private static Record glue(Name owner, long ttl, InetAddress address) {
        return address instanceof Inet4Address
                ? new ARecord(owner, DClass.IN, ttl, address)
                : new AAAARecord(owner, DClass.IN, ttl, address);
    }

    private static void add(Map<Name, Map<Integer, List<Record>>> rrsets, Record record) {
        List<Record> set = rrsets.computeIfAbsent(record.getName(), n -> new LinkedHashMap<>())
                .computeIfAbsent(record.getType(), t -> new ArrayList<>());
        if (!set.contains(record)) {
            set.add(record);
        }
    }

    private static long seconds(Duration duration) {
        return Math.max(0, Math.min(duration.getSeconds(), Integer.MAX_VALUE));
    }
}
