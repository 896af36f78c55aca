package org.acmedelegate.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.service.TsigKeys;
import org.acmedelegate.store.AccountRecord;

/**
 * The admin API's TSIG key actions: {@code POST /accounts/{id}/tsig} gives the account a key (a new one
 * replaces the old, which fails at once) shown once with its certbot and nsupdate texts;
 * {@code DELETE /accounts/{id}/tsig} removes it. Audited without the secret.
 */
final class AdminTsigRoutes {
    private final AdminApp admin;
    private final TsigKeys keys;
    private final TsigKeyTexts texts;

    AdminTsigRoutes(AdminApp admin, TsigKeys keys, TsigKeyTexts texts) {
        this.admin = admin;
        this.keys = keys;
        this.texts = texts;
    }

    void issue(Context ctx) {
        AccountRecord r = admin.findChangeable(ctx, "admin.tsig_key");
        boolean rotated = keys.has(r.account().username());
        AccountTsigKey key = keys.issue(r.account().username(), r.account().subdomain());
        admin.audit(admin.event(ctx, "admin.tsig_key")
                .about(r.account())
                .detail((rotated ? "replaced " : "created ") + key.nameText()));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("username", r.account().username().toString());
        reply.putAll(texts.fields(key));
        Responses.json(ctx, rotated ? 200 : 201, reply);
    }

    void remove(Context ctx) {
        AccountRecord r = admin.find(ctx, "admin.tsig_key_remove");
        if (!keys.remove(r.account().username())) {
            throw new ApiException(ErrorCode.NOT_FOUND, "account " + r.account().username() + " has no TSIG key");
        }
        admin.audit(admin.event(ctx, "admin.tsig_key_remove").about(r.account()));
        Responses.json(ctx, 200, Map.of("username", r.account().username().toString(), "tsig", "removed"));
    }
}
