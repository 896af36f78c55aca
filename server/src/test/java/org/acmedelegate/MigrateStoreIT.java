package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.PostgresAccountStore;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.PostgresPerClass;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate-store} from SQLite to PostgreSQL and back, with the credentials clients already hold. */
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
        try (AcmeDelegate server =
                AcmeDelegate.start(LoopbackConfig.with(sqlite, "[txt]\nmax_values = 3\n"), Clock.systemUTC(), true)) {
            ApiAndDnsClient client = new ApiAndDnsClient(server);
            kept = client.register();
            disabled = client.register();
            client.register();
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
        assertThat(out).contains("copied 3 accounts and 4 TXT values");
        assertSameContents(sqlite, pg);

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

    private static void assertSameContents(Path sqlite, PostgresConfig pg) {
        try (AccountStore a = SqliteAccountStore.open(sqlite, false);
                AccountStore b = new PostgresAccountStore(PostgresDatabase.open(pg))) {
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
