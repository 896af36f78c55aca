package org.acmedelegate.config;

/**
 * What this node runs: the HTTP API ({@code [api] enabled}), the DNS listeners ({@code [dns] enabled}),
 * or both (the default). With PostgreSQL several nodes may split the roles.
 */
public record RolesConfig(boolean api, boolean dns) {
    public static final RolesConfig BOTH = new RolesConfig(true, true);

    public RolesConfig {
        if (!api && !dns) {
            throw new IllegalArgumentException("a node must run the API, DNS, or both");
        }
    }
}
