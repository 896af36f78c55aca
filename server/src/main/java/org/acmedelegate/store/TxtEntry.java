package org.acmedelegate.store;

import java.time.Instant;
import java.util.Objects;
import org.acmedelegate.account.TxtValue;

/**
 * One live TXT value of a subdomain. {@code sequence} orders values (larger is newer) and comes from a
 * monotonic counter, never a clock; {@code updatedAt} only drives expiry.
 */
public record TxtEntry(TxtValue value, long sequence, Instant updatedAt) {
    public TxtEntry {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
