package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.config.StoreConfig;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.PostgresAccountStore;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.PostgresPerClass;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * {@code migrate-store} from SQLite to PostgreSQL and back, with the credentials clients already hold: API
 * keys, and TSIG keys, which stay sealed and open on the target with the same secrets key file.
 */
class MigrateStoreIT {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    @TempDir
    Path dir;

    private String out;
    private String err;

    @Test
    void copiesEveryAccountAndValueToPostgresqlAndBackAndClientsKeepTheirCredentials() throws Exception {
        Path sqlite = dir.resolve("data/acme-delegate.db");
        Account kept;
        Account disabled;
        JsonNode tsig;
        try (AcmeDelegate server =
                AcmeDelegate.start(LoopbackConfig.with(sqlite, "[txt]\nmax_values = 3\n"), Clock.systemUTC(), true)) {
            ApiAndDnsClient client = new ApiAndDnsClient(server);
            kept = client.register();
            disabled = client.register();
            tsig = new ObjectMapper()
                    .readTree(client.postRegister("{\"tsig\": true}").body());
            for (int i = 0; i < 4; i++) {
                assertThat(client.update(kept, ApiAndDnsClient.value(i)).statusCode())
                        .isEqualTo(200);
            }
            assertThat(client.update(disabled, ApiAndDnsClient.value(9)).statusCode())
                    .isEqualTo(200);
        }
        try (SqliteAccountStore store = SqliteAccountStore.open(sqlite)) {
            var account = store.findByUsername(java.util.UUID.fromString(disabled.username()))
                    .orElseThrow();
            store.update(account.withDisabled(true).withDomain(Optional.of("example.com")));
            store.recordCnameCheck(
                    account.username(),
                    new CnameCheck(
                            CnameCheck.Status.OK,
                            Optional.of(disabled.fulldomain() + "."),
                            java.time.Instant.parse("2026-02-01T00:00:00Z")));
        }
        PostgresConfig pg = POSTGRES.server().newDatabase();
        Path password = Files.writeString(dir.resolve("pg-password"), pg.password());

        assertThat(cli(
                        "migrate-store",
                        "--from",
                        "sqlite:" + sqlite,
                        "--to",
                        "postgresql:" + pg.url(),
                        "--pg-user",
                        pg.user(),
                        "--pg-password-file",
                        password.toString(),
                        "--max-values",
                        "3"))
                .as(err)
                .isZero();
        assertThat(out).contains("copied 3 accounts, 4 TXT values and 1 TSIG keys");
        assertSameContents(sqlite, pg);
        String secret = tsig.get("tsig").get("secret").asText();
        try (PostgresDatabase db = PostgresDatabase.open(pg);
                Connection c = db.pool().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT sealed_secret FROM tsig_keys")) {
            assertThat(rs.next()).isTrue();
            assertThat(Base64.getEncoder().encodeToString(rs.getBytes(1)))
                    .as("still sealed in PostgreSQL")
                    .doesNotContain(secret);
            assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(Base64.getDecoder().decode(secret), StandardCharsets.ISO_8859_1));
        }

        Path back = dir.resolve("back/acme-delegate.db");
        assertThat(cli(
                        "migrate-store",
                        "--from",
                        "postgresql:" + pg.url(),
                        "--to",
                        "sqlite:" + back,
                        "--pg-user",
                        pg.user(),
                        "--pg-password-file",
                        password.toString(),
                        "--max-values",
                        "3"))
                .as(err)
                .isZero();
        assertSameContents(back, pg);

        PostgresNodes nodes = new PostgresNodes(pg, dir);
        Files.copy(StoreConfig.defaultSecretsKeyFile(sqlite), nodes.secretsKeyFile());
        try (AcmeDelegate node = nodes.start(1, "", "[txt]\nmax_values = 3\n")) {
            ApiAndDnsClient client = new ApiAndDnsClient(node);
            assertThat(client.txt(kept))
                    .containsExactly(ApiAndDnsClient.value(3), ApiAndDnsClient.value(2), ApiAndDnsClient.value(1));
            assertThat(client.update(kept, ApiAndDnsClient.value(5)).statusCode())
                    .as("the old key works")
                    .isEqualTo(200);
            assertThat(client.txt(kept))
                    .containsExactly(ApiAndDnsClient.value(5), ApiAndDnsClient.value(3), ApiAndDnsClient.value(2));
            assertThat(client.txt(disabled))
                    .as("disabled: registered, nothing answered")
                    .isEmpty();
            assertThat(signedUpdate(node, tsig.get("tsig"), ApiAndDnsClient.value(7)))
                    .as("an UPDATE signed with the TSIG key made on SQLite")
                    .isEqualTo(Rcode.NOERROR);
            assertThat(DnsTestClient.txt(DnsTestClient.udp(
                            node.dnsUdpAddresses().get(0),
                            DnsTestClient.query(
                                    Name.fromString(tsig.get("tsig").get("name").asText()), Type.TXT))))
                    .containsExactly(ApiAndDnsClient.value(7));
        }

        assertThat(cli(
                        "migrate-store",
                        "--from",
                        "sqlite:" + sqlite,
                        "--to",
                        "postgresql:" + pg.url(),
                        "--pg-user",
                        pg.user(),
                        "--pg-password-file",
                        password.toString()))
                .isEqualTo(ExitCode.STORE.code());
        assertThat(err).contains("Error: the target already holds 3 accounts");
        assertThat(cli("migrate-store", "--from", "sqlite:" + sqlite, "--to", "postgresql:" + pg.url()))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err).contains("needs --pg-user and --pg-password-file");
    }

    private static int signedUpdate(AcmeDelegate node, JsonNode key, String value) throws Exception {
        Name name = Name.fromString(key.get("name").asText());
        Update u = new Update(new Name(name, 1));
        u.add(name, Type.TXT, 60, value);
        u.setTSIG(new TSIG(
                TSIG.HMAC_SHA256,
                name,
                new SecretKeySpec(Base64.getDecoder().decode(key.get("secret").asText()), "HmacSHA256"),
                Clock.systemUTC()));
        return new Message(DnsTestClient.udpBytes(node.dnsUdpAddresses().get(0), u.toWire(65535))).getRcode();
    }

    private static void assertSameContents(Path sqlite, PostgresConfig pg) {
        try (SqliteAccountStore a = SqliteAccountStore.open(sqlite, false);
                PostgresAccountStore b = new PostgresAccountStore(PostgresDatabase.open(pg))) {
            assertThat(b.tsigKeys())
                    .extracting(k -> k.username() + " " + k.keyName() + " " + k.algorithm() + " "
                            + Base64.getEncoder().encodeToString(k.sealedSecret()) + " " + k.createdAt())
                    .containsExactlyElementsOf(a.tsigKeys().stream()
                            .map(k -> k.username() + " " + k.keyName() + " " + k.algorithm() + " "
                                    + Base64.getEncoder().encodeToString(k.sealedSecret()) + " " + k.createdAt())
                            .toList())
                    .hasSize(1);
            List<AccountRecord> left = a.list();
            List<AccountRecord> right = b.list();
            assertThat(right)
                    .extracting(AccountRecord::account)
                    .containsExactlyElementsOf(
                            left.stream().map(AccountRecord::account).toList());
            assertThat(right)
                    .extracting(AccountRecord::cname)
                    .containsExactlyElementsOf(
                            left.stream().map(AccountRecord::cname).toList());
            for (AccountRecord r : left) {
                assertThat(values(b.txtEntries(r.account().subdomain())))
                        .isEqualTo(values(a.txtEntries(r.account().subdomain())));
            }
        }
    }

    private static List<String> values(List<TxtEntry> entries) {
        return entries.stream()
                .map(e -> e.value().value() + "@" + e.updatedAt())
                .toList();
    }

    private int cli(String... args) {
        ConsoleCapture.Run run = ConsoleCapture.run(args);
        out = run.out();
        err = run.err();
        return run.code();
    }
}
