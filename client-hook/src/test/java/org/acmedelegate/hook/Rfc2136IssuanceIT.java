package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 2136 clients end to end, with nothing but the registration's own TSIG key from
 * {@code acme-delegate-hook register --tsig}: certbot's dns-rfc2136 plugin (which finds the SOA the server
 * shows that key at {@code _acme-challenge.example.test} and updates there) and lego's rfc2136 provider
 * (which follows the CNAME) each get a certificate from pebble through unbound and the corporate zone;
 * {@code nsupdate -k} adds a value the resolver then sees and deletes it again.
 */
class Rfc2136IssuanceIT {
    private static List<String> output;
    private static int exitCode;

    @BeforeAll
    static void issueWithTheTsigKey() throws IOException, InterruptedException {
        E2eWorld.Run run = E2eWorld.run("e2e-rfc2136", Map.of(), "nsupdate", "certbot-rfc2136", "lego-rfc2136");
        exitCode = run.exitCode();
        output = run.output();
    }

    private static void assertPassed(String client) {
        assertThat(output)
                .as("e2e/run.sh output (full log in client-hook/target/e2e-rfc2136)")
                .anyMatch(line -> line.startsWith("RESULT client=" + client + " status=OK "));
    }

    @Test
    void certbotsRfc2136PluginGetsApexAndWildcardAtTheOriginalChallengeName() {
        assertPassed("certbot-rfc2136");
    }

    @Test
    void legosRfc2136ProviderGetsApexAndWildcard() {
        assertPassed("lego-rfc2136");
    }

    @Test
    void nsupdateAddsAValueTheResolverSeesAndDeletesIt() {
        assertPassed("nsupdate");
    }

    @Test
    void theWholeRunSucceeds() {
        assertThat(exitCode).as("exit code of e2e/run.sh").isZero();
        assertThat(output).contains("e2e: 3 passed, 0 failed");
    }
}
