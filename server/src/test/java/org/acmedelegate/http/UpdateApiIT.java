package org.acmedelegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateApiIT {
    static final String TXT = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";
    static final String OTHER_TXT = "9rQq3pj5j2-jJ0e8QJ0d0w5yK7rY4o1l3cF6pVhT0aA";
    private static final String FORBIDDEN = "{\"error\":\"forbidden\"}";

    @RegisterExtension
    static final RunningApi api = RunningApi.perClass();

    @Test
    void publishesTheValueForDnsBeforeAnswering() {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response = api.update(account, account.updateBody(TXT));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"txt\":\"" + TXT + "\"}");
        assertThat(api.txtAt(account)).containsExactly(TXT);
    }

    @Test
    void deleteWithdrawsOnlyThatValue() {
        RunningApi.Registered account = api.register();
        api.update(account, account.updateBody(TXT));
        api.update(account, account.updateBody(OTHER_TXT));

        HttpResponse<String> response =
                api.send("DELETE", "/update", account.updateBody(TXT), RunningApi.withAuth(account));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"txt\":\"" + TXT + "\"}");
        assertThat(api.txtAt(account)).containsExactly(OTHER_TXT);
    }

    @Test
    void deleteOfAnAbsentValueStillAnswers200() {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response =
                api.send("DELETE", "/update", account.updateBody(TXT), RunningApi.withAuth(account));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.txtAt(account)).isEmpty();
    }

    @Test
    void refusesARequestWithoutCredentials() {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response = api.send("POST", "/update", account.updateBody(TXT));

        assertForbidden(response);
    }

    @Test
    void refusesAUsernameThatIsNotAUuid() {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response = api.send(
                "POST", "/update", account.updateBody(TXT), "X-Api-User", "admin", "X-Api-Key", account.password());

        assertForbidden(response);
    }

    @Test
    void refusesAnUnknownUser() {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response = api.send(
                "POST",
                "/update",
                account.updateBody(TXT),
                "X-Api-User",
                UUID.randomUUID().toString(),
                "X-Api-Key",
                account.password());

        assertForbidden(response);
    }

    @Test
    void refusesAWrongKey() {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response = api.send(
                "POST",
                "/update",
                account.updateBody(TXT),
                "X-Api-User",
                account.username(),
                "X-Api-Key",
                "x".repeat(40));

        assertForbidden(response);
        assertThat(api.txtAt(account)).isEmpty();
    }

    @Test
    void refusesAnUpdateOfAnotherAccountsSubdomain() {
        RunningApi.Registered mine = api.register();
        RunningApi.Registered theirs = api.register();

        HttpResponse<String> response = api.update(mine, theirs.updateBody(TXT));

        assertForbidden(response);
        assertThat(api.txtAt(theirs)).isEmpty();
    }

    @Test
    void refusesAClientOutsideAllowfrom() {
        RunningApi.Registered account = api.register("{\"allowfrom\":[\"192.0.2.0/24\"]}");

        HttpResponse<String> response = api.update(account, account.updateBody(TXT));

        assertForbidden(response);
    }

    @Test
    void acceptsAClientInsideAllowfrom() {
        RunningApi.Registered account = api.register("{\"allowfrom\":[\"192.0.2.0/24\",\"127.0.0.0/8\"]}");

        assertThat(api.update(account, account.updateBody(TXT)).statusCode()).isEqualTo(200);
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        RunningApi.Registered account = api.register("{\"allowfrom\":[\"192.0.2.0/24\"]}");

        HttpResponse<String> response = api.update(account, account.updateBody(TXT), "X-Forwarded-For", "192.0.2.5");

        assertForbidden(response);
    }

    @Test
    void believesForwardedForFromATrustedProxy() {
        try (RunningApi proxied = RunningApi.start(RunningApi.config(List.of("127.0.0.0/8"), false))) {
            RunningApi.Registered account = proxied.register("{\"allowfrom\":[\"192.0.2.0/24\"]}");

            HttpResponse<String> response =
                    proxied.update(account, account.updateBody(TXT), "X-Forwarded-For", "192.0.2.5");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(proxied.txtAt(account)).containsExactly(TXT);
        }
    }

    @Test
    void takesTheRightMostUntrustedForwardedAddress() {
        try (RunningApi proxied = RunningApi.start(RunningApi.config(List.of("127.0.0.0/8", "10.0.0.0/8"), false))) {
            RunningApi.Registered spoofed = proxied.register("{\"allowfrom\":[\"192.0.2.0/24\"]}");
            RunningApi.Registered real = proxied.register("{\"allowfrom\":[\"198.51.100.0/24\"]}");
            String chain = "192.0.2.5, 198.51.100.7, 10.1.1.1";

            assertForbidden(proxied.update(spoofed, spoofed.updateBody(TXT), "X-Forwarded-For", chain));
            assertThat(proxied.update(real, real.updateBody(TXT), "X-Forwarded-For", chain)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void authenticatesBeforeLookingAtTheBody() {
        RunningApi.Registered account = api.register();

        HttpResponse<String> response =
                api.send("POST", "/update", "{not json", "X-Api-User", account.username(), "X-Api-Key", "wrong");

        assertForbidden(response);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "[]",
                "7",
                "{\"subdomain\":42,\"txt\":\"x\"}",
                "{\"txt\":[\"a\"]}",
                "{\"subdomain\":{}}"
            })
    void refusesAMalformedBodyOfAnAuthenticatedCaller(String body) {
        RunningApi.Registered account = api.register();

        assertError(api.update(account, body), 400, "malformed_json_payload");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"txt\":\"" + TXT + "\"}",
                "{\"subdomain\":\"\",\"txt\":\"" + TXT + "\"}",
                "{\"subdomain\":\"-bad-\",\"txt\":\"" + TXT + "\"}",
                "{\"subdomain\":\"a.b\",\"txt\":\"" + TXT + "\"}"
            })
    void refusesASubdomainThatIsNotALabel(String body) {
        RunningApi.Registered account = api.register();

        assertError(api.update(account, body), 400, "bad_subdomain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", TXT + "A", "LHDhK3oGRvkiefQnx7OOczTY5Tic/xZ6HcMOc+gmtoM"})
    void refusesATxtThatIsNotAChallengeDigest(String txt) {
        RunningApi.Registered account = api.register();

        assertError(api.update(account, account.updateBody(txt)), 400, "bad_txt");
    }

    @Test
    void refusesAMissingTxt() {
        RunningApi.Registered account = api.register();

        assertError(api.update(account, "{\"subdomain\":\"" + account.subdomain() + "\"}"), 400, "bad_txt");
    }

    @Test
    void refusesAnUpdateBodyOverTheLimitWith413() {
        RunningApi.Registered account = api.register();
        String body = "{\"subdomain\":\"" + account.subdomain() + "\",\"txt\":\"" + TXT + "\",\"pad\":\""
                + " ".repeat(RunningApi.MAX_BODY) + "\"}";

        assertError(api.update(account, body), 413, "payload_too_large");
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(FORBIDDEN);
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"" + code + "\"}");
    }
}
