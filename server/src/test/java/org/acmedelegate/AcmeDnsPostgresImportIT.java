package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.migrate.AcmeDnsFixture;
import org.acmedelegate.store.PostgresPerClass;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * import-acme-dns from an acme-dns installation that runs on PostgreSQL: the fixture's rows in the tables
 * acme-dns makes there (its txt table has a rowid column of its own on PostgreSQL), read through the URL
 * acme-dns itself is configured with, into the SQLite store; the source is left exactly as it was.
 */
class AcmeDnsPostgresImportIT {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    @TempDir
    Path dir;

    @Test
    void importsEveryAccountWithItsHashFromPostgresqlAndLeavesTheSourceAsItWas() throws Exception {
        PostgresConfig source = POSTGRES.server().newDatabase();
        fillLikeAcmeDns(source);
        List<String> before = contents(source);
        String database = source.url().substring(source.url().lastIndexOf('/') + 1);
        String url = "postgres://" + TestPostgres.SUPERUSER + ":" + TestPostgres.PASSWORD + "@127.0.0.1:"
                + POSTGRES.server().port() + "/" + database + "?sslmode=disable";
        Path db = dir.resolve("data/acme-delegate.db");
        Path config = Files.writeString(dir.resolve("acme-delegate.toml"), LoopbackConfig.toml(db, ""));

        String first = run("import-acme-dns", "--config", config.toString(), "--from", url);
        String second = run("import-acme-dns", "--config", config.toString(), "--from", url);

        assertThat(first)
                .contains("import from acme-dns database postgres://postgres@127.0.0.1:"
                        + POSTGRES.server().port())
                .contains("accounts: 3 in the source, 3 imported, 0 already there, 0 skipped")
                .contains("values: 4 in the source, 4 imported, 0 already there, 0 skipped")
                .doesNotContain(TestPostgres.PASSWORD);
        assertThat(second).contains("accounts: 3 in the source, 0 imported, 3 already there");
        KeyHasher hasher = new KeyHasher(10);
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            for (AcmeDnsFixture.Registered r : AcmeDnsFixture.accounts()) {
                Account account =
                        store.findByUsername(UUID.fromString(r.username())).orElseThrow();
                assertThat(account.subdomain().value()).isEqualTo(r.subdomain());
                assertThat(account.allowFrom().asStrings()).containsExactlyElementsOf(r.allowFrom());
                assertThat(hasher.matches(r.password(), account.keyHash()))
                        .as(r.username())
                        .isTrue();
            }
        }
        assertThat(contents(source))
                .as("the acme-dns database after two imports")
                .isEqualTo(before);
    }

    /** The tables acme-dns v1.x creates on PostgreSQL, holding the fixture's rows. */
    private static void fillLikeAcmeDns(PostgresConfig target) throws Exception {
        try (Connection pg = TestPostgres.connect(target);
                Connection fixture = DriverManager.getConnection("jdbc:sqlite:" + AcmeDnsFixture.file("acme-dns.db"));
                Statement ddl = pg.createStatement()) {
            ddl.execute("CREATE TABLE acmedns(Name TEXT, Value TEXT)");
            ddl.execute("CREATE TABLE records(Username TEXT UNIQUE NOT NULL PRIMARY KEY, Password TEXT UNIQUE NOT NULL,"
                    + " Subdomain TEXT UNIQUE NOT NULL, AllowFrom TEXT)");
            ddl.execute("CREATE TABLE txt(rowid SERIAL, Subdomain TEXT NOT NULL, Value TEXT NOT NULL DEFAULT '',"
                    + " LastUpdate INT)");
            copy(fixture, pg, "SELECT Name, Value FROM acmedns", "INSERT INTO acmedns VALUES (?, ?)", 2);
            copy(
                    fixture,
                    pg,
                    "SELECT Username, Password, Subdomain, AllowFrom FROM records ORDER BY rowid",
                    "INSERT INTO records VALUES (?, ?, ?, ?)",
                    4);
            copy(
                    fixture,
                    pg,
                    "SELECT Subdomain, Value, LastUpdate FROM txt ORDER BY rowid",
                    "INSERT INTO txt (Subdomain, Value, LastUpdate) VALUES (?, ?, ?)",
                    3);
        }
    }

    private static void copy(Connection from, Connection to, String select, String insert, int columns)
            throws Exception {
        try (PreparedStatement read = from.prepareStatement(select);
                ResultSet rs = read.executeQuery();
                PreparedStatement write = to.prepareStatement(insert)) {
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    write.setObject(i, rs.getObject(i));
                }
                write.executeUpdate();
            }
        }
    }

    private static List<String> contents(PostgresConfig source) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection pg = TestPostgres.connect(source);
                Statement s = pg.createStatement()) {
            for (String table : List.of("acmedns", "records", "txt")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= n; i++) {
                            row.append('|').append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        assertThat(rows).hasSizeGreaterThan(6);
        return rows;
    }

    /** Runs the CLI in-process and returns what it printed; the exit code must be 0. */
    private static String run(String... args) {
        ConsoleCapture.Run run = ConsoleCapture.run(args);
        String printed = run.out() + run.err();
        assertThat(run.code()).as(printed).isZero();
        return printed;
    }
}
