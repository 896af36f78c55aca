package org.acmedelegate.config;

import java.util.List;
import java.util.Objects;

/**
 * A bearer token that may register accounts in {@code token} mode. {@code name} is what the audit log
 * shows (never the token); an empty {@code domains} list allows any domain, otherwise the registration
 * must name a domain equal to or under one of these suffixes (lower case, no trailing dot).
 */
public record RegistrationToken(String name, String token, List<String> domains) {
    public RegistrationToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        domains = List.copyOf(domains);
    }

    @Override
    public String toString() {
        return "RegistrationToken[" + name + ", domains=" + domains + "]";
    }
}
