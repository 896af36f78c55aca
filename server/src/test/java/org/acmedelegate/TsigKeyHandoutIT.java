package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.acmedelegate.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TSIG keys handed out by the real server: {@code /register} with {@code "tsig": true}, the admin API and
 * the {@code accounts tsig} command (create, rotate, remove), each secret shown once and never in the
 * audit log or in the database file.
 */
class TsigKeyHandoutIT {
    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdef0123";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private AcmeDelegate server;
    private Path configFile;

    @BeforeEach
    void start() throws Exception {
        String toml = LoopbackConfig.toml(dir.resolve("data/acme-delegate.db"), """
                [admin]
                listen = "127.0.0.1:0"
                token = "%s"
                """.formatted(ADMIN_TOKEN));
        server = AcmeDelegate.start(
                new ConfigLoader().parse(toml), new TestClock(Instant.parse("2026-03-01T10:00:00Z")), true);
        configFile = Files.writeString(
                dir.resolve("cli.toml"),
                toml.replace(
                        "listen = \"127.0.0.1:0\"\ntoken", "listen = \"127.0.0.1:" + server.adminPort() + "\"\ntoken"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return TestHttp.send(server.adminPort(), method, path, null, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private String cli(String... args) {
        String[] full = java.util.Arrays.copyOf(args, args.length + 2);
        full[args.length] = "--config";
        full[args.length + 1] = configFile.toString();
        ConsoleCapture.Run run = ConsoleCapture.run(full);
        assertThat(run.code()).as(run.err()).isZero();
        return run.out();
    }

    private String everythingStored() throws Exception {
        Path audit = dir.resolve("data/audit.log");
        return (Files.exists(audit) ? Files.readString(audit) : "")
                + new String(Files.readAllBytes(dir.resolve("data/acme-delegate.db")), StandardCharsets.ISO_8859_1);
    }

    @Test
    void registerWithTsigAnswersTheKeyOnceBesideTheAcmeDnsFields() throws Exception {
        HttpResponse<String> r = TestHttp.send(server.apiPort(), "POST", "/register", "{\"tsig\": true}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode reply = json.readTree(r.body());
        String subdomain = reply.get("subdomain").asText();
        JsonNode tsig = reply.get("tsig");
        assertThat(tsig.get("name").asText()).isEqualTo(subdomain + ".auth.example.org.");
        assertThat(tsig.get("algorithm").asText()).isEqualTo("hmac-sha256");
        String secret = tsig.get("secret").asText();
        assertThat(Base64.getDecoder().decode(secret)).hasSize(32);
        assertThat(tsig.get("certbot_ini").asText())
                .contains(
                        "dns_rfc2136_server = 127.0.0.1\n",
                        "dns_rfc2136_name = " + subdomain + ".auth.example.org.\n",
                        "dns_rfc2136_secret = " + secret + "\n",
                        "dns_rfc2136_algorithm = HMAC-SHA256\n");
        assertThat(r.body()).startsWith("{\"username\":");
        assertThat(everythingStored()).doesNotContain(secret);

        JsonNode plain = json.readTree(
                TestHttp.send(server.apiPort(), "POST", "/register", "{}").body());
        assertThat(plain.has("tsig")).isFalse();
        assertThat(TestHttp.send(server.apiPort(), "POST", "/register", "{\"tsig\": \"yes\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theAdminCreatesRotatesAndRemovesTheKeyOfAnExistingAccount() throws Exception {
        JsonNode account = json.readTree(
                TestHttp.send(server.apiPort(), "POST", "/register", "{}").body());
        String id = account.get("username").asText();
        HttpResponse<String> created = admin("POST", "/accounts/" + id + "/tsig");
        assertThat(created.statusCode()).isEqualTo(201);
        String first = json.readTree(created.body()).get("secret").asText();
        assertThat(json.readTree(admin("GET", "/accounts/" + id).body())
                        .get("tsig_key")
                        .asText())
                .isEqualTo(account.get("subdomain").asText() + ".auth.example.org.");

        HttpResponse<String> rotated = admin("POST", "/accounts/" + id + "/tsig");
        assertThat(rotated.statusCode()).isEqualTo(200);
        String second = json.readTree(rotated.body()).get("secret").asText();
        assertThat(second).isNotEqualTo(first);

        String printed = cli("accounts", "tsig", id);
        String third = printed.replaceAll("(?s).*dns_rfc2136_secret = (\\S+).*", "$1");
        assertThat(third).isNotIn(first, second).hasSize(44);
        assertThat(printed)
                .contains(
                        "key \"" + account.get("subdomain").asText() + ".auth.example.org.\" {\n",
                        "    algorithm hmac-sha256;\n",
                        "    secret \"" + third + "\";\n");

        assertThat(cli("accounts", "tsig", id, "--remove", "--json")).contains("\"tsig\":\"removed\"");
        assertThat(json.readTree(admin("GET", "/accounts/" + id).body())
                        .get("tsig_key")
                        .isNull())
                .isTrue();
        assertThat(admin("DELETE", "/accounts/" + id + "/tsig").statusCode()).isEqualTo(404);
        String stored = everythingStored();
        assertThat(stored).doesNotContain(first).doesNotContain(second).doesNotContain(third);
        assertThat(stored).contains("\"action\":\"admin.tsig_key\"");
    }
}
