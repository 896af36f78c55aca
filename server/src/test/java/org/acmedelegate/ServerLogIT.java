package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real serve process writes on stderr (the jar's own logging set-up, {@link LogSetup}, not the tests'):
 * one timestamped line per event by default, one JSON object per line with {@code [log] format = "json"}.
 */
class ServerLogIT {
    private static final Path JAR = ServerJar.JAR;

    @TempDir
    Path dir;

    @Test
    void byDefaultEveryLineHasTimeLevelThreadAndLogger() throws Exception {
        List<String> lines = linesUntilReady("");
        assertThat(lines.get(lines.size() - 1))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[main] o\\.a\\.AcmeDelegate - acme-delegate ready in .*");
        assertThat(lines)
                .anyMatch(l -> l.matches(".* WARN  \\[[^]]+] o\\.a\\.s\\.SqliteAccountStore - database .*"
                        + "does not exist: creating a new, empty one.*"));
        assertThat(lines)
                .as("the libraries' INFO chatter stays out")
                .noneMatch(l -> l.contains(" INFO ")
                        && (l.contains("o.f.") || l.contains("i.n.") || l.contains("i.j.") || l.contains("o.e.j.")));
    }

    @Test
    void withJsonFormatEveryLineTheServerLogsIsOneJsonObject() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : linesUntilReady("[log]\nformat = \"json\"\n")) {
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            lines.add(node);
        }
        JsonNode ready = lines.get(lines.size() - 1);
        assertThat(ready.path("level").asText()).isEqualTo("INFO");
        assertThat(ready.path("loggerName").asText()).isEqualTo("org.acmedelegate.AcmeDelegate");
        assertThat(ready.path("message").asText()).startsWith("acme-delegate ready in ");
        assertThat(lines)
                .anyMatch(l -> l.path("level").asText().equals("WARN")
                        && l.path("message").asText().contains("does not exist: creating a new, empty one"));
    }

    /** Starts the jar with the loopback config plus {@code extraToml}; its stderr lines up to "ready in". */
    private List<String> linesUntilReady(String extraToml) throws Exception {
        assertThat(JAR)
                .as("the server jar (mvn package builds it before the ITs)")
                .exists();
        Path config = Files.writeString(
                dir.resolve("acme-delegate.toml"), LoopbackConfig.toml(dir.resolve("acme-delegate.db"), extraToml));
        Process serve = ServerJar.serve(config)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(serve::destroyForcibly);
        List<String> lines = new ArrayList<>();
        try (var err = serve.errorReader(StandardCharsets.UTF_8)) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                lines.add(line);
                if (line.contains("acme-delegate ready in")) {
                    return lines;
                }
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        throw new AssertionError("the server never said it is ready; it wrote: " + lines);
    }
}
