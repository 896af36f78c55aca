package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AcmeDelegateClientIT {
    private static final TxtValue VALUE = new TxtValue("_" + "x".repeat(41) + "-");

    private FakeApiServer server;
    private final AcmeDelegateClient client = new AcmeDelegateClient(null);

    @BeforeEach
    void start() throws Exception {
        server = new FakeApiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Account account() {
        return new Account(
                FakeApiServer.USERNAME,
                FakeApiServer.PASSWORD,
                FakeApiServer.FULLDOMAIN,
                FakeApiServer.SUBDOMAIN,
                List.of(),
                server.url());
    }

    @Test
    void registerPostsAnEmptyBodyAndReturnsTheAccountWithTheServerUrl() throws Exception {
        Account account = client.register(server.url() + "/", List.of(), null, null);
        assertThat(account.fullDomain()).isEqualTo(FakeApiServer.FULLDOMAIN);
        assertThat(account.username()).isEqualTo(FakeApiServer.USERNAME);
        assertThat(account.serverUrl()).isEqualTo(server.url());
        assertThat(server.requests())
                .singleElement()
                .satisfies(r ->
                        assertThat(r.method() + " " + r.path() + " " + r.body()).isEqualTo("POST /register "));
    }

    @Test
    void registerSendsAllowFrom() throws Exception {
        client.register(server.url(), List.of("192.0.2.0/24", "2001:db8::/32"), null, null);
        assertThat(server.requests().get(0).body()).isEqualTo("{\"allowfrom\":[\"192.0.2.0/24\",\"2001:db8::/32\"]}");
    }

    @Test
    void updatePostsSubdomainAndTxtWithTheCredentialHeaders() throws Exception {
        client.update(account(), VALUE);
        FakeApiServer.Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/update");
        assertThat(r.user()).isEqualTo(FakeApiServer.USERNAME);
        assertThat(r.key()).isEqualTo(FakeApiServer.PASSWORD);
        assertThat(r.body()).isEqualTo("{\"subdomain\":\"" + FakeApiServer.SUBDOMAIN + "\",\"txt\":\"" + VALUE + "\"}");
    }

    @Test
    void deleteSendsTheSameRequestWithDelete() throws Exception {
        client.delete(account(), VALUE);
        FakeApiServer.Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("DELETE");
        assertThat(r.path()).isEqualTo("/update");
        assertThat(r.key()).isEqualTo(FakeApiServer.PASSWORD);
        assertThat(r.body()).contains(VALUE.value());
    }

    @Test
    void unauthorizedIsItsOwnErrorWithoutThePassword() {
        server.answer(401, "{\"error\":\"forbidden\"}");
        assertThatThrownBy(() -> client.update(account(), VALUE))
                .isInstanceOf(HookException.class)
                .hasMessageContaining("401 forbidden")
                .hasMessageContaining(server.url() + "/update")
                .hasMessageNotContaining(FakeApiServer.PASSWORD)
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.UNAUTHORIZED);
    }

    @Test
    void badRequestNamesTheErrorCode() {
        server.answer(400, "{\"error\":\"bad_subdomain\"}");
        assertThatThrownBy(() -> client.delete(account(), VALUE))
                .hasMessageContaining("400 bad_subdomain")
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.SERVER_REJECTED);
    }

    @Test
    void closedRegistrationSaysAnAdministratorMakesAccountsAndHowToImportOne() {
        server.answer(404, "");
        assertThatThrownBy(() -> client.register(server.url(), List.of(), "example.com", null))
                .hasMessageContaining("registration is closed on " + server.url())
                .hasMessageContaining("acme-delegate accounts create --domain example.com")
                .hasMessageContaining("acme-delegate-hook add-account --domain example.com --from FILE");
    }

    @Test
    void tokenModeWithoutATokenSaysHowToGiveOne() {
        server.answer(401, "{\"error\":\"unauthorized\"}");
        assertThatThrownBy(() -> client.register(server.url(), List.of(), null, null))
                .hasMessageContaining("needs a registration token (HTTP 401 unauthorized)")
                .hasMessageContaining("--token-file FILE (or set ACME_DELEGATE_REGISTRATION_TOKEN)")
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.UNAUTHORIZED);
    }

    @Test
    void aWrongTokenIsNamedAsSuchAndNeverShown() {
        server.answer(401, "{\"error\":\"unauthorized\"}");
        assertThatThrownBy(() -> client.register(server.url(), List.of(), "example.com", "wrong-token"))
                .hasMessageContaining("refused the registration token")
                .hasMessageNotContaining("wrong-token");
        assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer wrong-token");
        assertThat(server.requests().get(0).body()).isEqualTo("{\"domain\":\"example.com\",\"allowfrom\":[]}");
    }

    @Test
    void aTokenForOtherDomainsIsExplained() {
        server.answer(403, "{\"error\":\"domain_not_allowed\"}");
        assertThatThrownBy(() -> client.register(server.url(), List.of(), "example.com", "t"))
                .hasMessageContaining("refused to register example.com with this token (HTTP 403 domain_not_allowed)");
    }

    @Test
    void aRegisterAnswerWithoutAnAccountIsRejected() {
        for (String body : new String[] {"", "null", "[]", "{\"username\": \"u\"}", "<html>"}) {
            server.answer(201, body);
            assertThatThrownBy(() -> client.register(server.url(), List.of(), null, null))
                    .as(body)
                    .hasMessage(
                            server.url() + " answered /register without a usable account (is it an acme-dns server?)")
                    .extracting(e -> ((HookException) e).exitCode())
                    .isEqualTo(ExitCode.SERVER_REJECTED);
        }
    }

    @Test
    void anErrorCodeIsTakenOnlyFromAStringErrorMember() {
        server.answer(400, "{\"error\": 400, \"detail\": {\"error\": \"nested\"}}");
        assertThatThrownBy(() -> client.update(account(), VALUE)).hasMessageEndingWith("HTTP 400 (no error code)");
        server.answer(400, "{\"error\": \"first\", \"error\": \"bad_txt\"}");
        assertThatThrownBy(() -> client.update(account(), VALUE))
                .hasMessageEndingWith("HTTP 400 bad_txt: the TXT value is not 43 base64url characters");
    }

    @Test
    void anUnreachableServerIsReportedWithItsUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        assertThatThrownBy(() -> client.register(url, List.of(), null, null))
                .hasMessageContaining("cannot reach the acme-delegate server at " + url)
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.SERVER_UNREACHABLE);
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        assertThatThrownBy(() -> client.register("auth.example.org", List.of(), null, null))
                .hasMessageContaining("not an http(s) URL")
                .extracting(e -> ((HookException) e).exitCode())
                .isEqualTo(ExitCode.USAGE);
    }
}
