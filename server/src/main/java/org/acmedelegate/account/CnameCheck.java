package org.acmedelegate.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The last check of {@code _acme-challenge.<domain>}: whether it is a CNAME to the account's name,
 * what it points to instead, and when it was looked up.
 */
public record CnameCheck(Status status, Optional<String> target, Instant checkedAt) {
    public CnameCheck {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** How the CNAME looked. */
    public enum Status {
        /** A CNAME to the account's fulldomain. */
        OK,
        /** No CNAME at {@code _acme-challenge.<domain>}. */
        MISSING,
        /** A CNAME to another name. */
        ELSEWHERE,
        /** The resolver did not answer or answered SERVFAIL. */
        ERROR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
