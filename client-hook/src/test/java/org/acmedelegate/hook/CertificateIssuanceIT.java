package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's reason to exist, end to end: real ACME clients get a certificate for {@code example.test}
 * and {@code *.example.test} from a real CA (pebble) that really validates through a real resolver
 * (unbound), a corporate zone (knotd) with the CNAME, and the acme-delegate server jar, all on loopback.
 * The world is built by {@code e2e/run.sh}; its packages come from {@code e2e/install-deps.sh}.
 */
class CertificateIssuanceIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static List<String> output;
    private static int exitCode;

    @BeforeAll
    static void issueWithEveryClient() throws IOException, InterruptedException {
        Path run = Path.of("target/e2e").toAbsolutePath();
        deleteRecursively(run);
        Files.createDirectories(run);
        Path log = run.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("e2e/run.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("E2E_RUN", run.toString());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        exitCode = process.isAlive() ? -1 : process.exitValue();
        output = Files.readAllLines(log, StandardCharsets.UTF_8);
        output.forEach(System.out::println);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void assertIssued(String client) {
        assertThat(output).as("e2e/run.sh output (full log in client-hook/target/e2e)")
                .anyMatch(line -> line.startsWith("RESULT client=" + client + " status=OK "));
    }

    @Test
    void certbotGetsApexAndWildcard() {
        assertIssued("certbot");
        output.stream().filter(l -> l.startsWith("RESULT client=certbot"))
                .forEach(l -> System.out.println("certbot end-to-end time: " + l.replaceAll(".*seconds=(\\S+).*", "$1 s")));
    }

    @Test
    void legoGetsApexAndWildcard() {
        assertIssued("lego");
    }

    @Test
    void dehydratedGetsApexAndWildcard() {
        assertIssued("dehydrated");
    }

    @Test
    void uacmeGetsApexAndWildcard() {
        assertIssued("uacme");
    }

    @Test
    void theWholeRunSucceeds() {
        assertThat(exitCode).as("exit code of e2e/run.sh").isZero();
        assertThat(output).contains("e2e: 4 passed, 0 failed");
    }
}
