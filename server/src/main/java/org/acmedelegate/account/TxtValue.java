package org.acmedelegate.account;

import java.util.regex.Pattern;

/**
 * A DNS-01 challenge value: base64url(SHA-256(key authorization)) without padding, which is always
 * exactly 43 characters of {@code [A-Za-z0-9_-]}. Anything else is rejected with {@code bad_txt}.
 */
public record TxtValue(String value) {
    public static final int LENGTH = 43;
    private static final Pattern BASE64URL_43 = Pattern.compile("[A-Za-z0-9_-]{43}");

    public TxtValue {
        if (value == null || !BASE64URL_43.matcher(value).matches()) {
            throw new ApiException(ErrorCode.BAD_TXT, "txt is not 43 base64url characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
