package org.acmedelegate.config;

/**
 * Abuse limits of the HTTP API, per client address: registrations, failed authentications, and the
 * number of bcrypt checks that may run at once over all clients.
 */
public record LimitsConfig(Rate register, Rate authFailures, int maxConcurrentBcrypt) {
    public static final LimitsConfig DEFAULT = new LimitsConfig(
            new Rate(20, java.time.Duration.ofHours(1)),
            new Rate(30, java.time.Duration.ofMinutes(10)),
            Math.max(2, Runtime.getRuntime().availableProcessors()));
}
