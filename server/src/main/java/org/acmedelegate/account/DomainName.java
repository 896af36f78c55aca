package org.acmedelegate.account;

import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Checks and normalises a domain an account serves: lower case, no trailing dot, at least two labels. */
public final class DomainName {
    private DomainName() {}

    /** Returns the normal form or throws {@link ApiException} with {@code bad_domain}. */
    public static String normalize(String text) {
        if (text == null) {
            throw bad();
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("*.")) {
            s = s.substring(2);
        }
        if (!s.matches("([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
                || s.length() > 240) {
            throw bad();
        }
        try {
            Name.fromString(s + ".");
        } catch (TextParseException e) {
            throw bad();
        }
        return s;
    }

    /** Whether {@code domain} equals {@code suffix} or lies under it (both normalised). */
    public static boolean isUnder(String domain, String suffix) {
        return domain.equals(suffix) || domain.endsWith("." + suffix);
    }

    private static ApiException bad() {
        return new ApiException(ErrorCode.BAD_DOMAIN, "not a domain name");
    }
}
