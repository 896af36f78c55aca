package org.acmedelegate.http;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.config.ApiConfig;
import org.acmedelegate.config.RegistrationMode;
import org.acmedelegate.service.AccountService;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.xbill.DNS.Name;

/**
 * Builds the acme-dns compatible HTTP API as an unstarted Javalin app: {@code POST /register},
 * {@code POST|DELETE /update}, {@code GET /health}. Start it with {@code app.start()}, read the bound
 * port with {@code app.port()}, stop it with {@code app.stop()}.
 */
public final class ApiApp {
    // Clients with a trailing slash in their base URL send "//update", which acme-dns accepts. Jetty 12's
    // DEFAULT refuses empty segments; Javalin would set LEGACY, which also lets through encoded separators
    // and dot segments. This allows exactly the one violation needed.
    private static final UriCompliance URI_COMPLIANCE =
            UriCompliance.DEFAULT.with("acme-dns", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT);

    private ApiApp() {}

    /**
     * The API with registration control, audit, metrics and limits from {@code ops}; TLS comes from
     * {@code ops.tls()} when given (reloadable), else from the config's PEM files.
     *
     * @param zone the delegated zone; {@code fulldomain} is {@code <subdomain>.<zone>} in lower case
     * @throws IllegalArgumentException if TLS is configured and its PEM files cannot be used
     */
    public static Javalin create(ApiConfig config, AccountService service, Name zone, Operations ops) {
        return create(config, service, zone, ops, Optional.empty());
    }

    /** As above; with {@code tsig}, {@code /register} hands out a TSIG key when the body asks {@code "tsig": true}. */
    public static Javalin create(
            ApiConfig config, AccountService service, Name zone, Operations ops, Optional<TsigHandout> tsig) {
        Optional<SslContextFactory.Server> tls =
                ops.tls().isPresent() ? Optional.of(ops.tls().get().sslContext()) : tls(config);
        RequestBody body = new RequestBody(config.maxBodyBytes());
        ClientAddress clients = new ClientAddress(config.trustedProxies());
        RegisterHandler register = new RegisterHandler(
                service, body, zone, clients, config.registration(), config.registrationTokens(), ops, tsig);
        UpdateHandler update = new UpdateHandler(service, clients, body, ops);

        return Javalin.create(app -> {
            HttpListener.configure(
                    app, "api", config.listen(), tls, http -> http.setUriCompliance(URI_COMPLIANCE), ops);
            app.router.treatMultipleSlashesAsSingleSlash = true;
            app.http.maxRequestSize = config.maxBodyBytes();
            if (!config.corsOrigins().isEmpty()) {
                app.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    if (config.corsOrigins().contains("*")) {
                        rule.anyHost();
                    } else {
                        List<String> origins = config.corsOrigins();
                        rule.allowHost(
                                origins.get(0),
                                origins.subList(1, origins.size()).toArray(String[]::new));
                    }
                }));
            }

            app.routes.before("/update", ctx -> ops.requireAuditLog());
            if (config.registration() != RegistrationMode.CLOSED) {
                app.routes.before("/register", ctx -> ops.requireAuditLog());
                app.routes.post("/register", register::register);
            }
            app.routes.post("/update", update::publish);
            app.routes.delete("/update", update::withdraw);
        });
    }

    private static Optional<SslContextFactory.Server> tls(ApiConfig config) {
        if (config.tlsCert().isEmpty() && config.tlsKey().isEmpty()) {
            return Optional.empty();
        }
        Path cert =
                config.tlsCert().orElseThrow(() -> new IllegalArgumentException("TLS key given without certificate"));
        Path key = config.tlsKey().orElseThrow(() -> new IllegalArgumentException("TLS certificate given without key"));
        return Optional.of(TlsConnector.sslContext(cert, key));
    }
}
