package org.acmedelegate.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.DomainName;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.IpLiteral;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.audit.AuditEvent;
import org.acmedelegate.config.AdminConfig;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.AccountAdministration;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.TsigKeys;
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
    private final AccountService service;
    private final AccountAdministration accounts;
    private final String zone;
    private final Operations ops;
    private final byte[] tokenHash;
    private final RequestBody body = new RequestBody(4096);
    private TsigKeys tsigKeys;

    private AdminApp(AccountService service, Name zone, Operations ops, String token) {
        this.service = service;
        this.accounts = service.admin();
        this.zone = zone.toString(true).toLowerCase(Locale.ROOT);
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
                zone,
                ops,
                config.token().orElseThrow(() -> new IllegalArgumentException("admin listener needs a token")));
        return Javalin.create(app -> {
            HttpListener.configure(app, "admin", config.listen(), Optional.empty(), http -> {}, ops);
            app.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType(Metrics.CONTENT_TYPE)
                            .result(ops.metrics().scrape()));

            app.routes.before("/accounts*", admin::authorize);
            app.routes.before("/accounts*", ctx -> ops.requireAuditLog());
            app.routes.get("/accounts", admin::list);
            app.routes.post("/accounts", admin::create);
            app.routes.get("/accounts/{id}", admin::show);
            app.routes.delete("/accounts/{id}", admin::delete);
            app.routes.post("/accounts/{id}/rotate-key", admin::rotate);
            app.routes.put("/accounts/{id}/allowfrom", admin::allowFrom);
            app.routes.put("/accounts/{id}/domain", admin::domain);
            app.routes.post("/accounts/{id}/disable", ctx -> admin.disable(ctx, true));
            app.routes.post("/accounts/{id}/enable", ctx -> admin.disable(ctx, false));
            app.routes.post("/accounts/{id}/check-cname", admin::checkCname);
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
                admin.tsigKeys = t.keys();
                AdminTsigRoutes routes = new AdminTsigRoutes(admin, t.keys(), t.texts());
                app.routes.post("/accounts/{id}/tsig", routes::issue);
                app.routes.delete("/accounts/{id}/tsig", routes::remove);
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

    private void list(Context ctx) {
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> listed = accounts.accounts().stream()
                .filter(r -> q.isEmpty() || matches(r.account(), q))
                .map(this::view)
                .toList();
        ops.audit().record(event(ctx, "admin.list").detail(q.isEmpty() ? null : "q=" + q));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("accounts", listed);
        Responses.json(ctx, 200, reply);
    }

    private void create(Context ctx) {
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        AllowFrom allowFrom = AllowFrom.parse(json.strings("allowfrom").orElse(List.of()));
        Optional<String> domain = json.string("domain").map(DomainName::normalize);
        NewCredentials credentials = service.register(allowFrom, domain);
        ops.metrics().registered("admin");
        AccountRecord created =
                accounts.account(credentials.username().toString()).orElseThrow();
        ops.audit().record(event(ctx, "admin.create").about(created.account()));
        Map<String, Object> reply = RegisterHandler.reply(credentials, zone, allowFrom);
        reply.put("domain", domain.orElse(null));
        Responses.json(ctx, 201, reply);
    }

    private void show(Context ctx) {
        AccountRecord r = find(ctx, "admin.show");
        ops.audit().record(event(ctx, "admin.show").about(r.account()));
        Responses.json(ctx, 200, view(r));
    }

    private void delete(Context ctx) {
        AccountRecord r = find(ctx, "admin.delete");
        accounts.delete(r.account());
        if (tsigKeys != null) {
            tsigKeys.forget(r.account().username());
        }
        ops.audit().record(event(ctx, "admin.delete").about(r.account()));
        Responses.json(ctx, 200, Map.of("deleted", r.account().username().toString()));
    }

    private void rotate(Context ctx) {
        AccountRecord r = find(ctx, "admin.rotate_key");
        String key = accounts.rotateKey(r.account());
        ops.audit().record(event(ctx, "admin.rotate_key").about(r.account()));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("username", r.account().username().toString());
        reply.put("password", key);
        Responses.json(ctx, 200, reply);
    }

    private void allowFrom(Context ctx) {
        AccountRecord r = find(ctx, "admin.set_allowfrom");
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        AllowFrom allowFrom = AllowFrom.parse(json.strings("allowfrom").orElse(List.of()));
        Account changed = accounts.setAllowFrom(r.account(), allowFrom);
        ops.audit()
                .record(event(ctx, "admin.set_allowfrom")
                        .about(changed)
                        .detail("allowfrom=" + String.join(",", allowFrom.asStrings())));
        Responses.json(ctx, 200, view(new AccountRecord(changed, r.lastUpdate(), r.cname())));
    }

    private void domain(Context ctx) {
        AccountRecord r = find(ctx, "admin.set_domain");
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        Optional<String> domain = json.string("domain").map(DomainName::normalize);
        Account changed = accounts.setDomain(r.account(), domain);
        if (tsigKeys != null) {
            tsigKeys.domainChanged(changed.username(), changed.domain());
        }
        ops.audit().record(event(ctx, "admin.set_domain").about(changed));
        Responses.json(ctx, 200, view(new AccountRecord(changed, r.lastUpdate(), Optional.empty())));
    }

    private void disable(Context ctx, boolean disabled) {
        String action = disabled ? "admin.disable" : "admin.enable";
        AccountRecord r = find(ctx, action);
        Account changed = accounts.setDisabled(r.account(), disabled);
        ops.audit().record(event(ctx, action).about(changed));
        Responses.json(ctx, 200, view(new AccountRecord(changed, r.lastUpdate(), r.cname())));
    }

    private void checkCname(Context ctx) {
        AccountRecord r = find(ctx, "admin.check_cname");
        if (ops.cnameVerifier().isEmpty()) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "no cname_check.resolver configured");
        }
        Optional<CnameCheck> check =
                accounts.checkCname(r.account(), ops.cnameVerifier().get());
        ops.audit()
                .record(event(ctx, "admin.check_cname")
                        .about(r.account())
                        .detail(check.map(c -> c.status().label()).orElse("no domain")));
        Responses.json(ctx, 200, view(new AccountRecord(r.account(), r.lastUpdate(), check.or(r::cname))));
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

    private Map<String, Object> view(AccountRecord r) {
        Account a = r.account();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("username", a.username().toString());
        v.put("subdomain", a.subdomain().value());
        v.put("fulldomain", a.subdomain().value() + "." + zone);
        v.put("domain", a.domain().orElse(null));
        v.put("allowfrom", a.allowFrom().asStrings());
        v.put("disabled", a.disabled());
        v.put("created", a.createdAt().toString());
        v.put("last_update", r.lastUpdate().map(Instant::toString).orElse(null));
        v.put("txt", accounts.liveValues(a));
        if (tsigKeys != null) {
            v.put(
                    "tsig_key",
                    tsigKeys.has(a.username()) ? tsigKeys.nameFor(a.subdomain()).toString() : null);
        }
        Map<String, Object> cname = new LinkedHashMap<>();
        if (a.domain().isEmpty()) {
            cname.put("status", "unbound");
        } else if (r.cname().isEmpty()) {
            cname.put("status", "unchecked");
        } else {
            cname.put("status", r.cname().get().status().label());
            cname.put("target", r.cname().get().target().orElse(null));
            cname.put("checked", r.cname().get().checkedAt().toString());
        }
        v.put("cname", cname);
        return v;
    }

    private static boolean matches(Account a, String q) {
        return a.username().toString().contains(q)
                || a.subdomain().value().contains(q)
                || a.domain().map(d -> d.contains(q)).orElse(false);
    }

    AuditEvent event(Context ctx, String action) {
        return AuditEvent.of(action, "ok", client(ctx).getHostAddress()).actor("admin");
    }

    private static InetAddress client(Context ctx) {
        return IpLiteral.parse(ctx.req().getRemoteAddr());
    }
}
