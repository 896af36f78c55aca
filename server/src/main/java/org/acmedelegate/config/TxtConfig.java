package org.acmedelegate.config;

import java.time.Duration;

/** How many live TXT values each name keeps, and for how long (zero: until replaced, as acme-dns). */
public record TxtConfig(int maxValues, Duration lifetime) {
    public static final TxtConfig DEFAULT = new TxtConfig(4, Duration.ofHours(24));
}
