package org.acmedelegate.account;

import java.util.UUID;

/** What {@code /register} hands out once: the only moment the plain key exists outside the client. */
public record NewCredentials(UUID username, String password, Subdomain subdomain) {
    @Override
    public String toString() {
        return "NewCredentials[" + username + ", subdomain=" + subdomain + "]";
    }
}
