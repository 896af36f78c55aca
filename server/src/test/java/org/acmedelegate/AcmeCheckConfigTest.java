package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeCheckConfigTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int checkConfig(String acme) throws Exception {
        Path config = Files.writeString(dir.resolve("c.toml"), LoopbackConfig.toml(dir.resolve("d.db"), "[api.acme]\n" + acme));
        return Main.run("check-config", "--config", config.toString());
    }

    @Test
    void checkConfigSaysWhichCertificateTheServerWillOrderAndFromWhere() throws Exception {
        assertThat(checkConfig("directory = \"letsencrypt-staging\"\n")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(", TLS certificate for [auth.example.org] from "
                + "https://acme-staging-v02.api.letsencrypt.org/directory");
    }

    @Test
    void checkConfigRefusesANameOutsideTheZoneNamingTheKey() throws Exception {
        assertThat(checkConfig("names = [\"www.example.com\"]\n")).isEqualTo(ExitCode.CONFIG.code());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("api.acme.names[0]").contains("outside the served zone");
    }
}
