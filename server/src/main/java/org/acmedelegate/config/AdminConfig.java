package org.acmedelegate.config;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The admin listener (admin API, {@code /metrics}, {@code /ready}). It runs only when a token is
 * configured; every admin route needs {@code Authorization: Bearer <token>}.
 */
public record AdminConfig(InetSocketAddress listen, Optional<String> token) {
    public boolean enabled() {
        return token.isPresent();
    }

    @Override
    public String toString() {
        return "AdminConfig[" + listen + ", enabled=" + enabled() + "]";
    }
}
