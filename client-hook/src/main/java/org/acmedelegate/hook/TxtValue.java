package org.acmedelegate.hook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A DNS-01 TXT value: base64url(SHA-256(key authorization)) without padding, always 43 characters of
 * {@code [A-Za-z0-9_-]}. Checked here so a wrong argument fails before the server is asked.
 */
public record TxtValue(String value) {
    private static final Pattern BASE64URL_43 = Pattern.compile("[A-Za-z0-9_-]{43}");

    public TxtValue {
        if (value == null || !BASE64URL_43.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "TXT value must be 43 base64url characters (the DNS-01 digest), got '" + value + "'");
        }
    }

    /**
     * The value for what an ACME client hands a hook as "the authorization": uacme (as its manual says)
     * passes the finished digest for dns-01, while others pass the key authorization
     * ({@code token.thumbprint}, which always has a dot and so is never mistaken for a digest).
     */
    public static TxtValue ofDigestOrKeyAuthorization(String authorization) {
        if (authorization != null && BASE64URL_43.matcher(authorization).matches()) {
            return new TxtValue(authorization);
        }
        return ofKeyAuthorization(authorization);
    }

    /** The value for a key authorization ({@code token.thumbprint}), as RFC 8555 section 8.4 defines it. */
    public static TxtValue ofKeyAuthorization(String keyAuthorization) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
            return new TxtValue(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
