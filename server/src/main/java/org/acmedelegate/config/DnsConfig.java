package org.acmedelegate.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The authoritative DNS side: where to listen (UDP and TCP on each address), the delegated zone, its
 * nameservers, SOA contact, TTLs, and static records (absolute, as parsed from zone-file syntax).
 *
 * @param soaTtl TTL of the SOA and NS records at the apex and of glue
 * @param negativeTtl SOA minimum, which resolvers use to cache NXDOMAIN and NODATA
 * @param udpWorkers UDP sockets per listen address (SO_REUSEPORT), each read by an event loop of its own
 */
public record DnsConfig(
        List<InetSocketAddress> listen,
        Name zone,
        List<NameServer> nameServers,
        Name soaContact,
        Duration txtTtl,
        Duration soaTtl,
        Duration negativeTtl,
        List<Record> staticRecords,
        TcpLimits tcp,
        int udpWorkers) {

    /** One UDP socket per core: the most a flood can be answered with. */
    public static final int DEFAULT_UDP_WORKERS = Runtime.getRuntime().availableProcessors();

    public DnsConfig {
        listen = List.copyOf(listen);
        Objects.requireNonNull(zone, "zone");
        nameServers = List.copyOf(nameServers);
        Objects.requireNonNull(soaContact, "soaContact");
        staticRecords = List.copyOf(staticRecords);
        Objects.requireNonNull(tcp, "tcp");
        if (udpWorkers < 1) {
            throw new IllegalArgumentException("udpWorkers must be at least 1: " + udpWorkers);
        }
    }
}
