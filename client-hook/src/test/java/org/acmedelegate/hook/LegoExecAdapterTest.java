package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegoExecAdapterTest {
    private static final String VALUE = "--dns-server" + "x".repeat(31);

    @TempDir
    Path dir;

    private CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir).withAccount("example.com");
        cli.env.put("ACME_DELEGATE_DNS_SERVERS", "127.0.0.1:5300");
    }

    @Test
    void presentAcceptsTheChallengeName() {
        CliHarness.Result r = cli.run("present", "_acme-challenge.example.com.", VALUE);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls).containsExactly(CliHarness.setAndAwait(VALUE));
    }

    @Test
    void presentAcceptsTheCnameTargetLegoAlreadyFollowed() {
        CliHarness.Result r = cli.run("present", FakeApiServer.FULLDOMAIN.toUpperCase() + ".", VALUE);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls).extracting(CliHarness.Call::what).containsExactly("update", "await");
    }

    @Test
    void cleanupDeletesTheValue() {
        assertThat(cli.run("cleanup", "_acme-challenge.example.com.", VALUE).status())
                .isZero();
        assertThat(cli.calls).containsExactly(new CliHarness.Call("delete", FakeApiServer.FULLDOMAIN, VALUE));
    }

    @Test
    void rawModeComputesTheValueFromTheKeyAuthorization() {
        String keyAuth = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
        CliHarness.Result r =
                cli.run("present", "--", "example.com", "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA", keyAuth);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls.get(0))
                .isEqualTo(new CliHarness.Call(
                        "update", FakeApiServer.FULLDOMAIN, "lCM7cZyQXcVHK2nnW3jjAhNT3Fvm18UN-kWZZknKoYM"));
    }

    @Test
    void aWrongNumberOfArgumentsIsAUsageError() {
        CliHarness.Result r = cli.run("present", "_acme-challenge.example.com.");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).startsWith("Error: ");
        assertThat(cli.calls).isEmpty();
    }
}
