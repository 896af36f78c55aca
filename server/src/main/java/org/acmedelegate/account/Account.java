package org.acmedelegate.account;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A registration: who may update (username plus bcrypt hash of the key), what (one subdomain) and
 * from where (allowfrom). The key itself is never stored.
 */
public record Account(UUID username, String keyHash, Subdomain subdomain, AllowFrom allowFrom, Instant createdAt) {
    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(subdomain, "subdomain");
        Objects.requireNonNull(allowFrom, "allowFrom");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "Account[" + username + ", subdomain=" + subdomain + "]";
    }
}
