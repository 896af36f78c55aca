package org.acmedelegate.account;

import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.acmedelegate.dns.tsig.TsigAlgorithm;
import org.acmedelegate.dns.tsig.TsigKey;
import org.xbill.DNS.Name;

/**
 * An account's TSIG key in the clear, as the UPDATE path verifies with it and as it is handed out once:
 * the key itself (its DNS name {@code <subdomain>.<zone>.}, HMAC-SHA256, the secret), the account it belongs
 * to and the subdomain it may change. Its text form never shows the secret.
 */
public record AccountTsigKey(TsigKey key, UUID username, Subdomain subdomain) {
    /** The only algorithm handed out: what certbot, lego, nsupdate and Windows clients all speak. */
    public static final TsigAlgorithm ALGORITHM = TsigAlgorithm.HMAC_SHA256;
    /** Bytes of a new secret: the HMAC-SHA256 output length (RFC 8945 section 6). */
    public static final int SECRET_BYTES = 32;

    public AccountTsigKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subdomain, "subdomain");
    }

    public AccountTsigKey(Name name, UUID username, Subdomain subdomain, byte[] secret) {
        this(new TsigKey(name, ALGORITHM, secret), username, subdomain);
    }

    public Name name() {
        return key.name();
    }

    public byte[] secret() {
        return key.secret();
    }

    public String base64Secret() {
        return Base64.getEncoder().encodeToString(key.secret());
    }

    /** The key name as clients write it: lower case, with the trailing dot. */
    public String nameText() {
        return key.name().toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "AccountTsigKey[" + key.name() + " of " + username + "]";
    }
}
