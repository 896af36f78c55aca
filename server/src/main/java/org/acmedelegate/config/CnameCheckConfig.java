package org.acmedelegate.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Checking that {@code _acme-challenge.<domain>} is a CNAME to the account's name: through which
 * resolver (empty: checks are off) and how often every bound account is checked again.
 */
public record CnameCheckConfig(Optional<InetSocketAddress> resolver, Duration interval) {
    public boolean enabled() {
        return resolver.isPresent();
    }
}
