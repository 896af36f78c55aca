package org.acmedelegate.http;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acmedelegate.config.Rate;

/**
 * A token bucket per client address: {@code rate.count()} events at once, refilled evenly over
 * {@code rate.period()}. Time comes from the injected clock, so tests trip and recover it without
 * waiting. Buckets that have refilled are forgotten when many clients are tracked.
 */
public final class RateLimiter {
    private static final int SWEEP_ABOVE = 10_000;

    private final Rate rate;
    private final Clock clock;
    private final double perMilli;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Rate rate, Clock clock) {
        this.rate = rate;
        this.clock = clock;
        this.perMilli = rate.enabled() ? (double) rate.count() / rate.period().toMillis() : 0;
    }

    /** Takes one event for {@code client}: 0 if allowed, else the seconds until one would be. */
    public int acquire(InetAddress client) {
        if (!rate.enabled()) {
            return 0;
        }
        Bucket bucket = bucket(client);
        synchronized (bucket) {
            refill(bucket);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return wait(bucket);
        }
    }

    /** The seconds until {@code client} may have another event, without taking one; 0 if it may now. */
    public int retryAfter(InetAddress client) {
        if (!rate.enabled()) {
            return 0;
        }
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            return 0;
        }
        synchronized (bucket) {
            refill(bucket);
            return bucket.tokens >= 1 ? 0 : wait(bucket);
        }
    }

    /** Counts one event (such as a failed login) against {@code client}, whether or not it was allowed. */
    public void record(InetAddress client) {
        if (!rate.enabled()) {
            return;
        }
        Bucket bucket = bucket(client);
        synchronized (bucket) {
            refill(bucket);
            bucket.tokens = Math.max(0, bucket.tokens - 1);
        }
    }

    private Bucket bucket(InetAddress client) {
        if (buckets.size() > SWEEP_ABOVE) {
            long now = clock.millis();
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    return b.tokens + (now - b.updated) * perMilli >= rate.count();
                }
            });
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(rate.count(), clock.millis()));
    }

    private void refill(Bucket bucket) {
        long now = clock.millis();
        if (now > bucket.updated) {
            bucket.tokens = Math.min(rate.count(), bucket.tokens + (now - bucket.updated) * perMilli);
            bucket.updated = now;
        }
    }

    private int wait(Bucket bucket) {
        return (int) Math.max(1, Math.ceil((1 - bucket.tokens) / perMilli / 1000));
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
