package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acmedelegate.store.SqliteAccountStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private Path config;

    @BeforeEach
    void captureAndConfigure() throws Exception {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        config = Files.writeString(dir.resolve("c.toml"), """
                [dns]
                zone = "auth.example.org"
                [store]
                sqlite_path = "%s"
                """.formatted(
                        dir.resolve("data/acme-delegate.db").toString().replace("\\", "\\\\")));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
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
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ok: ").contains("b.db (0 accounts, ");
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
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Error: database ")
                .contains("does not exist");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void backupNeedsATarget() {
        assertThat(Main.run("backup", "--config", config.toString())).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required option: '--to=FILE'");
    }

    @Test
    void versionNamesTheReleaseAndTheCommitItWasBuiltFrom() {
        assertThat(Main.run("--version")).isEqualTo(ExitCode.OK.code());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .startsWith("acme-delegate "
                        + BuildVersion.read(BuildVersion.RESOURCE).getProperty("git.build.version", "unknown") + "\n");
        assertThat(printed).containsPattern("commit ([0-9a-f]{7,}|unknown)");
    }
}
