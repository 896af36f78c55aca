package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's reason to exist, end to end: real ACME clients get a certificate for {@code example.test}
 * and {@code *.example.test} from a real CA (pebble) that really validates through a real resolver
 * (unbound), a corporate zone (knotd) with the CNAME, and the acme-delegate server jar, all on loopback.
 * The world is built by {@code e2e/run.sh} in a loopback /24 of its own; its packages come from
 * {@code e2e/install-deps.sh}.
 */
class CertificateIssuanceIT {
    private static List<String> output;
    private static int exitCode;

    @BeforeAll
    static void issueWithEveryClient() throws IOException, InterruptedException {
        E2eWorld.Run run = E2eWorld.run("e2e", java.util.Map.of());
        exitCode = run.exitCode();
        output = run.output();
    }

    private static void assertIssued(String client) {
        assertThat(output)
                .as("e2e/run.sh output (full log in client-hook/target/e2e)")
                .anyMatch(line -> line.startsWith("RESULT client=" + client + " status=OK "));
    }

    @Test
    void certbotGetsApexAndWildcard() {
        assertIssued("certbot");
        output.stream()
                .filter(l -> l.startsWith("RESULT client=certbot"))
                .forEach(l ->
                        System.out.println("certbot end-to-end time: " + l.replaceAll(".*seconds=(\\S+).*", "$1 s")));
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
