package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void checkConfigAcceptsTheShippedExample() {
        assertThat(Main.run("check-config", "--config", "../conf/acme-delegate.toml"))
                .isEqualTo(0);
        assertThat(console.out()).contains("ok: zone auth.example.org.");
    }

    @Test
    void aBadKeyExitsWithTheConfigCodeAndNamesTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.toml"), "[dns]\nzone = \"a.example\"\nlisten_on = []\n");
        assertThat(Main.run("serve", "--config", config.toString())).isEqualTo(ExitCode.CONFIG.code());
        assertThat(console.err()).contains("Error: invalid configuration: dns.listen_on: unknown key");
    }

    @Test
    void checkConfigAndServeListEveryProblemAlikeAndExitWithTheConfigCode() throws Exception {
        Path config = Files.writeString(
                dir.resolve("bad.toml"),
                "[dns]\nzone = \"a.example\"\nlisten = 5300\n[dns.tcp]\nidle_timeout = \"soon\"\n"
                        + "[api]\nbcrypt_cost = 99\n");
        assertThat(Main.run("check-config", "--config", config.toString())).isEqualTo(ExitCode.CONFIG.code());
        String checked = console.err();
        console.reset();
        assertThat(Main.run("serve", "--config", config.toString())).isEqualTo(ExitCode.CONFIG.code());
        assertThat(console.err()).isEqualTo(checked);
        assertThat(checked)
                .isEqualTo("Error: invalid configuration: dns.listen: wrong type of value: it must be a list in"
                        + " brackets, such as [\"...\"] (line 3)\n"
                        + "  dns.tcp.idle_timeout: not a duration: \"soon\" (use e.g. 30s, 5m, 24h)\n"
                        + "  api.bcrypt_cost: must be between 4 and 16, got 99\n");
    }

    @Test
    void aMissingFileIsAConfigError() {
        assertThat(Main.run("check-config", "--config", dir.resolve("nope.toml").toString()))
                .isEqualTo(ExitCode.CONFIG.code());
        assertThat(console.err()).contains("config file not found");
    }

    @Test
    void aCorruptDatabaseStopsStartUpWithTheStoreCode() throws Exception {
        Path db = Files.write(
                dir.resolve("broken.db"),
                "garbage that is not sqlite ".repeat(100).getBytes());
        Path config = Files.writeString(
                dir.resolve("c.toml"), """
                [dns]
                zone = "auth.example.org"
                listen = ["127.0.0.1:0"]
                [api]
                listen = "127.0.0.1:0"
                [store]
                sqlite_path = "%s"
                """.formatted(db.toString().replace("\\", "\\\\")));
        assertThat(Main.run("serve", "--config", config.toString())).isEqualTo(ExitCode.STORE.code());
        assertThat(console.err()).contains("Error: cannot open database").contains("broken.db");
    }

    @Test
    void serveWithNoCreateRefusesAMissingDatabaseAndCreatesNothing() throws Exception {
        Path db = dir.resolve("state/acme-delegate.db");
        Path config = Files.writeString(
                dir.resolve("c.toml"), """
                [dns]
                zone = "auth.example.org"
                listen = ["127.0.0.1:0"]
                [api]
                listen = "127.0.0.1:0"
                [store]
                sqlite_path = "%s"
                """.formatted(db.toString().replace("\\", "\\\\")));
        assertThat(Main.run("serve", "--no-create", "--config", config.toString()))
                .isEqualTo(ExitCode.STORE.code());
        assertThat(console.err()).contains("Error: database " + db.toAbsolutePath() + " does not exist");
        assertThat(db).doesNotExist();
    }

    @Test
    void createDatabaseMakesAnEmptyDatabaseOnceAndLeavesAnExistingOneAlone() throws Exception {
        Path db = dir.resolve("state/acme-delegate.db");
        Path config = Files.writeString(dir.resolve("c.toml"), LoopbackConfig.toml(db, ""));
        assertThat(Main.run("create-database", "--config", config.toString())).isEqualTo(0);
        assertThat(console.out()).contains("created database " + db.toAbsolutePath());
        assertThat(db).exists();
        byte[] created = Files.readAllBytes(db);

        assertThat(Main.run("create-database", "--config", config.toString())).isEqualTo(0);
        assertThat(console.out()).contains("database " + db.toAbsolutePath() + " exists already");
        assertThat(Files.readAllBytes(db)).isEqualTo(created);
        try (var store = org.acmedelegate.store.SqliteAccountStore.open(db, false)) {
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    void createDatabaseTakesAPathWithoutAConfigurationButNotBoth() throws Exception {
        Path db = dir.resolve("lib/acme-delegate.db");
        assertThat(Main.run("create-database", "--database", db.toString())).isEqualTo(0);
        assertThat(db).exists();

        Path config = Files.writeString(dir.resolve("c.toml"), LoopbackConfig.toml(db, ""));
        assertThat(Main.run("create-database", "--database", db.toString(), "--config", config.toString()))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(Main.run("create-database")).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertThat(Main.run("serve", "--nope")).isEqualTo(ExitCode.USAGE.code());
        assertThat(Main.run()).isEqualTo(ExitCode.USAGE.code());
    }

    private int checkAcmeConfig(String acme) throws Exception {
        Path config = Files.writeString(
                dir.resolve("acme.toml"), LoopbackConfig.toml(dir.resolve("d.db"), "[api.acme]\n" + acme));
        return Main.run("check-config", "--config", config.toString());
    }

    @Test
    void checkConfigSaysWhichCertificateTheServerWillOrderAndFromWhere() throws Exception {
        assertThat(checkAcmeConfig("directory = \"letsencrypt-staging\"\n")).isZero();
        assertThat(console.out())
                .contains(", TLS certificate for [auth.example.org] from "
                        + "https://acme-staging-v02.api.letsencrypt.org/directory");
    }

    @Test
    void checkConfigRefusesANameOutsideTheZoneNamingTheKey() throws Exception {
        assertThat(checkAcmeConfig("names = [\"www.example.com\"]\n")).isEqualTo(ExitCode.CONFIG.code());
        assertThat(console.err()).contains("api.acme.names[0]").contains("outside the served zone");
    }
}
