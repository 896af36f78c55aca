package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UacmeAdapterTest {
    private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    private static final String KEY_AUTH = TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
    private static final String DIGEST = "lCM7cZyQXcVHK2nnW3jjAhNT3Fvm18UN-kWZZknKoYM";

    @TempDir
    Path dir;

    private CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir).withAccount("example.com");
        cli.env.put("ACME_DELEGATE_DNS_SERVERS", "127.0.0.1:5300");
    }

    @Test
    void beginSetsTheDigestOfTheKeyAuthorizationAndWaits() {
        CliHarness.Result r = cli.run("begin", "dns-01", "example.com", TOKEN, KEY_AUTH);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls).containsExactly(CliHarness.setAndAwait(DIGEST));
    }

    @Test
    void beginSetsTheDigestUacmeAlreadyComputedAsItIs() {
        // uacme 1.7 passes the finished base64url(SHA-256(key authorization)) for dns-01.
        CliHarness.Result r = cli.run("begin", "dns-01", "example.com", TOKEN, DIGEST);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls).containsExactly(CliHarness.setAndAwait(DIGEST));
    }

    @Test
    void doneAndFailedRemoveTheValue() {
        assertThat(cli.run("done", "dns-01", "example.com", TOKEN, KEY_AUTH).status())
                .isZero();
        assertThat(cli.run("failed", "dns-01", "*.example.com", TOKEN, KEY_AUTH).status())
                .isZero();
        assertThat(cli.calls)
                .containsExactly(
                        new CliHarness.Call("delete", FakeApiServer.FULLDOMAIN, DIGEST),
                        new CliHarness.Call("delete", FakeApiServer.FULLDOMAIN, DIGEST));
    }

    @Test
    void otherChallengeTypesExitOneSoUacmeTriesTheNext() {
        for (String type : new String[] {"http-01", "tls-alpn-01"}) {
            CliHarness.Result r = cli.run("begin", type, "example.com", TOKEN, KEY_AUTH);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
        }
        assertThat(cli.calls).isEmpty();
    }

    @Test
    void tokensStartingWithADashAreArguments() {
        CliHarness.Result r = cli.run("begin", "dns-01", "example.com", "-" + TOKEN.substring(1), "-x." + KEY_AUTH);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls).extracting(CliHarness.Call::what).containsExactly("update", "await");
    }
}
