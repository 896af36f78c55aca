package org.acmedelegate.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The single DNS label under the delegated zone that one account owns, stored in lower case.
 * New accounts get a random UUID; imported acme-dns accounts may hold any valid label.
 */
public record Subdomain(String value) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public Subdomain {
        if (value == null) {
            throw new ApiException(ErrorCode.BAD_SUBDOMAIN, "subdomain missing");
        }
        value = value.toLowerCase(Locale.ROOT);
        if (!LABEL.matcher(value).matches()) {
            throw new ApiException(ErrorCode.BAD_SUBDOMAIN, "subdomain is not a DNS label");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
