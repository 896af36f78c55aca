package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts bound to a domain, and the check of their _acme-challenge CNAME against a DNS server the test runs. */
class DomainBindingIT {
    private static final String TOKEN = OperationsIT.ADMIN_TOKEN;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private FakeParentDns parent;
    private AcmeDelegate server;

    @BeforeEach
    void start() throws Exception {
        parent = new FakeParentDns();
        server = AcmeDelegate.start(
                LoopbackConfig.with(dir.resolve("db.sqlite"), """
                [admin]
                listen = "127.0.0.1:0"
                token = "%s"
                [cname_check]
                resolver = "127.0.0.1:%d"
                """.formatted(
                                TOKEN, parent.address().getPort())),
                Clock.systemUTC(),
                true);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        parent.close();
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return json.readTree(r.body());
    }

    @Test
    void reportsOkMissingAndElsewherePerAccountWithTheTimeOfTheCheck() throws Exception {
        JsonNode good = admin("POST", "/accounts", "{\"domain\":\"good.example\"}");
        JsonNode wrong = admin("POST", "/accounts", "{\"domain\":\"wrong.example\"}");
        JsonNode missing = admin("POST", "/accounts", "{\"domain\":\"missing.example\"}");
        JsonNode unbound = admin("POST", "/accounts", "{}");
        parent.cname("_acme-challenge.good.example", good.get("fulldomain").asText());
        parent.cname("_acme-challenge.wrong.example", "someone-else.auth.example.net");

        JsonNode ok = admin("POST", "/accounts/" + good.get("username").asText() + "/check-cname", null)
                .get("cname");
        assertThat(ok.get("status").asText()).isEqualTo("ok");
        assertThat(ok.get("checked").asText()).isNotEmpty();
        JsonNode elsewhere = admin("POST", "/accounts/" + wrong.get("username").asText() + "/check-cname", null)
                .get("cname");
        assertThat(elsewhere.get("status").asText()).isEqualTo("elsewhere");
        assertThat(elsewhere.get("target").asText()).isEqualTo("someone-else.auth.example.net.");
        assertThat(admin("POST", "/accounts/" + missing.get("username").asText() + "/check-cname", null)
                        .get("cname")
                        .get("status")
                        .asText())
                .isEqualTo("missing");
        assertThat(admin("POST", "/accounts/" + unbound.get("username").asText() + "/check-cname", null)
                        .get("cname")
                        .get("status")
                        .asText())
                .isEqualTo("unbound");

        // The results are kept and listed per account.
        JsonNode listed = admin("GET", "/accounts?q=good.example", null).get("accounts");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("cname").get("status").asText()).isEqualTo("ok");

        // Binding another domain drops the old result until the next check.
        JsonNode rebound = admin(
                "PUT", "/accounts/" + good.get("username").asText() + "/domain", "{\"domain\":\"other.example\"}");
        assertThat(rebound.get("domain").asText()).isEqualTo("other.example");
        assertThat(rebound.get("cname").get("status").asText()).isEqualTo("unchecked");
        assertThat(admin("GET", "/accounts/" + good.get("username").asText(), null)
                        .get("cname")
                        .get("status")
                        .asText())
                .isEqualTo("unchecked");
        assertThat(Files.readString(dir.resolve("audit.log")))
                .contains(
                        "\"action\":\"admin.check_cname\"",
                        "\"detail\":\"ok\"",
                        "\"detail\":\"elsewhere\"",
                        "\"action\":\"admin.set_domain\"");
    }
}
