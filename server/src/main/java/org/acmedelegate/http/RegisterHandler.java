package org.acmedelegate.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.service.AccountService;
import org.xbill.DNS.Name;

/**
 * {@code POST /register}: creates an account and answers {@code 201} with its credentials as one
 * compact JSON line whose key order matches acme-dns, because acme.sh picks the values out with sed.
 */
final class RegisterHandler {
    private final AccountService service;
    private final RequestBody body;
    private final String zone;

    RegisterHandler(AccountService service, RequestBody body, Name zone) {
        this.service = service;
        this.body = body;
        this.zone = zone.toString(true).toLowerCase(Locale.ROOT);
    }

    void register(Context ctx) {
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        AllowFrom allowFrom = AllowFrom.parse(json.strings("allowfrom").orElse(List.of()));
        NewCredentials credentials = service.register(allowFrom);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("username", credentials.username().toString());
        reply.put("password", credentials.password());
        reply.put("fulldomain", credentials.subdomain().value() + "." + zone);
        reply.put("subdomain", credentials.subdomain().value());
        reply.put("allowfrom", allowFrom.asStrings());
        Responses.json(ctx, 201, reply);
    }
}
