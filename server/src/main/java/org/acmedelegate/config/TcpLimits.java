package org.acmedelegate.config;

import java.time.Duration;

/**
 * Limits that keep DNS over TCP from being held open: idle time between queries, time allowed for a
 * message that has begun arriving, open connections at once, and unread answers buffered per connection.
 */
public record TcpLimits(Duration idleTimeout, Duration partialMessageTimeout, int maxConnections, int maxPendingBytes) {
    public static final TcpLimits DEFAULT = new TcpLimits(Duration.ofSeconds(10), Duration.ofSeconds(2), 1000, 256 * 1024);
}
