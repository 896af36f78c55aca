package org.acmedelegate.http;

import java.time.Clock;
import java.util.Optional;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.config.Rate;
import org.acmedelegate.metrics.Metrics;

/** Operations for tests of the plain acme-dns API: no audit sink, fresh metrics, no limits, always ready. */
public final class TestOperations {
    private TestOperations() {}

    public static Operations none() {
        Clock clock = Clock.systemUTC();
        return new Operations(
                new AuditLog(clock, line -> {}),
                new Metrics(),
                new RateLimiter(Rate.OFF, clock),
                new RateLimiter(Rate.OFF, clock),
                () -> Readiness.READY,
                Optional.empty(),
                Optional.empty());
    }
}
