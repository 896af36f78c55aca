package org.acmedelegate.http;

import static org.acmedelegate.http.PemKeyStoreTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.config.ApiConfig;
import org.acmedelegate.config.Rate;
import org.acmedelegate.config.RegistrationMode;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.TestAccountService;
import org.acmedelegate.store.InMemoryAccountStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS reload, CORS and readiness of the API listener, on 127.0.0.1 port 0. */
class OperationsApiIT {
    @TempDir
    Path dir;

    private Javalin app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private static AccountService service() {
        return TestAccountService.create(
                new InMemoryAccountStore(),
                new ChallengeIndex(RunningApi.ZONE, Clock.systemUTC(), Duration.ZERO, 0),
                TxtConfig.DEFAULT,
                Clock.systemUTC());
    }

    private static Operations ops(boolean ready, Optional<TlsReloader> tls) {
        Clock clock = Clock.systemUTC();
        return new Operations(
                new AuditLog(clock, line -> {}),
                new Metrics(),
                new RateLimiter(Rate.OFF, clock),
                new RateLimiter(Rate.OFF, clock),
                () -> ready ? Readiness.READY : Readiness.notReady("dns_not_listening"),
                Optional.empty(),
                tls);
    }

    private static String certificateKeyAlgorithm(int port) throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            return socket.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm();
        }
    }

    @Test
    void newConnectionsGetTheNewCertificateOnceTheFilesChange() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.copy(resource("rsa-cert.pem"), cert);
        Files.copy(resource("rsa-key.pem"), key);
        TlsReloader reloader = new TlsReloader(cert, key);
        ApiConfig config = new ApiConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.of(cert),
                Optional.of(key),
                List.of(),
                false,
                4,
                RunningApi.MAX_BODY);
        app = ApiApp.create(config, service(), RunningApi.ZONE, ops(true, Optional.of(reloader)))
                .start();
        assertThat(certificateKeyAlgorithm(app.port())).isEqualTo("RSA");
        assertThat(reloader.reloadIfChanged()).as("nothing changed yet").isFalse();

        // A half-done renewal (new certificate, old key) is refused and the old pair kept.
        Files.copy(resource("ec-chain.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
        assertThat(reloader.reloadIfChanged()).isFalse();
        assertThat(certificateKeyAlgorithm(app.port())).isEqualTo("RSA");

        Files.copy(resource("ec-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
        assertThat(reloader.reloadIfChanged()).isTrue();
        assertThat(certificateKeyAlgorithm(app.port())).isEqualTo("EC");
    }

    @Test
    void corsIsOffUnlessOriginsAreConfigured() throws Exception {
        try (RunningApi plain = RunningApi.start()) {
            HttpResponse<String> r = plain.send(
                    "OPTIONS",
                    "/register",
                    null,
                    "Origin",
                    "https://panel.example.com",
                    "Access-Control-Request-Method",
                    "POST");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
        ApiConfig config = new ApiConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                false,
                4,
                RunningApi.MAX_BODY,
                RegistrationMode.OPEN,
                List.of(),
                List.of("https://panel.example.com"),
                ApiConfig.DEFAULT_TLS_RELOAD);
        app = ApiApp.create(config, service(), RunningApi.ZONE, ops(true, Optional.empty()))
                .start();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> r = client.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + app.port() + "/register"))
                        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://panel.example.com")
                        .header("Access-Control-Request-Method", "POST")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("https://panel.example.com");
    }

    @Test
    void readyAnswers503WhileTheServerIsNotReady() throws Exception {
        app = ApiApp.create(
                        RunningApi.config(List.of(), false), service(), RunningApi.ZONE, ops(false, Optional.empty()))
                .start();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> r = client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.port() + "/ready"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"ready\":false,\"reason\":\"dns_not_listening\"}");
    }
}
