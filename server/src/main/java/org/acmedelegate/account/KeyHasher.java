package org.acmedelegate.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt hashing and checking of API keys. Accepts the {@code $2a$} hashes that acme-dns writes as
 * well as the {@code $2b$}/{@code $2y$} variants.
 */
public final class KeyHasher {
    private final int cost;
    // A hash of a random key at the configured cost, checked when the user is unknown.
    private final String dummyHash;

    public KeyHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4..31, got " + cost);
        }
        this.cost = cost;
        this.dummyHash = hash(new CredentialGenerator(new java.security.SecureRandom())
                .generate()
                .password());
    }

    public String hash(String key) {
        return BCrypt.withDefaults().hashToString(cost, key.toCharArray());
    }

    public boolean matches(String key, String hash) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        // bcrypt reads at most 72 bytes; longer keys are refused rather than silently cut.
        if (keyBytes.length > 72) {
            return false;
        }
        try {
            return BCrypt.verifyer().verify(keyBytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the same work as {@link #matches} so an unknown user cannot be told apart by timing. */
    public void burn(String key) {
        matches(key == null ? "" : key, dummyHash);
    }
}
