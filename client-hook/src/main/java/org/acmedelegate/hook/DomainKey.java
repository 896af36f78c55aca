package org.acmedelegate.hook;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key of an account in the account file: a domain in lower case without a trailing dot, a leading
 * {@code *.} or a leading {@code _acme-challenge.}, so {@code *.Example.COM.} and
 * {@code _acme-challenge.example.com} both name the account of {@code example.com}.
 */
public record DomainKey(String value) {
    private static final String CHALLENGE_LABEL = "_acme-challenge.";
    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

    public DomainKey {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("not a domain name: " + value);
        }
    }

    /** Normalises {@code raw} (see the type's description) and validates the result. */
    public static DomainKey of(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("no domain given");
        }
        String name = raw.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("*.")) {
            name = name.substring(2);
        }
        if (name.startsWith(CHALLENGE_LABEL)) {
            name = name.substring(CHALLENGE_LABEL.length());
        }
        return new DomainKey(name);
    }

    /** The name the CA queries, as an absolute name: {@code _acme-challenge.example.com.}. */
    public String challengeName() {
        return CHALLENGE_LABEL + value + ".";
    }

    @Override
    public String toString() {
        return value;
    }
}
