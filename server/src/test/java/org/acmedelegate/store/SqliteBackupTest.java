package org.acmedelegate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.TestSubdomains;
import org.acmedelegate.account.TxtValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBackupTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path database;
    private SqliteAccountStore running;

    @BeforeEach
    void openTheServersStore() {
        database = dir.resolve("data/acme-delegate.db");
        running = SqliteAccountStore.open(database);
    }

    @AfterEach
    void closeIt() {
        running.close();
    }

    @Test
    void copiesWhatTheRunningStoreCommittedIncludingWhatIsStillInItsWriteAheadLog() throws Exception {
        Account a = account();
        running.create(a);
        running.putTxt(a.subdomain(), new TxtValue("a".repeat(43)), T0, 4);
        assertThat(Files.size(database.resolveSibling("acme-delegate.db-wal")))
                .as("the rows are still in the WAL, so a plain file copy would miss them")
                .isPositive();

        SqliteBackup.Result result = SqliteBackup.copy(database, dir.resolve("copy.db"));

        assertThat(result.accounts()).isEqualTo(1);
        assertThat(result.bytes()).isEqualTo(Files.size(dir.resolve("copy.db")));
        try (SqliteAccountStore copy = SqliteAccountStore.open(dir.resolve("copy.db"))) {
            assertThat(copy.findByUsername(a.username())).contains(a);
            assertThat(copy.snapshot().challenges().get(a.subdomain())).hasSize(1);
        }
    }

    @Test
    void theCopyIsOneSelfContainedFileReadableByItsOwnerOnly() throws Exception {
        running.create(account());
        Path copy = dir.resolve("copy.db");
        SqliteBackup.copy(database, copy);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("copy") || n.startsWith(".")))
                    .containsExactly("copy.db");
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + copy);
                var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("delete");
        }
    }

    @Test
    void replacesAnEarlierBackupWithTheCurrentState() throws Exception {
        Path copy = dir.resolve("copy.db");
        running.create(account());
        SqliteBackup.copy(database, copy);
        running.create(account());
        assertThat(SqliteBackup.copy(database, copy).accounts()).isEqualTo(2);
    }

    @Test
    void refusesToWriteOverTheDatabaseItself() {
        running.create(account());
        assertThatThrownBy(() -> SqliteBackup.copy(database, dir.resolve("data/../data/acme-delegate.db")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("over the database itself");
        assertThat(running.accountCount()).isEqualTo(1);
    }

    @Test
    void aMissingDatabaseIsReportedAndNotCreated() {
        Path absent = dir.resolve("absent.db");
        assertThatThrownBy(() -> SqliteBackup.copy(absent, dir.resolve("copy.db")))
                .isInstanceOf(StoreException.class)
                .hasMessage("database " + absent + " does not exist");
        assertThat(absent).doesNotExist();
        assertThat(dir.resolve("copy.db")).doesNotExist();
    }

    @Test
    void aMissingTargetFolderIsReported() {
        assertThatThrownBy(() -> SqliteBackup.copy(database, dir.resolve("nowhere/copy.db")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("folder")
                .hasMessageContaining("does not exist");
    }

    private static Account account() {
        return new Account(
                UUID.randomUUID(),
                "$2a$04$abcdefghijklmnopqrstuu5DvBgHBhXq6JbqZ6yH1YqIBVxJlj7xu",
                TestSubdomains.random(),
                AllowFrom.parse(List.of()),
                T0);
    }
}
