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

/** {@code [log] format = "json"}: a real serve process writes one JSON object per line, level and message included. */
class JsonLogIT {
    private static final Path JAR = Path.of("target/acme-delegate.jar");

    @TempDir
    Path dir;

    @Test
    void everyLineTheServerLogsIsOneJsonObject() throws Exception {
        assertThat(JAR).as("the server jar (mvn package builds it before the ITs)").exists();
        Path config = Files.writeString(dir.resolve("acme-delegate.toml"),
                LoopbackConfig.toml(dir.resolve("acme-delegate.db"), "[log]\nformat = \"json\"\n"));
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "serve", "--config", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(serve::destroyForcibly);
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (var err = serve.errorReader(StandardCharsets.UTF_8)) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                JsonNode node = json.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                lines.add(node);
                if (node.path("message").asText().contains("ready in")) {
                    break;
                }
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        assertThat(lines).as("the server said it is ready").isNotEmpty()
                .last().satisfies(ready -> {
                    assertThat(ready.path("level").asText()).isEqualTo("INFO");
                    assertThat(ready.path("loggerName").asText()).isEqualTo("org.acmedelegate.AcmeDelegate");
                    assertThat(ready.path("message").asText()).startsWith("acme-delegate ready in ");
                });
        assertThat(lines).anyMatch(l -> l.path("level").asText().equals("WARN")
                && l.path("message").asText().contains("does not exist: creating a new, empty one"));
    }
}
