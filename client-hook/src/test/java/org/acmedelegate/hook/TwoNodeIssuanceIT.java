package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end issuance with two acme-delegate nodes on one PostgreSQL as the zone's two nameservers
 * ({@code E2E_NODES=2 e2e/run.sh certbot}): the resolver pebble uses asks either node, the hook waits
 * until both answer, and certbot gets its certificate.
 */
class TwoNodeIssuanceIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void certbotGetsApexAndWildcardWithTwoNodesAsTheNameservers() throws Exception {
        Path run = Path.of("target/e2e-two-nodes").toAbsolutePath();
        if (Files.exists(run)) {
            try (var paths = Files.walk(run)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(run);
        Path log = run.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", ROOT.resolve("e2e/run.sh").toString(), "certbot")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("E2E_RUN", run.toString());
        builder.environment().put("E2E_NODES", "2");
        builder.environment().put("E2E_NET", E2eWorld.randomNet());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        output.forEach(System.out::println);
        assertThat(output)
                .as("e2e/run.sh output (full log in client-hook/target/e2e-two-nodes)")
                .anyMatch(line -> line.startsWith("RESULT client=certbot status=OK "));
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(run.resolve("acme-delegate-2.log"))).contains("cluster node ns2");
    }
}
