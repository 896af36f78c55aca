package org.acmedelegate.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Javalin configuration the API and the admin listener share: one connector on the configured address
 * (TLS when given) with the idle timeout and no server version header, quiet start-up, trailing slashes
 * ignored, 405 before 404, no ETags, JSON errors, per-route request metrics, {@code /health} and
 * {@code /ready}.
 */
final class HttpListener {
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private HttpListener() {}

    /**
     * @param name the listener's label in the request metrics
     * @param http settings of this listener's own beyond the shared ones
     */
    static void configure(
            JavalinConfig app,
            String name,
            InetSocketAddress listen,
            Optional<SslContextFactory.Server> tls,
            Consumer<HttpConfiguration> http,
            Operations ops) {
        app.startup.showJavalinBanner = false;
        app.startup.showOldJavalinVersionWarning = false;
        app.startup.startupWatcherEnabled = false;
        app.router.ignoreTrailingSlashes = true;
        app.http.prefer405over404 = true;
        app.http.generateEtags = false;
        app.jetty.addConnector((server, httpConfig) -> {
            httpConfig.setSendServerVersion(false);
            httpConfig.setSendXPoweredBy(false);
            httpConfig.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            http.accept(httpConfig);
            ServerConnector connector = tls.map(ssl -> TlsConnector.create(server, httpConfig, ssl))
                    .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(httpConfig)));
            connector.setHost(listen.getHostString());
            connector.setPort(listen.getPort());
            connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            return connector;
        });
        ErrorResponses.install(app);
        app.requestLogger.http((ctx, ms) -> ops.metrics().httpRequest(name, route(ctx), ctx.statusCode(), ms / 1000.0));
        // acme-dns answers its health check with an empty 200.
        app.routes.get("/health", ctx -> ctx.status(200));
        app.routes.get("/ready", ctx -> ready(ctx, ops));
    }

    /**
     * 200 when the store can take writes and DNS listens, else 503 with the reason: for load balancers
     * and orchestrators.
     */
    private static void ready(Context ctx, Operations ops) {
        Readiness readiness = ops.ready().get();
        if (readiness.ready()) {
            Responses.json(ctx, 200, Map.of("ready", true));
        } else {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("ready", false);
            reply.put("reason", readiness.problem().get());
            Responses.json(ctx, 503, reply);
        }
    }

    /** The matched route's path template, so metrics have one series per route, not per URL. */
    private static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
