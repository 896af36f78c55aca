package org.acmedelegate.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.DomainName;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.audit.AuditEvent;
import org.acmedelegate.config.RegistrationMode;
import org.acmedelegate.config.RegistrationToken;
import org.acmedelegate.service.AccountService;
import org.xbill.DNS.Name;

/**
 * {@code POST /register}: creates an account and answers {@code 201} with its credentials as one
 * compact JSON line whose key order matches acme-dns, because acme.sh picks the values out with sed.
 * In {@code token} mode the caller needs {@code Authorization: Bearer <token>}; the body may name the
 * {@code domain} the account serves, which a token limited to domain suffixes requires, and
 * {@code "tsig": true} asks for a TSIG key for RFC 2136 updates, which the reply then holds once under {@code tsig}.
 */
final class RegisterHandler {
    private final AccountService service;
    private final RequestBody body;
    private final String zone;
    private final ClientAddress clientAddress;
    private final RegistrationMode mode;
    private final List<RegistrationToken> tokens;
    private final Operations ops;
    private final Optional<TsigHandout> tsig;

    RegisterHandler(
            AccountService service,
            RequestBody body,
            Name zone,
            ClientAddress clientAddress,
            RegistrationMode mode,
            List<RegistrationToken> tokens,
            Operations ops,
            Optional<TsigHandout> tsig) {
        this.service = service;
        this.body = body;
        this.zone = zone.toString(true).toLowerCase(Locale.ROOT);
        this.clientAddress = clientAddress;
        this.mode = mode;
        this.tokens = List.copyOf(tokens);
        this.ops = ops;
        this.tsig = tsig;
    }

    void register(Context ctx) {
        InetAddress client = clientAddress.of(ctx);
        AuditEvent event = AuditEvent.of("register", "ok", client.getHostAddress());
        int wait = ops.registerLimit().acquire(client);
        if (wait > 0) {
            ops.metrics().refused("register");
            ops.audit()
                    .record(event.detail("too many registrations from this address")
                            .withResult("rate_limited"));
            throw new ApiException(
                    ErrorCode.TOO_MANY_REQUESTS, "registration rate limit for " + client.getHostAddress(), wait);
        }
        Optional<RegistrationToken> token = Optional.empty();
        if (mode == RegistrationMode.TOKEN) {
            int blocked = ops.authFailureLimit().retryAfter(client);
            if (blocked > 0) {
                ops.metrics().refused("auth_failures");
                ops.audit().record(event.withResult("rate_limited").detail("too many failed logins"));
                throw new ApiException(
                        ErrorCode.TOO_MANY_REQUESTS, "failed-login limit for " + client.getHostAddress(), blocked);
            }
            token = token(ctx.header("Authorization"));
            if (token.isEmpty()) {
                ops.metrics().authFailure("registration");
                ops.authFailureLimit().record(client);
                ops.audit().record(event.withResult("denied").detail("missing or wrong registration token"));
                throw new ApiException(
                        ErrorCode.UNAUTHORIZED, "registration without a valid token from " + client.getHostAddress());
            }
            event = event.actor("token:" + token.get().name());
        }
        try {
            JsonBody json = JsonBody.parse(body.read(ctx.req()));
            AllowFrom allowFrom = AllowFrom.parse(json.strings("allowfrom").orElse(List.of()));
            Optional<String> domain = json.string("domain").map(DomainName::normalize);
            if (token.isPresent() && !token.get().domains().isEmpty()) {
                List<String> suffixes = token.get().domains();
                if (domain.isEmpty() || suffixes.stream().noneMatch(s -> DomainName.isUnder(domain.get(), s))) {
                    ops.audit()
                            .record(event.domain(domain.orElse(null))
                                    .withResult("denied")
                                    .detail("domain not allowed for this token"));
                    throw new ApiException(
                            ErrorCode.DOMAIN_NOT_ALLOWED,
                            "token " + token.get().name() + " may not register " + domain.orElse("without a domain"));
                }
            }
            boolean wantsTsig = json.flag("tsig");
            if (wantsTsig && tsig.isEmpty()) {
                throw new ApiException(ErrorCode.MALFORMED_JSON, "this server hands out no TSIG keys");
            }
            NewCredentials credentials = service.register(allowFrom, domain);
            Map<String, Object> reply = reply(credentials, zone, allowFrom);
            if (wantsTsig) {
                AccountTsigKey key = tsig.get().keys().issue(credentials.username(), credentials.subdomain());
                reply.put("tsig", tsig.get().texts().fields(key));
            }
            ops.metrics().registered("api");
            ops.audit()
                    .record(event.account(credentials.username().toString())
                            .subdomain(credentials.subdomain().value())
                            .domain(domain.orElse(null))
                            .detail(wantsTsig ? "with TSIG key" : null));
            Responses.json(ctx, 201, reply);
        } catch (ApiException e) {
            if (e.error() != ErrorCode.DOMAIN_NOT_ALLOWED) {
                ops.audit()
                        .record(event.withResult(e.error().status() >= 500 ? "error" : "invalid")
                                .detail(e.error().code()));
            }
            throw e;
        }
    }

    // Every token is compared in constant time, so timing does not tell how much of a guess was right.
    private Optional<RegistrationToken> token(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] offered = sha256(authorization.substring(7).strip());
        RegistrationToken match = null;
        for (RegistrationToken t : tokens) {
            if (MessageDigest.isEqual(offered, sha256(t.token()))) {
                match = t;
            }
        }
        return Optional.ofNullable(match);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new account as /register answers it (acme-dns's keys, in its order); the admin API adds to it. */
    static Map<String, Object> reply(NewCredentials credentials, String zone, AllowFrom allowFrom) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("username", credentials.username().toString());
        reply.put("password", credentials.password());
        reply.put("fulldomain", credentials.subdomain().value() + "." + zone);
        reply.put("subdomain", credentials.subdomain().value());
        reply.put("allowfrom", allowFrom.asStrings());
        return reply;
    }
}
