package org.acmedelegate.dns.tsig;

import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** The TSIG algorithms accepted: HMAC-SHA256 (the default), HMAC-SHA512 and, for old peers, HMAC-SHA1. */
public enum TsigAlgorithm {
    HMAC_SHA256("hmac-sha256", TSIG.HMAC_SHA256, "HmacSHA256"),
    HMAC_SHA512("hmac-sha512", TSIG.HMAC_SHA512, "HmacSHA512"),
    HMAC_SHA1("hmac-sha1", TSIG.HMAC_SHA1, "HmacSHA1");

    private final String text;
    private final Name wireName;
    private final String jcaName;

    TsigAlgorithm(String text, Name wireName, String jcaName) {
        this.text = text;
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    /** The algorithm named {@code text} as in configs and key files ({@code hmac-sha256}), any case. */
    public static TsigAlgorithm parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (TsigAlgorithm a : values()) {
            if (a.text.equals(wanted)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown TSIG algorithm \"" + text + "\" (hmac-sha256, hmac-sha512 or hmac-sha1)");
    }

    /** The algorithm whose name in a TSIG record is {@code wireName}, if it is one we accept. */
    public static Optional<TsigAlgorithm> fromWire(Name wireName) {
        for (TsigAlgorithm a : values()) {
            if (a.wireName.equals(wireName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The name in configs and key files, such as {@code hmac-sha256}. */
    public String text() {
        return text;
    }

    /** The algorithm's name in TSIG records ({@code hmac-sha256.}). */
    public Name wireName() {
        return wireName;
    }

    String jcaName() {
        return jcaName;
    }
}
