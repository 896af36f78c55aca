package org.acmedelegate.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Checks the {@code [dns]} table and builds {@link DnsConfig} from it. */
final class DnsConfigReader {
    private DnsConfigReader() {}

    static DnsConfig read(ConfigFile.Dns given, ConfigProblems problems) {
        ConfigFile.Dns dns = given != null
                ? given
                : new ConfigFile.Dns(
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        ConfigProblems.Section s = problems.section();
        Name zone = s.read("dns.zone", () -> zone(dns.zone()));
        List<String> listenText = s.read(
                "dns.listen",
                () -> nonEmpty(
                        "dns.listen",
                        dns.listen() == null ? List.of(ConfigLoader.DEFAULT_DNS_LISTEN) : dns.listen(),
                        "needs at least one address"));
        List<InetSocketAddress> listen = s.list("dns.listen", listenText, Addresses::parse);
        List<NameServer> nameServers = nameServers(dns.nameservers(), zone, s);
        Name contact = s.read(
                "dns.soa_contact",
                () -> dns.soaContact() != null
                        ? contact(dns.soaContact())
                        : zone == null ? null : name("dns.soa_contact", "hostmaster", zone));
        Duration txtTtl = s.read(
                "dns.txt_ttl", () -> ttl("dns.txt_ttl", dns.txtTtl(), Duration.ofSeconds(10), Duration.ofHours(1)));
        Duration soaTtl =
                s.read("dns.soa_ttl", () -> ttl("dns.soa_ttl", dns.soaTtl(), Duration.ofHours(1), Duration.ofDays(7)));
        Duration negativeTtl = s.read(
                "dns.negative_ttl",
                () -> ttl("dns.negative_ttl", dns.negativeTtl(), Duration.ofSeconds(60), Duration.ofHours(3)));
        // a record's own TTL defaults to soa_ttl; a wrong soa_ttl does not make the records wrong
        Duration recordTtl = soaTtl != null ? soaTtl : Duration.ofHours(1);
        List<Record> records = zone == null
                ? null
                : s.list(
                        "dns.records",
                        dns.records() == null ? List.of() : dns.records(),
                        (key, line) -> staticRecord(key, line, zone, recordTtl));
        TcpLimits tcp = tcp(dns.tcp(), s);
        Integer udpWorkers = s.read(
                "dns.udp_workers",
                () -> atLeast("dns.udp_workers", dns.udpWorkers(), DnsConfig.DEFAULT_UDP_WORKERS, 1, ""));
        return s.build(() -> new DnsConfig(
                listen, zone, nameServers, contact, txtTtl, soaTtl, negativeTtl, records, tcp, udpWorkers));
    }

    private static Name zone(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(
                    "dns.zone", "required (the zone delegated to this server, e.g. auth.example.org)");
        }
        Name zone = name("dns.zone", text, Name.root);
        if (zone.equals(Name.root)) {
            throw new ConfigException("dns.zone", "must not be the root");
        }
        return zone;
    }

    static <T> List<T> nonEmpty(String key, List<T> list, String problem) {
        if (list.isEmpty()) {
            throw new ConfigException(key, problem);
        }
        return list;
    }

    private static List<NameServer> nameServers(
            List<ConfigFile.NameServerEntry> entries, Name zone, ConfigProblems.Section s) {
        if (entries == null || entries.isEmpty()) {
            return zone == null
                    ? null
                    : List.of(new NameServer(
                            name("dns.nameservers", "ns1", zone), List.of(InetAddress.getLoopbackAddress())));
        }
        return s.list("dns.nameservers", entries, (key, entry) -> nameServer(key, entry, zone, s));
    }

    private static NameServer nameServer(
            String key, ConfigFile.NameServerEntry entry, Name zone, ConfigProblems.Section s) {
        Name ns = s.read(key + ".name", () -> {
            if (entry.name() == null) {
                throw new ConfigException(key + ".name", "required");
            }
            return name(key + ".name", entry.name(), Name.root);
        });
        List<InetAddress> addresses =
                s.list(key + ".addresses", entry.addresses() == null ? List.of() : entry.addresses(), Addresses::ip);
        s.check(
                () -> {
                    if (ns.subdomain(zone) && addresses.isEmpty()) {
                        throw new ConfigException(
                                key + ".addresses", "a nameserver inside the zone needs glue addresses");
                    }
                },
                ns,
                addresses,
                zone);
        return ns == null || addresses == null ? null : new NameServer(ns, addresses);
    }

    /** Accepts {@code hostmaster.example.org} or the mailbox form {@code hostmaster@example.org}. */
    private static Name contact(String text) {
        String s = text.strip();
        int at = s.indexOf('@');
        if (at > 0) {
            s = s.substring(0, at).replace(".", "\\.") + "." + s.substring(at + 1);
        }
        return name("dns.soa_contact", s, Name.root);
    }

    private static Duration ttl(String key, Object value, Duration fallback, Duration max) {
        Duration ttl = value == null ? fallback : Durations.parse(key, value);
        if (ttl.compareTo(max) > 0 || ttl.toMillis() % 1000 != 0) {
            throw new ConfigException(key, "must be whole seconds between 0 and " + max.toSeconds() + "s");
        }
        return ttl;
    }

    private static Record staticRecord(String key, String text, Name zone, Duration defaultTtl) {
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try (Master parser = new Master(new ByteArrayInputStream(line), zone, defaultTtl.toSeconds())) {
            Record record = parser.nextRecord();
            if (record == null || parser.nextRecord() != null) {
                throw new ConfigException(key, "expected exactly one record in zone-file syntax");
            }
            if (!record.getName().subdomain(zone)) {
                throw new ConfigException(key, "owner " + record.getName() + " is outside the zone " + zone);
            }
            return record;
        } catch (IOException e) {
            throw new ConfigException(key, "not a record in zone-file syntax: " + e.getMessage());
        }
    }

    private static TcpLimits tcp(ConfigFile.Tcp given, ConfigProblems.Section s) {
        TcpLimits d = TcpLimits.DEFAULT;
        ConfigFile.Tcp tcp = given != null ? given : new ConfigFile.Tcp(null, null, null, null, null);
        Duration idle = s.read(
                "dns.tcp.idle_timeout", () -> aboveZero("dns.tcp.idle_timeout", tcp.idleTimeout(), d.idleTimeout()));
        Duration partial = s.read(
                "dns.tcp.partial_timeout",
                () -> aboveZero("dns.tcp.partial_timeout", tcp.partialTimeout(), d.partialMessageTimeout()));
        Integer max = s.read(
                "dns.tcp.max_connections",
                () -> atLeast("dns.tcp.max_connections", tcp.maxConnections(), d.maxConnections(), 1, ""));
        Integer perNetwork = s.read(
                "dns.tcp.max_connections_per_network",
                () -> atLeast(
                        "dns.tcp.max_connections_per_network",
                        tcp.maxConnectionsPerNetwork(),
                        d.maxConnectionsPerNetwork(),
                        1,
                        ""));
        Integer pending = s.read(
                "dns.tcp.max_pending_bytes",
                () -> atLeast(
                        "dns.tcp.max_pending_bytes",
                        tcp.maxPendingBytes(),
                        d.maxPendingBytes(),
                        65_537,
                        " (one full-size answer)"));
        return s.build(() -> new TcpLimits(idle, partial, max, perNetwork, pending));
    }

    private static Duration aboveZero(String key, Object value, Duration fallback) {
        Duration d = value == null ? fallback : Durations.parse(key, value);
        if (d.isZero()) {
            throw new ConfigException(key, "must be above zero");
        }
        return d;
    }

    private static int atLeast(String key, Integer value, int fallback, int min, String why) {
        int v = value == null ? fallback : value;
        if (v < min) {
            throw new ConfigException(key, "must be at least " + min + why);
        }
        return v;
    }

    static Name name(String key, String text, Name origin) {
        try {
            return Name.fromString(text.strip(), origin);
        } catch (TextParseException e) {
            throw new ConfigException(key, "not a domain name: \"" + text + "\" (" + e.getMessage() + ")");
        }
    }
}
