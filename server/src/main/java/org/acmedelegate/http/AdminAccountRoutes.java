package org.acmedelegate.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.DomainName;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.service.AccountAdministration;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.TsigKeys;
import org.acmedelegate.store.AccountRecord;

/**
 * The admin API's account actions under {@code /accounts} (see {@link AdminApp} for the list): each finds
 * the account, acts through {@link AccountAdministration}, audits, and replies with the account's view,
 * which never holds a key hash.
 */
final class AdminAccountRoutes {
    private final AdminApp admin;
    private final AccountService service;
    private final AccountAdministration accounts;
    private final String zone;
    private final Operations ops;
    private final Optional<TsigKeys> tsigKeys;
    private final RequestBody body = new RequestBody(4096);

    AdminAccountRoutes(
            AdminApp admin, AccountService service, String zone, Operations ops, Optional<TsigKeys> tsigKeys) {
        this.admin = admin;
        this.service = service;
        this.accounts = service.admin();
        this.zone = zone;
        this.ops = ops;
        this.tsigKeys = tsigKeys;
    }

    void list(Context ctx) {
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> listed = accounts.accounts().stream()
                .filter(r -> q.isEmpty() || matches(r.account(), q))
                .map(this::view)
                .toList();
        admin.audit(admin.event(ctx, "admin.list").detail(q.isEmpty() ? null : "q=" + q));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("accounts", listed);
        Responses.json(ctx, 200, reply);
    }

    void create(Context ctx) {
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        AllowFrom allowFrom = AllowFrom.parse(json.strings("allowfrom").orElse(List.of()));
        Optional<String> domain = json.string("domain").map(DomainName::normalize);
        NewCredentials credentials = service.register(allowFrom, domain);
        ops.metrics().registered("admin");
        AccountRecord created =
                accounts.account(credentials.username().toString()).orElseThrow();
        admin.audit(admin.event(ctx, "admin.create").about(created.account()));
        Map<String, Object> reply = RegisterHandler.reply(credentials, zone, allowFrom);
        reply.put("domain", domain.orElse(null));
        Responses.json(ctx, 201, reply);
    }

    void show(Context ctx) {
        AccountRecord r = admin.find(ctx, "admin.show");
        admin.audit(admin.event(ctx, "admin.show").about(r.account()));
        Responses.json(ctx, 200, view(r));
    }

    void delete(Context ctx) {
        AccountRecord r = admin.findChangeable(ctx, "admin.delete");
        accounts.delete(r.account());
        tsigKeys.ifPresent(keys -> keys.forget(r.account().username()));
        admin.audit(admin.event(ctx, "admin.delete").about(r.account()));
        Responses.json(ctx, 200, Map.of("deleted", r.account().username().toString()));
    }

    void rotate(Context ctx) {
        AccountRecord r = admin.findChangeable(ctx, "admin.rotate_key");
        String key = accounts.rotateKey(r.account());
        admin.audit(admin.event(ctx, "admin.rotate_key").about(r.account()));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("username", r.account().username().toString());
        reply.put("password", key);
        Responses.json(ctx, 200, reply);
    }

    void allowFrom(Context ctx) {
        AccountRecord r = admin.findChangeable(ctx, "admin.set_allowfrom");
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        AllowFrom allowFrom = AllowFrom.parse(json.strings("allowfrom").orElse(List.of()));
        Account changed = accounts.setAllowFrom(r.account(), allowFrom);
        admin.audit(admin.event(ctx, "admin.set_allowfrom")
                .about(changed)
                .detail("allowfrom=" + String.join(",", allowFrom.asStrings())));
        Responses.json(ctx, 200, view(new AccountRecord(changed, r.lastUpdate(), r.cname())));
    }

    void domain(Context ctx) {
        AccountRecord r = admin.findChangeable(ctx, "admin.set_domain");
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        Optional<String> domain = json.string("domain").map(DomainName::normalize);
        Account changed = accounts.setDomain(r.account(), domain);
        tsigKeys.ifPresent(keys -> keys.domainChanged(changed.username(), changed.domain()));
        admin.audit(admin.event(ctx, "admin.set_domain").about(changed));
        Responses.json(ctx, 200, view(new AccountRecord(changed, r.lastUpdate(), Optional.empty())));
    }

    void disable(Context ctx, boolean disabled) {
        String action = disabled ? "admin.disable" : "admin.enable";
        AccountRecord r = admin.findChangeable(ctx, action);
        Account changed = accounts.setDisabled(r.account(), disabled);
        admin.audit(admin.event(ctx, action).about(changed));
        Responses.json(ctx, 200, view(new AccountRecord(changed, r.lastUpdate(), r.cname())));
    }

    void checkCname(Context ctx) {
        AccountRecord r = admin.find(ctx, "admin.check_cname");
        if (ops.cnameVerifier().isEmpty()) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "no cname_check.resolver configured");
        }
        Optional<CnameCheck> check =
                accounts.checkCname(r.account(), ops.cnameVerifier().get());
        admin.audit(admin.event(ctx, "admin.check_cname")
                .about(r.account())
                .detail(check.map(c -> c.status().label()).orElse("no domain")));
        Responses.json(ctx, 200, view(new AccountRecord(r.account(), r.lastUpdate(), check.or(r::cname))));
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
        v.put("reserved", a.subdomain().reserved());
        v.put("created", a.createdAt().toString());
        v.put("last_update", r.lastUpdate().map(Instant::toString).orElse(null));
        v.put("txt", accounts.liveValues(a));
        tsigKeys.ifPresent(keys -> v.put(
                "tsig_key", keys.has(a.username()) ? keys.nameFor(a.subdomain()).toString() : null));
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
}
