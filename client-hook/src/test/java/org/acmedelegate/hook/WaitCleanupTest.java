package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaitCleanupTest {
    private static final String VALUE = "-nT3ZEE9jS0C8Jh6wWQlr3CS10b7bfEJuhOIxw3xL8c";

    @TempDir
    Path dir;

    private CliHarness certbot() throws Exception {
        CliHarness cli = new CliHarness(dir).withAccount("example.com");
        cli.env.put("CERTBOT_DOMAIN", "example.com");
        cli.env.put("CERTBOT_VALIDATION", VALUE);
        cli.env.put("ACME_DELEGATE_DNS_SERVERS", "127.0.0.1:5300");
        cli.awaitFailure =
                new HookException(ExitCode.DNS_ERROR, "resolver 127.0.0.1:53 did not answer auth.example.org. NS");
        return cli;
    }

    @Test
    void whenTheNameserversCannotBeFoundTheValueJustSetIsRemovedAgain() throws Exception {
        CliHarness cli = certbot();
        CliHarness.Result r = cli.run("certbot-auth");
        assertThat(r.status()).isEqualTo(ExitCode.DNS_ERROR.status());
        assertThat(cli.calls)
                .containsExactly(
                        new CliHarness.Call("update", FakeApiServer.FULLDOMAIN, VALUE),
                        new CliHarness.Call("await", FakeApiServer.FULLDOMAIN, VALUE),
                        new CliHarness.Call("delete", FakeApiServer.FULLDOMAIN, VALUE));
        assertThat(r.err())
                .isEqualTo("Error: cannot wait for DNS propagation: resolver 127.0.0.1:53 did not answer "
                        + "auth.example.org. NS; the value set for " + FakeApiServer.FULLDOMAIN
                        + " was removed again\n");
    }

    @Test
    void whenRemovingItFailsTooTheMessageSaysTheValueIsStillSet() throws Exception {
        CliHarness cli = certbot();
        cli.deleteFailure = new HookException(ExitCode.SERVER_UNREACHABLE, "cannot reach the server");
        CliHarness.Result r = cli.run("certbot-auth");
        assertThat(r.status()).isEqualTo(ExitCode.DNS_ERROR.status());
        assertThat(r.err())
                .contains("; the value for " + FakeApiServer.FULLDOMAIN
                        + " (removing it failed: cannot reach the server) is still set on the server");
    }

    @Test
    void aTimeoutLeavesTheValueForTheClientsOwnCleanup() throws Exception {
        CliHarness cli = certbot();
        cli.awaitFailure = new HookException(ExitCode.PROPAGATION_TIMEOUT, "not served");
        assertThat(cli.run("certbot-auth").status()).isEqualTo(ExitCode.PROPAGATION_TIMEOUT.status());
        assertThat(cli.calls).extracting(CliHarness.Call::what).containsExactly("update", "await");
    }
}
