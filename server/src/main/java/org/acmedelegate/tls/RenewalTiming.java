package org.acmedelegate.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a certificate should be renewed: {@code renew_before} ahead of its expiry (at most half its
 * lifetime, so a short-lived certificate is not renewed in a loop), by default a third of its lifetime
 * ahead; a window of the CA's renewal information (RFC 9773) wins when there is one.
 */
public final class RenewalTiming {
    private RenewalTiming() {}

    /**
     * @param window the CA's suggested window (start, end), when it offers ARI
     * @param pick a number in [0, 1) choosing the moment inside the window (spreads a fleet's renewals)
     */
    public static Instant renewAt(
            Instant notBefore,
            Instant notAfter,
            Optional<Duration> renewBefore,
            Optional<Instant[]> window,
            double pick) {
        if (window.isPresent() && window.get()[1].isAfter(window.get()[0])) {
            Instant start = window.get()[0];
            long span = Duration.between(start, window.get()[1]).toMillis();
            return start.plusMillis((long) (span * pick));
        }
        Duration lifetime = Duration.between(notBefore, notAfter);
        Duration ahead = renewBefore.orElse(lifetime.dividedBy(3));
        if (ahead.compareTo(lifetime.dividedBy(2)) > 0) {
            ahead = lifetime.dividedBy(2);
        }
        return notAfter.minus(ahead);
    }
}
