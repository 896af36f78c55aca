package org.acmedelegate.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long to wait after a failed attempt: {@code min} after the first, doubling each time up to
 * {@code max}; a CA's {@code Retry-After} (or a rate limit's reset time) is honoured even beyond
 * {@code max}, so the CA is never asked again before it said it would answer.
 */
public record Backoff(Duration min, Duration max) {
    public Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + " and " + max);
        }
    }

    /** The next attempt after {@code failures} failures in a row (1 after the first), failed at {@code now}. */
    public Instant next(int failures, Instant now, Optional<Instant> retryAfter) {
        Duration wait = min;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        Instant next = now.plus(wait);
        return retryAfter.filter(next::isBefore).orElse(next);
    }
}
