package org.acmedelegate.account;

import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.xbill.DNS.Name;

/**
 * An account's TSIG key in the clear, as the UPDATE path verifies with it and as it is handed out once:
 * the key's DNS name, the account it belongs to, the subdomain it may change, and the HMAC-SHA256 secret.
 * Its text form never shows the secret.
 */
public record TsigKey(Name name, UUID username, Subdomain subdomain, byte[] secret) {
    /** The only algorithm handed out: what certbot, lego, nsupdate and Windows clients all speak. */
    public static final String ALGORITHM = "hmac-sha256";
    /** Bytes of a new secret: the HMAC-SHA256 output length (RFC 8945 section 6). */
    public static final int SECRET_BYTES = 32;

    public TsigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subdomain, "subdomain");
        if (!name.isAbsolute()) {
            throw new IllegalArgumentException("key name must be absolute");
        }
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("TSIG secret must hold at least 16 bytes");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    public String base64Secret() {
        return Base64.getEncoder().encodeToString(secret);
    }

    /** The key name as clients write it: lower case, with the trailing dot. */
    public String nameText() {
        return name.toString().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TsigKey k && k.name.equals(name) && k.username.equals(username)
                && k.subdomain.equals(subdomain) && java.security.MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, username, subdomain);
    }

    @Override
    public String toString() {
        return "TsigKey[" + name + " of " + username + "]";
    }
}
