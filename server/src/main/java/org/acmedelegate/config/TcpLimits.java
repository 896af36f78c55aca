package org.acmedelegate.config;

import java.time.Duration;

/**
 * Limits that keep DNS over TCP from being held open: idle time between queries, time allowed for a
 * message that has begun arriving, open connections at once (in all, and from one /24 or /56 network), and
 * unread answers buffered per connection.
 */
public record TcpLimits(
        Duration idleTimeout,
        Duration partialMessageTimeout,
        int maxConnections,
        int maxConnectionsPerNetwork,
        int maxPendingBytes) {
    public static final TcpLimits DEFAULT =
            new TcpLimits(Duration.ofSeconds(10), Duration.ofSeconds(2), 1000, 100, 256 * 1024);

    /** The defaults but for the four limits tests change most. */
    public TcpLimits(Duration idleTimeout, Duration partialMessageTimeout, int maxConnections, int maxPendingBytes) {
        this(idleTimeout, partialMessageTimeout, maxConnections, DEFAULT.maxConnectionsPerNetwork(), maxPendingBytes);
    }
}
