package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationTokenTest {
    @TempDir
    Path dir;

    @Test
    void theTokenFromTheTokenFileIsSentWithTheDomain() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
        CliHarness.Result r = cli.run(
                "register",
                "--server",
                "https://auth.example.org",
                "--domain",
                "*.Example.com",
                "--token-file",
                token.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(cli.calls)
                .extracting(CliHarness.Call::what)
                .containsExactly("register https://auth.example.org [] example.com token=s3cret-token");
        assertThat(r.err()).doesNotContain("s3cret-token");
    }

    @Test
    void theTokenMayComeFromTheEnvironment() {
        CliHarness cli = new CliHarness(dir);
        cli.env.put("ACME_DELEGATE_REGISTRATION_TOKEN", "env-token");
        assertThat(cli.run("register", "--server", "https://a.example", "--domain", "example.com")
                        .status())
                .isZero();
        assertThat(cli.calls.get(0).what()).endsWith("example.com token=env-token");
    }

    @Test
    void aMissingOrEmptyTokenFileSaysWhichAndWhy() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Path missing = dir.resolve("missing");
        CliHarness.Result r = cli.run(
                "register",
                "--server",
                "https://a.example",
                "--domain",
                "example.com",
                "--token-file",
                missing.toString());
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.status());
        assertThat(r.err()).isEqualTo("Error: token file " + missing + " does not exist\n");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThat(cli.run(
                                "register",
                                "--server",
                                "https://a.example",
                                "--domain",
                                "example.com",
                                "--token-file",
                                empty.toString())
                        .err())
                .isEqualTo("Error: token file " + empty + " is empty\n");
        assertThat(cli.calls).isEmpty();
    }
}
