package org.acmedelegate.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Checks the {@code [dns]} table and builds {@link DnsConfig} from it. */
final class DnsConfigReader {
    private DnsConfigReader() {}

    static DnsConfig read(ConfigFile.Dns dns) {
        if (dns == null || dns.zone() == null || dns.zone().isBlank()) {
            throw new ConfigException(
                    "dns.zone", "required (the zone delegated to this server, e.g. auth.example.org)");
        }
        Name zone = name("dns.zone", dns.zone(), Name.root);
        if (zone.equals(Name.root)) {
            throw new ConfigException("dns.zone", "must not be the root");
        }
        List<InetSocketAddress> listen = new ArrayList<>();
        List<String> listenText = dns.listen() == null ? List.of(ConfigLoader.DEFAULT_DNS_LISTEN) : dns.listen();
        if (listenText.isEmpty()) {
            throw new ConfigException("dns.listen", "needs at least one address");
        }
        for (int i = 0; i < listenText.size(); i++) {
            listen.add(Addresses.parse("dns.listen[" + i + "]", listenText.get(i)));
        }
        List<NameServer> nameServers = nameServers(dns.nameservers(), zone);
        Name contact =
                dns.soaContact() == null ? name("dns.soa_contact", "hostmaster", zone) : contact(dns.soaContact());
        Duration txtTtl = ttl("dns.txt_ttl", dns.txtTtl(), Duration.ofSeconds(10), Duration.ofHours(1));
        Duration soaTtl = ttl("dns.soa_ttl", dns.soaTtl(), Duration.ofHours(1), Duration.ofDays(7));
        Duration negativeTtl = ttl("dns.negative_ttl", dns.negativeTtl(), Duration.ofSeconds(60), Duration.ofHours(3));
        List<Record> records = staticRecords(dns.records(), zone, soaTtl);
        return new DnsConfig(listen, zone, nameServers, contact, txtTtl, soaTtl, negativeTtl, records, tcp(dns.tcp()));
    }

    private static List<NameServer> nameServers(List<ConfigFile.NameServerEntry> entries, Name zone) {
        if (entries == null || entries.isEmpty()) {
            Name ns = name("dns.nameservers", "ns1", zone);
            return List.of(new NameServer(ns, List.of(InetAddress.getLoopbackAddress())));
        }
        List<NameServer> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String key = "dns.nameservers[" + i + "]";
            ConfigFile.NameServerEntry entry = entries.get(i);
            if (entry.name() == null) {
                throw new ConfigException(key + ".name", "required");
            }
            Name ns = name(key + ".name", entry.name(), Name.root);
            List<InetAddress> addresses = new ArrayList<>();
            List<String> texts = entry.addresses() == null ? List.of() : entry.addresses();
            for (int j = 0; j < texts.size(); j++) {
                addresses.add(Addresses.ip(key + ".addresses[" + j + "]", texts.get(j)));
            }
            if (ns.subdomain(zone) && addresses.isEmpty()) {
                throw new ConfigException(key + ".addresses", "a nameserver inside the zone needs glue addresses");
            }
            result.add(new NameServer(ns, addresses));
        }
        return result;
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

    private static List<Record> staticRecords(List<String> lines, Name zone, Duration defaultTtl) {
        List<Record> records = new ArrayList<>();
        if (lines == null) {
            return records;
        }
        for (int i = 0; i < lines.size(); i++) {
            String key = "dns.records[" + i + "]";
            byte[] line = (lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8);
            try (Master parser = new Master(new ByteArrayInputStream(line), zone, defaultTtl.toSeconds())) {
                Record record = parser.nextRecord();
                if (record == null || parser.nextRecord() != null) {
                    throw new ConfigException(key, "expected exactly one record in zone-file syntax");
                }
                if (!record.getName().subdomain(zone)) {
                    throw new ConfigException(key, "owner " + record.getName() + " is outside the zone " + zone);
                }
                records.add(record);
            } catch (IOException e) {
                throw new ConfigException(key, "not a record in zone-file syntax: " + e.getMessage());
            }
        }
        return records;
    }

    private static TcpLimits tcp(ConfigFile.Tcp tcp) {
        if (tcp == null) {
            return TcpLimits.DEFAULT;
        }
        TcpLimits d = TcpLimits.DEFAULT;
        Duration idle = tcp.idleTimeout() == null
                ? d.idleTimeout()
                : Durations.parse("dns.tcp.idle_timeout", tcp.idleTimeout());
        Duration partial = tcp.partialTimeout() == null
                ? d.partialMessageTimeout()
                : Durations.parse("dns.tcp.partial_timeout", tcp.partialTimeout());
        int max = tcp.maxConnections() == null ? d.maxConnections() : tcp.maxConnections();
        int perNetwork =
                tcp.maxConnectionsPerNetwork() == null ? d.maxConnectionsPerNetwork() : tcp.maxConnectionsPerNetwork();
        int pending = tcp.maxPendingBytes() == null ? d.maxPendingBytes() : tcp.maxPendingBytes();
        if (idle.isZero() || partial.isZero()) {
            throw new ConfigException(
                    idle.isZero() ? "dns.tcp.idle_timeout" : "dns.tcp.partial_timeout", "must be above zero");
        }
        if (max < 1) {
            throw new ConfigException("dns.tcp.max_connections", "must be at least 1");
        }
        if (perNetwork < 1) {
            throw new ConfigException("dns.tcp.max_connections_per_network", "must be at least 1");
        }
        if (pending < 65_537) {
            throw new ConfigException("dns.tcp.max_pending_bytes", "must be at least 65537 (one full-size answer)");
        }
        return new TcpLimits(idle, partial, max, perNetwork, pending);
    }

    static Name name(String key, String text, Name origin) {
        try {
            return Name.fromString(text.strip(), origin);
        } catch (TextParseException e) {
            throw new ConfigException(key, "not a domain name: \"" + text + "\" (" + e.getMessage() + ")");
        }
    }
}
