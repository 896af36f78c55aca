package org.acmedelegate.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.IpLiteral;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
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

    UpdateHandler(AccountService service, ClientAddress clientAddress, RequestBody body) {
        this.service = service;
        this.clientAddress = clientAddress;
        this.body = body;
    }

    void publish(Context ctx) {
        Change change = accept(ctx);
        service.publish(change.account(), change.txt());
        Responses.json(ctx, 200, Map.of("txt", change.txt().value()));
    }

    void withdraw(Context ctx) {
        Change change = accept(ctx);
        service.withdraw(change.account(), change.txt());
        Responses.json(ctx, 200, Map.of("txt", change.txt().value()));
    }

    // The order of the checks is acme-dns's: who, then well-formed, then whose subdomain, then what value.
    private Change accept(Context ctx) {
        Account account = service.authenticate(ctx.header(USER_HEADER), ctx.header(KEY_HEADER), client(ctx));
        JsonBody json = JsonBody.parse(body.read(ctx.req()));
        // Both fields are read before either is judged, so a wrong JSON type is always malformed_json_payload.
        String subdomainText = json.string("subdomain").orElse(null);
        String txtText = json.string("txt").orElse(null);
        Subdomain subdomain = new Subdomain(subdomainText);
        if (!subdomain.equals(account.subdomain())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "user " + account.username()
                    + " may not update subdomain " + subdomain);
        }
        return new Change(account, new TxtValue(txtText));
    }

    private InetAddress client(Context ctx) {
        InetAddress peer = IpLiteral.parse(ctx.req().getRemoteAddr());
        List<String> forwarded = Collections.list(ctx.req().getHeaders(FORWARDED_FOR));
        return clientAddress.resolve(peer, forwarded);
    }

    private record Change(Account account, TxtValue txt) {
    }
}
