package org.acmedelegate.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An account's TSIG key as the store keeps it: the key's DNS name (lower case, absolute, with the trailing
 * dot), its algorithm name, and the secret sealed by {@code org.acmedelegate.secrets.SecretBox} (the store
 * never sees it in the clear).
 */
public record StoredTsigKey(UUID username, String keyName, String algorithm, byte[] sealedSecret, Instant createdAt) {
    public StoredTsigKey {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(createdAt, "createdAt");
        if (sealedSecret == null || sealedSecret.length == 0) {
            throw new IllegalArgumentException("sealed secret must not be empty");
        }
        sealedSecret = sealedSecret.clone();
    }

    @Override
    public byte[] sealedSecret() {
        return sealedSecret.clone();
    }

    @Override
    public String toString() {
        return "StoredTsigKey[" + keyName + " of " + username + "]";
    }
}
