package org.acmedelegate.hook;

import java.util.List;

/**
 * One acme-delegate (acme-dns) registration as stored in the shared account file; {@link AccountJson} maps
 * it to the field names goacmedns, lego and acme-dns-client write. {@link #toString()} never shows the password.
 */
public record Account(
        String username,
        String password,
        String fullDomain,
        String subdomain,
        List<String> allowFrom,
        String serverUrl) {

    public Account {
        if (isBlank(username) || isBlank(password) || isBlank(fullDomain) || isBlank(subdomain)) {
            throw new IllegalArgumentException("an account needs username, password, fulldomain and subdomain");
        }
        fullDomain = stripDot(fullDomain);
        allowFrom = allowFrom == null ? List.of() : List.copyOf(allowFrom);
    }

    /** A copy of this account with another server URL. */
    public Account withServerUrl(String url) {
        return new Account(username, password, fullDomain, subdomain, allowFrom, url);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public String toString() {
        return "Account[fulldomain=" + fullDomain + ", subdomain=" + subdomain + ", server_url=" + serverUrl
                + ", allowfrom=" + allowFrom + "]";
    }
}
