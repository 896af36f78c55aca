package org.acmedelegate.account;

import java.util.UUID;

/** Fresh subdomains for tests, shaped like the ones registration hands out. */
public final class TestSubdomains {
    private TestSubdomains() {}

    public static Subdomain random() {
        return new Subdomain(UUID.randomUUID().toString());
    }
}
