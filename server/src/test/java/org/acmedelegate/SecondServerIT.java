package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.acmedelegate.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second {@code serve} on the database a running server has open (two units, a unit and a hand-started
 * copy) refuses to start, naming the database and the process that has it, and the first goes on.
 */
class SecondServerIT {
    private static final Path JAR = ServerJar.JAR;

    @TempDir
    Path dir;

    private AcmeDelegate server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSecondServeOnTheSameDatabaseExitsWithTheStoreCodeNamingTheDatabaseAndTheHoldersPid() throws Exception {
        assertThat(JAR)
                .as("the server jar (mvn package builds it before the ITs)")
                .exists();
        Path db = dir.resolve("data/acme-delegate.db");
        String toml = LoopbackConfig.toml(db, "");
        Path config = Files.writeString(dir.resolve("acme-delegate.toml"), toml);
        server = AcmeDelegate.start(new ConfigLoader().parse(toml), Clock.systemUTC(), true);
        ApiAndDnsClient client = new ApiAndDnsClient(server);
        Account account = client.register();

        Process second = ServerJar.serve(config)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean exited = second.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            second.destroyForcibly();
        }
        String stderr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("the second server stopped by itself").isTrue();
        assertThat(second.exitValue()).as(stderr).isEqualTo(ExitCode.STORE.code());
        assertThat(stderr)
                .contains("Error: database " + db.toAbsolutePath() + " is in use by process "
                        + ProcessHandle.current().pid());

        assertThat(client.update(account, ApiAndDnsClient.value(1)).statusCode())
                .isEqualTo(200);
        assertThat(client.txt(account)).containsExactly(ApiAndDnsClient.value(1));
        assertThat(client.ready().statusCode()).isEqualTo(200);
    }
}
