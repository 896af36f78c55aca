package org.acmedelegate.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/** One nameserver of the zone: its NS name and, when it lies inside the zone, its glue addresses. */
public record NameServer(Name name, List<InetAddress> addresses) {
    public NameServer {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
    }
}
