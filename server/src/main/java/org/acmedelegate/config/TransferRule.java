package org.acmedelegate.config;

import java.net.InetAddress;
import java.util.Optional;
import org.acmedelegate.account.Cidr;
import org.xbill.DNS.Name;

/**
 * One {@code [dns.transfer] allow} entry: a source network, a TSIG key, or both; a transfer request
 * matches when it meets every part the entry gives.
 */
public record TransferRule(Optional<Cidr> network, Optional<Name> tsigKey) {
    public TransferRule {
        if (network.isEmpty() && tsigKey.isEmpty()) {
            throw new IllegalArgumentException("a transfer rule needs an address, a tsig_key or both");
        }
    }

    /** Whether a request from {@code source}, verified with {@code key} (empty: unsigned), matches. */
    public boolean allows(InetAddress source, Optional<Name> key) {
        return network.map(n -> source != null && n.contains(source)).orElse(true)
                && tsigKey.map(k -> key.isPresent() && key.get().equals(k)).orElse(true);
    }
}
