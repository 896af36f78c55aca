package org.acmedelegate.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A registration: who may update (username plus bcrypt hash of the key), what (one subdomain), from
 * where (allowfrom), the domain it serves if named, and whether an administrator disabled it. The key
 * itself is never stored.
 */
public record Account(
        UUID username,
        String keyHash,
        Subdomain subdomain,
        AllowFrom allowFrom,
        Instant createdAt,
        Optional<String> domain,
        boolean disabled) {
    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(subdomain, "subdomain");
        Objects.requireNonNull(allowFrom, "allowFrom");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(domain, "domain");
    }

    /** An enabled account bound to no domain, as acme-dns creates them. */
    public Account(UUID username, String keyHash, Subdomain subdomain, AllowFrom allowFrom, Instant createdAt) {
        this(username, keyHash, subdomain, allowFrom, createdAt, Optional.empty(), false);
    }

    public Account withKeyHash(String hash) {
        return new Account(username, hash, subdomain, allowFrom, createdAt, domain, disabled);
    }

    public Account withAllowFrom(AllowFrom networks) {
        return new Account(username, keyHash, subdomain, networks, createdAt, domain, disabled);
    }

    public Account withDomain(Optional<String> boundDomain) {
        return new Account(username, keyHash, subdomain, allowFrom, createdAt, boundDomain, disabled);
    }

    public Account withDisabled(boolean off) {
        return new Account(username, keyHash, subdomain, allowFrom, createdAt, domain, off);
    }

    @Override
    public String toString() {
        return "Account[" + username + ", subdomain=" + subdomain + "]";
    }
}
