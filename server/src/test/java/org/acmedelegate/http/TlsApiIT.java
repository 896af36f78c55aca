package org.acmedelegate.http;

import static org.acmedelegate.http.PemKeyStoreTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.acmedelegate.config.ApiConfig;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.TestAccountService;
import org.acmedelegate.store.InMemoryAccountStore;
import org.junit.jupiter.api.Test;

class TlsApiIT {

    private static Javalin startTls(String cert, String key) {
        ApiConfig config = new ApiConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.of(resource(cert)),
                Optional.of(resource(key)),
                List.of(),
                false,
                4,
                RunningApi.MAX_BODY);
        AccountService service = TestAccountService.create(
                new InMemoryAccountStore(),
                new ChallengeIndex(RunningApi.ZONE, Clock.systemUTC(), Duration.ZERO, 0),
                TxtConfig.DEFAULT,
                Clock.systemUTC());
        return ApiApp.create(config, service, RunningApi.ZONE, TestOperations.none())
                .start();
    }

    private static HttpClient trusting(String caFile, String... protocols) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(resource(caFile))) {
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1);
        if (protocols.length > 0) {
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(protocols);
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private static HttpResponse<String> post(HttpClient client, Javalin app, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheApiOverHttpsWithAnRsaCertificate() throws Exception {
        Javalin app = startTls("rsa-cert.pem", "rsa-key.pem");
        try {
            HttpResponse<String> response = post(trusting("rsa-cert.pem"), app, "/register");

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).startsWith("{\"username\":\"");
        } finally {
            app.stop();
        }
    }

    @Test
    void servesTheWholeEcChainSoClientsTrustingOnlyTheCaConnect() throws Exception {
        Javalin app = startTls("ec-chain.pem", "ec-key.pem");
        try {
            assertThat(post(trusting("ca-cert.pem", "TLSv1.2"), app, "/register")
                            .statusCode())
                    .isEqualTo(201);
            assertThat(post(trusting("ca-cert.pem", "TLSv1.3"), app, "/register")
                            .statusCode())
                    .isEqualTo(201);
        } finally {
            app.stop();
        }
    }

    @Test
    void doesNotAnswerPlainHttpOnTheTlsPort() throws Exception {
        Javalin app = startTls("rsa-cert.pem", "rsa-key.pem");
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(reply).doesNotStartWith("HTTP/1.1 200");
        } finally {
            app.stop();
        }
    }

    @Test
    void isRefusedByAClientThatDoesNotTrustTheCertificate() {
        Javalin app = startTls("rsa-cert.pem", "rsa-key.pem");
        try {
            assertThatThrownBy(() -> post(trusting("ca-cert.pem"), app, "/register"))
                    .isInstanceOf(IOException.class);
        } finally {
            app.stop();
        }
    }
}
