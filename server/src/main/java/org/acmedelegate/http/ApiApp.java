package org.acmedelegate.http;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.acmedelegate.config.ApiConfig;
import org.acmedelegate.service.AccountService;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.xbill.DNS.Name;

/**
 * Builds the acme-dns compatible HTTP API as an unstarted Javalin app: {@code POST /register},
 * {@code POST|DELETE /update}, {@code GET /health}. Start it with {@code app.start()}, read the bound
 * port with {@code app.port()}, stop it with {@code app.stop()}.
 */
public final class ApiApp {
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    // Clients with a trailing slash in their base URL send "//update", which acme-dns accepts. Jetty 12's
    // DEFAULT refuses empty segments; Javalin would set LEGACY, which also lets through encoded separators
    // and dot segments. This allows exactly the one violation needed.
    private static final UriCompliance URI_COMPLIANCE =
            UriCompliance.DEFAULT.with("acme-dns", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT);

    private ApiApp() {
    }

    /**
     * @param zone the delegated zone; {@code fulldomain} is {@code <subdomain>.<zone>} in lower case
     * @throws IllegalArgumentException if TLS is configured and its PEM files cannot be used
     */
    public static Javalin create(ApiConfig config, AccountService service, Name zone) {
        Optional<SslContextFactory.Server> tls = tls(config);
        RequestBody body = new RequestBody(config.maxBodyBytes());
        RegisterHandler register = new RegisterHandler(service, body, zone);
        UpdateHandler update = new UpdateHandler(service, new ClientAddress(config.trustedProxies()), body);

        return Javalin.create(app -> {
            app.startup.showJavalinBanner = false;
            app.startup.showOldJavalinVersionWarning = false;
            app.startup.startupWatcherEnabled = false;
            app.router.ignoreTrailingSlashes = true;
            app.router.treatMultipleSlashesAsSingleSlash = true;
            app.http.prefer405over404 = true;
            app.http.generateEtags = false;
            app.http.maxRequestSize = config.maxBodyBytes();

            app.jetty.addConnector((server, http) -> {
                configure(http);
                ServerConnector connector = tls
                        .map(ssl -> TlsConnector.create(server, http, ssl))
                        .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(http)));
                connector.setHost(config.listen().getHostString());
                connector.setPort(config.listen().getPort());
                connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                return connector;
            });
            ErrorResponses.install(app);

            if (!config.disableRegistration()) {
                app.routes.post("/register", register::register);
            }
            app.routes.post("/update", update::publish);
            app.routes.delete("/update", update::withdraw);
            // acme-dns answers its health check with an empty 200.
            app.routes.get("/health", ctx -> ctx.status(200));
        });
    }

    private static Optional<SslContextFactory.Server> tls(ApiConfig config) {
        if (config.tlsCert().isEmpty() && config.tlsKey().isEmpty()) {
            return Optional.empty();
        }
        Path cert = config.tlsCert()
                .orElseThrow(() -> new IllegalArgumentException("TLS key given without certificate"));
        Path key = config.tlsKey()
                .orElseThrow(() -> new IllegalArgumentException("TLS certificate given without key"));
        return Optional.of(TlsConnector.sslContext(cert, key));
    }

    private static void configure(HttpConfiguration http) {
        http.setUriCompliance(URI_COMPLIANCE);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    }
}
