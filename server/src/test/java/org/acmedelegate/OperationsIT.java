package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The security reviewer's walk on the real server: registration modes, every admin action through the
 * CLI and the admin API, seen from DNS and from the API, the audit lines each step leaves, the
 * metrics moving, the limits tripping and recovering, and no secret in any log.
 */
class OperationsIT {
    static final String ADMIN_TOKEN = "admin-token-0123456789abcdef0123";
    static final String TEAM_TOKEN = "team-a-token-0123456789";
    static final String ANY_TOKEN = "any-domain-token-987654321";
    private static final String VALUE_A = "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU";
    private static final String VALUE_B = "v4i3Ae8rxNaHlcWUwubeLqxP7LV7xbCNglz8w9NVPI8";

    private final ObjectMapper json = new ObjectMapper();
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<String> secrets = new ArrayList<>();

    @TempDir
    Path dir;

    private AcmeDelegate server;
    private Path configFile;
    private ListAppender<ILoggingEvent> logs;
    private Level oldLevel;

    private ServerConfig start(String extra) throws Exception {
        // "extra" may hold [api] keys and further tables, so [admin] comes after it.
        String toml = LoopbackConfig.toml(dir.resolve("data/acme-delegate.db"), extra + """

                [admin]
                listen = "127.0.0.1:0"
                token = "%s"
                """.formatted(ADMIN_TOKEN));
        ServerConfig config = new ConfigLoader().parse(toml);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        oldLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        server = AcmeDelegate.start(config, clock, true);
        // The CLI reads the same file; its admin listen must name the port the server really got.
        configFile = Files.writeString(
                dir.resolve("cli.toml"),
                toml.replace(
                        "[admin]\nlisten = \"127.0.0.1:0\"",
                        "[admin]\nlisten = \"127.0.0.1:" + server.adminPort() + "\""));
        return config;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (logs != null) {
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(logs);
            root.setLevel(oldLevel);
            String everything =
                    logs.list.stream().map(ILoggingEvent::getFormattedMessage).reduce("", (a, b) -> a + "\n" + b) + "\n"
                            + auditText();
            for (String secret : secrets) {
                assertThat(everything).as("a secret in the logs").doesNotContain(secret);
            }
            assertThat(everything)
                    .doesNotContain(ADMIN_TOKEN)
                    .doesNotContain(TEAM_TOKEN)
                    .doesNotContain(ANY_TOKEN)
                    .doesNotContain("$2a$");
        }
    }

    private String auditText() throws Exception {
        Path audit = dir.resolve("data/audit.log");
        return Files.exists(audit) ? Files.readString(audit) : "";
    }

    private List<JsonNode> audit() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : auditText().split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    private List<String> auditActions() throws Exception {
        return audit().stream()
                .map(n -> n.get("action").asText() + ":" + n.get("result").asText())
                .toList();
    }

    private HttpResponse<String> api(String method, String path, String body, String... headers) throws Exception {
        return TestHttp.send(server.apiPort(), method, path, body, headers);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return TestHttp.send(server.adminPort(), method, path, body, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private HttpResponse<String> update(JsonNode account, String key, String value) throws Exception {
        return api(
                "POST",
                "/update",
                "{\"subdomain\":\"" + account.get("subdomain").asText() + "\",\"txt\":\"" + value + "\"}",
                "X-Api-User",
                account.get("username").asText(),
                "X-Api-Key",
                key);
    }

    private Message dns(JsonNode account) throws Exception {
        Name name = Name.fromString(account.get("fulldomain").asText() + ".");
        return DnsTestClient.udp(server.dnsUdpAddresses().get(0), DnsTestClient.query(name, Type.TXT));
    }

    private static List<String> txt(Message answer) {
        return DnsTestClient.txt(answer);
    }

    /** Runs the CLI in-process as a script would ({@code --json}); returns stdout, and asserts the exit code. */
    private String cli(int expectedExit, String... args) {
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return cliAsTyped(expectedExit, args[0].equals("accounts") && args.length > 1 ? withJson : args);
    }

    /** Runs the CLI in-process as given (tables by default); returns stdout and stderr. */
    private String cliAsTyped(int expectedExit, String... args) {
        String[] full = java.util.Arrays.copyOf(args, args.length + 2);
        full[args.length] = "--config";
        full[args.length + 1] = configFile.toString();
        ConsoleCapture.Run run = ConsoleCapture.run(full);
        assertThat(run.code()).as("exit code; stderr: " + run.err()).isEqualTo(expectedExit);
        return run.out() + run.err();
    }

    private double metric(String series) throws Exception {
        String text = TestHttp.send(server.adminPort(), "GET", "/metrics", null).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        return 0;
    }

    @Test
    void closedRegistrationAdministratorWalkthrough() throws Exception {
        start("registration = \"closed\"");
        assertThat(api("POST", "/register", "").statusCode()).isEqualTo(404);

        // create, through the CLI
        JsonNode account = json.readTree(cli(0, "accounts", "create", "--domain", "Example.COM"));
        String key = account.get("password").asText();
        secrets.add(key);
        assertThat(account.get("domain").asText()).isEqualTo("example.com");
        assertThat(account.get("fulldomain").asText()).endsWith(".auth.example.org");
        assertThat(metric("acme_delegate_registrations_total{via=\"admin\"}")).isEqualTo(1.0);
        // the import line holds exactly what the hook's account file holds, the server URL included
        String importLine = account.get("import").asText();
        assertThat(importLine).startsWith("acme-delegate-account:");
        JsonNode handed = json.readTree(java.util.Base64.getUrlDecoder().decode(importLine.substring(22)));
        assertThat(handed.get("password").asText()).isEqualTo(key);
        assertThat(handed.get("fulldomain").asText())
                .isEqualTo(account.get("fulldomain").asText());
        assertThat(handed.get("server_url").asText()).startsWith("http://127.0.0.1:");
        Path importFile = dir.resolve("example.com.import");
        JsonNode second = json.readTree(cli(
                0,
                "accounts",
                "create",
                "--domain",
                "www.example.com",
                "--server-url",
                "https://auth.example.org",
                "--import-file",
                importFile.toString()));
        secrets.add(second.get("password").asText());
        assertThat(Files.readString(importFile).strip())
                .isEqualTo(second.get("import").asText());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(importFile)))
                .isEqualTo("rw-------");
        assertThat(new String(
                        java.util.Base64.getUrlDecoder()
                                .decode(second.get("import").asText().substring(22)),
                        StandardCharsets.UTF_8))
                .contains("\"server_url\":\"https://auth.example.org\"");
        cli(0, "accounts", "delete", second.get("username").asText());

        // the account works, and DNS answers
        assertThat(update(account, key, VALUE_A).statusCode()).isEqualTo(200);
        assertThat(txt(dns(account))).containsExactly(VALUE_A);

        // by default an operator reads tables, without secrets in the list
        String table = cliAsTyped(0, "accounts", "list");
        assertThat(table.lines().findFirst().orElseThrow())
                .matches("USERNAME +DOMAIN +SUBDOMAIN +ALLOWFROM +VALUES +LAST UPDATE +CNAME +STATE");
        assertThat(table)
                .contains(account.get("username").asText())
                .contains("example.com")
                .doesNotContain(key);
        assertThat(cliAsTyped(0, "accounts", "show", account.get("username").asText()))
                .containsPattern("(?m)^fulldomain +" + account.get("fulldomain").asText() + "$")
                .containsPattern("(?m)^cname\\.status +unchecked$");

        // list and show: live values, no secrets
        String listed = cli(0, "accounts", "list", "--search", "example.com");
        assertThat(listed)
                .contains(account.get("username").asText())
                .contains(VALUE_A)
                .contains("\"domain\":\"example.com\"")
                .contains("\"last_update\":\"2026-03-01T10:00:00Z\"")
                .doesNotContain(key)
                .doesNotContain("$2a$");
        assertThat(cli(0, "accounts", "list", "--search", "nothing-like-this")).isBlank();
        JsonNode shown = json.readTree(
                cli(0, "accounts", "show", account.get("subdomain").asText()));
        assertThat(shown.get("cname").get("status").asText()).isEqualTo("unchecked");
        assertThat(shown.has("password")).isFalse();

        // rotate: the old key fails at once, the new one works
        JsonNode rotated = json.readTree(
                cli(0, "accounts", "rotate-key", account.get("username").asText()));
        String newKey = rotated.get("password").asText();
        secrets.add(newKey);
        assertThat(newKey).isNotEqualTo(key);
        assertThat(update(account, key, VALUE_B).statusCode()).isEqualTo(401);
        assertThat(update(account, newKey, VALUE_B).statusCode()).isEqualTo(200);
        assertThat(txt(dns(account))).containsExactlyInAnyOrder(VALUE_A, VALUE_B);

        // disable: no updates and no answers; enable brings the values back
        cli(0, "accounts", "disable", account.get("username").asText());
        assertThat(txt(dns(account))).isEmpty();
        assertThat(update(account, newKey, VALUE_A).statusCode()).isEqualTo(401);
        cli(0, "accounts", "enable", account.get("username").asText());
        assertThat(txt(dns(account))).containsExactlyInAnyOrder(VALUE_A, VALUE_B);

        // allowfrom: outside the networks the key is refused
        cli(0, "accounts", "set-allowfrom", account.get("username").asText(), "192.0.2.0/24");
        assertThat(update(account, newKey, VALUE_A).statusCode()).isEqualTo(401);
        cli(0, "accounts", "set-allowfrom", account.get("username").asText());
        assertThat(update(account, newKey, VALUE_A).statusCode()).isEqualTo(200);

        // domain binding through the CLI; without a resolver configured, a CNAME check is refused
        assertThat(json.readTree(cli(
                                0,
                                "accounts",
                                "set-domain",
                                account.get("username").asText(),
                                "www.example.com"))
                        .get("domain")
                        .asText())
                .isEqualTo("www.example.com");
        assertThat(cli(1, "accounts", "check-cname", account.get("username").asText()))
                .contains("Error: admin API answered 503");

        // delete: the name is gone from DNS at once, and from the admin API
        cli(0, "accounts", "delete", account.get("username").asText());
        assertThat(dns(account).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(admin("GET", "/accounts/" + account.get("username").asText(), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(cli(1, "accounts", "show", account.get("username").asText()))
                .contains("Error: admin API answered 404");

        assertThat(auditActions())
                .containsSubsequence(
                        "admin.create:ok",
                        "update:ok",
                        "admin.list:ok",
                        "admin.show:ok",
                        "admin.rotate_key:ok",
                        "auth_failure:denied",
                        "update:ok",
                        "admin.disable:ok",
                        "auth_failure:denied",
                        "admin.enable:ok",
                        "admin.set_allowfrom:ok",
                        "auth_failure:denied",
                        "admin.set_allowfrom:ok",
                        "update:ok",
                        "admin.set_domain:ok",
                        "admin.delete:ok",
                        "admin.show:not_found");
        for (JsonNode line : audit()) {
            assertThat(line.has("time")).isTrue();
            assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
        }
        JsonNode created = audit().get(0);
        assertThat(created.get("account").asText())
                .isEqualTo(account.get("username").asText());
        assertThat(created.get("domain").asText()).isEqualTo("example.com");
        assertThat(created.get("actor").asText()).isEqualTo("admin");

        assertThat(metric("acme_delegate_dns_queries_total{rcode=\"NOERROR\",transport=\"udp\",type=\"TXT\"}"))
                .isGreaterThanOrEqualTo(4);
        assertThat(metric("acme_delegate_dns_queries_total{rcode=\"NXDOMAIN\",transport=\"udp\",type=\"TXT\"}"))
                .isEqualTo(1);
        assertThat(metric("acme_delegate_auth_failures_total{kind=\"api\"}")).isEqualTo(3);
        assertThat(metric("acme_delegate_http_requests_total{listener=\"api\",route=\"/update\",status=\"200\"}"))
                .isEqualTo(3);
        assertThat(metric("acme_delegate_txt_values")).isEqualTo(0);
        assertThat(TestHttp.send(server.adminPort(), "GET", "/metrics", null).body())
                .contains("acme_delegate_dns_answer_duration_seconds_count{transport=\"udp\"}")
                .contains("acme_delegate_store_operation_duration_seconds_count{operation=\"put_txt\"}");
    }

    @Test
    void tokenRegistrationNeedsAValidTokenAndKeepsToItsDomains() throws Exception {
        start("""
                registration = "token"
                [[api.registration_tokens]]
                name = "team-a"
                token = "%s"
                domains = ["example.com"]
                [[api.registration_tokens]]
                name = "anything"
                token = "%s"
                """.formatted(TEAM_TOKEN, ANY_TOKEN));
        HttpResponse<String> none = api("POST", "/register", "{\"domain\":\"example.com\"}");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        HttpResponse<String> wrong = api("POST", "/register", "", "Authorization", "Bearer not-" + TEAM_TOKEN);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json.readTree(admin("GET", "/accounts", null).body()).get("accounts"))
                .isEmpty();

        HttpResponse<String> ok =
                api("POST", "/register", "{\"domain\":\"www.Example.com\"}", "Authorization", "Bearer " + TEAM_TOKEN);
        assertThat(ok.statusCode()).isEqualTo(201);
        secrets.add(json.readTree(ok.body()).get("password").asText());
        assertThat(api("POST", "/register", "{\"domain\":\"example.org\"}", "Authorization", "Bearer " + TEAM_TOKEN)
                        .body())
                .isEqualTo("{\"error\":\"domain_not_allowed\"}");
        assertThat(api("POST", "/register", "", "Authorization", "Bearer " + TEAM_TOKEN)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> any = api("POST", "/register", "", "Authorization", "Bearer " + ANY_TOKEN);
        assertThat(any.statusCode()).isEqualTo(201);
        secrets.add(json.readTree(any.body()).get("password").asText());

        JsonNode accounts =
                json.readTree(admin("GET", "/accounts", null).body()).get("accounts");
        assertThat(accounts).hasSize(2);
        assertThat(accounts.findValuesAsText("domain")).contains("www.example.com");
        assertThat(auditActions())
                .containsSubsequence(
                        "register:denied",
                        "register:denied",
                        "register:ok",
                        "register:denied",
                        "register:denied",
                        "register:ok");
        JsonNode firstOk = audit().stream()
                .filter(n -> n.get("action").asText().equals("register")
                        && n.get("result").asText().equals("ok"))
                .findFirst()
                .orElseThrow();
        assertThat(firstOk.get("actor").asText()).isEqualTo("token:team-a");
        assertThat(firstOk.get("domain").asText()).isEqualTo("www.example.com");
        assertThat(metric("acme_delegate_auth_failures_total{kind=\"registration\"}"))
                .isEqualTo(2);
    }

    @Test
    void openRegistrationStaysAcmeDnsCompatibleAndTakesAnOptionalDomain() throws Exception {
        start("");
        HttpResponse<String> plain = api("POST", "/register", "");
        assertThat(plain.statusCode()).isEqualTo(201);
        assertThat(plain.body()).startsWith("{\"username\":");
        secrets.add(json.readTree(plain.body()).get("password").asText());
        HttpResponse<String> bound = api("POST", "/register", "{\"domain\":\"Example.NET.\"}");
        assertThat(bound.statusCode()).isEqualTo(201);
        secrets.add(json.readTree(bound.body()).get("password").asText());
        assertThat(api("POST", "/register", "{\"domain\":\"not a domain\"}").body())
                .isEqualTo("{\"error\":\"bad_domain\"}");
        JsonNode shown = json.readTree(admin(
                        "GET",
                        "/accounts/"
                                + json.readTree(bound.body()).get("username").asText(),
                        null)
                .body());
        assertThat(shown.get("domain").asText()).isEqualTo("example.net");
        assertThat(metric("acme_delegate_registrations_total{via=\"api\"}")).isEqualTo(2);
    }

    @Test
    void theServersOwnRegistrationIsListedAsReservedAndCannotBeChanged() throws Exception {
        Path db = dir.resolve("data/acme-delegate.db");
        try (var store = org.acmedelegate.store.SqliteAccountStore.open(db, true)) {
            store.create(new org.acmedelegate.account.Account(
                    java.util.UUID.randomUUID(),
                    new org.acmedelegate.account.KeyHasher(4).hash("a key nobody knows"),
                    org.acmedelegate.account.Subdomain.API_CERTIFICATE,
                    org.acmedelegate.account.AllowFrom.ANY,
                    clock.instant().minusSeconds(60)));
        }
        start("registration = \"closed\"");
        JsonNode other = json.readTree(cli(0, "accounts", "create"));
        secrets.add(other.get("password").asText());

        JsonNode listed = json.readTree(admin("GET", "/accounts", null).body()).get("accounts");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).get("subdomain").asText()).isEqualTo("acme-delegate-api-certificate");
        assertThat(listed.get(0).get("reserved").asBoolean()).isTrue();
        assertThat(listed.get(1).get("reserved").asBoolean()).isFalse();
        assertThat(cliAsTyped(0, "accounts", "list").lines())
                .anyMatch(line -> line.contains("acme-delegate-api-certificate") && line.endsWith("reserved"))
                .anyMatch(line -> line.contains(other.get("subdomain").asText()) && line.endsWith("enabled"));

        String id = "/accounts/acme-delegate-api-certificate";
        for (String[] change : new String[][] {
            {"DELETE", id, null},
            {"POST", id + "/rotate-key", null},
            {"PUT", id + "/allowfrom", "{\"allowfrom\":[\"192.0.2.0/24\"]}"},
            {"PUT", id + "/domain", "{\"domain\":\"example.com\"}"},
            {"POST", id + "/disable", null},
            {"POST", id + "/enable", null},
            {"POST", id + "/tsig", null}
        }) {
            HttpResponse<String> refused = admin(change[0], change[1], change[2]);
            assertThat(refused.statusCode()).as(change[0] + " " + change[1]).isEqualTo(409);
            assertThat(refused.body()).contains("reserved");
        }
        assertThat(cliAsTyped(1, "accounts", "delete", "acme-delegate-api-certificate"))
                .contains("409")
                .contains("reserved for the server's own API certificate");
        JsonNode after = json.readTree(admin("GET", id, null).body());
        assertThat(after.get("disabled").asBoolean()).isFalse();
        assertThat(after.get("allowfrom")).isEmpty();
        assertThat(after.get("domain").isNull()).isTrue();
        assertThat(auditActions()).contains("admin.delete:refused", "admin.disable:refused");
        // Every other account stays the administrator's to change.
        assertThat(admin("POST", "/accounts/" + other.get("username").asText() + "/disable", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theAdminApiRefusesRequestsWithoutTheTokenAndAuditsThem() throws Exception {
        start("");
        assertThat(TestHttp.send(server.adminPort(), "GET", "/accounts", null).statusCode())
                .isEqualTo(401);
        assertThat(TestHttp.send(server.adminPort(), "DELETE", "/accounts/x", null, "Authorization", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        assertThat(auditActions()).containsExactly("auth_failure:denied", "auth_failure:denied");
        assertThat(metric("acme_delegate_auth_failures_total{kind=\"admin\"}")).isEqualTo(2);
        assertThat(TestHttp.send(server.adminPort(), "GET", "/health", null).statusCode())
                .isEqualTo(200);
        assertThat(TestHttp.send(server.adminPort(), "GET", "/ready", null).body())
                .isEqualTo("{\"ready\":true}");
        assertThat(api("GET", "/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void registrationLimitTripsPerClientAndRecovers() throws Exception {
        start("[limits]\nregister = \"2/1h\"\n[api.x]".replace("\n[api.x]", ""));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = api("POST", "/register", "");
            assertThat(r.statusCode()).isEqualTo(201);
            secrets.add(json.readTree(r.body()).get("password").asText());
        }
        HttpResponse<String> limited = api("POST", "/register", "");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("{\"error\":\"too_many_requests\"}");
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1, 1801);
        clock.advance(Duration.ofMinutes(31));
        HttpResponse<String> again = api("POST", "/register", "");
        assertThat(again.statusCode()).isEqualTo(201);
        secrets.add(json.readTree(again.body()).get("password").asText());
        assertThat(auditActions()).contains("register:rate_limited");
        assertThat(metric("acme_delegate_http_rate_limited_total{limit=\"register\"}"))
                .isEqualTo(1);
    }

    @Test
    void failedLoginsTripTheLimitBeforeAnyKeyIsCheckedAndItRecovers() throws Exception {
        start("[limits]\nauth_failures = \"2/10m\"");
        JsonNode account = json.readTree(api("POST", "/register", "").body());
        String key = account.get("password").asText();
        secrets.add(key);
        assertThat(update(account, "wrong-key-1", VALUE_A).statusCode()).isEqualTo(401);
        assertThat(update(account, "wrong-key-2", VALUE_A).statusCode()).isEqualTo(401);
        HttpResponse<String> limited = update(account, key, VALUE_A);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        clock.advance(Duration.ofMinutes(5));
        assertThat(update(account, key, VALUE_A).statusCode()).isEqualTo(200);
        assertThat(auditActions())
                .containsSubsequence("auth_failure:denied", "auth_failure:denied", "update:rate_limited", "update:ok");
    }

    @Test
    void theCliSaysWhenNoServerIsRunning() throws Exception {
        start("");
        server.close();
        server = null;
        assertThat(cli(ExitCode.UNAVAILABLE.code(), "accounts", "list")).contains("Error: cannot reach the admin API");
    }
}
