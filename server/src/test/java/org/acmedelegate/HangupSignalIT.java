package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as logrotate meets it: after the audit log is moved away, SIGHUP makes the server
 * open a new file at the path at once, and the process goes on serving (a JVM without a handler exits).
 */
class HangupSignalIT {
    private static final Path JAR = ServerJar.JAR;
    private static final Pattern API_PORT = Pattern.compile("API on [^ ]+:(\\d+)");

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void sighupReopensTheAuditLogAndTheServerKeepsServing() throws Exception {
        Path log = dir.resolve("data/audit.log");
        Path config = Files.writeString(
                dir.resolve("server.toml"), LoopbackConfig.toml(dir.resolve("data/acme-delegate.db"), ""));
        Path output = dir.resolve("server.out");
        server = ServerJar.serve(config)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        int apiPort = awaitReady(server, output);

        assertThat(register(apiPort)).isEqualTo(201);
        Files.move(log, dir.resolve("data/audit.log.1"));
        new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(log) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(log)
                .as(
                        "a new audit log, opened on SIGHUP before any new event; server alive: %s, its output:%n%s",
                        server.isAlive(), Files.readString(output))
                .exists();
        assertThat(server.isAlive()).isTrue();

        assertThat(register(apiPort)).isEqualTo(201);
        assertThat(Files.readAllLines(log)).singleElement().asString().contains("\"action\":\"register\"");
        assertThat(Files.readAllLines(dir.resolve("data/audit.log.1"))).hasSize(1);
    }

    private static int register(int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/register"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** Waits for the server's ready line in its output file; returns the API port it names. */
    private static int awaitReady(Process process, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(output);
            for (String line : text.split("\n")) {
                Matcher m = API_PORT.matcher(line);
                if (line.contains("ready in") && m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server stopped before it was ready:\n" + text);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server was not ready within 60 s:\n" + Files.readString(output));
    }
}
