package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.acmedelegate.store.SqliteAccountStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private Path config;

    @BeforeEach
    void configure() throws Exception {
        config = Files.writeString(dir.resolve("c.toml"), """
                [dns]
                zone = "auth.example.org"
                [store]
                sqlite_path = "%s"
                """.formatted(
                        dir.resolve("data/acme-delegate.db").toString().replace("\\", "\\\\")));
    }

    @Test
    void backupWritesTheCopyWhileTheDatabaseIsOpenAndSaysWhatItCopied() {
        try (SqliteAccountStore open = SqliteAccountStore.open(dir.resolve("data/acme-delegate.db"))) {
            assertThat(Main.run(
                            "backup",
                            "--config",
                            config.toString(),
                            "--to",
                            dir.resolve("b.db").toString()))
                    .isEqualTo(ExitCode.OK.code());
        }
        assertThat(console.out()).startsWith("ok: ").contains("b.db (0 accounts, ");
        assertThat(dir.resolve("b.db")).isNotEmptyFile();
    }

    @Test
    void backupOfAMissingDatabaseFailsWithTheStoreCodeAndCreatesNothing() {
        assertThat(Main.run(
                        "backup",
                        "--config",
                        config.toString(),
                        "--to",
                        dir.resolve("b.db").toString()))
                .isEqualTo(ExitCode.STORE.code());
        assertThat(console.err()).contains("Error: database ").contains("does not exist");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void backupNeedsATarget() {
        assertThat(Main.run("backup", "--config", config.toString())).isEqualTo(ExitCode.USAGE.code());
        assertThat(console.err()).contains("Missing required option: '--to=FILE'");
    }

    @Test
    void versionNamesTheReleaseAndTheCommitItWasBuiltFrom() {
        assertThat(Main.run("--version")).isEqualTo(ExitCode.OK.code());
        String printed = console.out();
        assertThat(printed)
                .startsWith("acme-delegate "
                        + BuildVersion.read(BuildVersion.RESOURCE).getProperty("git.build.version", "unknown") + "\n");
        assertThat(printed).containsPattern("commit ([0-9a-f]{7,}|unknown)");
    }
}
