package org.acmedelegate.dns.tsig;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * A named TSIG key: the name both sides put in their TSIG records, its algorithm and the shared secret.
 * The secret never appears in {@link #toString()}; two keys are equal when all three are.
 */
public record TsigKey(Name name, TsigAlgorithm algorithm, byte[] secret) {
    /** Shorter secrets are rejected: RFC 8945 section 6 wants at least half the hash's length. */
    public static final int MIN_SECRET_BYTES = 10;

    public TsigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(secret, "secret");
        if (!name.isAbsolute()) {
            throw new IllegalArgumentException("TSIG key name must be absolute: " + name);
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("TSIG key " + name + ": the secret has " + secret.length
                    + " bytes, at least " + MIN_SECRET_BYTES + " are needed");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** dnsjava's signer and verifier for this key, reading time from {@code clock}. */
    public TSIG tsig(Clock clock) {
        return new TSIG(algorithm.wireName(), name, new SecretKeySpec(secret, algorithm.jcaName()), clock);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TsigKey k
                && name.equals(k.name)
                && algorithm == k.algorithm
                && MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, algorithm, Arrays.hashCode(secret));
    }

    @Override
    public String toString() {
        return "TsigKey[" + name + " " + algorithm.text() + "]";
    }
}
