package org.acmedelegate.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The single DNS label under the delegated zone that one account owns, stored in lower case.
 * New accounts get a random UUID; imported acme-dns accounts may hold any valid label.
 */
public record Subdomain(String value) {
    // Before API_CERTIFICATE, whose constructor uses it: static fields initialise in order.
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * The registration the server keeps for its own API certificate's DNS-01 answers: an administrator sees it
     * but cannot change it, since whoever could write its values could get a certificate for any name of
     * the zone.
     */
    public static final Subdomain API_CERTIFICATE = new Subdomain("acme-delegate-api-certificate");

    public Subdomain {
        if (value == null) {
            throw new ApiException(ErrorCode.BAD_SUBDOMAIN, "subdomain missing");
        }
        value = value.toLowerCase(Locale.ROOT);
        if (!LABEL.matcher(value).matches()) {
            throw new ApiException(ErrorCode.BAD_SUBDOMAIN, "subdomain is not a DNS label");
        }
    }

    /** True for a registration the server keeps for itself ({@link #API_CERTIFICATE}). */
    public boolean reserved() {
        return equals(API_CERTIFICATE);
    }

    @Override
    public String toString() {
        return value;
    }
}
