package org.acmedelegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegisterApiIT {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @RegisterExtension
    static final RunningApi api = RunningApi.perClass();

    @Test
    void answersWithOneCompactLineInAcmeDnsKeyOrder() {
        HttpResponse<String> response = api.send("POST", "/register", null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .matches("\\{\"username\":\"(" + UUID + ")\",\"password\":\"[A-Za-z0-9_-]{40}\"," + "\"fulldomain\":\"("
                        + UUID + ")\\.auth\\.example\\.org\",\"subdomain\":\"\\2\",\"allowfrom\":\\[]}");
        RunningApi.Registered account = RunningApi.Registered.parse(response.body());
        assertThat(account.username()).isNotEqualTo(account.subdomain());
    }

    @Test
    void registersTheNewSubdomainForDnsAtOnce() {
        RunningApi.Registered account = api.register();

        assertThat(api.txtAt(account)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   \r\n\t ",
                "null",
                "{}",
                "{\"unknown\":[1,{\"x\":null}]}",
                "{\"allowfrom\":null}",
                "{\"allowfrom\":[]}"
            })
    void acceptsBodiesThatAskForNoAllowfrom(String body) {
        HttpResponse<String> response = api.send("POST", "/register", body);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).endsWith(",\"allowfrom\":[]}");
    }

    @Test
    void echoesAllowfromAsNormalisedCidrs() {
        HttpResponse<String> response =
                api.send("POST", "/register", "{\"allowfrom\":[\"192.0.2.7/24\", \" 198.51.100.1/32\"]}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).endsWith(",\"allowfrom\":[\"192.0.2.0/24\",\"198.51.100.1/32\"]}");
    }

    @Test
    void matchesTheAllowfromKeyCaseInsensitively() {
        HttpResponse<String> response = api.send("POST", "/register", "{\"AllowFrom\":[\"192.0.2.0/24\"]}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).endsWith(",\"allowfrom\":[\"192.0.2.0/24\"]}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"allowfrom\":[\"192.0.2.0\"]}",
                "{\"allowfrom\":[\"192.0.2.0/33\"]}",
                "{\"allowfrom\":[\"example.org/24\"]}",
                "{\"allowfrom\":[\"\"]}"
            })
    void refusesAllowfromThatIsNotCidr(String body) {
        HttpResponse<String> response = api.send("POST", "/register", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_allowfrom_cidr\"}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"allowfrom\":\"192.0.2.0/24\"}",
                "{\"allowfrom\":[24]}",
                "{\"allowfrom\":{}}",
                "[]",
                "42",
                "\"text\"",
                "{",
                "{\"allowfrom\":[]} trailing",
                "allowfrom=192.0.2.0/24"
            })
    void refusesBodiesThatAreNotTheExpectedJson(String body) {
        HttpResponse<String> response = api.send("POST", "/register", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"malformed_json_payload\"}");
    }

    @Test
    void refusesABodyOverTheLimitWith413() {
        String body = "{\"allowfrom\":[], \"pad\":\"" + "x".repeat(RunningApi.MAX_BODY) + "\"}";

        HttpResponse<String> response = api.send("POST", "/register", body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"error\":\"payload_too_large\"}");
    }

    @Test
    void answers404WhenRegistrationIsDisabled() {
        try (RunningApi closed = RunningApi.start(RunningApi.config(List.of(), true))) {
            HttpResponse<String> response = closed.send("POST", "/register", "{}");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"error\":\"not_found\"}");
        }
    }

    @Test
    void answersGetOnRegisterWith405() {
        HttpResponse<String> response = api.send("GET", "/register", null);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).isEqualTo("{\"error\":\"method_not_allowed\"}");
    }
}
