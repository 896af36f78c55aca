package org.acmedelegate.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.IpLiteral;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.audit.AuditEvent;
import org.acmedelegate.config.AdminConfig;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.AccountAdministration;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.store.AccountRecord;
import org.xbill.DNS.Name;

/**
 * The admin listener as an unstarted Javalin app. {@code /health}, {@code /ready} and
 * {@code /metrics} are open (the listener is on loopback by default); everything under
 * {@code /accounts} needs {@code Authorization: Bearer <admin token>}. Replies never hold a key hash;
 * a new or rotated key appears once, in the reply that made it. Every action is audited.
 *
 * <pre>
 * GET    /accounts[?q=text]            list (search username, subdomain, domain)
 * POST   /accounts                     create {"domain","allowfrom"} -> 201 with credentials
 * GET    /accounts/{id}                show (id = username or subdomain)
 * DELETE /accounts/{id}                delete; its TXT values leave DNS at once
 * POST   /accounts/{id}/rotate-key     new key, shown once; the old one fails at once
 * PUT    /accounts/{id}/allowfrom      {"allowfrom":["192.0.2.0/24"]}
 * PUT    /accounts/{id}/domain         {"domain":"example.com"} (null unbinds)
 * POST   /accounts/{id}/disable        no updates, no TXT answers
 * POST   /accounts/{id}/enable
 * POST   /accounts/{id}/check-cname    check _acme-challenge.&lt;domain&gt; now
 * GET    /tls                          the API certificate of [api.acme]: names, expiry, next renewal, last error
 * POST   /accounts/{id}/tsig           new TSIG key for RFC 2136 updates, shown once (replaces the old)
 * DELETE /accounts/{id}/tsig           remove the TSIG key
 * </pre>
 */
public final class AdminApp {
    private final AccountAdministration accounts;
    private final Operations ops;
    private final byte[] tokenHash;

    private AdminApp(AccountService service, Operations ops, String token) {
        this.accounts = service.admin();
        this.ops = ops;
        this.tokenHash = RegisterHandler.sha256(token);
    }

    /** @throws IllegalArgumentException if the config has no admin token */
    public static Javalin create(AdminConfig config, AccountService service, Name zone, Operations ops) {
        return create(config, service, zone, ops, Optional::empty, Optional.empty());
    }

    /**
     * As above, with {@code GET /tls} (the API certificate's status, 404 when it is not ordered by this server)
     * and, when {@code tsig} holds the keys and how to hand them over, the TSIG key actions.
     */
    public static Javalin create(
            AdminConfig config,
            AccountService service,
            Name zone,
            Operations ops,
            Supplier<Optional<Map<String, Object>>> tlsStatus,
            Optional<TsigHandout> tsig) {
        AdminApp admin = new AdminApp(
                service,
                ops,
                config.token().orElseThrow(() -> new IllegalArgumentException("admin listener needs a token")));
        AdminAccountRoutes routes = new AdminAccountRoutes(
                admin, service, zone.toString(true).toLowerCase(Locale.ROOT), ops, tsig.map(TsigHandout::keys));
        return Javalin.create(app -> {
            HttpListener.configure(app, "admin", config.listen(), Optional.empty(), http -> {}, ops);
            app.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType(Metrics.CONTENT_TYPE)
                            .result(ops.metrics().scrape()));

            app.routes.before("/accounts*", admin::authorize);
            app.routes.before("/accounts*", ctx -> ops.requireAuditLog());
            app.routes.get("/accounts", routes::list);
            app.routes.post("/accounts", routes::create);
            app.routes.get("/accounts/{id}", routes::show);
            app.routes.delete("/accounts/{id}", routes::delete);
            app.routes.post("/accounts/{id}/rotate-key", routes::rotate);
            app.routes.put("/accounts/{id}/allowfrom", routes::allowFrom);
            app.routes.put("/accounts/{id}/domain", routes::domain);
            app.routes.post("/accounts/{id}/disable", ctx -> routes.disable(ctx, true));
            app.routes.post("/accounts/{id}/enable", ctx -> routes.disable(ctx, false));
            app.routes.post("/accounts/{id}/check-cname", routes::checkCname);
            app.routes.before("/tls", admin::authorize);
            app.routes.get(
                    "/tls",
                    ctx -> Responses.json(
                            ctx,
                            200,
                            tlsStatus
                                    .get()
                                    .orElseThrow(() -> new ApiException(
                                            ErrorCode.NOT_FOUND,
                                            "the API certificate is not ordered by this server ([api.acme])"))));
            tsig.ifPresent(t -> {
                AdminTsigRoutes tsigRoutes = new AdminTsigRoutes(admin, t.keys(), t.texts());
                app.routes.post("/accounts/{id}/tsig", tsigRoutes::issue);
                app.routes.delete("/accounts/{id}/tsig", tsigRoutes::remove);
            });
        });
    }

    private void authorize(Context ctx) {
        InetAddress client = client(ctx);
        int wait = ops.authFailureLimit().retryAfter(client);
        if (wait > 0) {
            ops.metrics().refused("auth_failures");
            ops.audit().record(AuditEvent.of("admin.auth", "rate_limited", client.getHostAddress()));
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "failed-login limit for admin from " + client, wait);
        }
        String header = ctx.header("Authorization");
        boolean ok = header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(
                        tokenHash, RegisterHandler.sha256(header.substring(7).strip()));
        if (!ok) {
            ops.metrics().authFailure("admin");
            ops.authFailureLimit().record(client);
            ops.audit()
                    .record(new AuditEvent(
                            "auth_failure",
                            "denied",
                            null,
                            null,
                            null,
                            client.getHostAddress(),
                            null,
                            "admin " + ctx.method() + " " + ctx.path()));
            throw new ApiException(ErrorCode.FORBIDDEN, "admin request without a valid token");
        }
    }

    void audit(AuditEvent event) {
        ops.audit().record(event);
    }

    AccountRecord find(Context ctx, String action) {
        String id = ctx.pathParam("id");
        Optional<AccountRecord> r = accounts.account(id);
        if (r.isEmpty()) {
            ops.audit()
                    .record(event(ctx, action)
                            .withResult("not_found")
                            .detail("no account " + (id.matches("[0-9A-Za-z-]{1,64}") ? id : "?")));
            throw new ApiException(ErrorCode.NOT_FOUND, "no account " + id);
        }
        return r.get();
    }

    /** {@link #find}, refusing a registration the server keeps for itself ({@link Subdomain#reserved}). */
    AccountRecord findChangeable(Context ctx, String action) {
        AccountRecord r = find(ctx, action);
        Subdomain subdomain = r.account().subdomain();
        if (subdomain.reserved()) {
            ops.audit()
                    .record(event(ctx, action)
                            .about(r.account())
                            .withResult("refused")
                            .detail("reserved"));
            throw new ApiException(
                    ErrorCode.RESERVED,
                    "account " + subdomain + " is reserved for the server's own API certificate and cannot be changed");
        }
        return r;
    }

    AuditEvent event(Context ctx, String action) {
        return AuditEvent.of(action, "ok", client(ctx).getHostAddress()).actor("admin");
    }

    private static InetAddress client(Context ctx) {
        return IpLiteral.parse(ctx.req().getRemoteAddr());
    }
}
