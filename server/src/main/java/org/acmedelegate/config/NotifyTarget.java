package org.acmedelegate.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.acmedelegate.dns.tsig.TsigKey;

/** A secondary to send NOTIFY to on every change, signed with {@code key} when one is given. */
public record NotifyTarget(InetSocketAddress address, Optional<TsigKey> key) {
    public NotifyTarget {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(key, "key");
    }
}
