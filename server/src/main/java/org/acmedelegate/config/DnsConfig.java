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
        TcpLimits tcp) {

    public DnsConfig {
        listen = List.copyOf(listen);
        Objects.requireNonNull(zone, "zone");
        nameServers = List.copyOf(nameServers);
        Objects.requireNonNull(soaContact, "soaContact");
        staticRecords = List.copyOf(staticRecords);
        Objects.requireNonNull(tcp, "tcp");
    }
}
