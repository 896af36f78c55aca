package org.acmedelegate.audit;

import java.util.Objects;
import org.acmedelegate.account.Account;

/**
 * One auditable event. {@code action} is what was tried ({@code register}, {@code update},
 * {@code admin.delete}, ...), {@code result} how it ended ({@code ok}, {@code denied},
 * {@code rate_limited}, ...); the other fields are null when unknown. Never holds a key, a password
 * or a token: {@code actor} names the registration token or says {@code admin}.
 */
public record AuditEvent(
        String action,
        String result,
        String account,
        String subdomain,
        String domain,
        String client,
        String actor,
        String detail) {
    public AuditEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
    }

    public static AuditEvent of(String action, String result, String client) {
        return new AuditEvent(action, result, null, null, null, client, null, null);
    }

    public AuditEvent about(Account a) {
        return new AuditEvent(
                action,
                result,
                a.username().toString(),
                a.subdomain().value(),
                a.domain().orElse(null),
                client,
                actor,
                detail);
    }

    public AuditEvent account(String username) {
        return new AuditEvent(action, result, username, subdomain, domain, client, actor, detail);
    }

    public AuditEvent subdomain(String name) {
        return new AuditEvent(action, result, account, name, domain, client, actor, detail);
    }

    public AuditEvent withResult(String outcome) {
        return new AuditEvent(action, outcome, account, subdomain, domain, client, actor, detail);
    }

    public AuditEvent domain(String boundDomain) {
        return new AuditEvent(action, result, account, subdomain, boundDomain, client, actor, detail);
    }

    public AuditEvent actor(String who) {
        return new AuditEvent(action, result, account, subdomain, domain, client, who, detail);
    }

    public AuditEvent detail(String what) {
        return new AuditEvent(action, result, account, subdomain, domain, client, actor, what);
    }
}
