package org.acmedelegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.acmedelegate.TestClock;
import org.acmedelegate.config.Rate;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InetAddress a = InetAddress.getLoopbackAddress();
    private final InetAddress b = address("192.0.2.7");

    private static InetAddress address(String ip) {
        return org.acmedelegate.account.IpLiteral.parse(ip);
    }

    @Test
    void allowsTheBurstThenRefusesWithTheTimeUntilTheNextEvent() {
        RateLimiter limiter = new RateLimiter(new Rate(3, Duration.ofMinutes(3)), clock);
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isEqualTo(60);
    }

    @Test
    void refillsEvenlyAsTimePasses() {
        RateLimiter limiter = new RateLimiter(new Rate(2, Duration.ofMinutes(2)), clock);
        limiter.acquire(a);
        limiter.acquire(a);
        assertThat(limiter.acquire(a)).isPositive();
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isPositive();
    }

    @Test
    void keepsClientsApart() {
        RateLimiter limiter = new RateLimiter(new Rate(1, Duration.ofHours(1)), clock);
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isPositive();
        assertThat(limiter.acquire(b)).isZero();
    }

    @Test
    void recordedFailuresBlockWithoutTakingFromAnUnknownClient() {
        RateLimiter limiter = new RateLimiter(new Rate(2, Duration.ofMinutes(10)), clock);
        assertThat(limiter.retryAfter(a)).isZero();
        limiter.record(a);
        assertThat(limiter.retryAfter(a)).isZero();
        limiter.record(a);
        assertThat(limiter.retryAfter(a)).isEqualTo(300);
        assertThat(limiter.retryAfter(b)).isZero();
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.retryAfter(a)).isZero();
    }

    @Test
    void anOffLimiterNeverRefuses() {
        RateLimiter limiter = new RateLimiter(Rate.OFF, clock);
        for (int i = 0; i < 1000; i++) {
            limiter.record(a);
            assertThat(limiter.acquire(a)).isZero();
        }
        assertThat(limiter.retryAfter(a)).isZero();
    }
}
