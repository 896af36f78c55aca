package org.acmedelegate.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeDnsReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryRegistrationAndTxtRowOfTheRealAcmeDnsDatabase() {
        AcmeDnsDatabase db =
                AcmeDnsReader.read(AcmeDnsFixture.copy("acme-dns.db", dir).toString());

        assertThat(db.version()).isEqualTo("1");
        assertThat(db.records())
                .extracting(AcmeDnsRecord::username)
                .containsExactlyElementsOf(AcmeDnsFixture.accounts().stream()
                        .map(AcmeDnsFixture.Registered::username)
                        .toList());
        assertThat(db.records()).allSatisfy(r -> assertThat(r.password()).startsWith("$2a$10$"));
        assertThat(db.records().get(1).allowFrom()).isEqualTo("[\"127.0.0.0/8\",\"192.0.2.0/24\"]");
        assertThat(db.txt()).hasSize(6);
        assertThat(db.txt())
                .filteredOn(t -> t.value().isEmpty())
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.subdomain())
                        .isEqualTo(AcmeDnsFixture.accounts().get(2).subdomain()));
        assertThat(db.txt())
                .filteredOn(t -> !t.value().isEmpty())
                .allSatisfy(t -> assertThat(t.lastUpdate()).isPositive());
    }

    @Test
    void leavesTheSourceFileByteForByteAndItsModificationTimeUnchanged() throws Exception {
        Path source = AcmeDnsFixture.copy("acme-dns.db", dir);
        FileTime old = FileTime.fromMillis(1_700_000_000_000L);
        Files.setLastModifiedTime(source, old);
        byte[] before = Files.readAllBytes(source);

        AcmeDnsReader.read(source.toString());

        assertThat(Files.readAllBytes(source)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(source)).isEqualTo(old);
        assertThat(Files.list(dir)).containsExactly(source);
    }

    @Test
    void refusesAFileThatIsNotSqlite() throws Exception {
        Path text = Files.writeString(dir.resolve("config.cfg"), "[general]\ndomain = \"x\"\n");

        assertThatThrownBy(() -> AcmeDnsReader.read(text.toString()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("is not an SQLite database");
    }

    @Test
    void refusesACorruptSqliteFile() throws Exception {
        byte[] bytes = Files.readAllBytes(AcmeDnsFixture.file("acme-dns.db"));
        Arrays.fill(bytes, 100, bytes.length, (byte) 0x5a);
        Path corrupt = Files.write(dir.resolve("corrupt.db"), bytes);

        assertThatThrownBy(() -> AcmeDnsReader.read(corrupt.toString()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cannot read " + corrupt);
    }

    @Test
    void refusesAForeignSqliteDatabaseAndSaysWhichTablesItFound() throws Exception {
        Path foreign = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (name TEXT)");
            s.execute("CREATE TABLE records (id INTEGER)");
        }

        assertThatThrownBy(() -> AcmeDnsReader.read(foreign.toString()))
                .isInstanceOf(SourceException.class)
                .hasMessage(
                        foreign + " is not an acme-dns database: no table acmedns, txt; found tables records, users");
    }

    @Test
    void refusesATableWithoutTheColumnsAcmeDnsWrites() throws Exception {
        Path db = AcmeDnsFixture.copy("acme-dns.db", dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE records DROP COLUMN AllowFrom");
        }

        assertThatThrownBy(() -> AcmeDnsReader.read(db.toString()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("table records has no column allowfrom");
    }

    @Test
    void refusesAnotherSchemaVersion() throws Exception {
        Path db = AcmeDnsFixture.copy("acme-dns.db", dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("UPDATE acmedns SET Value = '0' WHERE Name = 'db_version'");
        }

        assertThatThrownBy(() -> AcmeDnsReader.read(db.toString()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("is acme-dns database version 0; this importer reads version 1");
    }

    @Test
    void aPostgresqlSourceThatCannotBeReachedIsAClearErrorWithoutItsPassword() {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        assertThatThrownBy(() -> AcmeDnsReader.read("postgres://acme:secret@127.0.0.1:1/acmedns", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("cannot read the acme-dns database postgres://acme@127.0.0.1:1/acmedns")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> AcmeDnsReader.read("postgresql://db.example/acmedns", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("a PostgreSQL source needs a user");
        assertThatThrownBy(() -> AcmeDnsReader.read("postgres://acme@db.example", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("a PostgreSQL source needs a host and a database");
    }

    @Test
    void turnsAHashStoredAsByteaHexTextBackIntoTheBcryptText() {
        assertThat(AcmeDnsPostgres.hashText("\\x24326124")).isEqualTo("$2a$");
        assertThat(AcmeDnsPostgres.hashText("$2a$10$abc")).isEqualTo("$2a$10$abc");
        assertThat(AcmeDnsPostgres.hashText("\\xzz")).isEqualTo("\\xzz");
    }

    @Test
    void refusesAMissingFile() {
        assertThatThrownBy(() -> AcmeDnsReader.read(dir.resolve("nope.db").toString()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("does not exist");
    }
}
