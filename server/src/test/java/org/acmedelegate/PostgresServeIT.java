package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.store.PostgresPerClass;
import org.acmedelegate.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One server on a real PostgreSQL: serving, restarting, a database outage, and start-up faults. */
class PostgresServeIT {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    @TempDir
    Path dir;

    private PostgresConfig database;
    private PostgresNodes nodes;
    private AcmeDelegate server;

    @BeforeEach
    void newDatabase() throws Exception {
        database = POSTGRES.server().newDatabase();
        nodes = new PostgresNodes(database, dir);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesWhatItStoredAndLoadsItAgainAfterARestart() throws Exception {
        server = nodes.start(1, "");
        ApiAndDnsClient client = new ApiAndDnsClient(server);
        Account account = client.register();
        assertThat(client.update(account, ApiAndDnsClient.value(1)).statusCode())
                .isEqualTo(200);
        assertThat(client.txt(account)).containsExactly(ApiAndDnsClient.value(1));
        server.close();
        server = nodes.start(1, "");
        assertThat(new ApiAndDnsClient(server).txt(account)).containsExactly(ApiAndDnsClient.value(1));
        assertThat(storedValues()).containsExactly(ApiAndDnsClient.value(1));
    }

    @Test
    void whileTheDatabaseIsDownDnsAnswersFromMemoryWritesGet503AndReadyIsFalseThenAllRecoversWithoutARestart()
            throws Exception {
        server = nodes.start(1, "");
        ApiAndDnsClient client = new ApiAndDnsClient(server);
        Account account = client.register();
        assertThat(client.update(account, ApiAndDnsClient.value(1)).statusCode())
                .isEqualTo(200);
        POSTGRES.server().stopServer();
        try {
            assertThat(client.txt(account)).containsExactly(ApiAndDnsClient.value(1));
            HttpResponse<String> refused = client.update(account, ApiAndDnsClient.value(2));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("\"error\"");
            assertThat(client.postRegister().statusCode()).isEqualTo(503);
            HttpResponse<String> ready = client.awaitReady(r -> r.statusCode() == 503, Duration.ofSeconds(10));
            assertThat(ready.body()).contains("database_unreachable");
            assertThat(client.txt(account))
                    .as("the refused value is never served")
                    .containsExactly(ApiAndDnsClient.value(1));
        } finally {
            POSTGRES.server().startServer();
        }
        client.awaitReady(r -> r.statusCode() == 200, Duration.ofSeconds(20));
        HttpResponse<String> accepted = client.update(account, ApiAndDnsClient.value(3));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(client.txt(account)).containsExactly(ApiAndDnsClient.value(3), ApiAndDnsClient.value(1));
        assertThat(storedValues()).containsExactlyInAnyOrder(ApiAndDnsClient.value(1), ApiAndDnsClient.value(3));
    }

    @Test
    void aWrongPasswordOrUnreachableDatabaseStopsTheStartWithTheConfigErrorNamingTheKey() throws Exception {
        Path config = dir.resolve("node.toml");
        Files.writeString(config, nodes.toml(1, "", ""));
        Files.writeString(dir.resolve("db-password"), "wrong-password\n");
        assertThat(cli("serve", "--config", config.toString())).isEqualTo(ExitCode.CONFIG.code());
        assertThat(lastErr)
                .startsWith("Error: invalid configuration: store.postgresql.password_file:")
                .doesNotContain("wrong-password");
        assertThat(cli("check-config", "--config", config.toString())).isEqualTo(ExitCode.CONFIG.code());
        assertThat(lastErr).contains("store.postgresql.password_file:");

        Files.writeString(dir.resolve("db-password"), database.password());
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Files.writeString(
                config, nodes.toml(1, "", "").replace(":" + POSTGRES.server().port() + "/", ":" + closed + "/"));
        assertThat(cli("serve", "--config", config.toString())).isEqualTo(ExitCode.CONFIG.code());
        assertThat(lastErr).startsWith("Error: invalid configuration: store.postgresql.url: cannot connect");
    }

    @Test
    void anApiOnlyNodeTakesUpdatesThatADnsOnlyNodeAnswersAndNeitherOpensTheOthersListener() throws Exception {
        String apiOnly = nodes.toml(1, "wait_for = \"all\"", "").replace("[dns]\n", "[dns]\nenabled = false\n");
        String dnsOnly = nodes.toml(2, "wait_for = \"all\"", "").replace("[api]\n", "[api]\nenabled = false\n");
        try (AcmeDelegate api = AcmeDelegate.start(
                        new org.acmedelegate.config.ConfigLoader().parse(apiOnly), java.time.Clock.systemUTC(), true);
                AcmeDelegate dns = AcmeDelegate.start(
                        new org.acmedelegate.config.ConfigLoader().parse(dnsOnly), java.time.Clock.systemUTC(), true)) {
            assertThat(api.dnsUdpAddresses()).isEmpty();
            assertThat(dns.apiPort()).isEqualTo(-1);
            ApiAndDnsClient client = new ApiAndDnsClient(
                    "127.0.0.1", api::apiPort, () -> dns.dnsUdpAddresses().get(0));
            Account account = client.register();
            for (int i = 0; i < 20; i++) {
                assertThat(client.update(account, ApiAndDnsClient.value(i)).statusCode())
                        .isEqualTo(200);
                assertThat(client.txt(account))
                        .as("the DNS node right after the 200")
                        .contains(ApiAndDnsClient.value(i));
            }
            assertThat(api.metrics().scrape()).contains("acme_delegate_cluster_wait_timeouts_total 0.0");
        }
    }

    @Test
    void importAcmeDnsWritesIntoThePostgresqlStoreAndTheSqliteOnlyCommandsRefuseItsConfig() throws Exception {
        Path config = Files.writeString(dir.resolve("node.toml"), nodes.toml(1, "", ""));
        Path source = org.acmedelegate.migrate.AcmeDnsFixture.copy("acme-dns.db", dir);
        assertThat(cli("import-acme-dns", "--config", config.toString(), "--from", source.toString()))
                .as(lastErr)
                .isZero();
        try (Connection c = TestPostgres.connect(database);
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM accounts")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
        assertThat(cli(
                        "backup",
                        "--config",
                        config.toString(),
                        "--to",
                        dir.resolve("copy.db").toString()))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(lastErr).contains("uses PostgreSQL: back it up with pg_dump");
        assertThat(cli("create-database", "--config", config.toString())).isEqualTo(ExitCode.USAGE.code());
        assertThat(lastErr).contains("uses PostgreSQL");
    }

    @Test
    void aDatabaseWhoseSchemaIsNewerThanTheCodeStopsTheStartWithAClearMessage() throws Exception {
        server = nodes.start(1, "");
        server.close();
        server = null;
        try (Connection c = TestPostgres.connect(database)) {
            c.createStatement()
                    .execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                            + " script, checksum, installed_by, execution_time, success) VALUES (50, '50', 'later release',"
                            + " 'SQL', 'V50__later_release.sql', 0, 'test', 0, true)");
        }
        Path config = Files.writeString(dir.resolve("node.toml"), nodes.toml(1, "", ""));
        assertThat(cli("serve", "--config", config.toString())).isEqualTo(ExitCode.STORE.code());
        assertThat(lastErr)
                .contains("Error: the database at " + database.url() + " has schema version 50, newer than"
                        + " this acme-delegate knows");
    }

    private String lastErr;

    private int cli(String... args) {
        ConsoleCapture.Run run = ConsoleCapture.run(args);
        lastErr = run.err();
        return run.code();
    }

    private Set<String> storedValues() throws Exception {
        Set<String> values = new HashSet<>();
        try (Connection c = TestPostgres.connect(database);
                ResultSet rs = c.createStatement().executeQuery("SELECT value FROM txt_values")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
