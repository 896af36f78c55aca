package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.migrate.AcmeDnsDatabase;
import org.acmedelegate.migrate.AcmeDnsFixture;
import org.acmedelegate.migrate.AcmeDnsReader;
import org.acmedelegate.migrate.AcmeDnsTxt;
import org.acmedelegate.store.AccountRecord;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** import-acme-dns and convert-acme-dns-config through the CLI, against the real acme-dns v1.1 database. */
class MigrateCommandsTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private Path db;
    private Path config;
    private Path source;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("data/acme-delegate.db");
        config = Files.writeString(dir.resolve("acme-delegate.toml"), LoopbackConfig.toml(db, ""));
        source = AcmeDnsFixture.copy("acme-dns.db", dir);
    }

    private int importFrom(String from, String... more) {
        console.reset();
        String[] args = new String[4 + more.length];
        args[0] = "import-acme-dns";
        args[1] = "--config=" + config;
        args[2] = "--from";
        args[3] = from;
        System.arraycopy(more, 0, args, 4, more.length);
        return Main.run(args);
    }

    private String stdout() {
        return console.out();
    }

    private String stderr() {
        return console.err();
    }

    /** Everything the store holds: accounts (with their last update) and each one's values with sequences. */
    private Map<String, Object> storeContents() {
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            List<AccountRecord> accounts = store.list();
            return Map.of(
                    "accounts",
                    accounts,
                    "values",
                    accounts.stream()
                            .collect(Collectors.toMap(
                                    r -> r.account().subdomain().value(),
                                    r -> store.txtEntries(r.account().subdomain()))));
        }
    }

    @Test
    void importedAccountsKeepUsernameSubdomainAllowfromAndAHashTheServerAcceptsForThePlainPassword() {
        assertThat(importFrom(source.toString())).isEqualTo(0);

        assertThat(stdout())
                .contains("accounts: 3 in the source, 3 imported, 0 already there, 0 skipped")
                .contains("values: 4 in the source, 4 imported, 0 already there, 0 skipped");
        KeyHasher hasher = new KeyHasher(10);
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            for (AcmeDnsFixture.Registered r : AcmeDnsFixture.accounts()) {
                Account account =
                        store.findByUsername(UUID.fromString(r.username())).orElseThrow();
                assertThat(account.subdomain().value()).isEqualTo(r.subdomain());
                assertThat(account.allowFrom().asStrings()).containsExactlyElementsOf(r.allowFrom());
                assertThat(account.keyHash()).startsWith("$2a$10$");
                assertThat(hasher.matches(r.password(), account.keyHash()))
                        .as(r.username())
                        .isTrue();
                assertThat(hasher.matches(r.password() + "x", account.keyHash()))
                        .isFalse();
            }
        }
    }

    @Test
    void importedValuesKeepAcmeDnsLastUpdateAsTheirTime() {
        importFrom(source.toString());

        AcmeDnsDatabase acmeDns = AcmeDnsReader.read(source.toString());
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            for (AcmeDnsFixture.Registered r : AcmeDnsFixture.accounts()) {
                Map<String, Instant> expected = acmeDns.txt().stream()
                        .filter(t -> t.subdomain().equals(r.subdomain())
                                && !t.value().isEmpty())
                        .collect(Collectors.toMap(AcmeDnsTxt::value, t -> Instant.ofEpochSecond(t.lastUpdate())));
                List<TxtEntry> stored = store.txtEntries(new Subdomain(r.subdomain()));
                assertThat(stored.stream()
                                .collect(Collectors.toMap(e -> e.value().value(), TxtEntry::updatedAt)))
                        .isEqualTo(expected);
                // Newest first by sequence, as by time: the next /update evicts the oldest, as in acme-dns.
                assertThat(stored).isSortedAccordingTo((a, b) -> b.updatedAt().compareTo(a.updatedAt()));
            }
            assertThat(store.txtEntries(
                            new Subdomain(AcmeDnsFixture.accounts().get(2).subdomain())))
                    .isEmpty();
        }
    }

    @Test
    void aSecondImportImportsNothingAndChangesNothing() {
        assertThat(importFrom(source.toString())).isEqualTo(0);
        Map<String, Object> first = storeContents();

        assertThat(importFrom(source.toString())).isEqualTo(0);

        assertThat(stdout())
                .contains("accounts: 3 in the source, 0 imported, 3 already there, 0 skipped")
                .contains("values: 4 in the source, 0 imported, 4 already there, 0 skipped")
                .contains("nothing new");
        assertThat(storeContents()).isEqualTo(first);
    }

    @Test
    void aSecondImportAfterTheServerDroppedTheExpiredValuesDoesNotBringThemBack() {
        assertThat(importFrom(source.toString())).isEqualTo(0);
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            // What a starting server does with values older than txt.lifetime (24 h here).
            assertThat(store.purgeExpired(Instant.now().minus(java.time.Duration.ofHours(24))))
                    .isEqualTo(4);
        }
        Map<String, Object> purged = storeContents();

        assertThat(importFrom(source.toString())).isEqualTo(0);

        assertThat(stdout())
                .contains("accounts: 3 in the source, 0 imported, 3 already there, 0 skipped")
                .contains("values: 4 in the source, 0 imported, 0 already there, 4 skipped")
                .contains("expired (older than txt.lifetime)");
        assertThat(storeContents()).isEqualTo(purged);
    }

    @Test
    void theImportLeavesTheSourceFileUnchanged() throws Exception {
        FileTime old = FileTime.fromMillis(1_700_000_000_000L);
        Files.setLastModifiedTime(source, old);
        byte[] before = Files.readAllBytes(source);

        assertThat(importFrom(source.toString())).isEqualTo(0);

        assertThat(Files.readAllBytes(source)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(source)).isEqualTo(old);
    }

    @Test
    void aDryRunPrintsTheReportAndCreatesNoDatabase() {
        assertThat(importFrom(source.toString(), "--dry-run")).isEqualTo(0);

        assertThat(stdout()).contains("accounts: 3 in the source, 3 to import").contains("dry run: nothing written");
        assertThat(db).doesNotExist();
    }

    @Test
    void aDryRunAgainstAnExistingStoreChangesNothingInIt() throws Exception {
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            store.check();
        }
        Map<String, Object> before = storeContents();

        assertThat(importFrom(source.toString(), "--dry-run")).isEqualTo(0);

        assertThat(stdout()).contains("3 to import");
        assertThat(storeContents()).isEqualTo(before);
    }

    @Test
    void aCorruptSourceIsAClearErrorAndWritesNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(source);
        java.util.Arrays.fill(bytes, 100, bytes.length, (byte) 0x33);
        Path corrupt = Files.write(dir.resolve("corrupt.db"), bytes);

        assertThat(importFrom(corrupt.toString())).isEqualTo(ExitCode.DATA.code());

        assertThat(stderr()).startsWith("Error: cannot read " + corrupt + " as an SQLite database");
        assertThat(stdout()).isEmpty();
        assertThat(db).doesNotExist();
    }

    @Test
    void aForeignSqliteFileIsRefusedSayingWhatWasFound() throws Exception {
        try (SqliteAccountStore store = SqliteAccountStore.open(dir.resolve("other.db"))) {
            store.check();
        }

        assertThat(importFrom(dir.resolve("other.db").toString())).isEqualTo(ExitCode.DATA.code());

        assertThat(stderr())
                .startsWith("Error: " + dir.resolve("other.db") + " is not an acme-dns database:")
                .contains("found tables accounts");
        assertThat(db).doesNotExist();
    }

    @Test
    void anUnreachablePostgresqlSourceIsAClearErrorWithoutItsPasswordAndWritesNothing() {
        assertThat(importFrom("postgresql://acmedns:secret@127.0.0.1:1/acmedns"))
                .isEqualTo(ExitCode.DATA.code());

        assertThat(stderr())
                .startsWith("Error: cannot read the acme-dns database postgres://acmedns@127.0.0.1:1/acmedns")
                .doesNotContain("secret");
        assertThat(db).doesNotExist();
    }

    @Test
    void theConvertedFixtureConfigPassesCheckConfig() throws Exception {
        assertThat(Main.run(
                        "convert-acme-dns-config",
                        AcmeDnsFixture.file("config.cfg").toString()))
                .isEqualTo(0);
        Path converted = Files.writeString(dir.resolve("converted.toml"), stdout());
        console.reset();

        assertThat(Main.run("check-config", "--config", converted.toString())).isEqualTo(0);

        assertThat(stdout()).startsWith("ok: zone auth.acme.test., DNS on [/127.0.0.1:5371], API on /127.0.0.1:8471");
    }

    @Test
    void convertingAMissingFileIsAConfigError() {
        assertThat(Main.run("convert-acme-dns-config", dir.resolve("nope.cfg").toString()))
                .isEqualTo(ExitCode.CONFIG.code());

        assertThat(stderr()).startsWith("Error: cannot read " + dir.resolve("nope.cfg") + ": it does not exist");
    }

    @Test
    void convertingADirectoryOrAFileThatIsNotTextSaysWhy() throws Exception {
        assertThat(Main.run("convert-acme-dns-config", dir.toString())).isEqualTo(ExitCode.CONFIG.code());
        assertThat(stderr()).startsWith("Error: cannot read " + dir + ": it is a directory");
        console.reset();

        Path binary = Files.write(dir.resolve("config.cfg"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x01});
        assertThat(Main.run("convert-acme-dns-config", binary.toString())).isEqualTo(ExitCode.CONFIG.code());
        assertThat(stderr()).startsWith("Error: cannot read " + binary + ": it is not UTF-8 text");
    }

    @Test
    void anImportWhileAServerHasTheDatabaseOpenRefusesNamingTheProcessAndWritesNothing() throws Exception {
        try (SqliteAccountStore running = SqliteAccountStore.open(db)) {

            assertThat(importFrom(source.toString())).isEqualTo(ExitCode.STORE.code());

            assertThat(stderr())
                    .startsWith("Error: database " + db.toAbsolutePath() + " is in use by process "
                            + ProcessHandle.current().pid());
            assertThat(running.list()).isEmpty();
        }
    }
}
