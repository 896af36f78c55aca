package org.acmedelegate.http;

import static org.acmedelegate.http.UpdateApiIT.TXT;
import static org.acmedelegate.http.UpdateApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingApiIT {
    @RegisterExtension
    static final RunningApi api = RunningApi.perClass();

    @Test
    void answersHealthWithAnEmpty200() {
        HttpResponse<String> response = api.send("GET", "/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/nothing", "/update/extra", "/register.php", "/health/x"})
    void answersUnknownRoutesWithJson404(String path) {
        assertError(api.send("GET", path, null), 404, "not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "PATCH"})
    void answersOtherMethodsOnUpdateWith405(String method) {
        assertError(api.send(method, "/update", null), 405, "method_not_allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//register", "/register/", "//register/"})
    void registersOnPathsWithExtraSlashes(String path) {
        HttpResponse<String> response = api.send("POST", path, null);

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//update", "/update/", "//update/"})
    void updatesOnPathsWithExtraSlashes(String path) {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response = api.send("POST", path, account.updateBody(TXT), RunningApi.withAuth(account));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.txtAt(account)).containsExactly(TXT);
    }

    @Test
    void acceptsAnEmptyPathSegmentSentByteForByte() {
        String reply = api.raw(
                "POST //register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n" + "Connection: close\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 201 ");
        assertThat(reply).contains("\"allowfrom\":[]}");
    }

    @Test
    void readsAFormContentTypeAsJson() {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response = api.send(
                "POST",
                "/update",
                account.updateBody(TXT),
                RunningApi.withAuth(account, "Content-Type", "application/x-www-form-urlencoded"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.txtAt(account)).containsExactly(TXT);
    }

    @Test
    void answersARequestJettyCannotParseWithJsonNotHtml() {
        String reply = api.raw("POST /register HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Junk: " + "a".repeat(20_000)
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 431 ");
        assertThat(reply).doesNotContainIgnoringCase("<html");
        assertThat(reply).contains("Content-Type: application/json");
        assertThat(reply).endsWith("{\"error\":\"bad_request\"}");
    }

    @Test
    void answersAnUnparsableRequestLineWithJsonNotHtml() {
        String reply = api.raw("THIS IS NOT HTTP\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 400 ");
        assertThat(reply).doesNotContainIgnoringCase("<html");
        assertThat(reply).endsWith("{\"error\":\"bad_request\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/update/%2F..%2F", "/%2e%2e/etc/passwd", "/../register"})
    void answersAUriJettyRefusesWithJsonNotHtml(String path) {
        String reply = api.raw(
                "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n" + "Connection: close\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 400 ");
        assertThat(reply).doesNotContainIgnoringCase("<html");
        assertThat(reply).endsWith("{\"error\":\"bad_request\"}");
    }

    @Test
    void answersAStoreFailureWithDbErrorAndNoDetail() {
        FailingAccountStore store = new FailingAccountStore();
        try (RunningApi broken = RunningApi.start(RunningApi.config(java.util.List.of(), false), store)) {
            RunningApi.Registered account = broken.register();
            store.startFailing();

            HttpResponse<String> update = broken.update(account, account.updateBody(TXT));
            HttpResponse<String> register = broken.send("POST", "/register", null);

            assertError(update, 500, "db_error");
            assertError(register, 500, "db_error");
            assertThat(update.body() + register.body()).doesNotContain("SQLITE", "secret", "/var/lib");
        }
    }

    @Test
    void answersAnUnexpectedFailureWithInternalErrorAndNoDetail() {
        FailingAccountStore store = new FailingAccountStore();
        try (RunningApi broken = RunningApi.start(RunningApi.config(java.util.List.of(), false), store)) {
            RunningApi.Registered account = broken.register();
            store.startCrashing();

            HttpResponse<String> update = broken.update(account, account.updateBody(TXT));

            assertError(update, 500, "internal_error");
            assertThat(update.body()).doesNotContain("SQLITE", "secret", "IllegalState");
        }
    }

    @Test
    void refusesAChunkedBodyOverTheLimitWhileReadingIt() {
        String chunk = "x".repeat(1000);
        StringBuilder request = new StringBuilder("POST /register HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (int i = 0; i <= RunningApi.MAX_BODY / chunk.length(); i++) {
            request.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        request.append("0\r\n\r\n");

        String reply = api.raw(request.toString());

        assertThat(reply).startsWith("HTTP/1.1 413 ");
        assertThat(reply).contains("{\"error\":\"payload_too_large\"}");
    }

    @Test
    void closesConnectionsIdleForThirtySeconds() {
        var connectors = api.app.jettyServer().server().getConnectors();

        assertThat(connectors).hasSize(1);
        assertThat(((org.eclipse.jetty.server.ServerConnector) connectors[0]).getIdleTimeout())
                .isEqualTo(30_000);
    }
}
