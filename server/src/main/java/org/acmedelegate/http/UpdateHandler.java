package org.acmedelegate.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.Map;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.audit.AuditEvent;
import org.acmedelegate.service.AccountService;

/**
 * {@code POST /update} publishes a TXT value, {@code DELETE /update} withdraws one. Both answer
 * {@code 200 {"txt":"<value>"}} only once the change is committed and served by DNS. The caller is
 * authenticated before a byte of the body is parsed.
 */
final class UpdateHandler {
    static final String USER_HEADER = "X-Api-User";
    static final String KEY_HEADER = "X-Api-Key";
    static final String FORWARDED_FOR = "X-Forwarded-For";

    private final AccountService service;
    private final ClientAddress clientAddress;
    private final RequestBody body;
    private final Operations ops;

    UpdateHandler(AccountService service, ClientAddress clientAddress, RequestBody body, Operations ops) {
        this.service = service;
        this.clientAddress = clientAddress;
        this.body = body;
        this.ops = ops;
    }

    void publish(Context ctx) {
        Change change = accept(ctx, "update");
        service.publish(change.account(), change.txt());
        ops.audit().record(change.event());
        Responses.json(ctx, 200, Map.of("txt", change.txt().value()));
    }

    void withdraw(Context ctx) {
        Change change = accept(ctx, "withdraw");
        service.withdraw(change.account(), change.txt());
        ops.audit().record(change.event());
        Responses.json(ctx, 200, Map.of("txt", change.txt().value()));
    }

    // The order of the checks is acme-dns's: who, then well-formed, then whose subdomain, then what value.
    private Change accept(Context ctx, String action) {
        InetAddress client = clientAddress.of(ctx);
        AuditEvent event = AuditEvent.of(action, "ok", client.getHostAddress());
        String user = ctx.header(USER_HEADER);
        // Past the limit, a client's guesses are refused before any bcrypt work is spent on them.
        int wait = ops.authFailureLimit().retryAfter(client);
        if (wait > 0) {
            ops.metrics().refused("auth_failures");
            ops.audit()
                    .record(event.account(printable(user))
                            .withResult("rate_limited")
                            .detail("too many failed logins"));
            throw new ApiException(
                    ErrorCode.TOO_MANY_REQUESTS, "failed-login limit for " + client.getHostAddress(), wait);
        }
        Account account;
        try {
            account = service.authenticate(user, ctx.header(KEY_HEADER), client);
        } catch (ApiException e) {
            if (e.error() == ErrorCode.FORBIDDEN) {
                authFailed(event.account(printable(user)), client, e.getMessage());
            } else if (e.error() == ErrorCode.UNAVAILABLE) {
                ops.metrics().refused("bcrypt_busy");
                ops.audit().record(event.account(printable(user)).withResult("busy"));
            }
            throw e;
        }
        event = event.about(account);
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        // Both fields are read before either is judged, so a wrong JSON type is always malformed_json_payload.
        String subdomainText = json.string("subdomain").orElse(null);
        String txtText = json.string("txt").orElse(null);
        Subdomain subdomain = new Subdomain(subdomainText);
        if (!subdomain.equals(account.subdomain())) {
            authFailed(event, client, "subdomain " + subdomain + " belongs to another account");
            throw new ApiException(
                    ErrorCode.FORBIDDEN, "user " + account.username() + " may not update subdomain " + subdomain);
        }
        return new Change(account, new TxtValue(txtText), event);
    }

    private void authFailed(AuditEvent event, InetAddress client, String why) {
        ops.metrics().authFailure("api");
        ops.authFailureLimit().record(client);
        ops.audit()
                .record(new AuditEvent(
                        "auth_failure",
                        "denied",
                        event.account(),
                        event.subdomain(),
                        event.domain(),
                        event.client(),
                        null,
                        event.action() + ": " + why));
    }

    // The username header is logged only when it has the shape of one, so a key pasted there never is.
    private static String printable(String user) {
        return user != null && user.matches("[0-9a-fA-F-]{36}") ? user.toLowerCase(java.util.Locale.ROOT) : null;
    }

    private record Change(Account account, TxtValue txt, AuditEvent event) {}
}
