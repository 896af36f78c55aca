package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end issuance with acme-delegate as the primary of a real Knot secondary
 * ({@code E2E_SECONDARY=knot e2e/run.sh certbot}): the zone's two nameservers are acme-delegate and Knot, which
 * follows by TSIG-signed NOTIFY and IXFR; the resolver pebble uses asks either, the hook waits until both
 * answer, and certbot gets its certificate.
 */
class HiddenPrimaryIssuanceIT {

    @Test
    void certbotGetsItsCertificateOnceAcmeDelegateAndItsKnotSecondaryBothAnswer() throws Exception {
        String net = E2eWorld.randomNet();
        E2eWorld.Run run =
                E2eWorld.run("e2e-hidden-primary", Map.of("E2E_SECONDARY", "knot", "E2E_NET", net), "certbot");
        Path dir = Path.of("target", "e2e-hidden-primary");

        assertThat(run.output())
                .as("e2e/run.sh output (full log in client-hook/target/e2e-hidden-primary)")
                .anyMatch(line -> line.startsWith("RESULT client=certbot status=OK "));
        assertThat(run.exitCode()).isZero();
        String primary = net + ".3:5303";
        String secondary = net + ".5:5303";
        // The hook's wait, as certbot logged it: both nameservers answered each of the two values.
        assertThat(Files.readAllLines(dir.resolve("out/certbot/client.log")))
                .filteredOn(line -> line.contains("served by " + primary + ", " + secondary + " after "))
                .hasSize(2);
        // Knot loaded the zone once by AXFR and then followed each change by NOTIFY and IXFR.
        String knot = Files.readString(dir.resolve("secondary.log"));
        assertThat(knot.lines().filter(l -> l.contains("AXFR, incoming") && l.contains("finished")))
                .as(knot)
                .hasSize(1);
        assertThat(knot.lines().filter(l -> l.contains("IXFR, incoming") && l.contains("finished")))
                .as(knot)
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(knot).contains("notify, incoming, remote " + net + ".3@");
    }
}
